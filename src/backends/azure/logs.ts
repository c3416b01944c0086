// KQL through the Log Analytics query API (LogsQueryClient.queryWorkspace): the time range (given
// or derived), the server timeout from the deadline, statistics and render info, inline tables as a
// datatable prefix, partial results as rows plus a warning, and every result table kept.
import { ToolError } from '../../util/errors.js';
import type { QueryRequest, QueryResponse } from '../backend.js';
import { withInlineTables } from './datatable.js';
import { parseJsonExact } from './json.js';
import { partialResultWarning, queryTablesFromWire, renderFromWire, type WireQueryBody } from './mapping.js';
import type { AzureSession } from './session.js';
import { resolveQueryWindow } from './timespan.js';

/** The Log Analytics server gives up at 10 minutes whatever is asked. */
const MAX_SERVER_TIMEOUT_S = 600;
/** Seconds kept back from the deadline so that the answer (or the server's timeout error) reaches us. */
const SERVER_TIMEOUT_MARGIN_S = 2;
/** What the SDK parses instead of the body we keep (see pipeline.ts). */
const STUB_BODY = '{"tables":[]}';

export const QUERY_PERMISSION = 'Microsoft.OperationalInsights/workspaces/query/read';

export interface LogsQueryOptions {
  /** The Log Analytics workspace (customer) id. */
  workspaceId: string;
  /** Epoch ms by which the call must finish (default: now + the query timeout). */
  deadline?: number;
  /** Text prepended to the operation name in errors, e.g. "counting rows per table". */
  operation?: string;
}

export function serverTimeoutSeconds(deadline: number, now: number = Date.now()): number {
  const seconds = Math.floor((deadline - now) / 1000) - SERVER_TIMEOUT_MARGIN_S;
  return Math.max(1, Math.min(MAX_SERVER_TIMEOUT_S, seconds));
}

/** Reads the query API's body (kept by the pipeline) into our response parts. */
export function parseQueryBody(text: string): Pick<QueryResponse, 'tables' | 'warnings' | 'render'> & {
  statistics?: Record<string, unknown>;
} {
  let body: WireQueryBody;
  try {
    body = parseJsonExact(text) as WireQueryBody;
  } catch (error) {
    throw new ToolError('UPSTREAM', 'The query API sent a response that is not valid JSON', {
      hint: 'A service or proxy fault: try again.',
      cause: error,
    });
  }
  if (!body || typeof body !== 'object' || !Array.isArray(body.tables)) {
    throw new ToolError('UPSTREAM', 'The query API sent a response without tables', {
      hint: 'A service or proxy fault: try again.',
    });
  }
  const warnings = body.error ? [partialResultWarning(body.error)] : [];
  const render = renderFromWire(body.render);
  return {
    tables: queryTablesFromWire(body),
    warnings,
    ...(render ? { render } : {}),
    ...(body.statistics ? { statistics: body.statistics } : {}),
  };
}

export async function queryLogs(
  session: AzureSession,
  request: QueryRequest,
  options: LogsQueryOptions,
): Promise<QueryResponse> {
  const started = performance.now();
  const text = withInlineTables(request.query, request.inlineTables);
  const window = resolveQueryWindow(request.query, request.timespan);
  const deadline = options.deadline ?? Date.now() + session.options.queryTimeoutMs;
  return session.run(
    {
      operation: options.operation ?? 'running the query',
      permission: QUERY_PERMISSION,
      notFound: {
        what: `The Log Analytics workspace ${options.workspaceId}`,
        hint: 'AZURE_WORKSPACE_ID must be the workspace (customer) id, a GUID shown on the workspace overview, not its resource id.',
      },
    },
    {
      ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
      deadline,
      retryUnsafeMethods: true,
      captureBody: { stubBody: STUB_BODY },
    },
    async (signal, call) => {
      await session.logs.queryWorkspace(options.workspaceId, text, window.window, {
        abortSignal: signal,
        serverTimeoutInSeconds: serverTimeoutSeconds(deadline),
        includeQueryStatistics: true,
        includeVisualization: true,
      });
      const body = call.capture?.body;
      if (body === undefined)
        throw new ToolError('INTERNAL', 'The query response body was not kept by the pipeline');
      const parsed = parseQueryBody(body);
      const warnings = [...parsed.warnings];
      if (call.retried.length) {
        session.options.logger.info({ retried: call.retried }, 'query succeeded after retries');
      }
      if (parsed.statistics)
        session.options.logger.debug({ statistics: parsed.statistics }, 'query statistics');
      return {
        tables: parsed.tables,
        truncatedAtSource: false,
        warnings,
        appliedTimespan: window.description,
        ...(parsed.render ? { render: parsed.render } : {}),
        executionMs: performance.now() - started,
      };
    },
  );
}
