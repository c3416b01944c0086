// Tools of the tables toolset: list tables, a table's schema, a table's details.
import { z } from 'zod';
import type { TableInfo } from '../backends/backend.js';
import { KQL_TYPES } from '../kql/types.js';
import { cacheKeys } from '../util/cache.js';
import { renderMarkdownTable } from '../util/results.js';
import { defineTool, type ToolContext } from './types.js';

export const tableNameArg = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a table name is letters, digits and _ (custom tables end in _CL)')
  .describe('Table name, e.g. SecurityEvent or MyApp_CL');

const columnsShape = z
  .array(z.object({ name: z.string(), type: z.enum(KQL_TYPES) }))
  .describe('Columns and KQL types');

const tableInfoShape = z.object({
  name: z.string().describe('Table name'),
  plan: z
    .string()
    .nullable()
    .describe('Analytics, Basic or Auxiliary (Azure); Local for the local workspace'),
  table_type: z.string().nullable().describe('Microsoft, CustomLog, RestoredLogs, SearchResults, Local...'),
  retention_in_days: z.number().nullable().describe('Interactive retention, when known'),
  total_retention_in_days: z.number().nullable().describe('Total retention including archive, when known'),
  column_count: z.number().nullable().describe('Number of columns, when known'),
  row_count: z.number().nullable().describe('Rows (with include_stats), else null'),
  last_record: z.string().nullable().describe('Latest TimeGenerated (with include_stats), else null'),
});

function toInfo(t: TableInfo): z.output<typeof tableInfoShape> {
  return {
    name: t.name,
    plan: t.plan ?? null,
    table_type: t.tableType ?? null,
    retention_in_days: t.retentionInDays ?? null,
    total_retention_in_days: t.totalRetentionInDays ?? null,
    column_count: t.columnCount ?? null,
    row_count: t.rowCount ?? null,
    last_record: t.lastRecord ?? null,
  };
}

/** `*` and `?` wildcards, case-insensitive; a pattern without wildcards matches as a substring. */
export function tableFilter(pattern: string | undefined): (name: string) => boolean {
  if (!pattern || pattern.trim() === '' || pattern.trim() === '*') return () => true;
  const p = pattern.trim();
  if (!/[*?]/.test(p)) return (name) => name.toLowerCase().includes(p.toLowerCase());
  const regex = new RegExp(
    `^${p
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return (name) => regex.test(name);
}

async function listTables(ctx: ToolContext, filter: string | undefined, includeStats: boolean) {
  const backend = await ctx.backend();
  const key = cacheKeys.tables(backend.id, filter ?? '', includeStats);
  const all = await ctx.cache.getOrLoad(key, () =>
    backend.tables.list({
      abortSignal: ctx.signal,
      includeStats,
      ...(filter ? { filterPattern: filter } : {}),
    }),
  );
  const matches = tableFilter(filter);
  return all.filter((t) => matches(t.name));
}

export const tablesListTool = defineTool({
  name: 'sentinel_logs_tables_list',
  title: 'List tables',
  description:
    'Lists the workspace tables with plan, type and retention; with include_stats, also row counts and the ' +
    'latest record (one query for all tables). Use it to find which tables have data before writing a query. ' +
    "For one table's columns use sentinel_logs_table_schema_get.",
  toolset: 'tables',
  input: {
    filter_pattern: z
      .string()
      .max(256)
      .optional()
      .describe(
        'Case-insensitive filter: a substring (e.g. "Signin"), or a pattern with * and ? (e.g. "Device*Events")',
      ),
    include_stats: z
      .boolean()
      .default(false)
      .describe('Also count rows and find the latest record per table'),
    top: z.number().int().min(1).max(1000).default(500).describe('Tables to return at most'),
  },
  output: {
    tables: z.array(tableInfoShape).describe('Matching tables, by name'),
    count: z.number().int().describe('Tables returned'),
    total: z.number().int().describe('Tables matching the filter'),
    truncated: z.boolean().describe('True when more tables matched than top'),
  },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(ctx, args) {
    const matched = (await listTables(ctx, args.filter_pattern, args.include_stats)).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    const tables = matched.slice(0, args.top).map(toInfo);
    return { tables, count: tables.length, total: matched.length, truncated: matched.length > tables.length };
  },
  render(result, args) {
    const head = `${result.count} of ${result.total} tables${result.truncated ? ' (raise top to see more)' : ''}`;
    const columns = [
      { name: 'name', type: 'string' as const },
      { name: 'plan', type: 'string' as const },
      { name: 'retention_in_days', type: 'long' as const },
      ...(args.include_stats
        ? [
            { name: 'row_count', type: 'long' as const },
            { name: 'last_record', type: 'datetime' as const },
          ]
        : []),
    ];
    const rows = result.tables.map((t) => [
      t.name,
      t.plan,
      t.retention_in_days,
      ...(args.include_stats ? [t.row_count, t.last_record] : []),
    ]);
    return `${head}\n${renderMarkdownTable(columns, rows)}`;
  },
});

export const tableSchemaGetTool = defineTool({
  name: 'sentinel_logs_table_schema_get',
  title: 'Get a table schema',
  description:
    "Returns a workspace table's columns and their KQL types. Use it before writing a query on a table you " +
    'have not used. For plan, retention, row count and last ingestion use sentinel_logs_table_details_get.',
  toolset: 'tables',
  input: { table_name: tableNameArg },
  output: { table_name: z.string(), columns: columnsShape, column_count: z.number().int() },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(ctx, args) {
    const backend = await ctx.backend();
    const schema = await ctx.cache.getOrLoad(cacheKeys.schema(backend.id, args.table_name), () =>
      backend.tables.schema(args.table_name, { abortSignal: ctx.signal }),
    );
    return { table_name: schema.name, columns: schema.columns, column_count: schema.columns.length };
  },
  render: (r) =>
    `${r.table_name}: ${r.column_count} columns\n${renderMarkdownTable(
      [
        { name: 'column', type: 'string' },
        { name: 'type', type: 'string' },
      ],
      r.columns.map((c) => [c.name, c.type]),
    )}`,
});

export const tableDetailsGetTool = defineTool({
  name: 'sentinel_logs_table_details_get',
  title: 'Get table details',
  description:
    "Returns one table's plan, table type, retention, row count, last ingestion time and columns. Use it to " +
    'check whether a table is fresh and how far back it goes. For only the columns, sentinel_logs_table_schema_get is lighter.',
  toolset: 'tables',
  input: { table_name: tableNameArg },
  output: { ...tableInfoShape.shape, columns: columnsShape, description: z.string().nullable() },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(ctx, args) {
    const backend = await ctx.backend();
    const d = await ctx.cache.getOrLoad(cacheKeys.details(backend.id, args.table_name), () =>
      backend.tables.details(args.table_name, { abortSignal: ctx.signal }),
    );
    return { ...toInfo(d), columns: d.columns, description: d.description ?? null };
  },
  render: (r) =>
    [
      `table: ${r.name}`,
      `plan: ${r.plan ?? 'unknown'}; type: ${r.table_type ?? 'unknown'}`,
      `retention: ${r.retention_in_days ?? 'unknown'} days (total ${r.total_retention_in_days ?? 'unknown'})`,
      `rows: ${r.row_count ?? 'unknown'}; last record: ${r.last_record ?? 'none'}`,
      `columns (${r.columns.length}): ${r.columns.map((c) => `${c.name}:${c.type}`).join(', ')}`,
    ].join('\n'),
});

export const tablesTools = [tablesListTool, tableSchemaGetTool, tableDetailsGetTool];
