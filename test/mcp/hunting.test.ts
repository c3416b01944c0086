// The hunting tools through an MCP client on the demo workspace: hunting queries (filters, paging,
// get by id or display name, run), saved searches of every category, NOT_FOUND, invalid arguments and
// injection-looking values.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { huntingQueryDefs } from '../../src/backends/local/demo/content/index.js';
import { DEMO_WORKSPACE_ID, DEMO_WORKSPACE_NAME } from '../../src/backends/local/demo/index.js';
import { buildStory } from '../../src/backends/local/demo/story.js';
import { call, connect, errorOf, structured, text, type Connected } from '../helpers/mcp.js';

interface HuntingRow {
  id: string;
  display_name: string | null;
  tactics: string[];
  techniques: string[];
  description: string | null;
  query: string | null;
}
interface Page {
  count: number;
  has_more: boolean;
  next_cursor: string | null;
}
type Hunting = Page & { queries: HuntingRow[] };
interface SavedRow {
  id: string;
  display_name: string | null;
  category: string | null;
  function_alias: string | null;
}
type Saved = Page & { saved_searches: SavedRow[] };
interface RunResult {
  hunting_query: { id: string; display_name: string | null };
  query: string;
  columns: { name: string; type: string }[];
  rows: unknown[][];
  row_count: number;
  timespan: string | null;
}

const defs = huntingQueryDefs(buildStory(new Date(), { name: DEMO_WORKSPACE_NAME, id: DEMO_WORKSPACE_ID }));
let c: Connected;
let all: HuntingRow[];

before(async () => {
  c = await connect();
  all = structured<Hunting>(await call(c.client, 'sentinel_hunting_queries_list', { top: 200 })).queries;
});

after(async () => {
  await c.close();
});

const names = (rows: { display_name: string | null }[]) => rows.map((r) => r.display_name);

describe('sentinel_hunting_queries_list', () => {
  test('lists only the hunting queries, by display name, with tactics and techniques from the tags', () => {
    assert.equal(all.length, defs.length);
    assert.deepEqual(
      names(all),
      [...defs.map((d) => d.displayName)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    );
    const spray = all.find((r) => r.display_name === 'IP addresses failing sign-ins for many accounts');
    assert.deepEqual(spray?.tactics, ['CredentialAccess']);
    assert.deepEqual(spray?.techniques, ['T1110']);
    assert.match(spray?.description ?? '', /password spraying/);
    assert.ok(
      all.every((r) => (r.query?.length ?? 0) <= 200 + 30),
      'queries are cut in lists',
    );
    assert.ok(
      all.some((r) => /…\[cut \d+ chars\]$/.test(r.query ?? '')),
      'long queries carry the cut marker',
    );
  });

  test('filters by tactic (any of them, spaces and case ignored) and by technique (sub-techniques too)', async () => {
    const persistence = structured<Hunting>(
      await call(c.client, 'sentinel_hunting_queries_list', { tactics: ['persistence'] }),
    );
    assert.deepEqual(
      names(persistence.queries).sort(),
      defs
        .filter((d) => d.tactics.includes('Persistence'))
        .map((d) => d.displayName)
        .sort(),
    );
    assert.ok(persistence.count >= 2);
    const two = structured<Hunting>(
      await call(c.client, 'sentinel_hunting_queries_list', {
        tactics: ['Command And Control', 'Discovery'],
      }),
    );
    assert.equal(
      two.count,
      defs.filter((d) => d.tactics.includes('CommandAndControl') || d.tactics.includes('Discovery')).length,
    );
    const t1071 = structured<Hunting>(
      await call(c.client, 'sentinel_hunting_queries_list', { techniques: ['T1071'] }),
    );
    assert.deepEqual(names(t1071.queries), [
      'Beaconing: connections at regular intervals',
      'Connections to domains in threat intelligence',
    ]);
    const both = structured<Hunting>(
      await call(c.client, 'sentinel_hunting_queries_list', {
        tactics: ['Discovery'],
        techniques: ['T1071'],
      }),
    );
    assert.equal(both.count, 0, 'tactics and techniques must both match');
  });

  test('search looks in name, description and query; injection-looking text is a literal', async () => {
    const certutil = structured<Hunting>(
      await call(c.client, 'sentinel_hunting_queries_list', { search: 'URLCACHE' }),
    );
    assert.deepEqual(names(certutil.queries), ['certutil.exe downloading files']);
    const fatigue = structured<Hunting>(
      await call(c.client, 'sentinel_hunting_queries_list', { search: 'mfa fatigue' }),
    );
    assert.deepEqual(names(fatigue.queries), ['Users with repeated denied MFA requests']);
    for (const search of ["x' or 1 eq 1", '") or true or ("', '.*beacon']) {
      const r = structured<Hunting>(await call(c.client, 'sentinel_hunting_queries_list', { search }));
      assert.equal(r.count, 0, search);
    }
  });

  test('pages of 5 cover every query once; has_more false at the end', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: Hunting = structured<Hunting>(
        await call(c.client, 'sentinel_hunting_queries_list', { top: 5, ...(cursor ? { cursor } : {}) }),
      );
      pages++;
      seen.push(...r.queries.map((q) => q.id));
      assert.equal(r.has_more, r.next_cursor !== null);
      cursor = r.next_cursor;
    } while (cursor);
    assert.equal(pages, Math.ceil(defs.length / 5));
    assert.equal(new Set(seen).size, defs.length, 'no duplicates');
    assert.deepEqual(
      seen,
      all.map((r) => r.id),
    );
  });

  test('invalid arguments are INVALID_ARGUMENT', async () => {
    for (const args of [
      { techniques: ['1078'] },
      { techniques: ["T1078' or 1 eq 1"] },
      { top: 201 },
      { search: 'a\u0000b' },
      { tactics: 'InitialAccess' },
      { cursor: 'eyJvIjoxLCJmIjoieCJ9' },
      { unknown: 1 },
    ]) {
      assert.equal(
        errorOf(await call(c.client, 'sentinel_hunting_queries_list', args)).code,
        'INVALID_ARGUMENT',
        JSON.stringify(args),
      );
    }
  });
});

