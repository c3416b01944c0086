// Tools of the hunting toolset: Sentinel hunting queries (saved searches of category "Hunting
// Queries"), running one, and Log Analytics saved searches of every category.
import { z } from 'zod';
import type { Backend } from '../backends/backend.js';
import type { ArmObject } from '../backends/objects.js';
import { guardQuery } from '../kql/guard.js';
import { objectsOf } from '../sentinel/arm.js';
import {
  idArg,
  isPathSafe,
  listHead,
  markdownRows,
  nameOf,
  notFound,
  READ_ONLY,
  renderDetail,
  sameText,
  searchArg,
  sortBy,
  textMatcher,
} from '../sentinel/common.js';
import {
  hasAnyTactic,
  hasAnyTechnique,
  huntingDetail,
  huntingDetailShape,
  huntingRow,
  huntingRowShape,
  isHuntingQuery,
  savedSearchCategory,
  savedSearchDetail,
  savedSearchDetailShape,
  savedSearchFacts,
  savedSearchRow,
  savedSearchRowShape,
} from '../sentinel/hunting.js';
import { fingerprint, listAll, pageInput, pageOfArray, pageOutput } from '../sentinel/paging.js';
import { ToolError } from '../util/errors.js';
import { timeRangeOf } from './logs.js';
import { formatArg, maxRowsArg, queryResultShape, renderQueryResult, toQueryResult } from './query-result.js';
import { defineTool, type ToolContext } from './types.js';

const HUNTING_LIST = 'sentinel_hunting_queries_list';
const SAVED_LIST = 'log_analytics_saved_searches_list';

/** The saved searches, sorted by display name (cached whole collection). */
async function savedSearches(ctx: ToolContext, backend: Backend): Promise<ArmObject[]> {
  const all = await listAll(ctx, backend, 'savedSearches');
  return sortBy(all, (o) => savedSearchFacts(o).display_name, nameOf);
}

/**
 * A saved search by ARM name, resource id or display name (case-insensitive). With huntingOnly, a
 * saved search of another category is NOT_FOUND (with a hint to the saved-search tool).
 */
async function findSavedSearch(ctx: ToolContext, id: string, huntingOnly: boolean): Promise<ArmObject> {
  const backend = await ctx.backend();
  const objects = objectsOf(backend);
  const label = huntingOnly ? 'hunting query' : 'saved search';
  const listTool = huntingOnly ? HUNTING_LIST : SAVED_LIST;
  const check = (o: ArmObject): ArmObject => {
    if (huntingOnly && !isHuntingQuery(o)) {
      throw new ToolError(
        'NOT_FOUND',
        `Saved search "${nameOf(o)}" is not a hunting query (its category is "${savedSearchCategory(o) ?? 'none'}")`,
        {
          hint: 'Use log_analytics_saved_search_get for saved searches of other categories.',
          retryable: false,
        },
      );
    }
    return o;
  };
  if (isPathSafe(id)) {
    let direct: ArmObject | undefined;
    try {
      direct = await objects.get('savedSearches', id, { abortSignal: ctx.signal, deadline: ctx.deadline });
    } catch (error) {
      if (!(error instanceof ToolError && error.code === 'NOT_FOUND')) throw error;
    }
    if (direct) return check(direct);
  }
  const all = await savedSearches(ctx, backend);
  const byId = all.find((o) => sameText(nameOf(o), id) || sameText(o.id, id));
  if (byId) return check(byId);
  const byName = all.filter(
    (o) => sameText(savedSearchFacts(o).display_name, id) && (!huntingOnly || isHuntingQuery(o)),
  );
  if (byName.length > 1) {
    throw new ToolError(
      'INVALID_ARGUMENT',
      `${byName.length} ${label}s are named "${id}": ${byName.map(nameOf).slice(0, 10).join(', ')}`,
      { hint: 'Pass one of these ids instead of the display name.', retryable: false },
    );
  }
  if (byName[0]) return byName[0];
  throw notFound(label, id, listTool);
}

const tacticsArg = z
  .array(z.string().min(1).max(64))
  .max(20)
  .optional()
  .describe(
    'MITRE ATT&CK tactics; a query matches when it has any of them (e.g. ["InitialAccess","Persistence"])',
  );
