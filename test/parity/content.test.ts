// Parity of the hunting, watchlists, connectors, workbooks, repositories, summary-rule, DCR/DCE, content
// and threat-intelligence tools: the same calls on the demo served by the LocalBackend and, through the
// HTTPS fake of Azure (ARM pages of 4 items, so the backend follows nextLink), by the AzureBackend give the
// same structured results. Cursors are opaque and differ; the rows they lead to are compared instead.
// One file for all these small domains: one demo load.
import assert from 'node:assert/strict';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { after, before, describe, test } from 'node:test';
import { errorOf, structured } from '../helpers/mcp.js';
import { startParity, type ParitySides } from '../helpers/parity.js';

let sides: ParitySides;
type Obj = Record<string, unknown>;

async function both(name: string, args: Obj): Promise<[CallToolResult, CallToolResult]> {
  const run = (client: Client) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
  return Promise.all([run(sides.local), run(sides.azure)]);
}

/** Structured results, equal on both sides except the opaque next_cursor (compared for presence). */
async function same(name: string, args: Obj = {}): Promise<Obj> {
  const [l, a] = await both(name, args);
  const strip = (r: Obj) => {
    const { next_cursor, ...rest } = r;
    return { ...rest, ...(next_cursor !== undefined ? { next_cursor: next_cursor !== null } : {}) };
  };
  const local = structured<Obj>(l);
  assert.deepEqual(strip(structured<Obj>(a)), strip(local), `${name} ${JSON.stringify(args)}`);
  return local;
}

/** The same error code on both sides; both messages name `mention` when given. */
async function sameError(name: string, args: Obj, mention?: string): Promise<string> {
  const [l, a] = await both(name, args);
  const local = errorOf(l);
  const azure = errorOf(a);
  assert.deepEqual(
    [azure.code, azure.retryable],
    [local.code, local.retryable],
    `${name} ${JSON.stringify(args)}`,
  );
  if (mention) {
    assert.ok(local.message.includes(mention), local.message);
    assert.ok(azure.message.includes(mention), azure.message);
  }
  return local.code;
}

/** Every row of a listing on one side, following its own cursors. */
async function allPages(client: Client, name: string, key: string, args: Obj): Promise<unknown[]> {
  const rows: unknown[] = [];
  let cursor: string | null = null;
  let calls = 0;
  do {
    const r = (await client.callTool({
      name,
      arguments: { ...args, ...(cursor ? { cursor } : {}) },
    })) as CallToolResult;
    const s = structured<Obj>(r);
    rows.push(...(s[key] as unknown[]));
    cursor = s['next_cursor'] as string | null;
    calls++;
  } while (cursor && calls < 60);
  assert.equal(cursor, null, `${name} paging ends`);
  return rows;
}

/** Paged listings give the same rows on both sides, each following its own cursors. */
async function samePages(name: string, key: string, args: Obj): Promise<unknown[]> {
  const [local, azure] = await Promise.all([
    allPages(sides.local, name, key, args),
    allPages(sides.azure, name, key, args),
  ]);
  assert.deepEqual(azure, local, `${name} ${JSON.stringify(args)} paged`);
  return local;
}

before(async () => {
  sides = await startParity({ fake: { armPageSize: 4 } });
});
after(async () => sides.close());

const ids = (rows: unknown[], key: string): string[] => rows.map((r) => String((r as Obj)[key]));

