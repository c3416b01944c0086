// The HTTP transports: Streamable HTTP at /mcp (stateful sessions through Mcp-Session-Id, JSON or SSE
// responses, GET for the server-to-client stream, DELETE to end a session), the legacy HTTP+SSE
// transport at /sse + /messages for older clients, and GET /healthz. Every session has its own
// McpServer. Security (http-security.ts) is checked here, before any transport sees a request:
// Host and Origin (DNS rebinding), the bearer token, the body size; sessions are bounded in number
// and closed when idle.
import { randomUUID } from 'node:crypto';
import { createServer as createNodeServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../util/logger.js';
import { VERSION } from '../version.js';
import {
  checkBearer,
  hostForUrl,
  hostPolicy,
  isAllowedHost,
  isAllowedOrigin,
  isLoopbackHost,
  tokenDigest,
} from './http-security.js';

export { isLoopbackHost } from './http-security.js';

export const MCP_PATH = '/mcp';
export const SSE_PATH = '/sse';
export const MESSAGES_PATH = '/messages';
export const HEALTH_PATH = '/healthz';

export const DEFAULT_MAX_SESSIONS = 100;
export const DEFAULT_SESSION_IDLE_TIMEOUT_MS = 30 * 60_000;
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
const SSE_KEEPALIVE_MS = 15_000;
const SHUTDOWN_GRACE_MS = 1_500;

export interface HttpServerOptions {
  /** Interface to bind; loopback unless a token is given. */
  host: string;
  /** Port to bind; 0 picks a free one (see RunningHttpServer.port). */
  port: number;
  /** Bearer token; required on a non-loopback bind, and enforced on any bind when given. */
  token?: string;
  logger: Logger;
  /** Makes the McpServer of one session (a McpServer serves one transport). */
  newServer: () => McpServer;
  /** Browser origins allowed besides loopback pages (exact `scheme://host[:port]`). */
  allowedOrigins?: string[];
  /** Host header names allowed besides the built-in ones (`name` for any port, or `name:port`). */
  allowedHosts?: string[];
  /** Sessions open at once (Streamable HTTP and legacy SSE together); default 100. */
  maxSessions?: number;
  /** A session with no open request for this long is closed; default 30 minutes. */
  sessionIdleTimeoutMs?: number;
  /** Largest request body; default 4 MiB (413 beyond). */
  maxBodyBytes?: number;
  /** Answer Streamable HTTP POSTs with plain JSON instead of an SSE stream (no progress). */
  enableJsonResponse?: boolean;
}

export interface HttpServerStats {
  sessions: number;
  streamableSessions: number;
  legacySseSessions: number;
}

export interface RunningHttpServer {
  /** The Streamable HTTP endpoint, `http://host:port/mcp`. */
  url: string;
  /** The legacy SSE endpoint, `http://host:port/sse`. */
  sseUrl: string;
  port: number;
  stats(): HttpServerStats;
  /** Closes every session, its server and transport, and every connection; idempotent. */
  close(): Promise<void>;
}

type SessionKind = 'streamable' | 'sse';

interface Session {
  id: string;
  kind: SessionKind;
  server: McpServer;
  transport: StreamableHTTPServerTransport | SSEServerTransport;
  lastActivity: number;
  /** Requests and streams in progress; a session is idle only when this is 0. */
  open: number;
  closing?: Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function sendRpcError(res: ServerResponse, error: HttpError): void {
  sendJson(
    res,
    error.status,
    { jsonrpc: '2.0', error: { code: error.code, message: error.message }, id: null },
    error.headers,
  );
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isJsonContentType(value: string | undefined): boolean {
  return (value ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** Reads a JSON body of at most `limit` bytes. */
async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  if (!isJsonContentType(header(req, 'content-type'))) {
    throw new HttpError(415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
  }
  const tooLarge = () =>
    new HttpError(413, -32000, `Payload Too Large: request body must not exceed ${limit} bytes`, {
      Connection: 'close',
    });
  const declared = Number(header(req, 'content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error?: Error) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) done(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => done();
    const onError = (error: Error) => done(error);
    const onClose = () => done(new HttpError(400, -32000, 'Request body incomplete'));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('close', onClose);
  });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, -32700, 'Parse error: Invalid JSON');
  }
}

function isInitializeBody(body: unknown): boolean {
  return Array.isArray(body) ? body.some((m) => isInitializeRequest(m)) : isInitializeRequest(body);
}

/** Starts the HTTP server; rejects on a non-loopback bind without a token, or when the port is taken. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const log = options.logger.child({ component: 'http' });
  const token = options.token && options.token.length > 0 ? options.token : undefined;
  if (!isLoopbackHost(options.host) && !token) {
    throw new Error(
      `Refusing to serve HTTP on ${options.host}, a non-loopback address, without a bearer token: ` +
        'set SENTINEL_MCP_HTTP_TOKEN (at least 16 random characters), or bind to 127.0.0.1',
    );
  }
  const expectedToken = token ? tokenDigest(token) : undefined;
  const maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
  const idleTimeoutMs = options.sessionIdleTimeoutMs ?? DEFAULT_SESSION_IDLE_TIMEOUT_MS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const allowedOrigins = options.allowedOrigins ?? [];

  const sessions = new Map<string, Session>();
  let pendingSessions = 0;
  let shuttingDown = false;
  /** Open connections and how many requests each is serving (0: idle keep-alive or not used yet). */
  const sockets = new Map<Socket, number>();
  // Filled in once listening (port 0 resolves to the real port).
  let policy = hostPolicy(options.host, options.port, options.allowedHosts);

  function closeSession(session: Session, reason: string): Promise<void> {
    if (session.closing) return session.closing;
    if (sessions.get(session.id) === session) sessions.delete(session.id);
    log.debug({ sessionId: session.id, kind: session.kind, reason }, 'closing MCP session');
    // McpServer.close() closes the transport (ending its streams) and aborts in-flight handlers. The
    // transport calls back into closeSession synchronously (onclose): `closing` is set before that.
    session.closing = (async () => {
      await Promise.resolve();
      try {
        await session.server.close();
      } catch (error) {
        log.warn({ err: error, sessionId: session.id }, 'error while closing an MCP session');
      }
    })();
    return session.closing;
  }

  /** Makes room for one more session: closes the longest-idle one when full, or refuses with 503. */
  async function reserveSession(): Promise<void> {
    if (sessions.size + pendingSessions < maxSessions) return;
    let oldest: Session | undefined;
    for (const s of sessions.values()) {
      if (s.open === 0 && (!oldest || s.lastActivity < oldest.lastActivity)) oldest = s;
    }
    if (!oldest) {
      throw new HttpError(503, -32000, `Too many sessions (at most ${maxSessions}); try again later`, {
        'Retry-After': '30',
      });
    }
    await closeSession(oldest, 'evicted: session limit reached');
  }

  /** Counts a request or stream against its session until the response ends. */
  function track(session: Session, res: ServerResponse): void {
    session.open += 1;
    session.lastActivity = Date.now();
    res.once('close', () => {
      session.open -= 1;
      session.lastActivity = Date.now();
    });
  }

  function newSessionServer(): McpServer {
    const server = options.newServer();
    // Transport errors reach this too (refused requests, dropped streams): useful when debugging only.
    server.server.onerror = (error) => log.debug({ err: error }, 'MCP session error');
    return server;
  }

  async function handleMcp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'POST' && method !== 'DELETE') {
      throw new HttpError(405, -32000, 'Method not allowed', { Allow: 'GET, POST, DELETE' });
    }
    const body = method === 'POST' ? await readJsonBody(req, maxBodyBytes) : undefined;
    const sessionId = header(req, 'mcp-session-id');
    if (sessionId !== undefined) {
      const session = sessions.get(sessionId);
      if (!session || session.kind !== 'streamable' || session.closing) {
        throw new HttpError(404, -32001, 'Session not found');
      }
      track(session, res);
      await (session.transport as StreamableHTTPServerTransport).handleRequest(req, res, body);
      return;
    }
    if (method !== 'POST' || !isInitializeBody(body)) {
      throw new HttpError(
        400,
        -32000,
        'Bad Request: Mcp-Session-Id header is required (or send an initialize request)',
      );
    }
    await reserveSession();
    pendingSessions += 1;
    let session: Session | undefined;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: options.enableJsonResponse ?? false,
      onsessioninitialized: (id) => {
        pendingSessions -= 1;
        session = { id, kind: 'streamable', server, transport, lastActivity: Date.now(), open: 0 };
        sessions.set(id, session);
        track(session, res);
        log.debug({ sessionId: id }, 'MCP session opened (streamable HTTP)');
      },
    });
    const server = newSessionServer();
    transport.onclose = () => {
      if (session) void closeSession(session, 'transport closed');
    };
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    } finally {
      if (!session) {
        // The initialize request was refused (bad Accept header, ...): nothing to keep.
        pendingSessions -= 1;
        await server.close().catch(() => undefined);
      }
    }
  }

  async function handleSseOpen(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') throw new HttpError(405, -32000, 'Method not allowed', { Allow: 'GET' });
    await reserveSession();
    const transport = new SSEServerTransport(MESSAGES_PATH, res);
    const server = newSessionServer();
    const session: Session = {
      id: transport.sessionId,
      kind: 'sse',
      server,
      transport,
      lastActivity: Date.now(),
      open: 0,
    };
    sessions.set(session.id, session);
    track(session, res);
    // Comment lines keep proxies from timing the stream out and reveal dead peers.
    const keepAlive = setInterval(() => {
      if (!res.writableEnded) res.write(': keepalive\n\n');
    }, SSE_KEEPALIVE_MS);
    keepAlive.unref();
    transport.onclose = () => {
      clearInterval(keepAlive);
      void closeSession(session, 'SSE stream closed');
    };
    res.once('close', () => clearInterval(keepAlive));
    await server.connect(transport); // writes the headers and the `endpoint` event
    log.debug({ sessionId: session.id }, 'MCP session opened (legacy SSE)');
  }

  async function handleSseMessage(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') throw new HttpError(405, -32000, 'Method not allowed', { Allow: 'POST' });
    const id = url.searchParams.get('sessionId') ?? '';
    const session = sessions.get(id);
    if (!session || session.kind !== 'sse' || session.closing)
      throw new HttpError(404, -32001, 'Session not found');
    const body = await readJsonBody(req, maxBodyBytes);
    track(session, res);
    await (session.transport as SSEServerTransport).handlePostMessage(req, res, body);
  }

  function checkAuth(req: IncomingMessage): void {
    if (!expectedToken) return;
    const result = checkBearer(header(req, 'authorization'), expectedToken);
    if (result === 'ok') return;
    throw new HttpError(
      401,
      -32000,
      result === 'missing'
        ? 'Unauthorized: send Authorization: Bearer <token> (the value of SENTINEL_MCP_HTTP_TOKEN)'
        : 'Unauthorized: invalid bearer token',
      {
        'WWW-Authenticate':
          result === 'missing'
            ? 'Bearer realm="sentinel-mcp"'
            : 'Bearer realm="sentinel-mcp", error="invalid_token"',
      },
    );
  }

  /** Host and Origin checks (DNS rebinding); CORS headers for allowed browser origins. */
  function checkBrowserSafety(req: IncomingMessage, res: ServerResponse): void {
    if (!isAllowedHost(header(req, 'host'), policy)) {
      throw new HttpError(403, -32000, 'Forbidden: Host header not allowed');
    }
    const origin = header(req, 'origin');
    if (origin === undefined) return;
    if (!isAllowedOrigin(origin, allowedOrigins)) {
      throw new HttpError(403, -32000, 'Forbidden: Origin not allowed');
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', 'Mcp-Session-Id, WWW-Authenticate');
    res.setHeader('Vary', 'Origin');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (shuttingDown) {
      throw new HttpError(503, -32000, 'Server is shutting down', { Connection: 'close' });
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    checkBrowserSafety(req, res);
    if (req.method === 'OPTIONS' && header(req, 'origin') !== undefined) {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
        'Access-Control-Allow-Headers':
          'Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    switch (url.pathname) {
      case HEALTH_PATH:
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          throw new HttpError(405, -32000, 'Method not allowed', { Allow: 'GET, HEAD' });
        }
        // Open without the token so probes work; it says nothing about the workspace or sessions.
        sendJson(res, 200, { status: 'ok', name: 'sentinel-mcp', version: VERSION });
        return;
      case MCP_PATH:
        checkAuth(req);
        return handleMcp(req, res);
      case SSE_PATH:
        checkAuth(req);
        return handleSseOpen(req, res);
      case MESSAGES_PATH:
        checkAuth(req);
        return handleSseMessage(req, res, url);
      default:
        throw new HttpError(404, -32000, `Not found: ${url.pathname}`);
    }
  }

  const httpServer = createNodeServer((req, res) => {
    const socket = req.socket;
    sockets.set(socket, (sockets.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const left = (sockets.get(socket) ?? 1) - 1;
      if (!sockets.has(socket)) return;
      sockets.set(socket, left);
      // Shutting down: a connection is dropped as soon as its last response is done.
      if (shuttingDown && left <= 0) socket.destroy();
    });
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) {
        if (error.status >= 500 || error.status === 401 || error.status === 403) {
          log.warn(
            { status: error.status, method: req.method, path: (req.url ?? '').split('?')[0] },
            `HTTP request refused: ${error.message}`,
          );
        }
        sendRpcError(res, error);
        // Unread body bytes (413) would be parsed as the next request: drop them with the connection.
        if (error.headers.Connection === 'close') req.resume();
        return;
      }
      log.error({ err: error }, 'HTTP request failed');
      if (!res.headersSent) sendRpcError(res, new HttpError(500, -32603, 'Internal server error'));
      else res.end();
    });
  });
  httpServer.on('connection', (socket: Socket) => {
    sockets.set(socket, 0);
    socket.once('close', () => sockets.delete(socket));
  });
  httpServer.on('clientError', (_error, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    httpServer.once('error', onError);
    httpServer.listen(options.port, options.host, () => {
      httpServer.off('error', onError);
      resolve();
    });
  });
  httpServer.on('error', (error) => log.error({ err: error }, 'HTTP server error'));
  const port = (httpServer.address() as AddressInfo).port;
  policy = hostPolicy(options.host, port, options.allowedHosts);

  const sweepEvery = Math.max(50, Math.min(60_000, Math.floor(idleTimeoutMs / 2)));
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const s of sessions.values()) {
      if (s.open === 0 && now - s.lastActivity >= idleTimeoutMs) void closeSession(s, 'idle timeout');
    }
  }, sweepEvery);
  sweeper.unref();

  const base = `http://${hostForUrl(options.host)}:${port}`;
  log.info({ url: `${base}${MCP_PATH}`, auth: token ? 'bearer' : 'none' }, 'HTTP transport listening');

  let closed: Promise<void> | undefined;
  async function close(): Promise<void> {
    shuttingDown = true;
    clearInterval(sweeper);
    const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    await Promise.all([...sessions.values()].map((s) => closeSession(s, 'server shutting down')));
    // Idle keep-alive connections, and connections that never sent a request, go at once.
    for (const [socket, requests] of sockets) if (requests <= 0) socket.destroy();
    // Give responses that are finishing a moment, then cut whatever is left (streams, slow peers).
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SHUTDOWN_GRACE_MS);
    });
    await Promise.race([stopped, grace]);
    clearTimeout(timer);
    httpServer.closeAllConnections();
    for (const socket of sockets.keys()) socket.destroy();
    await stopped;
    log.info('HTTP transport closed');
  }

  return {
    url: `${base}${MCP_PATH}`,
    sseUrl: `${base}${SSE_PATH}`,
    port,
    stats() {
      let streamable = 0;
      for (const s of sessions.values()) if (s.kind === 'streamable') streamable += 1;
      return {
        sessions: sessions.size,
        streamableSessions: streamable,
        legacySseSessions: sessions.size - streamable,
      };
    },
    close() {
      closed ??= close();
      return closed;
    },
  };
}
