// IP geodata and domain WHOIS from Microsoft Sentinel's enrichment API (IPGeodata_Get and
// DomainWhois_Get of @azure/arm-securityinsight): GET
// /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.SecurityInsights/enrichment/ip/geodata/?ipAddress=
// and .../enrichment/domain/whois/?domain= . These operations are in the preview api-versions only
// (the stable 2024-09-01 the other Sentinel calls use has no Enrichment.json), so they go through a
// client of their own pinned to ENRICHMENT_API_VERSION, configured like every other client.
import type {
  EnrichmentDomainWhois,
  EnrichmentDomainWhoisContact,
  EnrichmentIpGeodata,
  SecurityInsights,
} from '@azure/arm-securityinsight';
import type { CallOptions } from '../backend.js';
import {
  countryCodeOf,
  countryName,
  type DomainContact,
  type DomainWhois,
  type EnrichmentApi,
  type IpGeodata,
} from '../enrichment.js';
import { deadlineOf, type AzureSession } from './session.js';

/** The latest api-version whose spec has the resource-group enrichment GETs (Enrichment.json). */
export const ENRICHMENT_API_VERSION = '2024-01-01-preview';

export const ENRICHMENT_SOURCE = `Microsoft Sentinel enrichment (api-version ${ENRICHMENT_API_VERSION})`;

