// The enrichment tools through an MCP client on the local backend (a fixture workspace: enrichment does
// not depend on the workspace's data), RDAP answered by the local HTTPS fake.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  call,
  connect,
  errorOf,
  FIXTURE_WORKSPACE,
  structured,
  text,
  type Connected,
} from '../helpers/mcp.js';
import { C2_DOMAIN_AGE_DAYS } from '../rdap-fake/answers.js';
import { closedPort, startRdapFake, type RdapFake } from '../rdap-fake/index.js';

interface IpResult {
  ip: string;
  version: number;
  scope: string;
  range: string | null;
  country: string | null;
  country_code: string | null;
  city: string | null;
  asn: number | null;
  organization: string | null;
  source: string;
  note: string | null;
}

interface WhoisResult {
  domain: string;
  unicode_domain: string | null;
  registrar: string | null;
  created: string | null;
  age_days: number | null;
  status: string[];
  name_servers: string[];
  registrant: { name: string | null; organization: string | null; country: string | null } | null;
  source: string;
}

let rdap: RdapFake;
let c: Connected;

before(async () => {
  rdap = await startRdapFake({ slowMs: 5000 });
  c = await connect({ workspace: FIXTURE_WORKSPACE }, { SENTINEL_MCP_RDAP_BOOTSTRAP_URL: rdap.bootstrapUrl });
});

after(async () => {
  await c?.close();
  await rdap?.close();
});

describe('sentinel_ip_geodata_get (local)', () => {
  test('is listed read-only (WHOIS open-world: RDAP is on the internet), with an output schema', async () => {
    const { tools } = await c.client.listTools();
    for (const [name, openWorld] of [
      ['sentinel_ip_geodata_get', false],
      ['sentinel_domain_whois_get', true],
    ] as const) {
      const tool = tools.find((t) => t.name === name);
      assert.ok(tool, name);
      assert.equal(tool.annotations?.readOnlyHint, true);
      assert.equal(tool.annotations?.openWorldHint, openWorld, name);
      assert.ok(tool.outputSchema);
    }
  });

  test("the story's attacker IP: Lagos, Nigeria, AS36873 Airtel", async () => {
    const result = await call(c.client, 'sentinel_ip_geodata_get', { ip: '105.112.84.23' });
    const r = structured<IpResult>(result);
    assert.equal(r.scope, 'public');
    assert.equal(r.country, 'Nigeria');
    assert.equal(r.country_code, 'NG');
    assert.equal(r.city, 'Lagos');
    assert.equal(r.asn, 36873);
    assert.equal(r.organization, 'Airtel Networks Limited');
    assert.match(r.source, /GeoLite2 City .* by MaxMind/);
    const shown = text(result);
    assert.match(shown, /^105\.112\.84\.23 \(IPv4, public\): Lagos, Nigeria \(NG\)/);
    assert.match(shown, /network: AS36873 Airtel Networks Limited/);
  });

  test('the spray IPs: Russia and Vietnam', async () => {
    for (const [ip, code] of [
      ['193.233.48.17', 'RU'],
      ['14.161.22.85', 'VN'],
      ['113.161.7.44', 'VN'],
    ] as const) {
      const r = structured<IpResult>(await call(c.client, 'sentinel_ip_geodata_get', { ip }));
      assert.equal(r.country_code, code, ip);
    }
  });

  test('private, loopback, link-local, documentation and IPv6 ULA addresses say so, with no location', async () => {
    for (const [ip, scope] of [
      ['10.0.0.5', 'private'],
      ['127.0.0.1', 'loopback'],
      ['169.254.169.254', 'link-local'],
      ['203.0.113.50', 'documentation'],
      ['fd00::1', 'private'],
      ['ff02::1', 'multicast'],
    ] as const) {
      const result = await call(c.client, 'sentinel_ip_geodata_get', { ip });
      const r = structured<IpResult>(result);
      assert.equal(r.scope, scope, ip);
      assert.equal(r.country, null);
      assert.ok(r.range && r.note, ip);
      assert.match(r.source, /no lookup/);
      assert.match(text(result), new RegExp(`\\(IPv\\d, ${scope}\\)`));
    }
  });

  for (const ip of [
    '999.1.1.1',
    '1.2.3',
    '::g',
    '1.2.3.4; drop',
    "' or 1=1",
    '1.2.3.4/32',
    'fe80::1%25eth0',
    '',
  ]) {
    test(`rejects ${JSON.stringify(ip)} as INVALID_ARGUMENT`, async () => {
      const e = errorOf(await call(c.client, 'sentinel_ip_geodata_get', { ip }));
      assert.equal(e.code, 'INVALID_ARGUMENT');
    });
  }
});

