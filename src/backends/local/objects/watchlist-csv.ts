// Watchlists as `watchlists/<alias>.csv` plus an optional `watchlists/<alias>.yaml` header, turned into
// the ARM watchlist and its watchlistItems (each CSV row is an item's `itemsKeyValue`); and back, for
// exporting a workspace to a folder.
import { stringify as stringifyYaml, type Document } from 'yaml';
import { z } from 'zod';
import type { ArmResource } from '../../objects.js';
import { parseCsv } from '../../../util/csv.js';
import { ToolError } from '../../../util/errors.js';
import { stableUuid } from '../demo/random.js';
import { invalid, type FolderFile } from './files.js';
import { ARM_TYPES, childResourceIdOf, resourceIdOf } from './kinds.js';

export const WATCHLIST_HINT =
  'A watchlist is watchlists/<alias>.csv (a header row, then one row per item) with an optional ' +
  'watchlists/<alias>.yaml (displayName, description, provider, itemsSearchKey, source, labels); see docs/local-workspace.md.';

/** Aliases as Sentinel accepts them: letters, digits, `_`, `-` and `.`, starting with a letter or digit. */
export const WATCHLIST_ALIAS = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

const headerSchema = z
  .object({
    displayName: z.string().trim().min(1).max(260).optional(),
    description: z.string().max(5000).optional(),
    provider: z.string().trim().min(1).max(260).optional(),
    itemsSearchKey: z.string().min(1).optional(),
    source: z.string().trim().min(1).max(260).optional(),
    labels: z.array(z.string()).optional(),
    watchlistId: z.guid().optional(),
    created: z.iso.datetime({ offset: true }).optional(),
    updated: z.iso.datetime({ offset: true }).optional(),
    defaultDuration: z.string().optional(),
  })
  .strict();

export type WatchlistHeader = z.infer<typeof headerSchema>;

function issuesText(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`)
    .join('; ');
}

export function parseWatchlistHeader(doc: Document, file: FolderFile): WatchlistHeader {
  const parsed = headerSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) throw invalid(`${file.rel} is invalid: ${issuesText(parsed.error)}`, WATCHLIST_HINT);
  return parsed.data;
}

/** The stable name of an item: a GUID from the alias and the item's search key (and its rank among equals). */
export function watchlistItemName(alias: string, key: string, occurrence = 0): string {
  return stableUuid(`watchlist-item:${alias.toLowerCase()}:${key}${occurrence ? `#${occurrence}` : ''}`);
}

export interface LoadedWatchlist {
  watchlist: ArmResource;
  items: ArmResource[];
}

/** The watchlist and its items from CSV text and a header; errors name the file, line and field. */
export function watchlistFromCsv(
  alias: string,
  csvText: string,
  csvFile: FolderFile,
  header: WatchlistHeader,
  context: { workspaceId: string; time: string },
): LoadedWatchlist {
  let rows: string[][];
  try {
    rows = parseCsv(csvText.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw invalid(`${csvFile.rel}: ${(error as ToolError).message}`, WATCHLIST_HINT);
  }
  const columns = (rows[0] ?? []).map((c) => c.trim());
  if (columns.length === 0 || columns.every((c) => c === ''))
    throw invalid(`${csvFile.rel} has no header row.`, WATCHLIST_HINT);
  columns.forEach((c, i) => {
    if (c === '') throw invalid(`${csvFile.rel}: column ${i + 1} of the header has no name.`, WATCHLIST_HINT);
    if (columns.indexOf(c) !== i)
      throw invalid(`${csvFile.rel}: column "${c}" appears twice in the header.`, WATCHLIST_HINT);
  });
  const searchKey = header.itemsSearchKey ?? columns[0]!;
  if (!columns.includes(searchKey))
    throw invalid(
      `${csvFile.rel}: itemsSearchKey "${searchKey}" is not a column (columns: ${columns.join(', ')}).`,
      WATCHLIST_HINT,
    );
  const created = header.created ?? context.time;
  const updated = header.updated ?? created;
  const watchlistId = header.watchlistId ?? stableUuid(`watchlist:${alias.toLowerCase()}`);
  const watchlistResourceId = resourceIdOf(context.workspaceId, 'watchlists', alias);
  const seen = new Map<string, number>();
  const items = rows.slice(1).map((row, r) => {
    if (row.length !== columns.length)
      throw invalid(
        `${csvFile.rel}: line ${r + 2} has ${row.length} fields, the header ${columns.length}.`,
        'Quote fields that contain commas ("a, b"); every row has as many fields as the header.',
      );
    const itemsKeyValue: Record<string, string> = {};
    columns.forEach((c, i) => (itemsKeyValue[c] = row[i] ?? ''));
    const key = itemsKeyValue[searchKey] ?? '';
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const name = watchlistItemName(alias, key, occurrence);
    return {
      id: childResourceIdOf(watchlistResourceId, 'watchlistItems', name),
      name,
      type: ARM_TYPES.watchlistItems,
      properties: {
        watchlistItemType: 'watchlist-item',
        watchlistItemId: name,
        isDeleted: false,
        created,
        updated,
        itemsKeyValue,
        entityMapping: {},
      },
    } satisfies ArmResource;
  });
  const watchlist: ArmResource = {
    id: watchlistResourceId,
    name: alias,
    type: ARM_TYPES.watchlists,
    properties: {
      watchlistId,
      displayName: header.displayName ?? alias,
      provider: header.provider ?? 'Custom',
      source: header.source ?? csvFile.name,
      sourceType: 'Local',
      created,
      updated,
      description: header.description ?? '',
      watchlistType: 'watchlist',
      watchlistAlias: alias,
      itemsSearchKey: searchKey,
      isDeleted: false,
      labels: header.labels ?? [],
      ...(header.defaultDuration ? { defaultDuration: header.defaultDuration } : {}),
      contentType: 'text/csv',
      numberOfLinesToSkip: 0,
    },
  };
  return { watchlist, items };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string'
    ? value
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
}

/** The CSV and YAML header of a watchlist and its items, for writing a workspace folder. */
export function watchlistToFiles(
  watchlist: ArmResource,
  items: readonly ArmResource[],
): { csv: string; header: string } {
  const p = watchlist.properties;
  const columns: string[] = [];
  const searchKey = typeof p.itemsSearchKey === 'string' ? p.itemsSearchKey : undefined;
  if (searchKey) columns.push(searchKey);
  const rows = items
    .filter((i) => i.properties.isDeleted !== true)
    .map((i) => {
      const kv = i.properties.itemsKeyValue;
      return kv !== null && typeof kv === 'object' && !Array.isArray(kv)
        ? (kv as Record<string, unknown>)
        : {};
    });
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(cellText(row[c]))).join(','));
  const header: Record<string, unknown> = {};
  // Only what the header schema accepts, so that the folder reads back.
  const copy = (key: keyof WatchlistHeader) => {
    const v = p[key];
    if (v !== undefined && v !== null && v !== '' && headerSchema.shape[key].safeParse(v).success)
      header[key] = v;
  };
  for (const key of [
    'displayName',
    'description',
    'provider',
    'itemsSearchKey',
    'source',
    'labels',
    'watchlistId',
    'created',
    'updated',
    'defaultDuration',
  ] as const)
    copy(key);
  if (Array.isArray(header.labels) && header.labels.length === 0) delete header.labels;
  return { csv: `${lines.join('\n')}\n`, header: stringifyYaml(header) };
}
