import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, describe, it } from 'node:test';
import type { Cell, InlineTable } from '../../src/backends/backend.js';
import { generateDemoWorkspace, type DemoWorkspace } from '../../src/backends/local/demo/index.js';
import { buildStory } from '../../src/backends/local/demo/story.js';
import { tableCatalog } from '../../src/kql/catalog.js';
import type { KqlType } from '../../src/kql/types.js';

const NOW = new Date('2025-06-11T15:20:00.000Z');
const REQUIRED = [
  'SecurityEvent',
  'SigninLogs',
  'AuditLogs',
  'AzureActivity',
  'OfficeActivity',
  'Syslog',
  'CommonSecurityLog',
  'DeviceProcessEvents',
  'DeviceNetworkEvents',
  'DeviceLogonEvents',
  'SecurityAlert',
  'SecurityIncident',
  'Heartbeat',
  'ThreatIntelligenceIndicator',
  'Usage',
];

let demo: DemoWorkspace;
let generationMs = 0;

function table(name: string): InlineTable {
  const t = demo.tables.find((x) => x.name === name);
  assert.ok(t, `table ${name}`);
  return t;
}

/** Rows as objects, for readable assertions. */
function records(name: string): Record<string, Cell>[] {
  const t = table(name);
  return t.rows.map((row) => Object.fromEntries(t.columns.map((c, i) => [c.name, row[i] ?? null])));
}

