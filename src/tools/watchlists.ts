// Tools of the watchlists toolset: watchlists and their items.
import { z } from 'zod';
import type { Backend } from '../backends/backend.js';
import type { ArmObject } from '../backends/objects.js';
import { objectsOf } from '../sentinel/arm.js';
import {
  checkName,
  idArg,
  listHead,
  markdownRows,
  READ_ONLY,
  renderDetail,
  searchArg,
  sortBy,
  textMatcher,
  withListHint,
} from '../sentinel/common.js';
import { fingerprint, listAll, pageInput, pageOfArray, pageOutput } from '../sentinel/paging.js';
import {
  itemMatches,
  watchlistAlias,
  watchlistDetail,
  watchlistDetailShape,
  watchlistItemDetail,
  watchlistItemDetailShape,
  watchlistItemRow,
  watchlistItemRowShape,
  watchlistRow,
  watchlistRowShape,
} from '../sentinel/watchlists.js';
import { defineTool, type ToolContext } from './types.js';

const LIST = 'sentinel_watchlists_list';
const ITEMS_LIST = 'sentinel_watchlist_items_list';

/** Items read at most when searching a watchlist's values (the search runs over them here). */
export const WATCHLIST_SEARCH_CAP = 10_000;
/** Items counted at most for a watchlist's items_count. */
export const WATCHLIST_COUNT_CAP = 1_000;

const aliasArg = idArg('Watchlist alias, as sentinel_watchlists_list shows it (e.g. HighValueAssets)');

export const watchlistsListTool = defineTool({
  name: LIST,
  title: 'List watchlists',
  description:
    'Lists the Sentinel watchlists of the workspace: alias, name, provider, source, search key, labels. Filter ' +
    'with a text search over alias, name, description and labels. Use sentinel_watchlist_get for one watchlist ' +
    "and sentinel_watchlist_items_list for its rows; in KQL read a watchlist with _GetWatchlist('alias').",
  toolset: 'watchlists',
  input: {
    search: searchArg(
      'Case-insensitive text to find in alias, display name, description, provider or labels',
    ),
    ...pageInput(50, 200),
  },
  output: { watchlists: z.array(watchlistRowShape).describe('Matching watchlists, by alias'), ...pageOutput },
  annotations: READ_ONLY,
  async run(ctx, args) {
    const backend = await ctx.backend();
    const matches = textMatcher(args.search);
    const rows = sortBy(await listAll(ctx, backend, 'watchlists'), watchlistAlias, watchlistAlias)
      .map(watchlistRow)
      .filter((r) => matches(r.alias, r.display_name, r.description, r.provider, ...r.labels));
    const page = pageOfArray(rows, args.top, args.cursor, fingerprint([LIST, args.search]));
    return {
      watchlists: page.items,
      count: page.count,
      has_more: page.has_more,
      next_cursor: page.next_cursor,
    };
  },
  render: (r) =>
    `${listHead(r.count, 'watchlists', r.has_more)}\n${markdownRows(r.watchlists, ['alias', 'display_name', 'provider', 'items_search_key', 'labels', 'description'])}`,
});

/** Counts a watchlist's items up to the cap. */
async function countItems(ctx: ToolContext, backend: Backend, alias: string) {
  const objects = objectsOf(backend);
  let items = 0;
  let cursor: string | undefined;
  do {
    const page = await objects.listChildren('watchlistItems', alias, {
      top: Math.min(1000, WATCHLIST_COUNT_CAP - items),
      abortSignal: ctx.signal,
      deadline: ctx.deadline,
      ...(cursor ? { cursor } : {}),
    });
    items += page.items.length;
    cursor = page.cursor;
  } while (cursor && items < WATCHLIST_COUNT_CAP);
  return { items, capped: cursor !== undefined };
}

export const watchlistGetTool = defineTool({
  name: 'sentinel_watchlist_get',
  title: 'Get a watchlist',
  description:
    'Returns one watchlist: description, provider, source, search key, labels, item count, who created and ' +
    'updated it and when. For its rows use sentinel_watchlist_items_list (or _GetWatchlist in KQL).',
  toolset: 'watchlists',
  input: { watchlist_alias: aliasArg },
  output: watchlistDetailShape,
  annotations: READ_ONLY,
  async run(ctx, args) {
    const alias = checkName(args.watchlist_alias, 'watchlist alias');
    const backend = await ctx.backend();
    const objects = objectsOf(backend);
    const o = await withListHint(LIST, () =>
      objects.get('watchlists', alias, { abortSignal: ctx.signal, deadline: ctx.deadline }),
    );
    const count = await withListHint(LIST, () => countItems(ctx, backend, watchlistAlias(o)));
    return watchlistDetail(o, count);
  },
  render: (r) => renderDetail(r, ['description']),
});

