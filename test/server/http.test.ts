// The HTTP transports and their security: Streamable HTTP and legacy SSE through the SDK's clients,
// Host/Origin checks, the bearer token, body and session limits, and a clean shutdown.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Backend } from '../../src/backends/backend.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server/create.js';
import { startHttpServer, type HttpServerOptions, type RunningHttpServer } from '../../src/server/http.js';
import {
  checkBearer,
  hostPolicy,
  isAllowedHost,
  isAllowedOrigin,
  isLoopbackHost,
  tokenDigest,
} from '../../src/server/http-security.js';
import { createLogger, silentLogger } from '../../src/util/logger.js';
import {
  INITIALIZE,
  MCP_POST_HEADERS,
  messagesOf,
  openRawSession,
  rawRequest,
  rpc,
  sessionHeaders,
} from '../helpers/http.js';

const TOKEN = 'test-token-0123456789abcdef';
const config = loadConfig({}, {}, mkdtempSync(join(tmpdir(), 'sentinel-mcp-http-')));
// Enough backend for the transport: tools/list, resources/list and ping never reach it.
const backend = { validationSchema: async () => ({ tables: [], functions: [] }) } as unknown as Backend;
const logger = process.env.HTTP_TEST_LOG ? createLogger('debug') : silentLogger();
const running: RunningHttpServer[] = [];

async function start(overrides: Partial<HttpServerOptions> = {}): Promise<RunningHttpServer> {
  const server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    newServer: () => createServer({ config, logger, backend: async () => backend }),
    ...overrides,
  });
  running.push(server);
  return server;
}

async function streamableClient(url: string, headers: Record<string, string> = {}) {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  const client = new Client({ name: 'http-test', version: '0.0.0' });
  await client.connect(transport);
  return { client, transport };
}

async function sseClient(url: string, headers: Record<string, string> = {}) {
  const transport = new SSEClientTransport(new URL(url), { requestInit: { headers } });
  const client = new Client({ name: 'http-test-sse', version: '0.0.0' });
  await client.connect(transport);
  return { client, transport };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await delay(20);
  }
}

function errorOf(body: string): { code: number; message: string } {
  return (JSON.parse(body) as { error: { code: number; message: string } }).error;
}

after(async () => {
  await Promise.all(running.map((s) => s.close()));
  // Nothing network-related may outlive the servers: the test process must be able to exit.
  await delay(50);
  const left = process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP'));
  assert.deepEqual(left, [], `handles left open: ${left.join(', ')}`);
});

