// The connectors, workbooks, repositories, summary-rule and DCR/DCE tools through an MCP client on the
// demo workspace (one demo for these small domains): lists with filters and cursors, gets, NOT_FOUND
// naming the list tool, invalid and injection-looking arguments.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, connect, errorOf, structured, text, type Connected } from '../helpers/mcp.js';

type Obj = Record<string, unknown>;
interface Page {
  count: number;
  has_more: boolean;
  next_cursor: string | null;
}

let c: Connected;

before(async () => {
  c = await connect();
});

after(async () => {
  await c.close();
});

async function list<T = Obj>(tool: string, key: string, args: Obj = {}): Promise<Page & { rows: T[] }> {
  const r = structured<Page & Record<string, T[]>>(await call(c.client, tool, args));
  const rows = r[key];
  assert.ok(Array.isArray(rows), `${tool} returns ${key}`);
  assert.equal(r.count, rows.length);
  return { count: r.count, has_more: r.has_more, next_cursor: r.next_cursor, rows };
}

/** Every row through pages of `top`: no duplicates, has_more false and no cursor at the end. */
async function pages(
  tool: string,
  key: string,
  idKey: string,
  top: number,
  args: Obj = {},
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 50; n++) {
    const page: Page & { rows: Obj[] } = await list(tool, key, {
      ...args,
      top,
      ...(cursor ? { cursor } : {}),
    });
    ids.push(...page.rows.map((r) => String(r[idKey])));
    if (!page.has_more) {
      assert.equal(page.next_cursor, null);
      assert.equal(new Set(ids).size, ids.length, `${tool}: no duplicates across pages`);
      return ids;
    }
    assert.equal(page.count, top, 'full pages while has_more');
    cursor = page.next_cursor;
  }
  assert.fail('paging did not end');
}

async function notFound(tool: string, args: Obj, listTool: string, id: string): Promise<void> {
  const e = errorOf(await call(c.client, tool, args));
  assert.equal(e.code, 'NOT_FOUND', `${tool} ${JSON.stringify(args)}`);
  assert.ok(e.message.includes(id), `the message names the id: ${e.message}`);
  assert.match(e.hint ?? '', new RegExp(listTool));
}

async function invalid(tool: string, args: Obj): Promise<void> {
  assert.equal(
    errorOf(await call(c.client, tool, args)).code,
    'INVALID_ARGUMENT',
    `${tool} ${JSON.stringify(args)}`,
  );
}

describe('connectors', () => {
  test('list: kinds, titles and data type states; filter by kind and search', async () => {
    const all = await list<{
      id: string;
      kind: string;
      title: string;
      data_types: { name: string; state: string }[];
    }>('sentinel_connectors_list', 'connectors');
    assert.equal(all.count, 5);
    const o365 = all.rows.find((r) => r.kind === 'Office365');
    assert.equal(o365?.title, 'Office 365');
    assert.deepEqual(o365?.data_types, [
      { name: 'exchange', state: 'Enabled' },
      { name: 'sharePoint', state: 'Enabled' },
      { name: 'teams', state: 'Enabled' },
    ]);
    const mdc = all.rows.find((r) => r.kind === 'AzureSecurityCenter');
    assert.deepEqual(mdc?.data_types, [{ name: 'alerts', state: 'Disabled' }]);
    const byKind = await list('sentinel_connectors_list', 'connectors', { kind: 'office365' });
    assert.deepEqual(
      byKind.rows.map((r) => r['kind']),
      ['Office365'],
    );
    const bySearch = await list('sentinel_connectors_list', 'connectors', { search: 'defender' });
    assert.equal(bySearch.count, 2);
    assert.equal(
      (await list('sentinel_connectors_list', 'connectors', { kind: "Office365' or 1 eq 1" })).count,
      0,
    );
    assert.match(
      text(await call(c.client, 'sentinel_connectors_list')),
      /\| Office365 \| Office 365 \| exchange: Enabled, sharePoint: Enabled, teams: Enabled \|/,
    );
    const ids = await pages('sentinel_connectors_list', 'connectors', 'id', 2);
    assert.deepEqual(
      ids,
      all.rows.map((r) => r.id),
    );
  });

  test('get: the whole connector; NOT_FOUND and invalid ids', async () => {
    const o365 = (await list('sentinel_connectors_list', 'connectors', { kind: 'Office365' })).rows[0]!;
    const d = structured<Obj>(await call(c.client, 'sentinel_connectors_get', { connector_id: o365['id'] }));
    assert.equal(d['kind'], 'Office365');
    assert.match(String(d['tenant_id']), /^[0-9a-f-]{36}$/);
    assert.deepEqual((d['properties'] as Obj)['dataTypes'], {
      exchange: { state: 'Enabled' },
      sharePoint: { state: 'Enabled' },
      teams: { state: 'Enabled' },
    });
    await notFound('sentinel_connectors_get', { connector_id: 'nope' }, 'sentinel_connectors_list', 'nope');
    await notFound(
      'sentinel_connectors_get',
      { connector_id: "x' or 1 eq 1" },
      'sentinel_connectors_list',
      "x' or 1 eq 1",
    );
    await invalid('sentinel_connectors_get', { connector_id: '../dataConnectors' });
    await invalid('sentinel_connectors_get', { connector_id: 'a\nb' });
    await invalid('sentinel_connectors_get', {});
  });
});

