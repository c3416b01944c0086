// Tools of the enrichment toolset: where an IP address is (and who holds it), who registered a domain.
// Arguments are checked strictly here (node:net for addresses, IDNA + LDH rules for names); an
// address in a special-purpose range (private, loopback, documentation...) is answered from the IANA
// registries without asking any backend.
import { z } from 'zod';
import type { Backend } from '../backends/backend.js';
import {
  classifyIp,
  IP_SCOPES,
  requireDomain,
  requireIp,
  type DomainWhois,
  type EnrichmentApi,
  type IpGeodata,
} from '../backends/enrichment.js';
import { ToolError } from '../util/errors.js';
import { renderKeyValues } from '../util/results.js';
import { defineTool } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function enrichmentOf(backend: Backend): EnrichmentApi {
  if (!backend.enrichment) {
    throw new ToolError('UNSUPPORTED', `The ${backend.kind} backend does not serve IP or domain enrichment`, {
      hint: 'Use the local backend (offline IP database, RDAP) or an Azure workspace with Microsoft Sentinel.',
      retryable: false,
    });
  }
  return backend.enrichment;
}

const SCOPE_NOTES: Record<Exclude<IpGeodata['scope'], 'public'>, string> = {
  private:
    'A private address: it has no public location. Find the device behind it in the workspace (e.g. DeviceNetworkInfo, DHCP or firewall logs).',
  loopback: 'The loopback address: the host itself.',
  'link-local': 'A link-local address: valid on one network segment only, no public location.',
  multicast: 'A multicast group address: it names a group of receivers, not a place.',
  reserved: 'A reserved or unassigned address: it is not routed on the internet.',
  documentation:
    'An address reserved for documentation and examples: it is not used on the internet (test or sample data?).',
};

const ipOutput = {
  ip: z.string().describe('The address in canonical form (IPv6 compressed, lower case)'),
  version: z.union([z.literal(4), z.literal(6)]).describe('IP version'),
  scope: z
    .enum(IP_SCOPES)
    .describe('public (looked up), or the special-purpose scope that was answered without a lookup'),
  range: z.string().nullable().describe('The special-purpose block and its RFC, when not public'),
  country: z.string().nullable().describe('Country name'),
  country_code: z.string().nullable().describe('ISO 3166-1 alpha-2 country code'),
  continent: z.string().nullable().describe('Continent, when the source gives it'),
  region: z.string().nullable().describe('State, province or region'),
  city: z.string().nullable().describe('City, when known'),
  latitude: z.number().nullable().describe('Approximate latitude (city or country centroid)'),
  longitude: z.number().nullable().describe('Approximate longitude'),
  timezone: z.string().nullable().describe('IANA time zone, when known'),
  asn: z.number().int().nullable().describe('Autonomous system number, when known'),
  organization: z.string().nullable().describe('Organisation holding the AS or address block'),
  carrier: z.string().nullable().describe('Carrier, when the source gives it'),
  source: z.string().describe('What answered: the database and its date, or the service'),
  note: z.string().nullable().describe('What a non-public or unknown address means for an investigation'),
};

type IpOutput = z.output<z.ZodObject<typeof ipOutput>>;

function ipResult(g: IpGeodata): IpOutput {
  const located = g.country !== undefined || g.countryCode !== undefined;
  return {
    ip: g.ip,
    version: g.version,
    scope: g.scope,
    range: g.range ?? null,
    country: g.country ?? null,
    country_code: g.countryCode ?? null,
    continent: g.continent ?? null,
    region: g.region ?? null,
    city: g.city ?? null,
    latitude: g.latitude ?? null,
    longitude: g.longitude ?? null,
    timezone: g.timezone ?? null,
    asn: g.asn ?? null,
    organization: g.organization ?? null,
    carrier: g.carrier ?? null,
    source: g.source,
    note:
      g.scope !== 'public'
        ? SCOPE_NOTES[g.scope]
        : located
          ? null
          : 'The source has no location for this address.',
  };
}