describe('hunting queries and saved searches', () => {
  test('lists, filters and pages are the same', async () => {
    const all = await same('sentinel_hunting_queries_list', { top: 200 });
    const queries = all['queries'] as Obj[];
    assert.equal(queries.length, 14);
    await samePages('sentinel_hunting_queries_list', 'queries', { top: 3 });
    await same('sentinel_hunting_queries_list', { tactics: ['CommandAndControl'] });
    await same('sentinel_hunting_queries_list', { techniques: ['T1218'], search: 'dll' });
    await same('sentinel_hunting_queries_list', { search: "x' or 1 eq 1" });
    const saved = await samePages('log_analytics_saved_searches_list', 'saved_searches', { top: 4 });
    assert.equal(saved.length, 17);
    await same('log_analytics_saved_searches_list', { category: 'Functions' });
  });

  test('gets (by id, display name, resource id) and runs are the same', async () => {
    const beacon = (await same('sentinel_hunting_query_get', {
      query_id: 'Beaconing: connections at regular intervals',
    })) as Obj;
    await same('sentinel_hunting_query_get', { query_id: beacon['id'] });
    await same('sentinel_hunting_query_get', { query_id: beacon['resource_id'] });
    await same('log_analytics_saved_search_get', { saved_search_id: 'fernbrook-signin-failures' });
    const [l, a] = await both('sentinel_hunting_query_run', {
      query_id: 'IP addresses failing sign-ins for many accounts',
      timespan: 'P14D',
    });
    const pick = (r: CallToolResult) => {
      const s = structured<Obj>(r);
      return { hunting_query: s['hunting_query'], query: s['query'], columns: s['columns'], rows: s['rows'] };
    };
    assert.deepEqual(pick(a), pick(l));
    assert.ok((pick(l).rows as unknown[]).length > 0);
    assert.equal(structured<Obj>(a)['stats'] && (structured<Obj>(a)['stats'] as Obj)['backend'], 'azure');
  });

  test('errors are the same', async () => {
    await sameError('sentinel_hunting_query_get', { query_id: 'No such hunt' }, 'No such hunt');
    await sameError('sentinel_hunting_query_get', { query_id: 'computers-not-reporting' });
    await sameError('log_analytics_saved_search_get', { saved_search_id: "x' or 1 eq 1" }, "x' or 1 eq 1");
    await sameError('sentinel_hunting_queries_list', { techniques: ['nope'] });
  });
});

describe('watchlists', () => {
  test('watchlists, their items (pages of 2 over ARM pages of 4), searches and items are the same', async () => {
    const lists = await samePages('sentinel_watchlists_list', 'watchlists', { top: 3 });
    assert.equal(lists.length, 4);
    for (const alias of ids(lists, 'alias')) {
      await same('sentinel_watchlist_get', { watchlist_alias: alias });
      const items = await samePages('sentinel_watchlist_items_list', 'items', {
        watchlist_alias: alias,
        top: 2,
      });
      assert.ok(items.length > 0);
      const first = items[0] as Obj;
      await same('sentinel_watchlist_item_get', { watchlist_alias: alias, item_id: first['item_id'] });
    }
    const hva = await samePages('sentinel_watchlist_items_list', 'items', {
      watchlist_alias: 'HighValueAssets',
      top: 3,
    });
    assert.ok(hva.length > 4, 'more items than one ARM page');
    await samePages('sentinel_watchlist_items_list', 'items', {
      watchlist_alias: 'HighValueAssets',
      search: 'finance',
      top: 1,
    });
  });

  test('errors are the same', async () => {
    await sameError('sentinel_watchlist_get', { watchlist_alias: 'NoSuchList' }, 'NoSuchList');
    await sameError('sentinel_watchlist_items_list', { watchlist_alias: 'NoSuchList' }, 'NoSuchList');
    await sameError(
      'sentinel_watchlist_item_get',
      { watchlist_alias: 'VIPUsers', item_id: '00000000-0000-0000-0000-000000000000' },
      '00000000-0000-0000-0000-000000000000',
    );
    await sameError('sentinel_watchlist_get', { watchlist_alias: 'a/b' });
  });

  test('_GetWatchlist gives the same rows through the Log Analytics query API', async () => {
    const [l, a] = await both('sentinel_logs_search', {
      query: "_GetWatchlist('CorporateEgressIPs') | project SearchKey, Location | order by SearchKey asc",
    });
    assert.deepEqual(structured<Obj>(a)['rows'], structured<Obj>(l)['rows']);
    assert.equal((structured<Obj>(l)['rows'] as unknown[]).length, 5);
  });

  test('validation knows _GetWatchlist and its columns on both backends', async () => {
    const [l, a] = await both('sentinel_query_validate', {
      query: "_GetWatchlist('CorporateEgressIPs') | project SearchKey, Location, WatchlistItem",
    });
    assert.equal(structured<Obj>(l)['valid'], true, JSON.stringify(structured<Obj>(l)['diagnostics']));
    assert.deepEqual(structured<Obj>(a)['result_columns'], structured<Obj>(l)['result_columns']);
    const [lBad, aBad] = await both('sentinel_query_validate', {
      query: "_GetWatchlist('CorporateEgressIPs') | project NoSuchColumn",
    });
    assert.equal(structured<Obj>(lBad)['valid'], false);
    assert.equal(structured<Obj>(aBad)['valid'], false);
  });
});

