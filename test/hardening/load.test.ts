// A small version of the load test (`npm run load`): 5 Streamable HTTP clients, 200 calls mixed
// across tools on the demo, every answer checked; the bench exits non-zero on a lost or wrong answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../helpers/mcp.js';

test('5 clients × 200 calls over Streamable HTTP: no lost or wrong answer', async () => {
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'bench', 'load.ts'),
      '--clients',
      '5',
      '--calls',
      '200',
      '--runs',
      '1',
      '--no-write',
    ],
    { cwd: ROOT, timeout: 60_000 },
  );
  assert.match(stderr, /run 1: 200\/200 ok, 0 lost, 0 wrong/);
  assert.match(stderr, /sessions open after: 0/);
  assert.match(stdout, /\| 1 \| 200 \| 200 \| 0 \| 0 \|/);
});
