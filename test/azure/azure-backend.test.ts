// The AzureBackend against the HTTPS fake of Azure serving the fixture workspace (a LocalBackend):
// configured only from the fake's environment variables, it must give the local backend's answers,
// follow ARM paging, retry what is transient, and turn the rest into clear error codes.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Writable } from 'node:stream';
import { AzureBackend } from '../../src/backends/azure/azure-backend.js';
import { createBackendHandle } from '../../src/backends/index.js';
import { doctorCommand } from '../../src/doctor.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { loadConfig } from '../../src/config.js';
import { ToolError } from '../../src/util/errors.js';
import { silentLogger } from '../../src/util/logger.js';
import { startAzureFake, type AzureFake } from '../azure-fake/index.js';
import { ROOT } from '../helpers/mcp.js';

const FIXTURE = new URL('../fixtures/workspace', import.meta.url).pathname;

let local: LocalBackend;
let fake: AzureFake;
let azure: AzureBackend;

/** Trusted through NODE_EXTRA_CA_CERTS under the test runner; else handed to the clients. */
function tls(target: AzureFake): { tlsOptions?: { ca: string } } {
  const extra = process.env['NODE_EXTRA_CA_CERTS'];
  const trusted =
    extra !== undefined && existsSync(extra) && readFileSync(extra, 'utf8').includes(target.certPem.trim());
  return trusted ? {} : { tlsOptions: { ca: target.certPem } };
}

/** An AzureBackend configured the way the server is: from environment variables only. */
async function open(
  target: AzureFake = fake,
  env: Record<string, string> = {},
  queryTimeoutMs = 20_000,
): Promise<AzureBackend> {
  const config = loadConfig({}, { ...target.env(), ...env }, ROOT);
  assert.equal(config.backend, 'azure');
  return AzureBackend.open({
    settings: config.azure,
    queryTimeoutMs,
    logger: silentLogger(),
    retry: { baseDelayInMs: 20, maxDelayInMs: 3000 },
    ...tls(target),
  });
}

function code(expected: string) {
  return (e: unknown) => {
    assert.ok(e instanceof ToolError, String(e));
    assert.equal(e.code, expected, `${e.code}: ${e.message}`);
    return true;
  };
}

before(async () => {
  local = await LocalBackend.open({ folder: FIXTURE, logger: silentLogger() });
  fake = await startAzureFake({ backend: local, armPageSize: 2 });
  azure = await open();
});

after(async () => {
  await azure?.close();
  await fake?.close();
  await local?.close();
});

