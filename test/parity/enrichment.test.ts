// Parity on the demo: the enrichment tools through an MCP client of a server on the LocalBackend and of
// one on the AzureBackend against the HTTPS fake (which serves that LocalBackend, RDAP answered by the
// local RDAP fake). The story's IPs geolocate to the same countries on both sides, and to the ones the
// story says; the story's domains have the same registration facts; private IPs never reach a backend.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { AzureBackend } from '../../src/backends/azure/azure-backend.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { startAzureFake, type AzureFake } from '../azure-fake/index.js';
import { call, errorOf, structured } from '../helpers/mcp.js';
import { clientFor, openAzureBackend } from '../helpers/parity.js';
import { startRdapFake, type RdapFake } from '../rdap-fake/index.js';

type Closable = Client & { closeAll(): Promise<void> };

let rdap: RdapFake;
let backend: LocalBackend;
let fake: AzureFake;
let azureBackend: AzureBackend;
let local: Closable;
let azure: Closable;

before(async () => {
  rdap = await startRdapFake({ slowMs: 5000 });
  backend = await LocalBackend.open({ logger: silentLogger(), rdap: { bootstrapUrl: rdap.bootstrapUrl } });
  fake = await startAzureFake({ backend });
  azureBackend = await openAzureBackend(fake);
  local = await clientFor(backend);
  azure = await clientFor(azureBackend);
});

after(async () => {
  await local?.closeAll();
  await azure?.closeAll();
  await azureBackend?.close();
  await fake?.close();
  await backend?.close();
  await rdap?.close();
});

type Row = Record<string, unknown>;

async function both(tool: string, args: Record<string, unknown>): Promise<{ l: Row; a: Row }> {
  const [l, a] = await Promise.all([call(local, tool, args), call(azure, tool, args)]);
  return { l: structured<Row>(l), a: structured<Row>(a) };
}

describe('enrichment parity on the demo', () => {
  test("the story's IPs: same country, city and AS on both backends, and the story's countries", async () => {
    const story = backend.story!;
    const ips = [story.attackerSignIn, ...story.passwordSpray.ips];
    assert.equal(ips[0]!.address, '105.112.84.23');
    assert.equal(ips.length, 4);
    for (const ip of ips) {
      const { l, a } = await both('sentinel_ip_geodata_get', { ip: ip.address });
      assert.equal(l['country_code'], ip.country, `${ip.address} local`);
      assert.equal(a['country_code'], ip.country, `${ip.address} azure`);
      for (const key of ['country', 'city', 'region', 'asn', 'organization', 'latitude', 'longitude']) {
        assert.deepEqual(a[key], l[key], `${ip.address} ${key}`);
      }
      assert.match(String(l['source']), /GeoLite2 City/);
      assert.match(String(a['source']), /Microsoft Sentinel enrichment/);
    }
    const attacker = (await both('sentinel_ip_geodata_get', { ip: '105.112.84.23' })).a;
    assert.equal(attacker['city'], 'Lagos');
    assert.equal(attacker['asn'], Number(story.attackerSignIn.asn));
  });

  test('private and invalid IPs: same answers, and no request reaches the fake', async () => {
    fake.clearRequests();
    const { l, a } = await both('sentinel_ip_geodata_get', { ip: '10.20.30.40' });
    assert.deepEqual(a, l);
    assert.equal(l['scope'], 'private');
    const [le, ae] = await Promise.all([
      call(local, 'sentinel_ip_geodata_get', { ip: '1.2.3.4; drop' }),
      call(azure, 'sentinel_ip_geodata_get', { ip: '1.2.3.4; drop' }),
    ]);
    assert.equal(errorOf(le).code, 'INVALID_ARGUMENT');
    assert.equal(errorOf(ae).code, 'INVALID_ARGUMENT');
    assert.deepEqual(
      fake.requests().filter((r) => r.route?.startsWith('arm.enrichment')),
      [],
    );
  });

  test("the story's domains: same registrar, dates, status and name servers", async () => {
    const story = backend.story!;
    for (const domain of [story.beacon.domain, story.organization.domain]) {
      const { l, a } = await both('sentinel_domain_whois_get', { domain });
      for (const key of ['domain', 'registrar', 'created', 'expires', 'age_days', 'status', 'name_servers']) {
        assert.deepEqual(a[key], l[key], `${domain} ${key}`);
      }
      assert.ok(l['registrar'], domain);
    }
  });

  test('an unregistered domain is NOT_FOUND on both', async () => {
    const [l, a] = await Promise.all([
      call(local, 'sentinel_domain_whois_get', { domain: 'never-registered-xyz.com' }),
      call(azure, 'sentinel_domain_whois_get', { domain: 'never-registered-xyz.com' }),
    ]);
    assert.equal(errorOf(l).code, 'NOT_FOUND');
    assert.equal(errorOf(a).code, 'NOT_FOUND');
  });
});
