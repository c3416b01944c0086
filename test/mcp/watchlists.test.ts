// The watchlists tools through an MCP client on the demo workspace: list, get, items (paged, searched),
// one item, NOT_FOUND, invalid arguments, injection-looking values, and _GetWatchlist in KQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, connect, errorOf, structured, text, type Connected } from '../helpers/mcp.js';

interface WatchlistRow {
  alias: string;
  display_name: string | null;
  items_search_key: string | null;
  labels: string[];
}
interface ListResult {
  count: number;
  has_more: boolean;
  next_cursor: string | null;
}
type Watchlists = ListResult & { watchlists: WatchlistRow[] };
interface ItemRow {
  item_id: string;
  values: Record<string, string | number | boolean | null>;
}
type Items = ListResult & { items: ItemRow[]; watchlist_alias: string; warnings: string[] };

let c: Connected;

before(async () => {
  c = await connect();
});

after(async () => {
  await c.close();
});

async function allPages<T>(
  tool: string,
  args: Record<string, unknown>,
  key: string,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const r = structured<ListResult & Record<string, T[]>>(
      await call(c.client, tool, { ...args, ...(cursor ? { cursor } : {}) }),
    );
    pages++;
    items.push(...r[key]!);
    assert.equal(r.count, r[key]!.length);
    if (!r.has_more) {
      assert.equal(r.next_cursor, null, 'no cursor on the last page');
      return { items, pages };
    }
    assert.ok(r.next_cursor, 'a cursor while has_more');
    cursor = r.next_cursor;
    assert.ok(pages < 100, 'paging ends');
  }
}

describe('sentinel_watchlists_list', () => {
  test('lists the demo watchlists by alias, with their search keys', async () => {
    const r = structured<Watchlists>(await call(c.client, 'sentinel_watchlists_list'));
    assert.deepEqual(
      r.watchlists.map((w) => w.alias),
      ['CorporateEgressIPs', 'HighValueAssets', 'TerminatedEmployees', 'VIPUsers'],
    );
    assert.equal(r.has_more, false);
    const hva = r.watchlists.find((w) => w.alias === 'HighValueAssets');
    assert.equal(hva?.items_search_key, 'Hostname');
    assert.deepEqual(hva?.labels, ['assets', 'tier0']);
    assert.match(
      text(await call(c.client, 'sentinel_watchlists_list')),
      /\| HighValueAssets \| High Value Assets \|/,
    );
  });

  test('search matches labels and descriptions; injection-looking text is a literal', async () => {
    const tier0 = structured<Watchlists>(
      await call(c.client, 'sentinel_watchlists_list', { search: 'TIER0' }),
    );
    assert.deepEqual(
      tier0.watchlists.map((w) => w.alias),
      ['HighValueAssets'],
    );
    const identity = structured<Watchlists>(
      await call(c.client, 'sentinel_watchlists_list', { search: 'identity' }),
    );
    assert.deepEqual(
      identity.watchlists.map((w) => w.alias),
      ['HighValueAssets', 'TerminatedEmployees', 'VIPUsers'],
      'labels (identity) and descriptions (HighValueAssets: "identity, remote access")',
    );
    const inj = structured<Watchlists>(
      await call(c.client, 'sentinel_watchlists_list', { search: "x' or 1 eq 1" }),
    );
    assert.equal(inj.count, 0);
  });

  test('pages with a cursor: every watchlist once, has_more false at the end', async () => {
    const { items, pages } = await allPages<WatchlistRow>(
      'sentinel_watchlists_list',
      { top: 3 },
      'watchlists',
    );
    assert.equal(pages, 2);
    assert.deepEqual(
      items.map((w) => w.alias),
      ['CorporateEgressIPs', 'HighValueAssets', 'TerminatedEmployees', 'VIPUsers'],
    );
  });

  test('a damaged cursor, or one from another listing, is INVALID_ARGUMENT', async () => {
    const first = structured<Watchlists>(await call(c.client, 'sentinel_watchlists_list', { top: 1 }));
    assert.ok(first.next_cursor);
    const other = await call(c.client, 'sentinel_watchlists_list', {
      top: 1,
      search: 'a',
      cursor: first.next_cursor,
    });
    assert.equal(errorOf(other).code, 'INVALID_ARGUMENT');
    assert.equal(
      errorOf(await call(c.client, 'sentinel_watchlists_list', { cursor: 'not-a-cursor' })).code,
      'INVALID_ARGUMENT',
    );
    assert.equal(
      errorOf(await call(c.client, 'sentinel_watchlists_list', { top: 0 })).code,
      'INVALID_ARGUMENT',
    );
  });
});

