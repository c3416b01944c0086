// Error bodies in each service's own format: ARM (`{error:{code,message}}`), the Log Analytics query API
// (`{error:{message,code,correlationId,innererror}}`), Entra's token endpoint (OAuth `error` +
// `AADSTSnnnn` description) and Microsoft Graph (`{error:{code,message,innerError}}`).
import { json, newRequestId, type FakeResponse } from './http.js';

export type RouteFamily = 'token' | 'arm' | 'logs' | 'graph';

export function armError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): FakeResponse {
  return json(status, { error: { code, message } }, { 'x-ms-failure-cause': 'gateway', ...headers });
}

export interface LogsInnerError {
  code: string;
  message: string;
  /** Nested errors, and on the innermost one the engine's facts (line, pos, token...). */
  [more: string]: unknown;
}

export function logsError(
  status: number,
  code: string,
  message: string,
  innererror?: LogsInnerError,
  headers: Record<string, string> = {},
): FakeResponse {
  const error = { message, code, correlationId: newRequestId(), ...(innererror ? { innererror } : {}) };
  return json(status, { error }, headers);
}

/** Entra's timestamp format in error bodies: `2024-06-01 12:00:00Z`. */
function aadTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function aadError(status: number, error: string, aadsts: number, description: string): FakeResponse {
  const now = new Date();
  const traceId = newRequestId();
  const correlationId = newRequestId();
  const errorDescription =
    `AADSTS${aadsts}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\n` +
    `Timestamp: ${aadTimestamp(now)}`;
  return json(status, {
    error,
    error_description: errorDescription,
    error_codes: [aadsts],
    timestamp: aadTimestamp(now),
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
  });
}

export function graphError(status: number, code: string, message: string): FakeResponse {
  const requestId = newRequestId();
  return json(status, {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().slice(0, 19),
        'request-id': requestId,
        'client-request-id': requestId,
      },
    },
  });
}

/** The 404 for a path no route serves, in the format of the service the path belongs to. */
export function unknownPath(family: RouteFamily, path: string): FakeResponse {
  switch (family) {
    case 'logs':
      return logsError(404, 'PathNotFoundError', `The requested path does not exist`);
    case 'graph':
      return graphError(
        400,
        'BadRequest',
        `Resource not found for the segment '${path.split('/').pop() ?? ''}'.`,
      );
    case 'token':
      return aadError(404, 'invalid_request', 90002, `The requested path '${path}' does not exist.`);
    case 'arm':
      return armError(404, 'InvalidResourceType', `The resource type could not be found for path '${path}'.`);
  }
}

export function methodNotAllowed(family: RouteFamily, method: string): FakeResponse {
  if (family === 'graph')
    return graphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request uri.');
  if (family === 'logs')
    return logsError(405, 'MethodNotAllowedError', `The HTTP method '${method}' is not supported.`);
  return armError(
    405,
    'MethodNotAllowed',
    `The requested method '${method}' is not allowed; the fake is read-only.`,
  );
}

/** Which service a path belongs to, by its first segment. */
export function familyOf(path: string): RouteFamily {
  if (path.startsWith('/subscriptions/') || path === '/subscriptions' || path.startsWith('/providers/'))
    return 'arm';
  if (path.startsWith('/v1/')) return 'logs';
  if (path.startsWith('/v1.0/') || path.startsWith('/beta/')) return 'graph';
  return 'token';
}
