// Tools of the logs toolset: run KQL, run KQL over caller-supplied rows, validate KQL.
import { z } from 'zod';
import type { QueryRequest, TimeRange } from '../backends/backend.js';
import { guardQuery, MAX_QUERY_CHARS } from '../kql/guard.js';
import { buildInlineTable, MAX_INLINE_ROWS } from '../kql/inline-table.js';
import { KQL_TYPES } from '../kql/types.js';
import { validateKql, type ValidationResult } from '../kql/validate.js';
import { workspaceAnalysisSchema } from '../kql/workspace-schema.js';
import { cacheKeys } from '../util/cache.js';
import { ToolError } from '../util/errors.js';
import { parseInstant, parseIsoDuration } from '../util/time.js';
import { formatArg, maxRowsArg, queryResultShape, renderQueryResult, toQueryResult } from './query-result.js';
import { defineTool, type ToolContext } from './types.js';

const queryArg = z
  .string()
  .min(1)
  .max(MAX_QUERY_CHARS)
  .describe(
    'The KQL query text, e.g. "SecurityEvent | where EventID == 4625 | summarize count() by Account"',
  );

async function analysisSchemaFor(ctx: ToolContext) {
  const backend = await ctx.backend();
  return ctx.cache.getOrLoad(cacheKeys.validation(backend.id), async () => {
    const own = await backend.validationSchema({ abortSignal: ctx.signal });
    return workspaceAnalysisSchema(own.tables, own.functions);
  });
}

/** Validates a query against the workspace's schema (used by the tools that run queries too). */
export async function validateForWorkspace(ctx: ToolContext, query: string): Promise<ValidationResult> {
  return validateKql(query, await analysisSchemaFor(ctx));
}

const diagnosticSchema = z.object({
  severity: z.enum(['error', 'warning', 'suggestion']).describe('error makes the query invalid'),
  code: z
    .string()
    .describe('Kusto.Language diagnostic code, e.g. KS142 (unknown name), KS204 (unknown table)'),
  message: z.string().describe('What is wrong'),
  line: z.number().int().describe('1-based line of the start'),
  column: z.number().int().describe('1-based column of the start'),
  length: z.number().int().describe('Characters covered'),
  offset: z.number().int().describe('0-based offset into the query'),
});

function renderValidation(r: ValidationResult): string {
  const lines = [
    r.valid
      ? 'Valid KQL.'
      : `Invalid KQL: ${r.diagnostics.filter((d) => d.severity === 'error').length} error(s).`,
  ];
  for (const d of r.diagnostics)
    lines.push(`- ${d.severity} ${d.code} at line ${d.line}, column ${d.column}: ${d.message}`);
  if (r.tables_referenced.length) lines.push(`Tables: ${r.tables_referenced.join(', ')}`);
  if (r.operators.length) lines.push(`Operators: ${r.operators.join(' | ')}`);
  if (r.result_columns)
    lines.push(`Result columns: ${r.result_columns.map((c) => `${c.name}:${c.type}`).join(', ')}`);
  return lines.join('\n');
}

export const queryValidateTool = defineTool({
  name: 'sentinel_query_validate',
  title: 'Validate KQL',
  description:
    'Checks a KQL query without running it: syntax errors and schema-aware semantic errors (unknown tables, ' +
    'unknown columns, type mismatches) with line and column, against the workspace tables and the catalog of ' +
    '698 Log Analytics / Sentinel tables. Also returns the tables it reads, its operators and its result columns. ' +
    'Use it before sentinel_logs_search when writing or fixing a query, and to check detections offline. ' +
    'Do not use it to run a query or to see data (use sentinel_logs_search).',
  toolset: 'logs',
  input: { query: queryArg },
  output: {
    valid: z.boolean().describe('True when there are no error diagnostics'),
    diagnostics: z.array(diagnosticSchema).describe('Errors, warnings and suggestions, in text order'),
    tables_referenced: z.array(z.string()).describe('Tables the query reads'),
    operators: z.array(z.string()).describe('Query operators in text order (where, summarize, join, ...)'),
    result_columns: z
      .array(z.object({ name: z.string(), type: z.enum(KQL_TYPES) }))
      .nullable()
      .describe('Columns of the result when the query is valid; null otherwise'),
  },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(ctx, args) {
    return validateForWorkspace(ctx, guardQuery(args.query));
  },
  render: renderValidation,
});

const timeArgs = {
  timespan: z
    .string()
    .max(40)
    .optional()
    .describe('Time range ending now as an ISO 8601 duration, e.g. PT1H, P1D, P7D. Or give start and end.'),
  start: z
    .string()
    .max(40)
    .optional()
    .describe('Start of the time range, ISO 8601 (e.g. 2024-05-01T00:00:00Z)'),
  end: z.string().max(40).optional().describe('End of the time range, ISO 8601; default now'),
};

