// _GetWatchlist('alias') on the local backend, through an MCP client on the fixture workspace: in
// queries (as a set in `in`, joined, looked up), in validation, and the errors for unknown aliases.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Cell } from '../../src/backends/backend.js';
import { call, connect, errorOf, FIXTURE_WORKSPACE, structured, type Connected } from '../helpers/mcp.js';

interface QueryResult {
  columns: { name: string; type: string }[];
  rows: Cell[][];
}
interface Validation {
  valid: boolean;
  diagnostics: { severity: string; code: string; message: string }[];
  result_columns: { name: string; type: string }[] | null;
}

let c: Connected;
before(async () => {
  c = await connect({ workspace: FIXTURE_WORKSPACE });
});
after(async () => c.close());

async function search(query: string): Promise<QueryResult> {
  return structured<QueryResult>(await call(c.client, 'sentinel_logs_search', { query }));
}

async function validate(query: string): Promise<Validation> {
  return structured<Validation>(await call(c.client, 'sentinel_query_validate', { query }));
}

describe('_GetWatchlist on the local backend', () => {
  it("filters a table by the watchlist's search keys", async () => {
    const r = await search(
      "Heartbeat | where Computer in (_GetWatchlist('HighValueAssets') | project SearchKey) | summarize Beats = count() by Computer",
    );
    assert.deepEqual(r.rows, [['web01.example.com', 3]]);
  });

  it("returns Sentinel's columns and the CSV columns of the watchlists", async () => {
    const r = await search("_GetWatchlist('HighValueAssets') | order by SearchKey asc");
    assert.deepEqual(
      r.columns.slice(0, 7).map((col) => `${col.name}:${col.type}`),
      [
        '_DTItemId:string',
        'LastUpdatedTimeUTC:datetime',
        'SearchKey:string',
        'WatchlistItem:dynamic',
        'Hostname:string',
        'Owner:string',
        'Criticality:string',
      ],
    );
    const at = (name: string) => r.columns.findIndex((col) => col.name === name);
    assert.deepEqual(
      r.rows.map((row) => [row[at('SearchKey')], row[at('Owner')], row[at('Criticality')]]),
      [
        ['db01.example.com', 'dba', 'Critical'],
        ['web01.example.com', 'ops', 'High'],
      ],
    );
    assert.deepEqual(r.rows[0]?.[at('WatchlistItem')], {
      Hostname: 'db01.example.com',
      Owner: 'dba',
      Criticality: 'Critical',
    });
    assert.match(String(r.rows[0]?.[at('_DTItemId')]), /^[0-9a-f-]{36}$/);
    assert.equal(r.rows[0]?.[at('LastUpdatedTimeUTC')], '2024-06-01T12:00:00Z');
  });

  it('works in joins, lookups, lets, with the keys argument, and lists aliases', async () => {
    const joined = await search(
      "SigninLogs | join kind=inner (_GetWatchlist('TrustedIPs') | project SearchKey, Office = Location) on $left.IPAddress == $right.SearchKey | project UserPrincipalName, Office | order by UserPrincipalName asc",
    );
    assert.deepEqual(joined.rows, [
      ['ana.silva@example.com', 'Lisbon office'],
      ['li.wei@example.com', 'Lisbon office'],
    ]);
    const looked = await search(
      "let assets = _GetWatchlist('HighValueAssets'); Heartbeat | lookup kind=leftouter (assets) on $left.Computer == $right.SearchKey | summarize by Computer, Criticality",
    );
    assert.deepEqual(looked.rows, [['web01.example.com', 'High']]);
    const keyed = await search(
      "_GetWatchlist('HighValueAssets', dynamic(['db01.example.com'])) | project Owner",
    );
    assert.deepEqual(keyed.rows, [['dba']]);
    const aliases = await search('_GetWatchlistAlias | order by WatchlistAlias asc');
    assert.deepEqual(aliases.rows, [['HighValueAssets'], ['TrustedIPs']]);
  });

  it('an unknown alias is NOT_FOUND naming it and the known ones; a wrong case says so', async () => {
    const e = errorOf(await call(c.client, 'sentinel_logs_search', { query: "_GetWatchlist('NoSuchList')" }));
    assert.equal(e.code, 'NOT_FOUND');
    assert.match(e.message, /No watchlist with alias "NoSuchList"/);
    assert.match(e.hint ?? '', /HighValueAssets, TrustedIPs/);
    const cased = errorOf(
      await call(c.client, 'sentinel_logs_search', {
        query: "Heartbeat | where Computer in (_GetWatchlist('highvalueassets') | project SearchKey)",
      }),
    );
    assert.equal(cased.code, 'NOT_FOUND');
    assert.match(cased.hint ?? '', /case-sensitive.*'HighValueAssets'/);
    // An alias that looks like KQL stays a string.
    const odd = errorOf(
      await call(c.client, 'sentinel_logs_search', { query: `_GetWatchlist("x') | union SigninLogs //")` }),
    );
    assert.equal(odd.code, 'NOT_FOUND');
    assert.match(odd.message, /No watchlist with alias "x'\) \| union SigninLogs \/\/"/);
  });

  it('the hidden items table is not a workspace table', async () => {
    const tables = structured<{ tables: { name: string }[] }>(
      await call(c.client, 'sentinel_logs_tables_list', {}),
    ).tables.map((t) => t.name);
    assert.deepEqual(tables.sort(), ['AppAudit_CL', 'Heartbeat', 'Inventory_CL', 'SigninLogs']);
    const union = await search(
      'union withsource=SourceTable * | summarize Rows = count() by SourceTable | order by SourceTable asc',
    );
    assert.deepEqual(union.rows, [
      ['AppAudit_CL', 2],
      ['Heartbeat', 3],
      ['Inventory_CL', 2],
      ['SigninLogs', 3],
    ]);
    const direct = errorOf(
      await call(c.client, 'sentinel_logs_search', { query: '__sentinel_mcp_watchlist_items | count' }),
    );
    assert.equal(direct.code, 'KQL_SEMANTIC');
  });
});

describe('_GetWatchlist in validation', () => {
  it('sentinel_query_validate knows _GetWatchlist and its columns', async () => {
    const v = await validate("_GetWatchlist('HighValueAssets') | project SearchKey, Hostname, WatchlistItem");
    assert.equal(v.valid, true, JSON.stringify(v.diagnostics));
    assert.deepEqual(v.result_columns, [
      { name: 'SearchKey', type: 'string' },
      { name: 'Hostname', type: 'string' },
      { name: 'WatchlistItem', type: 'dynamic' },
    ]);
    const inList = await validate(
      "SecurityEvent | where Computer in (_GetWatchlist('HighValueAssets') | project SearchKey) | take 5",
    );
    assert.equal(inList.valid, true, JSON.stringify(inList.diagnostics));
    assert.equal((await validate('_GetWatchlistAlias')).valid, true);
    const wrong = await validate("_GetWatchlist('HighValueAssets') | project NoSuchColumn");
    assert.equal(wrong.valid, false);
    assert.ok(wrong.diagnostics.some((d) => /NoSuchColumn/.test(d.message)));
  });
});
