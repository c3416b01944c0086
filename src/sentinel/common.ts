// Helpers the object tools share (hunting, watchlists, connectors, workbooks, repositories, summary
// rules, DCR/DCE, content, threat intelligence): id arguments, NOT_FOUND that names the list tool,
// text search, sorting, bounded JSON, and the compact text renderings (Markdown rows, key: value).
import { z } from 'zod';
import type { Backend } from '../backends/backend.js';
import { KIND_LABELS, type ArmObject, type ObjectKind } from '../backends/objects.js';
import { pathSegment } from '../kql/quote.js';
import type { Toolset } from '../tools/toolsets.js';
import { defineTool, type ToolContext } from '../tools/types.js';
import { ToolError } from '../util/errors.js';
import { cutText } from '../util/results.js';
import { objectsOf, record, str, time } from './arm.js';
import { fingerprint, listAll, pageInput, pageOfArray, pageOutput } from './paging.js';

const CONTROL = /[\u0000-\u001f\u007f]/;

/** A bounded id or name argument with no control characters (what a URL path segment may hold). */
export function idArg(description: string, max = 260) {
  return z
    .string()
    .min(1)
    .max(max)
    .refine((v) => !CONTROL.test(v), 'must not contain control characters or line breaks')
    .describe(description);
}

/** A bounded free-text filter argument (matched as a literal, case-insensitive substring). */
export function searchArg(description: string) {
  return z
    .string()
    .min(1)
    .max(256)
    .refine((v) => !CONTROL.test(v), 'must not contain control characters or line breaks')
    .optional()
    .describe(description);
}

/** Validates a name as one URL path segment (kql/quote.ts rules) and gives it back unencoded. */
export function checkName(value: string, what: string): string {
  pathSegment(value, what);
  return value;
}

/** Whether a value could be an ARM name (a display name may hold / ? # and is not one). */
export function isPathSafe(value: string): boolean {
  try {
    pathSegment(value);
    return true;
  } catch {
    return false;
  }
}

/** Runs a backend read; a NOT_FOUND gets a hint naming the tool that lists the objects. */
export async function withListHint<T>(listTool: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ToolError && error.code === 'NOT_FOUND') {
      throw new ToolError('NOT_FOUND', error.message, {
        hint: `Use ${listTool} to see which exist.`,
        retryable: false,
        cause: error,
      });
    }
    throw error;
  }
}

/** NOT_FOUND naming the kind, the id and the tool that lists them. */
export function notFound(label: string, id: string, listTool: string): ToolError {
  const shown = id.length > 100 ? `${id.slice(0, 100)}…` : id;
  return new ToolError('NOT_FOUND', `No ${label} "${shown}" in this workspace`, {
    hint: `Use ${listTool} to see which exist.`,
    retryable: false,
  });
}

/** A case-insensitive substring test over several fields; always true without a search text. */
export function textMatcher(
  search: string | undefined,
): (...fields: (string | null | undefined)[]) => boolean {
  const needle = search?.trim().toLowerCase();
  if (!needle) return () => true;
  return (...fields) => fields.some((f) => typeof f === 'string' && f.toLowerCase().includes(needle));
}

/** Case-insensitive equality of two optional strings, ignoring surrounding spaces. */
export function sameText(a: string | null | undefined, b: string | null | undefined): boolean {
  return typeof a === 'string' && typeof b === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Sorts a copy by a label (case-insensitive), then by a key: stable pages whatever the backend order. */
export function sortBy<T>(items: readonly T[], label: (t: T) => string | null, key: (t: T) => string): T[] {
  return [...items].sort((x, y) => {
    const a = (label(x) ?? '').toLowerCase();
    const b = (label(y) ?? '').toLowerCase();
    if (a !== b) return a < b ? -1 : 1;
    const ka = key(x);
    const kb = key(y);
    return ka === kb ? 0 : ka < kb ? -1 : 1;
  });
}

/** The last segment of an ARM id (`.../alertRules/abc` → `abc`). */
export function lastSegment(id: string | undefined): string | null {
  if (!id) return null;
  const parts = id.split('/').filter(Boolean);
  return parts.at(-1) ?? null;
}

/** The object's ARM name, or the last segment of its id. */
export function nameOf(o: ArmObject): string {
  return str(o, 'name') ?? lastSegment(str(o, 'id')) ?? '';
}

/** A JSON value made safe for results: Dates as ISO strings, nesting and size bounded (cut as text). */
export function boundedJson(value: unknown, maxChars = 4000): unknown {
  const plain = toPlain(value, 0);
  const json = JSON.stringify(plain);
  if (json === undefined || json.length <= maxChars) return plain ?? null;
  return cutText(json, maxChars).text;
}

function toPlain(value: unknown, depth: number): unknown {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth > 20) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((v) => toPlain(v, depth + 1) ?? null);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const p = toPlain(v, depth + 1);
      if (p !== undefined) out[k] = p;
    }
    return out;
  }
  return String(value);
}

