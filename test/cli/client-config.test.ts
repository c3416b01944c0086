// `sentinel-mcp config CLIENT`: each snippet has its client's shape, its command starts the server and
// answers tools/list, and no secret from the environment is ever printed.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { clientSnippet, httpUrl, shellQuote } from '../../src/cli/client-config.js';
import { FIXTURE_WORKSPACE, ROOT, testConfig } from '../helpers/mcp.js';

const CLI = join(ROOT, 'dist', 'cli.js');
const SECRET = 'S3cret-value-never-printed-7f3a';
const TOKEN = 'http-token-never-printed-9b2c';
const WORKSPACE_ID = '11111111-2222-3333-4444-555555555555';

/** The environment without any Sentinel or Azure setting of the machine running the tests. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('AZURE_') && !k.startsWith('SENTINEL_MCP_')) env[k] = v;
  return { ...env, ...extra };
}

function runConfig(args: string[], extra: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, 'config', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    cwd: mkdtempSync(join(tmpdir(), 'sentinel-mcp-config-')),
    env: cleanEnv(extra),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Splits a shell line into words: single quotes, double quotes with $NAME, backslash escapes. */
function shellWords(line: string, env: Record<string, string> = {}): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? '';
    if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      assert.ok(end > i, `unterminated ' in ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (ch === '"') {
      const end = line.indexOf('"', i + 1);
      assert.ok(end > i, `unterminated " in ${line}`);
      word = (word ?? '') + line.slice(i + 1, end).replace(/\$(\w+)/g, (_, name: string) => env[name] ?? '');
      i = end;
    } else if (ch === '\\') {
      word = (word ?? '') + (line[i + 1] ?? '');
      i++;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

async function listToolsOver(transport: Transport): Promise<string[]> {
  const client = new Client({ name: 'config-test', version: '1.0.0' });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    return tools.map((t) => t.name);
  } finally {
    await client.close();
  }
}

interface StdioEntry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

async function listToolsWith(entry: StdioEntry): Promise<string[]> {
  return listToolsOver(
    new StdioClientTransport({
      command: entry.command,
      args: entry.args,
      env: { ...getDefaultEnvironment(), ...entry.env },
      cwd: mkdtempSync(join(tmpdir(), 'sentinel-mcp-client-')),
      stderr: 'pipe',
    }),
  );
}

const FLAGS = ['--workspace', FIXTURE_WORKSPACE, '--toolsets', 'logs,tables'];

function assertStdioEntry(value: unknown): asserts value is StdioEntry {
  const e = value as StdioEntry;
  assert.equal(e.command, 'node');
  assert.ok(Array.isArray(e.args) && e.args.every((a) => typeof a === 'string'));
  assert.equal(e.args[0], CLI, 'the absolute path of dist/cli.js');
  assert.deepEqual(e.args.slice(1, 3), ['--transport', 'stdio']);
  assert.ok(e.args.includes(FIXTURE_WORKSPACE));
}

function assertLogsAndTablesOnly(tools: string[]): void {
  assert.ok(tools.includes('sentinel_logs_search'));
  assert.ok(tools.includes('sentinel_logs_tables_list'));
  assert.ok(!tools.includes('sentinel_workspace_get'), 'the --toolsets setting is carried over');
}

test('claude-desktop: mcpServers.sentinel {command, args} that starts the server', async () => {
  const r = runConfig(['claude-desktop', ...FLAGS]);
  assert.equal(r.status, 0, r.stderr);
  const parsed = JSON.parse(r.stdout) as { mcpServers: Record<string, unknown> };
  assert.deepEqual(Object.keys(parsed), ['mcpServers']);
  const entry = parsed.mcpServers.sentinel;
  assertStdioEntry(entry);
  assert.match(r.stderr, /claude_desktop_config\.json/);
  assertLogsAndTablesOnly(await listToolsWith(entry));
});

