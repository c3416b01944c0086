// Analytics rule and template mapping (src/sentinel/analytics.ts) over the official REST example bodies,
// filters and counts; the pure parts of the rule test (src/sentinel/rule-test.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ArmObject, ArmResource } from '../../src/backends/objects.js';
import {
  countBy,
  matchesRule,
  ruleDetail,
  ruleRow,
  templateDetail,
  templateRow,
} from '../../src/sentinel/analytics.js';
import { flatten } from '../../src/sentinel/arm.js';
import {
  alertsOf,
  distinctAlerts,
  evaluationTimes,
  fires,
  formatWith,
  parseRuleDuration,
  pinNow,
  stableRows,
  type RuleSpec,
} from '../../src/sentinel/rule-test.js';
import { ToolError } from '../../src/util/errors.js';
import { SHARED } from '../helpers/mcp.js';

const SPECS = join(SHARED, 'data', 'azure-specs', 'securityinsights');

function body(file: string): Record<string, unknown> {
  const json = JSON.parse(readFileSync(join(SPECS, file), 'utf8')) as {
    responses: Record<string, { body: Record<string, unknown> }>;
  };
  return json.responses['200']!.body;
}

const RULES = (body('GetAllAlertRules.json')['value'] as ArmResource[]).map(flatten);
const TEMPLATES = (body('GetAlertRuleTemplates.json')['value'] as ArmResource[]).map(flatten);

test('rule examples: rows of every kind; the scheduled rule in full, from wire JSON and with Date fields', () => {
  assert.deepEqual(
    RULES.map((r) => [ruleRow(r).kind, ruleRow(r).display_name, ruleRow(r).enabled]),
    [
      ['Scheduled', 'My scheduled rule', true],
      ['MicrosoftSecurityIncidentCreation', 'testing displayname', true],
      ['Fusion', 'Advanced Multi-Stage Attack Detection', false],
    ],
  );
  const wire = flatten(body('GetScheduledAlertRule.json') as ArmResource);
  const sdk: ArmObject = { ...wire, lastModifiedUtc: new Date(wire['lastModifiedUtc'] as string) };
  for (const o of [wire, sdk]) {
    const row = ruleRow(o);
    assert.equal(row.frequency, 'PT1H');
    assert.equal(row.period, 'P2DT1H30M');
    assert.equal(row.last_modified, '2019-01-01T13:15:30.000Z');
    assert.deepEqual(row.tactics, ['Persistence', 'LateralMovement']);
    const d = ruleDetail(o);
    assert.equal(d.query, 'Heartbeat');
    assert.equal(d.trigger_operator, 'GreaterThan');
    assert.equal(d.trigger_threshold, 0);
    assert.equal(d.event_grouping, 'AlertPerResult');
    assert.deepEqual(d.entity_mappings, [
      { entity_type: 'Host', field_mappings: [{ identifier: 'FullName', column_name: 'Computer' }] },
      { entity_type: 'IP', field_mappings: [{ identifier: 'Address', column_name: 'ComputerIP' }] },
    ]);
    assert.deepEqual(d.custom_details, { OperatingSystemName: 'OSName', OperatingSystemType: 'OSType' });
    assert.equal(d.alert_details_override?.display_name_format, 'Alert from {{Computer}}');
    assert.equal(d.incident_configuration?.lookback_duration, 'PT5H');
    assert.deepEqual(d.incident_configuration?.group_by_custom_details, [
      'OperatingSystemType',
      'OperatingSystemName',
    ]);
  }
  const msic = ruleDetail(RULES[1]!);
  assert.equal(msic.product_filter, 'Microsoft Cloud App Security');
});

test('template examples: rows and the full template', () => {
  const rows = TEMPLATES.map(templateRow);
  assert.deepEqual(
    rows.map((r) => [r.kind, r.status, r.data_types]),
    [
      ['Scheduled', 'Available', ['AWSCloudTrail']],
      ['Fusion', 'Available', []],
      ['MicrosoftSecurityIncidentCreation', 'Available', []],
    ],
  );
  assert.equal(rows[0]!.last_updated, '2021-02-27T10:00:00.000Z');
  const d = templateDetail(flatten(body('GetAlertRuleTemplateById.json') as ArmResource));
  assert.equal(d.version, '1.0.2');
  assert.match(d.query ?? '', /^let timeframe = 1d;\nAWSCloudTrail/);
  assert.deepEqual(d.required_data_connectors, [{ connector_id: 'AWS', data_types: ['AWSCloudTrail'] }]);
  assert.equal(d.entity_mappings.length, 2);
  assert.equal(d.created, '2019-02-27T00:00:00.000Z');
});

