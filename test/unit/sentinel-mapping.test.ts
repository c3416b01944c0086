// The official REST example bodies (../shared/data/azure-specs/) map into our rows and details without
// losing the fields we show, whether they come as wire JSON (flattened) or as the Azure SDK's models
// (dates as Date objects).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ArmObject, ArmResource } from '../../src/backends/objects.js';
import { flatten } from '../../src/sentinel/arm.js';
import { connectorDetail, connectorRow } from '../../src/sentinel/connectors.js';
import { metadataDetail, metadataRow, mlSettingDetail, mlSettingRow } from '../../src/sentinel/content.js';
import { dceDetail, dceRow, dcrDetail, dcrRow, endpointsUsed, sendsTo } from '../../src/sentinel/dcr.js';
import {
  hasAnyTactic,
  hasAnyTechnique,
  huntingDetail,
  isHuntingQuery,
  savedSearchDetail,
  savedSearchFacts,
  savedSearchRow,
} from '../../src/sentinel/hunting.js';
import { repositoryDetail, repositoryRow } from '../../src/sentinel/repositories.js';
import { summaryRuleDetail, summaryRuleRow } from '../../src/sentinel/summary.js';
import { indicatorDetail, indicatorRow, patternValue, tiMetrics } from '../../src/sentinel/threatintel.js';
import {
  watchlistDetail,
  watchlistItemDetail,
  watchlistItemRow,
  watchlistRow,
} from '../../src/sentinel/watchlists.js';
import { summarizeWorkbook, workbookDetail, workbookRow } from '../../src/sentinel/workbooks.js';
import { SHARED } from '../helpers/mcp.js';

const SPECS = join(SHARED, 'data', 'azure-specs');

interface Example {
  responses: { '200': { body: ArmResource | { value: ArmResource[] } } };
}

function body(path: string): unknown {
  return (JSON.parse(readFileSync(join(SPECS, path), 'utf8')) as Example).responses['200'].body;
}

/** The example's resources (a list's `value`, or the one body), flattened as the local store does. */
function wire(path: string): ArmObject[] {
  const b = body(path) as { value?: ArmResource[] } & ArmResource;
  return (b.value ?? [b]).map(flatten);
}

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** The SDK's shape of the same object: date-time strings deserialized into Date objects. */
function sdk<T>(value: T): T {
  if (typeof value === 'string' && ISO.test(value)) return new Date(value) as unknown as T;
  if (Array.isArray(value)) return value.map(sdk) as unknown as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sdk(v)])) as T;
  }
  return value;
}

/** Maps both shapes and checks they agree; returns the wire mapping. */
function both<R>(objects: ArmObject[], map: (o: ArmObject) => R): R[] {
  const fromWire = objects.map(map);
  const fromSdk = objects.map((o) => map(sdk(o)));
  assert.deepEqual(fromSdk, fromWire, 'SDK models (Date objects) map like wire JSON');
  return fromWire;
}

describe('saved searches and hunting queries', () => {
  const objects = wire('operationalinsights/SavedSearchesListByWorkspace.json');

  test('PascalCase properties of the example are read', () => {
    const [row] = both(objects, savedSearchRow);
    assert.deepEqual(row, {
      id: 'test-new-saved-search-id-2015',
      display_name: 'Create or Update Saved Search Test',
      category: 'Saved Search Test Category',
      function_alias: null,
      query: '* | measure Count() by Computer',
    });
    const [detail] = both(objects, savedSearchDetail);
    assert.equal(detail?.version, 1);
    assert.deepEqual(detail?.tags, [{ name: 'Group', value: 'Computer' }]);
    assert.equal(isHuntingQuery(objects[0]!), false);
  });

  test('a hunting query as Sentinel stores it (camelCase, tags with comma-separated values)', () => {
    const hunting: ArmObject = {
      id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.OperationalInsights/workspaces/w/savedSearches/abc',
      name: 'abc',
      category: 'hunting queries',
      displayName: 'Rare sign-in countries',
      query: 'SigninLogs | summarize count() by Location',
      version: 2,
      tags: [
        { name: 'description', value: 'Sign-ins from countries seen once' },
        { name: 'tactics', value: 'InitialAccess, CredentialAccess' },
        { name: 'techniques', value: 'T1078.004,T1110' },
      ],
    };
    assert.equal(isHuntingQuery(hunting), true);
    const [d] = both([hunting], huntingDetail);
    assert.equal(d?.description, 'Sign-ins from countries seen once');
    assert.deepEqual(d?.tactics, ['InitialAccess', 'CredentialAccess']);
    assert.deepEqual(d?.techniques, ['T1078.004', 'T1110']);
    const f = savedSearchFacts(hunting);
    assert.ok(hasAnyTactic(f, ['Initial Access']));
    assert.ok(!hasAnyTactic(f, ['Persistence']));
    assert.ok(hasAnyTechnique(f, ['T1078']), 'a technique matches its sub-techniques');
    assert.ok(!hasAnyTechnique(f, ['T1078.001']));
    assert.ok(!hasAnyTechnique(f, ['T107']), 'no prefix matching inside an id');
  });
});