describe('Streamable HTTP (/mcp)', () => {
  test('an SDK client initializes, lists tools and resources, pings, and ends its session', async () => {
    const server = await start();
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const { client, transport } = await streamableClient(server.url);
    assert.equal(client.getServerVersion()?.name, 'sentinel-mcp');
    assert.ok(transport.sessionId);
    const tools = await client.listTools();
    assert.ok(tools.tools.some((t) => t.name === 'sentinel_query_validate'));
    const resources = await client.listResources();
    assert.ok(resources.resources.some((r) => r.uri === 'sentinel://instructions'));
    assert.deepEqual(await client.ping(), {});
    assert.equal(server.stats().streamableSessions, 1);
    await transport.terminateSession();
    await client.close();
    assert.equal(server.stats().sessions, 0);
    await server.close();
  });

  test('JSON responses when enabled: initialize answers application/json with a session id', async () => {
    const server = await start({ enableJsonResponse: true });
    const res = await rawRequest({
      port: server.port,
      method: 'POST',
      headers: MCP_POST_HEADERS,
      body: INITIALIZE,
    });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /application\/json/);
    assert.ok(res.headers['mcp-session-id']);
    const [message] = messagesOf(res) as { result: { serverInfo: { name: string } } }[];
    assert.equal(message?.result.serverInfo.name, 'sentinel-mcp');
    const { client } = await streamableClient(server.url);
    assert.ok((await client.listTools()).tools.length > 0);
    await client.close();
    await server.close();
  });

  test('POST answers with an SSE stream by default, and GET /mcp opens the server-to-client stream', async () => {
    const server = await start();
    const id = await openRawSession(server.port);
    const list = await rawRequest({
      port: server.port,
      method: 'POST',
      headers: sessionHeaders(id),
      body: rpc(2, 'tools/list'),
    });
    assert.equal(list.status, 200);
    assert.match(String(list.headers['content-type']), /text\/event-stream/);
    const [message] = messagesOf(list) as { id: number; result: { tools: unknown[] } }[];
    assert.equal(message?.id, 2);
    assert.ok((message?.result.tools.length ?? 0) > 0);
    const stream = await rawRequest({
      port: server.port,
      headers: { Accept: 'text/event-stream', 'Mcp-Session-Id': id, 'Mcp-Protocol-Version': '2025-06-18' },
      headersOnly: true,
    });
    assert.equal(stream.status, 200);
    assert.match(String(stream.headers['content-type']), /text\/event-stream/);
    await server.close();
  });

  test('DELETE ends a session; the next request on that id gets 404 Session not found', async () => {
    const server = await start();
    const id = await openRawSession(server.port);
    assert.equal(server.stats().sessions, 1);
    const del = await rawRequest({ port: server.port, method: 'DELETE', headers: sessionHeaders(id) });
    assert.equal(del.status, 200);
    assert.equal(server.stats().sessions, 0);
    const next = await rawRequest({
      port: server.port,
      method: 'POST',
      headers: sessionHeaders(id),
      body: rpc(3, 'ping'),
    });
    assert.equal(next.status, 404);
    assert.equal(errorOf(next.body).code, -32001);
    await server.close();
  });

  test('unknown session id → 404; no session id on a non-initialize request → 400', async () => {
    const server = await start();
    const unknown = await rawRequest({
      port: server.port,
      method: 'POST',
      headers: sessionHeaders('00000000-0000-0000-0000-000000000000'),
      body: rpc(1, 'ping'),
    });
    assert.equal(unknown.status, 404);
    assert.equal(errorOf(unknown.body).code, -32001);
    const missing = await rawRequest({
      port: server.port,
      method: 'POST',
      headers: MCP_POST_HEADERS,
      body: rpc(1, 'ping'),
    });
    assert.equal(missing.status, 400);
    const badJson = await rawRequest({
      port: server.port,
      method: 'POST',
      headers: MCP_POST_HEADERS,
      body: '{',
    });
    assert.equal(badJson.status, 400);
    assert.equal(errorOf(badJson.body).code, -32700);
    const put = await rawRequest({ port: server.port, method: 'PUT', headers: MCP_POST_HEADERS, body: '{}' });
    assert.equal(put.status, 405);
    const other = await rawRequest({ port: server.port, path: '/elsewhere' });
    assert.equal(other.status, 404);
    assert.equal(server.stats().sessions, 0);
    await server.close();
  });

  test('a body over the limit gets 413', async () => {
    const server = await start({ maxBodyBytes: 1024 });
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(2000) } });
    const declared = await rawRequest({
      port: server.port,
      method: 'POST',
      headers: MCP_POST_HEADERS,
      body: big,
    });
    assert.equal(declared.status, 413);
    const chunked = await rawRequest({
      port: server.port,
      method: 'POST',
      headers: { ...MCP_POST_HEADERS, 'Transfer-Encoding': 'chunked' },
      body: big,
    });
    assert.equal(chunked.status, 413);
    await server.close();
  });

  test('session limit: the longest-idle session is evicted; with every session busy, 503', async () => {
    const server = await start({ maxSessions: 2 });
    const first = await openRawSession(server.port);
    const second = await openRawSession(server.port);
    const third = await openRawSession(server.port);
    assert.equal(server.stats().sessions, 2);
    const gone = await rawRequest({
      port: server.port,
      method: 'POST',
      headers: sessionHeaders(first),
      body: rpc(2, 'ping'),
    });
    assert.equal(gone.status, 404);
    // Hold both remaining sessions busy with their GET streams: no room, no eviction.
    const holds = [second, third].map((id) =>
      rawRequest({
        port: server.port,
        headers: { Accept: 'text/event-stream', 'Mcp-Session-Id': id, 'Mcp-Protocol-Version': '2025-06-18' },
      }),
    );
    await delay(100);
    const refused = await rawRequest({
      port: server.port,
      method: 'POST',
      headers: MCP_POST_HEADERS,
      body: INITIALIZE,
    });
    assert.equal(refused.status, 503);
    assert.ok(refused.headers['retry-after']);
    await server.close();
    await Promise.all(holds); // the streams end with the server
  });

  test('idle sessions are closed after the idle timeout', async () => {
    const server = await start({ sessionIdleTimeoutMs: 200 });
    const id = await openRawSession(server.port);
    assert.equal(server.stats().sessions, 1);
    await waitFor(() => server.stats().sessions === 0);
    const res = await rawRequest({
      port: server.port,
      method: 'POST',
      headers: sessionHeaders(id),
      body: rpc(2, 'ping'),
    });
    assert.equal(res.status, 404);
    await server.close();
  });
});

