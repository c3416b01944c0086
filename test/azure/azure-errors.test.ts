// Retry rules (src/util/retry.ts) and the mapping of Azure failures to ToolError codes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHttpHeaders, RestError } from '@azure/core-rest-pipeline';
import { toAzureToolError } from '../../src/backends/azure/errors.js';
import {
  backoffDelayInMs,
  isRetryableStatus,
  isTransientNetworkError,
  retry,
  retryAfterInMs,
  retryStopOf,
} from '../../src/util/retry.js';

function headers(values: Record<string, string>) {
  return createHttpHeaders(values);
}

test('Retry-After: seconds, HTTP date, and the millisecond variants', () => {
  const now = Date.parse('2024-06-01T12:00:00Z');
  assert.equal(retryAfterInMs(headers({ 'retry-after': '3' }), now), 3000);
  assert.equal(retryAfterInMs(headers({ 'retry-after': 'Sat, 01 Jun 2024 12:00:05 GMT' }), now), 5000);
  assert.equal(retryAfterInMs(headers({ 'retry-after-ms': '250' }), now), 250);
  assert.equal(retryAfterInMs(headers({ 'x-ms-retry-after-ms': '40', 'retry-after': '9' }), now), 40);
  assert.equal(retryAfterInMs(headers({}), now), undefined);
  assert.equal(retryAfterInMs(headers({ 'retry-after': 'soon' }), now), undefined);
});

test('backoff doubles, has jitter within [half, full], honours Retry-After, and is capped', () => {
  const o = { baseDelayInMs: 100, maxDelayInMs: 1000 };
  assert.equal(
    backoffDelayInMs(0, o, undefined, () => 0),
    50,
  );
  assert.equal(
    backoffDelayInMs(0, o, undefined, () => 1),
    100,
  );
  assert.equal(
    backoffDelayInMs(2, o, undefined, () => 1),
    400,
  );
  assert.equal(
    backoffDelayInMs(10, o, undefined, () => 1),
    1000,
  );
  assert.equal(backoffDelayInMs(0, o, 700), 700);
  assert.equal(backoffDelayInMs(0, o, 5000), 1000);
});

test('what is retryable', () => {
  for (const s of [408, 429, 500, 502, 503, 504]) assert.equal(isRetryableStatus(s), true, String(s));
  for (const s of [400, 401, 403, 404, 409, 501]) assert.equal(isRetryableStatus(s), false, String(s));
  assert.equal(isTransientNetworkError(Object.assign(new Error('x'), { code: 'ECONNRESET' })), true);
  assert.equal(isTransientNetworkError(Object.assign(new Error('x'), { code: 'ENOTFOUND' })), false);
  const abort = Object.assign(new Error('x'), { name: 'AbortError', code: 'ECONNRESET' });
  assert.equal(isTransientNetworkError(abort), false);
});

test('the loop retries until success, and stops at the deadline instead of sleeping past it', async () => {
  let calls = 0;
  const ok = await retry(
    async () => {
      calls++;
      if (calls < 3) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
      return 'done';
    },
    {
      classify: (o) => ('error' in o ? { retry: true, reason: 'reset' } : { retry: false }),
      baseDelayInMs: 1,
      maxDelayInMs: 5,
    },
  );
  assert.equal(ok.value, 'done');
  assert.equal(ok.stop.attempts, 3);

  const started = Date.now();
  const throttled = await retry(async () => 429, {
    classify: () => ({ retry: true, reason: '429', retryAfterInMs: 10_000 }),
    deadline: Date.now() + 200,
  });
  assert.equal(throttled.value, 429);
  assert.equal(throttled.stop.reason, 'deadline');
  assert.ok(Date.now() - started < 5000, 'gave up at once rather than waiting 10 s');

  const error = await retry(
    async () => {
      throw Object.assign(new Error('boom'), { code: 'ECONNRESET' });
    },
    { classify: () => ({ retry: true, reason: 'reset' }), maxRetries: 2, baseDelayInMs: 1 },
  ).catch((e: unknown) => e);
  assert.equal(retryStopOf(error)?.reason, 'max-retries');
  assert.equal(retryStopOf(error)?.attempts, 3);
});

test('an abort cuts a wait short', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 20);
  const started = Date.now();
  await assert.rejects(
    retry(async () => 503, {
      classify: () => ({ retry: true, reason: '503', retryAfterInMs: 5000 }),
      maxDelayInMs: 10_000,
      abortSignal: controller.signal,
    }),
    (e: unknown) => e instanceof Error && e.name === 'AbortError',
  );
  assert.ok(Date.now() - started < 2500);
});

function restError(status: number, body: unknown, extraHeaders: Record<string, string> = {}): RestError {
  const text = JSON.stringify(body);
  return new RestError(`status ${status}`, {
    statusCode: status,
    response: {
      status,
      headers: headers(extraHeaders),
      bodyAsText: text,
      request: undefined as never,
    },
  });
}

