// The Azure backend's behaviour through the real SDK clients on an in-process HTTP stub: retries,
// deadlines, cancellation, paging, one stats query, fallbacks without ARM, and the doctor steps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ToolError } from '../../src/util/errors.js';
import {
  exampleBody,
  QUERY_PATH,
  queryBody,
  StubHttp,
  stubBackend,
  TABLE_PATH,
  TABLES_PATH,
  WORKSPACE_PATH,
} from './azure-stub.js';

const ONE = queryBody([['x', 'long']], [[1]]);

function isCode(code: string) {
  return (e: unknown) => e instanceof ToolError && e.code === code;
}

test('429 with Retry-After, 503 and a connection reset are retried to success', async () => {
  const http = new StubHttp()
    .on('POST', QUERY_PATH, { body: ONE })
    .fault('POST', QUERY_PATH, { networkError: 'ECONNRESET' })
    .fault('POST', QUERY_PATH, {
      status: 503,
      body: { error: { code: 'ServiceUnavailable', message: 'busy' } },
    })
    .fault('POST', QUERY_PATH, {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: { code: 'TooManyRequests' } },
    });
  const backend = await stubBackend(http);
  const started = Date.now();
  const response = await backend.logs.query({ query: 'print x = 1' });
  assert.deepEqual(response.tables[0]!.rows, [[1]]);
  assert.equal(http.requests.length, 4);
  assert.ok(Date.now() - started >= 950, 'Retry-After: 1 was honoured');
  const auths = new Set(http.requests.map((r) => r.headers.Authorization));
  assert.equal(auths.size, 1, 'every attempt is signed');
});

test('retries stop within the deadline: a long Retry-After gives THROTTLED at once', async () => {
  const http = new StubHttp().on('POST', QUERY_PATH, {
    status: 429,
    headers: { 'retry-after': '120' },
    body: { error: { code: 'TooManyRequests', message: 'Too many requests' } },
  });
  const backend = await stubBackend(http, { queryTimeoutMs: 5000 });
  const started = Date.now();
  await assert.rejects(backend.logs.query({ query: 'print 1' }), (e: unknown) => {
    assert.ok(e instanceof ToolError);
    assert.equal(e.code, 'THROTTLED');
    assert.match(e.hint ?? '', /Wait 120 s/);
    return true;
  });
  assert.ok(Date.now() - started < 2500);
  assert.equal(http.requests.length, 1);
});

test('persistent 500s end as UPSTREAM after the retries; malformed JSON as UPSTREAM; 401 as AUTH', async () => {
  const http = new StubHttp()
    .on('POST', QUERY_PATH, {
      status: 500,
      body: { error: { code: 'InternalServerError', message: 'oops' } },
    })
    .on('GET', WORKSPACE_PATH, { text: '{"properties": {', headers: { 'content-type': 'application/json' } })
    .on('GET', TABLES_PATH, {
      status: 401,
      body: {
        error: {
          code: 'InvalidAuthenticationToken',
          message: 'The access token expiry UTC time is earlier than current UTC time.',
        },
      },
    });
  const backend = await stubBackend(http);
  await assert.rejects(backend.logs.query({ query: 'print 1' }), (e: unknown) => {
    assert.ok(e instanceof ToolError && e.code === 'UPSTREAM', String(e));
    assert.match(e.message, /500 .*after 5 attempts/);
    return true;
  });
  await assert.rejects(backend.workspace.get(), isCode('UPSTREAM'));
  await assert.rejects(backend.tables.list({}), (e: unknown) => {
    assert.ok(e instanceof ToolError && e.code === 'AUTH');
    assert.match(e.message, /expiry/);
    return true;
  });
});

test('a slow answer past the deadline is TIMEOUT; a cancelled request is CANCELLED and stops the HTTP call', async () => {
  const http = new StubHttp().on('POST', QUERY_PATH, { body: ONE, delayMs: 5000 });
  const backend = await stubBackend(http, { queryTimeoutMs: 300 });
  const started = Date.now();
  await assert.rejects(backend.logs.query({ query: 'print 1' }), isCode('TIMEOUT'));
  assert.ok(Date.now() - started < 4000);

  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const backend2 = await stubBackend(http, { queryTimeoutMs: 30_000 });
  const t2 = Date.now();
  await assert.rejects(
    backend2.logs.query({ query: 'print 1', abortSignal: controller.signal }),
    isCode('CANCELLED'),
  );
  assert.ok(
    Date.now() - t2 < 2000,
    'the abort reached the HTTP request (LogsQueryClient drops abortSignal by itself)',
  );
});