describe('connectors, workbooks, repositories, summary rules, DCR/DCE, content', () => {
  const kinds: [list: string, key: string, id: string, get: string, arg: string][] = [
    ['sentinel_connectors_list', 'connectors', 'id', 'sentinel_connectors_get', 'connector_id'],
    ['sentinel_workbook_list', 'workbooks', 'id', 'sentinel_workbook_get', 'workbook_id'],
    ['sentinel_repository_list', 'repositories', 'id', 'sentinel_repository_get', 'repository_id'],
    ['sentinel_summary_rule_list', 'summary_rules', 'name', 'sentinel_summary_rule_get', 'rule_name'],
    ['sentinel_dcr_list', 'data_collection_rules', 'name', 'sentinel_dcr_get', 'dcr_name'],
    ['sentinel_dce_list', 'data_collection_endpoints', 'name', 'sentinel_dce_get', 'dce_name'],
    ['sentinel_metadata_list', 'metadata', 'name', 'sentinel_metadata_get', 'metadata_id'],
    [
      'sentinel_ml_analytics_settings_list',
      'settings',
      'name',
      'sentinel_ml_analytics_setting_get',
      'setting_name',
    ],
  ];

  test('every listing (paged by 2) and every object are the same', async () => {
    for (const [list, key, id, get, arg] of kinds) {
      const rows = await samePages(list, key, { top: 2 });
      assert.ok(rows.length > 0, `${list} has rows`);
      await same(list, {});
      for (const name of ids(rows, id)) await same(get, { [arg]: name });
      await sameError(get, { [arg]: 'nope' }, 'nope');
    }
  });

  test('filters are the same', async () => {
    await same('sentinel_connectors_list', { kind: 'Office365' });
    await same('sentinel_summary_rule_list', { active: true });
    await same('sentinel_dcr_list', { stream: 'Syslog' });
    await samePages('sentinel_metadata_list', 'metadata', { kind: 'AnalyticsRule', top: 3 });
    await same('sentinel_metadata_list', { source: 'Microsoft Entra ID' });
    await same('sentinel_ml_analytics_settings_list', { enabled: false });
    const soc = (await same('sentinel_workbook_list', { search: 'SOC overview' }))['workbooks'] as Obj[];
    await same('sentinel_workbook_get', { workbook_id: soc[0]!['id'], include_serialized_data: true });
  });
});

describe('threat intelligence', () => {
  test('queries (filters, orders, pages) and indicators are the same', async () => {
    const all = await samePages('sentinel_ti_indicators_list', 'indicators', { top: 50 });
    assert.ok(all.length > 100);
    await samePages('sentinel_ti_indicators_list', 'indicators', { pattern_type: 'domain-name', top: 20 });
    await same('sentinel_ti_indicators_list', {
      source: 'SecurityGraph',
      min_confidence: 90,
      sort_by: 'confidence',
      top: 100,
    });
    await same('sentinel_ti_indicators_list', { sort_by: 'display_name', top: 30 });
    const story = (await same('sentinel_ti_indicators_list', { search: 'kvx-syncupdate' }))[
      'indicators'
    ] as Obj[];
    assert.equal(story.length, 3);
    for (const name of ids(story, 'name')) await same('sentinel_ti_indicator_get', { indicator_name: name });
    await same('sentinel_ti_indicators_list', { search: "x' or 1 eq 1" });
    await same('sentinel_ti_indicator_metrics', {});
    await sameError('sentinel_ti_indicator_get', { indicator_name: 'nope' }, 'nope');
    await sameError('sentinel_ti_indicators_list', { min_confidence: 80, max_confidence: 20 });
  });
});
