// The Azure backend's enrichment against the HTTPS fake: the SDK's IPGeodata_Get / DomainWhois_Get on the
// resource-group path with a preview api-version, mapped to our types; the fake's bodies have the shape
// of the official examples; faults map to FORBIDDEN naming the permission, NOT_FOUND, UPSTREAM.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AzureBackend } from '../../src/backends/azure/azure-backend.js';
import { ENRICHMENT_API_VERSION } from '../../src/backends/azure/enrichment.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { ToolError } from '../../src/util/errors.js';
import { silentLogger } from '../../src/util/logger.js';
import { startAzureFake, type AzureFake } from '../azure-fake/index.js';
import { raw, rawToken } from '../azure-fake/raw.js';
import { shapeMismatches } from '../azure-fake/shape.js';
import { openAzureBackend } from '../helpers/parity.js';
import { FIXTURE_WORKSPACE } from '../helpers/mcp.js';
import { startRdapFake, type RdapFake } from '../rdap-fake/index.js';

const SPECS = fileURLToPath(new URL('../azure-fake/specs/securityinsights/', import.meta.url));

let rdap: RdapFake;
let local: LocalBackend;
let fake: AzureFake;
let azure: AzureBackend;

before(async () => {
  rdap = await startRdapFake({ slowMs: 5000 });
  local = await LocalBackend.open({
    folder: FIXTURE_WORKSPACE,
    logger: silentLogger(),
    rdap: { bootstrapUrl: rdap.bootstrapUrl },
  });
  fake = await startAzureFake({ backend: local });
  azure = await openAzureBackend(fake);
});

after(async () => {
  await azure?.close();
  await fake?.close();
  await local?.close();
  await rdap?.close();
});

function exampleBody(file: string): unknown {
  const json = JSON.parse(readFileSync(`${SPECS}${file}`, 'utf8')) as {
    responses: Record<string, { body: unknown }>;
  };
  return json.responses['200']!.body;
}

function enrichmentPath(
  kind: 'ip/geodata' | 'domain/whois',
  query: string,
  apiVersion = ENRICHMENT_API_VERSION,
) {
  return (
    `/subscriptions/${fake.subscriptionId}/resourceGroups/${fake.resourceGroup}` +
    `/providers/Microsoft.SecurityInsights/enrichment/${kind}/?${query}&api-version=${apiVersion}`
  );
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<ToolError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ToolError, String(error));
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

