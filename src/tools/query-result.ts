// The output of every tool that runs KQL: one shape, one text rendering.
import { z } from 'zod';
import type { BackendKind, QueryResponse } from '../backends/backend.js';
import {
  DEFAULT_LIMITS,
  describeTruncation,
  renderCsv,
  renderMarkdownTable,
  rowsAsObjects,
  shapedTableShape,
  shapeTable,
  type ShapedTable,
} from '../util/results.js';

export const formatArg = z
  .enum(['table', 'csv', 'json'])
  .default('table')
  .describe(
    'How the text block shows the rows: table (Markdown), csv, or json (objects). structuredContent is the same.',
  );

export const maxRowsArg = z
  .number()
  .int()
  .min(1)
  .max(DEFAULT_LIMITS.maxRowsCeiling)
  .default(DEFAULT_LIMITS.maxRows)
  .describe(
    `Rows to return at most (1-${DEFAULT_LIMITS.maxRowsCeiling}). Results are also cut at about ${DEFAULT_LIMITS.maxBytes / 1000} KB; summarize instead of fetching many rows.`,
  );

export const queryResultShape = {
  ...shapedTableShape,
  additional_tables: z
    .array(z.object({ name: z.string(), ...shapedTableShape }))
    .describe('Further result tables, when the query produced more than one (e.g. fork)'),
  warnings: z.array(z.string()).describe('Partial-result and other warnings from the backend'),
  timespan: z.string().nullable().describe('The time range the query ran over, when one was applied'),
  render: z
    .object({ visualization: z.string(), properties: z.record(z.string(), z.string()) })
    .nullable()
    .describe('The chart the query asked for with render (not drawn), or null'),
  stats: z.object({
    execution_ms: z.number().describe('Time the backend took'),
    backend: z.enum(['local', 'azure']).describe('Which backend ran the query'),
  }),
};

export type QueryResultOutput = z.output<z.ZodObject<typeof queryResultShape>>;

/** Shapes a backend response within limits (rows, bytes, cell size). */
export function toQueryResult(
  response: QueryResponse,
  maxRows: number,
  backend: BackendKind,
): QueryResultOutput {
  const limits = { maxRows, maxBytes: DEFAULT_LIMITS.maxBytes, maxCellChars: DEFAULT_LIMITS.maxCellChars };
  const [primary, ...rest] = response.tables;
  const empty = { name: 'PrimaryResult', columns: [], rows: [] };
  const main = shapeTable(
    primary ?? empty,
    limits,
    response.truncatedAtSource ? null : (primary?.rows.length ?? 0),
  );
  if (response.truncatedAtSource && !main.truncated) {
    main.truncated = true;
    main.truncated_reason = 'max_rows';
  }
  return {
    ...main,
    additional_tables: rest.map((t) => ({ name: t.name, ...shapeTable(t, limits) })),
    warnings: response.warnings,
    timespan: response.appliedTimespan ?? null,
    render: response.render ?? null,
    stats: { execution_ms: Math.round(response.executionMs * 10) / 10, backend },
  };
}

const isEmptyCell = (cell: unknown) => cell === null || cell === '';

/**
 * The Markdown table without the columns that are empty in every row shown (wide, sparse tables
 * such as SecurityEvent would otherwise spend most of the text on empty cells); they are named
 * after the table, and structuredContent keeps them.
 */
function renderSparseTable(t: ShapedTable): string {
  const keep = t.columns.map((_, i) => t.rows.length === 0 || !t.rows.every((r) => isEmptyCell(r[i])));
  const empty = t.columns.filter((_, i) => !keep[i]).map((c) => c.name);
  if (empty.length < 3) return renderMarkdownTable(t.columns, t.rows);
  const table = renderMarkdownTable(
    t.columns.filter((_, i) => keep[i]),
    t.rows.map((r) => r.filter((_, i) => keep[i])),
  );
  const named =
    empty.length > 30 ? `${empty.slice(0, 30).join(', ')}, and ${empty.length - 30} more` : empty.join(', ');
  return `${table}\n(${empty.length} columns empty in every row shown are left out of this table: ${named})`;
}

function renderRows(t: ShapedTable, format: 'table' | 'csv' | 'json'): string {
  if (format === 'csv') return renderCsv(t.columns, t.rows);
  if (format === 'json') return JSON.stringify(rowsAsObjects(t.columns, t.rows));
  return renderSparseTable(t);
}

export function renderQueryResult(r: QueryResultOutput, format: 'table' | 'csv' | 'json' = 'table'): string {
  const head = [
    `${describeTruncation(r)} (${r.stats.execution_ms} ms, ${r.stats.backend}${r.timespan ? `, timespan ${r.timespan}` : ''})`,
  ];
  for (const w of r.warnings) head.push(`Warning: ${w}`);
  if (r.render) head.push(`Chart requested: ${r.render.visualization} (not drawn; the rows are the data)`);
  const parts = [head.join('\n'), renderRows(r, format)];
  for (const t of r.additional_tables)
    parts.push(`${t.name}: ${describeTruncation(t)}\n${renderRows(t, format)}`);
  return parts.join('\n\n');
}