test('the server timeout follows the deadline; statistics and render are asked for; KQL errors map', async () => {
  const http = new StubHttp().on('POST', QUERY_PATH, (request) =>
    String(request.body).includes('whre')
      ? {
          status: 400,
          body: {
            error: {
              code: 'BadArgumentError',
              message: 'The request had some invalid properties',
              innererror: {
                code: 'SyntaxError',
                message: "Query could not be parsed at 'whre' on line [1,9]",
              },
            },
          },
        }
      : { body: ONE },
  );
  const backend = await stubBackend(http, { queryTimeoutMs: 60_000 });
  const r = await backend.logs.query({ query: 'T | where TimeGenerated > ago(2h)' });
  const prefer = http.requests[0]!.headers.Prefer ?? '';
  const wait = Number(/wait=(\d+)/.exec(prefer)?.[1]);
  assert.ok(wait >= 55 && wait <= 58, prefer);
  assert.match(prefer, /include-statistics=true/);
  assert.match(prefer, /include-render=true/);
  assert.equal(JSON.parse(http.requests[0]!.body!).timespan, 'PT2H12M');
  assert.match(r.appliedTimespan ?? '', /^PT2H12M \(derived/);
  await assert.rejects(backend.logs.query({ query: 'T | whre x' }), isCode('KQL_SYNTAX'));
});

test('tables: ARM pages are followed, and include_stats is ONE query for all tables', async () => {
  const list = exampleBody('operationalinsights/TablesList.json') as { value: unknown[] };
  const http = new StubHttp()
    .on('GET', TABLES_PATH, (_req, url) =>
      url.searchParams.get('page') === '2'
        ? { body: { value: [list.value[1]] } }
        : {
            body: {
              value: [list.value[0]],
              nextLink: `${url.origin}${url.pathname}?api-version=2025-07-01&page=2`,
            },
          },
    )
    .on('POST', QUERY_PATH, {
      body: queryBody(
        [
          ['SentinelMcpTable', 'string'],
          ['RowCount', 'long'],
          ['LastRecord', 'datetime'],
        ],
        [
          ['AzureNetworkFlow', 120, '2024-05-31T23:59:00Z'],
          ['MyApp_CL', 3, '2024-05-30T01:00:00Z'],
        ],
      ),
    });
  const backend = await stubBackend(http);
  const tables = await backend.tables.list({ includeStats: true });
  assert.deepEqual(
    tables.map((t) => [t.name, t.rowCount, t.lastRecord, t.plan ?? null]),
    [
      ['AzureNetworkFlow', 120, '2024-05-31T23:59:00Z', 'Analytics'],
      ['SurfaceHubDns', 0, null, 'Analytics'],
      ['MyApp_CL', 3, '2024-05-30T01:00:00Z', null],
    ],
  );
  const queries = http.requests.filter((r) => r.method === 'POST');
  assert.equal(queries.length, 1);
  const sent = JSON.parse(queries[0]!.body!) as { query: string; timespan: string };
  assert.match(sent.query, /^union withsource=SentinelMcpTable isfuzzy=true \*/);
  assert.equal(sent.timespan, 'P30D');
  assert.equal(http.requests.filter((r) => r.method === 'GET').length, 2);
});

test('without ARM coordinates: queries work, tables come from KQL, schemas from getschema', async () => {
  const http = new StubHttp().on('POST', QUERY_PATH, (request) => {
    const q = String(JSON.parse(String(request.body)).query);
    if (q.includes('getschema')) {
      return {
        body: queryBody(
          [
            ['ColumnName', 'string'],
            ['ColumnType', 'string'],
          ],
          [
            ['TimeGenerated', 'datetime'],
            ['Account', 'string'],
            ['EventID', 'int'],
          ],
        ),
      };
    }
    if (q.startsWith('union')) {
      return {
        body: queryBody(
          [
            ['SentinelMcpTable', 'string'],
            ['RowCount', 'long'],
            ['LastRecord', 'datetime'],
          ],
          [['SecurityEvent', 9, '2024-05-01T00:00:00Z']],
        ),
      };
    }
    return { body: ONE };
  });
  const backend = await stubBackend(http, {
    settings: { subscriptionId: undefined, resourceGroup: undefined, workspaceName: undefined },
  });
  assert.deepEqual(await backend.tables.list({}), [{ name: 'SecurityEvent' }]);
  assert.deepEqual((await backend.tables.schema('SecurityEvent')).columns, [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'Account', type: 'string' },
    { name: 'EventID', type: 'int' },
  ]);
  assert.equal((await backend.workspace.get()).workspaceId, '5b02755b-5bf4-430c-9487-45502a2a7e62');
  // No ARM: no workspace tables to list, and _GetWatchlist known with its fixed columns only.
  const schema = await backend.validationSchema();
  assert.deepEqual(schema.tables, []);
  assert.deepEqual(
    schema.functions.map((f) => f.name),
    ['_GetWatchlist', '_GetWatchlistAlias'],
  );
  assert.match(schema.functions[0]!.body, /\['SearchKey'\]:string, \['WatchlistItem'\]:dynamic\)\[\]/);
  assert.ok(http.requests.every((r) => r.url.hostname === 'api.loganalytics.io'));
});

