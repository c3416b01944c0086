// Tables from ARM (Microsoft.OperationalInsights/workspaces/tables: plan, retention, type, schema),
// with row counts and last ingestion from ONE KQL query for all tables, sent with timespan P30D:
//   union withsource=SentinelMcpTable isfuzzy=true *
//   | summarize RowCount = count(), LastRecord = max(TimeGenerated) by SentinelMcpTable
// Why this and not `Usage`: Usage gives billable volume in MB per data type, aggregated per hour,
// only for billable types and with lag: no row counts and no exact last record. The union counts
// rows and finds the newest TimeGenerated exactly, in one round trip. The window is the API's
// timespan parameter rather than a `where` in the text: the service prunes data shards by
// TimeGenerated from it before the query runs, which keeps a count over every table cheap (30 days
// covers the default retention). `isfuzzy` keeps one unreadable table from failing the whole query.
// When ARM cannot be read (no ARM coordinates configured, or no permission), tables come from that
// same query (the tables with data) and schemas from `getschema`.
import { kqlName, pathSegment } from '../../kql/quote.js';
import type { ColumnSchema, TableSchema } from '../../kql/types.js';
import { normalizeKqlType } from '../../kql/types.js';
import { ToolError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import type { CallOptions, QueryResponse, TableDetails, TableInfo } from '../backend.js';
import { queryLogs } from './logs.js';
import { tableDetailsFromArm, tableInfoFromArm, tableSchemaFromArm } from './mapping.js';
import { deadlineOf, type AzureSession } from './session.js';
import type { Table } from '@azure/arm-operationalinsights';

export const STATS_WINDOW_DAYS = 30;
const SOURCE_COLUMN = 'SentinelMcpTable';
export const TABLES_READ_PERMISSION = 'Microsoft.OperationalInsights/workspaces/tables/read';

/** What the table functions need from the backend. */
export interface TablesContext {
  session: AzureSession;
  logger: Logger;
  /** The Log Analytics workspace (customer) id, from settings or ARM. */
  workspaceId(options: CallOptions): Promise<string>;
}

export interface TableStats {
  rowCount: number;
  lastRecord: string | null;
}

/** The window is the request's timespan (P30D): the API prunes by TimeGenerated before the query runs. */
export function allTablesStatsQuery(): string {
  return (
    `union withsource=${SOURCE_COLUMN} isfuzzy=true *\n` +
    `| summarize RowCount = count(), LastRecord = max(TimeGenerated) by ${SOURCE_COLUMN}`
  );
}

export function tableStatsQuery(name: string): string {
  return (
    `${kqlName(name)}\n` +
    '| summarize RowCount = count(), LastRecord = max(column_ifexists("TimeGenerated", datetime(null)))'
  );
}

export function getschemaQuery(name: string): string {
  return `${kqlName(name)}\n| getschema\n| project ColumnName, ColumnType`;
}

function statsFromResponse(response: QueryResponse, hasNameColumn: boolean): Map<string, TableStats> {
  const out = new Map<string, TableStats>();
  const table = response.tables[0];
  if (!table) return out;
  const index = (name: string) => table.columns.findIndex((c) => c.name === name);
  const [nameAt, countAt, lastAt] = [index(SOURCE_COLUMN), index('RowCount'), index('LastRecord')];
  for (const row of table.rows) {
    const name = hasNameColumn ? String(row[nameAt] ?? '') : '';
    const count = row[countAt];
    const last = row[lastAt];
    out.set(name, {
      rowCount: typeof count === 'number' ? count : Number(count ?? 0),
      lastRecord: typeof last === 'string' && last !== '' ? last : null,
    });
  }
  return out;
}

async function allStats(ctx: TablesContext, options: CallOptions): Promise<Map<string, TableStats>> {
  const response = await queryLogs(
    ctx.session,
    {
      query: allTablesStatsQuery(),
      timespan: { duration: `P${STATS_WINDOW_DAYS}D` },
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    },
    {
      workspaceId: await ctx.workspaceId(options),
      operation: 'counting rows per table',
      ...deadlineOf(options),
    },
  );
  return statsFromResponse(response, true);
}

async function oneTableStats(ctx: TablesContext, name: string, options: CallOptions): Promise<TableStats> {
  const response = await queryLogs(
    ctx.session,
    {
      query: tableStatsQuery(name),
      timespan: { duration: `P${STATS_WINDOW_DAYS}D` },
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    },
    {
      workspaceId: await ctx.workspaceId(options),
      operation: `counting the rows of ${name}`,
      ...deadlineOf(options),
    },
  );
  return statsFromResponse(response, false).get('') ?? { rowCount: 0, lastRecord: null };
}

/** Every table ARM lists for the workspace (the SDK follows nextLink pages). */
export async function listArmTables(ctx: TablesContext, options: CallOptions): Promise<Table[]> {
  const arm = ctx.session.armWorkspace('Listing tables from ARM needs');
  return ctx.session.run(
    { operation: 'listing the workspace tables from ARM', permission: TABLES_READ_PERMISSION },
    options,
    async (signal) => {
      const tables: Table[] = [];
      const pages = ctx.session
        .operationalInsights()
        .tables.listByWorkspace(arm.resourceGroup, arm.workspaceName, { abortSignal: signal });
      for await (const table of pages) tables.push(table);
      return tables;
    },
  );
}

async function getArmTable(ctx: TablesContext, name: string, options: CallOptions): Promise<Table> {
  pathSegment(name, 'table name'); // validated here; the SDK percent-encodes it into the URL
  const arm = ctx.session.armWorkspace('Reading a table from ARM needs');
  return ctx.session.run(
    {
      operation: `reading table ${name} from ARM`,
      permission: TABLES_READ_PERMISSION,
      notFound: {
        what: `Table "${name}"`,
        hint: 'Table names are case-sensitive; list them with sentinel_logs_tables_list.',
      },
    },
    options,
    (signal) =>
      ctx.session
        .operationalInsights()
        .tables.get(arm.resourceGroup, arm.workspaceName, name, { abortSignal: signal }),
  );
}

/** True for the failures after which the KQL fallback is worth trying: ARM not configured or not allowed. */
export function armUnavailable(error: unknown): error is ToolError {
  return (
    error instanceof ToolError &&
    (error.code === 'FORBIDDEN' ||
      (error.code === 'INVALID_ARGUMENT' && error.details?.missingSettings !== undefined))
  );
}

export async function listTables(
  ctx: TablesContext,
  options: CallOptions & { includeStats?: boolean },
): Promise<TableInfo[]> {
  const statsPromise = options.includeStats ? allStats(ctx, options) : undefined;
  statsPromise?.catch(() => undefined);
  let arm: Table[];
  try {
    arm = await listArmTables(ctx, options);
  } catch (error) {
    if (!armUnavailable(error)) throw error;
    ctx.logger.warn(
      { code: error.code, reason: error.message },
      'ARM tables unavailable; listing tables with data from KQL',
    );
    const stats = await (statsPromise ?? allStats(ctx, options));
    return [...stats.entries()].map(([name, s]) => ({
      name,
      ...(options.includeStats ? { rowCount: s.rowCount, lastRecord: s.lastRecord } : {}),
    }));
  }
  const stats = statsPromise ? await statsPromise : undefined;
  const infos = arm.map(tableInfoFromArm).filter((t) => t.name !== '');
  if (!stats) return infos;
  const listed = new Set(infos.map((t) => t.name));
  const withStats = infos.map((t) => ({
    ...t,
    rowCount: stats.get(t.name)?.rowCount ?? 0,
    lastRecord: stats.get(t.name)?.lastRecord ?? null,
  }));
  for (const [name, s] of stats) {
    if (!listed.has(name) && name !== '')
      withStats.push({ name, rowCount: s.rowCount, lastRecord: s.lastRecord });
  }
  return withStats;
}

async function schemaFromKql(ctx: TablesContext, name: string, options: CallOptions): Promise<TableSchema> {
  let response: QueryResponse;
  try {
    response = await queryLogs(
      ctx.session,
      {
        query: getschemaQuery(name),
        timespan: { duration: 'PT1H' },
        ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
      },
      {
        workspaceId: await ctx.workspaceId(options),
        operation: `reading the schema of ${name}`,
        ...deadlineOf(options),
      },
    );
  } catch (error) {
    if (error instanceof ToolError && error.code === 'KQL_SEMANTIC') {
      throw new ToolError('NOT_FOUND', `No table named "${name}" in this workspace`, {
        hint: 'Table names are case-sensitive; list them with sentinel_logs_tables_list.',
        cause: error,
      });
    }
    throw error;
  }
  const rows = response.tables[0]?.rows ?? [];
  const columns: ColumnSchema[] = rows.map((row) => ({
    name: String(row[0] ?? ''),
    type: normalizeKqlType(String(row[1] ?? 'string')),
  }));
  return { name, columns };
}

export async function tableSchema(
  ctx: TablesContext,
  name: string,
  options: CallOptions,
): Promise<TableSchema> {
  if (ctx.session.hasArmCoordinates()) {
    try {
      const schema = tableSchemaFromArm(await getArmTable(ctx, name, options));
      if (schema.columns.length > 0) return schema;
    } catch (error) {
      if (!armUnavailable(error)) throw error;
    }
  }
  return schemaFromKql(ctx, name, options);
}

const STATS_OPTIONAL: ReadonlySet<string> = new Set([
  'FORBIDDEN',
  'KQL_SEMANTIC',
  'KQL_SYNTAX',
  'INVALID_ARGUMENT',
  'UPSTREAM',
]);

export async function tableDetails(
  ctx: TablesContext,
  name: string,
  options: CallOptions,
): Promise<TableDetails> {
  const statsPromise = oneTableStats(ctx, name, options).catch((error: unknown) => {
    if (error instanceof ToolError && STATS_OPTIONAL.has(error.code)) {
      ctx.logger.info({ table: name, code: error.code }, 'row count unavailable for table details');
      return undefined;
    }
    throw error;
  });
  let details: TableDetails | undefined;
  if (ctx.session.hasArmCoordinates()) {
    try {
      details = tableDetailsFromArm(await getArmTable(ctx, name, options));
    } catch (error) {
      if (!armUnavailable(error)) {
        await statsPromise.catch(() => undefined);
        throw error;
      }
    }
  }
  if (!details || details.columns.length === 0) {
    const schema = await schemaFromKql(ctx, name, options);
    details = { ...(details ?? { name }), columns: schema.columns, columnCount: schema.columns.length };
  }
  const stats = await statsPromise;
  return { ...details, ...(stats ? { rowCount: stats.rowCount, lastRecord: stats.lastRecord } : {}) };
}

/** The workspace's own tables and their columns, for KQL validation. */
export async function workspaceTableSchemas(
  ctx: TablesContext,
  options: CallOptions,
): Promise<TableSchema[]> {
  try {
    return (await listArmTables(ctx, options))
      .map(tableSchemaFromArm)
      .filter((t) => t.name !== '' && t.columns.length > 0);
  } catch (error) {
    if (!armUnavailable(error)) throw error;
    ctx.logger.warn(
      { code: error.code, reason: error.message },
      'ARM tables unavailable; validating against the table catalog only',
    );
    return [];
  }
}
