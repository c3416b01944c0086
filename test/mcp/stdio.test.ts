// The built server over stdio: a real SDK client, stdout purity, and shutdown on stdin close.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { FIXTURE_WORKSPACE, ROOT } from '../helpers/mcp.js';

const CLI = join(ROOT, 'dist', 'cli.js');

test('an SDK client over stdio initializes, lists tools and validates', async () => {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'serve', '--transport', 'stdio', '--workspace', FIXTURE_WORKSPACE, '--log-level', 'warn'],
    stderr: 'pipe',
  });
  const client = new Client({ name: 'stdio-test', version: '1.0.0' });
  await client.connect(transport);
  try {
    assert.equal(client.getServerVersion()?.name, 'sentinel-mcp');
    assert.match(client.getInstructions() ?? '', /sentinel_query_validate/);
    const { tools } = await client.listTools();
    assert.ok(tools.some((t) => t.name === 'sentinel_query_validate'));
    const r = (await client.callTool({
      name: 'sentinel_query_validate',
      arguments: { query: 'SecurityEvent | project NoSuchColumn' },
    })) as CallToolResult;
    assert.equal((r.structuredContent as { valid: boolean }).valid, false);
    const { resources } = await client.listResources();
    assert.ok(resources.length >= 8);
  } finally {
    await client.close();
  }
});

test('stdout carries nothing but JSON-RPC messages, and the process exits when stdin closes', async () => {
  const child = spawn(process.execPath, [CLI, '--workspace', FIXTURE_WORKSPACE, '--log-level', 'debug'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const send = (m: object) => child.stdin.write(`${JSON.stringify(m)}\n`);
  send({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  send({
    jsonrpc: '2.0',
    id: 3,
    method: 'tools/call',
    params: { name: 'sentinel_query_validate', arguments: { query: 'Heartbeat | take 1' } },
  });
  send({
    jsonrpc: '2.0',
    id: 4,
    method: 'tools/call',
    params: { name: 'sentinel_query_validate', arguments: { query: 1 } },
  });
  const deadline = Date.now() + 30_000;
  const answered = () => [1, 2, 3, 4].every((id) => stdout.includes(`"id":${id}`));
  while (!answered() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const started = Date.now();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stdin.end();
  const code = await exited;
  assert.ok(Date.now() - started < 5_000, 'exits within 5 s of stdin closing');
  assert.equal(code, 0);
  const lines = stdout.split('\n').filter((l) => l.length > 0);
  assert.ok(lines.length >= 4, `expected 4 responses, got: ${stdout.slice(0, 300)}`);
  for (const line of lines) {
    const message = JSON.parse(line) as { jsonrpc?: string };
    assert.equal(message.jsonrpc, '2.0', `not JSON-RPC: ${line.slice(0, 200)}`);
  }
  assert.ok(stderr.includes('"level":"debug"') || stderr.includes('"level":"info"'), 'logs go to stderr');
});
