// Per-route fault injection: the book of armed faults, and the responses status-like faults produce in
// each service's format. Resets, malformed and truncated bodies are carried out by the server.
import { randomUUID } from 'node:crypto';
import { expiredToken, forbidden, invalidToken } from './auth.js';
import { aadError, armError, graphError, logsError, type RouteFamily } from './errors.js';
import type { FakeContext, FakeResponse } from './http.js';
import type { Fault } from './types.js';

interface Armed {
  route: string;
  fault: Fault;
  remaining: number;
}

function matches(pattern: string, route: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return route.startsWith(pattern.slice(0, -1));
  return pattern === route;
}

export class FaultBook {
  private armed: Armed[] = [];

  constructor(private readonly routeNames: readonly string[]) {}

  inject(route: string, fault: Fault, times?: number): void {
    if (!this.routeNames.some((name) => matches(route, name))) {
      throw new Error(`No route matches "${route}"; routes: ${this.routeNames.join(', ')}`);
    }
    if (times !== undefined && (!Number.isInteger(times) || times < 1))
      throw new Error(`times must be a positive integer, got ${times}`);
    this.armed.push({ route, fault, remaining: times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.armed = [];
  }

  /** Every fault armed for this route, each use counted; latency faults may come with one other fault. */
  take(route: string): Fault[] {
    const taken: Fault[] = [];
    for (const entry of this.armed) {
      if (entry.remaining <= 0 || !matches(entry.route, route)) continue;
      entry.remaining--;
      taken.push(entry.fault);
    }
    this.armed = this.armed.filter((e) => e.remaining > 0);
    return taken;
  }
}

function isoNoMillis(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function withRetryAfter(response: FakeResponse, seconds: number | undefined): FakeResponse {
  if (seconds === undefined) return response;
  return { ...response, headers: { ...response.headers, 'retry-after': String(seconds) } };
}

function throttled(family: RouteFamily, context: FakeContext, seconds: number): FakeResponse {
  const { identity } = context;
  if (family === 'logs')
    return logsError(429, 'ThrottledError', `Too many requests. Please retry after ${seconds} seconds.`);
  if (family === 'graph') return graphError(429, 'TooManyRequests', 'Too many requests.');
  if (family === 'token')
    return aadError(
      429,
      'temporarily_unavailable',
      90055,
      'There are too many incoming requests. Try again later.',
    );
  return armError(
    429,
    'SubscriptionRequestsThrottled',
    `Number of 'read' requests for subscription '${identity.subscriptionId}' actor '${identity.principalId}' exceeded. ` +
      `Please try again after '${seconds}' seconds after additional tips: https://aka.ms/throttling`,
  );
}

function serverError(family: RouteFamily, context: FakeContext, status: 500 | 503): FakeResponse {
  if (family === 'logs') {
    return status === 500
      ? logsError(500, 'InternalServerError', 'An internal server error occurred')
      : logsError(503, 'ServiceUnavailableError', 'The service is temporarily unavailable. Please retry.');
  }
  if (family === 'graph')
    return graphError(
      status,
      status === 500 ? 'generalException' : 'serviceNotAvailable',
      'The service is unavailable.',
    );
  if (family === 'token') {
    return status === 500
      ? aadError(
          500,
          'server_error',
          50000,
          'There was an error issuing a token or an issue with our sign-in service.',
        )
      : aadError(503, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.');
  }
  if (status === 503) {
    return armError(
      503,
      'ServiceUnavailable',
      'The server is currently unable to handle the request due to a temporary overload or maintenance.',
    );
  }
  const id = randomUUID();
  return armError(
    500,
    'InternalServerError',
    `Encountered internal server error. Diagnostic information: timestamp '${isoNoMillis(new Date())}', subscription id ` +
      `'${context.identity.subscriptionId}', tracking id '${id}', request correlation id '${id}'.`,
  );
}

function notFound(family: RouteFamily, path: string): FakeResponse {
  if (family === 'logs') return logsError(404, 'WorkspaceNotFoundError', 'The workspace could not be found');
  if (family === 'graph')
    return graphError(404, 'Request_ResourceNotFound', `Resource '${path}' does not exist.`);
  if (family === 'token') return aadError(404, 'invalid_tenant', 90002, `Tenant for '${path}' not found.`);
  return armError(
    404,
    'ResourceNotFound',
    `The Resource '${path}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export interface FaultTarget {
  family: RouteFamily;
  action: string;
  /** The resource path the request was about (named in 403 and 404 bodies). */
  path: string;
}

/** The response a `status` or `expired-token` fault gives instead of the route's own. */
export function faultResponse(
  fault: Fault,
  target: FaultTarget,
  context: FakeContext,
): FakeResponse | undefined {
  const { family } = target;
  if (fault.kind === 'expired-token') {
    if (family === 'token') {
      return aadError(
        401,
        'invalid_client',
        7000222,
        `The provided client secret keys for app '${context.identity.clientId}' are expired. Visit the Azure portal to ` +
          'create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for ' +
          'added security: https://aka.ms/certCreds.',
      );
    }
    return expiredToken(family, context, Date.now() - 60_000);
  }
  if (fault.kind !== 'status') return undefined;
  const retry = fault.retryAfterSeconds;
  switch (fault.status) {
    case 429:
      return withRetryAfter(throttled(family, context, retry ?? 1), retry ?? 1);
    case 500:
    case 503:
      return withRetryAfter(serverError(family, context, fault.status), retry);
    case 401:
      if (family === 'token') {
        return aadError(
          401,
          'invalid_client',
          7000215,
          `Invalid client secret provided for app '${context.identity.clientId}'.`,
        );
      }
      return invalidToken(family, context);
    case 403:
      if (family === 'token')
        return aadError(
          403,
          'unauthorized_client',
          7000112,
          `Application '${context.identity.clientId}' is disabled.`,
        );
      return forbidden(family, context, target.action, target.path);
    case 404:
      return notFound(family, target.path);
  }
}
