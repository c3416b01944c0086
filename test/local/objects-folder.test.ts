// The workspace folder's object formats: content-repository YAML rules, templates and hunting queries
// into ARM JSON, watchlists from CSV + YAML header, ARM JSON folders and incident children; errors that
// name the file and the field; writing a set back to a folder and reading it again.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ObjectSet } from '../../src/backends/objects.js';
import { writeObjectFolders } from '../../src/backends/local/objects/index.js';
import { toIsoDuration, toShortDuration } from '../../src/backends/local/objects/rule-yaml.js';
import { readWorkspaceFolder, RESERVED_FOLDERS } from '../../src/backends/local/workspace-folder.js';
import { ToolError } from '../../src/util/errors.js';
import { FIXTURE_WORKSPACE } from '../helpers/mcp.js';

const temps: string[] = [];
after(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sentinel-objects-'));
  temps.push(dir);
  for (const [name, text] of Object.entries({
    'workspace.yaml': 'name: t\ntimeAnchor: 2024-06-01T12:00:00Z\n',
    ...files,
  })) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

async function rejects(dir: string, ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(readWorkspaceFolder(dir), (error: unknown) => {
    assert.ok(error instanceof ToolError, String(error));
    assert.equal(error.code, 'INVALID_ARGUMENT');
    for (const p of patterns) assert.match(error.message, p);
    assert.ok(error.hint && error.hint.length > 0, 'has a hint');
    return true;
  });
}

const RULE = `id: 11111111-2222-4333-8444-555555555555
name: Test rule
description: A rule.
severity: High
queryFrequency: 5m
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics: [CredentialAccess]
relevantTechniques: [T1110]
query: SigninLogs | take 1
kind: Scheduled
version: 1.0.0
`;

let fixture: ObjectSet;
before(async () => {
  fixture = (await readWorkspaceFolder(FIXTURE_WORKSPACE)).objects;
});

describe('object folders: content-repository YAML', () => {
  it('turns a content-repository rule into an ARM alertRules resource', () => {
    const rule = fixture.objects.alertRules.find((r) => r.name === '48607a29-a26a-4abf-8078-a06dbdd174a4');
    assert.ok(rule);
    assert.equal(rule.kind, 'Scheduled');
    assert.equal(rule.type, 'Microsoft.SecurityInsights/alertRules');
    assert.match(
      rule.id,
      /^\/subscriptions\/0{8}-0{4}-0{4}-0{4}-0{12}\/resourceGroups\/local\/providers\/Microsoft\.OperationalInsights\/workspaces\/fixture-workspace\/providers\/Microsoft\.SecurityInsights\/alertRules\/48607a29-a26a-4abf-8078-a06dbdd174a4$/,
    );
    const p = rule.properties;
    assert.equal(p.displayName, 'Password spray attack against Microsoft Entra ID application');
    assert.match(String(p.description), /^Identifies evidence of password spray activity/);
    assert.match(String(p.description), /error-codes\.$/, 'the quotes of the content repository are dropped');
    assert.equal(p.severity, 'Medium');
    assert.equal(p.enabled, true);
    assert.equal(p.queryFrequency, 'P1D');
    assert.equal(p.queryPeriod, 'P7D');
    assert.equal(p.triggerOperator, 'GreaterThan');
    assert.equal(p.triggerThreshold, 0);
    assert.deepEqual(p.tactics, ['CredentialAccess']);
    assert.deepEqual(p.techniques, ['T1110']);
    assert.deepEqual(p.subTechniques, ['T1110.003']);
    assert.equal(p.alertRuleTemplateName, '48607a29-a26a-4abf-8078-a06dbdd174a4');
    assert.equal(p.templateVersion, '1.0.4');
    assert.match(String(p.query), /^let failureCodes = dynamic/);
    assert.deepEqual(p.entityMappings, [
      { entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: 'IPAddress' }] },
    ]);
    assert.deepEqual(p.customDetails, {
      FailedAccounts: 'FailedPrincipalCount',
      TargetApplication: 'AppDisplayName',
    });
    assert.deepEqual(p.eventGroupingSettings, { aggregationKind: 'AlertPerResult' });
    assert.equal(
      (p.alertDetailsOverride as Record<string, unknown>).alertDisplayNameFormat,
      'Password spray from {{IPAddress}} against {{AppDisplayName}}',
    );
    const grouping = (p.incidentConfiguration as { groupingConfiguration: Record<string, unknown> })
      .groupingConfiguration;
    assert.equal(grouping.lookbackDuration, 'PT5H');
    assert.equal(grouping.matchingMethod, 'Selected');
    assert.deepEqual(grouping.groupByEntities, ['IP']);
    assert.equal(p.lastModifiedUtc, '2024-06-01T12:00:00.000Z', 'the fixed time anchor');
    assert.equal(p.metadata, undefined, 'content-repository extras are not ARM properties');
  });

  it('NRT rules: no schedule or trigger; the version as written; enabled: false', () => {
    const rule = fixture.objects.alertRules.find((r) => r.name === '3c9d2e71-5a4b-4f08-b1c6-7e2d9f0a4b13');
    assert.ok(rule);
    assert.equal(rule.kind, 'NRT');
    assert.equal(rule.properties.enabled, false);
    assert.equal(rule.properties.templateVersion, '1.0');
    assert.equal(rule.properties.queryFrequency, undefined);
    assert.equal(rule.properties.triggerOperator, undefined);
    assert.deepEqual(rule.properties.techniques, []);
  });

  it('ARM JSON rules beside the YAML ones, kept as they are', () => {
    const rule = fixture.objects.alertRules.find((r) => r.name === 'e2b8f6a4-1d3c-4b7e-9f20-5a6b7c8d9e01');
    assert.equal(rule?.properties.displayName, 'Failed data export in the line-of-business app');
    assert.equal(rule?.etag, '"2a000c1f-0000-0100-0000-665b0b2c0000"');
    assert.match(String(rule?.id), /\/alertRules\/e2b8f6a4-/, 'an id is made up when the file has none');
  });

  it('templates from YAML, with the count of rules made from them', () => {
    const [template] = fixture.objects.alertRuleTemplates;
    assert.equal(template?.type, 'Microsoft.SecurityInsights/AlertRuleTemplates');
    assert.equal(template?.properties.version, '1.0.4');
    assert.equal(template?.properties.status, 'Available');
    assert.deepEqual(template?.properties.requiredDataConnectors, [
      { connectorId: 'AzureActiveDirectory', dataTypes: ['SigninLogs'] },
    ]);
    assert.deepEqual(template?.properties.techniques, ['T1110']);
    assert.deepEqual(template?.properties.subTechniques, ['T1110.003']);
    assert.equal(template?.properties.alertRulesCreatedByTemplateCount, 1);
    assert.equal(template?.properties.enabled, undefined);
  });

  it('hunting queries as saved searches of category "Hunting Queries" with tags', () => {
    const search = fixture.objects.savedSearches.find(
      (s) => s.name === '0a4c6e8f-2b1d-4c3e-8f5a-6b7c8d9e0f12',
    );
    assert.ok(search);
    assert.equal(search.type, 'Microsoft.OperationalInsights/savedSearches');
    assert.match(search.id, /\/workspaces\/fixture-workspace\/savedSearches\/0a4c6e8f-/);
    assert.equal(search.properties.category, 'Hunting Queries');
    assert.equal(search.properties.displayName, 'Sign-in failures by IP address');
    assert.match(String(search.properties.query), /^SigninLogs\n\| where ResultType != "0"/);
    assert.deepEqual(search.properties.tags, [
      {
        name: 'description',
        value:
          'Counts failed sign-ins per source IP address and the accounts they targeted, to spot password\nguessing from one address.',
      },
      { name: 'tactics', value: 'CredentialAccess,InitialAccess' },
      { name: 'techniques', value: 'T1110,T1078' },
    ]);
    const other = fixture.objects.savedSearches.find((s) => s.name === 'inventory-by-owner');
    assert.equal(other?.properties.category, 'Inventory');
  });

  it("durations: the content repository's form and ISO 8601, both ways", () => {
    assert.equal(toIsoDuration('5m'), 'PT5M');
    assert.equal(toIsoDuration('1h'), 'PT1H');
    assert.equal(toIsoDuration('1d'), 'P1D');
    assert.equal(toIsoDuration('14d'), 'P14D');
    assert.equal(toIsoDuration('90m'), 'PT1H30M');
    assert.equal(toIsoDuration('PT5M'), 'PT5M');
    assert.equal(toIsoDuration('P1DT2H'), 'P1DT2H');
    assert.equal(toIsoDuration('0m'), undefined);
    assert.equal(toIsoDuration('5 minutes'), undefined);
    assert.equal(toShortDuration('PT5M'), '5m');
    assert.equal(toShortDuration('P1D'), '1d');
    assert.equal(toShortDuration('PT1H30M'), '90m');
  });
});

