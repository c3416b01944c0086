// The enrichment checks and mappings without I/O: strict IP parsing and special-purpose ranges, domain
// validation with IDN, country names, and the Azure and RDAP JSON mappings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { geodataFromAzure, whoisFromAzure } from '../../src/backends/azure/enrichment.js';
import {
  classifyIp,
  countryCodeOf,
  countryName,
  parseDomain,
  parseIp,
  requireDomain,
  requireIp,
} from '../../src/backends/enrichment.js';
import { domainFromRdap } from '../../src/backends/local/enrichment/rdap.js';
import { ToolError } from '../../src/util/errors.js';
import { loadConfig } from '../../src/config.js';

describe('parseIp', () => {
  test('accepts IPv4 and IPv6 and writes IPv6 canonically', () => {
    assert.deepEqual(parseIp('105.112.84.23'), { address: '105.112.84.23', version: 4 });
    assert.deepEqual(parseIp(' 8.8.8.8 '), { address: '8.8.8.8', version: 4 });
    assert.deepEqual(parseIp('2001:DB8:0:0:0:0:0:1'), { address: '2001:db8::1', version: 6 });
    assert.deepEqual(parseIp('::ffff:105.112.84.23'), {
      address: '::ffff:6970:5417',
      version: 6,
      ipv4: '105.112.84.23',
    });
    assert.deepEqual(parseIp('64:ff9b::193.233.48.17')?.ipv4, '193.233.48.17');
  });

  for (const bad of [
    '999.1.1.1',
    '1.2.3',
    '::g',
    '1.2.3.4; drop',
    "' or 1=1",
    '01.2.3.4',
    '1.2.3.4/24',
    'fe80::1%eth0',
    '1.2.3.4:443',
    '[::1]',
    '',
    '1.2.3.4.5',
    'localhost',
  ]) {
    test(`rejects ${JSON.stringify(bad)}`, () => {
      assert.equal(parseIp(bad), undefined);
      assert.throws(
        () => requireIp(bad),
        (e: unknown) => e instanceof ToolError && e.code === 'INVALID_ARGUMENT',
      );
    });
  }
});

describe('classifyIp', () => {
  const cases: [string, string, string | undefined][] = [
    ['10.1.2.3', 'private', '10.0.0.0/8'],
    ['172.31.255.255', 'private', '172.16.0.0/12'],
    ['172.32.0.1', 'public', undefined],
    ['192.168.0.10', 'private', '192.168.0.0/16'],
    ['100.64.1.1', 'private', '100.64.0.0/10'],
    ['127.0.0.1', 'loopback', '127.0.0.0/8'],
    ['169.254.169.254', 'link-local', '169.254.0.0/16'],
    ['224.0.0.251', 'multicast', '224.0.0.0/4'],
    ['240.0.0.1', 'reserved', '240.0.0.0/4'],
    ['255.255.255.255', 'reserved', '255.255.255.255/32'],
    ['0.0.0.0', 'reserved', '0.0.0.0/8'],
    ['192.0.2.1', 'documentation', '192.0.2.0/24'],
    ['198.51.100.7', 'documentation', '198.51.100.0/24'],
    ['203.0.113.9', 'documentation', '203.0.113.0/24'],
    ['198.18.0.1', 'reserved', '198.18.0.0/15'],
    ['105.112.84.23', 'public', undefined],
    ['::1', 'loopback', '::1/128'],
    ['::', 'reserved', '::/128'],
    ['fe80::1', 'link-local', 'fe80::/10'],
    ['fd12:3456::1', 'private', 'fc00::/7'],
    ['ff02::1', 'multicast', 'ff00::/8'],
    ['2001:db8::1', 'documentation', '2001:db8::/32'],
    ['3fff::1', 'documentation', '3fff::/20'],
    ['2001:4860:4860::8888', 'public', undefined],
    ['::ffff:10.0.0.1', 'private', '10.0.0.0/8'],
    ['::ffff:105.112.84.23', 'public', undefined],
    ['4000::1', 'reserved', 'outside global unicast'],
  ];
  for (const [ip, scope, range] of cases) {
    test(`${ip} is ${scope}`, () => {
      const c = classifyIp(parseIp(ip)!);
      assert.equal(c.scope, scope);
      if (range) assert.ok(c.range?.startsWith(range), `${c.range} starts with ${range}`);
      else assert.equal(c.range, undefined);
    });
  }
});

