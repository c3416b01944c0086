// The HTTPS server: reads each request, finds its route, applies armed faults, checks the bearer token,
// runs the handler and writes (or cuts, corrupts, resets) the answer; records every request.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { workspaceResourceId } from './arm.js';
import { armAuthorizationRoutes, useAuthorization, type AuthorizationOptions } from './arm-authorization.js';
import { armWorkspaceRoutes } from './arm-workspace.js';
import { armTableRoutes } from './arm-tables.js';
import { armObjectRoutes } from './arm-objects.js';
import { armEnrichmentRoutes } from './arm-enrichment.js';
import { authenticate } from './auth.js';
import { loadCertificate } from './cert.js';
import { armError, familyOf, logsError, methodNotAllowed, unknownPath, type RouteFamily } from './errors.js';
import { faultResponse, FaultBook } from './faults.js';
import { graphRoutes } from './graph.js';
import type { FakeContext, FakeRequest, FakeResponse } from './http.js';
import { identityOf } from './identity.js';
import { queryRoutes } from './query.js';
import { lookup, type Route } from './router.js';
import { tokenRoutes } from './token.js';
import { TokenStore } from './token-store.js';
import type { AzureFake, AzureFakeOptions, Fault, SeenRequest } from './types.js';

const ROUTES: readonly Route[] = [
  ...tokenRoutes,
  ...armWorkspaceRoutes,
  ...armTableRoutes,
  ...armObjectRoutes,
  ...armEnrichmentRoutes,
  ...armAuthorizationRoutes,
  ...queryRoutes,
  ...graphRoutes,
];

const MAX_BODY_BYTES = 16 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function recordedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name] = name === 'authorization' ? `${text.split(/\s+/, 1)[0] ?? ''} [redacted]` : text;
  }
  return out;
}

function internalError(family: RouteFamily, error: unknown): FakeResponse {
  const message = error instanceof Error ? error.message : String(error);
  if (family === 'logs')
    return logsError(500, 'InternalServerError', `An internal error occurred: ${message}`);
  return armError(500, 'InternalServerError', `Encountered internal server error: ${message}`);
}

function send(res: ServerResponse, response: FakeResponse): void {
  const body = Buffer.from(response.body, 'utf8');
  res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
  res.end(body);
}

/** Half the body, which no JSON parser accepts, behind a 200. */
function malformed(response: FakeResponse): FakeResponse {
  const cut = response.body.slice(0, Math.max(1, Math.floor(response.body.length / 2)));
  const body = cut.endsWith('}') ? `${cut}{` : cut;
  // A body too short to halve (Graph's text/plain `$count`, "2") would come back whole: garble it.
  return { ...response, status: 200, body: body === response.body ? `${body}{` : body };
}

/** Announces the whole body's length, sends half of it, then drops the connection. */
function sendTruncated(req: IncomingMessage, res: ServerResponse, response: FakeResponse): void {
  const body = Buffer.from(response.body, 'utf8');
  res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => req.socket.destroy());
}

/** Waits, unless the client goes away first. */
function pause(ms: number, signal: AbortSignal): Promise<unknown> {
  return sleep(ms, undefined, { signal }).catch(() => undefined);
}

function seenRequest(req: IncomingMessage, url: URL): SeenRequest {
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    headers: recordedHeaders(req),
    route: undefined,
    apiVersion: url.searchParams.get('api-version') ?? undefined,
    tokenScope: undefined,
    body: undefined,
    status: 0,
    fault: undefined,
  };
}

class Fake {
  private readonly seen: SeenRequest[] = [];
  readonly faults = new FaultBook([...new Set(ROUTES.map((r) => r.name))]);
  /** TCP sockets under the TLS ones, by client port: only a TCP socket can send a reset (RST). */
  readonly tcp = new Map<number, Socket>();

  constructor(
    readonly context: FakeContext,
    private readonly latencyMs: number,
  ) {}

  requests(): SeenRequest[] {
    return this.seen.map((r) => ({ ...r, headers: { ...r.headers } }));
  }

  clearRequests(): void {
    this.seen.length = 0;
  }

