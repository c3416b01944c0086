// The logs, tables and workspace tools on the built-in demo workspace, through an MCP client:
// the attack story's questions answered by KQL, truncation, formats, dummy data and errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateDemoWorkspace } from '../../src/backends/local/demo/index.js';
import type { Cell } from '../../src/backends/backend.js';
import { call, connect, errorOf, structured, text, type Connected } from '../helpers/mcp.js';

interface QueryResult {
  columns: { name: string; type: string }[];
  rows: Cell[][];
  row_count: number;
  total_rows: number | null;
  truncated: boolean;
  truncated_reason: string | null;
  timespan: string | null;
  stats: { backend: string };
}

// The demo is deterministic for a given "now"; the story's facts do not depend on the instant.
const story = generateDemoWorkspace({ now: new Date() }).story;
let c: Connected;
before(async () => {
  c = await connect();
});
after(async () => c.close());

async function search(query: string, args: Record<string, unknown> = {}): Promise<QueryResult> {
  return structured<QueryResult>(await call(c.client, 'sentinel_logs_search', { query, ...args }));
}

const column = (r: QueryResult, name: string) => {
  const i = r.columns.findIndex((col) => col.name === name);
  assert.ok(i >= 0, `no column ${name} in ${r.columns.map((col) => col.name).join(',')}`);
  return r.rows.map((row) => row[i]);
};

describe('the attack story through sentinel_logs_search', () => {
  test('the password spray: IPs that failed against many accounts', async () => {
    const r = await search(
      'SigninLogs | where ResultType == "50126" | summarize Accounts = dcount(UserPrincipalName) by IPAddress | where Accounts >= 10 | order by Accounts desc',
    );
    const ips = column(r, 'IPAddress');
    for (const ip of story.passwordSpray.ips) assert.ok(ips.includes(ip.address), `${ip.address} sprayed`);
  });

  test('accounts with more than 5 failed Windows logons', async () => {
    const r = await search(
      'SecurityEvent | where EventID == 4625 | summarize Failures = count() by TargetUserName | where Failures > 5',
    );
    assert.ok(r.row_count > 0);
    assert.ok(column(r, 'Failures').every((n) => typeof n === 'number' && n > 5));
  });

  test('the compromised account signed in from the attacker IP in its country', async () => {
    const upn = story.compromisedUser.userPrincipalName;
    const r = await search(
      `SigninLogs | where UserPrincipalName =~ "${upn}" and ResultType == "0" | summarize by IPAddress, Country = tostring(LocationDetails.countryOrRegion)`,
    );
    const pairs = r.rows.map((row) => `${row[0]}|${row[1]}`);
    assert.ok(
      pairs.includes(`${story.attackerSignIn.address}|${story.attackerSignIn.country}`),
      pairs.join(', '),
    );
  });

  test('the inbox forwarding rule created by that account', async () => {
    const r = await search(
      `OfficeActivity | where Operation == "New-InboxRule" and UserId =~ "${story.compromisedUser.userPrincipalName}" | project TimeGenerated, Parameters`,
    );
    assert.ok(r.row_count >= 1);
    assert.match(JSON.stringify(r.rows), new RegExp(story.inboxRule.forwardTo.replace(/[.]/g, '\\.')));
  });

  test('the hosts that talked to an IP in the threat-intelligence table', async () => {
    const r = await search(
      'let TI = ThreatIntelligenceIndicator | where isnotempty(NetworkIP) | distinct NetworkIP;\n' +
        'DeviceNetworkEvents | where RemoteIP in (TI) | summarize Connections = count() by DeviceName, RemoteIP',
    );
    assert.deepEqual([...new Set(column(r, 'RemoteIP'))], [story.beacon.address]);
    assert.ok(
      column(r, 'DeviceName').some((d) => String(d).toLowerCase().startsWith(story.host.name.toLowerCase())),
    );
  });
});

