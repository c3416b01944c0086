// Progress: a query sends notifications/progress ("running" at the start and every second while it
// runs, "done" at the end) when the client gave a progress token, and none without one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage, Progress } from '@modelcontextprotocol/sdk/types.js';
import { createBackendHandle, type BackendHandle } from '../../src/backends/index.js';
import { createServer } from '../../src/server/create.js';
import { silentLogger } from '../../src/util/logger.js';
import { call, testConfig } from '../helpers/mcp.js';

/** Runs for minutes on the local engine; cancelled by the tests after a few seconds. */
const LONG_QUERY = 'range x from 1 to 3000000000 step 1 | summarize dcount(x)';

let client: Client;
let handle: BackendHandle;
/** Every message the server sent to the client. */
const sent: JSONRPCMessage[] = [];

function progressSent(): JSONRPCMessage[] {
  return sent.filter((m) => 'method' in m && m.method === 'notifications/progress');
}

before(async () => {
  const config = testConfig();
  const logger = silentLogger();
  handle = createBackendHandle(config, logger);
  await handle.get();
  const server = createServer({ config, logger, backend: handle.get });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const send = serverSide.send.bind(serverSide);
  serverSide.send = async (message, options) => {
    sent.push(message);
    return send(message, options);
  };
  client = new Client({ name: 'progress-test', version: '1.0.0' });
  await server.connect(serverSide);
  await client.connect(clientSide);
});

after(async () => {
  await client.close();
  await handle.close();
});

describe('progress notifications', () => {
  test('a query with a progress token reports running at the start and done at the end', async () => {
    const updates: Progress[] = [];
    const result = await client.callTool(
      { name: 'sentinel_logs_search', arguments: { query: 'SecurityEvent | summarize count()' } },
      undefined,
      { onprogress: (p) => updates.push(p) },
    );
    assert.ok(!(result as { isError?: boolean }).isError);
    assert.ok(updates.length >= 2, `got ${updates.length} progress notifications`);
    assert.match(updates[0]?.message ?? '', /^running/);
    const last = updates.at(-1);
    assert.equal(last?.message, 'done');
    assert.equal(last?.progress, last?.total, 'done is complete: progress equals total');
    for (let i = 1; i < updates.length; i++)
      assert.ok(updates[i]!.progress > updates[i - 1]!.progress, 'progress only increases');
  });

  test('a long query reports every second while it runs', async () => {
    const updates: Progress[] = [];
    const controller = new AbortController();
    const pending = client.callTool(
      { name: 'sentinel_logs_search', arguments: { query: LONG_QUERY } },
      undefined,
      { onprogress: (p) => updates.push(p), signal: controller.signal, timeout: 120_000 },
    );
    const rejected = assert.rejects(pending, /abort/i);
    await new Promise((resolve) => setTimeout(resolve, 2600));
    controller.abort();
    await rejected;
    const running = updates.filter((u) => u.message?.startsWith('running'));
    assert.ok(running.length >= 3, `got ${running.length} running notifications in 2.6 s`);
    assert.ok(!updates.some((u) => u.message === 'done'), 'a cancelled query is not done');
    // No more progress after the cancellation.
    const count = updates.length;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    assert.equal(updates.length, count);
  });

  test('without a progress token no progress notification is sent', async () => {
    const count = progressSent().length;
    assert.ok(count > 0, 'the earlier calls did send some (the recording works)');
    const result = await call(client, 'sentinel_logs_search', { query: 'SecurityEvent | summarize count()' });
    assert.ok(!result.isError);
    const dummy = await call(client, 'sentinel_logs_search_with_dummy_data', {
      query: 'T | count',
      table_name: 'T',
      data_json: [{ a: 1 }],
    });
    assert.ok(!dummy.isError);
    assert.equal(progressSent().length, count);
  });
});