test('cursor: mcpServers.sentinel that starts the server', async () => {
  const r = runConfig(['cursor', ...FLAGS]);
  assert.equal(r.status, 0, r.stderr);
  const entry = (JSON.parse(r.stdout) as { mcpServers: Record<string, unknown> }).mcpServers.sentinel;
  assertStdioEntry(entry);
  assert.match(r.stderr, /\.cursor\/mcp\.json/);
  assertLogsAndTablesOnly(await listToolsWith(entry));
});

test('vscode: servers.sentinel {type: stdio, command, args} that starts the server', async () => {
  const r = runConfig(['vscode', ...FLAGS]);
  assert.equal(r.status, 0, r.stderr);
  const parsed = JSON.parse(r.stdout) as { servers: Record<string, { type: string }> };
  assert.deepEqual(Object.keys(parsed), ['servers']);
  const entry = parsed.servers.sentinel;
  assert.equal(entry?.type, 'stdio');
  assertStdioEntry(entry);
  assertLogsAndTablesOnly(await listToolsWith(entry));
});

test('claude-code: a claude mcp add line whose command after -- starts the server', async () => {
  const r = runConfig(['claude-code', ...FLAGS]);
  assert.equal(r.status, 0, r.stderr);
  const words = shellWords(r.stdout.trim());
  assert.deepEqual(words.slice(0, 4), ['claude', 'mcp', 'add', 'sentinel']);
  const dash = words.indexOf('--');
  assert.ok(dash > 0);
  const [command, ...args] = words.slice(dash + 1);
  const entry = { command: command ?? '', args };
  assertStdioEntry(entry);
  assertLogsAndTablesOnly(await listToolsWith(entry));
});

test('claude-code: --env pairs survive quoting, the secret is a shell reference', () => {
  const r = runConfig(['claude-code', '--workspace', "/tmp/it's here"], {
    AZURE_WORKSPACE_ID: WORKSPACE_ID,
    AZURE_RESOURCE_GROUP: 'rg with space',
    AZURE_CLIENT_SECRET: SECRET,
  });
  assert.equal(r.status, 0, r.stderr);
  const words = shellWords(r.stdout.trim(), { AZURE_CLIENT_SECRET: 'from-shell' });
  const envs = words.flatMap((w, i) => (words[i - 1] === '--env' ? [w] : []));
  assert.ok(envs.includes(`AZURE_WORKSPACE_ID=${WORKSPACE_ID}`));
  assert.ok(envs.includes('AZURE_RESOURCE_GROUP=rg with space'));
  assert.ok(envs.includes('AZURE_CLIENT_SECRET=from-shell'), 'the shell fills the secret in');
  assert.ok(!r.stdout.includes(SECRET));
  assert.equal(shellWords(shellQuote("it's a 'test'"))[0], "it's a 'test'");
});

test('http: the URL of the configured host and port, which a Streamable HTTP client reaches', async () => {
  const port = await freePort();
  const r = runConfig(['http', '--port', String(port), '--workspace', FIXTURE_WORKSPACE]);
  assert.equal(r.status, 0, r.stderr);
  const entry = (JSON.parse(r.stdout) as { mcpServers: Record<string, { type: string; url: string }> })
    .mcpServers.sentinel;
  assert.equal(entry?.type, 'http');
  assert.equal(entry?.url, `http://127.0.0.1:${port}/mcp`);
  // Start the server the way the note on stderr says.
  const start = /Start the server with: (.*)/.exec(r.stderr)?.[1];
  assert.ok(start, r.stderr);
  const [name, ...args] = shellWords(start);
  assert.equal(name, 'sentinel-mcp');
  const child = spawn(process.execPath, [CLI, ...args, '--log-level', 'warn'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: cleanEnv(),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('listening on')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
    });
    const tools = await listToolsOver(new StreamableHTTPClientTransport(new URL(entry.url)));
    assert.ok(tools.includes('sentinel_logs_search'));
  } finally {
    child.kill('SIGTERM');
  }
});

