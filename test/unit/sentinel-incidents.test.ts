// Incident and alert mapping (src/sentinel/incidents.ts, alerts.ts) over the official REST example
// bodies, as wire JSON and as the Azure SDK hands them (dates as Date objects); the OData filter of
// incident listings, including caller values that try to break out of their literal.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ArmObject, ArmResource } from '../../src/backends/objects.js';
import { alertDetail, alertListQuery, listOf, parseJsonCell } from '../../src/sentinel/alerts.js';
import { flatten } from '../../src/sentinel/arm.js';
import {
  incidentAlert,
  incidentBookmark,
  incidentComment,
  incidentDetail,
  incidentEntity,
  incidentFilter,
  incidentRelation,
  incidentRow,
} from '../../src/sentinel/incidents.js';
import { matchesFilter, parseFilter, serializeFilter } from '../../src/util/odata.js';
import { SHARED } from '../helpers/mcp.js';

const SPECS = join(SHARED, 'data', 'azure-specs', 'securityinsights');

function body(file: string): Record<string, unknown> {
  const json = JSON.parse(readFileSync(join(SPECS, file), 'utf8')) as {
    responses: Record<string, { body: Record<string, unknown> }>;
  };
  return (json.responses['200'] ?? json.responses['201'])!.body;
}

function values(file: string, key = 'value'): ArmResource[] {
  return body(file)[key] as ArmResource[];
}

/** The SDK's shape: the same object with date-time strings turned into Date objects. */
function sdkShaped(o: ArmObject, dateKeys: string[]): ArmObject {
  const copy: ArmObject = { ...o };
  for (const k of dateKeys) if (typeof copy[k] === 'string') copy[k] = new Date(copy[k] as string);
  return copy;
}

const INCIDENT_DATES = [
  'createdTimeUtc',
  'lastModifiedTimeUtc',
  'firstActivityTimeUtc',
  'lastActivityTimeUtc',
];

test('incident example: the row and the full object keep every field we show, from wire JSON and SDK models', () => {
  const wire = flatten(body('GetIncidentById.json') as ArmResource);
  for (const o of [wire, sdkShaped(wire, INCIDENT_DATES)]) {
    const row = incidentRow(o);
    assert.deepEqual(row, {
      number: 3177,
      id: '73e01a99-5cd7-4139-a149-9f2736ff2ab5',
      title: 'My incident',
      severity: 'High',
      status: 'Closed',
      owner: 'john doe',
      created: '2019-01-01T13:15:30.000Z',
      last_modified: '2019-01-01T13:15:30.000Z',
      alerts: 0,
      tactics: ['InitialAccess', 'Persistence'],
      classification: 'FalsePositive',
    });
    const d = incidentDetail(o);
    assert.equal(d.description, 'This is a demo incident');
    assert.equal(d.classification_reason, 'InaccurateData');
    assert.equal(d.classification_comment, 'Not a malicious activity');
    assert.deepEqual(d.owner, {
      name: 'john doe',
      user_principal_name: 'john@contoso.com',
      email: 'john.doe@contoso.com',
      object_id: '2046feea-040d-4a46-9e2b-91c2941bfa70',
      type: null,
    });
    assert.deepEqual(d.related_rule_ids, ['fab3d2d4-747f-46a7-8ef0-9c0be8112bf7']);
    assert.equal(d.first_activity, '2019-01-01T13:00:30.000Z');
    assert.equal(d.last_activity, '2019-01-01T13:05:30.000Z');
    assert.equal(d.comments_count, 3);
    assert.equal(d.provider_incident_id, '3177');
    assert.match(d.incident_url ?? '', /^https:\/\/portal\.azure\.com\/.*73e01a99/);
  }
  const list = values('GetIncidents.json').map((r) => incidentRow(flatten(r)));
  assert.equal(list.length, 1);
  assert.equal(list[0]!.number, 3177);
});

test('incident children examples: alerts, entities, comments, bookmarks, relations', () => {
  const alert = flatten(values('GetAllIncidentAlerts.json')[0]!);
  for (const o of [
    alert,
    sdkShaped(alert, ['timeGenerated', 'startTimeUtc', 'endTimeUtc', 'processingEndTime']),
  ]) {
    const a = incidentAlert(o);
    assert.equal(a.system_alert_id, 'baa8a239-6fde-4ab7-a093-d09f7b75c58c');
    assert.equal(a.name, 'myAlert');
    assert.equal(a.severity, 'Low');
    assert.equal(a.status, 'New');
    assert.equal(a.product_name, 'Azure Security Center');
    assert.equal(a.time_generated, '2020-07-20T18:21:53.615Z');
  }
  const entities = (body('GetAllIncidentEntities.json')['entities'] as ArmResource[]).map((e) =>
    incidentEntity(flatten(e)),
  );
  assert.deepEqual(entities, [
    {
      kind: 'Account',
      id: 'e1d3d618-e11f-478b-98e3-bb381539a8e1',
      friendly_name: 'administrator',
      properties: { accountName: 'administrator', ntDomain: 'domain' },
    },
  ]);
  const comment = incidentComment(flatten(values('GetAllIncidentComments.json')[0]!));
  assert.deepEqual(comment, {
    id: '4bb36b7b-26ff-4d1c-9cbe-0d8ab3da0014',
    created: '2019-01-01T13:15:30.000Z',
    author: 'john doe',
    message: 'Some message',
  });
  const bookmarks = values('GetAllIncidentBookmarks.json').map((b) => incidentBookmark(flatten(b)));
  assert.equal(bookmarks.length, 2);
  assert.equal(bookmarks[0]!.display_name, 'SecurityEvent - 868f40f4698d');
  assert.equal(bookmarks[0]!.created_by, 'user');
  assert.equal(bookmarks[0]!.query, 'SecurityEvent\r\n| take 1\n');
  const relations = values('GetAllIncidentRelations.json').map((r) => incidentRelation(flatten(r)));
  assert.deepEqual(
    relations.map((r) => [r.related_resource_type, r.related_resource_kind, r.related_resource_name]),
    [
      ['Microsoft.SecurityInsights/bookmarks', null, '2216d0e1-91e3-4902-89fd-d2df8c535096'],
      ['Microsoft.SecurityInsights/entities', 'SecurityAlert', '1dd267cd-8a1f-4f6f-b92c-da43ac8819af'],
    ],
  );
});