const techniquesArg = z
  .array(
    z
      .string()
      .max(16)
      .regex(/^[Tt]\d{4}(\.\d{3})?$/, 'a technique id such as T1078 or T1078.004'),
  )
  .max(20)
  .optional()
  .describe('MITRE ATT&CK technique ids; T1078 also matches its sub-techniques (T1078.004)');

export const huntingQueriesListTool = defineTool({
  name: HUNTING_LIST,
  title: 'List hunting queries',
  description:
    'Lists the Sentinel hunting queries of the workspace (saved searches of category "Hunting Queries") with ' +
    'their MITRE tactics and techniques, filtered by tactics, techniques and a text search over name, ' +
    'description and query. Use sentinel_hunting_query_get for one whole query and sentinel_hunting_query_run ' +
    'to run it. For saved searches of every category use log_analytics_saved_searches_list.',
  toolset: 'hunting',
  input: {
    tactics: tacticsArg,
    techniques: techniquesArg,
    search: searchArg('Case-insensitive text to find in the display name, description or query'),
    ...pageInput(50, 200),
  },
  output: {
    queries: z.array(huntingRowShape).describe('Matching hunting queries, by display name'),
    ...pageOutput,
  },
  annotations: READ_ONLY,
  async run(ctx, args) {
    const backend = await ctx.backend();
    const matches = textMatcher(args.search);
    const rows = (await savedSearches(ctx, backend)).filter((o) => {
      if (!isHuntingQuery(o)) return false;
      const f = savedSearchFacts(o);
      return (
        hasAnyTactic(f, args.tactics) &&
        hasAnyTechnique(f, args.techniques) &&
        matches(f.display_name, f.description, f.query, f.id)
      );
    });
    const listing = fingerprint([HUNTING_LIST, args.tactics, args.techniques, args.search]);
    const page = pageOfArray(rows, args.top, args.cursor, listing);
    return {
      queries: page.items.map(huntingRow),
      count: page.count,
      has_more: page.has_more,
      next_cursor: page.next_cursor,
    };
  },
  render: (r) =>
    `${listHead(r.count, 'hunting queries', r.has_more)}\n${markdownRows(r.queries, ['id', 'display_name', 'tactics', 'techniques', 'description'])}`,
});

const queryIdArg = idArg(
  'Hunting query id (saved-search name), ARM resource id, or display name (case-insensitive)',
  512,
);

export const huntingQueryGetTool = defineTool({
  name: 'sentinel_hunting_query_get',
  title: 'Get a hunting query',
  description:
    'Returns one hunting query whole: display name, description, tactics, techniques, tags and the full KQL. ' +
    'query_id is its id, its ARM resource id or its display name. To run it use sentinel_hunting_query_run; ' +
    'to find queries use sentinel_hunting_queries_list.',
  toolset: 'hunting',
  input: { query_id: queryIdArg },
  output: huntingDetailShape,
  annotations: READ_ONLY,
  async run(ctx, args) {
    return huntingDetail(await findSavedSearch(ctx, args.query_id, true));
  },
  render: (r) => renderDetail(r, ['query', 'description']),
});

