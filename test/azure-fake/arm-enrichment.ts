// ARM: Microsoft Sentinel's enrichment API (IPGeodata_Get, DomainWhois_Get), resource-group scoped and
// in the preview api-versions only (Enrichment.json; the stable 2024-09-01 has none). The answers come
// from the served LocalBackend's own enrichment (offline IP database, RDAP), written in the wire shape
// of the official examples (GetGeodataByIp.json, GetWhoisByDomainName.json): Sentinel's lower-case
// place names, string coordinates and AS numbers, redacted contacts. So a parity test sees the same
// facts through both backends.
import { parseDomain, parseIp, type DomainWhois, type IpGeodata } from '../../src/backends/enrichment.js';
import { ToolError } from '../../src/util/errors.js';
import { armOk } from './arm.js';
import { armError } from './errors.js';
import type { FakeContext, FakeRequest, FakeResponse } from './http.js';
import type { Route } from './router.js';

/** Preview api-versions with Enrichment.json (resource-group scoped GETs). */
export const ENRICHMENT_API_VERSIONS = [
  '2019-01-01-preview',
  '2021-03-01-preview',
  '2021-09-01-preview',
  '2021-10-01-preview',
  '2022-01-01-preview',
  '2022-04-01-preview',
  '2022-05-01-preview',
  '2022-06-01-preview',
  '2022-07-01-preview',
  '2022-08-01-preview',
  '2022-09-01-preview',
  '2022-10-01-preview',
  '2022-11-01-preview',
  '2022-12-01-preview',
  '2023-02-01-preview',
  '2023-03-01-preview',
  '2023-04-01-preview',
  '2023-05-01-preview',
  '2023-06-01-preview',
  '2023-07-01-preview',
  '2023-08-01-preview',
  '2023-09-01-preview',
  '2023-10-01-preview',
  '2023-12-01-preview',
  '2024-01-01-preview',
];

const RG_PREFIX =
  '^/subscriptions/(?<subscriptionId>[^/]+)/resourcegroups/(?<resourceGroup>[^/]+)' +
  '/providers/microsoft\\.securityinsights/enrichment';

const REDACTED = 'REDACTED FOR PRIVACY';

function checkVersion(request: FakeRequest, location: string): FakeResponse | undefined {
  const version = request.query.get('api-version');
  if (!version) {
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  if (ENRICHMENT_API_VERSIONS.includes(version)) return undefined;
  return armError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${location}' and API version '${version}' for type ` +
      `'enrichment'. The supported api-versions are '${ENRICHMENT_API_VERSIONS.join(', ')}'. The supported locations are '${location}'.`,
  );
}

/** 404 for a subscription or resource group that is not the fake's (ARM matches them case-insensitively). */
function checkResourceGroup(request: FakeRequest, context: FakeContext): FakeResponse | undefined {
  const { identity } = context;
  const subscription = request.params['subscriptionId'] ?? '';
  if (subscription.toLowerCase() !== identity.subscriptionId.toLowerCase()) {
    return armError(404, 'SubscriptionNotFound', `The subscription '${subscription}' could not be found.`);
  }
  const group = request.params['resourceGroup'] ?? '';
  if (group.toLowerCase() !== identity.resourceGroup.toLowerCase()) {
    return armError(404, 'ResourceGroupNotFound', `Resource group '${group}' could not be found.`);
  }
  return undefined;
}

/** `Africa/Lagos` → `africa`: Sentinel's continent names, from the database's time zone. */
function continentOf(timezone: string | undefined): string {
  const area = timezone?.split('/')[0]?.toLowerCase();
  if (!area) return '';
  if (area === 'america') return '';
  if (area === 'australia' || area === 'pacific') return 'oceania';
  return ['africa', 'asia', 'europe', 'antarctica'].includes(area) ? area : '';
}

export function geodataWire(g: IpGeodata): Record<string, unknown> {
  const lower = (s: string | undefined) => (s ? s.toLowerCase() : '');
  return {
    asn: g.asn !== undefined ? String(g.asn) : '',
    carrier: g.organization ?? '',
    city: g.city ?? '',
    cityCf: g.city ? 80 : 0,
    continent: continentOf(g.timezone),
    country: lower(g.country),
    countryCf: g.country ? 99 : 0,
    ipAddr: g.ip,
    ipRoutingType: 'fixed',
    latitude: g.latitude !== undefined ? String(g.latitude) : '',
    longitude: g.longitude !== undefined ? String(g.longitude) : '',
    organization: g.organization ?? '',
    organizationType: '',
    region: '',
    state: lower(g.region),
    stateCf: g.region ? 80 : null,
    stateCode: '',
  };
}

