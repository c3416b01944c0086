// The one place every Azure client's HTTP pipeline is configured. Each backend call runs inside a
// call context (AsyncLocalStorage) holding its AbortSignal, deadline and retry rule; one policy, in
// the SDK's Retry phase (after deserialisation, next to the transport), replaces the SDK's own
// retries with ours. (These SDK versions add the bearer-token policy outside the Retry phase, so a
// retry reuses the call's token; tokens are refreshed minutes before expiry and retries never wait
// past the deadline, so that is safe.)
// - every request gets the call's AbortSignal (LogsQueryClient 1.0.0 drops the abortSignal given
//   to queryWorkspace, so this is how a cancelled MCP request stops a running query);
// - 408/429/5xx and connection resets are retried with backoff and jitter, honouring Retry-After,
//   and never past the deadline (a Retry-After longer than the time left is not waited for);
// - only safe methods are retried, unless the call says its POST is a read (a Logs query);
// - when the call asks for it, the final body is kept (Logs queries parse it themselves to keep
//   longs beyond 2^53 and datetimes exact) and the SDK is handed an empty result to skip a second
//   parse of a possibly large body.
import type { AsyncLocalStorage } from 'node:async_hooks';
import type { Pipeline, PipelinePolicy, PipelineResponse } from '@azure/core-rest-pipeline';
import type { Logger } from '../../util/logger.js';
import {
  isRetryableStatus,
  isTransientNetworkError,
  retry,
  retryAfterInMs,
  type RetryDecision,
  type RetryOptions,
} from '../../util/retry.js';

export interface AzureCallContext {
  /** The caller's AbortSignal combined with the deadline. */
  signal: AbortSignal;
  /** Epoch ms by which the call must finish. */
  deadline: number;
  /** True when a non-GET request of this call is a read that may be sent again (Logs queries). */
  retryUnsafeMethods: boolean;
  /** When present, the final successful body is kept here instead of being parsed by the SDK. */
  capture?: { body?: string; stubBody: string };
  /** HTTP attempts made (first tries and retries), for messages and logs. */
  attempts: number;
  /** Why each retry happened (`429`, `503`, `ECONNRESET`...). */
  retried: string[];
  /** The body of the last error response (some SDK paths drop it from the error they throw). */
  lastErrorBody?: string;
}

export const CALL_POLICY_NAME = 'sentinelMcpCallPolicy';
export const ABORT_POLICY_NAME = 'sentinelMcpAbortPolicy';
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

function combine(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = [...new Set(signals.filter((s): s is AbortSignal => s instanceof AbortSignal))];
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

export interface CallPolicyOptions {
  calls: AsyncLocalStorage<AzureCallContext>;
  retry: RetryOptions;
  logger: Logger;
  random?: () => number;
}

export function callPolicy(options: CallPolicyOptions): PipelinePolicy {
  return {
    name: CALL_POLICY_NAME,
    async sendRequest(request, next) {
      const ctx = options.calls.getStore();
      if (!ctx) return next(request);
      const signal = combine([ctx.signal, request.abortSignal as AbortSignal | undefined]);
      if (signal) request.abortSignal = signal;
      const retryable = SAFE_METHODS.has(request.method.toUpperCase()) || ctx.retryUnsafeMethods;
      const classify = (outcome: { value: PipelineResponse } | { error: unknown }): RetryDecision => {
        if ('error' in outcome) {
          const code = (outcome.error as { code?: unknown }).code;
          return retryable && isTransientNetworkError(outcome.error)
            ? { retry: true, reason: typeof code === 'string' ? code : 'network error' }
            : { retry: false };
        }
        const status = outcome.value.status;
        // A write is sent again only when the service refused it unprocessed (429).
        if (!isRetryableStatus(status) || (!retryable && status !== 429)) return { retry: false };
        const after = retryAfterInMs(outcome.value.headers);
        return {
          retry: true,
          reason: String(status),
          ...(after !== undefined ? { retryAfterInMs: after } : {}),
        };
      };
      const { value: response } = await retry(
        async () => {
          ctx.attempts++;
          return next(request);
        },
        {
          ...options.retry,
          classify,
          deadline: ctx.deadline,
          ...(signal ? { abortSignal: signal } : {}),
          ...(options.random ? { random: options.random } : {}),
          onRetry: ({ retry: n, delayInMs, reason }) => {
            ctx.retried.push(reason);
            options.logger.debug(
              { method: request.method, url: redactUrl(request.url), retry: n, delayInMs, reason },
              'retrying Azure request',
            );
          },
        },
      );
      if (response.status >= 400) ctx.lastErrorBody = (response.bodyAsText ?? '').slice(0, 65_536);
      if (ctx.capture && response.status >= 200 && response.status < 300) {
        ctx.capture.body = response.bodyAsText ?? '';
        response.bodyAsText = ctx.capture.stubBody;
      }
      return response;
    },
  };
}

/** Gives the request the call's AbortSignal before the token is fetched (the token request honours it too). */
export function abortPolicy(calls: AsyncLocalStorage<AzureCallContext>): PipelinePolicy {
  return {
    name: ABORT_POLICY_NAME,
    sendRequest(request, next) {
      const signal = combine([calls.getStore()?.signal, request.abortSignal as AbortSignal | undefined]);
      if (signal) request.abortSignal = signal;
      return next(request);
    },
  };
}

/** Swaps the SDK's retry policy for ours; call once per client, right after creating it. */
export function configurePipeline(pipeline: Pipeline, options: CallPolicyOptions): void {
  pipeline.removePolicy({ phase: 'Retry' });
  pipeline.removePolicy({ name: CALL_POLICY_NAME });
  pipeline.removePolicy({ name: ABORT_POLICY_NAME });
  pipeline.addPolicy(abortPolicy(options.calls), { beforePolicies: ['bearerTokenAuthenticationPolicy'] });
  pipeline.addPolicy(callPolicy(options), { phase: 'Retry' });
}

/** The URL without its query string (no secrets travel there, but keep logs short). */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
