// Builds a table from caller-supplied rows (JSON objects or CSV text) for
// sentinel_logs_search_with_dummy_data: typed from an explicit schema, else from the catalog when
// the name is a known table, else inferred from the JSON values.
import type { Cell, InlineTable } from '../backends/backend.js';
import { ToolError } from '../util/errors.js';
import { parseCsv } from '../util/csv.js';
import { tableCatalog } from './catalog.js';
import { KQL_TYPES, normalizeKqlType, type ColumnSchema, type KqlType } from './types.js';

export const MAX_INLINE_ROWS = 10_000;
export const MAX_INLINE_COLUMNS = 500;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

function invalid(message: string, hint?: string): ToolError {
  return new ToolError('INVALID_ARGUMENT', message, hint ? { hint } : {});
}

/** Parses `Col:type, Col2:type`. */
export function parseSchemaText(text: string): ColumnSchema[] {
  const columns = text
    .replace(/^\s*\(|\)\s*$/g, '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([A-Za-z0-9]+)$/.exec(part);
      if (!m)
        throw invalid(`"${part}" in schema is not Name:type`, 'Write the schema as "Col:type, Col2:type".');
      const type = m[2]!.toLowerCase();
      const known =
        (KQL_TYPES as readonly string[]).includes(type) ||
        ['double', 'boolean', 'date', 'time', 'int64', 'int32', 'uuid'].includes(type);
      if (!known)
        throw invalid(`Unknown type "${m[2]}" for column ${m[1]}`, `Types: ${KQL_TYPES.join(', ')}.`);
      return { name: m[1]!, type: normalizeKqlType(type) };
    });
  if (columns.length === 0) throw invalid('The schema names no columns');
  return columns;
}

function inferType(values: JsonValue[]): KqlType {
  const kinds = new Set<KqlType>();
  for (const v of values) {
    if (v === null) continue;
    if (typeof v === 'boolean') kinds.add('bool');
    else if (typeof v === 'number') kinds.add(Number.isInteger(v) ? 'long' : 'real');
    else if (typeof v === 'string') kinds.add('string');
    else kinds.add('dynamic');
  }
  if (kinds.size === 0) return 'string';
  if (kinds.size === 1) return [...kinds][0]!;
  if ([...kinds].every((k) => k === 'long' || k === 'real')) return 'real';
  return 'dynamic';
}

function convert(value: JsonValue | undefined, type: KqlType, where: string): Cell {
  if (value === undefined || value === null) return type === 'string' ? '' : null;
  const bad = () => invalid(`${where}: ${JSON.stringify(value).slice(0, 60)} is not a ${type}`);
  switch (type) {
    case 'string':
    case 'guid':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'int':
    case 'long':
    case 'real':
    case 'decimal': {
      if (value === '') return null;
      const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
      if (Number.isNaN(n) || ((type === 'int' || type === 'long') && !Number.isInteger(n))) throw bad();
      return n;
    }
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === '') return null;
      if (typeof value === 'string' && /^(true|false|1|0)$/i.test(value)) return /^(true|1)$/i.test(value);
      throw bad();
    case 'datetime': {
      if (value === '') return null;
      if (typeof value !== 'string' || Number.isNaN(new Date(value).getTime())) throw bad();
      return new Date(value).toISOString();
    }
    case 'timespan':
      if (value === '') return null;
      if (typeof value !== 'string' || !/^-?(\d+\.)?\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) throw bad();
      return value;
    case 'dynamic':
      if (typeof value !== 'string') return value;
      if (value === '') return null;
      try {
        return JSON.parse(value) as Cell;
      } catch {
        return value;
      }
  }
}

function checkSize(rows: number, columns: number): void {
  if (rows > MAX_INLINE_ROWS)
    throw invalid(`${rows} rows given; the limit is ${MAX_INLINE_ROWS}`, 'Pass a smaller sample.');
  if (columns > MAX_INLINE_COLUMNS)
    throw invalid(`${columns} columns given; the limit is ${MAX_INLINE_COLUMNS}`);
}

function recordsFromCsv(text: string): { names: string[]; records: Record<string, JsonValue>[] } {
  const [header, ...body] = parseCsv(text);
  if (!header || header.length === 0)
    throw invalid('The CSV has no header row', 'The first line names the columns.');
  const names = header.map((h) => h.trim());
  body.forEach((r, i) => {
    if (r.length !== names.length)
      throw invalid(`CSV row ${i + 2} has ${r.length} fields; the header has ${names.length}`);
  });
  return { names, records: body.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] ?? '']))) };
}

function recordsFromJson(data: unknown): { names: string[]; records: Record<string, JsonValue>[] } {
  if (!Array.isArray(data))
    throw invalid(
      'data_json must be an array of row objects',
      'e.g. [{"Account": "alice", "EventID": 4625}]',
    );
  const names: string[] = [];
  const records = data.map((row, i) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      throw invalid(`data_json[${i}] is not an object`);
    for (const key of Object.keys(row)) if (!names.includes(key)) names.push(key);
    return row as Record<string, JsonValue>;
  });
  return { names, records };
}

export interface InlineTableInput {
  tableName: string;
  dataJson?: unknown;
  dataCsv?: string;
  schema?: string;
}

export interface InlineTableResult {
  table: InlineTable;
  /** Where the column types came from. */
  typedFrom: 'schema' | 'catalog' | 'inferred';
  warnings: string[];
}

export function buildInlineTable(input: InlineTableInput): InlineTableResult {
  if (!NAME.test(input.tableName))
    throw invalid(`"${input.tableName}" is not a valid table name`, 'Use letters, digits and _.');
  if ((input.dataJson === undefined) === (input.dataCsv === undefined)) {
    throw invalid('Pass exactly one of data_json and data_csv');
  }
  const { names, records } =
    input.dataCsv !== undefined ? recordsFromCsv(input.dataCsv) : recordsFromJson(input.dataJson);
  checkSize(records.length, names.length);
  for (const n of names)
    if (!NAME.test(n)) throw invalid(`"${n}" is not a valid column name`, 'Use letters, digits and _.');

  const warnings: string[] = [];
  let columns: ColumnSchema[];
  let typedFrom: InlineTableResult['typedFrom'];
  const known = tableCatalog().tables.get(input.tableName);
  if (input.schema) {
    columns = parseSchemaText(input.schema);
    typedFrom = 'schema';
    const missing = names.filter((n) => !columns.some((c) => c.name === n));
    if (missing.length) throw invalid(`Columns ${missing.join(', ')} are in the data but not in the schema`);
  } else if (known) {
    typedFrom = 'catalog';
    const extra = names.filter((n) => !known.columns.some((c) => c.name === n));
    const inferred = extra.map((n) => ({ name: n, type: inferType(records.map((r) => r[n] ?? null)) }));
    if (extra.length)
      warnings.push(
        `Columns not in the ${input.tableName} schema were typed from the data: ${extra.join(', ')}`,
      );
    columns = [...known.columns, ...inferred];
  } else {
    typedFrom = 'inferred';
    columns = names.map((n) => ({
      name: n,
      type: input.dataCsv !== undefined ? 'string' : inferType(records.map((r) => r[n] ?? null)),
    }));
  }
  if (columns.length === 0) {
    throw invalid(
      `The rows give ${input.tableName} no columns`,
      'Give at least one row with a field (data_json: [{"Col": "value"}]), or the columns in schema ("Col:string").',
    );
  }
  const rows = records.map((r, i) =>
    columns.map((c) => convert(r[c.name], c.type, `row ${i + 1}, column ${c.name}`)),
  );
  return { table: { name: input.tableName, columns, rows }, typedFrom, warnings };
}
