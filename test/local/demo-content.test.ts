// The demo's Sentinel objects against its tables, on the local engine: every scheduled rule, run over
// its query period ending when an alert it raised was generated, returns rows that trigger it and hold
// the alert's entities in its entity-mapping columns; the incidents and alerts of the API agree with
// the last versions of SecurityIncident/SecurityAlert; hunting queries find the story; the TI
// indicators are the ThreatIntelligenceIndicator table's.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Cell, QueryTable } from '../../src/backends/backend.js';
import type { ArmResource, ObjectSet } from '../../src/backends/objects.js';
import { huntingQueryDefs } from '../../src/backends/local/demo/content/index.js';
import { isoToMs } from '../../src/backends/local/demo/content/rule-types.js';
import { generateDemoWorkspace } from '../../src/backends/local/demo/index.js';
import type { DemoAlert, Entity } from '../../src/backends/local/demo/incidents.js';
import type { DemoStory } from '../../src/backends/local/demo/story.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { silentLogger } from '../../src/util/logger.js';

const NOW = new Date('2025-06-11T15:20:00.000Z');

let backend: LocalBackend;
let content: ObjectSet;
let story: DemoStory;

before(async () => {
  const demo = generateDemoWorkspace({ now: NOW });
  content = demo.content;
  story = demo.story;
  backend = await LocalBackend.open({ logger: silentLogger(), now: NOW });
});

after(async () => {
  await backend?.close();
});

type Row = Record<string, Cell>;

function records(table: QueryTable): Row[] {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c.name, row[i] ?? null])));
}

async function query(q: string, start: Date, end: Date): Promise<Row[]> {
  const answer = await backend.logs.query({ query: q, timespan: { start, end } });
  return records(answer.tables[0]!);
}

interface FieldMapping {
  identifier: string;
  columnName: string;
}
interface EntityMapping {
  entityType: string;
  fieldMappings: FieldMapping[];
}

const ENTITY_TYPES: Record<string, string> = {
  account: 'Account',
  ip: 'IP',
  host: 'Host',
  dns: 'DNS',
  url: 'URL',
  mailbox: 'Mailbox',
  'azure-resource': 'AzureResource',
  file: 'File',
  filehash: 'FileHash',
};

/** The value an entity-mapping identifier takes for an alert entity (SecurityAlert.Entities shape). */
function identifierValue(e: Entity, identifier: string): string | undefined {
  const s = (k: string): string | undefined =>
    typeof e[k] === 'string' && e[k] !== '' ? (e[k] as string) : undefined;
  switch (`${String(e['Type'])}.${identifier}`) {
    case 'account.FullName':
      return s('UPNSuffix')
        ? `${s('Name')}@${s('UPNSuffix')}`
        : s('NTDomain')
          ? `${s('NTDomain')}\\${s('Name')}`
          : s('Name');
    case 'host.FullName':
      return s('DnsDomain') ? `${s('HostName')}.${s('DnsDomain')}` : s('HostName');
    case 'mailbox.MailboxPrimaryAddress':
      return s('MailboxPrimaryAddress');
    case 'azure-resource.ResourceId':
      return s('ResourceId');
    default:
      return s(identifier);
  }
}

/** Why no row of `rows` shows entity `e` through a mapping of `mappings` (undefined when one does). */
function entityProblem(e: Entity, mappings: EntityMapping[], rows: Row[]): string | undefined {
  const type = ENTITY_TYPES[String(e['Type'])];
  const candidates = mappings.filter((m) => m.entityType === type);
  if (candidates.length === 0) return `no ${type} mapping`;
  for (const m of candidates) {
    const wanted = m.fieldMappings
      .map((f) => [f.columnName, identifierValue(e, f.identifier)] as const)
      .filter((pair): pair is readonly [string, string] => pair[1] !== undefined);
    if (wanted.length === 0) continue;
    const hit = rows.some((row) =>
      wanted.every(([column, value]) => String(row[column] ?? '').toLowerCase() === value.toLowerCase()),
    );
    if (hit) return undefined;
  }
  return `no row shows ${type} ${JSON.stringify(candidates.map((m) => m.fieldMappings.map((f) => `${f.identifier}=${identifierValue(e, f.identifier) ?? '?'}`)))}`;
}

function triggered(rows: Row[], operator: string, threshold: number): boolean {
  const n = rows.length;
  switch (operator) {
    case 'GreaterThan':
      return n > threshold;
    case 'LessThan':
      return n < threshold;
    case 'Equal':
      return n === threshold;
    default:
      return n !== threshold;
  }
}

function ruleOf(a: DemoAlert): ArmResource {
  const rule = content.objects.alertRules.find((r) => r.name === a.ruleId);
  assert.ok(rule, `the rule of ${a.displayName}`);
  return rule;
}

