// Sentinel watchlists and their items, from flattened ARM objects or SDK models.
import { z } from 'zod';
import type { ArmObject } from '../backends/objects.js';
import { bool, record, str, strings, time } from './arm.js';
import { boundedJson, nameOf, scalarText, userText } from './common.js';
import { short } from './paging.js';

export function watchlistAlias(o: ArmObject): string {
  return str(o, 'watchlistAlias') ?? nameOf(o);
}

export const watchlistRowShape = z.object({
  alias: z.string().describe('Watchlist alias; pass it as watchlist_alias, and to _GetWatchlist() in KQL'),
  display_name: z.string().nullable().describe('Display name'),
  provider: z.string().nullable().describe('Provider (e.g. Microsoft, or the team that owns it)'),
  source: z.string().nullable().describe('Source (file name, or Local file)'),
  items_search_key: z.string().nullable().describe('The column items are looked up by (SearchKey in KQL)'),
  labels: z.array(z.string()).describe('Labels'),
  description: z.string().nullable().describe('Description (cut in lists)'),
  updated: z.string().nullable().describe('Last update, ISO 8601'),
});

export function watchlistRow(o: ArmObject): z.output<typeof watchlistRowShape> {
  return {
    alias: watchlistAlias(o),
    display_name: str(o, 'displayName') ?? null,
    provider: str(o, 'provider') ?? null,
    source: str(o, 'source') ?? null,
    items_search_key: str(o, 'itemsSearchKey') ?? null,
    labels: strings(o, 'labels'),
    description: short(str(o, 'description')),
    updated: time(o, 'updated') ?? null,
  };
}

export const watchlistDetailShape = {
  alias: z.string().describe('Watchlist alias'),
  name: z.string().describe('ARM name'),
  resource_id: z.string().nullable().describe('ARM resource id'),
  watchlist_id: z.string().nullable().describe('Watchlist GUID'),
  display_name: z.string().nullable().describe('Display name'),
  description: z.string().nullable().describe('Description'),
  provider: z.string().nullable().describe('Provider'),
  source: z.string().nullable().describe('Source (file name, or Local file)'),
  source_type: z.string().nullable().describe('Local or AzureStorage'),
  content_type: z.string().nullable().describe('Content type of the uploaded file (text/csv)'),
  items_search_key: z.string().nullable().describe('The column items are looked up by'),
  labels: z.array(z.string()).describe('Labels'),
  default_duration: z.string().nullable().describe('Default time-to-live of items, ISO 8601 duration'),
  items_count: z
    .number()
    .int()
    .nullable()
    .describe('Items in the watchlist (counted up to items_count_capped_at), or null when unknown'),
  items_count_capped: z.boolean().describe('True when there are more items than were counted'),
  created: z.string().nullable().describe('Created, ISO 8601'),
  created_by: z.string().nullable().describe('Created by'),
  updated: z.string().nullable().describe('Last update, ISO 8601'),
  updated_by: z.string().nullable().describe('Last updated by'),
  upload_status: z.string().nullable().describe('Upload status of a large watchlist'),
  is_deleted: z.boolean().nullable().describe('Deleted flag'),
};

export type WatchlistDetail = z.output<z.ZodObject<typeof watchlistDetailShape>>;

export function watchlistDetail(
  o: ArmObject,
  count: { items: number; capped: boolean } | null,
): WatchlistDetail {
  return {
    alias: watchlistAlias(o),
    name: nameOf(o),
    resource_id: str(o, 'id') ?? null,
    watchlist_id: str(o, 'watchlistId') ?? null,
    display_name: str(o, 'displayName') ?? null,
    description: str(o, 'description') ?? null,
    provider: str(o, 'provider') ?? null,
    source: str(o, 'source') ?? null,
    source_type: str(o, 'sourceType') ?? null,
    content_type: str(o, 'contentType') ?? null,
    items_search_key: str(o, 'itemsSearchKey') ?? null,
    labels: strings(o, 'labels'),
    default_duration: str(o, 'defaultDuration') ?? null,
    items_count: count?.items ?? null,
    items_count_capped: count?.capped ?? false,
    created: time(o, 'created') ?? null,
    created_by: userText(o, 'createdBy'),
    updated: time(o, 'updated') ?? null,
    updated_by: userText(o, 'updatedBy'),
    upload_status: str(o, 'uploadStatus') ?? null,
    is_deleted: bool(o, 'isDeleted') ?? null,
  };
}

const valuesShape = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .describe('The item: column name → value');

/** An item's values: `itemsKeyValue` (ARM and SDK), scalars kept, anything else as JSON text. */
export function itemValues(o: ArmObject): Record<string, string | number | boolean | null> {
  const kv = record(o, 'itemsKeyValue') ?? {};
  return Object.fromEntries(Object.entries(kv).map(([k, v]) => [k, scalarText(v)]));
}

export function itemId(o: ArmObject): string {
  return str(o, 'watchlistItemId') ?? nameOf(o);
}

export const watchlistItemRowShape = z.object({
  item_id: z.string().describe('Item id (GUID); pass it as item_id'),
  values: valuesShape,
  updated: z.string().nullable().describe('Last update, ISO 8601'),
});

export function watchlistItemRow(o: ArmObject): z.output<typeof watchlistItemRowShape> {
  return { item_id: itemId(o), values: itemValues(o), updated: time(o, 'updated') ?? null };
}

export const watchlistItemDetailShape = {
  watchlist_alias: z.string().describe('The watchlist'),
  item_id: z.string().describe('Item id (GUID)'),
  resource_id: z.string().nullable().describe('ARM resource id'),
  values: valuesShape,
  entity_mapping: z.unknown().describe('Entity mapping of the item, as stored (often empty)'),
  created: z.string().nullable().describe('Created, ISO 8601'),
  created_by: z.string().nullable().describe('Created by'),
  updated: z.string().nullable().describe('Last update, ISO 8601'),
  updated_by: z.string().nullable().describe('Last updated by'),
  is_deleted: z.boolean().nullable().describe('Deleted flag'),
};

export function watchlistItemDetail(alias: string, o: ArmObject) {
  return {
    watchlist_alias: alias,
    item_id: itemId(o),
    resource_id: str(o, 'id') ?? null,
    values: itemValues(o),
    entity_mapping: boundedJson(o['entityMapping'] ?? null, 4000),
    created: time(o, 'created') ?? null,
    created_by: userText(o, 'createdBy'),
    updated: time(o, 'updated') ?? null,
    updated_by: userText(o, 'updatedBy'),
    is_deleted: bool(o, 'isDeleted') ?? null,
  };
}

/** Whether an item has a value containing the text (case-insensitive). */
export function itemMatches(o: ArmObject, needle: string): boolean {
  const n = needle.trim().toLowerCase();
  if (!n) return true;
  return Object.values(itemValues(o)).some((v) => v !== null && String(v).toLowerCase().includes(n));
}