const INCIDENT = body('GetIncidentById.json');

test('incident filter: parameters become one tree; serialize-then-parse gives it back; it selects the example', () => {
  const filter = incidentFilter({
    status: ['Closed', 'New'],
    severity: ['High'],
    owner: 'john@contoso.com',
    createdAfter: new Date('2019-01-01T00:00:00Z'),
    createdBefore: new Date('2019-01-02T00:00:00Z'),
    search: 'my INC',
  })!;
  const text = serializeFilter(filter);
  assert.match(text, /properties\/status eq 'Closed'/);
  assert.match(text, /contains\(properties\/title,'my INC'\)/);
  assert.match(text, /properties\/createdTimeUtc ge 2019-01-01T00:00:00.000Z/);
  assert.deepEqual(parseFilter(text), parseFilter(serializeFilter(parseFilter(text))));
  assert.equal(matchesFilter(filter, INCIDENT), true);
  assert.equal(matchesFilter(incidentFilter({ status: ['New', 'Active'] })!, INCIDENT), false);
  assert.equal(matchesFilter(incidentFilter({ owner: 'john doe' })!, INCIDENT), true);
  assert.equal(matchesFilter(incidentFilter({ owner: 'unassigned' })!, INCIDENT), false);
  assert.equal(
    matchesFilter(incidentFilter({ owner: 'unassigned' })!, { properties: { owner: { objectId: null } } }),
    true,
  );
  assert.equal(incidentFilter({}), undefined);
});

test('incident filter: injection attempts stay literals and match nothing', () => {
  for (const hostile of [
    "x' or 1 eq 1",
    "') or contains(properties/title,'",
    "' or properties/status ne 'x",
    "My incident') or (properties/severity eq 'High",
  ]) {
    for (const params of [{ search: hostile }, { owner: hostile }]) {
      const filter = incidentFilter(params)!;
      const text = serializeFilter(filter);
      const parsed = parseFilter(text);
      assert.deepEqual(parsed, parseFilter(serializeFilter(filter)));
      // Still a single title contains (or the owner OR of three eq), carrying the value unchanged.
      if ('search' in params)
        assert.deepEqual(parsed, { op: 'contains', path: 'properties/title', value: hostile });
      else {
        assert.equal(parsed.op, 'or');
        assert.ok('args' in parsed && parsed.args.every((a) => 'value' in a && a.value === hostile));
      }
      assert.equal(matchesFilter(parsed, INCIDENT), false, `${JSON.stringify(params)} matched`);
    }
  }
});

test('alert listing query: caller values only as string literals; rows map with lists and JSON parsed', () => {
  const q = alertListQuery(
    { search: 'x" or 1==1 //', entity: 'a\\"b', product: 'p', tactic: 'InitialAccess', incidentNumber: 1048 },
    26,
  );
  assert.match(q, /AlertName contains "x\\" or 1==1 \/\/"/);
  assert.match(q, /Entities contains "a\\\\\\"b"/);
  assert.match(q, /IncidentNumber == long\(1048\)/);
  assert.match(q, /take long\(26\)/);
  assert.match(
    q,
    /summarize arg_max\(TimeGenerated, \*\), FirstSeen = min\(TimeGenerated\) by SystemAlertId/,
  );
  assert.deepEqual(listOf('CredentialAccess, InitialAccess'), ['CredentialAccess', 'InitialAccess']);
  assert.deepEqual(listOf('["a","b"]'), ['a', 'b']);
  assert.deepEqual(parseJsonCell('{"a":1}'), { a: 1 });
  const d = alertDetail(
    {
      SystemAlertId: '11111111-1111-1111-1111-111111111111',
      AlertName: 'A',
      Entities: '[{"$id":"2","Address":"1.2.3.4","Type":"ip"}]',
      ExtendedProperties: '{"Analytic Rule Ids":"[\\"r1\\"]","Query Period":"01:00:00"}',
      RemediationSteps: '["Do this."]',
      Tactics: 'InitialAccess',
      SubTechniques: 'T1078.004',
    },
    [{ IncidentNumber: 1048, IncidentName: 'i', Title: 't', Severity: 'High', Status: 'New' }],
  );
  assert.deepEqual(d.entities, [{ Address: '1.2.3.4', Type: 'ip' }]);
  assert.deepEqual(d.analytics_rule_ids, ['r1']);
  assert.deepEqual(d.remediation_steps, ['Do this.']);
  assert.deepEqual(d.sub_techniques, ['T1078.004']);
  assert.deepEqual(d.incidents, [{ number: 1048, id: 'i', title: 't', severity: 'High', status: 'New' }]);
});
