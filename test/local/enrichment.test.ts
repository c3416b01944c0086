// The local backend's enrichment: the offline IP databases agree with the demo story (countries,
// AS36873 for the attacker), and RDAP against the local HTTPS fake: bootstrap (cached), base URL,
// redacted registrants, IDN, 404, non-JSON, http redirects, a stalled server, an unreachable one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildStory } from '../../src/backends/local/demo/story.js';
import { LocalEnrichment } from '../../src/backends/local/enrichment/index.js';
import { RdapClient } from '../../src/backends/local/enrichment/rdap.js';
import { ToolError } from '../../src/util/errors.js';
import { C2_DOMAIN_AGE_DAYS } from '../rdap-fake/answers.js';
import { closedPort, startRdapFake, type RdapFake } from '../rdap-fake/index.js';

let rdap: RdapFake;

before(async () => {
  rdap = await startRdapFake({ slowMs: 5000 });
});

after(async () => {
  await rdap?.close();
});

async function rejectsWith(promise: Promise<unknown>, code: string, pattern?: RegExp): Promise<ToolError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ToolError, `a ToolError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (pattern) assert.match(`${error.message} ${error.hint ?? ''}`, pattern);
    return error;
  }
  assert.fail(`expected ${code}`);
}

describe('IP geodata from the offline databases', () => {
  const enrichment = new LocalEnrichment();

  test("the story's attacker IP is in Lagos, Nigeria, AS36873 (Airtel)", async () => {
    const g = await enrichment.ipGeodata('105.112.84.23');
    assert.equal(g.scope, 'public');
    assert.equal(g.countryCode, 'NG');
    assert.equal(g.country, 'Nigeria');
    assert.equal(g.city, 'Lagos');
    assert.equal(g.asn, 36873);
    assert.match(g.organization ?? '', /Airtel/);
    assert.ok(g.latitude! > 6 && g.latitude! < 7 && g.longitude! > 3 && g.longitude! < 4);
    assert.match(
      g.source,
      /^GeoLite2 City \d{4}-\d{2}-\d{2} by MaxMind \(CC BY-SA 4\.0\); ASN \d{4}-\d{2}-\d{2} by RouteViews/,
    );
  });

  test("every external IP of the story geolocates to the country and city the demo's logs say", async () => {
    const story = buildStory(new Date(), { name: 'demo', id: 'demo' });
    const ips = [...story.passwordSpray.ips, story.attackerSignIn, story.beacon];
    for (const ip of ips) {
      const g = await enrichment.ipGeodata(ip.address);
      assert.equal(g.countryCode, ip.country, ip.address);
      assert.equal(g.city, ip.city, ip.address);
    }
  });

  test("the spray IPs are in the story's countries and cities", async () => {
    const expected: [string, string, string, number][] = [
      ['193.233.48.17', 'RU', 'Moscow', 207713],
      ['14.161.22.85', 'VN', 'Ho Chi Minh City', 45899],
      ['113.161.7.44', 'VN', 'Ho Chi Minh City', 45899],
    ];
    for (const [ip, country, city, asn] of expected) {
      const g = await enrichment.ipGeodata(ip);
      assert.equal(g.countryCode, country, ip);
      assert.equal(g.city, city, ip);
      assert.equal(g.asn, asn, ip);
    }
  });

  test('IPv6 and IPv4-mapped addresses are looked up', async () => {
    const v6 = await enrichment.ipGeodata('2001:4860:4860::8888');
    assert.equal(v6.version, 6);
    assert.equal(v6.countryCode, 'US');
    assert.equal(v6.asn, 15169);
    const mapped = await enrichment.ipGeodata('::ffff:105.112.84.23');
    assert.equal(mapped.ip, '::ffff:6970:5417');
    assert.equal(mapped.countryCode, 'NG');
  });

  test('special-purpose addresses answer their scope without a lookup; bad input is INVALID_ARGUMENT', async () => {
    const g = await enrichment.ipGeodata('192.168.1.20');
    assert.deepEqual(g, {
      ip: '192.168.1.20',
      version: 4,
      scope: 'private',
      range: '192.168.0.0/16 private-use (RFC 1918)',
      source: 'IANA special-purpose address registry',
    });
    await rejectsWith(enrichment.ipGeodata('999.1.1.1'), 'INVALID_ARGUMENT', /not an IP address/);
  });
});

describe('RDAP against the local fake', () => {
  const client = () => new RdapClient({ bootstrapUrl: rdap.bootstrapUrl, requestTimeoutMs: 1000 });

  test('bootstrap → .com server → a thin Verisign-style answer; the bootstrap is fetched once', async () => {
    rdap.clearRequests();
    const c = client();
    const w = await c.lookup('fernbrooklabs.com');
    assert.equal(w.domain, 'fernbrooklabs.com');
    assert.equal(w.registrar, 'MarkMonitor Inc.');
    assert.equal(w.registrarIanaId, '292');
    assert.equal(w.abuseEmail, 'abusecomplaints@markmonitor.com');
    assert.equal(w.created, '2016-03-14T17:22:05.000Z');
    assert.equal(w.expires, '2027-03-14T17:22:05.000Z');
    assert.equal(w.updated, '2025-02-11T09:41:37.000Z');
    assert.deepEqual(w.nameServers, [
      'ns1-07.azure-dns.com',
      'ns2-07.azure-dns.net',
      'ns3-07.azure-dns.org',
      'ns4-07.azure-dns.info',
    ]);
    assert.ok(w.status.includes('client transfer prohibited'));
    assert.equal(w.registrant, undefined);
    assert.equal(w.source, `RDAP ${rdap.origin}/com/v1/domain/fernbrooklabs.com`);
    await c.lookup('fernbrooklabs.com');
    const paths = rdap.requests().map((r) => r.path);
    assert.deepEqual(paths, [
      '/dns.json',
      '/com/v1/domain/fernbrooklabs.com',
      '/com/v1/domain/fernbrooklabs.com',
    ]);
    assert.match(rdap.requests()[1]!.accept ?? '', /application\/rdap\+json/);
  });

  test('the C2 domain: young, privacy-redacted registrant, registrar abuse contact', async () => {
    const w = await client().lookup('kvx-syncupdate.top');
    assert.equal(w.registrar, 'NameCheap, Inc.');
    assert.equal(w.whoisServer, 'whois.nic.top');
    assert.deepEqual(w.registrant, {
      name: 'REDACTED FOR PRIVACY',
      organization: 'Privacy service provided by Withheld for Privacy ehf',
      country: 'IS',
      email: 'https://www.namecheap.com/support/knowledgebase/article.aspx/9749',
    });
    const age = (Date.now() - Date.parse(w.created!)) / 86_400_000;
    assert.ok(Math.abs(age - C2_DOMAIN_AGE_DAYS) < 1, `age ${age}`);
  });

  test('an internationalized name through LocalEnrichment: A-label asked, Unicode shown', async () => {
    const e = new LocalEnrichment({ rdap: { bootstrapUrl: rdap.bootstrapUrl } });
    const w = await e.domainWhois('BÜCHER.de');
    assert.equal(w.domain, 'xn--bcher-kva.de');
    assert.equal(w.unicodeDomain, 'bücher.de');
    assert.equal(w.created, undefined);
    assert.equal(w.updated, '2021-06-08T11:03:42.000Z');
    await rejectsWith(e.domainWhois('exa mple.com'), 'INVALID_ARGUMENT', /not a domain name/);
  });

  test('a configured base URL skips the bootstrap', async () => {
    rdap.clearRequests();
    const c = new RdapClient({ bootstrapUrl: rdap.bootstrapUrl, baseUrl: `${rdap.origin}/com/v1` });
    assert.equal((await c.lookup('fernbrooklabs.com')).registrar, 'MarkMonitor Inc.');
    assert.deepEqual(
      rdap.requests().map((r) => r.path),
      ['/com/v1/domain/fernbrooklabs.com'],
    );
  });

  test('404 is NOT_FOUND naming the domain', async () => {
    await rejectsWith(
      client().lookup('no-such-name.com'),
      'NOT_FOUND',
      /No such domain registered: no-such-name\.com/,
    );
  });

  test('a TLD the bootstrap lacks (or lists with http only) is UNSUPPORTED', async () => {
    await rejectsWith(client().lookup('example.zz'), 'UNSUPPORTED', /No RDAP server is registered for \.zz/);
    await rejectsWith(client().lookup('site.example'), 'UNSUPPORTED', /\.example/);
  });

  test('a body that is not JSON, and a redirect to http, are UPSTREAM', async () => {
    await rejectsWith(client().lookup('garbled.com'), 'UPSTREAM', /not JSON/);
    await rejectsWith(client().lookup('x.moved'), 'UPSTREAM', /redirected to a non-HTTPS URL/);
  });

  test('a stalled server is UPSTREAM after the request time limit; the caller deadline gives TIMEOUT', async () => {
    const started = Date.now();
    await rejectsWith(
      new RdapClient({ bootstrapUrl: rdap.bootstrapUrl, requestTimeoutMs: 300 }).lookup('a.slow'),
      'UPSTREAM',
      /did not answer within 300 ms/,
    );
    assert.ok(Date.now() - started < 3000);
    await rejectsWith(client().lookup('b.slow', { deadline: Date.now() + 250 }), 'TIMEOUT', /did not answer/);
  });

  test('a cancelled call stops at once with the caller’s reason', async () => {
    const controller = new AbortController();
    const pending = client().lookup('c.slow', { abortSignal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled by the client')), 100);
    await assert.rejects(pending, /cancelled by the client/);
  });

  test('no server to reach is UPSTREAM with the hint to get internet access or set the base URL', async () => {
    const port = await closedPort();
    const offline = new RdapClient({ bootstrapUrl: `https://127.0.0.1:${port}/dns.json` });
    const error = await rejectsWith(offline.lookup('fernbrooklabs.com'), 'UPSTREAM');
    assert.equal(
      error.message,
      `RDAP lookup failed: could not reach 127.0.0.1:${port} (ECONNREFUSED) while reading the RDAP bootstrap file`,
    );
    assert.match(error.hint ?? '', /internet access to RDAP servers.*SENTINEL_MCP_RDAP_BASE_URL/);
  });

  test('http URLs are refused when the client is made', () => {
    assert.throws(
      () => new RdapClient({ bootstrapUrl: 'http://data.iana.org/rdap/dns.json' }),
      /RDAP URLs must be https:\/\//,
    );
  });
});
