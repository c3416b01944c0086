// Secrets never reach the logs: the server process, run against the HTTPS fake of Azure with
// debug logging, signs in, calls every tool (with faults that make it log retries and errors),
// and its whole stderr is searched for the fake's client secret and for any access token the
// fake issued (every one starts with the same JWT header segment). The tool answers are searched too.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { startAzureFake, type AzureFake } from '../azure-fake/index.js';
import { FIXTURE_WORKSPACE, ROOT } from '../helpers/mcp.js';

/** The first segment of every token the fake issues (token-store.ts: base64url of this header). */
const TOKEN_HEADER = Buffer.from(
  JSON.stringify({ typ: 'JWT', alg: 'RS256', x5t: 'fake', kid: 'fake' }),
).toString('base64url');

let local: LocalBackend;
let fake: AzureFake;
let client: Client;
let stderr = '';

before(async () => {
  local = await LocalBackend.open({ folder: FIXTURE_WORKSPACE, logger: silentLogger() });
  fake = await startAzureFake({ backend: local });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      join(ROOT, 'src', 'cli.ts'),
      'serve',
      '--transport',
      'stdio',
      '--log-level',
      'debug',
    ],
    env: { ...fake.env(), PATH: process.env.PATH ?? '' },
    cwd: ROOT,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  client = new Client({ name: 'secrets-test', version: '1.0.0' });
  await client.connect(transport);
});

after(async () => {
  await client?.close();
  await fake?.close();
  await local?.close();
});

function textOf(result: CallToolResult): string {
  return JSON.stringify(result);
}

test('debug logs and tool answers never hold the client secret or an access token', async () => {
  const answers: string[] = [];
  const run = async (name: string, args: Record<string, unknown> = {}) => {
    answers.push(textOf((await client.callTool({ name, arguments: args })) as CallToolResult));
  };
  await run('sentinel_workspace_get');
  await run('sentinel_connection_test');
  await run('sentinel_authorization_summary');
  await run('sentinel_logs_tables_list', { include_stats: true });
  await run('sentinel_logs_table_schema_get', { table_name: 'SigninLogs' });
  await run('sentinel_logs_search', { query: 'SigninLogs | take 3', timespan: 'P30D' });
  // Faults: a retried 503, then a 401 and a 403 that end in errors: the paths that log most.
  fake.inject('query', { kind: 'status', status: 503 }, 1);
  await run('sentinel_logs_search', { query: 'SigninLogs | count', timespan: 'P30D' });
  fake.inject('query', { kind: 'status', status: 401 }, 5);
  await run('sentinel_logs_search', { query: 'Heartbeat | count', timespan: 'P1D' });
  fake.clearFaults();
  fake.inject('query', { kind: 'status', status: 403 }, 5);
  await run('sentinel_logs_search', { query: 'AppAudit_CL | count', timespan: 'P1D' });
  fake.clearFaults();
  await client.ping();

  const signedIn = fake.requests().filter((r) => r.route === 'token');
  assert.ok(signedIn.length > 0, 'the server signed in at the fake, so a token was issued');
  assert.match(stderr, /"level":"debug"/, 'debug logging was on');
  assert.ok(stderr.length > 0, 'the server wrote logs');
  const everything = [stderr, ...answers];
  for (const [i, text] of everything.entries()) {
    const where = i === 0 ? 'stderr' : `the answer ${i}`;
    assert.ok(!text.includes(fake.clientSecret), `the client secret in ${where}`);
    assert.ok(!text.includes(TOKEN_HEADER), `an issued access token in ${where}`);
    assert.doesNotMatch(text, /Bearer\s+[\w-]{20,}/, `a bearer token in ${where}`);
  }
});
