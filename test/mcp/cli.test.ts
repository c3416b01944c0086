// The command line from a shell: tools, call, usage errors and exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURE_WORKSPACE, ROOT } from '../helpers/mcp.js';

const CLI = join(ROOT, 'dist', 'cli.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, SENTINEL_MCP_WORKSPACE: FIXTURE_WORKSPACE },
  });

test('tools lists every tool with its toolset', () => {
  const r = run('tools');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^sentinel_query_validate\s+\[logs\] Checks a KQL query/m);
  assert.match(r.stdout, /^sentinel_logs_tables_list\s+\[tables\]/m);
});

test('tools respects --toolsets', () => {
  const r = run('tools', '--toolsets', 'tables');
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /sentinel_query_validate/);
});

test("call sentinel_query_validate query='...' prints the result and exits 0", () => {
  const r = run('call', 'sentinel_query_validate', 'query=SecurityEvent | summarize count() by Computer');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Valid KQL\./);
  assert.match(r.stdout, /Result columns: Computer:string, count_:long/);
});

test('a tool error exits 1 and prints the error', () => {
  const r = run('call', 'sentinel_query_validate', 'query=.drop table T');
  assert.equal(r.status, 1);
  assert.match(r.stdout, /Error \[INVALID_ARGUMENT\]: Management commands/);
});

test('usage errors exit 2 with a message', () => {
  const bad = run('call', 'no_such_tool');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /Unknown tool "no_such_tool"/);
  const cfg = run('tools', '--port', 'abc');
  assert.equal(cfg.status, 2);
  assert.match(cfg.stderr, /--port \(or SENTINEL_MCP_PORT\): expected a port number/);
  assert.equal(run('--version').status, 0);
  const help = run('call', '--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /call one tool/);
});