describe('sentinel_domain_whois_get (local, RDAP fake)', () => {
  test('the organisation domain: registrar, dates, name servers (thin registry: no registrant)', async () => {
    const result = await call(c.client, 'sentinel_domain_whois_get', { domain: 'FernbrookLabs.com' });
    const r = structured<WhoisResult>(result);
    assert.equal(r.domain, 'fernbrooklabs.com');
    assert.equal(r.registrar, 'MarkMonitor Inc.');
    assert.equal(r.created, '2016-03-14T17:22:05.000Z');
    assert.equal(r.registrant, null);
    assert.equal(r.name_servers.length, 4);
    assert.equal(r.source, `RDAP ${rdap.origin}/com/v1/domain/fernbrooklabs.com`);
    assert.match(text(result), /registrar: MarkMonitor Inc\. \(IANA 292\)/);
  });

  test('the C2 domain is days old, registrant redacted', async () => {
    const result = await call(c.client, 'sentinel_domain_whois_get', { domain: 'kvx-syncupdate.top' });
    const r = structured<WhoisResult>(result);
    assert.equal(r.age_days, C2_DOMAIN_AGE_DAYS);
    assert.equal(r.registrant?.organization, 'Privacy service provided by Withheld for Privacy ehf');
    assert.equal(r.registrant?.country, 'IS');
    assert.match(text(result), new RegExp(`\\(${C2_DOMAIN_AGE_DAYS} days ago\\)`));
  });

  test('an internationalized name is asked as A-labels and shown in Unicode', async () => {
    const r = structured<WhoisResult>(
      await call(c.client, 'sentinel_domain_whois_get', { domain: 'bücher.de' }),
    );
    assert.equal(r.domain, 'xn--bcher-kva.de');
    assert.equal(r.unicode_domain, 'bücher.de');
    assert.ok(rdap.requests().some((q) => q.path === '/de/domain/xn--bcher-kva.de'));
  });

  test('an unregistered name is NOT_FOUND', async () => {
    const e = errorOf(
      await call(c.client, 'sentinel_domain_whois_get', { domain: 'never-registered-xyz.com' }),
    );
    assert.equal(e.code, 'NOT_FOUND');
    assert.match(e.message, /No such domain registered: never-registered-xyz\.com/);
  });

  test('invalid names and injection attempts are INVALID_ARGUMENT and never reach RDAP', async () => {
    rdap.clearRequests();
    for (const domain of [
      'exa mple.com',
      '-bad.com',
      'a..b',
      '"; rm',
      `${'x'.repeat(300)}.com`,
      "' or 1=1 --",
      'https://kvx-syncupdate.top/a',
      'megan.ortiz@fernbrooklabs.com',
      '../../etc/passwd',
      'localhost',
    ]) {
      const e = errorOf(await call(c.client, 'sentinel_domain_whois_get', { domain }));
      assert.equal(e.code, 'INVALID_ARGUMENT', domain);
    }
    assert.deepEqual(rdap.requests(), []);
  });
});

describe('sentinel_domain_whois_get without a reachable RDAP server', () => {
  test('is UPSTREAM naming the host, with the hint', async () => {
    const port = await closedPort();
    const offline = await connect(
      { workspace: FIXTURE_WORKSPACE },
      { SENTINEL_MCP_RDAP_BASE_URL: `https://127.0.0.1:${port}/rdap/` },
    );
    try {
      const e = errorOf(
        await call(offline.client, 'sentinel_domain_whois_get', { domain: 'fernbrooklabs.com' }),
      );
      assert.equal(e.code, 'UPSTREAM');
      assert.match(e.message, new RegExp(`could not reach 127\\.0\\.0\\.1:${port}`));
      assert.match(e.hint ?? '', /needs internet access to RDAP servers.*SENTINEL_MCP_RDAP_BASE_URL/);
      assert.equal(e.retryable, true);
    } finally {
      await offline.close();
    }
  });

  test('a stalled server past the call deadline is TIMEOUT', async () => {
    const slow = await connect(
      { workspace: FIXTURE_WORKSPACE },
      { SENTINEL_MCP_RDAP_BASE_URL: `${rdap.origin}/slow/`, SENTINEL_MCP_QUERY_TIMEOUT: '1' },
    );
    try {
      const started = Date.now();
      const e = errorOf(
        await call(slow.client, 'sentinel_domain_whois_get', { domain: 'fernbrooklabs.com' }),
      );
      assert.equal(e.code, 'TIMEOUT');
      assert.ok(Date.now() - started < 4000);
    } finally {
      await slow.close();
    }
  });
});
