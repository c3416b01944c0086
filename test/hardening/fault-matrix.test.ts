// The fault matrix (issue 7, item 2): every Azure route the backend uses × every fault the fake can
// inject, each driven through a real AzureBackend against the HTTPS fake with a short deadline. Each
// cell has its expected outcome (a retried success, or the error code a user should get), is
// asserted, must end within its deadline plus a margin, and the whole matrix is printed to stderr
// as a table (route × fault → outcome, ms). Cells where the implementation gives something other
// than what a user should get are marked `todo` with the reason (they still run and print).
// Routes: the workspace, tables, query and authorization routes, and (issue 6) representative list,
// get and POST-read routes of the Sentinel objects (backend.objects) and the Microsoft Graph routes
// (backend.directory). A FORBIDDEN must name the permission that is missing. Latency cells run on a
// backend with a shorter deadline than the other cells (which need room for a 1 s Retry-After), to
// keep the run short.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { AzureBackend } from '../../src/backends/azure/azure-backend.js';
import { allTablesStatsQuery, STATS_WINDOW_DAYS } from '../../src/backends/azure/tables.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { loadConfig } from '../../src/config.js';
import { ToolError } from '../../src/util/errors.js';
import { silentLogger } from '../../src/util/logger.js';
import { startAzureFake, type AzureFake, type Fault } from '../azure-fake/index.js';
import { ROOT } from '../helpers/mcp.js';
import { startRdapFake, type RdapFake } from '../rdap-fake/index.js';

const FIXTURE = new URL('../fixtures/workspace', import.meta.url).pathname;

/** The deadline of every call but the latency cells' (a 429's 1 s Retry-After must fit in it). */
const DEADLINE_MS = 2000;
/** The deadline of the latency cells' calls (the faults last longer than either deadline). */
const LATENCY_DEADLINE_MS = 800;
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

/** The fixture's objects the routes read (test/fixtures/workspace). */
const INCIDENT = '7f3c1a52-2b8e-4d1f-9a60-0c4e5d6f7a81';
const RULE = 'e2b8f6a4-1d3c-4b7e-9f20-5a6b7c8d9e01';
const WATCHLIST = 'HighValueAssets';
const USER_ID = '6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7';
const GROUP_ID = '1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b';

/** The backend a cell drives, and the deadline it was opened with. */
interface Driver {
  backend: AzureBackend;
  deadlineMs: number;
}

/** What a driven call gave: 'ok' or the error code, and the error's text (message and hint). */
interface Result {
  outcome: string;
  text: string;
}

interface Route {
  name: string;
  /** What the backend call is, for the table. */
  via: string;
  /** Runs the call that exercises the route. */
  drive(d: Driver): Promise<Result>;
  /** Expected outcome per fault where it differs from the defaults below. */
  expect?: Partial<Record<FaultName, Outcome>>;
  /** What a FORBIDDEN from this route names (the permission to grant). */
  permission?: RegExp;
  /** What a NOT_FOUND from this route names (the key asked for). */
  key?: string;
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

/** Any Azure RBAC action or Graph permission, for routes without a more precise expectation. */
const ANY_PERMISSION = /Microsoft\.[A-Za-z]+\/[A-Za-z/]+|[A-Z][A-Za-z]+\.Read(Write)?\.All/;
const GRAPH_USERS = /User\.Read\.All/;
const GRAPH_GROUPS = /Group\.Read\.All/;

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
  deadlineMs: number;
  hit: number;
}

let local: LocalBackend;
let fake: AzureFake;
/** The fake's domain WHOIS asks the local backend, which asks RDAP: this fake, not the network. */
let rdap: RdapFake;
/** One backend per deadline, each reused by its cells (its token and clients stay warm). */
let shared: Driver | undefined;
let quick: Driver | undefined;
const cells: Cell[] = [];

function tls(target: AzureFake): { tlsOptions?: { ca: string } } {
  const extra = process.env['NODE_EXTRA_CA_CERTS'];
  const trusted =
    extra !== undefined && existsSync(extra) && readFileSync(extra, 'utf8').includes(target.certPem.trim());
  return trusted ? {} : { tlsOptions: { ca: target.certPem } };
}