describe('demo content on the local engine', () => {
  test('every scheduled rule reproduces the alerts it raised (query period ending at the alert)', async (t) => {
    const table: string[] = [
      '| rule | alert | incident | window | rows | entities |',
      '|---|---|---|---|---|---|',
    ];
    let pairs = 0;
    for (const a of story.alerts) {
      const rule = ruleOf(a);
      if (rule.kind !== 'Scheduled') continue;
      const p = rule.properties;
      const end = new Date(a.timeGenerated);
      const start = new Date(end.getTime() - isoToMs(String(p['queryPeriod'])));
      const rows = await query(String(p['query']), start, end);
      assert.ok(
        triggered(rows, String(p['triggerOperator']), Number(p['triggerThreshold'])),
        `${String(p['displayName'])} over ${start.toISOString()}..${end.toISOString()}: ${rows.length} rows`,
      );
      const mappings = p['entityMappings'] as EntityMapping[];
      const problems = a.entities.map((e) => entityProblem(e, mappings, rows)).filter((x) => x !== undefined);
      assert.deepEqual(problems, [], `${a.displayName}: entities`);
      table.push(
        `| ${String(p['displayName'])} | ${a.displayName} | ${a.incidentNumber} | ${String(p['queryPeriod'])} | ${rows.length} | ${a.entities.length} |`,
      );
      pairs++;
    }
    t.diagnostic(`rules -> alerts reproduced:\n${table.join('\n')}`);
    assert.equal(pairs, story.alerts.filter((a) => a.productName === 'Azure Sentinel').length);
    assert.ok(pairs >= 12, `${pairs} (rule, alert) pairs`);
  });

  test('rules that raised nothing run and return nothing over the two weeks', async () => {
    const raised = new Set(story.alerts.map((a) => a.ruleId));
    const quiet = content.objects.alertRules.filter(
      (r) => typeof r.properties['query'] === 'string' && !raised.has(r.name),
    );
    assert.ok(quiet.some((r) => r.kind === 'NRT'));
    assert.ok(quiet.some((r) => r.properties['enabled'] === false));
    for (const r of quiet) {
      const rows = await query(String(r.properties['query']), new Date(NOW.getTime() - 14 * 86_400_000), NOW);
      if (r.properties['enabled'] === true) assert.equal(rows.length, 0, String(r.properties['displayName']));
    }
  });

  test('the incidents API agrees with the last version of each SecurityIncident row', async () => {
    const rows = await query(
      'SecurityIncident | summarize arg_max(TimeGenerated, *) by IncidentName',
      new Date(NOW.getTime() - 14 * 86_400_000),
      NOW,
    );
    assert.equal(rows.length, content.objects.incidents.length);
    for (const inc of content.objects.incidents) {
      const p = inc.properties;
      const row = rows.find((r) => r['IncidentName'] === inc.name);
      assert.ok(row, `SecurityIncident ${inc.name}`);
      const what = `incident ${String(p['incidentNumber'])}`;
      assert.equal(row['IncidentNumber'], p['incidentNumber'], what);
      assert.equal(row['Title'], p['title'], what);
      assert.equal(row['Description'], p['description'], what);
      assert.equal(row['Severity'], p['severity'], what);
      assert.equal(row['Status'], p['status'], what);
      assert.equal(row['Classification'] ?? '', p['classification'] ?? '', what);
      assert.equal(row['ClassificationReason'] ?? '', p['classificationReason'] ?? '', what);
      assert.equal(row['ProviderIncidentId'], p['providerIncidentId'], what);
      assert.equal(row['IncidentUrl'], p['incidentUrl'], what);
      for (const [column, prop] of [
        ['CreatedTime', 'createdTimeUtc'],
        ['LastModifiedTime', 'lastModifiedTimeUtc'],
        ['FirstActivityTime', 'firstActivityTimeUtc'],
        ['LastActivityTime', 'lastActivityTimeUtc'],
      ] as const)
        assert.equal(Date.parse(String(row[column])), Date.parse(String(p[prop])), `${what} ${column}`);
      const owner = row['Owner'] as Row;
      const apiOwner = p['owner'] as Row;
      for (const k of ['objectId', 'email', 'assignedTo', 'userPrincipalName'])
        assert.equal(owner[k] ?? null, apiOwner[k] ?? null, `${what} owner.${k}`);
      const alertNames = (content.children.incidentAlerts[inc.name] ?? []).map((a) => a.name);
      assert.deepEqual([...(row['AlertIds'] as string[])].sort(), [...alertNames].sort(), `${what} AlertIds`);
      const bookmarkNames = (content.children.incidentBookmarks[inc.name] ?? []).map((b) => b.name);
      assert.deepEqual(
        [...(row['BookmarkIds'] as string[])].sort(),
        [...bookmarkNames].sort(),
        `${what} BookmarkIds`,
      );
      assert.deepEqual(row['Labels'], p['labels'], `${what} labels`);
      assert.deepEqual(
        [...(row['RelatedAnalyticRuleIds'] as string[])].sort(),
        (p['relatedAnalyticRuleIds'] as string[]).map((id) => id.split('/').at(-1)).sort(),
        `${what} rules`,
      );
      const data = row['AdditionalData'] as Row;
      assert.deepEqual(data, p['additionalData'], `${what} additionalData`);
    }
  });

  test('incident alerts agree with the last version of each SecurityAlert row', async () => {
    const rows = await query(
      'SecurityAlert | summarize arg_max(TimeGenerated, *) by SystemAlertId',
      new Date(NOW.getTime() - 14 * 86_400_000),
      NOW,
    );
    const alerts = Object.values(content.children.incidentAlerts).flat();
    assert.equal(rows.length, alerts.length);
    for (const a of alerts) {
      const p = a.properties;
      const row = rows.find((r) => r['SystemAlertId'] === a.name);
      assert.ok(row, `SecurityAlert ${a.name}`);
      const what = String(p['alertDisplayName']);
      assert.equal(row['AlertName'], p['alertDisplayName'], what);
      assert.equal(row['AlertSeverity'], p['severity'], what);
      assert.equal(row['Status'], p['status'], what);
      assert.equal(row['ProductName'], p['productName'], what);
      assert.equal(row['AlertType'], p['alertType'], what);
      assert.equal(row['VendorOriginalId'], p['providerAlertId'], what);
      assert.equal(row['CompromisedEntity'], p['compromisedEntity'], what);
      assert.equal(row['Tactics'], (p['tactics'] as string[]).join(', '), what);
      assert.equal(Date.parse(String(row['StartTime'])), Date.parse(String(p['startTimeUtc'])), what);
      assert.equal(Date.parse(String(row['EndTime'])), Date.parse(String(p['endTimeUtc'])), what);
      assert.deepEqual(JSON.parse(String(row['ExtendedProperties'])), p['additionalData'], what);
    }
    const spray = alerts.find(
      (a) => a.properties['alertDisplayName'] === 'Password spray attack against Microsoft Entra ID',
    );
    assert.equal((spray?.properties['additionalData'] as Row)['Query Period'], '1.00:00:00');
  });

  test('every hunting query runs and finds its step of the story', async () => {
    const saved = content.objects.savedSearches.filter((s) => s.properties['category'] === 'Hunting Queries');
    const defs = huntingQueryDefs(story);
    assert.equal(saved.length, defs.length);
    for (const def of defs) {
      const s = saved.find((x) => x.properties['displayName'] === def.displayName);
      assert.ok(s, def.displayName);
      const rows = await query(String(s.properties['query']), new Date(NOW.getTime() - 14 * 86_400_000), NOW);
      assert.ok(rows.length > 0, `${def.displayName}: rows`);
      assert.ok(
        JSON.stringify(rows).includes(JSON.stringify(def.finds).slice(1, -1)),
        `${def.displayName} finds ${def.finds}`,
      );
      const tags = s.properties['tags'] as { name: string; value: string }[];
      assert.equal(tags.find((x) => x.name === 'tactics')?.value, def.tactics.join(','));
    }
  });

  test('the TI indicators are the ThreatIntelligenceIndicator table', async () => {
    const rows = await query(
      'ThreatIntelligenceIndicator | summarize arg_max(TimeGenerated, *) by IndicatorId',
      new Date(NOW.getTime() - 14 * 86_400_000),
      NOW,
    );
    const byId = new Map(content.objects.tiIndicators.map((i) => [String(i.properties['externalId']), i]));
    assert.equal(rows.length, byId.size);
    for (const row of rows) {
      const i = byId.get(String(row['IndicatorId']));
      assert.ok(i, `indicator ${String(row['IndicatorId'])}`);
      assert.equal(i.properties['confidence'], row['ConfidenceScore']);
      assert.deepEqual(i.properties['threatTypes'], [row['ThreatType']]);
      assert.equal(i.properties['source'], row['SourceSystem']);
      const value = row['NetworkIP'] ?? row['DomainName'] ?? row['Url'] ?? row['FileHashValue'];
      assert.ok(
        String(i.properties['pattern']).includes(String(value)),
        `${String(i.properties['pattern'])} ~ ${String(value)}`,
      );
      assert.equal(
        Date.parse(String(i.properties['validUntil'])),
        Date.parse(String(row['ExpirationDateTime'])),
      );
    }
  });
});
