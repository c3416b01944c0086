// The hand-written KQL engine correctness suite: every case in ./cases runs as its own test
// against one LocalDatabase, with its input tables passed inline and a fixed "now".
// Comparison rules: column names and types when the case gives them; rows exactly, except that
// datetimes compare as instants, reals with a 1e-9 relative tolerance, timespans normalised
// (trailing zeros of the fraction), and rows as a multiset unless the case says `ordered`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Cell, InlineTable, QueryResponse } from '../../src/backends/backend.js';
import { normalizeKqlType } from '../../src/kql/types.js';
import { ALL_CASES } from './cases/index.js';
import {
  DEFAULT_NOW,
  isExpectedError,
  type CaseTable,
  type EngineCase,
  type ExpectedRows,
} from './cases/types.js';

/** What the runner needs of the engine (src/backends/local/database.ts). */
interface EngineDatabase {
  query(kql: string, options: { now: Date; inlineTables?: InlineTable[] }): Promise<QueryResponse>;
  close(): Promise<void>;
}

interface EngineModule {
  LocalDatabase: { open(): Promise<EngineDatabase> };
}

// Loaded by a non-literal specifier so that this file type-checks and fails cleanly, test by
// test, while the engine module does not exist yet.
const ENGINE_MODULE = '../../src/backends/local/database.js';

function isEngineModule(value: unknown): value is EngineModule {
  if (typeof value !== 'object' || value === null || !('LocalDatabase' in value)) return false;
  const cls: unknown = value.LocalDatabase;
  return typeof cls === 'function' && 'open' in cls && typeof cls.open === 'function';
}

let database: EngineDatabase | undefined;
let loadError: string | undefined;
let passed = 0;
let failed = 0;

before(async () => {
  try {
    const mod: unknown = await import(ENGINE_MODULE);
    if (!isEngineModule(mod)) throw new Error(`${ENGINE_MODULE} does not export LocalDatabase.open()`);
    database = await mod.LocalDatabase.open();
  } catch (error) {
    loadError = error instanceof Error ? error.message : String(error);
  }
});

after(async () => {
  await database?.close();
  console.error(`correctness: ${passed} passed, ${failed} failed`);
});

// ---------------------------------------------------------------------------------------------
// Inputs

function parseColumns(spec: string): InlineTable['columns'] {
  return spec
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const colon = part.indexOf(':');
      if (colon <= 0) throw new Error(`bad column spec "${part}" (want name:type)`);
      return { name: part.slice(0, colon).trim(), type: normalizeKqlType(part.slice(colon + 1).trim()) };
    });
}

function inlineTables(tables: Record<string, CaseTable> | undefined): InlineTable[] {
  return Object.entries(tables ?? {}).map(([name, table]) => ({
    name,
    columns: parseColumns(table.columns),
    rows: table.rows,
  }));
}

// ---------------------------------------------------------------------------------------------
// Value comparison

const TICKS_PER_MS = 10_000n;

/** ISO 8601 datetime → 100 ns ticks since the epoch, or undefined when it is not one. */
function datetimeTicks(text: string): bigint | undefined {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      text.trim(),
    );
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) return undefined;
  let ticks = BigInt(ms) * TICKS_PER_MS + BigInt((frac + '0000000').slice(0, 7));
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1n : 1n;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = BigInt(Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
    ticks -= sign * offsetMinutes * 60n * 1000n * TICKS_PER_MS;
  }
  return ticks;
}

/** KQL timespan text (`[-][d.]hh:mm:ss[.fffffff]`) → ticks, or undefined. */
function timespanTicks(text: string): bigint | undefined {
  const m = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(text.trim());
  if (!m) return undefined;
  const [, minus, days = '0', h, mi, s, frac = ''] = m;
  const seconds = BigInt(days) * 86_400n + BigInt(Number(h) * 3600 + Number(mi) * 60 + Number(s));
  const ticks = seconds * 10_000_000n + BigInt((frac + '0000000').slice(0, 7));
  return minus ? -ticks : ticks;
}

function numbersEqual(expected: number, actual: number): boolean {
  if (Object.is(expected, actual) || expected === actual) return true;
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return false;
  const scale = Math.max(Math.abs(expected), Math.abs(actual));
  return Math.abs(expected - actual) <= 1e-9 * scale;
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/** Deep equality for dynamic values: key order ignored, numbers with tolerance, datetimes as instants. */
function dynamicEqual(expected: Cell, actual: Cell): boolean {
  if (expected === null || actual === null) return expected === actual;
  if (typeof expected === 'number') return typeof actual === 'number' && numbersEqual(expected, actual);
  if (typeof expected === 'string') {
    if (typeof actual !== 'string') return false;
    if (expected === actual) return true;
    if (ISO_DATETIME.test(expected) && ISO_DATETIME.test(actual)) {
      const a = datetimeTicks(expected);
      return a !== undefined && a === datetimeTicks(actual);
    }
    return false;
  }
  if (typeof expected === 'boolean') return expected === actual;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      expected.length === actual.length &&
      expected.every((item, i) => dynamicEqual(item, actual[i] ?? null))
    );
  }
  if (typeof actual !== 'object' || Array.isArray(actual)) return false;
  const keys = Object.keys(expected);
  if (keys.length !== Object.keys(actual).length) return false;
  return keys.every((key) => key in actual && dynamicEqual(expected[key] ?? null, actual[key] ?? null));
}

