// Retrying transient failures: exponential backoff with jitter, Retry-After honoured, all within a
// deadline and an AbortSignal. Pure logic plus one loop; the Azure pipeline policy is built on it.
import { setTimeout as sleepFor } from 'node:timers/promises';

/** The one group of retry settings (DESIGN §9: retry settings are one reusable option group). */
export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** The first backoff; doubled on each retry. */
  baseDelayInMs: number;
  /** No backoff (or Retry-After) longer than this is waited for. */
  maxDelayInMs: number;
}

export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = Object.freeze({
  maxRetries: 4,
  baseDelayInMs: 500,
  maxDelayInMs: 30_000,
});

/** Statuses worth another try: timeouts, throttling and server-side failures (not 501/505). */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Network error codes that mean the request may succeed when sent again. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'REQUEST_SEND_ERROR',
]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** True for a connection reset, refused or timed-out socket (never for an abort). */
export function isTransientNetworkError(error: unknown): boolean {
  if (!(error instanceof Error) || isAbortError(error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

export function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' || error.name === 'TimeoutError' || error.name === 'CanceledError')
  );
}

/** A minimal view of response headers (core-rest-pipeline's HttpHeaders, fetch's Headers, a Map). */
export interface HeaderSource {
  get(name: string): string | undefined | null;
}

/**
 * The wait a response asks for, in ms: `retry-after-ms` / `x-ms-retry-after-ms` (milliseconds),
 * else `Retry-After` as seconds or an HTTP date. Undefined when none is given or it is unreadable.
 */
export function retryAfterInMs(headers: HeaderSource, now: number = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = headers.get(name)?.trim();
    if (value && /^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value));
  }
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/**
 * The wait before retry number `retry` (0 for the first retry): Retry-After when the server gave one,
 * else exponential backoff with jitter (between half and all of base·2^retry), capped at maxDelayInMs.
 */
export function backoffDelayInMs(
  retry: number,
  options: Pick<RetryOptions, 'baseDelayInMs' | 'maxDelayInMs'>,
  retryAfter?: number,
  random: () => number = Math.random,
): number {
  if (retryAfter !== undefined) return Math.min(retryAfter, options.maxDelayInMs);
  const exponential = Math.min(options.maxDelayInMs, options.baseDelayInMs * 2 ** retry);
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

/** What the loop should do with one attempt's outcome. */
export type RetryDecision = { retry: false } | { retry: true; retryAfterInMs?: number; reason: string };

export interface RetryLoopOptions<T> extends Partial<RetryOptions> {
  /** Decides whether an outcome (a value, or the error thrown) is worth another attempt. */
  classify(outcome: { value: T } | { error: unknown }): RetryDecision;
  /** Epoch ms after which no retry starts; a wait that would end past it is not begun. */
  deadline?: number;
  abortSignal?: AbortSignal;
  /** Called before each wait (logging). */
  onRetry?(info: { retry: number; delayInMs: number; reason: string }): void;
  random?: () => number;
  now?: () => number;
}

/** Why the loop stopped retrying, attached to the last outcome for error messages. */
export interface RetryStop {
  attempts: number;
  /** Set when the server asked for a wait longer than the time left. */
  retryAfterInMs?: number;
  reason: 'not-retryable' | 'max-retries' | 'deadline' | 'retry-after-too-long';
}

/**
 * Runs `attempt` until it gives an outcome `classify` does not retry, the retries run out, or the
 * next wait would pass the deadline; returns the last value or throws the last error. Waits are cut
 * short by the AbortSignal (the AbortError propagates).
 */
export async function retry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryLoopOptions<T>,
): Promise<{ value: T; stop: RetryStop }> {
  const settings = { ...DEFAULT_RETRY_OPTIONS, ...definedOnly(options) };
  const now = options.now ?? Date.now;
  for (let n = 0; ; n++) {
    let outcome: { value: T } | { error: unknown };
    try {
      outcome = { value: await attempt(n) };
    } catch (error) {
      outcome = { error };
    }
    const decision = options.classify(outcome);
    const stop = decision.retry
      ? stopReason(decision, n, settings, options.deadline, now())
      : { reason: 'not-retryable' as const };
    if (stop || !decision.retry) {
      const final: RetryStop = { attempts: n + 1, ...(stop ?? { reason: 'not-retryable' }) };
      if ('error' in outcome) {
        attachStop(outcome.error, final);
        throw outcome.error;
      }
      return { value: outcome.value, stop: final };
    }
    const delay = backoffDelayInMs(n, settings, decision.retryAfterInMs, options.random);
    options.onRetry?.({ retry: n + 1, delayInMs: delay, reason: decision.reason });
    if (delay > 0) {
      await sleepFor(delay, undefined, options.abortSignal ? { signal: options.abortSignal } : {});
    } else {
      options.abortSignal?.throwIfAborted();
    }
  }
}

function stopReason(
  decision: Extract<RetryDecision, { retry: true }>,
  n: number,
  settings: RetryOptions,
  deadline: number | undefined,
  now: number,
): Omit<RetryStop, 'attempts'> | undefined {
  const retryAfter = retryAfterPart(decision.retryAfterInMs);
  if (n >= settings.maxRetries) return { reason: 'max-retries', ...retryAfter };
  // The shortest wait this retry could take (jitter at its lowest) must end before the deadline.
  const shortest = backoffDelayInMs(n, settings, decision.retryAfterInMs, () => 0);
  if (deadline !== undefined && now + shortest >= deadline) return { reason: 'deadline', ...retryAfter };
  if (decision.retryAfterInMs !== undefined && decision.retryAfterInMs > settings.maxDelayInMs) {
    return { reason: 'retry-after-too-long', ...retryAfter };
  }
  return undefined;
}

function retryAfterPart(retryAfterInMs: number | undefined): { retryAfterInMs?: number } {
  return retryAfterInMs === undefined ? {} : { retryAfterInMs };
}

const STOP = Symbol.for('sentinel-mcp.retryStop');

function attachStop(error: unknown, stop: RetryStop): void {
  if (error !== null && typeof error === 'object') {
    try {
      Object.defineProperty(error, STOP, { value: stop, enumerable: false, configurable: true });
    } catch {
      // frozen error objects keep no note; messages are then a little less precise
    }
  }
}

/** How the retry loop ended for an error it threw, when it threw one. */
export function retryStopOf(error: unknown): RetryStop | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  return (error as { [STOP]?: RetryStop })[STOP];
}

function definedOnly(options: Partial<RetryOptions>): Partial<RetryOptions> {
  const out: Partial<RetryOptions> = {};
  if (options.maxRetries !== undefined) out.maxRetries = options.maxRetries;
  if (options.baseDelayInMs !== undefined) out.baseDelayInMs = options.baseDelayInMs;
  if (options.maxDelayInMs !== undefined) out.maxDelayInMs = options.maxDelayInMs;
  return out;
}
