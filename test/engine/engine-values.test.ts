// Literal parsing and result formatting for datetime, timespan and dynamic values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatDatetime,
  formatTimespan,
  parseDatetimeText,
  parseTimespanText,
} from '../../src/kql/engine/values.js';
import { dynamicLiteralJson } from '../../src/kql/engine/dynamic-literal.js';

test('datetime text: ISO forms, offsets, fractions to 100 ns, m/d/yyyy', () => {
  assert.equal(
    formatDatetime(parseDatetimeText('2024-01-02 03:04:05.1234567') ?? 0n),
    '2024-01-02T03:04:05.1234567Z',
  );
  assert.equal(formatDatetime(parseDatetimeText('2024-01-02T03:04:05+02:00') ?? 0n), '2024-01-02T01:04:05Z');
  assert.equal(formatDatetime(parseDatetimeText('2024-01-02') ?? 0n), '2024-01-02T00:00:00Z');
  assert.equal(formatDatetime(parseDatetimeText('01/16/2022 10:00:00') ?? 0n), '2022-01-16T10:00:00Z');
  assert.equal(parseDatetimeText('2024-02-30'), null);
  assert.equal(formatDatetime(-1n * 100n), '1969-12-31T23:59:59.9999999Z');
});

test('timespan text: units, clock forms, sign', () => {
  assert.equal(parseTimespanText('1.5h'), 54_000_000_000n);
  assert.equal(parseTimespanText('10ms'), 100_000n);
  assert.equal(parseTimespanText('time(1.02:03:04)'), 937_840_000_000n);
  assert.equal(parseTimespanText('-00:00:01.5'), -15_000_000n);
  assert.equal(parseTimespanText('2d'), 1_728_000_000_000n);
  assert.equal(parseTimespanText('1tick'), 1n);
  assert.equal(formatTimespan(937_840_000_001n), '1.02:03:04.0000001');
  assert.equal(formatTimespan(-15_000_000n), '-00:00:01.5');
});

test('dynamic literals: single quotes, typed scalars, adjacent strings', () => {
  assert.equal(dynamicLiteralJson(`{'a': [1, 'x'], "b": null}`), '{"a":[1,"x"],"b":null}');
  assert.equal(
    dynamicLiteralJson('[datetime(2024-01-01), 1h, guid(ABC)]'),
    '["2024-01-01T00:00:00Z","01:00:00","abc"]',
  );
  assert.equal(dynamicLiteralJson('["a" "b"]'), '["ab"]');
  assert.equal(dynamicLiteralJson('[1,'), undefined);
});
