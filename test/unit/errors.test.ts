import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderError, structuredError, toToolError, ToolError } from '../../src/util/errors.js';

test('a tool error renders as Error [CODE]: message. Hint: hint', () => {
  const e = new ToolError('NOT_FOUND', 'No table named X', { hint: 'List tables first.' });
  assert.equal(renderError(e), 'Error [NOT_FOUND]: No table named X. Hint: List tables first.');
  assert.deepEqual(structuredError(e), {
    code: 'NOT_FOUND',
    message: 'No table named X',
    hint: 'List tables first.',
    retryable: false,
  });
});

test('throttling and upstream failures are retryable by default', () => {
  assert.equal(new ToolError('THROTTLED', 'x').retryable, true);
  assert.equal(new ToolError('UPSTREAM', 'x').retryable, true);
  assert.equal(new ToolError('INVALID_ARGUMENT', 'x').retryable, false);
});

test('unknown errors become INTERNAL without their stack', () => {
  const inner = new Error('boom\n    at secret (/home/x.js:1:1)');
  const e = toToolError(inner);
  assert.equal(e.code, 'INTERNAL');
  assert.doesNotMatch(renderError(e), /at secret/);
  assert.match(renderError(e), /^Error \[INTERNAL\]: Unexpected failure: boom\./);
});

test('abort errors become CANCELLED', () => {
  const abort = new Error('aborted');
  abort.name = 'AbortError';
  assert.equal(toToolError(abort).code, 'CANCELLED');
});