describe('answers match the local backend', () => {
  test('queries: same columns and rows, with the time range given or derived', async () => {
    for (const query of [
      'AppAudit_CL | order by TimeGenerated asc | project TimeGenerated, User, Succeeded, LatencyMs',
      'Heartbeat | summarize n = count() by Computer | order by Computer asc',
      'SigninLogs | where TimeGenerated > ago(3d) | summarize count()',
    ]) {
      const timespan = { duration: 'P30D' };
      const mine = await azure.logs.query({ query, timespan });
      const theirs = await local.logs.query({ query, timespan });
      assert.deepEqual(mine.tables[0]!.columns, theirs.tables[0]!.columns, query);
      assert.deepEqual(mine.tables[0]!.rows, theirs.tables[0]!.rows, query);
      assert.equal(mine.appliedTimespan, 'P30D (given)');
    }
    const derived = await azure.logs.query({ query: 'SigninLogs | where TimeGenerated > ago(2d) | count' });
    assert.match(derived.appliedTimespan ?? '', /^P2DT4H48M \(derived/);
    const sent = fake
      .requests()
      .filter((r) => r.route === 'query')
      .at(-1)!;
    assert.equal(JSON.parse(sent.body!).timespan, 'P2DT4H48M');
    assert.equal(sent.tokenScope, `${fake.origin}/.default`);
  });

  test('inline tables (dummy data) run as a datatable prefix with the same result', async () => {
    const inlineTables = [
      {
        name: 'SecurityEvent',
        columns: [
          { name: 'Account', type: 'string' as const },
          { name: 'EventID', type: 'int' as const },
          { name: 'Extra', type: 'dynamic' as const },
        ],
        rows: [
          ['alice"; print 1 //', 4625, { ip: '10.0.0.1' }],
          ['bob', 4624, null],
        ],
      },
    ];
    const query = 'SecurityEvent | where EventID == 4625 | project Account, Ip = tostring(Extra.ip)';
    const mine = await azure.logs.query({ query, inlineTables });
    const theirs = await local.logs.query({ query, inlineTables });
    assert.deepEqual(mine.tables[0]!.rows, [['alice"; print 1 //', '10.0.0.1']]);
    assert.deepEqual(mine.tables[0]!.rows, theirs.tables[0]!.rows);
  });

  test('workspace from ARM', async () => {
    const w = await azure.workspace.get();
    assert.equal(w.backend, 'azure');
    assert.equal(w.workspaceId, fake.workspaceId);
    assert.equal(w.name, fake.workspaceName);
    assert.equal(w.resourceId?.toLowerCase(), fake.workspaceResourceId.toLowerCase());
    assert.ok(w.location);
  });

  test('tables list follows ARM pages; include_stats is one query and counts as the local backend does', async () => {
    fake.clearRequests();
    const mine = await azure.tables.list({ includeStats: true });
    const theirs = await local.tables.list({ includeStats: true });
    const names = (list: { name: string }[]) => list.map((t) => t.name).sort();
    assert.deepEqual(names(mine), names(theirs));
    for (const t of theirs) {
      const m = mine.find((x) => x.name === t.name)!;
      assert.equal(m.rowCount, t.rowCount, t.name);
      assert.equal(m.lastRecord, t.lastRecord, t.name);
      assert.equal(m.columnCount, t.columnCount, t.name);
    }
    const seen = fake.requests();
    assert.ok(seen.filter((r) => r.route === 'arm.tables').length >= 2, 'more than one ARM page');
    assert.equal(seen.filter((r) => r.route === 'query').length, 1);
  });

  test('schema and details per table; an unknown table is NOT_FOUND', async () => {
    for (const name of ['AppAudit_CL', 'Heartbeat', 'SigninLogs']) {
      const mine = await azure.tables.schema(name);
      const theirs = await local.tables.schema(name);
      assert.deepEqual(mine.columns, theirs.columns, name);
      const d = await azure.tables.details(name);
      const l = await local.tables.details(name);
      assert.equal(d.rowCount, l.rowCount, name);
      assert.equal(d.lastRecord, l.lastRecord, name);
      assert.deepEqual(d.columns, l.columns, name);
    }
    await assert.rejects(azure.tables.schema('NoSuchTable_CL'), code('NOT_FOUND'));
    const schema = await azure.validationSchema();
    assert.deepEqual(
      schema.tables.map((t) => t.name).sort(),
      (await local.validationSchema()).tables.map((t) => t.name).sort(),
    );
  });

  test('KQL errors come back as KQL_SYNTAX / KQL_SEMANTIC', async () => {
    await assert.rejects(
      azure.logs.query({ query: 'Heartbeat | whre x', timespan: { duration: 'P1D' } }),
      (e: unknown) => {
        assert.ok(
          e instanceof ToolError && (e.code === 'KQL_SYNTAX' || e.code === 'KQL_SEMANTIC'),
          String(e),
        );
        return true;
      },
    );
    await assert.rejects(
      azure.logs.query({ query: 'NoSuchTable | take 1', timespan: { duration: 'P1D' } }),
      code('KQL_SEMANTIC'),
    );
  });
});

describe('faults', () => {
  test('429 with Retry-After, 503 and a reset are retried to success', async () => {
    fake.clearFaults();
    fake.clearRequests();
    fake.inject('query', { kind: 'status', status: 429, retryAfterSeconds: 1 }, 1);
    fake.inject('arm.tables', { kind: 'status', status: 503 }, 1);
    fake.inject('arm.workspace', { kind: 'reset' }, 1);
    const started = Date.now();
    const r = await azure.logs.query({ query: 'print x = 1' });
    assert.deepEqual(r.tables[0]!.rows, [[1]]);
    assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
    assert.ok((await azure.tables.list({})).length > 0);
    assert.equal((await azure.workspace.get()).workspaceId, fake.workspaceId);
    const statuses = fake.requests().map((r) => `${r.route}:${r.status}`);
    assert.ok(statuses.includes('query:429') && statuses.includes('query:200'), statuses.join(' '));
    assert.ok(statuses.includes('arm.tables:503'), statuses.join(' '));
  });

  test('persistent 500 → UPSTREAM, malformed JSON → UPSTREAM, throttling past the deadline → THROTTLED', async () => {
    fake.clearFaults();
    fake.inject('arm.workspace', { kind: 'status', status: 500 });
    await assert.rejects(azure.workspace.get(), code('UPSTREAM'));
    fake.clearFaults();
    fake.inject('query', { kind: 'malformed' });
    await assert.rejects(azure.logs.query({ query: 'print 1' }), code('UPSTREAM'));
    fake.clearFaults();
    fake.inject('query', { kind: 'status', status: 429, retryAfterSeconds: 600 });
    const started = Date.now();
    await assert.rejects(azure.logs.query({ query: 'print 1' }), code('THROTTLED'));
    assert.ok(Date.now() - started < 4000);
    fake.clearFaults();
  });

  test('latency past the deadline → TIMEOUT, on time; 403 → FORBIDDEN naming the permission', async () => {
    const quick = await open(fake, {}, 800);
    fake.inject('query', { kind: 'latency', ms: 5000 }, 1);
    const started = Date.now();
    await assert.rejects(quick.logs.query({ query: 'print 1' }), code('TIMEOUT'));
    assert.ok(Date.now() - started < 4000, `${Date.now() - started} ms`);
    fake.clearFaults();
    fake.inject('arm.workspace', { kind: 'status', status: 403 }, 1);
    await assert.rejects(quick.workspace.get(), (e: unknown) => {
      assert.ok(e instanceof ToolError && e.code === 'FORBIDDEN');
      assert.match(e.hint ?? '', /Microsoft\.OperationalInsights\/workspaces\/read/);
      return true;
    });
    fake.clearFaults();
  });

  test('an expired token → AUTH; a wrong client secret → AUTH with the fix', async () => {
    fake.inject('query', { kind: 'expired-token' }, 1);
    await assert.rejects(azure.logs.query({ query: 'print 1' }), code('AUTH'));
    fake.clearFaults();
    const wrong = await open(fake, { AZURE_CLIENT_SECRET: 'not-the-secret' });
    await assert.rejects(wrong.logs.query({ query: 'print 1' }), (e: unknown) => {
      assert.ok(e instanceof ToolError && e.code === 'AUTH', String(e));
      assert.match(e.message, /ClientSecretCredential/);
      assert.match(e.hint ?? '', /client secret was rejected.*AZURE_CLIENT_SECRET/);
      assert.doesNotMatch(`${e.message} ${e.hint}`, /not-the-secret/);
      return true;
    });
  });
});

describe('doctor', () => {
  test('every step passes against the fake', async () => {
    const steps = await azure.connection.test();
    assert.deepEqual(
      steps.map((s) => `${s.id}:${s.status}`),
      ['config:pass', 'token:pass', 'workspace:pass', 'query:pass', 'sentinel:pass', 'graph:pass'],
      JSON.stringify(steps, null, 1),
    );
  });

  test('a wrong secret fails the token step with the fix and skips what needs a token', async () => {
    const wrong = await open(fake, { AZURE_CLIENT_SECRET: 'not-the-secret' });
    const steps = await wrong.connection.test();
    assert.deepEqual(
      steps.map((s) => `${s.id}:${s.status}`),
      ['config:pass', 'token:fail', 'workspace:skip', 'query:skip', 'sentinel:skip', 'graph:skip'],
    );
    assert.match(steps[1]!.fix ?? '', /AZURE_CLIENT_SECRET/);
  });

  test('a workspace without Microsoft Sentinel fails the last step', async () => {
    const bare = await startAzureFake({ backend: local, sentinelOnboarded: false });
    try {
      const steps = await (await open(bare)).connection.test();
      const sentinel = steps.find((s) => s.id === 'sentinel')!;
      assert.equal(sentinel.status, 'fail');
      assert.match(sentinel.fix ?? '', /Enable Microsoft Sentinel/);
    } finally {
      await bare.close();
    }
  });

  test('the doctor command through createBackendHandle: a line per step, then AUTH and its fix for a wrong secret', async (t) => {
    if (Object.keys(tls(fake)).length > 0) {
      t.skip('needs the test runner (NODE_EXTRA_CA_CERTS trusting the fake)');
      return;
    }
    const run = async (env: Record<string, string>) => {
      const lines: string[] = [];
      const progress = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(...chunk.toString().split('\n').filter(Boolean));
          done();
        },
      });
      const config = loadConfig({}, { ...fake.env(), ...env }, ROOT);
      const handle = createBackendHandle(config, silentLogger());
      try {
        return { ...(await doctorCommand(config, { progress, backend: handle.get })), lines };
      } finally {
        await handle.close();
      }
    };
    const good = await run({});
    assert.equal(good.exitCode, 0, good.lines.join('\n'));
    assert.deepEqual(
      good.lines.map((l) => l.split(' ')[0]),
      ['PASS', 'PASS', 'PASS', 'PASS', 'PASS', 'PASS', 'PASS'],
    );
    assert.match(good.summary, /all 7 checks passed on the azure backend/);
    const bad = await run({ AZURE_CLIENT_SECRET: 'not-the-secret' });
    assert.equal(bad.exitCode, 1);
    const failed = bad.lines.findIndex((l) => /^FAIL {2}Token .*AUTH: /.test(l));
    assert.ok(failed >= 0, bad.lines.join('\n'));
    assert.match(bad.lines[failed + 1] ?? '', /^ {6}fix: The client secret was rejected/);
    assert.match(bad.summary, /1 of 3 checks failed/);
    assert.doesNotMatch(bad.lines.join('\n') + bad.summary, /not-the-secret/);
  });
});
