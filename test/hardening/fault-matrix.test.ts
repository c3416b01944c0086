// The fault matrix (issue 7, item 2): every Azure route the backend uses × every fault the fake can
// inject, each driven through a real AzureBackend against the HTTPS fake with a short deadline. Each
// cell has its expected outcome (a retried success, or the error code a user should get), is
// asserted, must end within its deadline plus a margin, and the whole matrix is printed to stderr
// as a table (route × fault → outcome, ms). Cells where the implementation gives something other
// than what a user should get are marked `todo` with the reason (they still run and print).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { AzureBackend } from '../../src/backends/azure/azure-backend.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { loadConfig } from '../../src/config.js';
import { ToolError } from '../../src/util/errors.js';
import { silentLogger } from '../../src/util/logger.js';
import { startAzureFake, type AzureFake, type Fault } from '../azure-fake/index.js';
import { ROOT } from '../helpers/mcp.js';

const FIXTURE = new URL('../fixtures/workspace', import.meta.url).pathname;

/** The deadline of every call; latency faults last longer than this. */
const DEADLINE_MS = 2000;
/** How long past its deadline a cell may take before it counts as hanging. */
const MARGIN_MS = 1500;

type FaultName =
  'latency' | '429' | '500' | '503' | 'reset' | 'malformed' | 'truncated' | '401' | '403' | '404';

type Outcome = 'ok' | 'THROTTLED' | 'UPSTREAM' | 'AUTH' | 'FORBIDDEN' | 'NOT_FOUND' | 'TIMEOUT';

const FAULTS: readonly { name: FaultName; fault: Fault }[] = [
  { name: 'latency', fault: { kind: 'latency', ms: DEADLINE_MS + 2500 } },
  { name: '429', fault: { kind: 'status', status: 429, retryAfterSeconds: 1 } },
  { name: '500', fault: { kind: 'status', status: 500 } },
  { name: '503', fault: { kind: 'status', status: 503 } },
  { name: 'reset', fault: { kind: 'reset' } },
  { name: 'malformed', fault: { kind: 'malformed' } },
  { name: 'truncated', fault: { kind: 'truncated' } },
  { name: '401', fault: { kind: 'status', status: 401 } },
  { name: '403', fault: { kind: 'status', status: 403 } },
  { name: '404', fault: { kind: 'status', status: 404 } },
];

/** Transient faults are injected once (the retry should hide them); the rest persist. */
const TRANSIENT: ReadonlySet<FaultName> = new Set(['429', '500', '503', 'reset']);

interface Route {
  name: string;
  /** What the backend call is, for the table. */
  via: string;
  /** Runs the call that exercises the route; resolves to 'ok' or the error code. */
  drive(): Promise<string>;
  /** Expected outcome per fault where it differs from the defaults below. */
  expect?: Partial<Record<FaultName, Outcome>>;
}

/** What a user should get from each fault on a route that is read with GET or a query POST. */
const DEFAULT_EXPECTED: Record<FaultName, Outcome> = {
  latency: 'TIMEOUT',
  '429': 'ok',
  '500': 'ok',
  '503': 'ok',
  reset: 'ok',
  malformed: 'UPSTREAM',
  truncated: 'UPSTREAM',
  '401': 'AUTH',
  '403': 'FORBIDDEN',
  '404': 'NOT_FOUND',
};

/**
 * Cells where the implementation is known to differ from what a user should get: the test asserts
 * the right outcome and is marked todo with the finding.
 */
const KNOWN_BUGS: Readonly<Record<string, string>> = {};

interface Cell {
  route: string;
  fault: FaultName;
  expected: Outcome;
  actual: string;
  ms: number;
  hit: number;
}

let local: LocalBackend;
let fake: AzureFake;
let shared: AzureBackend;
const cells: Cell[] = [];

function tls(target: AzureFake): { tlsOptions?: { ca: string } } {
  const extra = process.env['NODE_EXTRA_CA_CERTS'];
  const trusted =
    extra !== undefined && existsSync(extra) && readFileSync(extra, 'utf8').includes(target.certPem.trim());
  return trusted ? {} : { tlsOptions: { ca: target.certPem } };
}

async function open(): Promise<AzureBackend> {
  const config = loadConfig({}, fake.env(), ROOT);
  assert.equal(config.backend, 'azure');
  return AzureBackend.open({
    settings: config.azure,
    queryTimeoutMs: DEADLINE_MS,
    logger: silentLogger(),
    retry: { baseDelayInMs: 20, maxDelayInMs: 1500 },
    ...tls(fake),
  });
}