function cellEqual(expected: Cell, actual: Cell, type: string | undefined): boolean {
  if (expected === null || actual === null) return expected === actual;
  switch (type) {
    case 'string':
    case 'guid':
    case 'bool':
      return expected === actual;
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      // A long beyond 2^53 travels as a string.
      if (typeof expected === 'number' && typeof actual === 'number') return numbersEqual(expected, actual);
      return expected === actual;
    case 'datetime':
      if (typeof expected === 'string' && typeof actual === 'string') {
        const ticks = datetimeTicks(expected);
        return ticks !== undefined && ticks === datetimeTicks(actual);
      }
      return false;
    case 'timespan':
      if (typeof expected === 'string' && typeof actual === 'string') {
        const ticks = timespanTicks(expected);
        return ticks !== undefined && ticks === timespanTicks(actual);
      }
      return false;
    default:
      return dynamicEqual(expected, actual);
  }
}

function rowEqual(expected: Cell[], actual: Cell[], types: (string | undefined)[]): boolean {
  return (
    expected.length === actual.length &&
    expected.every((cell, i) => cellEqual(cell, actual[i] ?? null, types[i]))
  );
}

/** Why the rows differ, or undefined when they match. */
function rowsMismatch(
  expected: ExpectedRows,
  actual: Cell[][],
  types: (string | undefined)[],
): string | undefined {
  if (expected.rows.length !== actual.length) {
    return `expected ${expected.rows.length} row(s), got ${actual.length}`;
  }
  if (expected.ordered) {
    const i = expected.rows.findIndex((row, n) => !rowEqual(row, actual[n] ?? [], types));
    return i < 0 ? undefined : `row ${i} differs (order matters)`;
  }
  const used = new Set<number>();
  for (const [i, row] of expected.rows.entries()) {
    const match = actual.findIndex((candidate, n) => !used.has(n) && rowEqual(row, candidate, types));
    if (match < 0) return `expected row ${i} ${JSON.stringify(row)} not found`;
    used.add(match);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Running one case

function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function describeError(error: unknown): string {
  const code = errorCodeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return code ? `[${code}] ${message}` : message;
}

function report(c: EngineCase, detail: string, actual?: { columns: unknown; rows: unknown }): string {
  const lines = [
    `${c.name}: ${detail}`,
    'query:',
    ...c.query.split('\n').map((line) => `  ${line}`),
    `expected: ${JSON.stringify(c.expected)}`,
  ];
  if (actual) {
    lines.push(`actual columns: ${JSON.stringify(actual.columns)}`);
    lines.push(`actual rows: ${JSON.stringify(actual.rows)}`);
  }
  if (c.doc) lines.push(`doc: ${c.doc}`);
  return lines.join('\n');
}

async function runCase(c: EngineCase): Promise<void> {
  if (!database) {
    assert.fail(report(c, `engine not loadable (${ENGINE_MODULE}): ${loadError ?? 'unknown reason'}`));
  }
  const options = { now: new Date(c.now ?? DEFAULT_NOW), inlineTables: inlineTables(c.tables) };
  const expected = c.expected;

  let response: QueryResponse;
  try {
    response = await database.query(c.query, options);
  } catch (error) {
    if (isExpectedError(expected) && errorCodeOf(error) === expected.error) return;
    assert.fail(report(c, `threw ${describeError(error)}`));
  }
  if (isExpectedError(expected)) {
    const table = response.tables[0];
    assert.fail(report(c, `expected ${expected.error}, but the query succeeded`, table));
  }

  const table = response.tables[0];
  if (!table) assert.fail(report(c, 'the response has no table'));

  if (expected.columns) {
    const want = expected.columns.map(([name, type]) => `${name}:${normalizeKqlType(type)}`);
    const got = table.columns.map((col) => `${col.name}:${col.type}`);
    if (JSON.stringify(want) !== JSON.stringify(got)) {
      assert.fail(report(c, `columns differ: want ${want.join(', ')}; got ${got.join(', ')}`, table));
    }
  }

  const types = table.columns.map((col, i) => {
    const declared = expected.columns?.[i]?.[1];
    return declared ? normalizeKqlType(declared) : col.type;
  });
  const mismatch = rowsMismatch(expected, table.rows, types);
  if (mismatch) assert.fail(report(c, mismatch, table));
}

// ---------------------------------------------------------------------------------------------

const names = new Set<string>();
for (const c of ALL_CASES) {
  if (names.has(c.name)) throw new Error(`duplicate case name: ${c.name}`);
  names.add(c.name);
  test(c.name, { timeout: 60_000 }, async () => {
    try {
      await runCase(c);
      passed++;
    } catch (error) {
      failed++;
      throw error;
    }
  });
}