test('status codes map to error codes with fixes', () => {
  const ctx = {
    operation: 'running the query',
    permission: 'Microsoft.OperationalInsights/workspaces/query/read',
  };
  const syntax = toAzureToolError(
    restError(400, {
      error: {
        code: 'BadArgumentError',
        message: 'The request had some invalid properties',
        innererror: {
          code: 'SyntaxError',
          message: 'A recognition error occurred in the query.',
          innererror: { code: 'SYN0002', message: "Query could not be parsed at 'whre' on line [1,15]" },
        },
      },
    }),
    ctx,
  );
  assert.equal(syntax.code, 'KQL_SYNTAX');
  assert.match(syntax.message, /Query could not be parsed at 'whre'/);
  const semantic = toAzureToolError(
    restError(400, {
      error: {
        code: 'BadArgumentError',
        message: 'bad',
        innererror: {
          code: 'SemanticError',
          message: "'where' operator: Failed to resolve column named 'Foo'",
        },
      },
    }),
    ctx,
  );
  assert.equal(semantic.code, 'KQL_SEMANTIC');
  assert.equal(
    toAzureToolError(restError(401, { error: { code: 'InvalidAuthenticationToken' } }), ctx).code,
    'AUTH',
  );
  const forbidden = toAzureToolError(
    restError(403, {
      error: {
        code: 'AuthorizationFailed',
        message:
          "The client 'x@contoso.com' with object id 'o' does not have authorization to perform action 'Microsoft.OperationalInsights/workspaces/tables/read' over scope '/subscriptions/s' or the scope is invalid.",
      },
    }),
    ctx,
  );
  assert.equal(forbidden.code, 'FORBIDDEN');
  assert.match(forbidden.hint ?? '', /lacks Microsoft\.OperationalInsights\/workspaces\/tables\/read/);
  const queryForbidden = toAzureToolError(
    restError(403, {
      error: {
        code: 'InsufficientAccessError',
        message: 'The provided credentials have insufficient access',
      },
    }),
    ctx,
  );
  assert.match(queryForbidden.hint ?? '', /lacks Microsoft\.OperationalInsights\/workspaces\/query\/read/);
  const notFound = toAzureToolError(
    restError(404, { error: { code: 'ResourceNotFound', message: 'gone' } }),
    {
      ...ctx,
      notFound: { what: 'Table "X"', hint: 'List tables.' },
    },
  );
  assert.equal(notFound.code, 'NOT_FOUND');
  assert.equal(notFound.hint, 'List tables.');
  const throttled = toAzureToolError(
    restError(429, { error: { code: 'TooManyRequests' } }, { 'retry-after': '7' }),
    {
      ...ctx,
      attempts: 5,
    },
  );
  assert.equal(throttled.code, 'THROTTLED');
  assert.match(throttled.message, /after 5 attempts/);
  assert.match(throttled.hint ?? '', /Wait 7 s/);
  assert.equal(
    toAzureToolError(restError(503, { error: { code: 'ServiceUnavailable' } }), ctx).code,
    'UPSTREAM',
  );
  assert.equal(toAzureToolError(restError(500, 'oops'), ctx).code, 'UPSTREAM');
});

test('network failures, malformed bodies, deadlines and cancellations', () => {
  const ctx = { operation: 'reading the workspace' };
  assert.equal(
    toAzureToolError(new RestError('socket hang up', { code: 'ECONNRESET' }), ctx).code,
    'UPSTREAM',
  );
  const parse = toAzureToolError(new RestError('bad json', { code: 'PARSE_ERROR', statusCode: 200 }), ctx);
  assert.equal(parse.code, 'UPSTREAM');
  assert.match(parse.message, /not valid JSON/);
  const tls = toAzureToolError(
    new RestError('self-signed certificate', { code: 'SELF_SIGNED_CERT_IN_CHAIN' }),
    ctx,
  );
  assert.match(tls.hint ?? '', /NODE_EXTRA_CA_CERTS/);

  const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
  const timeout = AbortSignal.abort(new DOMException('timed out', 'TimeoutError'));
  assert.equal(toAzureToolError(abort, { ...ctx, signal: timeout }).code, 'TIMEOUT');
  const cancelled = new AbortController();
  cancelled.abort();
  assert.equal(
    toAzureToolError(abort, { ...ctx, signal: cancelled.signal, deadline: Date.now() + 60_000 }).code,
    'CANCELLED',
  );
});

test('messages never carry tokens', () => {
  const leaked = new RestError(
    'failed with Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJ4In0.c2ln',
    {
      code: 'ECONNRESET',
    },
  );
  const mapped = toAzureToolError(leaked, { operation: 'x' });
  assert.doesNotMatch(mapped.message, /eyJhbGci/);
});
