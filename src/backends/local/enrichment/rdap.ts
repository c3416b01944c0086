// Domain registration data over RDAP (RFC 7480-7484, 9082/9083), the successor of WHOIS: the
// IANA bootstrap file (RFC 9224, cached for hours) names the RDAP server of each TLD, or one
// configured base URL serves every name; GET {base}domain/{name} answers a JSON domain object.
// HTTPS only (redirects too); every request runs under the call's signal and deadline and a
// per-request time limit. No network, a DNS failure or a stalled server is UPSTREAM with the fix.
import { pathSegment } from '../../../kql/quote.js';
import { ToolError } from '../../../util/errors.js';
import type { Logger } from '../../../util/logger.js';
import type { CallOptions } from '../../backend.js';
import type { DomainContact, DomainWhois } from '../../enrichment.js';

export interface RdapOptions {
  /** RFC 9224 bootstrap file for domain names (IANA's dns.json). */
  bootstrapUrl: string;
  /** One RDAP server for every TLD instead of the bootstrap (e.g. https://rdap.verisign.com/com/v1/). */
  baseUrl?: string;
  /** Time limit of one HTTP request (default 15 s), within the call's deadline. */
  requestTimeoutMs?: number;
  /** How long the bootstrap file is kept (default 6 hours). */
  bootstrapTtlMs?: number;
  logger?: Logger;
}

export const RDAP_REQUEST_TIMEOUT_MS = 15_000;
export const RDAP_BOOTSTRAP_TTL_MS = 6 * 60 * 60 * 1000;
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const MAX_REDIRECTS = 3;
const SETTINGS_HINT =
  'This needs internet access to RDAP servers (HTTPS), or set SENTINEL_MCP_RDAP_BASE_URL to an RDAP server you can reach.';

/** The parts of an RDAP domain object (RFC 9083 §5.3) this reads. */
interface RdapEntity {
  roles?: unknown;
  port43?: unknown;
  vcardArray?: unknown;
  publicIds?: unknown;
  entities?: unknown;
}

interface RdapDomain {
  objectClassName?: unknown;
  ldhName?: unknown;
  unicodeName?: unknown;
  status?: unknown;
  events?: unknown;
  entities?: unknown;
  nameservers?: unknown;
  port43?: unknown;
}

interface Bootstrap {
  /** [labels suffix (lower case), https base URLs] */
  services: { tlds: string[]; urls: string[] }[];
  loaded: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The error behind fetch's `TypeError: fetch failed` (undici puts the socket error in `cause`). */
function networkCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL/i;

export class RdapClient {
  private bootstrap: Promise<Bootstrap> | undefined;
  private readonly requestTimeoutMs: number;
  private readonly bootstrapTtlMs: number;

  constructor(private readonly options: RdapOptions) {
    for (const url of [options.bootstrapUrl, options.baseUrl]) {
      if (url !== undefined && (!URL.canParse(url) || new URL(url).protocol !== 'https:')) {
        throw new ToolError('INVALID_ARGUMENT', `RDAP URLs must be https:// URLs; got "${url}"`, {
          hint: 'Fix SENTINEL_MCP_RDAP_BOOTSTRAP_URL or SENTINEL_MCP_RDAP_BASE_URL.',
          retryable: false,
        });
      }
    }
    this.requestTimeoutMs = options.requestTimeoutMs ?? RDAP_REQUEST_TIMEOUT_MS;
    this.bootstrapTtlMs = options.bootstrapTtlMs ?? RDAP_BOOTSTRAP_TTL_MS;
  }

  /** Registration data of a domain (ASCII, lower case, validated by the caller). */
  async lookup(domain: string, options: CallOptions = {}): Promise<DomainWhois> {
    const base = this.options.baseUrl ?? (await this.serverFor(domain, options));
    const url = `${withSlash(base)}domain/${pathSegment(domain, 'domain name')}`;
    const { status, body, finalUrl } = await this.get(url, options, `looking up ${domain}`);
    if (status === 404) {
      throw new ToolError(
        'NOT_FOUND',
        `No such domain registered: ${domain} (RDAP ${hostOf(finalUrl)} answered 404)`,
        {
          hint: 'Check the spelling. RDAP knows registered names (example.com), not host names under them (www.example.com).',
        },
      );
    }
    if (status !== 200) throw statusError(status, finalUrl, body);
    const json = parseJson(body, finalUrl);
    if (!isRecord(json) || (json['objectClassName'] !== undefined && json['objectClassName'] !== 'domain')) {
      throw new ToolError(
        'UPSTREAM',
        `RDAP lookup failed: ${hostOf(finalUrl)} did not answer a domain object`,
        {
          hint: SETTINGS_HINT,
        },
      );
    }
    return domainFromRdap(json as RdapDomain, domain, finalUrl);
  }

