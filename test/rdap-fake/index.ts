// A local HTTPS RDAP server for tests: the bootstrap file (/dns.json), domain answers under per-TLD
// bases (/com/v1/, /top/, /de/), RFC 9083 404s, a slow base (/slow/: answers after slowMs, or never
// if the client goes away first), a base that redirects to plain http (/moved/), and a route that
// answers something that is not JSON (/com/v1/domain/garbled.com). Same certificate as the Azure fake
// (scripts/run-tests.mjs makes it and trusts it through NODE_EXTRA_CA_CERTS; global fetch reads that).
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadCertificate } from '../azure-fake/cert.js';
import { bootstrapFile, buecherDe, fernbrookLabsCom, kvxSyncupdateTop, rdapError } from './answers.js';

export interface RdapFakeOptions {
  /** How long the /slow/ base takes to answer (default 10 s). */
  slowMs?: number;
}

export interface RdapRequest {
  method: string;
  path: string;
  accept: string | undefined;
  status: number;
}

export interface RdapFake {
  origin: string;
  /** `${origin}/dns.json` */
  bootstrapUrl: string;
  /** When the fake started (relative dates in answers count from it). */
  started: number;
  requests(): RdapRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/rdap+json';

function send(res: ServerResponse, status: number, body: unknown, type = JSON_TYPE): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'access-control-allow-origin': '*' });
  res.end(text);
}

function domainAnswer(
  base: string,
  name: string,
  origin: string,
  started: number,
): Record<string, unknown> | undefined {
  const baseUrl = `${origin}${base}`;
  if (base === '/com/v1/' && name === 'fernbrooklabs.com') return fernbrookLabsCom(baseUrl);
  if (base === '/top/' && name === 'kvx-syncupdate.top') return kvxSyncupdateTop(baseUrl, started);
  if (base === '/de/' && name === 'xn--bcher-kva.de') return buecherDe(baseUrl);
  return undefined;
}

export async function startRdapFake(options: RdapFakeOptions = {}): Promise<RdapFake> {
  const tls = await loadCertificate();
  const slowMs = options.slowMs ?? 10_000;
  const started = Date.now();
  const seen: RdapRequest[] = [];
  const sockets = new Set<Socket>();
  let origin = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    const record: RdapRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      accept: req.headers.accept,
      status: 0,
    };
    seen.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    if (record.method !== 'GET')
      return send(res, 405, rdapError(405, 'Method Not Allowed', 'RDAP is read with GET.'));
    if (url.pathname === '/dns.json') return send(res, 200, bootstrapFile(origin), 'application/json');
    const m = /^(\/(?:com\/v1|top|de|slow|moved)\/)domain\/([^/]+)$/.exec(url.pathname);
    if (!m) return send(res, 404, rdapError(404, 'Not Found', 'No such path on this server.'));
    const base = m[1]!;
    const name = decodeURIComponent(m[2]!).toLowerCase();
    if (base === '/slow/') {
      const gone = new AbortController();
      res.on('close', () => gone.abort());
      await sleep(slowMs, undefined, { signal: gone.signal }).catch(() => undefined);
      if (gone.signal.aborted) return;
      return send(res, 404, rdapError(404, 'Not Found', 'Too late anyway.'));
    }
    if (base === '/moved/') {
      res.writeHead(301, { location: `http://127.0.0.1:9/domain/${name}` });
      return void res.end();
    }
    if (name === 'garbled.com')
      return send(res, 200, '<html><body>Service Unavailable</body></html>', 'text/html');
    const answer = domainAnswer(base, name, origin, started);
    if (!answer) return send(res, 404, rdapError(404, 'Not Found', `The domain ${name} was not found.`));
    return send(res, 200, answer);
  };

  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, rdapError(500, 'Internal Server Error', 'The fake failed.'));
      else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    bootstrapUrl: `${origin}/dns.json`,
    started,
    requests: () => seen.map((r) => ({ ...r })),
    clearRequests: () => {
      seen.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        tls.dispose();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** A loopback port nothing listens on (for "could not reach" cases). */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