describe('workbooks', () => {
  test('list, search and paging', async () => {
    const all = await list('sentinel_workbook_list', 'workbooks');
    assert.deepEqual(
      all.rows.map((r) => r['display_name']),
      ['Fernbrook SOC overview', 'Microsoft Entra ID Sign-in logs', 'Threat Intelligence'],
    );
    assert.ok(all.rows.every((r) => r['category'] === 'sentinel'));
    const ti = await list('sentinel_workbook_list', 'workbooks', { search: 'indicators' });
    assert.deepEqual(
      ti.rows.map((r) => r['display_name']),
      ['Threat Intelligence'],
    );
    assert.equal((await pages('sentinel_workbook_list', 'workbooks', 'id', 1)).length, 3);
  });

  test('get: items and queries summarized, the JSON only when asked (and bounded)', async () => {
    const soc = (await list('sentinel_workbook_list', 'workbooks', { search: 'SOC overview' })).rows[0]!;
    const d = structured<Obj>(await call(c.client, 'sentinel_workbook_get', { workbook_id: soc['id'] }));
    assert.equal(d['serialized_data'], null);
    assert.deepEqual(d['item_types'], { text: 1, parameters: 1, query: 2 });
    const queries = d['queries'] as { title: string; query: string }[];
    assert.equal(queries[0]?.title, 'Open incidents by severity');
    assert.match(queries[0]?.query ?? '', /^SecurityIncident\n/);
    assert.match(String(d['source_id']), /workspaces\/fernbrook-sentinel-demo$/);
    const withJson = structured<Obj>(
      await call(c.client, 'sentinel_workbook_get', {
        workbook_id: soc['id'],
        include_serialized_data: true,
      }),
    );
    const json = String(withJson['serialized_data']);
    assert.equal(json.length, withJson['serialized_data_chars']);
    assert.equal((JSON.parse(json) as { version: string }).version, 'Notebook/1.0');
    assert.match(
      text(await call(c.client, 'sentinel_workbook_get', { workbook_id: soc['id'] })),
      /query 1 \(Open incidents by severity\):\nSecurityIncident/,
    );
    await notFound(
      'sentinel_workbook_get',
      { workbook_id: '00000000-0000-0000-0000-000000000000' },
      'sentinel_workbook_list',
      '00000000-0000-0000-0000-000000000000',
    );
    await invalid('sentinel_workbook_get', { workbook_id: 'a#b' });
    await invalid('sentinel_workbook_get', { workbook_id: soc['id'], include_serialized_data: 'yes' });
  });
});