  /** The RDAP base URL for a domain from the bootstrap file: the longest matching label suffix. */
  private async serverFor(domain: string, options: CallOptions): Promise<string> {
    const bootstrap = await this.loadBootstrap(options);
    const labels = domain.split('.');
    for (let i = 1; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.');
      const service = bootstrap.services.find((s) => s.tlds.includes(suffix));
      if (service) return service.urls[0]!;
    }
    const tld = labels[labels.length - 1]!;
    throw new ToolError(
      'UNSUPPORTED',
      `No RDAP server is registered for .${tld} in the bootstrap file (${this.options.bootstrapUrl})`,
      {
        hint: "Not every country-code TLD runs RDAP: ask the registry's WHOIS service, or set SENTINEL_MCP_RDAP_BASE_URL to an RDAP server that serves it.",
        retryable: false,
      },
    );
  }

  private loadBootstrap(options: CallOptions): Promise<Bootstrap> {
    const current = this.bootstrap;
    if (current) {
      return current.then((b) => {
        if (Date.now() - b.loaded < this.bootstrapTtlMs) return b;
        if (this.bootstrap === current) this.bootstrap = undefined;
        return this.loadBootstrap(options);
      });
    }
    const loading = this.fetchBootstrap(options);
    this.bootstrap = loading;
    loading.catch(() => {
      if (this.bootstrap === loading) this.bootstrap = undefined;
    });
    return loading;
  }

  private async fetchBootstrap(options: CallOptions): Promise<Bootstrap> {
    const url = this.options.bootstrapUrl;
    const { status, body, finalUrl } = await this.get(url, options, 'reading the RDAP bootstrap file');
    if (status !== 200) throw statusError(status, finalUrl, body, 'the RDAP bootstrap file');
    const json = parseJson(body, finalUrl);
    const services: Bootstrap['services'] = [];
    if (isRecord(json) && Array.isArray(json['services'])) {
      for (const entry of json['services'] as unknown[]) {
        if (!Array.isArray(entry) || entry.length < 2) continue;
        const tlds = strings(entry[0]).map((t) => t.toLowerCase().replace(/^\.|\.$/g, ''));
        const urls = strings(entry[1]).filter((u) => URL.canParse(u) && new URL(u).protocol === 'https:');
        if (tlds.length && urls.length) services.push({ tlds, urls });
      }
    }
    if (services.length === 0) {
      throw new ToolError(
        'UPSTREAM',
        `RDAP lookup failed: the bootstrap file ${finalUrl} lists no HTTPS RDAP services`,
        {
          hint: 'Check SENTINEL_MCP_RDAP_BOOTSTRAP_URL (an RFC 9224 file like https://data.iana.org/rdap/dns.json).',
        },
      );
    }
    this.options.logger?.debug({ url: finalUrl, services: services.length }, 'RDAP bootstrap loaded');
    return { services, loaded: Date.now() };
  }

  /** GET with HTTPS-only redirects, the call's signal and deadline, a request time limit and a body cap. */
  private async get(
    url: string,
    options: CallOptions,
    what: string,
  ): Promise<{ status: number; body: string; finalUrl: string }> {
    let current = url;
    for (let hop = 0; ; hop++) {
      const answer = await this.request(current, options, what);
      if (answer.location === undefined)
        return { status: answer.status, body: answer.body, finalUrl: current };
      const next = URL.canParse(answer.location, current) ? new URL(answer.location, current) : undefined;
      if (!next || next.protocol !== 'https:') {
        throw new ToolError(
          'UPSTREAM',
          `RDAP lookup failed: ${hostOf(current)} redirected to a non-HTTPS URL`,
          {
            hint: SETTINGS_HINT,
          },
        );
      }
      if (hop >= MAX_REDIRECTS) {
        throw new ToolError('UPSTREAM', `RDAP lookup failed: too many redirects from ${hostOf(url)}`, {
          hint: SETTINGS_HINT,
        });
      }
      current = next.toString();
    }
  }

  /** One HTTP exchange, body included, under one signal: the caller's, the deadline and the time limit. */
  private async request(
    url: string,
    options: CallOptions,
    what: string,
  ): Promise<{ status: number; body: string; location?: string }> {
    options.abortSignal?.throwIfAborted();
    const left = options.deadline !== undefined ? options.deadline - Date.now() : Number.POSITIVE_INFINITY;
    const limitMs = Math.max(1, Math.min(this.requestTimeoutMs, left));
    const limited = AbortSignal.timeout(limitMs);
    const signal = options.abortSignal ? AbortSignal.any([options.abortSignal, limited]) : limited;
    try {
      const response = await fetch(url, {
        method: 'GET',
        headers: { accept: 'application/rdap+json, application/json;q=0.9' },
        redirect: 'manual',
        signal,
      });
      const location = response.headers.get('location');
      if ([301, 302, 303, 307, 308].includes(response.status) && location) {
        await response.body?.cancel().catch(() => undefined);
        return { status: response.status, body: '', location };
      }
      return { status: response.status, body: await readLimited(response, url) };
    } catch (error) {
      throw this.failure(error, { url, options, limited, limitMs, what });
    }
  }

