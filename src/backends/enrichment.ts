// IP geolocation and domain WHOIS: Sentinel's enrichment API on Azure; an offline database (IP) and
// RDAP (domains) on the local backend. Also the checks both backends rely on: strict IP and domain
// parsing, and the special-purpose address ranges (private, loopback, documentation...) that are
// answered without a lookup.
import { BlockList, isIP } from 'node:net';
import { domainToASCII, domainToUnicode } from 'node:url';
import { ToolError } from '../util/errors.js';
import type { CallOptions } from './backend.js';

export const IP_SCOPES = [
  'public',
  'private',
  'loopback',
  'link-local',
  'multicast',
  'reserved',
  'documentation',
] as const;
export type IpScope = (typeof IP_SCOPES)[number];

export interface IpGeodata {
  /** The address in canonical form (IPv6 compressed, lower case). */
  ip: string;
  version: 4 | 6;
  /** `public` when looked up; any other scope means a special-purpose range and no lookup. */
  scope: IpScope;
  /** The special-purpose block the address is in, e.g. `10.0.0.0/8 private-use (RFC 1918)`. */
  range?: string;
  country?: string;
  /** ISO 3166-1 alpha-2. */
  countryCode?: string;
  continent?: string;
  /** State, province or first-level subdivision. */
  region?: string;
  city?: string;
  latitude?: number;
  longitude?: number;
  timezone?: string;
  /** Autonomous system number. */
  asn?: number;
  /** The organisation that holds the AS (or the IP block). */
  organization?: string;
  carrier?: string;
  /** Which source answered (e.g. `Microsoft Sentinel enrichment`, `GeoLite2 City 2026-06-17`). */
  source: string;
}

export interface DomainContact {
  name?: string;
  organization?: string;
  country?: string;
  email?: string;
}

export interface DomainWhois {
  /** The name looked up, in ASCII (A-labels for internationalized names), lower case. */
  domain: string;
  /** The domain in Unicode, when it is an internationalized name. */
  unicodeDomain?: string;
  registrar?: string;
  registrarIanaId?: string;
  registrarUrl?: string;
  /** The registrar's abuse contact. */
  abuseEmail?: string;
  abusePhone?: string;
  /** The WHOIS (port 43) server, when the source names one. */
  whoisServer?: string;
  /** ISO 8601 instants. */
  created?: string;
  updated?: string;
  expires?: string;
  status: string[];
  nameServers: string[];
  registrant?: DomainContact;
  /** Which source answered (`Microsoft Sentinel enrichment`, `RDAP https://...`). */
  source: string;
}

export interface EnrichmentApi {
  /** Geodata of a public address (callers classify first: see classifyIp). */
  ipGeodata(ip: string, options?: CallOptions): Promise<IpGeodata>;
  /** Registration data of a domain given in ASCII (see parseDomain). */
  domainWhois(domain: string, options?: CallOptions): Promise<DomainWhois>;
}

// ---------------------------------------------------------------------------------------------
// IP addresses

export interface ParsedIp {
  /** Canonical text: dotted quad, or RFC 5952 IPv6 (compressed, lower case). */
  address: string;
  version: 4 | 6;
  /** For an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) address, the IPv4 address inside. */
  ipv4?: string;
}

