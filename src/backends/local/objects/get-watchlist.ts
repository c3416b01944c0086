// Sentinel's `_GetWatchlist('alias')` (and `_GetWatchlistAlias`) on the local backend. The items of every
// watchlist sit in one hidden table (never listed, and seen only by queries that call _GetWatchlist, so
// `union *` is unchanged); `_GetWatchlist` is a stored function over it. What it returns follows Sentinel: `_DTItemId`, `LastUpdatedTimeUTC`,
// `SearchKey`, `WatchlistItem` (the row as a dynamic bag), then the CSV columns as strings. KQL needs
// one schema per function, so the CSV columns are those of all watchlists together (a column another
// watchlist has is empty). The validator gets the same signatures with empty datatable bodies.
import type { Cell } from '../../backend.js';
import type { ObjectSet } from '../../objects.js';
import type { SchemaFunction } from '../../../kql/analysis.js';
import { argumentNodes } from '../../../kql/engine/expressions.js';
import { bridge, kusto } from '../../../kql/kusto.js';
import { kqlBracketedName, kqlName, kqlString } from '../../../kql/quote.js';
import type { ColumnSchema } from '../../../kql/types.js';
import { ToolError } from '../../../util/errors.js';

/** The hidden table holding every watchlist's items. */
export const WATCHLIST_ITEMS_TABLE = '__sentinel_mcp_watchlist_items';
export const GET_WATCHLIST = '_GetWatchlist';
export const GET_WATCHLIST_ALIAS = '_GetWatchlistAlias';

const FIXED: readonly ColumnSchema[] = [
  { name: '_DTItemId', type: 'string' },
  { name: 'LastUpdatedTimeUTC', type: 'datetime' },
  { name: 'SearchKey', type: 'string' },
  { name: 'WatchlistItem', type: 'dynamic' },
];
const ALIAS_COLUMN = 'WatchlistAlias';

export interface WatchlistFunctions {
  /** Watchlist aliases, as written. */
  aliases: string[];
  /** The hidden table: WatchlistAlias, the fixed columns, then every CSV column. */
  table: { name: string; columns: ColumnSchema[]; rows: Cell[][] };
  /** What queries run with (bodies read the hidden table). */
  execution: SchemaFunction[];
  /** What the validator knows (same signatures and columns, empty bodies). */
  validation: SchemaFunction[];
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string'
    ? value
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
}

const PARAMETERS = '(watchlistAlias:string, keys:dynamic = dynamic([]))';