export const ipGeodataGetTool = defineTool({
  name: 'sentinel_ip_geodata_get',
  title: 'Geolocate an IP address',
  description:
    'Returns where a public IPv4 or IPv6 address is (country, region, city, coordinates) and who holds it ' +
    "(AS number and organisation), with the source that answered: Sentinel's enrichment API on Azure, an " +
    'offline GeoLite2 City + ASN database on the local backend. Private, loopback, link-local, multicast, ' +
    'reserved and documentation addresses are answered with their scope and no lookup. Use it on IPs from ' +
    'sign-ins, alerts or network logs; for who registered a domain use sentinel_domain_whois_get.',
  toolset: 'enrichment',
  input: {
    ip: z
      .string()
      .min(1)
      .max(64)
      .regex(/^\s*[0-9A-Fa-f:.]+\s*$/, 'an IP address is digits, dots, hex letters and colons')
      .describe('One IPv4 or IPv6 address, e.g. 105.112.84.23 or 2001:db8::1 (no port, prefix or zone)'),
  },
  output: ipOutput,
  // A database or Sentinel's own service answers, not the open internet (unlike WHOIS's RDAP).
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(ctx, args) {
    const parsed = requireIp(args.ip);
    const scope = classifyIp(parsed);
    if (scope.scope !== 'public') {
      return ipResult({
        ip: parsed.address,
        version: parsed.version,
        scope: scope.scope,
        ...(scope.range ? { range: scope.range } : {}),
        source: 'IANA special-purpose address registry (no lookup)',
      });
    }
    const backend = await ctx.backend();
    const enrichment = enrichmentOf(backend);
    const geodata = await ctx.cache.getOrLoad(`enrichment:ip:${backend.id}:${parsed.address}`, () =>
      enrichment.ipGeodata(parsed.address, { abortSignal: ctx.signal, deadline: ctx.deadline }),
    );
    return ipResult(geodata);
  },
  render(r) {
    const head = `${r.ip} (IPv${r.version}, ${r.scope})`;
    if (r.scope !== 'public') return `${head}: ${r.range ?? ''}\n${r.note ?? ''}`.trim();
    const place = [r.city, r.region !== r.city ? r.region : null, r.country].filter(Boolean).join(', ');
    const lines = [
      `${head}: ${place || 'location unknown'}${r.country_code ? ` (${r.country_code})` : ''}`,
      r.asn !== null || r.organization
        ? `network: ${r.asn !== null ? `AS${r.asn} ` : ''}${r.organization ?? ''}`.trim()
        : null,
      r.latitude !== null && r.longitude !== null
        ? `coordinates: ${r.latitude}, ${r.longitude}${r.timezone ? `; time zone ${r.timezone}` : ''}`
        : null,
      r.carrier ? `carrier: ${r.carrier}` : null,
      r.note,
      `source: ${r.source}`,
    ];
    return lines.filter((l): l is string => Boolean(l)).join('\n');
  },
});

const contactShape = z
  .object({
    name: z.string().nullable().describe('Name (often redacted for privacy)'),
    organization: z.string().nullable().describe('Organisation'),
    country: z.string().nullable().describe('Country'),
    email: z.string().nullable().describe('E-mail or contact form, when published'),
  })
  .nullable()
  .describe('The registrant, when the source publishes it (thin registries like .com do not)');

const whoisOutput = {
  domain: z.string().describe('The domain in ASCII (A-labels for internationalized names)'),
  unicode_domain: z.string().nullable().describe('The domain in Unicode, for an internationalized name'),
  registrar: z.string().nullable().describe('Registrar name'),
  registrar_iana_id: z.string().nullable().describe("The registrar's IANA id"),
  abuse_email: z.string().nullable().describe("The registrar's abuse contact"),
  created: z.string().nullable().describe('Registration time (ISO 8601)'),
  updated: z.string().nullable().describe('Last change (ISO 8601)'),
  expires: z.string().nullable().describe('Expiration (ISO 8601)'),
  age_days: z
    .number()
    .int()
    .nullable()
    .describe('Days since registration (young domains are a phishing and C2 signal)'),
  status: z.array(z.string()).describe('EPP / RDAP status values, e.g. client transfer prohibited'),
  name_servers: z.array(z.string()).describe('Delegated name servers'),
  registrant: contactShape,
  source: z.string().describe('What answered: Sentinel enrichment, or the RDAP URL'),
};