async function open(deadlineMs: number): Promise<AzureBackend> {
  const config = loadConfig({}, fake.env(), ROOT);
  assert.equal(config.backend, 'azure');
  return AzureBackend.open({
    settings: config.azure,
    queryTimeoutMs: deadlineMs,
    logger: silentLogger(),
    retry: { baseDelayInMs: 20, maxDelayInMs: 1500 },
    ...tls(fake),
  });
}

/** 'ok' when the call succeeds, else the ToolError's code (anything else is a failure of its own). */
async function outcomeOf(call: () => Promise<unknown>): Promise<Result> {
  try {
    await call();
    return { outcome: 'ok', text: '' };
  } catch (error) {
    if (error instanceof ToolError)
      return { outcome: error.code, text: `${error.message} ${error.hint ?? ''}` };
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { outcome: `not a ToolError: ${text}`, text };
  }
}

/** The sentinel step of the connection test, as an outcome (its 404 means "Sentinel not enabled"). */
async function onboardingOutcome({ backend }: Driver): Promise<Result> {
  const steps = await backend.connection.test();
  const step = steps.find((s) => s.id === 'sentinel');
  if (!step) return { outcome: 'no sentinel step', text: '' };
  const text = `${step.detail} ${step.fix ?? ''}`;
  if (step.status === 'pass') return { outcome: 'ok', text };
  if (step.code) return { outcome: step.code, text };
  if (/not enabled/i.test(step.detail)) return { outcome: 'NOT_FOUND', text };
  return { outcome: `${step.status}: ${step.detail}`, text };
}