function redactedContact(): Record<string, unknown> {
  return {
    name: REDACTED,
    org: REDACTED,
    street: [REDACTED],
    city: REDACTED,
    state: REDACTED,
    postal: REDACTED,
    country: REDACTED,
    phone: REDACTED,
    fax: REDACTED,
    email: 'Please query the RDDS service of the Registrar of Record identified in this output.',
  };
}

export function whoisWire(w: DomainWhois): Record<string, unknown> {
  const registrant = w.registrant
    ? {
        ...redactedContact(),
        ...(w.registrant.name ? { name: w.registrant.name } : {}),
        ...(w.registrant.organization ? { org: w.registrant.organization } : {}),
        ...(w.registrant.country ? { country: w.registrant.country } : {}),
        ...(w.registrant.email ? { email: w.registrant.email } : {}),
      }
    : null;
  return {
    domain: w.domain,
    server: w.whoisServer ?? null,
    created: w.created ?? null,
    updated: w.updated ?? null,
    expires: w.expires ?? null,
    parsedWhois: {
      registrar: {
        name: w.registrar ?? '',
        abuseContactPhone: w.abusePhone ?? '',
        abuseContactEmail: w.abuseEmail ?? '',
        ianaId: w.registrarIanaId ?? '',
        url: w.registrarUrl ?? '',
        whoisServer: w.whoisServer ?? '',
      },
      contacts: {
        admin: redactedContact(),
        registrant,
        billing: redactedContact(),
        tech: redactedContact(),
      },
      nameServers: w.nameServers,
      statuses: w.status.map((s) => s.replace(/ (\w)/g, (_, c: string) => c.toUpperCase())),
    },
  };
}

/** A backend failure as the resource provider would answer it. */
function failure(error: unknown, what: string): FakeResponse {
  if (error instanceof ToolError && error.code === 'NOT_FOUND') {
    return armError(404, 'NotFound', `${what} was not found. ${error.message}`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return armError(500, 'InternalServerError', `Failed to enrich ${what}: ${message}`);
}

async function ipGeodata(request: FakeRequest, context: FakeContext): Promise<FakeResponse> {
  const bad = checkVersion(request, context.identity.location) ?? checkResourceGroup(request, context);
  if (bad) return bad;
  const parsed = parseIp(request.query.get('ipAddress') ?? '');
  if (!parsed) return armError(400, 'BadRequest', 'IP address was not provided or is in an invalid format');
  try {
    const g = await context.backend.enrichment.ipGeodata(parsed.address, { abortSignal: request.signal });
    if (g.scope !== 'public') {
      return armError(404, 'NotFound', 'Geolocation data was not found for this IP address');
    }
    return armOk(request, geodataWire(g));
  } catch (error) {
    return failure(error, `geodata for ${parsed.address}`);
  }
}

async function domainWhois(request: FakeRequest, context: FakeContext): Promise<FakeResponse> {
  const bad = checkVersion(request, context.identity.location) ?? checkResourceGroup(request, context);
  if (bad) return bad;
  let domain: string;
  try {
    domain = parseDomain(request.query.get('domain') ?? '').ascii;
  } catch {
    return armError(400, 'BadRequest', 'Domain name was not provided or is in an invalid format');
  }
  try {
    const w = await context.backend.enrichment.domainWhois(domain, { abortSignal: request.signal });
    return armOk(request, whoisWire(w));
  } catch (error) {
    return failure(error, `whois data for ${domain}`);
  }
}

export const armEnrichmentRoutes: Route[] = [
  {
    name: 'arm.enrichment.ipGeodata',
    family: 'arm',
    method: 'GET',
    pattern: new RegExp(`${RG_PREFIX}/ip/geodata/?$`, 'i'),
    auth: true,
    action: 'Microsoft.SecurityInsights/enrichment/ip/geodata/read',
    handle: ipGeodata,
  },
  {
    name: 'arm.enrichment.domainWhois',
    family: 'arm',
    method: 'GET',
    pattern: new RegExp(`${RG_PREFIX}/domain/whois/?$`, 'i'),
    auth: true,
    action: 'Microsoft.SecurityInsights/enrichment/domain/whois/read',
    handle: domainWhois,
  },
];