  private reset(req: IncomingMessage): void {
    const socket = req.socket.remotePort === undefined ? undefined : this.tcp.get(req.socket.remotePort);
    if (socket) socket.resetAndDestroy();
    else req.socket.destroy();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.context.origin);
    const seen = seenRequest(req, url);
    this.seen.push(seen);
    const controller = new AbortController();
    const { signal } = controller;
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    res.on('finish', () => {
      seen.status = res.statusCode;
    });
    const body = await readBody(req);
    if (body === undefined)
      return send(res, armError(413, 'RequestEntityTooLarge', 'The request body is too large.'));
    if (this.latencyMs > 0) await pause(this.latencyMs, signal);
    const found = lookup(ROUTES, seen.method, url.pathname);
    if (found.kind === 'none') return send(res, unknownPath(familyOf(url.pathname), url.pathname));
    if (found.kind === 'method') return send(res, methodNotAllowed(found.family, seen.method));
    const { route, params } = found.match;
    seen.route = route.name;
    if (route.family !== 'token') seen.body = body;
    const faults = this.faults.take(route.name);
    for (const f of faults) if (f.kind === 'latency') await pause(f.ms, signal);
    const fault: Fault | undefined = faults.find((f) => f.kind !== 'latency') ?? faults[0];
    seen.fault = fault?.kind;
    if (signal.aborted) return;
    if (fault?.kind === 'reset') return this.reset(req);
    const request: FakeRequest = {
      method: seen.method,
      url,
      query: url.searchParams,
      headers: req.headers,
      body,
      params,
      token: undefined,
      signal,
    };
    const response = await this.respond(request, route, fault, seen);
    if (signal.aborted) return;
    if (fault?.kind === 'malformed') return send(res, malformed(response));
    if (fault?.kind === 'truncated') return sendTruncated(req, res, response);
    send(res, response);
  }

  private async respond(
    request: FakeRequest,
    route: Route,
    fault: Fault | undefined,
    seen: SeenRequest,
  ): Promise<FakeResponse> {
    const resourcePath = request.url.pathname.replace(/^\/v1/, '');
    const faulted = fault
      ? faultResponse(fault, { family: route.family, action: route.action, path: resourcePath }, this.context)
      : undefined;
    if (route.auth) {
      const auth = authenticate(request, this.context, route.family);
      if ('token' in auth) {
        request.token = auth.token;
        seen.tokenScope = auth.token.scope;
      } else if (!faulted) return auth.response;
    }
    if (faulted) return faulted;
    try {
      return await route.handle(request, this.context);
    } catch (error) {
      return internalError(route.family, error);
    }
  }
}

export async function startAzureFake(options: AzureFakeOptions & AuthorizationOptions): Promise<AzureFake> {
  const tls = await loadCertificate();
  const identity = await identityOf(options.backend);
  const context: FakeContext = {
    origin: '',
    backend: options.backend,
    identity,
    tokens: new TokenStore(identity.tenantId, identity.principalId, options.tokenLifetimeSeconds ?? 3599),
    armPageSize: options.armPageSize ?? 10,
    maxResultRows: options.maxResultRows ?? 500_000,
    sentinelOnboarded: options.sentinelOnboarded ?? true,
    graphPageSize: options.graphPageSize ?? 100,
  };
  useAuthorization(context, options);
  const fake = new Fake(context, options.latencyMs ?? 0);
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    fake.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, internalError(familyOf(req.url ?? '/'), error));
      else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    const port = socket.remotePort;
    if (port === undefined) return;
    fake.tcp.set(port, socket);
    socket.once('close', () => fake.tcp.delete(port));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  context.origin = `https://127.0.0.1:${port}`;
  return {
    origin: context.origin,
    tenantId: identity.tenantId,
    clientId: identity.clientId,
    clientSecret: identity.clientSecret,
    subscriptionId: identity.subscriptionId,
    resourceGroup: identity.resourceGroup,
    workspaceName: identity.workspaceName,
    workspaceId: identity.workspaceId,
    workspaceResourceId: workspaceResourceId(context),
    principalId: identity.principalId,
    certPath: tls.certPath,
    certPem: tls.cert,
    env: () => ({
      AZURE_TENANT_ID: identity.tenantId,
      AZURE_CLIENT_ID: identity.clientId,
      AZURE_CLIENT_SECRET: identity.clientSecret,
      AZURE_SUBSCRIPTION_ID: identity.subscriptionId,
      AZURE_RESOURCE_GROUP: identity.resourceGroup,
      AZURE_WORKSPACE_NAME: identity.workspaceName,
      AZURE_WORKSPACE_ID: identity.workspaceId,
      AZURE_AUTHORITY_HOST: context.origin,
      SENTINEL_MCP_ARM_ENDPOINT: context.origin,
      SENTINEL_MCP_LOGS_ENDPOINT: context.origin,
      SENTINEL_MCP_GRAPH_ENDPOINT: context.origin,
      NODE_EXTRA_CA_CERTS: tls.certPath,
    }),
    routes: () => [...new Set(ROUTES.map((r) => r.name))],
    inject: (route, fault, times) => fake.faults.inject(route, fault, times),
    clearFaults: () => fake.faults.clear(),
    requests: () => fake.requests(),
    clearRequests: () => fake.clearRequests(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The key and certificate are in memory already; remove their folder first, whatever happens.
        tls.dispose();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        // Connections still in their TLS handshake are not HTTP connections yet; drop those too.
        for (const socket of fake.tcp.values()) socket.destroy();
      }),
  };
}
