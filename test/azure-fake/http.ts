// The shapes route handlers work with: a parsed request in, a complete response out (never a stream),
// so that faults can delay, cut or corrupt any answer after it is made.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { LocalBackend } from '../../src/backends/local/local-backend.js';
import type { IssuedToken, TokenStore } from './token-store.js';

export interface FakeRequest {
  method: string;
  url: URL;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** Named captures of the route's path pattern, percent-decoded. */
  params: Record<string, string>;
  /** The bearer token presented, once checked. */
  token: IssuedToken | undefined;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON text (or '' for no body). */
  body: string;
}

/** What the fake serves: fixed identities plus the backend behind them. */
export interface FakeIdentity {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  principalId: string;
  subscriptionId: string;
  resourceGroup: string;
  workspaceName: string;
  workspaceId: string;
  location: string;
  /** The instant the workspace's data is anchored at (workspace creation is put before it). */
  anchor: Date;
  retentionInDays: number;
}

export interface FakeContext {
  origin: string;
  backend: LocalBackend;
  identity: FakeIdentity;
  tokens: TokenStore;
  armPageSize: number;
  maxResultRows: number;
  sentinelOnboarded: boolean;
  /** Items per Microsoft Graph page at most. */
  graphPageSize: number;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The id Azure services return in x-ms-request-id / correlationId fields. */
export function newRequestId(): string {
  return randomUUID();
}
