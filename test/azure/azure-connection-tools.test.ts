// sentinel_connection_test, sentinel_authorization_summary and the doctor command's output, on the
// local backend and on the Azure backend (through the in-process HTTP stub).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import type { Backend } from '../../src/backends/backend.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { loadConfig, type Config } from '../../src/config.js';
import { doctorCommand, formatStep } from '../../src/doctor.js';
import { callTool, type CallEnvironment } from '../../src/server/call.js';
import { authorizationSummaryTool, connectionTestTool, connectionTools } from '../../src/tools/connection.js';
import { TtlCache } from '../../src/util/cache.js';
import { silentLogger } from '../../src/util/logger.js';
import { exampleBody, QUERY_PATH, queryBody, StubHttp, stubBackend, WORKSPACE_PATH } from './azure-stub.js';

let local: LocalBackend;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sentinel-mcp-azure-tools-'));
  writeFileSync(
    join(dir, 'workspace.yaml'),
    'name: empty\nid: 2b0f4c1e-7d43-4a55-9a6e-1c2f3d4e5f61\ntimeAnchor: 2024-06-01T12:00:00Z\n',
  );
  local = await LocalBackend.open({ folder: dir, logger: silentLogger() });
});

after(async () => {
  await local?.close();
});

function config(backend: 'local' | 'azure'): Config {
  return loadConfig({ backend, workspace: dir }, {}, dir);
}

function env(backend: Backend, kind: 'local' | 'azure'): CallEnvironment {
  return {
    backend: async () => backend,
    config: config(kind),
    cache: new TtlCache(),
    logger: silentLogger(),
    timeoutMs: 30_000,
  };
}

const noProgress = { report: async () => undefined };

test('the connection tools are exported as one list, in the workspace toolset, read-only', () => {
  assert.deepEqual(
    connectionTools.map((t) => [t.name, t.toolset, t.annotations.readOnlyHint]),
    [
      ['sentinel_connection_test', 'workspace', true],
      ['sentinel_authorization_summary', 'workspace', true],
    ],
  );
});

test('local backend: the connection test checks the local workspace; the summary says full local access', async () => {
  const tested = await callTool(
    connectionTestTool,
    {},
    env(local, 'local'),
    new AbortController().signal,
    noProgress,
  );
  assert.equal(tested.isError, undefined, JSON.stringify(tested.content));
  const s = tested.structuredContent as {
    ok: boolean;
    backend: string;
    steps: { id: string; status: string }[];
  };
  assert.equal(s.backend, 'local');
  assert.deepEqual(
    s.steps.map((x) => x.id),
    ['open', 'config', 'workspace', 'tables', 'query'],
  );
  assert.equal(s.steps.find((x) => x.id === 'query')!.status, 'pass');

  const summary = await callTool(
    authorizationSummaryTool,
    {},
    env(local, 'local'),
    new AbortController().signal,
    noProgress,
  );
  assert.equal(summary.isError, undefined, JSON.stringify(summary.content));
  const a = summary.structuredContent as {
    backend: string;
    query_access: boolean;
    toolsets: { access: string }[];
  };
  assert.equal(a.backend, 'local');
  assert.equal(a.query_access, true);
  assert.ok(a.toolsets.every((t) => t.access === 'full'));
});

function healthyAzure(): StubHttp {
  return new StubHttp()
    .on('GET', WORKSPACE_PATH, { body: exampleBody('operationalinsights/WorkspacesGet.json') })
    .on('GET', /onboardingStates$/, { body: { value: [{ id: 'x', name: 'default', properties: {} }] } })
    .on('POST', QUERY_PATH, { body: queryBody([['x', 'long']], [[1]]) })
    .on('GET', /\/v1\.0\/users$/, { body: { value: [{ id: 'u', userPrincipalName: 'u@example.com' }] } });
}

test('azure backend: sentinel_connection_test returns the five steps with structured output', async () => {
  const backend = await stubBackend(healthyAzure());
  const result = await callTool(
    connectionTestTool,
    {},
    env(backend, 'azure'),
    new AbortController().signal,
    noProgress,
  );
  assert.equal(result.isError, undefined, JSON.stringify(result.content));
  const s = result.structuredContent as {
    ok: boolean;
    steps: { id: string; status: string; fix: string | null }[];
  };
  assert.equal(s.ok, true);
  assert.deepEqual(
    s.steps.map((x) => `${x.id}:${x.status}`),
    ['open:pass', 'config:pass', 'token:pass', 'workspace:pass', 'query:pass', 'sentinel:pass', 'graph:pass'],
  );
  const text = result.content[0]!.type === 'text' ? result.content[0]!.text : '';
  assert.match(text, /^All checks passed \(azure backend/);
});

test('doctor command: a line per step on the progress stream, the summary back, exit 1 on failure', async () => {
  const lines: string[] = [];
  const progress = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const failing = new StubHttp()
    .on('GET', WORKSPACE_PATH, {
      status: 403,
      body: {
        error: {
          code: 'AuthorizationFailed',
          message:
            "The client 'x' with object id 'o' does not have authorization to perform action 'Microsoft.OperationalInsights/workspaces/read' over scope '/s'.",
        },
      },
    })
    .on('GET', /onboardingStates$/, { body: { value: [{ id: 'x', name: 'default', properties: {} }] } })
    .on('POST', QUERY_PATH, { body: queryBody([['x', 'long']], [[1]]) });
  const backend = await stubBackend(failing);
  const result = await doctorCommand(config('azure'), { progress, backend: async () => backend });
  assert.equal(result.exitCode, 1);
  assert.equal(lines.filter((l) => /^(PASS|FAIL|WARN|SKIP) /.test(l)).length, 7);
  assert.ok(
    lines.some((l) => /^FAIL {2}ARM workspace .*FORBIDDEN/.test(l)),
    lines.join('\n'),
  );
  assert.ok(lines.some((l) => /fix: .*Microsoft\.OperationalInsights\/workspaces\/read/.test(l)));
  // 7 with the Graph step (no Graph route in this stub: a warning, not a failure)
  assert.match(result.summary, /^sentinel-mcp doctor: 1 of 7 checks failed on the azure backend\./);

  const ok = await doctorCommand(config('azure'), {
    progress,
    backend: async () => stubBackend(healthyAzure()),
  });
  assert.equal(ok.exitCode, 0);
  assert.match(ok.summary, /^sentinel-mcp doctor: all 7 checks passed on the azure backend/);
  assert.equal(
    formatStep({ id: 'x', title: 'T', status: 'skip', ms: 0, detail: 'skipped: no token', fix: 'f' }),
    'SKIP  T (0 ms): skipped: no token\n      fix: f',
  );
});
