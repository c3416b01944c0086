// Tool results for a person at a terminal: query-shaped results as an aligned table (or CSV / JSON),
// anything else as the tool's own text. Pure functions: the CLI decides where the strings go.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Cell, QueryColumn } from '../backends/backend.js';
import { describeTruncation, renderCsv, rowsAsObjects, type ShapedTable } from '../util/results.js';

export const OUTPUT_FORMATS = ['table', 'csv', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** A cell is cut to this many characters in the aligned table (CSV and JSON keep it whole). */
export const MAX_CELL_WIDTH = 60;

const NUMERIC = new Set(['int', 'long', 'real', 'decimal']);

export interface QueryShaped extends ShapedTable {
  additional_tables?: (ShapedTable & { name: string })[];
  warnings?: string[];
  timespan?: string | null;
  stats?: { execution_ms: number; backend: string };
}

/** What to print: `stdout` is the result; `stderr` a note (row count, time) that keeps stdout clean. */
export interface Rendered {
  stdout: string;
  stderr: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for the structured result of the tools that run KQL (columns with types, rows, truncation). */
export function isQueryShaped(value: unknown): value is QueryShaped {
  if (!isRecord(value)) return false;
  const { columns, rows } = value;
  return (
    Array.isArray(columns) &&
    Array.isArray(rows) &&
    typeof value.row_count === 'number' &&
    typeof value.truncated === 'boolean' &&
    columns.every((c) => isRecord(c) && typeof c.name === 'string' && typeof c.type === 'string')
  );
}

function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return JSON.stringify(cell);
  return String(cell);
}

function fit(text: string, width: number): string {
  const flat = text.replace(/\r?\n/g, '↵').replace(/\t/g, ' ');
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

/** Columns padded to their widest cell, numbers right-aligned, `name (type)` headers. */
export function renderAlignedTable(
  columns: readonly QueryColumn[],
  rows: readonly Cell[][],
  maxCellWidth = MAX_CELL_WIDTH,
): string {
  if (columns.length === 0) return '(no columns)';
  const header = columns.map((c) => fit(`${c.name} (${c.type})`, Math.max(maxCellWidth, 1)));
  const body = rows.map((r) => columns.map((_, i) => fit(cellText(r[i] ?? null), maxCellWidth)));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[], header = false) =>
    cells
      .map((text, i) => {
        const width = widths[i] ?? 0;
        const right = !header && NUMERIC.has(columns[i]?.type ?? '');
        return right ? text.padStart(width) : text.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header, true), rule, ...body.map((r) => line(r))].join('\n');
}

/** The line under a table: rows (of how many), why rows were left out, the time and backend. */
export function summaryLine(r: QueryShaped): string {
  const parts = [describeTruncation(r)];
  if (r.stats) parts.push(`${r.stats.execution_ms} ms`, `${r.stats.backend} backend`);
  if (r.timespan) parts.push(`timespan ${r.timespan}`);
  return parts.join(' · ');
}

function rowsIn(t: ShapedTable, format: OutputFormat): string {
  if (format === 'csv') return renderCsv(t.columns, t.rows);
  if (format === 'json') return JSON.stringify(rowsAsObjects(t.columns, t.rows), null, 2);
  return renderAlignedTable(t.columns, t.rows);
}

/**
 * A query result. table: the table, then the summary, warnings and further tables, all on stdout.
 * csv / json: only the rows of the primary table on stdout (ready to pipe); the summary on stderr.
 */
export function renderQuery(r: QueryShaped, format: OutputFormat = 'table'): Rendered {
  const notes: string[] = [summaryLine(r)];
  for (const w of r.warnings ?? []) notes.push(`Warning: ${w}`);
  const extra = r.additional_tables ?? [];
  if (format !== 'table') {
    if (extra.length > 0)
      notes.push(`${extra.length} more result table(s) not shown; use --json for the whole result.`);
    return { stdout: `${rowsIn(r, format)}\n`, stderr: `${notes.join('\n')}\n` };
  }
  const parts = [rowsIn(r, format), notes.join('\n')];
  for (const t of extra) parts.push(`${t.name}:\n${rowsIn(t, format)}\n${describeTruncation(t)}`);
  return { stdout: `${parts.join('\n\n')}\n`, stderr: '' };
}

/** Any tool result: query-shaped structured content as a table, else the tool's text blocks. */
export function renderToolResult(result: CallToolResult, format: OutputFormat = 'table'): Rendered {
  if (!result.isError && isQueryShaped(result.structuredContent))
    return renderQuery(result.structuredContent, format);
  const text = result.content
    .map((block) => (block.type === 'text' ? block.text : `[${block.type} content]`))
    .join('\n');
  return { stdout: text.length > 0 ? `${text}\n` : '', stderr: '' };
}
