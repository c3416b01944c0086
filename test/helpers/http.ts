// Helpers for HTTP transport tests: raw requests with any headers (node:http lets us set Host and
// Origin, which fetch may not), and MCP messages written by hand.
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RawRequest {
  port: number;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Resolve as soon as the headers arrive (for streams that stay open); the body is then ''. */
  headersOnly?: boolean;
}

/** Sends one request to 127.0.0.1 on a fresh connection (no keep-alive). */
export function rawRequest(options: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port,
        method: options.method ?? 'GET',
        path: options.path ?? '/mcp',
        headers: { Connection: 'close', ...options.headers },
        agent: false,
      },
      (res) => {
        const base = { status: res.statusCode ?? 0, headers: res.headers };
        if (options.headersOnly) {
          resolve({ ...base, body: '' });
          res.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ ...base, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export const MCP_POST_HEADERS = {
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
};

export const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'raw-test', version: '0.0.0' },
  },
});

export function rpc(id: number, method: string, params: Record<string, unknown> = {}): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method, params });
}

/** The JSON-RPC messages in a response body, whether plain JSON or an SSE stream. */
export function messagesOf(response: RawResponse): unknown[] {
  const type = String(response.headers['content-type'] ?? '');
  if (type.includes('text/event-stream')) {
    return response.body
      .split('\n')
      .filter((line) => line.startsWith('data: ') && line.length > 6)
      .map((line) => JSON.parse(line.slice(6)) as unknown);
  }
  return response.body ? [JSON.parse(response.body) as unknown] : [];
}

/** Initializes a session by hand; returns its id. */
export async function openRawSession(port: number, headers: Record<string, string> = {}): Promise<string> {
  const res = await rawRequest({
    port,
    method: 'POST',
    headers: { ...MCP_POST_HEADERS, ...headers },
    body: INITIALIZE,
  });
  const id = res.headers['mcp-session-id'];
  if (res.status !== 200 || typeof id !== 'string') {
    throw new Error(`initialize failed: ${res.status} ${res.body}`);
  }
  await rawRequest({
    port,
    method: 'POST',
    headers: { ...MCP_POST_HEADERS, ...headers, 'Mcp-Session-Id': id, 'Mcp-Protocol-Version': '2025-06-18' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  return id;
}

/** Headers for a request inside a session. */
export function sessionHeaders(id: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...MCP_POST_HEADERS, 'Mcp-Session-Id': id, 'Mcp-Protocol-Version': '2025-06-18', ...extra };
}