/** Strictly parses an IP address (no zone ids, prefixes, ports or leading zeros); undefined when invalid. */
export function parseIp(input: string): ParsedIp | undefined {
  const text = input.trim();
  if (text.length === 0 || text.length > 45 || /[%/\s]/.test(text)) return undefined;
  const version = isIP(text);
  if (version === 4) return { address: text, version: 4 };
  if (version !== 6) return undefined;
  // The WHATWG URL parser writes IPv6 in its RFC 5952 form (embedded IPv4 as hex groups).
  const address = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  const groups = expandIpv6(address);
  const head = groups.slice(0, 6).join(':');
  if (head === '0:0:0:0:0:65535' || head === '100:65435:0:0:0:0') {
    // ::ffff:0:0/96 (IPv4-mapped) and 64:ff9b::/96 (NAT64): the IPv4 address inside is what is located.
    const [hi, lo] = [groups[6]!, groups[7]!];
    return { address, version: 6, ipv4: [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.') };
  }
  return { address, version: 6 };
}

/** The 8 groups of an IPv6 address in hex notation without embedded IPv4. */
function expandIpv6(address: string): number[] {
  const [left = '', right] = address.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const head = parse(left);
  if (right === undefined) return head;
  const tail = parse(right);
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

interface SpecialRange {
  prefix: string;
  bits: number;
  scope: Exclude<IpScope, 'public'>;
  label: string;
}

// IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and updates), most specific first.
const SPECIAL_V4: readonly SpecialRange[] = [
  { prefix: '0.0.0.0', bits: 8, scope: 'reserved', label: '"this network" (RFC 791)' },
  { prefix: '10.0.0.0', bits: 8, scope: 'private', label: 'private-use (RFC 1918)' },
  {
    prefix: '100.64.0.0',
    bits: 10,
    scope: 'private',
    label: 'shared address space, carrier-grade NAT (RFC 6598)',
  },
  { prefix: '127.0.0.0', bits: 8, scope: 'loopback', label: 'loopback (RFC 1122)' },
  { prefix: '169.254.0.0', bits: 16, scope: 'link-local', label: 'link-local (RFC 3927)' },
  { prefix: '172.16.0.0', bits: 12, scope: 'private', label: 'private-use (RFC 1918)' },
  { prefix: '192.0.0.0', bits: 24, scope: 'reserved', label: 'IETF protocol assignments (RFC 6890)' },
  { prefix: '192.0.2.0', bits: 24, scope: 'documentation', label: 'documentation TEST-NET-1 (RFC 5737)' },
  { prefix: '192.88.99.0', bits: 24, scope: 'reserved', label: 'deprecated 6to4 relay anycast (RFC 7526)' },
  { prefix: '192.168.0.0', bits: 16, scope: 'private', label: 'private-use (RFC 1918)' },
  { prefix: '198.18.0.0', bits: 15, scope: 'reserved', label: 'benchmarking (RFC 2544)' },
  { prefix: '198.51.100.0', bits: 24, scope: 'documentation', label: 'documentation TEST-NET-2 (RFC 5737)' },
  { prefix: '203.0.113.0', bits: 24, scope: 'documentation', label: 'documentation TEST-NET-3 (RFC 5737)' },
  { prefix: '224.0.0.0', bits: 4, scope: 'multicast', label: 'multicast (RFC 5771)' },
  { prefix: '255.255.255.255', bits: 32, scope: 'reserved', label: 'limited broadcast (RFC 919)' },
  { prefix: '240.0.0.0', bits: 4, scope: 'reserved', label: 'reserved for future use (RFC 1112)' },
];

const SPECIAL_V6: readonly SpecialRange[] = [
  { prefix: '::', bits: 128, scope: 'reserved', label: 'unspecified address (RFC 4291)' },
  { prefix: '::1', bits: 128, scope: 'loopback', label: 'loopback (RFC 4291)' },
  { prefix: '64:ff9b:1::', bits: 48, scope: 'private', label: 'local-use IPv4/IPv6 translation (RFC 8215)' },
  { prefix: '100::', bits: 64, scope: 'reserved', label: 'discard-only (RFC 6666)' },
  { prefix: '2001:2::', bits: 48, scope: 'reserved', label: 'benchmarking (RFC 5180)' },
  { prefix: '2001:10::', bits: 28, scope: 'reserved', label: 'ORCHID (RFC 4843)' },
  { prefix: '2001:20::', bits: 28, scope: 'reserved', label: 'ORCHIDv2 (RFC 7343)' },
  { prefix: '2001:db8::', bits: 32, scope: 'documentation', label: 'documentation (RFC 3849)' },
  { prefix: '3fff::', bits: 20, scope: 'documentation', label: 'documentation (RFC 9637)' },
  { prefix: 'fc00::', bits: 7, scope: 'private', label: 'unique local (RFC 4193)' },
  { prefix: 'fe80::', bits: 10, scope: 'link-local', label: 'link-local unicast (RFC 4291)' },
  { prefix: 'fec0::', bits: 10, scope: 'reserved', label: 'deprecated site-local (RFC 3879)' },
  { prefix: 'ff00::', bits: 8, scope: 'multicast', label: 'multicast (RFC 4291)' },
];

/** Every routable IPv6 address is in global unicast, 2000::/3 (NAT64 ones are located by their IPv4). */
const GLOBAL_V6 = { prefix: '2000::', bits: 3 };

function blockOf(range: { prefix: string; bits: number }, type: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  list.addSubnet(range.prefix, range.bits, type);
  return list;
}

const V4_BLOCKS = SPECIAL_V4.map((r) => ({ range: r, list: blockOf(r, 'ipv4') }));
const V6_BLOCKS = SPECIAL_V6.map((r) => ({ range: r, list: blockOf(r, 'ipv6') }));
const GLOBAL_V6_LIST = blockOf(GLOBAL_V6, 'ipv6');

export interface IpClassification {
  scope: IpScope;
  /** `10.0.0.0/8 private-use (RFC 1918)`, for any scope but public. */
  range?: string;
}

/** The scope of a parsed address: public, or the special-purpose block it is in. */
export function classifyIp(ip: ParsedIp): IpClassification {
  if (ip.version === 4 || ip.ipv4) {
    const v4 = ip.ipv4 ?? ip.address;
    for (const { range, list } of V4_BLOCKS) {
      if (list.check(v4, 'ipv4'))
        return { scope: range.scope, range: `${range.prefix}/${range.bits} ${range.label}` };
    }
    return { scope: 'public' };
  }
  for (const { range, list } of V6_BLOCKS) {
    if (list.check(ip.address, 'ipv6')) {
      return { scope: range.scope, range: `${range.prefix}/${range.bits} ${range.label}` };
    }
  }
  if (!GLOBAL_V6_LIST.check(ip.address, 'ipv6')) {
    return {
      scope: 'reserved',
      range: 'outside global unicast 2000::/3 (IANA IPv6 address space: unassigned or reserved)',
    };
  }
  return { scope: 'public' };
}

// ---------------------------------------------------------------------------------------------
// Domain names

export interface ParsedDomain {
  /** ASCII form (A-labels), lower case, without a trailing dot. */
  ascii: string;
  /** Unicode form, when it differs from the ASCII one. */
  unicode?: string;
}

/** Characters no domain name (Unicode or ASCII) may hold; caught before IDNA mapping can hide them. */
const FORBIDDEN_IN_DOMAIN = /[\u0000-\u0020\u007f"'`;,/\\?#%@:<>()[\]{}|*&$!=+~^_]/u;
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Why a domain is invalid, for the message. */
export class DomainError extends Error {}

/**
 * Parses a registrable domain name: 2+ labels of letters, digits and inner hyphens (1-63 characters
 * each, 253 in all), an alphabetic TLD; internationalized names are converted to A-labels (IDNA, as
 * browsers do). Throws DomainError saying what is wrong.
 */
export function parseDomain(input: string): ParsedDomain {
  const text = input.trim();
  if (text.length === 0) throw new DomainError('the domain is empty');
  if (text.length > 253 * 4) throw new DomainError('the domain is too long');
  if (FORBIDDEN_IN_DOMAIN.test(text)) {
    throw new DomainError(
      'a domain holds only letters, digits, hyphens and dots (no spaces, quotes or symbols)',
    );
  }
  const ascii = domainToASCII(text.replace(/\.$/, '')).toLowerCase();
  if (ascii === '') throw new DomainError('it is not a valid (internationalized) domain name');
  if (ascii.length > 253)
    throw new DomainError(`it is ${ascii.length} characters long in ASCII (at most 253)`);
  const labels = ascii.split('.');
  if (labels.length < 2) throw new DomainError('it needs at least two labels, like example.com');
  for (const label of labels) {
    if (label.length === 0)
      throw new DomainError('it has an empty label (two dots in a row, or a leading dot)');
    if (label.length > 63) throw new DomainError(`a label is ${label.length} characters long (at most 63)`);
    if (!LDH_LABEL.test(label)) {
      throw new DomainError(`the label "${label}" is not letters, digits and inner hyphens`);
    }
  }
  const tld = labels[labels.length - 1]!;
  if (!TLD.test(tld)) throw new DomainError(`"${tld}" is not a top-level domain (letters only)`);
  const unicode = domainToUnicode(ascii);
  return unicode && unicode !== ascii ? { ascii, unicode } : { ascii };
}

// ---------------------------------------------------------------------------------------------
// Country names

let countryCodes: Map<string, string> | undefined;

/** English country name for an ISO 3166-1 alpha-2 code (Intl data), or undefined. */
export function countryName(code: string): string | undefined {
  const upper = code.toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper)) return undefined;
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }).of(upper);
    return name && name !== upper ? name : undefined;
  } catch {
    return undefined;
  }
}