/** Every item of a watchlist, up to the search cap (for a search over values). */
async function allItems(ctx: ToolContext, backend: Backend, alias: string) {
  const objects = objectsOf(backend);
  return ctx.cache.getOrLoad(`objects:${backend.id}:watchlistItems:${alias}`, async () => {
    const items: ArmObject[] = [];
    let cursor: string | undefined;
    do {
      const page = await objects.listChildren('watchlistItems', alias, {
        top: Math.min(1000, WATCHLIST_SEARCH_CAP - items.length),
        abortSignal: ctx.signal,
        deadline: ctx.deadline,
        ...(cursor ? { cursor } : {}),
      });
      items.push(...page.items);
      cursor = page.cursor;
    } while (cursor && items.length < WATCHLIST_SEARCH_CAP);
    return { items, capped: cursor !== undefined };
  });
}

export const watchlistItemsListTool = defineTool({
  name: ITEMS_LIST,
  title: 'List watchlist items',
  description:
    'Lists the rows of one watchlist as column → value objects, paged with top and cursor. With search, only ' +
    `rows with a value containing the text (case-insensitive; the first ${WATCHLIST_SEARCH_CAP} items are ` +
    "searched). To join a watchlist with logs, use _GetWatchlist('alias') in sentinel_logs_search instead.",
  toolset: 'watchlists',
  input: {
    watchlist_alias: aliasArg,
    search: searchArg('Case-insensitive text to find in any value of an item'),
    ...pageInput(100, 1000),
  },
  output: {
    watchlist_alias: z.string().describe('The watchlist'),
    items: z.array(watchlistItemRowShape).describe('Items of this page'),
    ...pageOutput,
    warnings: z
      .array(z.string())
      .describe('E.g. that the search covered only part of a very large watchlist'),
  },
  annotations: READ_ONLY,
  async run(ctx, args) {
    const alias = checkName(args.watchlist_alias, 'watchlist alias');
    const backend = await ctx.backend();
    if (args.search === undefined) {
      const page = await withListHint(LIST, () =>
        objectsOf(backend).listChildren('watchlistItems', alias, {
          top: args.top,
          abortSignal: ctx.signal,
          deadline: ctx.deadline,
          ...(args.cursor ? { cursor: args.cursor } : {}),
        }),
      );
      const items = page.items.map(watchlistItemRow);
      return {
        watchlist_alias: alias,
        items,
        count: items.length,
        has_more: page.cursor !== undefined,
        next_cursor: page.cursor ?? null,
        warnings: [],
      };
    }
    const search = args.search;
    const all = await withListHint(LIST, () => allItems(ctx, backend, alias));
    const matched = all.items.filter((o) => itemMatches(o, search));
    const page = pageOfArray(matched, args.top, args.cursor, fingerprint([ITEMS_LIST, alias, search]));
    return {
      watchlist_alias: alias,
      items: page.items.map(watchlistItemRow),
      count: page.count,
      has_more: page.has_more,
      next_cursor: page.next_cursor,
      warnings: all.capped
        ? [
            `The watchlist has more than ${WATCHLIST_SEARCH_CAP} items; only the first ${WATCHLIST_SEARCH_CAP} were searched. Use _GetWatchlist in sentinel_logs_search to search all.`,
          ]
        : [],
    };
  },
  render(r) {
    const columns = new Set<string>();
    for (const item of r.items)
      for (const k of Object.keys(item.values)) if (columns.size < 12) columns.add(k);
    const rows = r.items.map((i) => ({ item_id: i.item_id, ...i.values }));
    const head = `${listHead(r.count, `items of watchlist ${r.watchlist_alias}`, r.has_more)}`;
    const table = markdownRows(rows as Record<string, unknown>[], ['item_id', ...columns]);
    return [head, ...r.warnings.map((w) => `Warning: ${w}`), table].join('\n');
  },
});

export const watchlistItemGetTool = defineTool({
  name: 'sentinel_watchlist_item_get',
  title: 'Get a watchlist item',
  description:
    'Returns one row of a watchlist by its item id (GUID, from sentinel_watchlist_items_list): its values, ' +
    'entity mapping, and who created and updated it.',
  toolset: 'watchlists',
  input: { watchlist_alias: aliasArg, item_id: idArg('Watchlist item id (GUID)') },
  output: watchlistItemDetailShape,
  annotations: READ_ONLY,
  async run(ctx, args) {
    const alias = checkName(args.watchlist_alias, 'watchlist alias');
    const id = checkName(args.item_id, 'watchlist item id');
    const backend = await ctx.backend();
    const o = await withListHint(`${ITEMS_LIST} (and ${LIST} for the watchlists)`, () =>
      objectsOf(backend).getChild('watchlistItems', alias, id, {
        abortSignal: ctx.signal,
        deadline: ctx.deadline,
      }),
    );
    return watchlistItemDetail(alias, o);
  },
  render: (r) => renderDetail(r),
});

export const watchlistsTools = [
  watchlistsListTool,
  watchlistGetTool,
  watchlistItemsListTool,
  watchlistItemGetTool,
];