describe('watchlists', () => {
  test('list and get examples', () => {
    const [row] = both(wire('securityinsights/GetWatchlists.json'), watchlistRow);
    assert.deepEqual(row, {
      alias: 'highValueAsset',
      display_name: 'High Value Assets Watchlist',
      provider: 'Microsoft',
      source: 'Local file',
      items_search_key: 'header1',
      labels: ['Tag1', 'Tag2'],
      description: 'Watchlist from CSV content',
      updated: '2020-09-28T00:26:57.000Z',
    });
    const [d] = both(wire('securityinsights/GetWatchlistByAlias.json'), (o) =>
      watchlistDetail(o, { items: 3, capped: false }),
    );
    assert.equal(d?.watchlist_id, '76d5a51f-ba1f-4038-9d22-59fda38dc017');
    assert.equal(d?.source, 'watchlist.csv');
    assert.equal(d?.source_type, 'Local');
    assert.equal(d?.created, '2020-09-28T00:26:54.774Z');
    assert.equal(d?.created_by, 'john doe <john@contoso.com>');
    assert.equal(d?.updated_by, 'john doe <john@contoso.com>');
    assert.equal(d?.default_duration, 'P1279DT12H30M5S');
    assert.equal(d?.items_count, 3);
    assert.equal(d?.is_deleted, false);
  });

  test('items', () => {
    const [row] = both(wire('securityinsights/GetWatchlistItems.json'), watchlistItemRow);
    assert.equal(row?.item_id, 'fd37d325-7090-47fe-851a-5b5a00c3f576');
    assert.deepEqual(row?.values, {
      'Header-1': 'v1_1',
      'Header-2': 'v1_2',
      'Header-3': 'v1_3',
      'Header-4': 'v1_4',
      'Header-5': 'v1_5',
    });
    assert.equal(row?.updated, '2021-02-04T20:27:32.378Z', 'offsets become UTC');
    const [d] = both(wire('securityinsights/GetWatchlistItemById.json'), (o) =>
      watchlistItemDetail('highValueAsset', o),
    );
    assert.equal(d?.created_by, 'john doe <john@contoso.com>');
    assert.deepEqual(d?.entity_mapping, {});
  });
});