/** ISO code for an English country name in any case (`united states` → US), or undefined. */
export function countryCodeOf(name: string): string | undefined {
  if (/^[A-Za-z]{2}$/.test(name) && countryName(name)) return name.toUpperCase();
  if (!countryCodes) {
    const map = new Map<string, string>();
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        try {
          // Deprecated codes (VD, DD, SU...) name the same countries as their successors: skip them.
          if (Intl.getCanonicalLocales(`und-${code}`)[0] !== `und-${code}`) continue;
          const n = names.of(code);
          if (!n || n === code) continue;
          // `Myanmar (Burma)` and `Hong Kong SAR China` are also known by their short names.
          const short = n.replace(/\s*\(.*\)$/, '').replace(/ SAR China$/, '');
          for (const key of new Set([n.toLowerCase(), short.toLowerCase()]))
            if (!map.has(key)) map.set(key, code);
        } catch {
          // not a region code
        }
      }
    }
    countryCodes = map;
  }
  return countryCodes.get(name.trim().toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// The checks as tool errors

/** parseIp, or INVALID_ARGUMENT saying what an address looks like. */
export function requireIp(input: string): ParsedIp {
  const parsed = parseIp(input);
  if (parsed) return parsed;
  throw new ToolError('INVALID_ARGUMENT', `"${input.slice(0, 60)}" is not an IP address`, {
    hint: 'Give one IPv4 (203.0.113.7) or IPv6 (2001:db8::1) address, without port, prefix length or zone.',
    retryable: false,
  });
}

/** parseDomain, or INVALID_ARGUMENT saying what is wrong with the name. */
export function requireDomain(input: string): ParsedDomain {
  try {
    return parseDomain(input);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new ToolError(
      'INVALID_ARGUMENT',
      `"${input.slice(0, 80)}" is not a domain name: ${error.message}`,
      {
        hint: 'Give a registered domain such as example.com or bücher.de (no scheme, path, port, e-mail or spaces).',
        retryable: false,
      },
    );
  }
}