describe('sentinel_hunting_query_get', () => {
  test('by id, by display name (any case) or by resource id: the whole query', async () => {
    const row = all.find((r) => r.display_name === 'Beaconing: connections at regular intervals')!;
    const byId = structured<Record<string, unknown>>(
      await call(c.client, 'sentinel_hunting_query_get', { query_id: row.id }),
    );
    const def = defs.find((d) => d.displayName === row.display_name)!;
    assert.equal(byId['query'], def.query, 'the query is whole');
    assert.equal(byId['category'], 'Hunting Queries');
    assert.deepEqual(byId['techniques'], ['T1071', 'T1573']);
    const byName = structured<Record<string, unknown>>(
      await call(c.client, 'sentinel_hunting_query_get', {
        query_id: 'BEACONING: connections at regular intervals',
      }),
    );
    assert.deepEqual(byName, byId);
    const byResourceId = structured<Record<string, unknown>>(
      await call(c.client, 'sentinel_hunting_query_get', { query_id: String(byId['resource_id']) }),
    );
    assert.deepEqual(byResourceId, byId);
    const rendered = text(await call(c.client, 'sentinel_hunting_query_get', { query_id: row.id }));
    assert.match(rendered, /^query:\nlet minConnections = 20;/m);
  });

  test('NOT_FOUND names the id and the list tool; a saved search of another category is not a hunting query', async () => {
    const missing = errorOf(await call(c.client, 'sentinel_hunting_query_get', { query_id: 'No such hunt' }));
    assert.equal(missing.code, 'NOT_FOUND');
    assert.match(missing.message, /hunting query "No such hunt"/);
    assert.match(missing.hint ?? '', /sentinel_hunting_queries_list/);
    const other = errorOf(
      await call(c.client, 'sentinel_hunting_query_get', { query_id: 'failed-logons-by-account' }),
    );
    assert.equal(other.code, 'NOT_FOUND');
    assert.match(other.message, /not a hunting query.*Log Management/);
    assert.match(other.hint ?? '', /log_analytics_saved_search_get/);
    const injection = errorOf(
      await call(c.client, 'sentinel_hunting_query_get', { query_id: "x' or 1 eq 1" }),
    );
    assert.equal(injection.code, 'NOT_FOUND');
    for (const bad of ['', 'a\u0007', 'x'.repeat(600)]) {
      assert.equal(
        errorOf(await call(c.client, 'sentinel_hunting_query_get', { query_id: bad })).code,
        'INVALID_ARGUMENT',
      );
    }
  });
});

