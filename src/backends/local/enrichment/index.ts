// The local backend's enrichment: IP geodata from the offline databases (geo-database.ts), domain
// registration data from RDAP (rdap.ts). Both check their input again: the backend may be called
// without the tool's validation (the fake of Azure calls it with what a client sent).
import { DEFAULT_RDAP_BOOTSTRAP_URL, type RdapSettings } from '../../../config.js';
import type { Logger } from '../../../util/logger.js';
import type { CallOptions } from '../../backend.js';
import {
  classifyIp,
  countryName,
  requireDomain,
  requireIp,
  type DomainWhois,
  type EnrichmentApi,
  type IpGeodata,
} from '../../enrichment.js';
import { lookupIp } from './geo-database.js';
import { RdapClient } from './rdap.js';

export interface LocalEnrichmentOptions {
  rdap?: RdapSettings;
  /** Time limit of one RDAP request (default 15 s). */
  rdapRequestTimeoutMs?: number;
  logger?: Logger;
}

export class LocalEnrichment implements EnrichmentApi {
  private readonly rdap: RdapClient;

  constructor(private readonly options: LocalEnrichmentOptions = {}) {
    this.rdap = new RdapClient({
      bootstrapUrl: options.rdap?.bootstrapUrl ?? DEFAULT_RDAP_BOOTSTRAP_URL,
      ...(options.rdap?.baseUrl ? { baseUrl: options.rdap.baseUrl } : {}),
      ...(options.rdapRequestTimeoutMs !== undefined
        ? { requestTimeoutMs: options.rdapRequestTimeoutMs }
        : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  async ipGeodata(ip: string, options: CallOptions = {}): Promise<IpGeodata> {
    options.abortSignal?.throwIfAborted();
    const parsed = requireIp(ip);
    const scope = classifyIp(parsed);
    const base = { ip: parsed.address, version: parsed.version };
    if (scope.scope !== 'public') {
      return {
        ...base,
        scope: scope.scope,
        ...(scope.range ? { range: scope.range } : {}),
        source: 'IANA special-purpose address registry',
      };
    }
    const v4 = parsed.ipv4 ?? (parsed.version === 4 ? parsed.address : undefined);
    const found = await lookupIp(v4 ?? parsed.address, v4 ? 4 : 6, this.options.logger);
    const geo = found.geo ?? {};
    const country = geo.countryCode ? countryName(geo.countryCode) : undefined;
    return {
      ...base,
      scope: 'public',
      ...(country ? { country } : {}),
      ...geo,
      ...(found.asn ? { asn: found.asn.asn } : {}),
      ...(found.asn?.organization ? { organization: found.asn.organization } : {}),
      source: found.source,
    };
  }

  async domainWhois(domain: string, options: CallOptions = {}): Promise<DomainWhois> {
    options.abortSignal?.throwIfAborted();
    const parsed = requireDomain(domain);
    const whois = await this.rdap.lookup(parsed.ascii, options);
    return { ...whois, ...(parsed.unicode ? { unicodeDomain: parsed.unicode } : {}) };
  }
}