describe('data connectors', () => {
  test('kinds, data types and states', () => {
    const rows = both(wire('securityinsights/GetDataConnectors.json'), connectorRow);
    assert.equal(rows.length, 8);
    const office = rows.find((r) => r.kind === 'Office365');
    assert.deepEqual(office?.data_types, [
      { name: 'sharePoint', state: 'Enabled' },
      { name: 'exchange', state: 'Enabled' },
    ]);
    assert.equal(office?.title, 'Office 365');
    const mcas = rows.find((r) => r.kind === 'MicrosoftCloudAppSecurity');
    assert.deepEqual(
      mcas?.data_types.map((d) => d.name),
      ['alerts', 'discoveryLogs'],
    );
    const [aad] = both(wire('securityinsights/GetAzureActiveDirectoryById.json'), connectorDetail);
    assert.equal(aad?.id, 'f0cd27d2-5f03-4c06-ba31-d2dc82dcb51d');
    assert.equal(aad?.tenant_id, '2070ecc9-b4d5-4ae4-adaa-936fa1954fa8');
    assert.deepEqual(aad?.data_types, [{ name: 'alerts', state: 'Enabled' }]);
    const aws = both(wire('securityinsights/GetDataConnectors.json'), connectorDetail).find(
      (r) => r.kind === 'AmazonWebServicesCloudTrail',
    );
    assert.equal(aws?.aws_role_arn, 'myAwsRoleArn');
  });

  test('UI-config connectors (APIPolling, GenericUI) list their data types by name', () => {
    const [row] = both(
      [
        {
          name: 'c1',
          kind: 'APIPolling',
          connectorUiConfig: {
            title: 'Okta SSO',
            publisher: 'Okta',
            dataTypes: [{ name: 'Okta_CL', lastDataReceivedQuery: 'Okta_CL | summarize max(TimeGenerated)' }],
          },
        },
      ],
      connectorRow,
    );
    assert.deepEqual(row, {
      id: 'c1',
      kind: 'APIPolling',
      title: 'Okta SSO',
      data_types: [{ name: 'Okta_CL', state: null }],
    });
  });
});

describe('workbooks', () => {
  test('list and get examples (their serializedData is not valid JSON: queries still found)', () => {
    const rows = both(wire('workbooks/WorkbooksList.json'), workbookRow);
    assert.deepEqual(rows[0], {
      id: 'deadb33f-5e0d-4064-8ebb-1a4ed0313eb2',
      display_name: 'My Workbook 1',
      category: 'workbook',
      description: 'Sample workbook',
      time_modified: '2020-09-04T09:07:17.735Z',
    });
    const [d] = both(wire('workbooks/WorkbookGet.json'), (o) => workbookDetail(o, false));
    assert.equal(d?.display_name, 'Sample workbook');
    assert.equal(d?.kind, 'shared');
    assert.equal(d?.location, 'westus');
    assert.equal(d?.version, 'Notebook/1.0');
    assert.equal(d?.revision, '1e2f8435b98248febee70c64ac22e1bb');
    assert.deepEqual(d?.tags, { TagSample01: 'sample01', TagSample02: 'sample02' });
    assert.equal(d?.queries_total, 1);
    assert.match(d?.queries[0]?.query ?? '', /^union withsource=TableName \*/);
    assert.equal(d?.serialized_data, null);
    assert.ok((d?.serialized_data_chars ?? 0) > 500);
  });

  test('a well-formed workbook: items by type, nested groups, parameter queries, bounded', () => {
    const data = {
      version: 'Notebook/1.0',
      items: [
        { type: 1, content: { json: '# Sign-ins' } },
        {
          type: 9,
          content: { parameters: [{ name: 'User', query: 'SigninLogs | distinct UserPrincipalName' }] },
        },
        { type: 3, name: 'q1', content: { query: 'SigninLogs | count', title: 'Sign-ins' } },
        {
          type: 12,
          content: { items: [{ type: 3, content: { query: `AuditLogs | take 1 ${'x'.repeat(5000)}` } }] },
        },
      ],
    };
    const s = summarizeWorkbook(JSON.stringify(data));
    assert.equal(s.parsed, true);
    assert.equal(s.item_count, 5);
    assert.deepEqual(s.item_types, { text: 1, parameters: 1, query: 2, group: 1 });
    assert.deepEqual(
      s.queries.map((q) => q.title),
      ['parameter User', 'Sign-ins', null],
    );
    assert.match(s.queries[2]?.query ?? '', /…\[cut \d+ chars\]$/);
    const detail = workbookDetail(
      { name: 'w', serializedData: JSON.stringify({ ...data, pad: 'y'.repeat(60_000) }) },
      true,
    );
    assert.match(detail.serialized_data ?? '', /…\[cut \d+ chars\]$/, 'the JSON is cut with a marker');
  });
});