export const huntingQueryRunTool = defineTool({
  name: 'sentinel_hunting_query_run',
  title: 'Run a hunting query',
  description:
    'Runs one hunting query (by id or display name) over a time range (default the last 7 days, P7D) and ' +
    'returns typed columns and rows, as sentinel_logs_search does. Use it to hunt with a saved query as it is; ' +
    'to change the query, read it with sentinel_hunting_query_get and run your version with sentinel_logs_search.',
  toolset: 'hunting',
  input: {
    query_id: queryIdArg,
    timespan: z
      .string()
      .max(40)
      .optional()
      .describe(
        'Time range ending now as an ISO 8601 duration (default P7D), e.g. PT12H, P1D, P30D. Or give start and end.',
      ),
    start: z
      .string()
      .max(40)
      .optional()
      .describe('Start of the time range, ISO 8601 (e.g. 2024-05-01T00:00:00Z)'),
    end: z.string().max(40).optional().describe('End of the time range, ISO 8601; default now'),
    max_rows: maxRowsArg,
    format: formatArg,
  },
  output: {
    hunting_query: z
      .object({ id: z.string(), display_name: z.string().nullable() })
      .describe('The hunting query that ran'),
    query: z.string().describe('The KQL that ran'),
    ...queryResultShape,
  },
  annotations: READ_ONLY,
  async run(ctx, args) {
    const found = await findSavedSearch(ctx, args.query_id, true);
    const f = savedSearchFacts(found);
    if (!f.query) {
      throw new ToolError('INVALID_ARGUMENT', `Hunting query "${f.id}" has no query text`, {
        retryable: false,
      });
    }
    const query = guardQuery(f.query);
    const timespan = timeRangeOf(args) ?? { duration: 'P7D' };
    const backend = await ctx.backend();
    const response = await backend.logs.query({
      query,
      timespan,
      maxRows: args.max_rows,
      abortSignal: ctx.signal,
    });
    return {
      hunting_query: { id: f.id, display_name: f.display_name },
      query,
      ...toQueryResult(response, args.max_rows, backend.kind),
    };
  },
  render: (r, args) =>
    `Hunting query ${r.hunting_query.id} (${r.hunting_query.display_name ?? 'no name'})\n${renderQueryResult(r, args.format)}`,
});

export const savedSearchesListTool = defineTool({
  name: SAVED_LIST,
  title: 'List saved searches',
  description:
    'Lists the Log Analytics saved searches of the workspace, of every category (hunting queries, functions, ' +
    'Log Management, ...), filtered by category and a text search over name, category and query. Use ' +
    'log_analytics_saved_search_get for one whole; for hunting queries with tactics use sentinel_hunting_queries_list.',
  toolset: 'hunting',
  input: {
    category: searchArg('Only this category (case-insensitive, exact), e.g. "Hunting Queries"'),
    search: searchArg('Case-insensitive text to find in the display name, category, function alias or query'),
    ...pageInput(50, 200),
  },
  output: {
    saved_searches: z.array(savedSearchRowShape).describe('Matching saved searches, by display name'),
    ...pageOutput,
  },
  annotations: READ_ONLY,
  async run(ctx, args) {
    const backend = await ctx.backend();
    const matches = textMatcher(args.search);
    const rows = (await savedSearches(ctx, backend)).filter((o) => {
      const f = savedSearchFacts(o);
      if (args.category !== undefined && !sameText(f.category, args.category)) return false;
      return matches(f.display_name, f.category, f.function_alias, f.query, f.id);
    });
    const page = pageOfArray(
      rows,
      args.top,
      args.cursor,
      fingerprint([SAVED_LIST, args.category, args.search]),
    );
    return {
      saved_searches: page.items.map(savedSearchRow),
      count: page.count,
      has_more: page.has_more,
      next_cursor: page.next_cursor,
    };
  },
  render: (r) =>
    `${listHead(r.count, 'saved searches', r.has_more)}\n${markdownRows(r.saved_searches, ['id', 'display_name', 'category', 'function_alias', 'query'])}`,
});

export const savedSearchGetTool = defineTool({
  name: 'log_analytics_saved_search_get',
  title: 'Get a saved search',
  description:
    'Returns one Log Analytics saved search whole (query, category, function alias and parameters, tags), by ' +
    'its id, ARM resource id or display name. Find ids with log_analytics_saved_searches_list.',
  toolset: 'hunting',
  input: {
    saved_search_id: idArg(
      'Saved-search id (name), ARM resource id, or display name (case-insensitive)',
      512,
    ),
  },
  output: savedSearchDetailShape,
  annotations: READ_ONLY,
  async run(ctx, args) {
    return savedSearchDetail(await findSavedSearch(ctx, args.saved_search_id, false));
  },
  render: (r) => renderDetail(r, ['query']),
});

export const huntingTools = [
  huntingQueriesListTool,
  huntingQueryGetTool,
  huntingQueryRunTool,
  savedSearchesListTool,
  savedSearchGetTool,
];
