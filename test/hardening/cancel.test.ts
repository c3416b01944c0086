// Cancellation and deadlines: a client that cancels a long query gets it stopped in DuckDB (the
// backend's query settles soon after, and the next query runs at full speed), and a call past the
// configured deadline (SENTINEL_MCP_QUERY_TIMEOUT) ends in TIMEOUT with the query interrupted too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Backend, QueryRequest, QueryResponse } from '../../src/backends/backend.js';
import { AzureBackend } from '../../src/backends/azure/azure-backend.js';
import { createBackendHandle } from '../../src/backends/index.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server/create.js';
import { silentLogger } from '../../src/util/logger.js';
import { startAzureFake, type AzureFake } from '../azure-fake/index.js';
import { call, errorOf, FIXTURE_WORKSPACE, ROOT, structured, testConfig } from '../helpers/mcp.js';

/** Runs for minutes on the local engine (an exact distinct count over 3 billion values). */
const LONG_QUERY = 'range x from 1 to 3000000000 step 1 | summarize dcount(x)';
/** The same shape, small: a fraction of a second. */
const SHORT_QUERY = 'range x from 1 to 1000000 step 1 | summarize dcount(x)';

interface BackendQuery {
  started: number;
  /** When the backend's promise settled (the DuckDB query returned or was interrupted). */
  settled?: number;
  outcome?: 'ok' | string;
  /** Whether the backend received an AbortSignal, and whether it was aborted by the end. */
  signalAborted?: boolean;
  done: Promise<void>;
}

interface Harness {
  client: Client;
  queries: BackendQuery[];
  /** Resolves when the backend receives its n-th query (1-based). */
  queryStarted(n: number): Promise<BackendQuery>;
  close(): Promise<void>;
}

/** A client and a server on the demo, whose backend records when each query starts and settles. */
async function harness(
  env: NodeJS.ProcessEnv = {},
  open?: () => Promise<{ backend: Backend; close(): Promise<void> }>,
): Promise<Harness> {
  const config = testConfig({}, env);
  const logger = silentLogger();
  const handle = open
    ? await open().then(({ backend, close }) => ({ get: async () => backend, close }))
    : createBackendHandle(config, logger);
  const real = await handle.get(); // load the demo before any deadline applies
  const queries: BackendQuery[] = [];
  const waiters: { n: number; resolve: (q: BackendQuery) => void }[] = [];
  const logs = {
    query(request: QueryRequest): Promise<QueryResponse> {
      const promise = real.logs.query(request);
      const record: BackendQuery = {
        started: Date.now(),
        done: promise.then(
          () => {
            record.settled = Date.now();
            record.outcome = 'ok';
            record.signalAborted = request.abortSignal?.aborted ?? false;
          },
          (error: unknown) => {
            record.settled = Date.now();
            record.outcome = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
            record.signalAborted = request.abortSignal?.aborted ?? false;
          },
        ),
      };
      queries.push(record);
      for (const w of waiters.filter((w) => w.n === queries.length)) w.resolve(record);
      return promise;
    },
  };
  const backend = new Proxy(real, {
    get: (target, key) => (key === 'logs' ? logs : (Reflect.get(target, key, target) as unknown)),
  }) as Backend;
  const server = createServer({ config, logger, backend: async () => backend });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'cancel-test', version: '1.0.0' });
  await server.connect(serverSide);
  await client.connect(clientSide);
  return {
    client,
    queries,
    queryStarted(n) {
      const existing = queries[n - 1];
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    async close() {
      await client.close();
      await server.close();
      await handle.close();
    },
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

describe('cancellation by the client', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(async () => {
    await h.close();
  });

  test('a cancelled long query is interrupted in DuckDB and the server stays ready', async () => {
    const controller = new AbortController();
    const pending = h.client.callTool(
      { name: 'sentinel_logs_search', arguments: { query: LONG_QUERY } },
      undefined,
      {
        signal: controller.signal,
        timeout: 120_000,
      },
    );
    const rejected = assert.rejects(pending, /abort/i);
    const query = await h.queryStarted(1);
    await new Promise((resolve) => setTimeout(resolve, 500)); // let DuckDB get going
    const cancelledAt = Date.now();
    controller.abort();
    await rejected;
    // The backend's query settles soon after: DuckDB was interrupted (the query itself runs for minutes).
    await Promise.race([
      query.done,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('DuckDB query still running 5 s after cancel')), 5000),
      ),
    ]);
    assert.ok(query.settled !== undefined);
    assert.ok(query.settled - cancelledAt < 5000, `settled ${query.settled - cancelledAt} ms after cancel`);
    assert.match(query.outcome ?? '', /cancelled/i);
    assert.equal(query.signalAborted, true, 'the backend received the aborted signal');

    // The server and DuckDB are free: a following query answers quickly and correctly.
    const next = await timed(() => call(h.client, 'sentinel_logs_search', { query: SHORT_QUERY }));
    const rows = structured<{ rows: unknown[][] }>(next.value).rows;
    assert.deepEqual(rows, [[1_000_000]]);
    assert.ok(next.ms < 5000, `next query took ${next.ms} ms`);
  });
});