describe('repositories (source controls)', () => {
  test('list and get examples', () => {
    const [row] = both(wire('securityinsights/GetSourceControls.json'), repositoryRow);
    assert.deepEqual(row, {
      id: '789e0c1f-4a3d-43ad-809c-e713b677b04a',
      display_name: 'My Source Control',
      repo_type: 'Github',
      url: 'https://github.com/user/repo',
      branch: 'master',
      content_types: ['AnalyticsRule', 'Workbook'],
      last_deployment_state: 'Completed',
      last_deployment_result: 'Success',
      last_deployment_time: '2021-01-01T17:18:19.123Z',
    });
    const [d] = both(wire('securityinsights/GetSourceControlById.json'), repositoryDetail);
    assert.equal(d?.description, 'this is a source control');
    assert.equal(d?.version, 'V2');
    assert.equal(d?.last_deployment?.fetch_status, 'Success');
    assert.equal(d?.last_deployment?.deployment_id, '4985046420');
    assert.equal(d?.last_deployment?.message, 'Successful deployment');
    assert.deepEqual(d?.pull_request, { url: 'https://github.com/user/repo/pull/123', state: 'Open' });
    assert.equal(d?.app_id, '307ef030-13ed-4342-8cc2-c11760649f4d');
    assert.equal(d?.created_by, 'user1');
    assert.equal(d?.modified_at, '2021-01-02T17:18:19.123Z');
  });
});

describe('summary rules', () => {
  test('list and get examples', () => {
    const rows = both(wire('operationalinsights/SummaryLogsList.json'), summaryRuleRow);
    assert.deepEqual(rows[0], {
      name: 'summarylogs1',
      display_name: null,
      destination_table: 'MyDestinationTable_CL',
      bin_size_minutes: 180,
      active: false,
      status_code: 'UserAction',
      provisioning_state: 'Succeeded',
      query: 'MyTable_CL',
    });
    assert.equal(rows[1]?.active, true);
    assert.equal(rows[1]?.provisioning_state, 'Updating');
    const [d] = both(wire('operationalinsights/SummaryLogsGet.json'), summaryRuleDetail);
    assert.equal(d?.rule_type, 'User');
    assert.equal(d?.bin_delay_minutes, 10);
    assert.equal(d?.bin_start_time, '2020-02-03T04:05:06.000Z');
    assert.equal(d?.created_by, '22222222-2222-2222-2222-222222222222');
  });
});

describe('data collection rules and endpoints', () => {
  test('DCR examples: sources, streams, destinations, flows', () => {
    const [row] = both(wire('monitor/DataCollectionRulesListByResourceGroup.json'), dcrRow);
    assert.equal(row?.name, 'myCollectionRule');
    assert.deepEqual(row?.data_sources, ['performanceCounters (2)', 'windowsEventLogs (2)', 'syslog (2)']);
    assert.deepEqual(row?.streams, ['Microsoft-Perf', 'Microsoft-Syslog', 'Microsoft-WindowsEvent']);
    assert.deepEqual(row?.destinations, ['logAnalytics:centralWorkspace']);
    assert.equal(row?.has_transform, false);
    const [d] = both(wire('monitor/DataCollectionRulesGet.json'), dcrDetail);
    assert.equal(d?.immutable_id, 'dcr-b74e0d383fc9415abaa584ec41adece3');
    assert.equal(d?.location, 'eastus');
    const security = d?.data_sources.find((s) => s.name === 'cloudSecurityTeamEvents');
    assert.deepEqual(security, {
      type: 'windowsEventLogs',
      name: 'cloudSecurityTeamEvents',
      streams: ['Microsoft-WindowsEvent'],
      detail: 'Security!',
    });
    assert.match(d?.data_sources.find((s) => s.name === 'cronSyslog')?.detail ?? '', /facilities cron/);
    assert.deepEqual(d?.destinations[0], {
      type: 'logAnalytics',
      name: 'centralWorkspace',
      workspace_resource_id:
        '/subscriptions/703362b3-f278-4e4b-9179-c76eaf41ffc2/resourceGroups/myResourceGroup/providers/Microsoft.OperationalInsights/workspaces/centralTeamWorkspace',
      workspace_id: '9ba8bc53-bd36-4156-8667-e983e7ae0e4f',
    });
    assert.deepEqual(d?.data_flows[0]?.destinations, ['centralWorkspace']);
    assert.equal(d?.created_at, '2021-04-01T12:34:56.123Z');
  });

  test('DCE examples: endpoint URLs', () => {
    const rows = both(wire('monitor/DataCollectionEndpointsListByResourceGroup.json'), dceRow);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0], {
      name: 'myDataCollectionEndpoint',
      location: 'eastus',
      kind: null,
      logs_ingestion_endpoint: 'https://mydatacollectionendpoint-71ib.eastus-1.ingest.monitor.azure.com',
      public_network_access: 'Enabled',
      provisioning_state: 'Succeeded',
    });
    const [d] = both(wire('monitor/DataCollectionEndpointsGet.json'), dceDetail);
    assert.equal(d?.immutable_id, 'dce-cd85a330eb664aa3bc7883cc394b0000');
    assert.equal(
      d?.configuration_access_endpoint,
      'https://mydatacollectionendpoint-71ib.eastus-1.handler.control.monitor.azure.com',
    );
    assert.equal(
      d?.metrics_ingestion_endpoint,
      'https://mydatacollectionendpoint-71ib.eastus-1.metrics.ingest.monitor.azure.com',
    );
  });
});