describe('legacy HTTP+SSE (/sse + /messages)', () => {
  test('an SDK SSE client initializes and lists tools', async () => {
    const server = await start();
    const { client } = await sseClient(server.sseUrl);
    assert.equal(client.getServerVersion()?.name, 'sentinel-mcp');
    const tools = await client.listTools();
    assert.ok(tools.tools.some((t) => t.name === 'sentinel_query_validate'));
    assert.equal(server.stats().legacySseSessions, 1);
    await client.close();
    await waitFor(() => server.stats().sessions === 0);
    await server.close();
  });

  test('posting to an unknown SSE session gets 404', async () => {
    const server = await start();
    const res = await rawRequest({
      port: server.port,
      method: 'POST',
      path: '/messages?sessionId=nope',
      headers: MCP_POST_HEADERS,
      body: rpc(1, 'ping'),
    });
    assert.equal(res.status, 404);
    await server.close();
  });
});

describe('DNS-rebinding protection', () => {
  test('a foreign Host gets 403 on every path; loopback names with our port pass', async () => {
    const server = await start();
    for (const path of ['/mcp', '/sse', '/healthz']) {
      const res = await rawRequest({
        port: server.port,
        path,
        method: path === '/mcp' ? 'POST' : 'GET',
        headers: { ...MCP_POST_HEADERS, Host: `evil.example:${server.port}` },
        body: path === '/mcp' ? INITIALIZE : undefined,
      });
      assert.equal(res.status, 403, path);
    }
    const wrongPort = await rawRequest({
      port: server.port,
      path: '/healthz',
      headers: { Host: 'localhost:1' },
    });
    assert.equal(wrongPort.status, 403);
    for (const host of ['localhost', '127.0.0.1', '[::1]']) {
      const ok = await rawRequest({
        port: server.port,
        path: '/healthz',
        headers: { Host: `${host}:${server.port}` },
      });
      assert.equal(ok.status, 200, host);
    }
    assert.equal(server.stats().sessions, 0);
    await server.close();
  });

  test('a foreign Origin gets 403; loopback and configured origins pass, with CORS headers', async () => {
    const server = await start({ allowedOrigins: ['https://console.example.com'] });
    const foreign = await rawRequest({
      port: server.port,
      method: 'POST',
      headers: { ...MCP_POST_HEADERS, Origin: 'http://evil.example' },
      body: INITIALIZE,
    });
    assert.equal(foreign.status, 403);
    const nullOrigin = await rawRequest({
      port: server.port,
      method: 'POST',
      headers: { ...MCP_POST_HEADERS, Origin: 'null' },
      body: INITIALIZE,
    });
    assert.equal(nullOrigin.status, 403);
    assert.equal(server.stats().sessions, 0);
    for (const origin of ['http://localhost:6274', 'http://127.0.0.1:3000', 'https://console.example.com']) {
      const res = await rawRequest({
        port: server.port,
        method: 'POST',
        headers: { ...MCP_POST_HEADERS, Origin: origin },
        body: INITIALIZE,
      });
      assert.equal(res.status, 200, origin);
      assert.equal(res.headers['access-control-allow-origin'], origin);
      assert.match(String(res.headers['access-control-expose-headers']), /Mcp-Session-Id/);
    }
    const preflight = await rawRequest({
      port: server.port,
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:6274', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.status, 204);
    assert.match(String(preflight.headers['access-control-allow-headers']), /Mcp-Session-Id/);
    await server.close();
  });
});

describe('bearer token', () => {
  test('a non-loopback bind without a token refuses to start', async () => {
    for (const host of ['0.0.0.0', '::']) {
      await assert.rejects(start({ host }), /SENTINEL_MCP_HTTP_TOKEN/);
    }
  });

  test('with a token: none or a wrong one gets 401 with WWW-Authenticate; the right one works', async () => {
    const server = await start({ token: TOKEN });
    const none = await rawRequest({
      port: server.port,
      method: 'POST',
      headers: MCP_POST_HEADERS,
      body: INITIALIZE,
    });
    assert.equal(none.status, 401);
    assert.match(String(none.headers['www-authenticate']), /^Bearer/);
    for (const authorization of [
      'Bearer wrong-token-0123456789',
      `Basic ${TOKEN}`,
      'Bearer',
      `Bearer ${TOKEN}x`,
    ]) {
      const res = await rawRequest({
        port: server.port,
        method: 'POST',
        headers: { ...MCP_POST_HEADERS, Authorization: authorization },
        body: INITIALIZE,
      });
      assert.equal(res.status, 401, authorization);
      assert.match(String(res.headers['www-authenticate']), /^Bearer/);
      assert.ok(!res.body.includes(TOKEN));
    }
    const sse = await rawRequest({
      port: server.port,
      path: '/sse',
      headers: { Accept: 'text/event-stream' },
    });
    assert.equal(sse.status, 401);
    const messages = await rawRequest({
      port: server.port,
      method: 'POST',
      path: '/messages?sessionId=x',
      headers: MCP_POST_HEADERS,
      body: rpc(1, 'ping'),
    });
    assert.equal(messages.status, 401);
    assert.equal(server.stats().sessions, 0);

    const auth = { Authorization: `Bearer ${TOKEN}` };
    const streamable = await streamableClient(server.url, auth);
    assert.ok((await streamable.client.listTools()).tools.length > 0);
    await streamable.client.ping();
    const legacy = await sseClient(server.sseUrl, auth);
    assert.ok((await legacy.client.listTools()).tools.length > 0);
    await streamable.transport.terminateSession();
    await streamable.client.close();
    await legacy.client.close();

    const health = await rawRequest({ port: server.port, path: '/healthz' });
    assert.equal(health.status, 200);
    assert.ok(!health.body.includes(TOKEN));
    await server.close();
  });

  test('a non-loopback bind with a token starts and serves authorized clients', async () => {
    const server = await start({ host: '0.0.0.0', token: TOKEN });
    const url = `http://127.0.0.1:${server.port}/mcp`;
    const denied = await rawRequest({
      port: server.port,
      method: 'POST',
      headers: MCP_POST_HEADERS,
      body: INITIALIZE,
    });
    assert.equal(denied.status, 401);
    const { client, transport } = await streamableClient(url, { Authorization: `Bearer ${TOKEN}` });
    assert.ok((await client.listTools()).tools.length > 0);
    await transport.terminateSession();
    await client.close();
    await server.close();
  });
});

describe('healthz and shutdown', () => {
  test('GET /healthz answers {"status":"ok"} and nothing sensitive', async () => {
    const server = await start();
    const res = await rawRequest({ port: server.port, path: '/healthz' });
    assert.equal(res.status, 200);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    assert.equal(body.status, 'ok');
    assert.deepEqual(Object.keys(body).sort(), ['name', 'status', 'version']);
    await server.close();
  });

  test('close() ends live sessions, streams and keep-alive connections within seconds', async () => {
    const server = await start();
    const streamable = await streamableClient(server.url);
    const legacy = await sseClient(server.sseUrl);
    await streamable.client.listTools();
    await legacy.client.listTools();
    const held = rawRequest({
      port: server.port,
      headers: { Accept: 'text/event-stream', ...sessionHeaders(await openRawSession(server.port)) },
    });
    await delay(50);
    assert.equal(server.stats().sessions, 3);
    const began = Date.now();
    await server.close();
    assert.ok(Date.now() - began < 3000, `close took ${Date.now() - began} ms`);
    assert.equal(server.stats().sessions, 0);
    await held; // the held stream ended
    await server.close(); // idempotent
    await assert.rejects(rawRequest({ port: server.port, path: '/healthz' }));
    await streamable.client.close();
    await legacy.client.close();
  });
});

describe('http-security rules', () => {
  test('isLoopbackHost', () => {
    for (const h of [
      '127.0.0.1',
      '127.1.2.3',
      'localhost',
      'LOCALHOST',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
    ]) {
      assert.equal(isLoopbackHost(h), true, h);
    }
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.5', 'example.com', '128.0.0.1', '127.0.0.256']) {
      assert.equal(isLoopbackHost(h), false, h);
    }
  });

  test('isAllowedHost', () => {
    const policy = hostPolicy('127.0.0.1', 8000, ['mcp.example.com', 'proxy.example.com:443']);
    for (const h of [
      'localhost:8000',
      '127.0.0.1:8000',
      '[::1]:8000',
      'LocalHost:8000',
      'mcp.example.com',
      'mcp.example.com:9',
      'proxy.example.com:443',
    ]) {
      assert.equal(isAllowedHost(h, policy), true, h);
    }
    for (const h of [
      undefined,
      '',
      'localhost',
      'localhost:8001',
      'evil.example:8000',
      'evil@127.0.0.1:8000',
      '127.0.0.1:8000/x',
      'proxy.example.com',
      'localhost.:8000',
    ]) {
      assert.equal(isAllowedHost(h, policy), false, String(h));
    }
  });

  test('isAllowedOrigin', () => {
    for (const o of [
      'http://localhost',
      'http://localhost:6274',
      'https://127.0.0.1:1',
      'http://[::1]:3000',
      'https://ok.example',
    ]) {
      assert.equal(isAllowedOrigin(o, ['https://ok.example/']), true, o);
    }
    for (const o of [
      'null',
      'http://evil.example',
      'http://localhost.evil.example',
      'file://',
      'http://ok.example',
      'https://ok.example:444',
    ]) {
      assert.equal(isAllowedOrigin(o, ['https://ok.example/']), false, o);
    }
  });

  test('checkBearer', () => {
    const expected = tokenDigest(TOKEN);
    assert.equal(checkBearer(`Bearer ${TOKEN}`, expected), 'ok');
    assert.equal(checkBearer(`bearer ${TOKEN}`, expected), 'ok');
    assert.equal(checkBearer(undefined, expected), 'missing');
    assert.equal(checkBearer('', expected), 'missing');
    assert.equal(checkBearer(`Bearer ${TOKEN.slice(1)}`, expected), 'invalid');
    assert.equal(checkBearer(`Token ${TOKEN}`, expected), 'invalid');
    assert.equal(checkBearer(`Bearer ${TOKEN} extra`, expected), 'invalid');
  });
});