/** A text value that may be long: whole up to max characters, then cut with a marker. */
export function bounded(text: string | undefined, max: number): string | null {
  return text === undefined ? null : cutText(text, max).text;
}

/** A scalar property as text (strings, numbers, booleans), e.g. values of watchlist items. */
export function scalarText(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  return JSON.stringify(toPlain(value, 0)) ?? null;
}

/** "name <email>" (or whichever is known) of an ARM UserInfo `{objectId, email, name}`. */
export function userText(o: ArmObject | Record<string, unknown> | undefined, key: string): string | null {
  const u = record(o, key);
  if (!u) return typeof o?.[key] === 'string' ? (o[key] as string) : null;
  const name = str(u, 'name');
  const email = str(u, 'email');
  if (name && email) return `${name} <${email}>`;
  return name ?? email ?? str(u, 'objectId') ?? null;
}

/** Created/modified facts from ARM `systemData` (SDK: dates as Date objects). */
export function systemDataOf(o: ArmObject): {
  created_at: string | null;
  created_by: string | null;
  modified_at: string | null;
  modified_by: string | null;
} {
  const s = record(o, 'systemData');
  return {
    created_at: time(s, 'createdAt') ?? null,
    created_by: str(s, 'createdBy') ?? null,
    modified_at: time(s, 'lastModifiedAt') ?? null,
    modified_by: str(s, 'lastModifiedBy') ?? null,
  };
}

export const systemDataShape = {
  created_at: z.string().nullable().describe('When it was created (ARM systemData), ISO 8601'),
  created_by: z.string().nullable().describe('Who created it (ARM systemData)'),
  modified_at: z.string().nullable().describe('When it was last modified (ARM systemData), ISO 8601'),
  modified_by: z.string().nullable().describe('Who last modified it (ARM systemData)'),
};

// ---- Text renderings ----

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(elementText).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** An array element in a cell: objects as their non-null values joined by ": " (`alerts: Enabled`). */
function elementText(v: unknown): string {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    return Object.values(v)
      .filter((x) => x !== null && x !== undefined)
      .map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x)))
      .join(': ');
  }
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '↵');
}

/** A Markdown table of rows (objects) over the given keys; arrays joined with ", ". */
export function markdownRows<T extends object>(
  rows: readonly T[],
  keys: readonly (keyof T & string)[],
): string {
  if (rows.length === 0) return '(none)';
  const header = `| ${keys.join(' | ')} |`;
  const rule = `|${keys.map(() => '---').join('|')}|`;
  const body = rows.map(
    (r) => `| ${keys.map((k) => escapeCell(cutText(cellText(r[k]), 300).text)).join(' | ')} |`,
  );
  return [header, rule, ...body].join('\n');
}

/** The first line of every list result: how many, and how to get more. */
export function listHead(count: number, noun: string, hasMore: boolean): string {
  const more = hasMore ? '; more exist: call again with cursor = next_cursor' : '';
  return `${count} ${noun}${more}`;
}

/**
 * `key: value` lines for an object; the keys in `blocks` (queries, long descriptions) are shown whole
 * on their own lines, others cut at 600 characters. Null values and empty arrays are left out.
 */
export function renderDetail(object: Record<string, unknown>, blocks: readonly string[] = []): string {
  const lines: string[] = [];
  const tail: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (blocks.includes(key) && typeof value === 'string') {
      tail.push(`${key}:\n${value}`);
      continue;
    }
    const text =
      typeof value === 'string'
        ? value
        : Array.isArray(value) && value.every((v) => typeof v === 'string')
          ? value.join(', ')
          : JSON.stringify(value);
    lines.push(`${key}: ${cutText(text, 600).text.replace(/\r?\n/g, '↵')}`);
  }
  return [...lines, ...tail].join('\n');
}

/** The annotations of every tool here: they only read workspace objects. */
export const READ_ONLY = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;

// ---- Tool builders for the plain list/get pairs ----

/**
 * A get tool over one kind: validates the key as a path segment, reads the object (NOT_FOUND names
 * the kind, the id and the list tool), maps it.
 */