describe('content metadata and ML analytics settings', () => {
  test('metadata examples', () => {
    const rows = both(wire('securityinsights/GetAllMetadata.json'), metadataRow);
    assert.deepEqual(rows[2], {
      name: 'metadataName3',
      kind: 'Workbook',
      content_id: 'f593501d-ec01-4057-8146-a1de35c461ef',
      parent: 'workbookName',
      source_kind: 'Solution',
      source_name: 'Contoso Solution 1.0',
      version: '1.0.0.0',
    });
    const [d] = both(wire('securityinsights/GetMetadata.json'), metadataDetail);
    assert.equal(d?.parent, 'ruleName');
    assert.equal(d?.source_id, 'b688a130-76f4-4a07-bf57-762222a3cadf');
    assert.deepEqual(d?.author, { name: 'User Name', email: 'email@microsoft.com', link: null });
    assert.equal(d?.support_tier, 'Partner');
    assert.deepEqual(d?.categories, {
      domains: ['Application', 'Security – Insider Threat'],
      verticals: ['Healthcare'],
    });
    assert.deepEqual(d?.providers, ['Amazon', 'Microsoft']);
    assert.deepEqual(d?.tactics, ['reconnaissance', 'commandandcontrol']);
    assert.deepEqual(d?.techniques, ['T1548', 'T1548.001']);
    assert.equal(d?.first_publish_date, '2021-05-18T00:00:00.000Z');
    assert.equal((d?.dependencies as { operator: string }).operator, 'AND');
  });

  test('ML analytics settings example', () => {
    const [row] = both(wire('securityinsights/GetAllSecurityMLAnalyticsSettings.json'), mlSettingRow);
    assert.deepEqual(row, {
      name: 'f209187f-1d17-4431-94af-c141bf5f23db',
      display_name: 'Login from unusual region',
      kind: 'Anomaly',
      enabled: true,
      status: 'Production',
      tactics: ['Exfiltration', 'CommandAndControl'],
      techniques: ['T1037', 'T1021'],
      frequency: 'PT1H',
      last_modified: '2021-10-20T13:13:11.534Z',
    });
    const [d] = both(wire('securityinsights/GetAllSecurityMLAnalyticsSettings.json'), mlSettingDetail);
    assert.deepEqual(d?.required_data_connectors, [{ connector_id: 'AWS', data_types: ['AWSCloudTrail'] }]);
    assert.equal(d?.anomaly_version, '1.0.5');
    assert.equal(d?.is_default_settings, true);
    const obs = d?.customizable_observations as { thresholdObservations: { value: string }[] };
    assert.equal(obs.thresholdObservations[0]?.value, '25');
  });
});