describe('object folders: watchlists, JSON, incidents', () => {
  it('a watchlist from CSV with its YAML header, items named by a stable GUID', async () => {
    const watchlist = fixture.objects.watchlists.find((w) => w.name === 'HighValueAssets');
    assert.ok(watchlist);
    assert.equal(watchlist.type, 'Microsoft.SecurityInsights/Watchlists');
    assert.deepEqual(
      {
        displayName: watchlist.properties.displayName,
        description: watchlist.properties.description,
        provider: watchlist.properties.provider,
        itemsSearchKey: watchlist.properties.itemsSearchKey,
        source: watchlist.properties.source,
        labels: watchlist.properties.labels,
        watchlistAlias: watchlist.properties.watchlistAlias,
      },
      {
        displayName: 'High Value Assets',
        description: 'Servers whose compromise would hurt most.',
        provider: 'Custom',
        itemsSearchKey: 'Hostname',
        source: 'HighValueAssets.csv',
        labels: ['assets', 'servers'],
        watchlistAlias: 'HighValueAssets',
      },
    );
    const items = fixture.children.watchlistItems.HighValueAssets ?? [];
    assert.deepEqual(
      items.map((i) => i.properties.itemsKeyValue),
      [
        { Hostname: 'web01.example.com', Owner: 'ops', Criticality: 'High' },
        { Hostname: 'db01.example.com', Owner: 'dba', Criticality: 'Critical' },
      ],
    );
    assert.match(items[0]?.name ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(items[0]?.properties.watchlistItemId, items[0]?.name);
    assert.match(items[0]?.id ?? '', /\/watchlists\/HighValueAssets\/watchlistItems\/[0-9a-f-]{36}$/);
    const again = (await readWorkspaceFolder(FIXTURE_WORKSPACE)).objects.children.watchlistItems
      .HighValueAssets;
    assert.deepEqual(
      again?.map((i) => i.name),
      items.map((i) => i.name),
      'names are stable',
    );
  });

  it('a watchlist without header: the first column is the search key; quoted CSV fields', () => {
    const watchlist = fixture.objects.watchlists.find((w) => w.name === 'TrustedIPs');
    assert.equal(watchlist?.properties.itemsSearchKey, 'IPAddress');
    assert.equal(watchlist?.properties.displayName, 'TrustedIPs');
    assert.deepEqual(fixture.children.watchlistItems.TrustedIPs?.[0]?.properties.itemsKeyValue, {
      IPAddress: '198.51.100.7',
      Location: 'Lisbon office',
      'Notes, free text': 'VPN egress, shared',
    });
  });

  it('ARM JSON: one resource per file or a value list; incident children, entities as ARM returns them', () => {
    assert.deepEqual(
      fixture.objects.incidents.map((i) => i.properties.incidentNumber),
      [42, 41, 40],
    );
    const made = fixture.objects.incidents[1];
    assert.equal(made?.type, 'Microsoft.SecurityInsights/incidents');
    assert.match(made?.id ?? '', /\/incidents\/9b1e4d27-6c3a-4f85-a2d0-3e5f7a9b1c24$/);
    const spray = '7f3c1a52-2b8e-4d1f-9a60-0c4e5d6f7a81';
    assert.equal(fixture.children.incidentAlerts[spray]?.length, 1);
    assert.deepEqual(
      fixture.children.incidentEntities[spray]?.map((e) => e.kind),
      ['Ip', 'Account'],
    );
    assert.equal(fixture.children.incidentComments[spray]?.length, 2);
    assert.match(
      fixture.children.incidentComments[spray]?.[0]?.id ?? '',
      /\/incidents\/7f3c1a52-2b8e-4d1f-9a60-0c4e5d6f7a81\/comments\/8e9f0a1b-/,
    );
    assert.equal(fixture.children.incidentBookmarks[spray]?.length, 1);
    assert.equal(fixture.children.incidentRelations[spray]?.length, 1);
    assert.equal(fixture.objects.dataConnectors[0]?.kind, 'AzureActiveDirectory');
    assert.equal(fixture.objects.workbooks[0]?.location, 'westeurope', 'top-level fields kept');
    assert.equal(fixture.objects.summaryRules[0]?.name, 'SigninHourly');
    assert.equal(fixture.objects.dataCollectionRules[0]?.name, 'dcr-windows-security');
    assert.equal(fixture.objects.dataCollectionEndpoints[0]?.name, 'dce-westeurope');
    assert.equal(fixture.objects.metadata.length, 3);
    assert.equal(fixture.objects.mlAnalyticsSettings[0]?.kind, 'Anomaly');
    assert.equal(fixture.objects.tiIndicators.length, 5);
    assert.equal(fixture.objects.bookmarks[0]?.properties.notes, 'First failure from this address.');
    assert.deepEqual(fixture.tiMetrics, []);
  });

  it('reserves the object folders (tables are unaffected)', async () => {
    for (const f of [
      'rules',
      'templates',
      'hunting',
      'saved-searches',
      'watchlists',
      'incidents',
      'threat-intelligence',
    ])
      assert.ok((RESERVED_FOLDERS as readonly string[]).includes(f), f);
    const ws = await readWorkspaceFolder(FIXTURE_WORKSPACE);
    assert.deepEqual(ws.tables.map((t) => t.name).sort(), [
      'AppAudit_CL',
      'Heartbeat',
      'Inventory_CL',
      'SigninLogs',
    ]);
  });
});

describe('object folders: errors name the file and the field', () => {
  it('rules: invalid YAML, missing and wrong fields', async () => {
    await rejects(
      await folder({ 'rules/a.yaml': 'id: [unclosed\n' }),
      /rules\/a\.yaml is not valid YAML \(line 2, column 1\)/,
    );
    await rejects(
      await folder({ 'rules/a.yaml': RULE.replace('queryFrequency: 5m\n', '') }),
      /rules\/a\.yaml/,
      /queryFrequency is required for a Scheduled rule/,
    );
    await rejects(
      await folder({ 'rules/a.yaml': RULE.replace('query: SigninLogs | take 1\n', '') }),
      /rules\/a\.yaml is invalid: query/,
    );
    await rejects(
      await folder({ 'rules/sub/b.yml': RULE.replace('name: Test rule\n', '') }),
      /rules\/sub\/b\.yml is invalid: name/,
    );
    await rejects(
      await folder({ 'rules/a.yaml': RULE.replace('severity: High', 'severity: Severe') }),
      /severity: must be one of Informational, Low, Medium, High/,
    );
    await rejects(
      await folder({ 'rules/a.yaml': RULE.replace('queryPeriod: 1h', 'queryPeriod: 1 hour') }),
      /queryPeriod: "1 hour" is not a duration/,
    );
    await rejects(
      await folder({ 'rules/a.yaml': RULE.replace('triggerOperator: gt', 'triggerOperator: gte') }),
      /triggerOperator: must be gt, lt, eq or ne/,
    );
    await rejects(
      await folder({ 'rules/a.yaml': RULE.replace('[T1110]', '[T1110, Brute]') }),
      /relevantTechniques\.1: is not a MITRE ATT&CK technique id/,
    );
    await rejects(
      await folder({ 'rules/a.yaml': RULE.replace('kind: Scheduled', 'kind: Fusion') }),
      /kind: must be Scheduled or NRT/,
    );
    await rejects(
      await folder({ 'rules/a.yaml': RULE.replace('id: 11111111-2222-4333-8444-555555555555', 'id: a/b') }),
      /id: must be 1-260 characters/,
    );
    await rejects(await folder({ 'rules/a.yaml': '- just\n- a list\n' }), /rules\/a\.yaml is not a rule/);
    await rejects(await folder({ 'rules/a.xml': '<rule/>' }), /rules\/a\.xml: unknown file type/);
    await rejects(
      await folder({
        'rules/a.yaml': RULE,
        'rules/b.yaml': RULE.replace('11111111-2222', '11111111-2222').replace(
          'name: Test rule',
          'name: Other',
        ),
      }),
      /rules\/b\.yaml: analytics rule "11111111-2222-4333-8444-555555555555" is also defined in rules\/a\.yaml/,
    );
  });

  it('hunting queries', async () => {
    await rejects(
      await folder({ 'hunting/h.yaml': 'id: 1\nquery: T\n' }),
      /hunting\/h\.yaml is invalid: name/,
    );
    await rejects(await folder({ 'hunting/h.json': '{}' }), /hunting\/h\.json: unknown file type/);
  });

  it('watchlists', async () => {
    const csv = 'Host,Owner\na,b\n';
    await rejects(
      await folder({ 'watchlists/W.csv': csv, 'watchlists/W.yaml': 'displayName: x\nsearchKey: Host\n' }),
      /watchlists\/W\.yaml is invalid/,
      /searchKey/,
    );
    await rejects(
      await folder({ 'watchlists/W.yaml': 'displayName: x\n' }),
      /watchlists\/W\.yaml has no W\.csv beside it/,
    );
    await rejects(
      await folder({ 'watchlists/W.csv': 'Host,Owner\na,b,c\n' }),
      /watchlists\/W\.csv: line 2 has 3 fields, the header 2/,
    );
    await rejects(await folder({ 'watchlists/W.csv': 'Host,Host\na,b\n' }), /column "Host" appears twice/);
    await rejects(await folder({ 'watchlists/W.csv': 'Host,\na,b\n' }), /column 2 of the header has no name/);
    await rejects(await folder({ 'watchlists/W.csv': '' }), /watchlists\/W\.csv has no header row/);
    await rejects(
      await folder({ 'watchlists/W.csv': csv, 'watchlists/W.yaml': 'itemsSearchKey: Name\n' }),
      /itemsSearchKey "Name" is not a column \(columns: Host, Owner\)/,
    );
    await rejects(
      await folder({ 'watchlists/bad alias.csv': csv }),
      /"bad alias" is not a valid watchlist alias/,
    );
    await rejects(await folder({ 'watchlists/W.xlsx': '' }), /unknown file type/);
    await rejects(
      await folder({ 'watchlists/W.csv': 'Host\n"open\n' }),
      /watchlists\/W\.csv: The CSV has an unclosed quoted field/,
    );
  });

  it('ARM JSON folders and incident children', async () => {
    await rejects(
      await folder({ 'connectors/c.json': '{"name": ' }),
      /connectors\/c\.json is not valid JSON/,
    );
    await rejects(
      await folder({ 'connectors/c.json': '{"properties": {}}' }),
      /connectors\/c\.json has no valid "name"/,
    );
    await rejects(
      await folder({ 'connectors/c.json': '{"value": [{"name": "a", "properties": {}}, {"name": "b"}]}' }),
      /connectors\/c\.json value\[1\] has no "properties" object/,
    );
    await rejects(
      await folder({ 'workbooks/w.json': '"text"' }),
      /workbooks\/w\.json is not an ARM resource/,
    );
    await rejects(
      await folder({ 'metadata/m.yaml': 'a: 1\n' }),
      /metadata\/m\.yaml: unknown file type \(expected \.json\)/,
    );
    await rejects(await folder({ 'dcr/sub/x.json': '{}' }), /dcr\/sub: subfolders of dcr\/ are not read/);
    await rejects(
      await folder({
        'bookmarks/a.json': '{"name": "B1", "properties": {}}',
        'bookmarks/b.json': '{"name": "b1", "properties": {}}',
      }),
      /bookmarks\/b\.json: bookmark "b1" is also defined in bookmarks\/a\.json/,
    );
    await rejects(
      await folder({ 'incidents/abc/alerts.json': '{"value": []}' }),
      /incidents\/abc\/ belongs to no incident/,
    );
    await rejects(
      await folder({
        'incidents/i.json': '{"name": "abc", "properties": {}}',
        'incidents/abc/notes.json': '{"value": []}',
      }),
      /incidents\/abc\/notes\.json: unknown file \(expected alerts\.json, entities\.json, comments\.json, bookmarks\.json, relations\.json\)/,
    );
    await rejects(await folder({ rules: 'not a folder' }), /rules is not a folder/);
  });

  it('refuses object files that resolve outside the folder', async () => {
    const outside = await folder({ 'secret.json': '{"name": "x", "properties": {}}' });
    const dir = await folder({ 'connectors/.keep': '' });
    await symlink(path.join(outside, 'secret.json'), path.join(dir, 'connectors', 'secret.json'));
    await rejects(dir, /outside the workspace folder/);
    const linkedFolder = await folder({});
    await mkdir(path.join(outside, 'rules'));
    await symlink(path.join(outside, 'rules'), path.join(linkedFolder, 'rules'));
    await rejects(linkedFolder, /outside the workspace folder/);
  });
});

describe('object folders: writing a set back', () => {
  it("round-trips the fixture's objects through writeObjectFolders, in the same order", async () => {
    const dir = await folder({
      'workspace.yaml': 'name: fixture-workspace\ntimeAnchor: 2024-06-01T12:00:00Z\n',
    });
    await writeObjectFolders(fixture, dir);
    const back = (await readWorkspaceFolder(dir)).objects;
    assert.deepEqual(back, fixture);
    const rules = JSON.parse(await readFile(path.join(dir, 'rules', 'alert-rules.json'), 'utf8')) as {
      value: { name: string; properties: { queryFrequency?: string } }[];
    };
    assert.deepEqual(
      rules.value.map((r) => r.name),
      fixture.objects.alertRules.map((r) => r.name),
      'rules are written as one ARM JSON list',
    );
    assert.equal(rules.value[2]?.properties.queryFrequency, 'P1D');
    const csv = await readFile(path.join(dir, 'watchlists', 'TrustedIPs.csv'), 'utf8');
    assert.equal(
      csv,
      'IPAddress,Location,"Notes, free text"\n198.51.100.7,Lisbon office,"VPN egress, shared"\n',
    );
    const header = await readFile(path.join(dir, 'watchlists', 'HighValueAssets.yaml'), 'utf8');
    assert.match(header, /^displayName: High Value Assets$/m);
    assert.match(header, /^itemsSearchKey: Hostname$/m);
  });
});