describe('parseDomain', () => {
  test('lower-cases, drops a trailing dot, converts IDN both ways', () => {
    assert.deepEqual(parseDomain('FernbrookLabs.COM.'), { ascii: 'fernbrooklabs.com' });
    assert.deepEqual(parseDomain('bücher.de'), { ascii: 'xn--bcher-kva.de', unicode: 'bücher.de' });
    assert.deepEqual(parseDomain('xn--bcher-kva.de'), { ascii: 'xn--bcher-kva.de', unicode: 'bücher.de' });
    assert.deepEqual(parseDomain('例え.テスト'), { ascii: 'xn--r8jz45g.xn--zckzah', unicode: '例え.テスト' });
    assert.equal(parseDomain('kvx-syncupdate.top').ascii, 'kvx-syncupdate.top');
    assert.equal(parseDomain(`${'a'.repeat(63)}.com`).ascii.length, 67);
  });

  for (const bad of [
    'exa mple.com',
    '-bad.com',
    'bad-.com',
    'a..b',
    '"; rm',
    "' or 1=1",
    `${'a'.repeat(300)}.com`,
    `${'a'.repeat(64)}.com`,
    `${'abcdefghi.'.repeat(26)}com`,
    'localhost',
    'example',
    '1.2.3.4',
    'example.c0m',
    'under_score.com',
    'https://example.com',
    'user@example.com',
    'example.com/path',
    'ex%61mple.com',
    'example.com:443',
    '.example.com',
    'xn--zz.com',
    '',
  ]) {
    test(`rejects ${JSON.stringify(bad.length > 40 ? `${bad.slice(0, 40)}…` : bad)}`, () => {
      assert.throws(
        () => requireDomain(bad),
        (e: unknown) =>
          e instanceof ToolError && e.code === 'INVALID_ARGUMENT' && /is not a domain name/.test(e.message),
      );
    });
  }
});

describe('country names', () => {
  test('code → name and name (any case) → code', () => {
    assert.equal(countryName('NG'), 'Nigeria');
    assert.equal(countryName('vn'), 'Vietnam');
    assert.equal(countryCodeOf('nigeria'), 'NG');
    assert.equal(countryCodeOf('united states'), 'US');
    assert.equal(countryCodeOf('Russia'), 'RU');
    assert.equal(countryCodeOf('GB'), 'GB');
    assert.equal(countryCodeOf('vietnam'), 'VN');
    assert.equal(countryCodeOf('germany'), 'DE');
    assert.equal(countryCodeOf('myanmar'), 'MM');
    assert.equal(countryCodeOf('hong kong'), 'HK');
    assert.equal(countryCodeOf('atlantis'), undefined);
  });
});

describe('Azure enrichment mapping (official examples)', () => {
  test('IPGeodata_Get: strings to numbers, lower-case names capitalised, country code resolved', () => {
    const g = geodataFromAzure('1.2.3.4', 4, {
      asn: '12345',
      carrier: 'Microsoft',
      city: 'Redmond',
      cityCf: 90,
      continent: 'north america',
      country: 'united states',
      countryCf: 99,
      ipAddr: '1.2.3.4',
      ipRoutingType: 'fixed',
      latitude: '40.2436',
      longitude: '-100.8891',
      organization: 'Microsoft',
      organizationType: 'tech',
      region: 'western usa',
      state: 'washington',
      stateCode: 'wa',
    });
    assert.deepEqual(g, {
      ip: '1.2.3.4',
      version: 4,
      scope: 'public',
      country: 'United States',
      countryCode: 'US',
      continent: 'North America',
      region: 'Washington',
      city: 'Redmond',
      latitude: 40.2436,
      longitude: -100.8891,
      asn: 12345,
      organization: 'Microsoft',
      carrier: 'Microsoft',
      source: 'Microsoft Sentinel enrichment (api-version 2024-01-01-preview)',
    });
  });

  test('DomainWhois_Get: registrar, dates, EPP statuses as RDAP writes them, no registrant when null', () => {
    const w = whoisFromAzure('microsoft.com', {
      domain: 'microsoft.com',
      created: new Date('2021-09-01T16:15:01.187045Z'),
      updated: new Date('2021-09-01T16:15:01.187045Z'),
      parsedWhois: {
        registrar: {
          name: 'MarkMonitor, Inc',
          abuseContactPhone: '12083895770',
          abuseContactEmail: 'abuse@microsoft.com',
          url: 'http://www.markmonitor.com',
          whoisServer: 'whois.markmonitor.com',
        },
        contacts: { admin: { name: 'Administrator', org: 'Microsoft' } },
        nameServers: ['ns1-205.azure-dns.com', 'NS2-205.azure-dns.net.'],
        statuses: ['clientUpdateProhibited', 'serverDeleteProhibited'],
      },
    });
    assert.equal(w.registrar, 'MarkMonitor, Inc');
    assert.equal(w.abuseEmail, 'abuse@microsoft.com');
    assert.equal(w.whoisServer, 'whois.markmonitor.com');
    assert.equal(w.created, '2021-09-01T16:15:01.187Z');
    assert.equal(w.expires, undefined);
    assert.deepEqual(w.status, ['client update prohibited', 'server delete prohibited']);
    assert.deepEqual(w.nameServers, ['ns1-205.azure-dns.com', 'ns2-205.azure-dns.net']);
    assert.equal(w.registrant, undefined);
  });
});