/** 'ok' when the call succeeds, else the ToolError's code (anything else is a failure of its own). */
async function outcomeOf(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'ok';
  } catch (error) {
    if (error instanceof ToolError) return error.code;
    return `not a ToolError: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
}

/** The sentinel step of the connection test, as an outcome (its 404 means "Sentinel not enabled"). */
async function onboardingOutcome(): Promise<string> {
  const steps = await shared.connection.test();
  const step = steps.find((s) => s.id === 'sentinel');
  if (!step) return 'no sentinel step';
  if (step.status === 'pass') return 'ok';
  if (step.code) return step.code;
  if (/not enabled/i.test(step.detail)) return 'NOT_FOUND';
  return `${step.status}: ${step.detail}`;
}

const ROUTES: readonly Route[] = [
  {
    name: 'token',
    via: 'fresh backend, workspace.get',
    drive: async () => {
      const fresh = await open();
      try {
        return await outcomeOf(() => fresh.workspace.get());
      } finally {
        await fresh.close();
      }
    },
    // Entra answers 403 and 404 (disabled app, unknown tenant) are sign-in failures: AUTH with the fix.
    expect: { '403': 'AUTH', '404': 'AUTH' },
  },
  { name: 'arm.workspace', via: 'workspace.get', drive: () => outcomeOf(() => shared.workspace.get()) },
  // ARM tables refused (403) fall back to KQL by design (a query reader still gets the tables).
  {
    name: 'arm.tables',
    via: 'tables.list',
    drive: () => outcomeOf(() => shared.tables.list({})),
    expect: { '403': 'ok' },
  },
  {
    name: 'arm.table',
    via: 'tables.schema',
    drive: () => outcomeOf(() => shared.tables.schema('Heartbeat')),
    expect: { '403': 'ok' },
  },
  { name: 'arm.onboardingStates', via: 'connection.test (sentinel step)', drive: onboardingOutcome },
  {
    name: 'arm.roleAssignments',
    via: 'connection.authorizationSummary',
    drive: () => outcomeOf(() => shared.connection.authorizationSummary()),
  },
  {
    name: 'arm.roleDefinition',
    via: 'connection.authorizationSummary',
    drive: () => outcomeOf(() => shared.connection.authorizationSummary()),
  },
  {
    name: 'query',
    via: 'logs.query',
    drive: () => outcomeOf(() => shared.logs.query({ query: 'print x = 1', timespan: { duration: 'PT1H' } })),
  },
];

function printMatrix(): void {
  const faults = FAULTS.map((f) => f.name);
  const width = Math.max(...ROUTES.map((r) => r.name.length), 'route \\ fault'.length);
  const cellText = (c: Cell | undefined): string => {
    if (!c) return '-';
    const shown = c.actual !== 'ok' ? c.actual : c.fault === '403' ? 'ok (KQL fallback)' : 'retried ok';
    const mark = c.actual === c.expected ? '' : ` (want ${c.expected === 'ok' ? 'retried ok' : c.expected})`;
    const late = c.ms >= DEADLINE_MS + MARGIN_MS ? ' (past deadline+margin)' : '';
    return `${shown}${mark} ${c.ms}ms${late}`;
  };
  const columns = faults.map((f) =>
    Math.max(f.length, ...cells.filter((c) => c.fault === f).map((c) => cellText(c).length)),
  );
  const row = (first: string, rest: string[]) =>
    `| ${first.padEnd(width)} | ${rest.map((t, i) => t.padEnd(columns[i]!)).join(' | ')} |`;
  const lines = [
    `fault matrix (deadline ${DEADLINE_MS} ms, margin ${MARGIN_MS} ms; transient faults injected once, the rest persistently)`,
    row('route \\ fault', faults),
    row(
      '-'.repeat(width),
      columns.map((w) => '-'.repeat(w)),
    ),
    ...ROUTES.map((r) =>
      row(
        r.name,
        faults.map((f) => cellText(cells.find((c) => c.route === r.name && c.fault === f))),
      ),
    ),
  ];
  const wrong = cells.filter(
    (c) => c.actual !== c.expected || c.ms >= DEADLINE_MS + MARGIN_MS || c.hit === 0,
  );
  if (wrong.length) {
    lines.push(
      `cells differing from the expected outcome (bugs): ${wrong.map((c) => `${c.route}×${c.fault}`).join(', ')}`,
    );
  }
  process.stderr.write(`${lines.join('\n')}\n`);
}

before(async () => {
  local = await LocalBackend.open({ folder: FIXTURE, logger: silentLogger() });
  fake = await startAzureFake({ backend: local });
  shared = await open();
});

after(async () => {
  printMatrix();
  await shared?.close();
  await fake?.close();
  await local?.close();
});

describe('fault matrix: route × fault → outcome', () => {
  test('the matrix covers every route the backend uses that the fake names', () => {
    const known = new Set(fake.routes());
    for (const r of ROUTES) assert.ok(known.has(r.name), `the fake has no route ${r.name}`);
  });

  for (const route of ROUTES) {
    for (const { name: faultName, fault } of FAULTS) {
      const expected = route.expect?.[faultName] ?? DEFAULT_EXPECTED[faultName];
      const key = `${route.name}×${faultName}`;
      const bug = KNOWN_BUGS[key];
      const title = `${key} via ${route.via} → ${expected === 'ok' ? 'retried success' : expected}`;
      test(title, bug ? { todo: bug } : {}, async () => {
        // Warm the shared backend (token, clients) with no faults, so the cell measures its route only.
        fake.clearFaults();
        await route.drive();
        fake.clearFaults();
        fake.clearRequests();
        fake.inject(route.name, fault, TRANSIENT.has(faultName) ? 1 : undefined);
        const started = Date.now();
        let actual: string;
        try {
          actual = await route.drive();
        } finally {
          fake.clearFaults();
        }
        const ms = Date.now() - started;
        const hit = fake.requests().filter((r) => r.route === route.name).length;
        cells.push({ route: route.name, fault: faultName, expected, actual, ms, hit });
        assert.ok(hit > 0, `${key}: the call never reached ${route.name}`);
        assert.equal(actual, expected, `${key}: got ${actual}, expected ${expected}`);
        assert.ok(
          ms < DEADLINE_MS + MARGIN_MS,
          `${key}: took ${ms} ms, past the deadline (${DEADLINE_MS} ms) plus ${MARGIN_MS} ms`,
        );
      });
    }
  }
});
