// Tools of the logs toolset: run KQL, run KQL over caller-supplied rows, validate KQL.
import { z } from 'zod';
import { guardQuery, MAX_QUERY_CHARS } from '../kql/guard.js';
import { KQL_TYPES } from '../kql/types.js';
import { validateKql, type ValidationResult } from '../kql/validate.js';
import { workspaceAnalysisSchema } from '../kql/workspace-schema.js';
import { cacheKeys } from '../util/cache.js';
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

export const logsTools = [queryValidateTool];
