// IP geolocation and domain WHOIS: Sentinel's enrichment API on Azure; offline data (IP) and RDAP
// (domains) on the local backend.
import type { CallOptions } from './backend.js';

export interface IpGeodata {
  ip: string;
  /** `private`, `loopback`, `link-local`, `reserved`, ... when the address is not public (no lookup made). */
  scope: 'public' | 'private' | 'loopback' | 'link-local' | 'multicast' | 'reserved' | 'documentation';
  country?: string;
  countryCode?: string;
  region?: string;
  city?: string;
  latitude?: number;
  longitude?: number;
  asn?: number;
  organization?: string;
  /** Which source answered (e.g. `Microsoft Sentinel enrichment`, `GeoLite2 City (ip-location-db 2026-06-17)`). */
  source: string;
}

export interface DomainWhois {
  domain: string;
  /** The domain in Unicode, when it is an internationalized name. */
  unicodeDomain?: string;
  registrar?: string;
  created?: string;
  updated?: string;
  expires?: string;
  status: string[];
  nameServers: string[];
  registrant?: { name?: string; organization?: string; country?: string; email?: string };
  /** Which source answered (`Microsoft Sentinel enrichment`, `RDAP https://...`). */
  source: string;
}

export interface EnrichmentApi {
  ipGeodata(ip: string, options?: CallOptions): Promise<IpGeodata>;
  domainWhois(domain: string, options?: CallOptions): Promise<DomainWhois>;
}
