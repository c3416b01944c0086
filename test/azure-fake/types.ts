// The fake's public types: how a test starts it, steers it (faults) and inspects it (requests).
import type { LocalBackend } from '../../src/backends/local/local-backend.js';

export interface AzureFakeOptions {
  /** The workspace the fake serves, in Azure's wire formats. */
  backend: LocalBackend;
  /** Latency added to every response (on top of injected latency faults). */
  latencyMs?: number;
  /** Items per page where ARM pages (`value` + `nextLink`); the real tables API sends one page. Default 10. */
  armPageSize?: number;
  /** Rows past which a query answers with a PartialError beside the rows (the real cap is 500,000). */
  maxResultRows?: number;
  /** `expires_in` of issued access tokens; they really expire (401 ExpiredAuthenticationToken). Default 3599. */
  tokenLifetimeSeconds?: number;
  /** Whether Microsoft Sentinel is onboarded on the workspace (the onboardingStates answer). Default true. */
  sentinelOnboarded?: boolean;
  /** Items per Microsoft Graph page at most (`@odata.nextLink` paging; Graph's default is 100). Default 100. */
  graphPageSize?: number;
}

export type FaultStatus = 429 | 500 | 503 | 401 | 403 | 404;

export type Fault =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: FaultStatus; retryAfterSeconds?: number }
  | { kind: 'reset' }
  | { kind: 'malformed' }
  | { kind: 'truncated' }
  | { kind: 'expired-token' };

export interface SeenRequest {
  method: string;
  /** Path without the query string, as sent (percent-encoded). */
  path: string;
  /** Query string without the leading `?` ('' when none). */
  query: string;
  /** Lower-case header names; `authorization` keeps only its scheme (`Bearer [redacted]`). */
  headers: Record<string, string>;
  /** The route that matched (`token`, `arm.workspace`, `query`, ...), undefined for unknown paths. */
  route: string | undefined;
  apiVersion: string | undefined;
  /** The scope the presented bearer token was issued for. */
  tokenScope: string | undefined;
  /** The request body, except on token routes (it holds the client secret). */
  body: string | undefined;
  /** The status sent (0 when the connection was reset or cut). */
  status: number;
  /** The fault applied to this request, if any. */
  fault: Fault['kind'] | undefined;
}

export interface AzureFake {
  /** `https://127.0.0.1:PORT`: ARM, the Log Analytics query API (`/v1`), Graph and Entra token routes. */
  origin: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  subscriptionId: string;
  resourceGroup: string;
  workspaceName: string;
  /** The Log Analytics customer id (the id queries use). */
  workspaceId: string;
  /** ARM id of the workspace. */
  workspaceResourceId: string;
  /** Object id of the service principal the client credentials belong to (the `oid` of its tokens). */
  principalId: string;
  /** PEM file of the fake's self-signed certificate (what NODE_EXTRA_CA_CERTS must name). */
  certPath: string;
  /** The certificate itself, for in-process clients: `tlsOptions: { ca: fake.certPem }`. */
  certPem: string;
  /** The environment variables that point sentinel-mcp at this fake. */
  env(): Record<string, string>;
  /** Names of the routes faults can target. */
  routes(): string[];
  /**
   * Injects a fault on a route (`token`, `arm.workspace`, `arm.tables`, `arm.table`, `arm.onboardingStates`,
   * `query`, ...; `arm.*` or `*` for a family or all); `times` requests get it (default: all until cleared).
   */
  inject(route: string, fault: Fault, times?: number): void;
  clearFaults(): void;
  /** Requests seen so far, oldest first. */
  requests(): SeenRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}
