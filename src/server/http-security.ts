// HTTP security checks for the Streamable HTTP and legacy SSE transports: which addresses count as
// loopback, DNS-rebinding protection (Host and Origin headers) and the bearer token. Pure functions,
// no I/O, so that each rule is unit-tested on its own.
import { createHash, timingSafeEqual } from 'node:crypto';
import { hostname as osHostname, networkInterfaces } from 'node:os';

const IPV4_LOOPBACK = /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** Strips IPv6 brackets and a zone id, lowercases: `[::1]` -> `::1`, `fe80::1%eth0` -> `fe80::1`. */
function bareHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  const zone = h.indexOf('%');
  return zone >= 0 ? h.slice(0, zone) : h;
}

/** True for addresses only this machine can reach: localhost, 127.0.0.0/8, ::1 (also IPv4-mapped). */
export function isLoopbackHost(host: string): boolean {
  const h = bareHost(host);
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (IPV4_LOOPBACK.test(h)) return true;
  const mapped = /^::ffff:(.+)$/.exec(h);
  return mapped?.[1] !== undefined && IPV4_LOOPBACK.test(mapped[1]);
}

/** True for the "every interface" addresses: 0.0.0.0 and ::. */
export function isWildcardHost(host: string): boolean {
  const h = bareHost(host);
  return h === '0.0.0.0' || h === '::' || h === '0:0:0:0:0:0:0:0';
}

/** A host name as it appears in a Host header or URL: IPv6 in brackets, lowercase. */
export function hostForUrl(host: string): string {
  const h = bareHost(host);
  return h.includes(':') ? `[${h}]` : h;
}

/** The Host header values a server accepts. */
export interface HostPolicy {
  /** The port the server listens on; built-in names must carry it. */
  port: number;
  /** Names accepted with the server's port (lowercase, IPv6 bracketed). */
  names: ReadonlySet<string>;
  /** Names (`name`) accepted with any port, or `name:port` accepted with that port only (allowedHosts). */
  extra: ReadonlySet<string>;
}

/**
 * Accepted Host names: localhost, 127.0.0.1, [::1] and the bind host; on a wildcard bind (0.0.0.0,
 * ::) also this machine's interface addresses and host name, since remote clients name the server by
 * them. `allowedHosts` adds names (e.g. a DNS name or a reverse proxy's host), with or without a port.
 */
export function hostPolicy(bindHost: string, port: number, allowedHosts: readonly string[] = []): HostPolicy {
  const names = new Set<string>(['localhost', '127.0.0.1', '[::1]', hostForUrl(bindHost)]);
  if (isWildcardHost(bindHost)) {
    for (const list of Object.values(networkInterfaces())) {
      for (const info of list ?? []) names.add(hostForUrl(info.address));
    }
    names.add(osHostname().toLowerCase());
  }
  const extra = new Set(allowedHosts.map((h) => h.trim().toLowerCase()).filter((h) => h.length > 0));
  return { port, names, extra };
}

// A Host header is `name[:port]` or `[ipv6][:port]`; anything else (userinfo, paths, spaces) is refused.
const HOST_HEADER = /^(?:([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)|(\[[0-9a-f:.]+\]))(?::(\d{1,5}))?$/i;

/** Whether a request's Host header names this server (DNS-rebinding protection). */
export function isAllowedHost(header: string | undefined, policy: HostPolicy): boolean {
  if (!header) return false;
  const m = HOST_HEADER.exec(header.trim());
  if (!m) return false;
  const name = (m[1] ?? m[2] ?? '').toLowerCase();
  const port = m[3] !== undefined ? Number(m[3]) : 80;
  if (policy.extra.has(name) || policy.extra.has(`${name}:${port}`)) return true;
  return port === policy.port && policy.names.has(name);
}

/** Normalizes an origin (`scheme://host[:port]`), or undefined when it is not one. */
export function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.username || url.password) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * Whether a browser Origin may call the server: any loopback page (http(s)://localhost:*,
 * 127.0.0.1:*, [::1]:*) or one of `allowedOrigins` exactly. `null` and non-http origins are refused.
 */
export function isAllowedOrigin(origin: string, allowedOrigins: readonly string[] = []): boolean {
  const normalized = normalizeOrigin(origin);
  if (!normalized) return false;
  const host = new URL(normalized).hostname;
  if (host === 'localhost' || host === '127.0.0.1' || host === '[::1]') return true;
  return allowedOrigins.some((o) => normalizeOrigin(o) === normalized);
}

/** A digest of the token, so comparisons take the same time whatever the lengths. */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export type BearerCheck = 'ok' | 'missing' | 'invalid';

/** Checks an `Authorization: Bearer <token>` header in constant time. */
export function checkBearer(authorization: string | undefined, expected: Buffer): BearerCheck {
  if (!authorization) return 'missing';
  const m = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  if (!m?.[1]) return 'invalid';
  return timingSafeEqual(tokenDigest(m[1]), expected) ? 'ok' : 'invalid';
}
