// Test doubles for the Azure backend's unit tests: an in-process HttpClient that answers SDK
// requests from route handlers (so the real SDK clients, our pipeline policy and our mapping all
// run, with no network), and a credential that hands out unsigned JWTs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createHttpHeaders,
  RestError,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { AzureBackend } from '../../src/backends/azure/azure-backend.js';
import type { AzureBackendSettings } from '../../src/backends/azure/session.js';
import { silentLogger } from '../../src/util/logger.js';

export const SPECS = new URL('../../../shared/data/azure-specs/', import.meta.url).pathname;

/** The 200 body of an official example (azure-specs/<path>). */
export function exampleBody(path: string): unknown {
  const example = JSON.parse(readFileSync(join(SPECS, path), 'utf8')) as {
    responses: Record<string, { body?: unknown }>;
  };
  return example.responses['200']?.body;
}

export interface StubReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Raw text instead of JSON.stringify(body). */
  text?: string;
  /** Throw a network error with this code instead of answering. */
  networkError?: string;
  delayMs?: number;
}

export interface Recorded {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
}

type Handler = (request: PipelineRequest, url: URL) => StubReply | undefined | Promise<StubReply | undefined>;

export class StubHttp implements HttpClient {
  readonly requests: Recorded[] = [];
  private readonly routes: { method: string; path: RegExp; handler: Handler }[] = [];

  on(method: string, path: RegExp, handler: Handler | StubReply): this {
    this.routes.push({ method, path, handler: typeof handler === 'function' ? handler : () => handler });
    return this;
  }

  /** Answers the next `count` matching requests with `reply` (before any other route). */
  fault(method: string, path: RegExp, reply: StubReply, count = 1): this {
    let left = count;
    this.routes.unshift({
      method,
      path,
      handler: () => {
        if (left <= 0) return undefined;
        left--;
        return reply;
      },
    });
    return this;
  }

  private async dispatch(request: PipelineRequest, url: URL): Promise<StubReply> {
    for (const route of this.routes) {
      if (route.method !== request.method || !route.path.test(url.pathname)) continue;
      const reply = await route.handler(request, url);
      if (reply) return reply;
    }
    return {
      status: 404,
      body: { error: { code: 'NoRoute', message: `${request.method} ${url.pathname}` } },
    };
  }

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    for (const [k, v] of request.headers) headers[k] = v;
    this.requests.push({
      method: request.method,
      url,
      headers,
      body: typeof request.body === 'string' ? request.body : undefined,
    });
    const reply = await this.dispatch(request, url);
    if (reply.delayMs) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, reply.delayMs);
        request.abortSignal?.addEventListener('abort', () => {
          clearTimeout(timer);
          const error = new Error('The operation was aborted.');
          error.name = 'AbortError';
          reject(error);
        });
      });
    }
    if (request.abortSignal?.aborted) {
      const error = new Error('The operation was aborted.');
      error.name = 'AbortError';
      throw error;
    }
    if (reply.networkError) throw new RestError(`socket hang up`, { code: reply.networkError, request });
    const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    return {
      request,
      status: reply.status ?? 200,
      headers: createHttpHeaders({ 'content-type': 'application/json; charset=utf-8', ...reply.headers }),
      bodyAsText: text,
    };
  }
}

export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.sig`;
}

export const CALLER_OID = 'ce2ce14e-85d7-4629-bdbc-454d0519d987';

export class StubCredential implements TokenCredential {
  readonly scopes: string[] = [];
  constructor(
    private readonly claims: Record<string, unknown> = {
      oid: CALLER_OID,
      tid: 'tenant-1',
      upn: 'analyst@contoso.com',
    },
  ) {}
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    return {
      token: fakeJwt({ ...this.claims, exp: Math.floor(Date.now() / 1000) + 3600 }),
      expiresOnTimestamp: Date.now() + 3600_000,
    };
  }
}

export const SETTINGS: AzureBackendSettings = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  subscriptionId: '00000000-0000-0000-0000-000000000001',
  resourceGroup: 'rg-sec',
  workspaceName: 'ws-sentinel',
  workspaceId: '5b02755b-5bf4-430c-9487-45502a2a7e62',
  cloud: 'AzurePublic',
  auth: 'default',
  endpoints: {},
};

export const WORKSPACE_PATH = /\/providers\/Microsoft\.OperationalInsights\/workspaces\/ws-sentinel$/i;
export const TABLES_PATH = /\/workspaces\/ws-sentinel\/tables$/i;
export const TABLE_PATH = /\/workspaces\/ws-sentinel\/tables\/[^/]+$/i;
export const QUERY_PATH = /\/v1\/workspaces\/[^/]+\/query$/;

export async function stubBackend(
  http: StubHttp,
  options: {
    settings?: Partial<AzureBackendSettings>;
    queryTimeoutMs?: number;
    credential?: TokenCredential;
  } = {},
): Promise<AzureBackend> {
  return AzureBackend.open({
    settings: { ...SETTINGS, ...options.settings },
    queryTimeoutMs: options.queryTimeoutMs ?? 20_000,
    logger: silentLogger(),
    credential: options.credential ?? new StubCredential(),
    httpClient: http,
    retry: { baseDelayInMs: 5, maxDelayInMs: 2000 },
  });
}

/** A query API body with one table. */
export function queryBody(
  columns: [string, string][],
  rows: unknown[][],
  extra: Record<string, unknown> = {},
) {
  return {
    tables: [{ name: 'PrimaryResult', columns: columns.map(([name, type]) => ({ name, type })), rows }],
    ...extra,
  };
}