describe('results', () => {
  test('max_rows truncates and says so, with the total', async () => {
    const r = await search('SecurityEvent | project TimeGenerated, EventID, Computer', { max_rows: 5 });
    assert.equal(r.row_count, 5);
    assert.equal(r.truncated, true);
    assert.equal(r.truncated_reason, 'max_rows');
    assert.deepEqual(
      r.columns.map((col) => col.type),
      ['datetime', 'int', 'string'],
    );
    assert.equal(r.stats.backend, 'local');
  });

  test('a wide result is cut by size and the text says how to narrow it', async () => {
    const res = await call(c.client, 'sentinel_logs_search', {
      query: 'SecurityEvent | take 2000',
      max_rows: 2000,
    });
    const r = structured<QueryResult>(res);
    assert.equal(r.truncated_reason, 'max_bytes');
    assert.ok(JSON.stringify(res).length < 120_000, 'the whole answer stays bounded');
    assert.match(text(res), /truncated at the size limit/);
  });

  test('csv and json formats', async () => {
    const csv = text(
      await call(c.client, 'sentinel_logs_search', { query: 'print a = 1, b = "x,y"', format: 'csv' }),
    );
    assert.match(csv, /\na,b\n1,"x,y"$/);
    const json = text(await call(c.client, 'sentinel_logs_search', { query: 'print a = 1', format: 'json' }));
    assert.match(json, /\[\{"a":1\}\]$/);
  });

  test('timespan restricts the rows and is reported', async () => {
    const hour = await search('SecurityEvent | count', { timespan: 'PT1H' });
    const all = await search('SecurityEvent | count', { timespan: 'P30D' });
    assert.ok((hour.rows[0]?.[0] as number) < (all.rows[0]?.[0] as number));
    assert.match(hour.timespan ?? '', /PT1H/);
  });

  test('semantic errors come back as KQL_SEMANTIC with the position', async () => {
    const e = errorOf(
      await call(c.client, 'sentinel_logs_search', { query: 'SecurityEvent | where NoSuchColumn == 1' }),
    );
    assert.equal(e.code, 'KQL_SEMANTIC');
    assert.match(e.message, /NoSuchColumn/);
    assert.match(e.message, /line 1/);
  });

  test('bad time arguments are INVALID_ARGUMENT', async () => {
    for (const args of [
      { timespan: '1 day' },
      { timespan: 'PT1H', start: '2024-01-01T00:00:00Z' },
      { start: 'yesterday' },
    ]) {
      const e = errorOf(await call(c.client, 'sentinel_logs_search', { query: 'print 1', ...args }));
      assert.equal(e.code, 'INVALID_ARGUMENT', JSON.stringify(args));
    }
  });
});

describe('sentinel_logs_search_with_dummy_data', () => {
  test('JSON rows keep their types when inferred', async () => {
    const r = structured<QueryResult & { typed_from: string }>(
      await call(c.client, 'sentinel_logs_search_with_dummy_data', {
        query: 'MyTable | where n > 1 | extend k = d.k | project s, n, r, b, k',
        table_name: 'MyTable',
        data_json: [
          { s: 'a', n: 1, r: 1.5, b: true, d: { k: 'x' } },
          { s: 'b', n: 2, r: 2.5, b: false, d: { k: 'y' } },
        ],
      }),
    );
    assert.equal(r.typed_from, 'inferred');
    assert.deepEqual(
      r.columns.map((col) => col.type),
      ['string', 'long', 'real', 'bool', 'dynamic'],
    );
    assert.deepEqual(r.rows, [['b', 2, 2.5, false, 'y']]);
  });

  test('a known table name is typed from the catalog, CSV included', async () => {
    const r = structured<QueryResult & { typed_from: string }>(
      await call(c.client, 'sentinel_logs_search_with_dummy_data', {
        query: 'SecurityEvent | where EventID == 4625 | summarize Failures = count() by Account',
        table_name: 'SecurityEvent',
        data_csv:
          'Account,EventID,TimeGenerated\nalice,4625,2024-01-01T00:00:00Z\nalice,4625,2024-01-01T00:01:00Z\nbob,4624,2024-01-01T00:02:00Z\n',
      }),
    );
    assert.equal(r.typed_from, 'catalog');
    assert.deepEqual(r.rows, [['alice', 2]]);
  });

  test('an explicit schema types CSV values', async () => {
    const r = structured<QueryResult>(
      await call(c.client, 'sentinel_logs_search_with_dummy_data', {
        query: 'T | summarize total = sum(n), latest = max(t)',
        table_name: 'T',
        data_csv: 'n,t\n2,2024-01-01T00:00:00Z\n3,2024-01-02T00:00:00Z',
        schema: 'n:long, t:datetime',
      }),
    );
    assert.deepEqual(r.rows, [[5, '2024-01-02T00:00:00Z']]);
  });

  test('bad data is INVALID_ARGUMENT naming the row and column', async () => {
    const e = errorOf(
      await call(c.client, 'sentinel_logs_search_with_dummy_data', {
        query: 'T | take 1',
        table_name: 'T',
        data_csv: 'n\nabc',
        schema: 'n:long',
      }),
    );
    assert.equal(e.code, 'INVALID_ARGUMENT');
    assert.match(e.message, /row 1, column n/);
    const both = errorOf(
      await call(c.client, 'sentinel_logs_search_with_dummy_data', { query: 'T', table_name: 'T' }),
    );
    assert.match(both.message, /exactly one of data_json and data_csv/);
  });

  test('rows that name no column are INVALID_ARGUMENT, not a database error (found by fuzzing)', async () => {
    for (const rows of [[{}], []]) {
      const e = errorOf(
        await call(c.client, 'sentinel_logs_search_with_dummy_data', {
          query: 'print x = 1',
          table_name: 'T',
          data_json: rows,
        }),
      );
      assert.equal(e.code, 'INVALID_ARGUMENT');
      assert.match(e.message, /no columns/);
    }
  });
});