describe('threat intelligence', () => {
  test('indicator examples', () => {
    const rows = both(wire('securityinsights/QueryThreatIntelligence.json'), indicatorRow);
    assert.deepEqual(rows[0], {
      name: '27d963e6-e6e4-e0f9-e9d7-c53985b3bbe8',
      display_name: 'new schema 2',
      pattern_type: 'url',
      value: 'https://www.contoso.com',
      source: 'Azure Sentinel',
      confidence: 90,
      threat_types: ['compromised'],
      labels: ['new schema'],
      valid_from: '2020-04-15T17:44:00.114Z',
      valid_until: null,
      revoked: false,
      last_updated: '2020-04-15T20:15:11.074Z',
    });
    const [withParsed] = both(wire('securityinsights/QueryThreatIntelligence.json'), indicatorDetail);
    assert.deepEqual(withParsed?.parsed_pattern, [
      { type: 'network-traffic', values: ['SSH-2.0-PuTTY_Release_0.64', '194.88.106.146'] },
    ]);
    const [d] = both(wire('securityinsights/GetThreatIntelligenceById.json'), indicatorDetail);
    assert.equal(d?.pattern, "[url:value = 'https://abc.com']");
    assert.equal(d?.description, 'debugging indicators');
    assert.equal(d?.external_id, 'indicator--73be1729-babb-4348-a6c4-94621cae2530');
    assert.equal(d?.created_by_ref, 'aztestConnectors@dataconnector.ccsctp.net');
    assert.equal(patternValue("[file:hashes.'SHA-256' = 'ab\\'c']"), "ab'c");
  });

  test('metrics example, flattened or with properties (SDK)', () => {
    const value = (body('securityinsights/CollectThreatIntelligenceMetrics.json') as { value: ArmResource[] })
      .value;
    const flat = tiMetrics(value.map((v) => ({ ...(v.properties as Record<string, unknown>) })));
    const nested = tiMetrics(sdk(value) as unknown as ArmObject[]);
    assert.deepEqual(nested, flat);
    assert.deepEqual(flat, {
      last_updated: '2020-09-01T19:44:44.117Z',
      by_threat_type: [{ name: 'compromised', count: 20 }],
      by_pattern_type: [{ name: 'url', count: 20 }],
      by_source: [
        { name: 'Azure Sentinel', count: 10315 },
        { name: 'zinga', count: 2 },
      ],
    });
  });
});

describe('which data collection rules and endpoints belong to the workspace', () => {
  const dcr = (destinations: Record<string, unknown>[], endpoint?: string): ArmObject => ({
    name: 'r',
    destinations: { logAnalytics: destinations },
    ...(endpoint ? { dataCollectionEndpointId: endpoint } : {}),
  });
  const ws = '/subscriptions/s/resourceGroups/g/providers/Microsoft.OperationalInsights/workspaces/soc';

  test('by resource id (any case) or customer id', () => {
    assert.ok(
      sendsTo(dcr([{ workspaceResourceId: ws.toUpperCase() }]), { resourceId: ws, workspaceId: 'c1' }),
    );
    assert.ok(sendsTo(dcr([{ workspaceId: 'C1' }]), { resourceId: ws, workspaceId: 'c1' }));
    assert.ok(!sendsTo(dcr([{ workspaceResourceId: `${ws}-ops` }]), { resourceId: ws, workspaceId: 'c1' }));
    assert.ok(!sendsTo({ name: 'metrics-only' }, { resourceId: ws }));
    const [example] = wire('monitor/DataCollectionRulesGet.json');
    assert.ok(
      sendsTo(example!, {
        resourceId:
          '/subscriptions/703362b3-f278-4e4b-9179-c76eaf41ffc2/resourceGroups/myResourceGroup/providers/Microsoft.OperationalInsights/workspaces/centralTeamWorkspace',
      }),
    );
  });

  test('a workspace without a resource id (folder) matches by name; the name never overrides a known id', () => {
    assert.ok(sendsTo(dcr([{ workspaceResourceId: ws }]), { workspaceId: 'guid', name: 'SOC' }));
    assert.ok(!sendsTo(dcr([{ workspaceResourceId: ws }]), { workspaceId: 'guid', name: 'other' }));
    assert.ok(!sendsTo(dcr([{ workspaceResourceId: `${ws}x` }]), { resourceId: `${ws}-2`, name: 'soc' }));
  });

  test('endpoints used', () => {
    assert.deepEqual(
      [
        ...endpointsUsed([
          dcr([], '/X/dataCollectionEndpoints/A'),
          dcr([]),
          dcr([], '/x/dataCollectionEndpoints/a'),
        ]),
      ],
      ['/x/datacollectionendpoints/a'],
    );
  });
});