describe('sentinel_watchlist_get', () => {
  test('returns the whole watchlist with its item count and authors', async () => {
    const r = structured<Record<string, unknown>>(
      await call(c.client, 'sentinel_watchlist_get', { watchlist_alias: 'HighValueAssets' }),
    );
    assert.equal(r['display_name'], 'High Value Assets');
    assert.equal(r['items_search_key'], 'Hostname');
    assert.equal(r['provider'], 'Microsoft');
    assert.equal(r['source'], 'HighValueAssets.csv');
    assert.equal(r['content_type'], 'text/csv');
    assert.match(String(r['created_by']), /kevin\.park@fernbrooklabs\.com/);
    const items = await allPages<ItemRow>(
      'sentinel_watchlist_items_list',
      { watchlist_alias: 'HighValueAssets' },
      'items',
    );
    assert.equal(r['items_count'], items.items.length);
    assert.ok(items.items.length >= 5);
    assert.equal(r['items_count_capped'], false);
    assert.ok(Date.parse(String(r['created'])) < Date.parse(String(r['updated'])));
  });

  test('alias lookup ignores case', async () => {
    const r = structured<Record<string, unknown>>(
      await call(c.client, 'sentinel_watchlist_get', { watchlist_alias: 'vipusers' }),
    );
    assert.equal(r['alias'], 'VIPUsers');
  });

  test('NOT_FOUND names the alias and the list tool; bad aliases are INVALID_ARGUMENT', async () => {
    const missing = errorOf(
      await call(c.client, 'sentinel_watchlist_get', { watchlist_alias: 'NoSuchList' }),
    );
    assert.equal(missing.code, 'NOT_FOUND');
    assert.match(missing.message, /watchlist.*NoSuchList/);
    assert.match(missing.hint ?? '', /sentinel_watchlists_list/);
    const injection = errorOf(
      await call(c.client, 'sentinel_watchlist_get', { watchlist_alias: "x' or 1 eq 1" }),
    );
    assert.equal(injection.code, 'NOT_FOUND', 'an OData-looking alias is just a name that does not exist');
    for (const bad of ['a/b', '..', 'a\u0001b', 'x'.repeat(300), '', 'a?b', 'a%2Fb']) {
      assert.equal(
        errorOf(await call(c.client, 'sentinel_watchlist_get', { watchlist_alias: bad })).code,
        'INVALID_ARGUMENT',
        JSON.stringify(bad),
      );
    }
  });
});