type WhoisOutput = z.output<z.ZodObject<typeof whoisOutput>>;

function whoisResult(w: DomainWhois, unicode: string | undefined, now: number): WhoisOutput {
  const created = w.created ? Date.parse(w.created) : NaN;
  return {
    domain: w.domain,
    unicode_domain: unicode ?? w.unicodeDomain ?? null,
    registrar: w.registrar ?? null,
    registrar_iana_id: w.registrarIanaId ?? null,
    abuse_email: w.abuseEmail ?? null,
    created: w.created ?? null,
    updated: w.updated ?? null,
    expires: w.expires ?? null,
    age_days: Number.isNaN(created) ? null : Math.max(0, Math.floor((now - created) / DAY_MS)),
    status: w.status,
    name_servers: w.nameServers,
    registrant: w.registrant
      ? {
          name: w.registrant.name ?? null,
          organization: w.registrant.organization ?? null,
          country: w.registrant.country ?? null,
          email: w.registrant.email ?? null,
        }
      : null,
    source: w.source,
  };
}

export const domainWhoisGetTool = defineTool({
  name: 'sentinel_domain_whois_get',
  title: 'Look up who registered a domain',
  description:
    'Returns the registration of a domain: registrar, creation, update and expiry dates (with the age in ' +
    "days), status, name servers and the registrant where published. Azure: Sentinel's WHOIS enrichment; " +
    'local backend: RDAP over HTTPS (needs internet access). Give a registered name (example.com, ' +
    'bücher.de), not a URL or e-mail address. Use it to judge domains from DNS, proxy or e-mail logs; for ' +
    'an IP address use sentinel_ip_geodata_get.',
  toolset: 'enrichment',
  input: {
    domain: z
      .string()
      .min(1)
      .max(1024)
      .describe('A domain name such as example.com or an internationalized one such as bücher.de'),
  },
  output: whoisOutput,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  async run(ctx, args) {
    const parsed = requireDomain(args.domain);
    const backend = await ctx.backend();
    const enrichment = enrichmentOf(backend);
    const whois = await ctx.cache.getOrLoad(`enrichment:whois:${backend.id}:${parsed.ascii}`, () =>
      enrichment.domainWhois(parsed.ascii, { abortSignal: ctx.signal, deadline: ctx.deadline }),
    );
    return whoisResult(whois, parsed.unicode, Date.now());
  },
  render(r) {
    const registrant = r.registrant
      ? [r.registrant.name, r.registrant.organization, r.registrant.country, r.registrant.email]
          .filter(Boolean)
          .join(', ')
      : null;
    return renderKeyValues({
      domain: r.unicode_domain ? `${r.domain} (${r.unicode_domain})` : r.domain,
      registrar: r.registrar
        ? `${r.registrar}${r.registrar_iana_id ? ` (IANA ${r.registrar_iana_id})` : ''}`
        : undefined,
      created: r.created
        ? `${r.created}${r.age_days !== null ? ` (${r.age_days} days ago)` : ''}`
        : undefined,
      updated: r.updated ?? undefined,
      expires: r.expires ?? undefined,
      status: r.status.length ? r.status.join(', ') : undefined,
      name_servers: r.name_servers.length ? r.name_servers.join(', ') : undefined,
      registrant: registrant || undefined,
      abuse_email: r.abuse_email ?? undefined,
      source: r.source,
    });
  },
});

export const enrichmentTools = [ipGeodataGetTool, domainWhoisGetTool];
