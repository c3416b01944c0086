// The human CLI: `query` as a table, CSV or JSON; `call` rendering; no spinner off a terminal; exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isQueryShaped, renderAlignedTable, renderToolResult } from '../../src/cli/render.js';
import { SPINNER_FRAMES, startSpinner } from '../../src/cli/spinner.js';
import { FIXTURE_WORKSPACE, ROOT } from '../helpers/mcp.js';

const CLI = join(ROOT, 'dist', 'cli.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args, '--workspace', FIXTURE_WORKSPACE], {
    encoding: 'utf8',
    timeout: 60_000,
  });

const KQL =
  'SigninLogs | project TimeGenerated, UserPrincipalName, ResultType, DurationMs | sort by TimeGenerated asc';

function assertNoSpinner(stderr: string): void {
  assert.ok(!SPINNER_FRAMES.some((f) => stderr.includes(f)), `spinner on a non-TTY stderr: ${stderr}`);
  assert.ok(!stderr.includes('\r') && !stderr.includes('\x1b['), 'no control sequences');
}

test('query prints an aligned table with column types, the row count and the time', () => {
  const r = run('query', KQL);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.match(
    lines[0] ?? '',
    /^TimeGenerated \(datetime\)\s+UserPrincipalName \(string\)\s+ResultType \(string\)\s+DurationMs \(long\)$/,
  );
  assert.match(lines[1] ?? '', /^-+ {2}-+ {2}-+ {2}-+$/);
  assert.match(lines[2] ?? '', /^2024-06-01T09:12:44Z\s+ana\.silva@example\.com\s+0$/);
  // Columns line up: every value of a column starts at the offset of its header.
  const at = (line: string, text: string) => line.indexOf(text);
  assert.equal(at(lines[2] ?? '', 'ana.silva'), at(lines[0] ?? '', 'UserPrincipalName'));
  assert.equal(at(lines[4] ?? '', 'li.wei'), at(lines[0] ?? '', 'UserPrincipalName'));
  assert.match(r.stdout, /^3 of 3 rows · [\d.]+ ms · local backend$/m);
  assertNoSpinner(r.stderr);
});

test('query says when rows were left out', () => {
  const r = run('query', KQL, '--max-rows', '2');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^2 rows; truncated at max_rows: raise max_rows or narrow the query · [\d.]+ ms/m);
  assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('2024-')).length, 2);
});

test('query --format csv prints only CSV on stdout, the summary on stderr', () => {
  const r = run('query', KQL, '--format', 'csv');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    r.stdout,
    'TimeGenerated,UserPrincipalName,ResultType,DurationMs\n' +
      '2024-06-01T09:12:44Z,ana.silva@example.com,0,\n' +
      '2024-06-01T09:40:02Z,ana.silva@example.com,50126,\n' +
      '2024-06-01T10:05:51Z,li.wei@example.com,0,\n',
  );
  assert.match(r.stderr, /^3 of 3 rows · [\d.]+ ms · local backend\n$/);
  assertNoSpinner(r.stderr);
});

test('query --format json prints the rows as objects', () => {
  const r = run('query', KQL, '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
  assert.equal(rows.length, 3);
  assert.deepEqual(rows[1], {
    TimeGenerated: '2024-06-01T09:40:02Z',
    UserPrincipalName: 'ana.silva@example.com',
    ResultType: '50126',
    DurationMs: null,
  });
  assertNoSpinner(r.stderr);
});

test('query --json prints the whole structured result', () => {
  const r = run('query', KQL, '--json');
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout) as unknown;
  assert.ok(isQueryShaped(result));
  assert.equal(result.row_count, 3);
});

test('exit codes: 1 for a tool error, 2 for usage', () => {
  const bad = run('query', 'NoSuchTable | take 1');
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /^Error \[KQL_SEMANTIC\]/);
  assertNoSpinner(bad.stderr);
  const format = run('query', KQL, '--format', 'xml');
  assert.equal(format.status, 2);
  assert.match(format.stderr, /Allowed choices are table, csv, json/);
  assert.equal(run('query').status, 2);
});

test('call renders query-shaped results as the same table, anything else as the tool text', () => {
  const q = run('call', 'sentinel_logs_search', `query=${KQL}`);
  assert.equal(q.status, 0, q.stderr);
  assert.match(q.stdout, /^TimeGenerated \(datetime\)\s+UserPrincipalName \(string\)/);
  const w = run('call', 'sentinel_workspace_get');
  assert.equal(w.status, 0, w.stderr);
  assert.match(w.stdout, /^backend: local$/m);
  assert.match(w.stdout, /^name: fixture-workspace$/m);
  const csv = run('call', 'sentinel_logs_search', `query=${KQL}`, '--format', 'csv');
  assert.match(csv.stdout, /^TimeGenerated,UserPrincipalName,ResultType,DurationMs\n/);
});

test('the aligned table: numbers right-aligned, long cells and newlines kept on one line', () => {
  const out = renderAlignedTable(
    [
      { name: 'n', type: 'long' },
      { name: 's', type: 'string' },
    ],
    [
      [5, 'a\nb'],
      [12345, 'x'.repeat(100)],
      [null, null],
    ],
    10,
  );
  assert.equal(
    out,
    ['n (long)  s (string)', '--------  ----------', '       5  a↵b', '   12345  xxxxxxxxx…', ''].join('\n'),
  );
  const text: CallToolResult = { content: [{ type: 'text', text: 'plain' }], structuredContent: { a: 1 } };
  assert.deepEqual(renderToolResult(text), { stdout: 'plain\n', stderr: '' });
});

test('the spinner draws on a TTY after the delay and clears its line; draws nothing otherwise', async () => {
  const tty: string[] = [];
  const spinner = startSpinner({ isTTY: true, write: (s) => tty.push(s) > 0 }, 'Working', {
    delayMs: 20,
    intervalMs: 10,
  });
  assert.equal(tty.length, 0, 'nothing before the delay');
  await new Promise((r) => setTimeout(r, 80));
  spinner.stop();
  spinner.stop();
  assert.ok(tty.length >= 2);
  assert.match(tty[0] ?? '', /^\r⠋ Working \d+\.\ds/);
  assert.equal(tty.at(-1), '\r\x1b[K');
  const pipe: string[] = [];
  const quiet = startSpinner({ isTTY: false, write: (s) => pipe.push(s) > 0 }, 'Working', { delayMs: 0 });
  await new Promise((r) => setTimeout(r, 30));
  quiet.stop();
  assert.deepEqual(pipe, []);
});