describe('sentinel_watchlist_items_list and sentinel_watchlist_item_get', () => {
  test('items are column → value objects; pages of 2 cover every item once', async () => {
    const { items, pages } = await allPages<ItemRow>(
      'sentinel_watchlist_items_list',
      { watchlist_alias: 'CorporateEgressIPs', top: 2 },
      'items',
    );
    assert.equal(pages, 3);
    assert.equal(items.length, 5);
    assert.equal(new Set(items.map((i) => i.item_id)).size, 5, 'no duplicates across pages');
    const office = items.find((i) => i.values['IPAddress'] === '198.51.100.10');
    assert.deepEqual(office?.values, {
      IPAddress: '198.51.100.10',
      Location: 'Boston HQ',
      Description: 'Office internet NAT (FB-PA-EDGE01)',
    });
  });

  test('search filters on any value, pages within the matches, and treats its text literally', async () => {
    const { items, pages } = await allPages<ItemRow>(
      'sentinel_watchlist_items_list',
      { watchlist_alias: 'CorporateEgressIPs', search: 'azure', top: 3 },
      'items',
    );
    assert.equal(pages, 2);
    assert.equal(items.length, 4);
    assert.ok(items.every((i) => JSON.stringify(i.values).toLowerCase().includes('azure')));
    const none = structured<Items>(
      await call(c.client, 'sentinel_watchlist_items_list', {
        watchlist_alias: 'CorporateEgressIPs',
        search: "x' or 1 eq 1",
      }),
    );
    assert.equal(none.count, 0);
    assert.equal(none.has_more, false);
  });

  test("the compromised user's workstation is a high-value asset", async () => {
    const r = structured<Items>(
      await call(c.client, 'sentinel_watchlist_items_list', {
        watchlist_alias: 'HighValueAssets',
        search: 'megan.ortiz@fernbrooklabs.com',
      }),
    );
    assert.equal(r.count, 1);
    assert.equal(r.items[0]?.values['Hostname'], 'FB-WS-005');
    assert.match(
      text(
        await call(c.client, 'sentinel_watchlist_items_list', {
          watchlist_alias: 'HighValueAssets',
          search: 'megan',
        }),
      ),
      /\| item_id \| Hostname \|/,
    );
  });

  test('one item by id; NOT_FOUND for an unknown item or watchlist', async () => {
    const list = structured<Items>(
      await call(c.client, 'sentinel_watchlist_items_list', {
        watchlist_alias: 'TerminatedEmployees',
        top: 1,
      }),
    );
    const first = list.items[0]!;
    const item = structured<Record<string, unknown>>(
      await call(c.client, 'sentinel_watchlist_item_get', {
        watchlist_alias: 'TerminatedEmployees',
        item_id: first.item_id,
      }),
    );
    assert.equal(item['item_id'], first.item_id);
    assert.deepEqual(item['values'], first.values);
    assert.match(String(item['created_by']), /laura\.keane/);
    const missing = errorOf(
      await call(c.client, 'sentinel_watchlist_item_get', {
        watchlist_alias: 'TerminatedEmployees',
        item_id: '00000000-0000-0000-0000-000000000000',
      }),
    );
    assert.equal(missing.code, 'NOT_FOUND');
    assert.match(missing.message, /00000000-0000-0000-0000-000000000000/);
    assert.equal(
      errorOf(await call(c.client, 'sentinel_watchlist_items_list', { watchlist_alias: 'NoSuchList' })).code,
      'NOT_FOUND',
    );
    assert.equal(
      errorOf(
        await call(c.client, 'sentinel_watchlist_item_get', {
          watchlist_alias: 'TerminatedEmployees',
          item_id: 'a/../b',
        }),
      ).code,
      'INVALID_ARGUMENT',
    );
  });
});

describe("_GetWatchlist('alias') in sentinel_logs_search", () => {
  test('returns the watchlist rows with SearchKey and the CSV columns', async () => {
    const r = structured<{ columns: { name: string }[]; rows: unknown[][] }>(
      await call(c.client, 'sentinel_logs_search', {
        query: "_GetWatchlist('CorporateEgressIPs') | project SearchKey, Location | order by SearchKey asc",
      }),
    );
    assert.deepEqual(
      r.columns.map((col) => col.name),
      ['SearchKey', 'Location'],
    );
    assert.equal(r.rows.length, 5);
    assert.ok(r.rows.some((row) => row[0] === '198.51.100.10' && row[1] === 'Boston HQ'));
  });

  test('joins with the story: sign-ins of the compromised user on a high-value asset owner', async () => {
    const r = structured<{ rows: unknown[][] }>(
      await call(c.client, 'sentinel_logs_search', {
        query:
          "let owners = _GetWatchlist('HighValueAssets') | where Tags == 'Finance AP (payments)' | project Owner; " +
          'SigninLogs | where UserPrincipalName in (owners) | summarize n = count() by UserPrincipalName | order by UserPrincipalName asc',
        timespan: 'P30D',
      }),
    );
    assert.ok(r.rows.some((row) => row[0] === 'megan.ortiz@fernbrooklabs.com' && Number(row[1]) > 0));
  });
});