test('http: a token makes a header block with a placeholder; wildcard hosts are reached on loopback', () => {
  const r = runConfig(['http', '--host', '0.0.0.0', '--port', '9123'], { SENTINEL_MCP_HTTP_TOKEN: TOKEN });
  assert.equal(r.status, 0, r.stderr);
  const entry = (
    JSON.parse(r.stdout) as {
      mcpServers: Record<string, { url: string; headers: Record<string, string> }>;
    }
  ).mcpServers.sentinel;
  assert.equal(entry?.url, 'http://127.0.0.1:9123/mcp');
  assert.equal(entry?.headers.Authorization, 'Bearer ${env:SENTINEL_MCP_HTTP_TOKEN}');
  assert.ok(!`${r.stdout}${r.stderr}`.includes(TOKEN));
  assert.equal(httpUrl('::1', 8000), 'http://[::1]:8000/mcp');
});

test('Azure settings go to env with their values; secrets never appear in any output', () => {
  const env = {
    AZURE_TENANT_ID: 'contoso.onmicrosoft.com',
    AZURE_CLIENT_ID: 'client-id-1',
    AZURE_CLIENT_SECRET: SECRET,
    AZURE_SUBSCRIPTION_ID: '00000000-0000-0000-0000-000000000001',
    AZURE_RESOURCE_GROUP: 'rg-sec',
    AZURE_WORKSPACE_NAME: 'law-sec',
    AZURE_WORKSPACE_ID: WORKSPACE_ID,
    SENTINEL_MCP_HTTP_TOKEN: TOKEN,
  };
  for (const client of ['claude-desktop', 'claude-code', 'vscode', 'cursor', 'http']) {
    for (const extra of [[], ['--npx']]) {
      const r = runConfig([client, ...extra], env);
      assert.equal(r.status, 0, r.stderr);
      const all = `${r.stdout}${r.stderr}`;
      assert.ok(!all.includes(SECRET), `${client}: the client secret is printed`);
      assert.ok(!all.includes(TOKEN), `${client}: the HTTP token is printed`);
      if (client === 'http' || client === 'claude-code') continue;
      const parsed = JSON.parse(r.stdout) as {
        mcpServers?: Record<string, StdioEntry>;
        servers?: Record<string, StdioEntry>;
      };
      const entry = (parsed.mcpServers ?? parsed.servers)?.sentinel;
      assert.equal(entry?.env?.AZURE_WORKSPACE_ID, WORKSPACE_ID);
      assert.equal(entry?.env?.AZURE_RESOURCE_GROUP, 'rg-sec');
      const placeholder = {
        'claude-desktop': '<set AZURE_CLIENT_SECRET here>',
        cursor: '${env:AZURE_CLIENT_SECRET}',
        vscode: '${input:azure-client-secret}',
      }[client];
      assert.equal(entry?.env?.AZURE_CLIENT_SECRET, placeholder);
      if (extra.length > 0) {
        assert.equal(entry?.command, 'npx');
        assert.deepEqual(entry?.args, ['-y', 'sentinel-mcp', '--transport', 'stdio']);
      }
    }
  }
});

test('the snippet builder carries over backend, writes, log level and auth', () => {
  const config = testConfig(
    { backend: 'local', enableWrites: true, logLevel: 'debug', auth: 'device-code' },
    { AZURE_WORKSPACE_ID: WORKSPACE_ID },
  );
  const s = clientSnippet('claude-desktop', config, { cliPath: '/x/cli.js' });
  const entry = (JSON.parse(s.text) as { mcpServers: Record<string, StdioEntry> }).mcpServers.sentinel;
  assert.deepEqual(entry?.args, [
    '/x/cli.js',
    '--transport',
    'stdio',
    '--backend',
    'local',
    '--enable-writes',
    '--log-level',
    'debug',
    '--auth',
    'device-code',
  ]);
  assert.equal(entry?.env, undefined, 'Azure variables are left out when the backend is local');
});

test('an unknown client is a usage error (exit 2)', () => {
  const r = runConfig(['notepad']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Allowed choices are claude-desktop, claude-code, vscode, cursor, http/);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