/** The functions and the hidden table for the watchlists of a set. */
export function watchlistFunctions(set: ObjectSet): WatchlistFunctions {
  const watchlists = set.objects.watchlists ?? [];
  const aliases = watchlists.map((w) => w.name);
  const csvColumns: string[] = [];
  const reserved = new Set([...FIXED.map((c) => c.name), ALIAS_COLUMN]);
  const rows: Cell[][] = [];
  const pending: {
    alias: string;
    id: string;
    updated: string | null;
    key: string;
    kv: Record<string, unknown>;
  }[] = [];
  const byParent = set.children.watchlistItems ?? {};
  for (const watchlist of watchlists) {
    const alias = watchlist.name;
    const searchKey = cellText(watchlist.properties.itemsSearchKey);
    const items =
      byParent[alias] ??
      Object.entries(byParent).find(([k]) => k.toLowerCase() === alias.toLowerCase())?.[1] ??
      [];
    for (const item of items) {
      if (item.properties.isDeleted === true) continue;
      const kv = record(item.properties.itemsKeyValue);
      for (const column of Object.keys(kv))
        if (!reserved.has(column) && !csvColumns.includes(column)) csvColumns.push(column);
      const updated = item.properties.updated ?? item.properties.created;
      pending.push({
        alias,
        id: cellText(item.properties.watchlistItemId) || item.name,
        updated: typeof updated === 'string' && updated !== '' ? updated : null,
        key: cellText(kv[searchKey]),
        kv,
      });
    }
  }
  for (const p of pending) {
    const row: Cell[] = [p.alias, p.id, p.updated, p.key, p.kv as Cell];
    for (const column of csvColumns) row.push(column in p.kv ? cellText(p.kv[column]) : '');
    rows.push(row);
  }
  const resultColumns: ColumnSchema[] = [
    ...FIXED,
    ...csvColumns.map((name) => ({ name, type: 'string' as const })),
  ];
  const table = {
    name: WATCHLIST_ITEMS_TABLE,
    columns: [{ name: ALIAS_COLUMN, type: 'string' as const }, ...resultColumns],
    rows,
  };
  const description =
    'Items of a Microsoft Sentinel watchlist: SearchKey, the item as WatchlistItem, and its columns.';
  const aliasList = `datatable(WatchlistAlias:string)[${aliases.map(kqlString).join(', ')}]`;
  const execution: SchemaFunction[] = [
    {
      name: GET_WATCHLIST,
      parameters: PARAMETERS,
      body:
        `{ ${kqlName(WATCHLIST_ITEMS_TABLE)} | where ${ALIAS_COLUMN} == watchlistAlias ` +
        `| where array_length(keys) == 0 or SearchKey in (keys) | project-away ${ALIAS_COLUMN} }`,
      description,
    },
    {
      name: GET_WATCHLIST_ALIAS,
      parameters: '()',
      body: `{ ${aliasList} }`,
      description: 'Watchlist aliases.',
    },
  ];
  const schemaText = resultColumns.map((c) => `${kqlBracketedName(c.name)}:${c.type}`).join(', ');
  const validation: SchemaFunction[] = [
    { name: GET_WATCHLIST, parameters: PARAMETERS, body: `{ datatable(${schemaText})[] }`, description },
    {
      name: GET_WATCHLIST_ALIAS,
      parameters: '()',
      body: '{ datatable(WatchlistAlias:string)[] }',
      description: 'Watchlist aliases.',
    },
  ];
  return { aliases, table, execution, validation };
}

/**
 * Refuses a query that calls `_GetWatchlist` with a literal alias no watchlist has (Sentinel would
 * return nothing, which hides the typo): NOT_FOUND naming the alias and the known ones.
 */
export function checkWatchlistAliases(query: string, aliases: readonly string[]): void {
  if (!query.includes(GET_WATCHLIST)) return;
  const K = kusto();
  const B = bridge();
  const code = K.KustoCode.Parse(query);
  if (!code?.Syntax) return;
  const unknown: string[] = [];
  K.Syntax.SyntaxElement.WalkNodes(
    code.Syntax,
    (node) => {
      if (!B.is(node, K.Syntax.FunctionCallExpression)) return;
      const call = node as Kusto.Language.Syntax.FunctionCallExpression;
      if (call.Name?.SimpleName !== GET_WATCHLIST) return;
      const first = argumentNodes(call.ArgumentList)[0];
      if (!first || !B.is(first, K.Syntax.LiteralExpression)) return;
      const value: unknown = (first as Kusto.Language.Syntax.LiteralExpression).LiteralValue;
      if (typeof value === 'string' && !aliases.includes(value) && !unknown.includes(value))
        unknown.push(value);
    },
    null,
  );
  const alias = unknown[0];
  if (alias === undefined) return;
  const near = aliases.find((a) => a.toLowerCase() === alias.toLowerCase());
  throw new ToolError('NOT_FOUND', `No watchlist with alias "${alias}" in this workspace`, {
    hint: near
      ? `Aliases are case-sensitive in _GetWatchlist: use '${near}'.`
      : aliases.length
        ? `Known aliases: ${aliases.join(', ')} (sentinel_watchlists_list lists them).`
        : 'This workspace has no watchlists (add watchlists/<alias>.csv to the workspace folder).',
    details: { alias, knownAliases: aliases },
  });
}