const ROUTES: readonly Route[] = [
  {
    name: 'token',
    via: 'fresh backend, workspace.get',
    drive: async ({ deadlineMs }) => {
      const fresh = await open(deadlineMs);
      try {
        return await outcomeOf(() => fresh.workspace.get());
      } finally {
        await fresh.close();
      }
    },
    // Entra answers 403 and 404 (disabled app, unknown tenant) are sign-in failures: AUTH with the fix.
    expect: { '403': 'AUTH', '404': 'AUTH' },
  },
  {
    name: 'arm.workspace',
    via: 'workspace.get',
    drive: ({ backend }) => outcomeOf(() => backend.workspace.get()),
    permission: /Microsoft\.OperationalInsights\/workspaces\/read/,
  },
  // ARM tables refused (403) fall back to KQL by design (a query reader still gets the tables).
  {
    name: 'arm.tables',
    via: 'tables.list',
    drive: ({ backend }) => outcomeOf(() => backend.tables.list({})),
    expect: { '403': 'ok' },
  },
  {
    name: 'arm.table',
    via: 'tables.schema',
    drive: ({ backend }) => outcomeOf(() => backend.tables.schema('Heartbeat')),
    expect: { '403': 'ok' },
  },
  {
    name: 'arm.onboardingStates',
    via: 'connection.test (sentinel step)',
    drive: onboardingOutcome,
    permission: /Microsoft\.SecurityInsights\/onboardingStates\/read/,
  },
  {
    name: 'arm.roleAssignments',
    via: 'connection.authorizationSummary',
    drive: ({ backend }) => outcomeOf(() => backend.connection.authorizationSummary()),
  },
  {
    name: 'arm.roleDefinition',
    via: 'connection.authorizationSummary',
    drive: ({ backend }) => outcomeOf(() => backend.connection.authorizationSummary()),
  },
  {
    name: 'query',
    via: 'logs.query',
    drive: ({ backend }) =>
      outcomeOf(() => backend.logs.query({ query: 'print x = 1', timespan: { duration: 'PT1H' } })),
    permission: /Microsoft\.OperationalInsights\/workspaces\/query\/read/,
  },
  // Sentinel objects: SDK lists (nextLink paging), SDK gets, POST reads, the generic ARM GET.
  {
    name: 'arm.incidents',
    via: 'objects.list incidents',
    drive: ({ backend }) => outcomeOf(() => backend.objects.list('incidents', { top: 3 })),
    permission: /Microsoft\.SecurityInsights\/incidents\/read/,
  },
  {
    name: 'arm.incident',
    via: 'objects.get incident',
    drive: ({ backend }) => outcomeOf(() => backend.objects.get('incidents', INCIDENT)),
    permission: /Microsoft\.SecurityInsights\/incidents\/read/,
    key: INCIDENT,
  },
  {
    name: 'arm.incidentAlerts',
    via: 'objects.listChildren incidentAlerts (POST read)',
    drive: ({ backend }) =>
      outcomeOf(() => backend.objects.listChildren('incidentAlerts', INCIDENT, { top: 3 })),
    permission:
      /Microsoft\.SecurityInsights\/incidents\/alerts\/action|Microsoft\.SecurityInsights\/incidents\//,
  },
  {
    name: 'arm.alertRules',
    via: 'objects.list alertRules',
    drive: ({ backend }) => outcomeOf(() => backend.objects.list('alertRules', { top: 3 })),
    permission: /Microsoft\.SecurityInsights\/alertRules\/read/,
  },
  {
    name: 'arm.alertRule',
    via: 'objects.get alertRule',
    drive: ({ backend }) => outcomeOf(() => backend.objects.get('alertRules', RULE)),
    permission: /Microsoft\.SecurityInsights\/alertRules\/read/,
    key: RULE,
  },
  {
    name: 'arm.watchlistItems',
    via: 'objects.listChildren watchlistItems',
    drive: ({ backend }) =>
      outcomeOf(() => backend.objects.listChildren('watchlistItems', WATCHLIST, { top: 3 })),
    permission: /Microsoft\.SecurityInsights\/watchlists\//,
  },
  {
    name: 'arm.tiQuery',
    via: 'objects.queryTiIndicators (POST read)',
    drive: ({ backend }) => outcomeOf(() => backend.objects.queryTiIndicators({ top: 3 })),
    permission: /Microsoft\.SecurityInsights\/threatIntelligence\//,
  },
  {
    name: 'arm.workbooks',
    via: 'objects.list workbooks (generic ARM GET)',
    drive: ({ backend }) => outcomeOf(() => backend.objects.list('workbooks', { top: 3 })),
    permission: /Microsoft\.Insights\/workbooks\/read/,
  },
  // Sentinel's enrichment API (GET with the value in the query string).
  {
    name: 'arm.enrichment.ipGeodata',
    via: 'enrichment.ipGeodata',
    drive: ({ backend }) => outcomeOf(() => backend.enrichment.ipGeodata('105.112.84.23')),
    permission: /Microsoft\.SecurityInsights\/enrichment\/ip\/geodata\/read/,
  },
  {
    name: 'arm.enrichment.domainWhois',
    via: 'enrichment.domainWhois',
    drive: ({ backend }) => outcomeOf(() => backend.enrichment.domainWhois('fernbrooklabs.com')),
    permission: /Microsoft\.SecurityInsights\/enrichment\/domain\/whois\/read/,
  },
  // Microsoft Graph. A refused membership read or member count leaves the user or group readable.
  {
    name: 'graph.users',
    via: 'directory.listUsers',
    drive: ({ backend }) => outcomeOf(() => backend.directory.listUsers({ top: 3 })),
    permission: GRAPH_USERS,
  },
  {
    name: 'graph.user',
    via: 'directory.getUser (object id)',
    drive: ({ backend }) => outcomeOf(() => backend.directory.getUser(USER_ID)),
    permission: GRAPH_USERS,
    key: USER_ID,
  },
  {
    name: 'graph.user.memberOf',
    via: 'directory.getUser (its groups)',
    drive: ({ backend }) => outcomeOf(() => backend.directory.getUser(USER_ID)),
    expect: { '403': 'ok' },
  },
  {
    name: 'graph.groups',
    via: 'directory.listGroups',
    drive: ({ backend }) => outcomeOf(() => backend.directory.listGroups({ top: 3 })),
    permission: GRAPH_GROUPS,
  },
  {
    name: 'graph.group',
    via: 'directory.getGroup (object id)',
    drive: ({ backend }) => outcomeOf(() => backend.directory.getGroup(GROUP_ID)),
    permission: GRAPH_GROUPS,
    key: GROUP_ID,
  },
  {
    name: 'graph.group.membersCount',
    via: 'directory.getGroup (its member count)',
    drive: ({ backend }) => outcomeOf(() => backend.directory.getGroup(GROUP_ID)),
    expect: { '403': 'ok' },
  },
];