test('a table ARM does not know is NOT_FOUND; validation schemas are cached', async () => {
  const http = new StubHttp()
    .on('GET', TABLE_PATH, {
      status: 404,
      body: { error: { code: 'ResourceNotFound', message: 'Table Nope was not found' } },
    })
    .on('GET', TABLES_PATH, { body: exampleBody('operationalinsights/TablesList.json') });
  const backend = await stubBackend(http);
  await assert.rejects(backend.tables.schema('Nope'), (e: unknown) => {
    assert.ok(e instanceof ToolError && e.code === 'NOT_FOUND');
    assert.match(e.message, /Table "Nope"/);
    return true;
  });
  await backend.validationSchema();
  await backend.validationSchema();
  assert.equal(http.requests.filter((r) => TABLES_PATH.test(r.url.pathname)).length, 1);
});

test('the AZURE_WORKSPACE_ID can be left out: the customer id comes from ARM, once', async () => {
  const http = new StubHttp()
    .on('GET', WORKSPACE_PATH, { body: exampleBody('operationalinsights/WorkspacesGet.json') })
    .on('POST', QUERY_PATH, { body: ONE });
  const backend = await stubBackend(http, { settings: { workspaceId: undefined } });
  await backend.logs.query({ query: 'print 1' });
  await backend.logs.query({ query: 'print 1' });
  const posts = http.requests.filter((r) => r.method === 'POST');
  assert.equal(posts.length, 2);
  assert.match(posts[0]!.url.pathname, /\/v1\/workspaces\/5b02755b-5bf4-430c-9487-45502a2a7e62\/query$/);
  assert.equal(http.requests.filter((r) => r.method === 'GET').length, 1);
});

test('doctor steps: all pass on a healthy workspace; a mismatched workspace id fails with the fix', async () => {
  const http = new StubHttp()
    .on('GET', WORKSPACE_PATH, { body: exampleBody('operationalinsights/WorkspacesGet.json') })
    .on('GET', /onboardingStates$/, {
      body: {
        value: [
          {
            id: 'x/onboardingStates/default',
            name: 'default',
            type: 'Microsoft.SecurityInsights/onboardingStates',
            properties: {},
          },
        ],
      },
    })
    .on('POST', QUERY_PATH, { body: ONE })
    .on('GET', /\/v1\.0\/users$/, { body: { value: [{ id: 'u', userPrincipalName: 'u@example.com' }] } });
  const backend = await stubBackend(http);
  const steps = await backend.connection.test();
  assert.deepEqual(
    steps.map((s) => [s.id, s.status]),
    [
      ['config', 'pass'],
      ['token', 'pass'],
      ['workspace', 'pass'],
      ['query', 'pass'],
      ['sentinel', 'pass'],
      ['graph', 'pass'],
    ],
  );
  assert.equal(
    http.requests.find((r) => /onboardingStates/.test(r.url.pathname))!.url.searchParams.get('api-version'),
    '2024-09-01',
  );
  const other = await stubBackend(http, {
    settings: { workspaceId: '11111111-2222-3333-4444-555555555555' },
  });
  const mismatch = (await other.connection.test()).find((s) => s.id === 'workspace')!;
  assert.equal(mismatch.status, 'fail');
  assert.match(mismatch.fix ?? '', /AZURE_WORKSPACE_ID=5b02755b-5bf4-430c-9487-45502a2a7e62/);

  const empty = new StubHttp()
    .on('GET', WORKSPACE_PATH, { body: exampleBody('operationalinsights/WorkspacesGet.json') })
    .on('GET', /onboardingStates$/, { body: { value: [] } })
    .on('POST', QUERY_PATH, { body: ONE });
  const notOnboarded = (await (await stubBackend(empty)).connection.test()).find((s) => s.id === 'sentinel')!;
  assert.equal(notOnboarded.status, 'fail');
  assert.match(notOnboarded.fix ?? '', /onboardingStates\/default/);
});

test('opening does no I/O; every client sends through our policy instead of the SDK retry policy', async () => {
  const http = new StubHttp();
  const backend = await stubBackend(http);
  assert.equal(http.requests.length, 0);
  const pipelines = [
    backend.session.logs.pipeline,
    backend.session.operationalInsights().pipeline,
    (await backend.session.securityInsights()).pipeline,
    (await backend.session.authorization()).pipeline,
  ];
  for (const pipeline of pipelines) {
    const names = pipeline.getOrderedPolicies().map((p) => p.name);
    assert.ok(names.includes('sentinelMcpCallPolicy'), names.join(', '));
    assert.ok(
      !names.some((n) =>
        /^(defaultRetryPolicy|exponentialRetryPolicy|throttlingRetryPolicy|retryPolicy)$/.test(n),
      ),
      names.join(', '),
    );
    assert.ok(names.indexOf('sentinelMcpCallPolicy') > names.indexOf('bearerTokenAuthenticationPolicy'));
  }
  assert.equal(http.requests.length, 0);
});