describe('the per-call deadline (SENTINEL_MCP_QUERY_TIMEOUT)', () => {
  let h: Harness;
  before(async () => {
    h = await harness({ SENTINEL_MCP_QUERY_TIMEOUT: '1' });
  });
  after(async () => {
    await h.close();
  });

  test('is read from the environment', () => {
    // The harness builds its config from the same variables; a fresh one shows the value.
    assert.equal(testConfig({}, { SENTINEL_MCP_QUERY_TIMEOUT: '1' }).queryTimeoutMs, 1000);
    assert.equal(testConfig({}, { SENTINEL_MCP_QUERY_TIMEOUT: '2.5' }).queryTimeoutMs, 2500);
  });

  test('a query past the deadline ends in TIMEOUT and is interrupted in DuckDB', async () => {
    const { value, ms } = await timed(
      async () =>
        (await h.client.callTool(
          { name: 'sentinel_logs_search', arguments: { query: LONG_QUERY } },
          undefined,
          {
            timeout: 120_000,
          },
        )) as CallToolResult,
    );
    const error = errorOf(value);
    assert.equal(error.code, 'TIMEOUT');
    assert.match(error.hint ?? '', /SENTINEL_MCP_QUERY_TIMEOUT/);
    assert.ok(ms >= 900 && ms < 4000, `answered after ${ms} ms with a 1 s deadline`);
    const query = h.queries.at(-1);
    assert.ok(query);
    await query.done;
    assert.ok(query.settled !== undefined && query.settled - query.started < 5000, 'DuckDB stopped');
    assert.match(query.outcome ?? '', /cancelled/i);
    assert.equal(query.signalAborted, true, 'the backend received the deadline through its signal');

    // The server stays ready, and a quick query still fits the 1 s deadline.
    const next = await call(h.client, 'sentinel_logs_search', { query: 'print x = 1' });
    assert.deepEqual(structured<{ rows: unknown[][] }>(next).rows, [[1]]);
  });
});

/** Trusted through NODE_EXTRA_CA_CERTS under the test runner; else handed to the clients. */
function tls(target: AzureFake): { tlsOptions?: { ca: string } } {
  const extra = process.env['NODE_EXTRA_CA_CERTS'];
  const trusted =
    extra !== undefined && existsSync(extra) && readFileSync(extra, 'utf8').includes(target.certPem.trim());
  return trusted ? {} : { tlsOptions: { ca: target.certPem } };
}

describe('on Azure (the HTTPS fake): the SDK call is aborted', () => {
  let local: LocalBackend;
  let fake: AzureFake;
  const harnesses: Harness[] = [];

  before(async () => {
    local = await LocalBackend.open({ folder: FIXTURE_WORKSPACE, logger: silentLogger() });
    fake = await startAzureFake({ backend: local });
  });
  after(async () => {
    for (const h of harnesses) await h.close();
    await fake?.close();
    await local?.close();
  });

  async function azureHarness(env: NodeJS.ProcessEnv = {}): Promise<Harness> {
    const h = await harness(env, async () => {
      const config = loadConfig({}, { ...fake.env(), ...env }, ROOT);
      assert.equal(config.backend, 'azure');
      const backend = await AzureBackend.open({
        settings: config.azure,
        queryTimeoutMs: config.queryTimeoutMs,
        logger: silentLogger(),
        retry: { baseDelayInMs: 20, maxDelayInMs: 1000 },
        ...tls(fake),
      });
      return { backend, close: () => backend.close() };
    });
    harnesses.push(h);
    return h;
  }

  async function queryReachedFake(count: number): Promise<void> {
    const started = Date.now();
    while (fake.requests().filter((r) => r.route === 'query').length <= count) {
      if (Date.now() - started > 10_000) throw new Error('the query never reached the fake');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  test('a cancelled query: the HTTP request to Log Analytics is abandoned at once', async () => {
    const h = await azureHarness();
    const seen = fake.requests().filter((r) => r.route === 'query').length;
    fake.inject('query', { kind: 'latency', ms: 60_000 }, 1);
    const controller = new AbortController();
    const pending = h.client.callTool(
      { name: 'sentinel_logs_search', arguments: { query: 'Heartbeat | count', timespan: 'P30D' } },
      undefined,
      { signal: controller.signal, timeout: 120_000 },
    );
    const rejected = assert.rejects(pending, /abort/i);
    await queryReachedFake(seen);
    const query = await h.queryStarted(1);
    const cancelledAt = Date.now();
    controller.abort();
    await rejected;
    await query.done;
    assert.ok(
      query.settled! - cancelledAt < 3000,
      `the SDK call ended ${query.settled! - cancelledAt} ms after cancel`,
    );
    assert.notEqual(query.outcome, 'ok');
    assert.equal(query.signalAborted, true);
    // Not retried: one request reached the fake.
    assert.equal(fake.requests().filter((r) => r.route === 'query').length, seen + 1);
    const next = await call(h.client, 'sentinel_logs_search', {
      query: 'Heartbeat | count',
      timespan: 'P30D',
    });
    assert.ok(!next.isError, JSON.stringify(next.content));
  });

  test('past the deadline: TIMEOUT, and the SDK call is aborted', async () => {
    const h = await azureHarness({ SENTINEL_MCP_QUERY_TIMEOUT: '1' });
    fake.inject('query', { kind: 'latency', ms: 60_000 }, 1);
    const { value, ms } = await timed(
      async () =>
        (await h.client.callTool(
          { name: 'sentinel_logs_search', arguments: { query: 'Heartbeat | count', timespan: 'P30D' } },
          undefined,
          { timeout: 120_000 },
        )) as CallToolResult,
    );
    assert.equal(errorOf(value).code, 'TIMEOUT');
    assert.ok(ms < 4000, `answered after ${ms} ms with a 1 s deadline`);
    const query = h.queries.at(-1);
    assert.ok(query);
    await query.done;
    assert.ok(query.settled! - query.started < 4000, 'the SDK call ended soon after the deadline');
    assert.equal(query.signalAborted, true);
  });
});