const PERMISSIONS = {
  ip: 'Microsoft.SecurityInsights/enrichment/ip/geodata/read',
  domain: 'Microsoft.SecurityInsights/enrichment/domain/whois/read',
};

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function number(value: unknown): number | undefined {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Sentinel writes place names in lower case (`united states`, `washington`): capitalise those. */
function titleCase(value: string | undefined): string | undefined {
  if (!value || value !== value.toLowerCase()) return value;
  return value.replace(
    /(^|[\s\-'(])(\p{L})/gu,
    (_, lead: string, letter: string) => lead + letter.toUpperCase(),
  );
}

function iso(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function geodataFromAzure(ip: string, version: 4 | 6, wire: EnrichmentIpGeodata): IpGeodata {
  const rawCountry = text(wire.country);
  const countryCode = rawCountry ? countryCodeOf(rawCountry) : undefined;
  const country = (countryCode && countryName(countryCode)) ?? titleCase(rawCountry);
  const continent = titleCase(text(wire.continent));
  const region = titleCase(text(wire.state) ?? text(wire.region));
  const city = titleCase(text(wire.city));
  const latitude = number(wire.latitude);
  const longitude = number(wire.longitude);
  const asn = number(text(wire.asn)?.replace(/^AS/i, ''));
  const organization = text(wire.organization);
  const carrier = text(wire.carrier);
  return {
    ip,
    version,
    scope: 'public',
    ...(country ? { country } : {}),
    ...(countryCode ? { countryCode } : {}),
    ...(continent ? { continent } : {}),
    ...(region ? { region } : {}),
    ...(city ? { city } : {}),
    ...(latitude !== undefined ? { latitude } : {}),
    ...(longitude !== undefined ? { longitude } : {}),
    ...(asn !== undefined && Number.isInteger(asn) ? { asn } : {}),
    ...(organization ? { organization } : {}),
    ...(carrier ? { carrier } : {}),
    source: ENRICHMENT_SOURCE,
  };
}

function contactFromAzure(contact: EnrichmentDomainWhoisContact | undefined): DomainContact | undefined {
  if (!contact) return undefined;
  const name = text(contact.name);
  const organization = text(contact.org);
  const country = text(contact.country);
  const email = text(contact.email);
  const out: DomainContact = {
    ...(name ? { name } : {}),
    ...(organization ? { organization } : {}),
    ...(country ? { country } : {}),
    ...(email ? { email } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}

export function whoisFromAzure(domain: string, wire: EnrichmentDomainWhois): DomainWhois {
  const parsed = wire.parsedWhois;
  const registrar = text(parsed?.registrar?.name);
  const ianaId = text(parsed?.registrar?.ianaId);
  const abuseEmail = text(parsed?.registrar?.abuseContactEmail);
  const abusePhone = text(parsed?.registrar?.abuseContactPhone);
  const registrarUrl = text(parsed?.registrar?.url);
  const whoisServer = text(parsed?.registrar?.whoisServer) ?? text(wire.server);
  const created = iso(wire.created);
  const updated = iso(wire.updated);
  const expires = iso(wire.expires);
  const registrant = contactFromAzure(parsed?.contacts?.registrant);
  return {
    domain: text(wire.domain)?.toLowerCase() ?? domain,
    ...(registrar ? { registrar } : {}),
    ...(ianaId ? { registrarIanaId: ianaId } : {}),
    ...(registrarUrl ? { registrarUrl } : {}),
    ...(abuseEmail ? { abuseEmail } : {}),
    ...(abusePhone ? { abusePhone } : {}),
    ...(whoisServer ? { whoisServer } : {}),
    ...(created ? { created } : {}),
    ...(updated ? { updated } : {}),
    ...(expires ? { expires } : {}),
    // EPP's camelCase (clientTransferProhibited) as RDAP writes it (client transfer prohibited).
    status: (parsed?.statuses ?? [])
      .filter((s): s is string => typeof s === 'string')
      .map((s) => s.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()),
    nameServers: (parsed?.nameServers ?? [])
      .filter((s): s is string => typeof s === 'string')
      .map((s) => s.toLowerCase().replace(/\.$/, '')),
    ...(registrant ? { registrant } : {}),
    source: ENRICHMENT_SOURCE,
  };
}

/** The session's enrichment calls (ip and domain are validated by the caller: the tool). */
export function azureEnrichment(session: AzureSession): EnrichmentApi {
  let client: Promise<SecurityInsights> | undefined;
  const enrichmentClient = (): Promise<SecurityInsights> => {
    client ??= import('@azure/arm-securityinsight').then((m) => {
      const { subscriptionId } = session.armWorkspace('Enrichment needs');
      const { httpClient, tlsOptions } = session.options;
      const created = new m.SecurityInsights(session.credential, subscriptionId, {
        endpoint: session.endpoints.arm,
        credentialScopes: [session.endpoints.scopes.arm],
        apiVersion: ENRICHMENT_API_VERSION,
        retryOptions: { maxRetries: 0 },
        userAgentOptions: { userAgentPrefix: 'sentinel-mcp' },
        ...(httpClient ? { httpClient } : {}),
        ...(tlsOptions ? { tlsOptions } : {}),
      });
      session.configure(created.pipeline);
      return created;
    });
    return client.catch((error: unknown) => {
      client = undefined;
      throw error;
    });
  };
  const resourceGroup = (): string => session.armWorkspace('Enrichment needs').resourceGroup;

  return {
    async ipGeodata(ip: string, options: CallOptions = {}): Promise<IpGeodata> {
      const rg = resourceGroup();
      const version = ip.includes(':') ? 6 : 4;
      return session.run(
        {
          operation: `looking up ${ip} in Sentinel's IP geodata enrichment`,
          permission: PERMISSIONS.ip,
          notFound: {
            what: `Geodata for ${ip}`,
            hint: 'Sentinel has no location for this address; the sign-in and network logs may still tell where it was used.',
          },
        },
        { ...options, ...deadlineOf(options) },
        async (signal) => {
          const wire = await (await enrichmentClient()).iPGeodata.get(rg, ip, { abortSignal: signal });
          return geodataFromAzure(ip, version, wire);
        },
      );
    },
    async domainWhois(domain: string, options: CallOptions = {}): Promise<DomainWhois> {
      const rg = resourceGroup();
      return session.run(
        {
          operation: `looking up ${domain} in Sentinel's domain WHOIS enrichment`,
          permission: PERMISSIONS.domain,
          notFound: {
            what: `WHOIS data for ${domain}`,
            hint: 'Check the spelling; WHOIS knows registered names (example.com), not host names under them (www.example.com).',
          },
        },
        { ...options, ...deadlineOf(options) },
        async (signal) => {
          const wire = await (await enrichmentClient()).domainWhois.get(rg, domain, { abortSignal: signal });
          return whoisFromAzure(domain, wire);
        },
      );
    },
  };
}