  private failure(
    error: unknown,
    at: { url: string; options: CallOptions; limited: AbortSignal; limitMs: number; what: string },
  ): unknown {
    if (error instanceof ToolError) return error;
    // The caller's cancellation: the call layer reports CANCELLED (or TIMEOUT at its deadline).
    if (at.options.abortSignal?.aborted) return at.options.abortSignal.reason ?? error;
    const host = hostOf(at.url);
    if (at.limited.aborted) {
      const deadline = at.options.deadline;
      const deadlinePassed = deadline !== undefined && Date.now() >= deadline - 20;
      return new ToolError(
        deadlinePassed ? 'TIMEOUT' : 'UPSTREAM',
        `RDAP lookup failed: ${host} did not answer within ${formatSeconds(at.limitMs)} while ${at.what}`,
        {
          hint: deadlinePassed
            ? 'The call reached its deadline: try again, or raise SENTINEL_MCP_QUERY_TIMEOUT.'
            : `The RDAP server is slow or unreachable: try again later. ${SETTINGS_HINT}`,
          cause: error,
        },
      );
    }
    const code = networkCode(error);
    if (code && TLS_CODE.test(code)) {
      return new ToolError(
        'UPSTREAM',
        `RDAP lookup failed: the TLS certificate of ${host} was not trusted (${code})`,
        {
          hint: 'If a proxy or private RDAP server uses its own CA, point NODE_EXTRA_CA_CERTS at the CA certificate (PEM) and restart.',
          retryable: false,
          cause: error,
        },
      );
    }
    const cause = (error as { cause?: unknown } | null)?.cause;
    const detail =
      code ?? (cause instanceof Error ? cause.message : error instanceof Error ? error.message : '');
    const reason = detail ? ` (${detail})` : '';
    return new ToolError(
      'UPSTREAM',
      `RDAP lookup failed: could not reach ${host}${reason} while ${at.what}`,
      {
        hint: SETTINGS_HINT,
        cause: error,
      },
    );
  }
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** The body as text, refusing more than MAX_BODY_BYTES. */
async function readLimited(response: Response, url: string): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new ToolError(
        'UPSTREAM',
        `RDAP lookup failed: ${hostOf(url)} sent more than ${MAX_BODY_BYTES / 2 ** 20} MB`,
        { hint: SETTINGS_HINT },
      );
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(body: string, url: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch (cause) {
    throw new ToolError('UPSTREAM', `RDAP lookup failed: ${hostOf(url)} sent a response that is not JSON`, {
      hint: SETTINGS_HINT,
      cause,
    });
  }
}

/** An RDAP error answer (RFC 9083 §6: errorCode, title, description) as a ToolError. */
function statusError(status: number, url: string, body: string, what = 'the domain'): ToolError {
  let detail = '';
  try {
    const json = JSON.parse(body) as unknown;
    if (isRecord(json)) {
      detail = [json['title'], ...strings(json['description'])]
        .filter((t): t is string => typeof t === 'string' && t !== '')
        .join(' ')
        .slice(0, 200);
    }
  } catch {
    // not JSON: the status says enough
  }
  const host = hostOf(url);
  const text = `RDAP lookup failed: ${host} answered ${status} for ${what}${detail ? `: ${detail}` : ''}`;
  if (status === 429) {
    return new ToolError('THROTTLED', text, {
      hint: 'RDAP servers limit queries per client: wait a minute before asking again.',
    });
  }
  if (status === 400 || status === 422) return new ToolError('INVALID_ARGUMENT', text, { retryable: false });
  return new ToolError('UPSTREAM', text, {
    hint: status >= 500 ? 'A server-side failure: try again in a moment.' : SETTINGS_HINT,
    retryable: status >= 500,
  });
}

// ---------------------------------------------------------------------------------------------
// RDAP JSON → DomainWhois

type VcardProperty = [string, Record<string, unknown>, string, unknown];

function vcardProperties(entity: RdapEntity): VcardProperty[] {
  const card = entity.vcardArray;
  if (!Array.isArray(card) || card[0] !== 'vcard' || !Array.isArray(card[1])) return [];
  return (card[1] as unknown[]).filter(
    (p): p is VcardProperty => Array.isArray(p) && typeof p[0] === 'string' && p.length >= 4,
  );
}

function vcardText(entity: RdapEntity, name: string): string | undefined {
  const property = vcardProperties(entity).find((p) => p[0].toLowerCase() === name);
  if (!property) return undefined;
  const value = Array.isArray(property[3]) ? strings(property[3]).join(' ') : property[3];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function vcardCountry(entity: RdapEntity): string | undefined {
  const adr = vcardProperties(entity).find((p) => p[0].toLowerCase() === 'adr');
  if (!adr) return undefined;
  const cc = adr[1]['cc'];
  if (typeof cc === 'string' && cc.trim()) return cc.trim().toUpperCase();
  const parts = adr[3];
  if (Array.isArray(parts) && typeof parts[6] === 'string' && parts[6].trim()) return parts[6].trim();
  return undefined;
}

function entitiesOf(value: unknown): RdapEntity[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function hasRole(entity: RdapEntity, role: string): boolean {
  return strings(entity.roles).some((r) => r.toLowerCase() === role);
}

function contactOf(entity: RdapEntity): DomainContact | undefined {
  const name = vcardText(entity, 'fn');
  const organization = vcardText(entity, 'org');
  const country = vcardCountry(entity);
  const email = vcardText(entity, 'email');
  const contact: DomainContact = {
    ...(name ? { name } : {}),
    ...(organization ? { organization } : {}),
    ...(country ? { country } : {}),
    ...(email ? { email } : {}),
  };
  return Object.keys(contact).length ? contact : undefined;
}

function eventDate(events: unknown, action: string): string | undefined {
  for (const event of Array.isArray(events) ? events : []) {
    if (!isRecord(event) || typeof event['eventAction'] !== 'string') continue;
    if (event['eventAction'].toLowerCase() !== action) continue;
    const date = event['eventDate'];
    if (typeof date === 'string' && !Number.isNaN(Date.parse(date))) return new Date(date).toISOString();
  }
  return undefined;
}

export function domainFromRdap(json: RdapDomain, domain: string, url: string): DomainWhois {
  const entities = entitiesOf(json.entities);
  const registrar = entities.find((e) => hasRole(e, 'registrar'));
  const registrant = entities.find((e) => hasRole(e, 'registrant'));
  const ianaId = registrar
    ? (Array.isArray(registrar.publicIds) ? registrar.publicIds : [])
        .filter(isRecord)
        .find((p) => typeof p['type'] === 'string' && /iana/i.test(p['type']))?.['identifier']
    : undefined;
  const abuse = registrar ? entitiesOf(registrar.entities).find((e) => hasRole(e, 'abuse')) : undefined;
  const abuseEmail = abuse ? vcardText(abuse, 'email') : undefined;
  const abusePhone = abuse ? vcardText(abuse, 'tel')?.replace(/^tel:/i, '') : undefined;
  const registrarUrl = registrar ? vcardText(registrar, 'url') : undefined;
  const port43 = typeof json.port43 === 'string' ? json.port43 : registrar?.port43;
  const whoisServer = typeof port43 === 'string' && port43.trim() ? port43.trim() : undefined;
  const nameServers = (Array.isArray(json.nameservers) ? json.nameservers : [])
    .filter(isRecord)
    .map((ns) => ns['ldhName'])
    .filter((n): n is string => typeof n === 'string')
    .map((n) => n.toLowerCase().replace(/\.$/, ''));
  const registrarName = registrar ? vcardText(registrar, 'fn') : undefined;
  const registrantContact = registrant ? contactOf(registrant) : undefined;
  const created = eventDate(json.events, 'registration');
  const updated = eventDate(json.events, 'last changed');
  const expires = eventDate(json.events, 'expiration');
  const ldhName = typeof json.ldhName === 'string' ? json.ldhName.toLowerCase().replace(/\.$/, '') : domain;
  return {
    domain: ldhName,
    ...(registrarName ? { registrar: registrarName } : {}),
    ...(typeof ianaId === 'string' || typeof ianaId === 'number' ? { registrarIanaId: String(ianaId) } : {}),
    ...(registrarUrl ? { registrarUrl } : {}),
    ...(abuseEmail ? { abuseEmail } : {}),
    ...(abusePhone ? { abusePhone } : {}),
    ...(whoisServer ? { whoisServer } : {}),
    ...(created ? { created } : {}),
    ...(updated ? { updated } : {}),
    ...(expires ? { expires } : {}),
    status: strings(json.status),
    nameServers,
    ...(registrantContact ? { registrant: registrantContact } : {}),
    source: `RDAP ${url}`,
  };
}