const withTechniques = (name: string, techniques: string[], subTechniques: string[], tactics: string[]) =>
  ({
    name,
    displayName: name,
    kind: 'Scheduled',
    enabled: true,
    severity: 'High',
    techniques,
    subTechniques,
    tactics,
  }) as ArmObject;

test('filters: technique T1110 matches T1110 and its sub-techniques; T1110.003 only itself', () => {
  const a = withTechniques('a', ['T1110'], [], ['CredentialAccess']);
  const b = withTechniques('b', [], ['T1110.003'], ['CredentialAccess']);
  const c = withTechniques('c', ['T1078'], ['T1078.004'], ['InitialAccess']);
  const pick = (f: Parameters<typeof matchesRule>[1]) =>
    [a, b, c].filter((o) => matchesRule(o, f)).map((o) => o.name);
  assert.deepEqual(pick({ technique: 'T1110' }), ['a', 'b']);
  assert.deepEqual(pick({ technique: 't1110.003' }), ['b']);
  assert.deepEqual(pick({ technique: 'T111' }), []);
  assert.deepEqual(pick({ tactic: 'initialaccess' }), ['c']);
  assert.deepEqual(pick({ kind: ['Fusion'] }), []);
  assert.deepEqual(pick({ search: 'B' }), ['b']);
  assert.deepEqual(
    RULES.filter((o) => matchesRule(o, { enabled: false })).map((o) => o.kind),
    ['Fusion'],
  );
});

test('counts by tactic and technique: sub-techniques under their parent, once per rule', () => {
  const objects = [
    withTechniques('a', ['T1110'], ['T1110.003', 'T1110.001'], ['CredentialAccess']),
    withTechniques('b', [], ['T1110.003'], ['CredentialAccess', 'InitialAccess']),
    withTechniques('c', ['T1078'], [], ['InitialAccess']),
    withTechniques('d', [], [], []),
  ];
  assert.deepEqual(countBy(objects, 'technique'), {
    counts: [
      {
        name: 'T1110',
        count: 2,
        sub_techniques: [
          { name: 'T1110.003', count: 2 },
          { name: 'T1110.001', count: 1 },
        ],
      },
      { name: 'T1078', count: 1, sub_techniques: [] },
    ],
    without: 1,
  });
  const byTactic = countBy(objects, 'tactic');
  assert.deepEqual(
    byTactic.counts.map((c) => [c.name, c.count]),
    [
      ['CredentialAccess', 2],
      ['InitialAccess', 2],
    ],
  );
  assert.equal(byTactic.without, 1);
  // The examples: the Fusion rule and the scheduled rule share Persistence and LateralMovement.
  assert.deepEqual(
    countBy(RULES, 'tactic')
      .counts.slice(0, 2)
      .map((c) => [c.name, c.count]),
    [
      ['LateralMovement', 2],
      ['Persistence', 2],
    ],
  );
});

test('rule test: durations, evaluation times and their cap, trigger operators', () => {
  assert.equal(parseRuleDuration('PT1H', 'f'), 3_600_000);
  assert.equal(parseRuleDuration('5m', 'f'), 300_000);
  assert.equal(parseRuleDuration('1d', 'f'), 86_400_000);
  assert.throws(
    () => parseRuleDuration('soon', 'f'),
    (e: unknown) => e instanceof ToolError && e.code === 'INVALID_ARGUMENT',
  );
  const end = new Date('2024-05-01T12:00:00Z');
  assert.deepEqual(
    evaluationTimes(new Date('2024-05-01T09:30:00Z'), end, 3_600_000).map((d) => d.toISOString()),
    ['2024-05-01T10:00:00.000Z', '2024-05-01T11:00:00.000Z', '2024-05-01T12:00:00.000Z'],
  );
  assert.equal(evaluationTimes(end, end, 3_600_000).length, 1);
  assert.equal(evaluationTimes(new Date(end.getTime() - 49 * 3_600_000), end, 3_600_000).length, 50);
  assert.throws(
    () => evaluationTimes(new Date(end.getTime() - 50 * 3_600_000), end, 3_600_000),
    (e: unknown) =>
      e instanceof ToolError && e.code === 'INVALID_ARGUMENT' && /51 evaluations/.test(e.message),
  );
  assert.equal(fires(1, 'GreaterThan', 0), true);
  assert.equal(fires(0, 'GreaterThan', 0), false);
  assert.equal(fires(0, 'LessThan', 1), true);
  assert.equal(fires(3, 'Equal', 3), true);
  assert.equal(fires(3, 'NotEqual', 3), false);
});