function digest(w: DemoWorkspace): string {
  const hash = createHash('sha256');
  for (const t of w.tables) {
    hash.update(JSON.stringify(t.columns));
    for (const row of t.rows) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

function matchesType(value: Cell, type: KqlType): boolean {
  if (value === null) return true;
  switch (type) {
    case 'datetime':
      return typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(value);
    case 'dynamic':
      return typeof value === 'object';
    case 'bool':
      return typeof value === 'boolean';
    case 'int':
    case 'long':
      return typeof value === 'number' && Number.isInteger(value);
    case 'real':
    case 'decimal':
      return typeof value === 'number';
    default:
      return typeof value === 'string';
  }
}

before(() => {
  const start = performance.now();
  demo = generateDemoWorkspace({ now: NOW });
  generationMs = performance.now() - start;
  const counts = demo.tables.map((t) => `${t.name}=${t.rows.length}`).join(' ');
  console.log(
    `demo generation: ${Math.round(generationMs)} ms, ${demo.tables.reduce((n, t) => n + t.rows.length, 0)} rows (${counts})`,
  );
});

describe('demo workspace: shape', () => {
  it('has every required table with a few hundred thousand rows in total', () => {
    for (const name of REQUIRED) assert.ok(table(name).rows.length > 0, `${name} has rows`);
    const total = demo.tables.reduce((n, t) => n + t.rows.length, 0);
    assert.ok(total >= 200_000 && total <= 400_000, `total ${total}`);
    assert.ok(generationMs < 10_000, `generation took ${generationMs} ms`);
  });

  it('uses only catalog columns, with the catalog types, and cells of those types', () => {
    const catalog = tableCatalog();
    for (const t of demo.tables) {
      const schema = catalog.tables.get(t.name);
      assert.ok(schema, `${t.name} in catalog`);
      const types = new Map(schema.columns.map((c) => [c.name, c.type]));
      assert.equal(new Set(t.columns.map((c) => c.name)).size, t.columns.length, `${t.name}: unique columns`);
      t.columns.forEach((c, i) => {
        assert.equal(types.get(c.name), c.type, `${t.name}.${c.name}`);
        const bad = t.rows.find((row) => !matchesType(row[i] ?? null, c.type));
        assert.equal(bad, undefined, `${t.name}.${c.name} holds ${JSON.stringify(bad?.[i])} for ${c.type}`);
      });
      for (const row of t.rows) assert.equal(row.length, t.columns.length, `${t.name}: row width`);
    }
  });

  it('keeps every TimeGenerated within the 14 days before now', () => {
    const start = new Date(NOW.getTime() - 14 * 86_400_000).toISOString();
    const end = NOW.toISOString();
    for (const t of demo.tables) {
      const at = t.columns.findIndex((c) => c.name === 'TimeGenerated');
      assert.ok(at >= 0, `${t.name}.TimeGenerated`);
      for (const row of t.rows) {
        const v = row[at] as string;
        assert.ok(v >= start && v < end, `${t.name}: ${v}`);
      }
    }
  });
});

describe('demo workspace: determinism', () => {
  it('gives identical rows for the same seed and now, different rows for another seed', () => {
    const first = digest(demo);
    assert.equal(digest(generateDemoWorkspace({ now: NOW })), first);
    const other = generateDemoWorkspace({ now: NOW, seed: 99 });
    assert.notEqual(digest(other), first);
    assert.deepEqual(other.story, demo.story, 'the story does not depend on the seed');
  });
});

describe('demo workspace: the story holds in the rows', () => {
  it('password spray: each spray IP fails against many accounts (SigninLogs and SecurityEvent 4625)', () => {
    const signins = records('SigninLogs');
    const events = records('SecurityEvent');
    for (const ip of demo.story.passwordSpray.ips) {
      const failures = signins.filter(
        (r) => r['IPAddress'] === ip.address && (r['ResultType'] === '50126' || r['ResultType'] === '50034'),
      );
      assert.ok(failures.length >= 30, `${ip.address}: ${failures.length} failed sign-ins`);
      assert.ok(
        new Set(failures.map((r) => r['UserPrincipalName'])).size >= 25,
        `${ip.address}: distinct accounts`,
      );
      const logons = events.filter((r) => r['EventID'] === 4625 && r['IpAddress'] === ip.address);
      assert.ok(
        new Set(logons.map((r) => r['TargetUserName'])).size >= 25,
        `${ip.address}: distinct 4625 accounts`,
      );
    }
  });

  it('the compromised user signs in successfully from the attacker IP, a country never seen before for them', () => {
    const s = demo.story;
    const mine = records('SigninLogs').filter(
      (r) => r['UserPrincipalName'] === s.compromisedUser.userPrincipalName,
    );
    const attacker = mine.filter(
      (r) => r['IPAddress'] === s.attackerSignIn.address && r['ResultType'] === '0',
    );
    assert.ok(attacker.length >= 1);
    assert.ok(
      attacker.every(
        (r) => (r['LocationDetails'] as Record<string, Cell>)['countryOrRegion'] === s.attackerSignIn.country,
      ),
    );
    assert.ok(attacker.some((r) => r['TimeGenerated'] === s.attackerSignIn.time));
    const before = mine.filter((r) => (r['TimeGenerated'] as string) < s.attackerSignIn.firstPromptAt);
    assert.ok(before.length > 20);
    assert.ok(before.every((r) => r['Location'] !== s.attackerSignIn.country));
    assert.equal(
      mine.filter((r) => r['IPAddress'] === s.attackerSignIn.address && r['ResultType'] === '500121').length,
      s.attackerSignIn.mfaDenials,
    );
  });

  it('an inbox rule and SMTP forwarding to the external address, from the attacker IP', () => {
    const s = demo.story;
    const office = records('OfficeActivity').filter(
      (r) =>
        r['UserId'] === s.compromisedUser.userPrincipalName && r['ClientIP'] === s.attackerSignIn.address,
    );
    const rule = office.find((r) => r['Operation'] === 'New-InboxRule');
    assert.ok(rule);
    const params = JSON.parse(rule['Parameters'] as string) as { Name: string; Value: string }[];
    assert.equal(params.find((p) => p.Name === 'ForwardTo')?.Value, s.inboxRule.forwardTo);
    const forwarding = office.find((r) => r['Operation'] === 'Set-Mailbox');
    assert.ok(
      forwarding && (forwarding['Parameters'] as string).includes(`smtp:${s.mailForwarding.address}`),
    );
  });

  it('the suspicious process runs on the user host, and its encoded command decodes to the stager', () => {
    const s = demo.story;
    const procs = records('DeviceProcessEvents').filter((r) => r['DeviceId'] === s.host.deviceId);
    const ps = procs.find((r) => r['ProcessCommandLine'] === s.suspiciousProcess.commandLine);
    assert.ok(ps);
    assert.equal(ps['AccountUpn'], s.compromisedUser.userPrincipalName);
    const encoded = s.suspiciousProcess.commandLine.split(' ').at(-1) ?? '';
    assert.equal(Buffer.from(encoded, 'base64').toString('utf16le'), s.suspiciousProcess.decodedCommand);
    assert.ok(s.suspiciousProcess.decodedCommand.includes(s.beacon.domain));
    for (const p of s.followUpProcesses)
      assert.ok(
        procs.some((r) => r['ProcessCommandLine'] === p.commandLine),
        p.fileName,
      );
    assert.ok(
      records('SecurityEvent').some(
        (r) => r['EventID'] === 4688 && r['CommandLine'] === s.suspiciousProcess.commandLine,
      ),
    );
  });

  it('beaconing: the host talks to a threat-intelligence IP at a regular interval', () => {
    const s = demo.story;
    assert.ok(
      records('ThreatIntelligenceIndicator').some(
        (r) => r['NetworkIP'] === s.beacon.address && r['Active'] === true,
      ),
    );
    const times = records('DeviceNetworkEvents')
      .filter(
        (r) =>
          r['RemoteIP'] === s.beacon.address &&
          r['DeviceName'] === s.host.fqdn.toLowerCase() &&
          r['RemotePort'] === s.beacon.port,
      )
      .map((r) => Date.parse(r['TimeGenerated'] as string))
      .sort((a, b) => a - b);
    assert.ok(times.length >= 100, `${times.length} beacons`);
    const gaps = times.slice(1).map((t, i) => (t - (times[i] ?? t)) / 1000);
    assert.ok(
      gaps.every((g) => Math.abs(g - s.beacon.intervalSeconds) <= 2 * s.beacon.jitterSeconds + 1),
      'regular interval',
    );
    const firewall = records('CommonSecurityLog').filter(
      (r) => r['DestinationIP'] === s.beacon.address && r['SourceIP'] === s.host.ip,
    );
    assert.ok(firewall.length >= times.length);
    assert.ok(firewall.some((r) => r['MaliciousIP'] === s.beacon.address));
  });

  it('incidents link to alerts that exist, and the story incidents are there', () => {
    const alertIds = new Set(records('SecurityAlert').map((r) => r['SystemAlertId']));
    const incidents = records('SecurityIncident');
    for (const inc of incidents)
      for (const id of inc['AlertIds'] as string[]) assert.ok(alertIds.has(id), `alert ${id}`);
    const numbers = new Set(incidents.map((r) => r['IncidentNumber']));
    for (const n of Object.values(demo.story.incidentNumbers)) assert.ok(numbers.has(n), `incident ${n}`);
    assert.equal(numbers.size, demo.story.incidents.length);
  });

  it('the story lists the org users and groups with stable ids', () => {
    const s = demo.story;
    assert.ok(s.users.length >= 50);
    assert.ok(s.users.some((u) => u.objectId === s.compromisedUser.objectId));
    const members = new Set(s.groups.flatMap((g) => g.members));
    assert.ok(members.has(s.compromisedUser.objectId));
    assert.equal(
      buildStory(new Date('2025-01-01T00:00:00Z'), { name: 'x', id: 'y' }).compromisedUser.objectId,
      s.compromisedUser.objectId,
    );
  });
});
