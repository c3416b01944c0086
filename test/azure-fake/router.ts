// The route table: every path the fake serves, which service family it belongs to (error formats,
// auth), its name for fault injection and the RBAC action a 403 names. Graph routes join here later.
import type { RouteFamily } from './errors.js';
import type { FakeContext, FakeRequest, FakeResponse } from './http.js';

export interface Route {
  /** Name used by inject() and recorded in requests(). */
  name: string;
  family: RouteFamily;
  method: 'GET' | 'POST';
  /** Matched against the decoded path; named groups become `request.params`. */
  pattern: RegExp;
  /** False only for the Entra endpoints that issue tokens. */
  auth: boolean;
  /** The permission a 403 fault names (ARM `AuthorizationFailed`). */
  action: string;
  handle(request: FakeRequest, context: FakeContext): Promise<FakeResponse> | FakeResponse;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export type Lookup =
  { kind: 'match'; match: RouteMatch } | { kind: 'method'; family: RouteFamily } | { kind: 'none' };

export function lookup(routes: readonly Route[], method: string, path: string): Lookup {
  let pathMatched: Route | undefined;
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    if (route.method !== method) {
      pathMatched ??= route;
      continue;
    }
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(m.groups ?? {})) {
      if (value !== undefined) params[key] = decodeURIComponent(value);
    }
    return { kind: 'match', match: { route, params } };
  }
  return pathMatched ? { kind: 'method', family: pathMatched.family } : { kind: 'none' };
}

/** ARM path segment for a workspace; ARM matches names case-insensitively. */
export const ARM_WORKSPACE =
  '^/subscriptions/(?<subscriptionId>[^/]+)/resourcegroups/(?<resourceGroup>[^/]+)' +
  '/providers/microsoft\\.operationalinsights/workspaces/(?<workspaceName>[^/]+)';

export function armPattern(suffix: string): RegExp {
  return new RegExp(`${ARM_WORKSPACE}${suffix}/?$`, 'i');
}