describe('RDAP domain object mapping', () => {
  test('registrar (fn, IANA id, abuse), events, name servers, registrant with cc', () => {
    const w = domainFromRdap(
      {
        objectClassName: 'domain',
        ldhName: 'EXAMPLE.COM',
        port43: 'whois.example-registry.com',
        status: ['active', 'client transfer prohibited'],
        events: [
          { eventAction: 'registration', eventDate: '1995-08-14T04:00:00Z' },
          { eventAction: 'expiration', eventDate: '2026-08-13T04:00:00Z' },
          { eventAction: 'last changed', eventDate: '2025-08-14T07:01:39Z' },
          { eventAction: 'last update of RDAP database', eventDate: '2025-11-20T10:00:00Z' },
        ],
        entities: [
          {
            roles: ['registrar'],
            publicIds: [{ type: 'IANA Registrar ID', identifier: '376' }],
            vcardArray: [
              'vcard',
              [
                ['version', {}, 'text', '4.0'],
                ['fn', {}, 'text', 'RESERVED-Internet Assigned Numbers Authority'],
              ],
            ],
            entities: [
              {
                roles: ['abuse'],
                vcardArray: [
                  'vcard',
                  [
                    ['email', {}, 'text', 'abuse@iana.org'],
                    ['tel', {}, 'uri', 'tel:+1.3108239358'],
                  ],
                ],
              },
            ],
          },
          {
            roles: ['registrant', 'administrative'],
            vcardArray: [
              'vcard',
              [
                ['fn', {}, 'text', 'Jane Doe'],
                ['org', {}, 'text', 'Example Org'],
                ['adr', { cc: 'us' }, 'text', ['', '', '', '', '', '', '']],
              ],
            ],
          },
        ],
        nameservers: [{ ldhName: 'A.IANA-SERVERS.NET' }, { ldhName: 'b.iana-servers.net.' }],
      },
      'example.com',
      'https://rdap.example/domain/example.com',
    );
    assert.deepEqual(w, {
      domain: 'example.com',
      registrar: 'RESERVED-Internet Assigned Numbers Authority',
      registrarIanaId: '376',
      abuseEmail: 'abuse@iana.org',
      abusePhone: '+1.3108239358',
      whoisServer: 'whois.example-registry.com',
      created: '1995-08-14T04:00:00.000Z',
      updated: '2025-08-14T07:01:39.000Z',
      expires: '2026-08-13T04:00:00.000Z',
      status: ['active', 'client transfer prohibited'],
      nameServers: ['a.iana-servers.net', 'b.iana-servers.net'],
      registrant: { name: 'Jane Doe', organization: 'Example Org', country: 'US' },
      source: 'RDAP https://rdap.example/domain/example.com',
    });
  });
});

describe('RDAP settings', () => {
  test('default bootstrap is IANA; only https URLs are accepted', () => {
    const dir = '/nonexistent-dir-for-dotenv';
    assert.equal(loadConfig({}, {}, dir).rdap.bootstrapUrl, 'https://data.iana.org/rdap/dns.json');
    const c = loadConfig({}, { SENTINEL_MCP_RDAP_BASE_URL: 'https://rdap.verisign.com/com/v1/' }, dir);
    assert.equal(c.rdap.baseUrl, 'https://rdap.verisign.com/com/v1/');
    assert.throws(
      () => loadConfig({}, { SENTINEL_MCP_RDAP_BASE_URL: 'http://rdap.example/' }, dir),
      /SENTINEL_MCP_RDAP_BASE_URL: expected an https:\/\/ URL/,
    );
    assert.throws(
      () => loadConfig({}, { SENTINEL_MCP_RDAP_BOOTSTRAP_URL: 'file:///etc/passwd' }, dir),
      /SENTINEL_MCP_RDAP_BOOTSTRAP_URL: expected an https:\/\/ URL/,
    );
  });
});