describe('AzureBackend enrichment through the fake', () => {
  test('IPGeodata_Get: resource-group path, preview api-version, mapped to our shape', async () => {
    fake.clearRequests();
    const g = await azure.enrichment.ipGeodata('105.112.84.23');
    assert.equal(g.country, 'Nigeria');
    assert.equal(g.countryCode, 'NG');
    assert.equal(g.city, 'Lagos');
    assert.equal(g.region, 'Lagos');
    assert.equal(g.continent, 'Africa');
    assert.equal(g.asn, 36873);
    assert.equal(g.organization, 'Airtel Networks Limited');
    assert.equal(g.latitude, 6.4474);
    assert.equal(g.source, `Microsoft Sentinel enrichment (api-version ${ENRICHMENT_API_VERSION})`);
    const seen = fake.requests().find((r) => r.route === 'arm.enrichment.ipGeodata');
    assert.ok(seen);
    assert.equal(seen.apiVersion, '2024-01-01-preview');
    assert.equal(
      seen.path,
      `/subscriptions/${fake.subscriptionId}/resourceGroups/${fake.resourceGroup}/providers/Microsoft.SecurityInsights/enrichment/ip/geodata/`,
    );
    assert.match(seen.query, /(^|&)ipAddress=105\.112\.84\.23(&|$)/);
    assert.equal(seen.status, 200);
  });

  test('DomainWhois_Get: registrar, dates, statuses in RDAP form, redacted registrant', async () => {
    const w = await azure.enrichment.domainWhois('kvx-syncupdate.top');
    assert.equal(w.domain, 'kvx-syncupdate.top');
    assert.equal(w.registrar, 'NameCheap, Inc.');
    assert.equal(w.registrarIanaId, '1068');
    assert.equal(w.abuseEmail, 'abuse@namecheap.com');
    assert.equal(w.whoisServer, 'whois.nic.top');
    assert.deepEqual(w.status, ['client transfer prohibited']);
    assert.deepEqual(w.nameServers, ['dns1.registrar-servers.com', 'dns2.registrar-servers.com']);
    assert.equal(w.registrant?.organization, 'Privacy service provided by Withheld for Privacy ehf');
    assert.equal(w.registrant?.country, 'IS');
    assert.ok(w.created && Date.parse(w.created) < Date.now());
    const seen = fake.requests().filter((r) => r.route === 'arm.enrichment.domainWhois');
    assert.match(seen.at(-1)!.query, /(^|&)domain=kvx-syncupdate\.top(&|$)/);
  });

  test('an unregistered domain is NOT_FOUND naming it', async () => {
    const e = await rejectsWith(azure.enrichment.domainWhois('never-registered-xyz.com'), 'NOT_FOUND');
    assert.match(e.message, /WHOIS data for never-registered-xyz\.com was not found/);
  });

  test('403 is FORBIDDEN naming the enrichment permission', async () => {
    fake.inject('arm.enrichment.ipGeodata', { kind: 'status', status: 403 }, 1);
    const e = await rejectsWith(azure.enrichment.ipGeodata('193.233.48.17'), 'FORBIDDEN');
    assert.match(
      `${e.message} ${e.hint ?? ''}`,
      /Microsoft\.SecurityInsights\/enrichment\/ip\/geodata\/read/,
    );
  });

  test('one 503 is retried; a persistent 500 is UPSTREAM', async () => {
    fake.inject('arm.enrichment.ipGeodata', { kind: 'status', status: 503 }, 1);
    assert.equal((await azure.enrichment.ipGeodata('14.161.22.85')).countryCode, 'VN');
    fake.inject('arm.enrichment.domainWhois', { kind: 'status', status: 500 });
    try {
      await rejectsWith(
        azure.enrichment.domainWhois('fernbrooklabs.com', { deadline: Date.now() + 1500 }),
        'UPSTREAM',
      );
    } finally {
      fake.clearFaults();
    }
  });
});

describe('the fake vs the official enrichment examples', () => {
  test('IPGeodata_Get and DomainWhois_Get bodies have the examples’ shape', async () => {
    const token = await rawToken(fake);
    const headers = { authorization: `Bearer ${token}` };
    const ip = await raw(fake, enrichmentPath('ip/geodata', 'ipAddress=105.112.84.23'), { headers });
    assert.equal(ip.status, 200, ip.body);
    assert.deepEqual(shapeMismatches(exampleBody('GetGeodataByIp.json'), JSON.parse(ip.body)), []);
    const whois = await raw(fake, enrichmentPath('domain/whois', 'domain=kvx-syncupdate.top'), { headers });
    assert.equal(whois.status, 200, whois.body);
    assert.deepEqual(shapeMismatches(exampleBody('GetWhoisByDomainName.json'), JSON.parse(whois.body)), []);
  });

  test('the stable api-version has no enrichment; bad input is 400', async () => {
    const token = await rawToken(fake);
    const headers = { authorization: `Bearer ${token}` };
    const stable = await raw(fake, enrichmentPath('ip/geodata', 'ipAddress=1.1.1.1', '2024-09-01'), {
      headers,
    });
    assert.equal(stable.status, 400);
    assert.match(stable.body, /NoRegisteredProviderFound/);
    const bad = await raw(fake, enrichmentPath('ip/geodata', 'ipAddress=999.1.1.1'), { headers });
    assert.equal(bad.status, 400);
    const badDomain = await raw(fake, enrichmentPath('domain/whois', 'domain=a..b'), { headers });
    assert.equal(badDomain.status, 400);
  });
});