describe('sentinel_hunting_query_run', () => {
  test('each demo hunting query finds its step of the story (P14D)', async () => {
    for (const def of defs) {
      const r = structured<RunResult>(
        await call(c.client, 'sentinel_hunting_query_run', {
          query_id: def.displayName,
          timespan: 'P14D',
          max_rows: 1000,
        }),
      );
      assert.ok(r.row_count > 0, `${def.displayName} returned rows`);
      assert.ok(JSON.stringify(r.rows).includes(def.finds), `${def.displayName} finds ${def.finds}`);
      assert.equal(r.query, def.query);
    }
  });

  test('defaults to the last 7 days and has the logs-search result shape', async () => {
    const spray = all.find((r) => r.display_name === 'IP addresses failing sign-ins for many accounts')!;
    const result = await call(c.client, 'sentinel_hunting_query_run', { query_id: spray.id });
    const r = structured<RunResult>(result);
    assert.match(r.timespan ?? '', /\(P7D\)$/);
    assert.equal(r.hunting_query.id, spray.id);
    assert.deepEqual(
      r.columns.slice(0, 3).map((col) => col.name),
      ['IPAddress', 'Country', 'FailedAccounts'],
    );
    assert.ok(r.rows.some((row) => row[0] === '193.233.48.17'));
    assert.match(
      text(result),
      /^Hunting query .*\(IP addresses failing sign-ins for many accounts\)\n\d+ (of \d+ )?rows?/,
    );
    const csv = text(
      await call(c.client, 'sentinel_hunting_query_run', { query_id: spray.id, format: 'csv', max_rows: 1 }),
    );
    assert.match(csv, /^IPAddress,Country,FailedAccounts/m);
  });

  test('start/end instead of timespan; bad times, ids and max_rows are refused', async () => {
    const spray = 'IP addresses failing sign-ins for many accounts';
    const end = new Date();
    const start = new Date(end.getTime() - 14 * 86_400_000);
    const r = structured<RunResult>(
      await call(c.client, 'sentinel_hunting_query_run', {
        query_id: spray,
        start: start.toISOString(),
        end: end.toISOString(),
      }),
    );
    assert.ok(r.row_count > 0);
    for (const args of [
      { query_id: spray, timespan: 'P1Y' },
      { query_id: spray, timespan: 'P1D', start: start.toISOString() },
      { query_id: spray, start: 'yesterday' },
      { query_id: spray, max_rows: 0 },
    ]) {
      assert.equal(
        errorOf(await call(c.client, 'sentinel_hunting_query_run', args)).code,
        'INVALID_ARGUMENT',
        JSON.stringify(args),
      );
    }
    assert.equal(
      errorOf(await call(c.client, 'sentinel_hunting_query_run', { query_id: 'computers-not-reporting' }))
        .code,
      'NOT_FOUND',
      'only hunting queries run',
    );
  });
});

describe('log_analytics_saved_searches_list and log_analytics_saved_search_get', () => {
  test('every category; filter by category (any case) and search', async () => {
    const everything = structured<Saved>(
      await call(c.client, 'log_analytics_saved_searches_list', { top: 200 }),
    );
    assert.equal(everything.count, defs.length + 3);
    const categories = new Set(everything.saved_searches.map((s) => s.category));
    assert.deepEqual([...categories].sort(), ['Functions', 'Hunting Queries', 'Log Management']);
    const functions = structured<Saved>(
      await call(c.client, 'log_analytics_saved_searches_list', { category: 'functions' }),
    );
    assert.deepEqual(
      functions.saved_searches.map((s) => [s.id, s.function_alias]),
      [['fernbrook-signin-failures', 'FernbrookSigninFailures']],
    );
    const heartbeat = structured<Saved>(
      await call(c.client, 'log_analytics_saved_searches_list', { search: 'heartbeat' }),
    );
    assert.ok(heartbeat.saved_searches.some((s) => s.id === 'computers-not-reporting'));
    const none = structured<Saved>(
      await call(c.client, 'log_analytics_saved_searches_list', { category: "Functions' or 1 eq 1" }),
    );
    assert.equal(none.count, 0);
  });

  test('pages of 4; a cursor from another filter is refused', async () => {
    const first = structured<Saved>(await call(c.client, 'log_analytics_saved_searches_list', { top: 4 }));
    assert.equal(first.has_more, true);
    const next = structured<Saved>(
      await call(c.client, 'log_analytics_saved_searches_list', { top: 4, cursor: first.next_cursor }),
    );
    assert.equal(next.count, 4);
    assert.ok(!next.saved_searches.some((s) => first.saved_searches.some((f) => f.id === s.id)));
    assert.equal(
      errorOf(
        await call(c.client, 'log_analytics_saved_searches_list', {
          top: 4,
          category: 'Functions',
          cursor: first.next_cursor,
        }),
      ).code,
      'INVALID_ARGUMENT',
    );
  });

  test('get by id or display name; NOT_FOUND names the list tool', async () => {
    const f = structured<Record<string, unknown>>(
      await call(c.client, 'log_analytics_saved_search_get', {
        saved_search_id: 'fernbrook-signin-failures',
      }),
    );
    assert.equal(f['function_alias'], 'FernbrookSigninFailures');
    assert.equal(f['category'], 'Functions');
    assert.match(String(f['query']), /SigninLogs/);
    const byName = structured<Record<string, unknown>>(
      await call(c.client, 'log_analytics_saved_search_get', {
        saved_search_id: 'failed windows logons by account',
      }),
    );
    assert.equal(byName['id'], 'failed-logons-by-account');
    const missing = errorOf(
      await call(c.client, 'log_analytics_saved_search_get', { saved_search_id: 'nope' }),
    );
    assert.equal(missing.code, 'NOT_FOUND');
    assert.match(missing.message, /saved search "nope"/);
    assert.match(missing.hint ?? '', /log_analytics_saved_searches_list/);
  });
});
