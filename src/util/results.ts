// Shapes every query result the same way: typed columns and rows, truncation by rows, by bytes and
// of long cells (always said, never silent), and a compact Markdown rendering for the model.
import { z } from 'zod';
import type { Cell, QueryColumn, QueryTable } from '../backends/backend.js';
import { KQL_TYPES } from '../kql/types.js';

export const DEFAULT_LIMITS = {
  /** Rows returned unless the caller asks for more. */
  maxRows: 100,
  /** Rows returned at most, whatever the caller asks. */
  maxRowsCeiling: 10_000,
  /** JSON bytes of the rows at most: keeps structured + text under ~20,000 tokens. */
  maxBytes: 32_000,
  /** Characters of one cell before it is cut with a marker. */
  maxCellChars: 1_000,
} as const;

export interface ShapeLimits {
  maxRows: number;
  maxBytes: number;
  maxCellChars: number;
}

export type TruncationReason = 'max_rows' | 'max_bytes';

export interface ShapedTable {
  columns: QueryColumn[];
  rows: Cell[][];
  row_count: number;
  /** Rows the query produced, when known (at least row_count). */
  total_rows: number | null;
  truncated: boolean;
  truncated_reason: TruncationReason | null;
  /** Cells whose text was cut at maxCellChars. */
  cells_cut: number;
}

const cellSchema: z.ZodType<Cell> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(cellSchema),
    z.record(z.string(), cellSchema),
  ]),
);

export const columnSchema = z.object({
  name: z.string().describe('Column name'),
  type: z.enum(KQL_TYPES).describe('KQL type of the column'),
});

export const shapedTableShape = {
  columns: z.array(columnSchema).describe('Columns, in order, with their KQL types'),
  rows: z
    .array(z.array(cellSchema))
    .describe(
      'Rows aligned with columns. long beyond 2^53 is a string, datetime ISO 8601, timespan [d.]hh:mm:ss, dynamic as JSON',
    ),
  row_count: z.number().int().describe('Rows returned here'),
  total_rows: z.number().int().nullable().describe('Rows the query produced, when known'),
  truncated: z.boolean().describe('True when rows were left out; see truncated_reason'),
  truncated_reason: z
    .enum(['max_rows', 'max_bytes'])
    .nullable()
    .describe('Why rows were left out: max_rows (the row limit) or max_bytes (the size limit)'),
  cells_cut: z.number().int().describe('Cells cut at the cell size limit (marked with …[cut N chars])'),
};

export function cutText(text: string, maxChars: number): { text: string; cut: boolean } {
  if (text.length <= maxChars) return { text, cut: false };
  return { text: `${text.slice(0, maxChars)}…[cut ${text.length - maxChars} chars]`, cut: true };
}

/** Cuts a cell whose text or JSON is longer than maxChars; dynamic values that are cut become text. */
export function cutCell(cell: Cell, maxChars: number): { cell: Cell; cut: boolean } {
  if (typeof cell === 'string') {
    const r = cutText(cell, maxChars);
    return { cell: r.text, cut: r.cut };
  }
  if (cell !== null && typeof cell === 'object') {
    const json = JSON.stringify(cell);
    if (json.length <= maxChars) return { cell, cut: false };
    return { cell: cutText(json, maxChars).text, cut: true };
  }
  return { cell, cut: false };
}

/**
 * Applies the row, byte and cell limits to one table. totalRows is what the query produced:
 * by default the table's rows; null when the backend stopped reading early and the total is unknown.
 */
export function shapeTable(
  table: QueryTable,
  limits: ShapeLimits,
  totalRows: number | null = table.rows.length,
): ShapedTable {
  let cellsCut = 0;
  let bytes = 2;
  const rows: Cell[][] = [];
  let reason: TruncationReason | null = null;
  for (const source of table.rows) {
    if (rows.length >= limits.maxRows) {
      reason = 'max_rows';
      break;
    }
    const row = source.map((c) => {
      const r = cutCell(c, limits.maxCellChars);
      if (r.cut) cellsCut++;
      return r.cell;
    });
    const size = JSON.stringify(row).length + 1;
    if (bytes + size > limits.maxBytes && rows.length > 0) {
      reason = 'max_bytes';
      break;
    }
    bytes += size;
    rows.push(row);
  }
  return {
    columns: table.columns,
    rows,
    row_count: rows.length,
    total_rows: totalRows !== null ? Math.max(totalRows, rows.length) : null,
    truncated: reason !== null,
    truncated_reason: reason,
    cells_cut: cellsCut,
  };
}

function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return JSON.stringify(cell);
  return String(cell);
}

function escapeMarkdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '↵');
}

/** A Markdown table of the rows, with `name (type)` headers. */
export function renderMarkdownTable(columns: readonly QueryColumn[], rows: readonly Cell[][]): string {
  if (columns.length === 0) return '(no columns)';
  const header = `| ${columns.map((c) => escapeMarkdownCell(`${c.name} (${c.type})`)).join(' | ')} |`;
  const rule = `|${columns.map(() => '---').join('|')}|`;
  const body = rows.map((r) => `| ${r.map((c) => escapeMarkdownCell(cellText(c))).join(' | ')} |`);
  return [header, rule, ...body].join('\n');
}

/** One line saying how many rows came back and why some were left out. */
export function describeTruncation(t: ShapedTable): string {
  const total = t.total_rows !== null ? ` of ${t.total_rows}` : '';
  const rows = `${t.row_count}${total} row${t.row_count === 1 && !total ? '' : 's'}`;
  const parts = [rows];
  if (t.truncated_reason === 'max_rows')
    parts.push('truncated at max_rows: raise max_rows or narrow the query');
  if (t.truncated_reason === 'max_bytes') {
    parts.push('truncated at the size limit: project fewer columns or summarize');
  }
  if (t.cells_cut > 0) parts.push(`${t.cells_cut} long cell${t.cells_cut === 1 ? '' : 's'} cut`);
  return parts.join('; ');
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(columns: readonly QueryColumn[], rows: readonly Cell[][]): string {
  const lines = [columns.map((c) => csvField(c.name)).join(',')];
  for (const r of rows) lines.push(r.map((c) => csvField(cellText(c))).join(','));
  return lines.join('\n');
}

/** Rows as JSON objects keyed by column name. */
export function rowsAsObjects(
  columns: readonly QueryColumn[],
  rows: readonly Cell[][],
): Record<string, Cell>[] {
  return rows.map((r) => Object.fromEntries(columns.map((c, i) => [c.name, r[i] ?? null])));
}

/** `key: value` lines for an object; nested objects as compact JSON, long values cut. */
export function renderKeyValues(object: Record<string, unknown>, maxChars = 300): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    lines.push(`${key}: ${cutText(text ?? 'null', maxChars).text}`);
  }
  return lines.join('\n');
}
