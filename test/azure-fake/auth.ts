// Bearer-token checks for every route but the token endpoint's, with each service's 401 body and the
// WWW-Authenticate challenge ARM sends. Also the 401/403 bodies faults reuse.
import { armError, graphError, logsError, type RouteFamily } from './errors.js';
import { header, type FakeContext, type FakeRequest, type FakeResponse } from './http.js';
import type { IssuedToken } from './token-store.js';

function challenge(context: FakeContext, error: string, description: string): Record<string, string> {
  return {
    'www-authenticate':
      `Bearer authorization_uri="${context.origin}/${context.identity.tenantId}", ` +
      `error="${error}", error_description="${description}"`,
  };
}

function isoNoMillis(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export function expiredToken(family: RouteFamily, context: FakeContext, expiredAt: number): FakeResponse {
  const headers = challenge(context, 'invalid_token', 'The access token has expired.');
  if (family === 'logs') {
    return logsError(
      401,
      'InvalidTokenError',
      'The provided authentication is not valid for this resource',
      { code: 'TokenExpired', message: `The token expired at ${isoNoMillis(expiredAt)}` },
      headers,
    );
  }
  if (family === 'graph')
    return graphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
  return armError(
    401,
    'ExpiredAuthenticationToken',
    `The access token expiry UTC time '${isoNoMillis(expiredAt)}' is earlier than current UTC time '${isoNoMillis(Date.now())}'.`,
    headers,
  );
}

function missingToken(family: RouteFamily, context: FakeContext): FakeResponse {
  const headers = challenge(
    context,
    'invalid_token',
    "The authentication failed because of missing 'Authorization' header.",
  );
  if (family === 'logs')
    return logsError(
      401,
      'AuthorizationRequiredError',
      'Valid authentication was not provided',
      undefined,
      headers,
    );
  if (family === 'graph') return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  return armError(
    401,
    'AuthenticationFailed',
    "Authentication failed. The 'Authorization' header is missing.",
    headers,
  );
}

export function invalidToken(family: RouteFamily, context: FakeContext): FakeResponse {
  const headers = challenge(context, 'invalid_token', 'The access token is invalid.');
  if (family === 'logs') {
    return logsError(
      401,
      'InvalidTokenError',
      'The provided authentication is not valid for this resource',
      { code: 'SignatureVerificationFailed', message: 'Signature validation failed' },
      headers,
    );
  }
  if (family === 'graph')
    return graphError(
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure. Invalid audience.',
    );
  return armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.', headers);
}

/** The token the request carries, or the 401 to answer with. */
export function authenticate(
  request: FakeRequest,
  context: FakeContext,
  family: RouteFamily,
): { token: IssuedToken } | { response: FakeResponse } {
  const value = header(request, 'authorization');
  if (!value) return { response: missingToken(family, context) };
  const m = /^Bearer\s+(\S+)$/i.exec(value);
  const token = m?.[1] ? context.tokens.find(m[1]) : undefined;
  if (!token) return { response: invalidToken(family, context) };
  if (token.expiresAt <= Date.now()) return { response: expiredToken(family, context, token.expiresAt) };
  return { token };
}

/** A 403 naming what was refused, as each service words it. */
export function forbidden(
  family: RouteFamily,
  context: FakeContext,
  action: string,
  scope: string,
): FakeResponse {
  if (family === 'logs') {
    return logsError(
      403,
      'InsufficientAccessError',
      'The provided credentials have insufficient access to perform the requested operation',
    );
  }
  if (family === 'graph')
    return graphError(
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    );
  const who = context.identity.principalId;
  return armError(
    403,
    'AuthorizationFailed',
    `The client '${who}' with object id '${who}' does not have authorization to perform action '${action}' over ` +
      `scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}