/** The time range from timespan or start/end; undefined lets the backend decide. */
export function timeRangeOf(args: {
  timespan?: string;
  start?: string;
  end?: string;
}): TimeRange | undefined {
  if (args.timespan && (args.start || args.end)) {
    throw new ToolError('INVALID_ARGUMENT', 'Give either timespan or start/end, not both');
  }
  if (args.timespan) {
    const ms = parseIsoDuration(args.timespan);
    if (ms <= 0) throw new ToolError('INVALID_ARGUMENT', 'timespan must be longer than zero');
    return { duration: args.timespan.trim().toUpperCase() };
  }
  if (!args.start && !args.end) return undefined;
  if (!args.start)
    throw new ToolError('INVALID_ARGUMENT', 'end needs a start', {
      hint: 'Give start too, or use timespan.',
    });
  const start = parseInstant(args.start, 'start');
  const end = args.end ? parseInstant(args.end, 'end') : undefined;
  if (end && end <= start) throw new ToolError('INVALID_ARGUMENT', 'end must be after start');
  return { start, ...(end ? { end } : {}) };
}

/** How often a running query reports progress (when the client gave a progress token). */
export const PROGRESS_INTERVAL_MS = 1000;

/**
 * Runs work while reporting progress: "running" at the start and every PROGRESS_INTERVAL_MS, "done"
 * at the end (not on failure). Progress only increases, as the protocol asks. A notification that
 * cannot be sent (the client went away) never fails the call.
 */
async function withProgress<T>(ctx: ToolContext, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  let step = 0;
  const send = (message: string, total?: number): Promise<void> =>
    ctx.progress.report(step++, total, message).catch(() => undefined);
  void send('running');
  const timer = setInterval(() => {
    void send(`running (${Math.round((Date.now() - started) / 1000)} s)`);
  }, PROGRESS_INTERVAL_MS);
  timer.unref();
  const stop = (): void => clearInterval(timer);
  ctx.signal.addEventListener('abort', stop, { once: true });
  try {
    const result = await work();
    stop();
    await send('done', step);
    return result;
  } finally {
    stop();
    ctx.signal.removeEventListener('abort', stop);
  }
}

async function runQuery(ctx: ToolContext, request: Omit<QueryRequest, 'abortSignal'>, maxRows: number) {
  return withProgress(ctx, async () => {
    const backend = await ctx.backend();
    const response = await backend.logs.query({ ...request, maxRows, abortSignal: ctx.signal });
    return toQueryResult(response, maxRows, backend.kind);
  });
}

export const logsSearchTool = defineTool({
  name: 'sentinel_logs_search',
  title: 'Run a KQL query',
  description:
    'Runs a KQL query on the workspace and returns typed columns and rows (truncation is always said: ' +
    'truncated_reason, total_rows). Filter on time first, project only needed columns, and summarize rather ' +
    'than fetching raw rows. Use sentinel_query_validate first when unsure of a query; use ' +
    'sentinel_logs_search_with_dummy_data to test a query on rows you supply instead of workspace data.',
  toolset: 'logs',
  input: { query: queryArg, ...timeArgs, max_rows: maxRowsArg, format: formatArg },
  output: queryResultShape,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(ctx, args) {
    const timespan = timeRangeOf(args);
    return runQuery(ctx, { query: guardQuery(args.query), ...(timespan ? { timespan } : {}) }, args.max_rows);
  },
  render: (result, args) => renderQueryResult(result, args.format),
});

export const logsSearchWithDummyDataTool = defineTool({
  name: 'sentinel_logs_search_with_dummy_data',
  title: 'Run KQL over rows you supply',
  description:
    'Runs a KQL query with a table made from rows you give (data_json: an array of objects, or data_csv: CSV ' +
    'with a header) standing in for table_name. Types come from schema ("Col:type, ..."), else from the ' +
    'catalog when table_name is a known table, else from the JSON values. Use it to test a detection or parsing ' +
    'logic on crafted samples, offline. Do not use it to query real workspace data (use sentinel_logs_search).',
  toolset: 'logs',
  input: {
    query: queryArg,
    table_name: z
      .string()
      .min(1)
      .max(256)
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and _ only')
      .describe('Name of the table the rows stand in for, as the query uses it (e.g. SecurityEvent)'),
    data_json: z
      .array(z.record(z.string(), z.unknown()))
      .max(MAX_INLINE_ROWS)
      .optional()
      .describe('The rows as an array of objects, e.g. [{"Account":"alice","EventID":4625}]'),
    data_csv: z
      .string()
      .max(5_000_000)
      .optional()
      .describe('The rows as CSV text with a header line (instead of data_json)'),
    schema: z
      .string()
      .max(20_000)
      .optional()
      .describe(
        'Column types as "Col:type, Col2:type" (types: string, long, int, real, bool, datetime, timespan, dynamic, guid)',
      ),
    max_rows: maxRowsArg,
    format: formatArg,
  },
  output: {
    ...queryResultShape,
    typed_from: z.enum(['schema', 'catalog', 'inferred']).describe('Where the column types came from'),
  },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(ctx, args) {
    const inline = buildInlineTable({
      tableName: args.table_name,
      dataJson: args.data_json,
      dataCsv: args.data_csv,
      schema: args.schema,
    });
    const result = await runQuery(
      ctx,
      { query: guardQuery(args.query), inlineTables: [inline.table] },
      args.max_rows,
    );
    return { ...result, warnings: [...inline.warnings, ...result.warnings], typed_from: inline.typedFrom };
  },
  render: (result, args) =>
    `Table ${args.table_name}: ${result.typed_from} types.\n${renderQueryResult(result, args.format)}`,
});

export const logsTools = [logsSearchTool, logsSearchWithDummyDataTool, queryValidateTool];
