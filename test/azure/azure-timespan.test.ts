// The time range Azure queries are sent with: given, or derived from the query (largest ago() plus
// 10%, reaching back to the earliest datetime() literal), else 7 days; said back in the result.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseKqlTimespan, resolveQueryWindow, scanQueryWindow } from '../../src/backends/azure/timespan.js';
import { ToolError } from '../../src/util/errors.js';

const DAY = 86_400_000;
const NOW = Date.parse('2024-06-01T12:00:00Z');

test('KQL timespan literals', () => {
  assert.equal(parseKqlTimespan('30d'), 30 * DAY);
  assert.equal(parseKqlTimespan('1.5h'), 1.5 * 3_600_000);
  assert.equal(parseKqlTimespan('90m'), 90 * 60_000);
  assert.equal(parseKqlTimespan('45s'), 45_000);
  assert.equal(parseKqlTimespan('250ms'), 250);
  assert.equal(parseKqlTimespan('2days'), 2 * DAY);
  assert.equal(parseKqlTimespan('3 hours'), 3 * 3_600_000);
  assert.equal(parseKqlTimespan('time(1.02:00:00)'), DAY + 2 * 3_600_000);
  assert.equal(parseKqlTimespan('timespan(00:30:00)'), 30 * 60_000);
  assert.equal(parseKqlTimespan('totimespan("1d")'), DAY);
  assert.equal(parseKqlTimespan('-1d'), -DAY);
  assert.equal(parseKqlTimespan('(7d)'), 7 * DAY);
  assert.equal(parseKqlTimespan('lookback'), undefined);
  assert.equal(parseKqlTimespan('7x'), undefined);
});

test('the largest ago() wins, plus 10%', () => {
  const r = resolveQueryWindow(
    'SigninLogs | where TimeGenerated > ago(1d) | join (AuditLogs | where TimeGenerated > ago(30d)) on CorrelationId',
    undefined,
    NOW,
  );
  assert.deepEqual(r.window, { duration: 'P33D' });
  assert.match(r.description, /^P33D \(derived: the largest ago\(\) in the query, 30d, plus 10%\)$/);
});

test('ago() in strings and comments does not count; let bindings and now(-x) do', () => {
  const scan = scanQueryWindow(
    [
      '// ago(365d) in a comment',
      'let lookback = 14d;',
      'SecurityEvent',
      '| where Activity has "ago(90d)" and Msg != @\'ago(60d)\'',
      '| where TimeGenerated > ago(lookback) or TimeGenerated < now(-2d)',
    ].join('\n'),
  );
  assert.equal(scan.largestAgoMs, 14 * DAY);
  assert.equal(scan.largestAgoText, 'lookback');
  assert.equal(scan.unreadable, 0);
});

test('no ago(): 7 days, and the result says why', () => {
  const r = resolveQueryWindow('SecurityEvent | count', undefined, NOW);
  assert.deepEqual(r.window, { duration: 'P7D' });
  assert.match(
    r.description,
    /^P7D \(default: the query has no ago\(\) or datetime\(\); pass timespan to choose\)$/,
  );
  const unreadable = resolveQueryWindow('SecurityEvent | where TimeGenerated > ago(x * 2)', undefined, NOW);
  assert.match(unreadable.description, /^P7D \(default: the ago\(\) in the query could not be read/);
});

test('a datetime() literal older than the ago() window widens it', () => {
  const r = resolveQueryWindow(
    'SecurityEvent | where TimeGenerated between (datetime(2024-05-01) .. datetime(2024-05-02)) | where x > ago(1d)',
    undefined,
    NOW,
  );
  // 31.5 days back to 2024-05-01T00:00Z, plus 10% (34.65 days), up to the minute
  assert.deepEqual(r.window, { duration: 'P34DT15H36M' });
  assert.match(r.description, /earliest datetime\(\)/);
  // todatetime(), datetime_add() and column types are not literals
  assert.equal(
    scanQueryWindow('T | extend d = todatetime("2020-01-01") | project-reorder d:datetime')
      .earliestDatetimeMs,
    undefined,
  );
});

test('a given timespan or interval is used as is', () => {
  assert.deepEqual(resolveQueryWindow('T | where x > ago(30d)', { duration: 'PT1H' }, NOW), {
    window: { duration: 'PT1H' },
    description: 'PT1H (given)',
  });
  const start = new Date('2024-05-01T00:00:00Z');
  const end = new Date('2024-05-02T00:00:00Z');
  const r = resolveQueryWindow('T', { start, end }, NOW);
  assert.deepEqual(r.window, { startTime: start, endTime: end });
  assert.equal(r.description, '2024-05-01T00:00:00.000Z/2024-05-02T00:00:00.000Z (given)');
  assert.throws(
    () => resolveQueryWindow('T', { duration: 'P1M' }, NOW),
    (e: unknown) => e instanceof ToolError && e.code === 'INVALID_ARGUMENT',
  );
});