describe('repositories (source controls)', () => {
  test('list, get with the last deployment, NOT_FOUND', async () => {
    const all = await list('sentinel_repository_list', 'repositories');
    assert.equal(all.count, 2);
    const ado = all.rows.find((r) => r['repo_type'] === 'DevOps')!;
    assert.equal(ado['branch'], 'release');
    assert.equal(ado['last_deployment_result'], 'Failed');
    const gh = await list('sentinel_repository_list', 'repositories', { search: 'github.com/fernbrooklabs' });
    assert.deepEqual(
      gh.rows.map((r) => r['repo_type']),
      ['Github'],
    );
    assert.deepEqual(gh.rows[0]?.['content_types'], ['AnalyticsRule', 'HuntingQuery', 'Workbook', 'Parser']);
    const d = structured<Obj>(await call(c.client, 'sentinel_repository_get', { repository_id: ado['id'] }));
    const last = d['last_deployment'] as Obj;
    assert.equal(last['result'], 'Failed');
    assert.match(String(last['message']), /Isolate-MDE-Device/);
    assert.match(String(last['logs_url']), /^https:\/\/dev\.azure\.com\//);
    assert.match(String(d['created_by']), /@fernbrooklabs\.com$/);
    await notFound('sentinel_repository_get', { repository_id: 'nope' }, 'sentinel_repository_list', 'nope');
    await invalid('sentinel_repository_get', { repository_id: 'x'.repeat(261) });
  });
});

describe('summary rules', () => {
  test('list with the active filter, get with the whole query', async () => {
    const all = await list('sentinel_summary_rule_list', 'summary_rules');
    assert.deepEqual(
      all.rows.map((r) => r['name']),
      ['FirewallDeniedDaily', 'SigninFailuresHourly'],
    );
    const inactive = await list('sentinel_summary_rule_list', 'summary_rules', { active: false });
    assert.deepEqual(
      inactive.rows.map((r) => [r['name'], r['status_code']]),
      [['FirewallDeniedDaily', 'UserAction']],
    );
    const bySearch = await list('sentinel_summary_rule_list', 'summary_rules', { search: 'signinlogs' });
    assert.deepEqual(
      bySearch.rows.map((r) => r['destination_table']),
      ['SigninFailuresHourly_CL'],
    );
    const d = structured<Obj>(
      await call(c.client, 'sentinel_summary_rule_get', { rule_name: 'FirewallDeniedDaily' }),
    );
    assert.equal(d['bin_size_minutes'], 1440);
    assert.equal(d['bin_delay_minutes'], 60);
    assert.equal(d['active'], false);
    assert.match(
      String(d['query']),
      /^CommonSecurityLog\n.*\n\| summarize Sessions = count\(\), Destinations = dcount\(DestinationIP\) by SourceIP, DestinationPort, ApplicationProtocol$/s,
    );
    await notFound(
      'sentinel_summary_rule_get',
      { rule_name: 'NoSuchRule' },
      'sentinel_summary_rule_list',
      'NoSuchRule',
    );
    await invalid('sentinel_summary_rule_list', { active: 'false' });
  });
});

describe('data collection rules and endpoints', () => {
  test('DCRs: sources, streams, destinations; stream filter; get with XPath queries', async () => {
    const all = await list('sentinel_dcr_list', 'data_collection_rules');
    assert.deepEqual(
      all.rows.map((r) => r['name']),
      ['dcr-fernbrook-syslog-cef', 'dcr-fernbrook-windows-security'],
      'dcr-fernbrook-vm-performance sends to another workspace and is left out',
    );
    const sec = await list('sentinel_dcr_list', 'data_collection_rules', { stream: 'securityevent' });
    assert.deepEqual(
      sec.rows.map((r) => r['name']),
      ['dcr-fernbrook-windows-security'],
    );
    assert.deepEqual(sec.rows[0]?.['destinations'], ['logAnalytics:sentinelWorkspace']);
    assert.equal(sec.rows[0]?.['data_collection_endpoint'], 'dce-fernbrook-eastus');
    const cef = await list('sentinel_dcr_list', 'data_collection_rules', { search: 'syslog (2)' });
    assert.deepEqual(
      cef.rows.map((r) => r['name']),
      ['dcr-fernbrook-syslog-cef'],
    );
    assert.equal((await pages('sentinel_dcr_list', 'data_collection_rules', 'name', 1)).length, 2);
    const d = structured<Obj>(
      await call(c.client, 'sentinel_dcr_get', { dcr_name: 'dcr-fernbrook-windows-security' }),
    );
    const sources = d['data_sources'] as Obj[];
    assert.equal(sources[0]?.['type'], 'windowsEventLogs');
    assert.match(String(sources[0]?.['detail']), /EventID=4625/);
    assert.match(String(d['immutable_id']), /^dcr-[0-9a-f]{32}$/);
    const dest = (d['destinations'] as Obj[])[0]!;
    assert.match(String(dest['workspace_resource_id']), /workspaces\/fernbrook-sentinel-demo$/);
    await notFound('sentinel_dcr_get', { dcr_name: 'dcr-nope' }, 'sentinel_dcr_list', 'dcr-nope');
    await notFound(
      'sentinel_dcr_get',
      { dcr_name: 'dcr-fernbrook-vm-performance' },
      'sentinel_dcr_list',
      'dcr-fernbrook-vm-performance',
    );
  });

  test('DCEs: endpoint URLs; NOT_FOUND and invalid names', async () => {
    const all = await list('sentinel_dce_list', 'data_collection_endpoints');
    assert.deepEqual(
      all.rows.map((r) => r['name']),
      ['dce-fernbrook-eastus'],
      "dce-fernbrook-ops serves only another workspace's rule",
    );
    assert.match(
      String(all.rows[0]?.['logs_ingestion_endpoint']),
      /^https:\/\/dce-fernbrook-eastus-[0-9a-f]+\.eastus-1\.ingest\.monitor\.azure\.com$/,
    );
    const d = structured<Obj>(await call(c.client, 'sentinel_dce_get', { dce_name: 'dce-fernbrook-eastus' }));
    assert.match(String(d['configuration_access_endpoint']), /handler\.control\.monitor\.azure\.com$/);
    assert.match(String(d['metrics_ingestion_endpoint']), /metrics\.ingest\.monitor\.azure\.com$/);
    assert.equal(d['public_network_access'], 'Enabled');
    await notFound('sentinel_dce_get', { dce_name: 'nope' }, 'sentinel_dce_list', 'nope');
    await notFound(
      'sentinel_dce_get',
      { dce_name: 'dce-fernbrook-ops' },
      'sentinel_dce_list',
      'dce-fernbrook-ops',
    );
    await invalid('sentinel_dce_get', { dce_name: '..' });
    await invalid('sentinel_dce_list', { top: 10_000 });
    await invalid('sentinel_dce_list', { cursor: '' });
  });
});
