// Sentinel workbooks (Microsoft.Insights workbooks of category "sentinel" for this workspace): rows,
// and a bounded summary of the workbook's JSON (items by type and the KQL queries it runs).
import { z } from 'zod';
import type { ArmObject } from '../backends/objects.js';
import { cutText } from '../util/results.js';
import { record, str, time } from './arm.js';
import { boundedJson, nameOf } from './common.js';
import { short } from './paging.js';

/** Queries listed at most in a workbook summary, and characters of each. */
export const WORKBOOK_QUERIES_MAX = 25;
export const WORKBOOK_QUERY_CHARS = 1000;
/** Characters of serializedData returned at most when asked for. */
export const WORKBOOK_JSON_CHARS = 50_000;

const ITEM_TYPES: Record<number, string> = {
  1: 'text',
  3: 'query',
  9: 'parameters',
  10: 'metric',
  11: 'links',
  12: 'group',
};

export interface WorkbookQuery {
  title: string | null;
  query: string;
}

export interface WorkbookSummary {
  version: string | null;
  item_count: number | null;
  item_types: Record<string, number>;
  queries: WorkbookQuery[];
  queries_total: number;
  parsed: boolean;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function walkItems(items: unknown, summary: WorkbookSummary, all: WorkbookQuery[], depth: number): void {
  if (!Array.isArray(items) || depth > 10) return;
  for (const raw of items) {
    const item = asRecord(raw);
    if (!item) continue;
    summary.item_count = (summary.item_count ?? 0) + 1;
    const type = typeof item['type'] === 'number' ? item['type'] : -1;
    const typeName = ITEM_TYPES[type] ?? `type ${type}`;
    summary.item_types[typeName] = (summary.item_types[typeName] ?? 0) + 1;
    const content = asRecord(item['content']);
    if (!content) continue;
    const query = str(content, 'query');
    if (query) all.push({ title: str(content, 'title') ?? str(item, 'name') ?? null, query });
    for (const p of Array.isArray(content['parameters']) ? content['parameters'] : []) {
      const param = asRecord(p);
      const q = str(param, 'query');
      if (q) all.push({ title: `parameter ${str(param, 'name') ?? '?'}`, query: q });
    }
    walkItems(content['items'], summary, all, depth + 1);
  }
}

/** Items and queries of a workbook's serializedData; malformed JSON still yields the queries it holds. */
export function summarizeWorkbook(serialized: string | undefined): WorkbookSummary {
  const summary: WorkbookSummary = {
    version: null,
    item_count: null,
    item_types: {},
    queries: [],
    queries_total: 0,
    parsed: false,
  };
  if (!serialized) return summary;
  const all: WorkbookQuery[] = [];
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = asRecord(JSON.parse(serialized));
  } catch {
    parsed = undefined;
  }
  if (parsed) {
    summary.parsed = true;
    summary.version = str(parsed, 'version') ?? null;
    summary.item_count = 0;
    walkItems(parsed['items'], summary, all, 0);
  } else {
    // Not JSON (or not an object): find "query":"..." strings, as the service would still show them.
    for (const m of serialized.matchAll(/\\?"query\\?"\s*:\s*\\?"((?:[^"\\]|\\.)*?)\\?"/g)) {
      let q = m[1] ?? '';
      try {
        q = JSON.parse(`"${q}"`) as string;
      } catch {
        // keep the raw text
      }
      if (q.trim()) all.push({ title: null, query: q });
    }
    const v = /"version"\s*:\s*"([^"]*)"/.exec(serialized);
    summary.version = v?.[1] ?? null;
  }
  summary.queries_total = all.length;
  summary.queries = all
    .slice(0, WORKBOOK_QUERIES_MAX)
    .map((q) => ({ title: q.title, query: cutText(q.query, WORKBOOK_QUERY_CHARS).text }));
  return summary;
}

export const workbookRowShape = z.object({
  id: z.string().describe('Workbook id (ARM name, a GUID); pass it as workbook_id'),
  display_name: z.string().nullable().describe('Display name'),
  category: z.string().nullable().describe('Gallery category (sentinel)'),
  description: z.string().nullable().describe('Description (cut in lists)'),
  time_modified: z.string().nullable().describe('Last modified, ISO 8601'),
});

export function workbookRow(o: ArmObject): z.output<typeof workbookRowShape> {
  return {
    id: nameOf(o),
    display_name: str(o, 'displayName') ?? null,
    category: str(o, 'category') ?? null,
    description: short(str(o, 'description')),
    time_modified: time(o, 'timeModified') ?? null,
  };
}

export const workbookDetailShape = {
  id: z.string().describe('Workbook id (ARM name)'),
  resource_id: z.string().nullable().describe('ARM resource id'),
  display_name: z.string().nullable().describe('Display name'),
  description: z.string().nullable().describe('Description'),
  category: z.string().nullable().describe('Gallery category (sentinel)'),
  kind: z.string().nullable().describe('shared or user'),
  location: z.string().nullable().describe('Azure region'),
  source_id: z.string().nullable().describe('The resource the workbook belongs to (the workspace)'),
  version: z.string().nullable().describe('Workbook format version (Notebook/1.0)'),
  time_modified: z.string().nullable().describe('Last modified, ISO 8601'),
  revision: z.string().nullable().describe('Revision'),
  tags: z.unknown().describe('ARM tags'),
  item_count: z
    .number()
    .int()
    .nullable()
    .describe('Items in the workbook (nested groups included); null when its JSON does not parse'),
  item_types: z.record(z.string(), z.number().int()).describe('Items by type (text, query, parameters, ...)'),
  queries_total: z.number().int().describe('KQL queries in the workbook (items and parameters)'),
  queries: z
    .array(z.object({ title: z.string().nullable(), query: z.string() }))
    .describe(`The first ${WORKBOOK_QUERIES_MAX} queries, each cut at ${WORKBOOK_QUERY_CHARS} characters`),
  serialized_data_chars: z.number().int().describe('Length of the workbook JSON'),
  serialized_data: z
    .string()
    .nullable()
    .describe(
      `The workbook JSON (only with include_serialized_data; cut at ${WORKBOOK_JSON_CHARS} characters with a marker)`,
    ),
};

export function workbookDetail(o: ArmObject, includeJson: boolean) {
  const serialized = str(o, 'serializedData');
  const s = summarizeWorkbook(serialized);
  return {
    id: nameOf(o),
    resource_id: str(o, 'id') ?? null,
    display_name: str(o, 'displayName') ?? null,
    description: str(o, 'description') ?? null,
    category: str(o, 'category') ?? null,
    kind: str(o, 'kind') ?? null,
    location: str(o, 'location') ?? null,
    source_id: str(o, 'sourceId') ?? null,
    version: str(o, 'version') ?? s.version,
    time_modified: time(o, 'timeModified') ?? null,
    revision: str(o, 'revision') ?? null,
    tags: boundedJson(record(o, 'tags') ?? {}, 2000),
    item_count: s.item_count,
    item_types: s.item_types,
    queries_total: s.queries_total,
    queries: s.queries,
    serialized_data_chars: serialized?.length ?? 0,
    serialized_data: includeJson && serialized ? cutText(serialized, WORKBOOK_JSON_CHARS).text : null,
  };
}