describe('tables and workspace tools', () => {
  test('the demo workspace describes itself', async () => {
    const w = structured<{ backend: string; name: string; source: string; table_count: number }>(
      await call(c.client, 'sentinel_workspace_get'),
    );
    assert.equal(w.backend, 'local');
    assert.equal(w.name, story.workspace.name);
    assert.equal(w.source, 'built-in demo');
    assert.ok(w.table_count >= 15);
  });

  test('tables list with stats and a filter', async () => {
    const r = structured<{
      tables: { name: string; row_count: number | null; last_record: string | null }[];
      total: number;
    }>(await call(c.client, 'sentinel_logs_tables_list', { include_stats: true }));
    const names = r.tables.map((t) => t.name);
    for (const t of [
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
    ]) {
      assert.ok(names.includes(t), `${t} listed`);
    }
    const se = r.tables.find((t) => t.name === 'SecurityEvent')!;
    assert.ok((se.row_count ?? 0) > 1000);
    assert.ok(Date.now() - Date.parse(se.last_record ?? '') < 2 * 86_400_000, 'SecurityEvent is fresh');
    const device = structured<{ tables: { name: string }[] }>(
      await call(c.client, 'sentinel_logs_tables_list', { filter_pattern: 'device*events' }),
    );
    assert.deepEqual(
      device.tables.map((t) => t.name),
      ['DeviceLogonEvents', 'DeviceNetworkEvents', 'DeviceProcessEvents'],
    );
  });

  test('schema and details of a table; an unknown one is NOT_FOUND', async () => {
    const s = structured<{ columns: { name: string; type: string }[] }>(
      await call(c.client, 'sentinel_logs_table_schema_get', { table_name: 'SigninLogs' }),
    );
    assert.ok(s.columns.some((col) => col.name === 'LocationDetails' && col.type === 'dynamic'));
    const d = structured<{ row_count: number; plan: string }>(
      await call(c.client, 'sentinel_logs_table_details_get', { table_name: 'Heartbeat' }),
    );
    assert.ok(d.row_count > 0);
    assert.equal(d.plan, 'Local');
    const e = errorOf(await call(c.client, 'sentinel_logs_table_schema_get', { table_name: 'NoSuchTable' }));
    assert.equal(e.code, 'NOT_FOUND');
    const bad = errorOf(await call(c.client, 'sentinel_logs_table_schema_get', { table_name: "x' or 1==1" }));
    assert.equal(bad.code, 'INVALID_ARGUMENT');
  });

  test('validation knows the workspace tables', async () => {
    const r = structured<{ valid: boolean }>(
      await call(c.client, 'sentinel_query_validate', {
        query: 'Heartbeat | summarize max(TimeGenerated) by Computer',
      }),
    );
    assert.equal(r.valid, true);
  });
});

describe('text rendering of wide tables', () => {
  test('columns empty in every row shown are left out of the Markdown table and named', async () => {
    const res = await call(c.client, 'sentinel_logs_search', { query: 'SecurityEvent | take 5' });
    const r = structured<QueryResult>(res);
    assert.ok(r.columns.length > 200, 'structuredContent keeps every column');
    const body = text(res);
    assert.match(body, /\(\d+ columns empty in every row shown are left out of this table: /);
    const header = body.split('\n').find((line) => line.startsWith('| '))!;
    assert.ok(header.split(' | ').length < r.columns.length, 'the table shows fewer columns');
    assert.match(header, /TimeGenerated \(datetime\)/);
  });
});