function printMatrix(): void {
  const faults = FAULTS.map((f) => f.name);
  const width = Math.max(...ROUTES.map((r) => r.name.length), 'route \\ fault'.length);
  const cellText = (c: Cell | undefined): string => {
    if (!c) return '-';
    const shown = c.actual !== 'ok' ? c.actual : c.fault === '403' ? 'ok (degraded)' : 'retried ok';
    const mark = c.actual === c.expected ? '' : ` (want ${c.expected === 'ok' ? 'retried ok' : c.expected})`;
    const late = c.ms >= c.deadlineMs + MARGIN_MS ? ' (past deadline+margin)' : '';
    return `${shown}${mark} ${c.ms}ms${late}`;
  };
  const columns = faults.map((f) =>
    Math.max(f.length, ...cells.filter((c) => c.fault === f).map((c) => cellText(c).length)),
  );
  const row = (first: string, rest: string[]) =>
    `| ${first.padEnd(width)} | ${rest.map((t, i) => t.padEnd(columns[i]!)).join(' | ')} |`;
  const lines = [
    `fault matrix (deadline ${DEADLINE_MS} ms, latency cells ${LATENCY_DEADLINE_MS} ms; margin ${MARGIN_MS} ms; ` +
      'transient faults injected once, the rest persistently; 403 "ok (degraded)": KQL fallback or the part left out)',
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
    (c) => c.actual !== c.expected || c.ms >= c.deadlineMs + MARGIN_MS || c.hit === 0,
  );
  if (wrong.length) {
    lines.push(
      `cells differing from the expected outcome (bugs): ${wrong.map((c) => `${c.route}×${c.fault}`).join(', ')}`,
    );
  }
  process.stderr.write(`${lines.join('\n')}\n`);
}

before(async () => {
  rdap = await startRdapFake();
  local = await LocalBackend.open({
    folder: FIXTURE,
    logger: silentLogger(),
    rdap: { bootstrapUrl: rdap.bootstrapUrl },
  });
  // The fake answers queries from this process with the local KQL engine, whose first query pays
  // the Kusto language service's start (seconds of synchronous work under load). That would block
  // the event loop, and so every timer of the client under test, in whichever cell first queries
  // (arm.tables × 403: the KQL fallback), and time the fake's warm-up instead of the backend. Warm
  // it here with the query that fallback sends.
  await local.logs.query({ query: allTablesStatsQuery(), timespan: { duration: `P${STATS_WINDOW_DAYS}D` } });
  fake = await startAzureFake({ backend: local });
  shared = { backend: await open(DEADLINE_MS), deadlineMs: DEADLINE_MS };
  quick = { backend: await open(LATENCY_DEADLINE_MS), deadlineMs: LATENCY_DEADLINE_MS };
});

after(async () => {
  printMatrix();
  await shared?.backend.close();
  await quick?.backend.close();
  await fake?.close();
  await local?.close();
  await rdap?.close();
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
        const driver = faultName === 'latency' ? quick! : shared!;
        // Warm the backend (token, clients) with no faults, so the cell measures its route only.
        fake.clearFaults();
        await route.drive(driver);
        fake.clearFaults();
        fake.clearRequests();
        fake.inject(route.name, fault, TRANSIENT.has(faultName) ? 1 : undefined);
        const started = Date.now();
        let result: Result;
        try {
          result = await route.drive(driver);
        } finally {
          fake.clearFaults();
        }
        const ms = Date.now() - started;
        const actual = result.outcome;
        const hit = fake.requests().filter((r) => r.route === route.name).length;
        cells.push({
          route: route.name,
          fault: faultName,
          expected,
          actual,
          ms,
          deadlineMs: driver.deadlineMs,
          hit,
        });
        assert.ok(hit > 0, `${key}: the call never reached ${route.name}`);
        assert.equal(actual, expected, `${key}: got ${actual}, expected ${expected} (${result.text})`);
        if (actual === 'FORBIDDEN') {
          const permission = route.permission ?? ANY_PERMISSION;
          assert.match(result.text, permission, `${key}: the FORBIDDEN names the permission to grant`);
        }
        if (actual === 'NOT_FOUND' && route.key !== undefined) {
          assert.ok(
            result.text.includes(route.key),
            `${key}: the NOT_FOUND names ${route.key}: ${result.text}`,
          );
        }
        assert.ok(
          ms < driver.deadlineMs + MARGIN_MS,
          `${key}: took ${ms} ms, past the deadline (${driver.deadlineMs} ms) plus ${MARGIN_MS} ms`,
        );
      });
    }
  }
});