export function objectGetTool<K extends string, O extends z.ZodRawShape>(spec: {
  name: string;
  title: string;
  description: string;
  toolset: Toolset;
  kind: ObjectKind;
  key: K;
  keyDescription: string;
  listTool: string;
  output: O;
  map: (o: ArmObject) => z.output<z.ZodObject<O>>;
  /** Long text fields shown whole, after the others. */
  blocks?: string[];
  /** Whether the object belongs to this workspace (else NOT_FOUND saying `scopeText`). */
  inScope?: (ctx: ToolContext, backend: Backend, o: ArmObject) => Promise<boolean>;
  scopeText?: string;
}) {
  const input = { [spec.key]: idArg(spec.keyDescription) } as Record<K, ReturnType<typeof idArg>>;
  return defineTool({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    toolset: spec.toolset,
    input,
    output: spec.output,
    annotations: READ_ONLY,
    async run(ctx, args) {
      const name = checkName((args as Record<K, string>)[spec.key], KIND_LABELS[spec.kind]);
      const backend = await ctx.backend();
      const o = await withListHint(spec.listTool, () =>
        objectsOf(backend).get(spec.kind, name, { abortSignal: ctx.signal, deadline: ctx.deadline }),
      );
      if (spec.inScope && !(await spec.inScope(ctx, backend, o))) {
        throw new ToolError(
          'NOT_FOUND',
          `No ${KIND_LABELS[spec.kind]} with id "${name}" ${spec.scopeText ?? 'in this workspace'}`,
          { hint: `Use ${spec.listTool} to see which exist.`, retryable: false },
        );
      }
      return spec.map(o);
    },
    render: (r) => renderDetail(r as Record<string, unknown>, spec.blocks ?? []),
  });
}

/**
 * A list tool over one kind: the whole collection (cached, listAll), mapped to rows, sorted by a label,
 * filtered by the tool's own arguments, paged with a cursor bound to the filters.
 */
export function objectListTool<K extends string, R extends z.ZodObject, F extends z.ZodRawShape>(spec: {
  name: string;
  title: string;
  description: string;
  toolset: Toolset;
  kind: ObjectKind;
  /** Name of the rows array in the result (e.g. `workbooks`). */
  itemsKey: K;
  itemsDescription: string;
  /** Plural noun for the text's first line. */
  noun: string;
  row: R;
  toRow: (o: ArmObject) => z.output<R>;
  sortLabel: (row: z.output<R>) => string | null;
  sortKey: (row: z.output<R>) => string;
  filters: F;
  keep: (row: z.output<R>, args: z.output<z.ZodObject<F>>, o: ArmObject) => boolean;
  columns: (keyof z.output<R> & string)[];
  defaultTop?: number;
  maxTop?: number;
  /** Keeps the objects that belong to this workspace (for kinds listed beside it, e.g. DCRs). */
  scope?: (ctx: ToolContext, backend: Backend, all: ArmObject[]) => Promise<ArmObject[]>;
}) {
  const output = {
    [spec.itemsKey]: z.array(spec.row).describe(spec.itemsDescription),
    ...pageOutput,
  } as Record<K, z.ZodArray<R>> & typeof pageOutput;
  return defineTool({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    toolset: spec.toolset,
    input: { ...spec.filters, ...pageInput(spec.defaultTop ?? 50, spec.maxTop ?? 200) },
    output,
    annotations: READ_ONLY,
    async run(ctx, args) {
      const backend = await ctx.backend();
      const listed = await listAll(ctx, backend, spec.kind);
      const all = spec.scope ? await spec.scope(ctx, backend, listed) : listed;
      const filterArgs = Object.fromEntries(
        Object.keys(spec.filters).map((k) => [k, (args as Record<string, unknown>)[k]]),
      ) as z.output<z.ZodObject<F>>;
      const rows = all
        .map((o) => ({ o, row: spec.toRow(o) }))
        .filter(({ o, row }) => spec.keep(row, filterArgs, o));
      const sorted = sortBy(
        rows,
        ({ row }) => spec.sortLabel(row),
        ({ row }) => spec.sortKey(row),
      );
      const paging = args as unknown as { top: number; cursor?: string };
      const page = pageOfArray(sorted, paging.top, paging.cursor, fingerprint([spec.name, filterArgs]));
      return {
        [spec.itemsKey]: page.items.map(({ row }) => row),
        count: page.count,
        has_more: page.has_more,
        next_cursor: page.next_cursor,
      } as z.output<z.ZodObject<typeof output>>;
    },
    render: (r) => {
      const result = r as unknown as Record<K, z.output<R>[]> & { count: number; has_more: boolean };
      return `${listHead(result.count, spec.noun, result.has_more)}\n${markdownRows(result[spec.itemsKey], spec.columns)}`;
    },
  });
}