test('rule test: now() and ago() are pinned to the evaluation time, not inside strings or comments', () => {
  const at = new Date('2024-05-01T12:00:00Z');
  const { query, pinned } = pinNow(
    'let w = ago(1h); // ago(2h) now()\nT | where TimeGenerated > ago(w2) and X == "ago(3h)" | extend n = now(), m = now(-1d), k = bin(ago(max_of(1h, totimespan(now() - ago(1d)))), 1h), y = myago(1h)',
    at,
  );
  const d = 'datetime(2024-05-01T12:00:00.000Z)';
  assert.equal(
    query,
    `let w = (${d} - (1h)); // ago(2h) now()\nT | where TimeGenerated > (${d} - (w2)) and X == "ago(3h)" | extend n = ${d}, m = (${d} + (-1d)), k = bin((${d} - (max_of(1h, totimespan(${d} - (${d} - (1d)))))), 1h), y = myago(1h)`,
  );
  assert.equal(pinned, 7);
});

const SPEC: RuleSpec = {
  source: 'inline',
  id: null,
  displayName: 'Spray',
  kind: 'Scheduled',
  query: 'T',
  frequencyMs: 3_600_000,
  periodMs: 3_600_000,
  triggerOperator: 'GreaterThan',
  triggerThreshold: 0,
  aggregation: 'SingleAlert',
  severity: 'Medium',
  tactics: ['CredentialAccess'],
  techniques: [],
  description: 'd',
  entityMappings: [
    { entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: 'IPAddress' }] },
    { entityType: 'Account', fieldMappings: [{ identifier: 'FullName', columnName: 'User' }] },
  ],
  customDetails: { Accounts: 'Count' },
  displayNameFormat: 'Spray from {{IPAddress}} ({{Missing}})',
  descriptionFormat: null,
  tacticsColumn: null,
  severityColumn: 'Sev',
};

test('rule test: grouping, name format, entity mappings (deduplicated), severity override, custom details', () => {
  const columns = [
    { name: 'IPAddress', type: 'string' as const },
    { name: 'User', type: 'string' as const },
    { name: 'Count', type: 'long' as const },
    { name: 'Sev', type: 'string' as const },
  ];
  const rows = [
    ['1.2.3.4', 'a@x.com', 5, 'high'],
    ['1.2.3.4', '', 7, 'Low'],
    ['5.6.7.8', 'b@x.com', 5, 'bogus'],
  ];
  const single = alertsOf(SPEC, columns, rows);
  assert.equal(single.alerts.length, 1);
  const a = single.alerts[0]!;
  assert.equal(a.display_name, 'Spray from 1.2.3.4 ({{Missing}})');
  assert.equal(a.severity, 'High');
  assert.deepEqual(a.entities, [
    { type: 'IP', identifiers: { Address: '1.2.3.4' } },
    { type: 'Account', identifiers: { FullName: 'a@x.com' } },
    { type: 'IP', identifiers: { Address: '5.6.7.8' } },
    { type: 'Account', identifiers: { FullName: 'b@x.com' } },
  ]);
  assert.deepEqual(a.custom_details, { Accounts: ['5', '7'] });
  assert.equal(a.rows, 3);
  const per = alertsOf({ ...SPEC, aggregation: 'AlertPerResult' }, columns, rows);
  assert.deepEqual(
    per.alerts.map((x) => [x.display_name, x.severity, x.entities.length]),
    [
      ['Spray from 1.2.3.4 ({{Missing}})', 'High', 2],
      ['Spray from 1.2.3.4 ({{Missing}})', 'Low', 1],
      ['Spray from 5.6.7.8 ({{Missing}})', 'Medium', 2],
    ],
  );
  const distinct = distinctAlerts([
    { time: '2024-05-01T12:00:00.000Z', alerts: per.alerts },
    { time: '2024-05-01T11:00:00.000Z', alerts: per.alerts.slice(0, 1) },
  ]);
  assert.equal(distinct.length, 3);
  assert.deepEqual(
    [distinct[0]!.first_evaluation, distinct[0]!.last_evaluation, distinct[0]!.evaluations],
    ['2024-05-01T11:00:00.000Z', '2024-05-01T12:00:00.000Z', 2],
  );
  assert.equal(formatWith('{{ A }}-{{B}}', { A: 1, B: null }), '1-');
});

test('rows come in a stable order unless the query orders them', () => {
  const rows = [
    ['b', 2],
    ['a', 1],
    ['c', 3],
  ];
  const shuffled = [rows[2]!, rows[0]!, rows[1]!];
  assert.deepEqual(
    stableRows('T | summarize count() by x', rows),
    stableRows('T | summarize count() by x', shuffled),
  );
  assert.deepEqual(stableRows('T | order by x desc', shuffled), shuffled);
  assert.deepEqual(stableRows('T | top 3 by x', shuffled), shuffled);
});
