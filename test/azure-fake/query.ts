// The Log Analytics query API: POST (JSON body) and GET (query string) /v1/workspaces/{id}/query,
// executed on the LocalBackend with the timespan applied, answered as tables/columns/rows.
import type { TimeRange } from '../../src/backends/backend.js';
import { ToolError } from '../../src/util/errors.js';
import { logsError } from './errors.js';
import { header, newRequestId, type FakeContext, type FakeRequest, type FakeResponse } from './http.js';
import {
  badArgument,
  parsePrefer,
  parseTimespan,
  partialError,
  queryErrorResponse,
  renderObject,
  serializeResult,
  statistics,
  WireError,
} from './query-wire.js';
import type { Route } from './router.js';

interface QueryInput {
  query: string | undefined;
  timespan: string | undefined;
  workspaces: string[] | undefined;
}

function knownWorkspace(context: FakeContext, id: string): boolean {
  const { identity } = context;
  return [identity.workspaceId, identity.workspaceName].some((k) => k.toLowerCase() === id.toLowerCase());
}

function fromBody(body: string): QueryInput | FakeResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return badArgument('InvalidJsonBody', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null)
    return badArgument('InvalidJsonBody', 'The request body must be a JSON object.');
  const record = parsed as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const workspaces = Array.isArray(record['workspaces'])
    ? record['workspaces'].filter((w): w is string => typeof w === 'string')
    : undefined;
  return { query: str(record['query']), timespan: str(record['timespan']), workspaces };
}

function fromQueryString(request: FakeRequest): QueryInput {
  const workspaces = request.query.get('workspaces');
  return {
    query: request.query.get('query') ?? undefined,
    timespan: request.query.get('timespan') ?? undefined,
    workspaces: workspaces ? workspaces.split(',').map((w) => w.trim()) : undefined,
  };
}

async function execute(request: FakeRequest, context: FakeContext, input: QueryInput): Promise<FakeResponse> {
  if (!input.query) return badArgument('MissingQueryError', "The request must contain a non-empty 'query'.");
  const others = (input.workspaces ?? []).filter((w) => !knownWorkspace(context, w));
  if (others.length > 0) {
    return badArgument('WorkspaceNotFoundError', `Failed to resolve workspace(s): ${others.join(', ')}.`);
  }
  let timespan: TimeRange | undefined;
  try {
    timespan = input.timespan ? parseTimespan(input.timespan) : undefined;
  } catch (error) {
    if (error instanceof WireError) return badArgument('InvalidTimespanError', error.message);
    throw error;
  }
  const prefer = parsePrefer(header(request, 'prefer'));
  const signal = prefer.waitSeconds
    ? AbortSignal.any([request.signal, AbortSignal.timeout(prefer.waitSeconds * 1000)])
    : request.signal;
  try {
    const response = await context.backend.logs.query({
      query: input.query,
      ...(timespan ? { timespan } : {}),
      maxRows: context.maxResultRows,
      abortSignal: signal,
    });
    const bytes = serializeResult(response.tables, {}).length;
    const body = serializeResult(response.tables, {
      statistics: prefer.statistics ? statistics(response, bytes) : undefined,
      render: prefer.render && response.render ? renderObject(response.render) : undefined,
      error: response.truncatedAtSource ? partialError(context.maxResultRows) : undefined,
    });
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': newRequestId() },
      body,
    };
  } catch (error) {
    if (error instanceof ToolError) return queryErrorResponse(error);
    const message = error instanceof Error ? error.message : String(error);
    return logsError(500, 'InternalServerError', `An internal error occurred: ${message}`);
  }
}

function preflight(request: FakeRequest, context: FakeContext): FakeResponse | undefined {
  if (knownWorkspace(context, request.params['workspaceId'] ?? '')) return undefined;
  return logsError(404, 'WorkspaceNotFoundError', 'The workspace could not be found');
}

async function postQuery(request: FakeRequest, context: FakeContext): Promise<FakeResponse> {
  const failed = preflight(request, context);
  if (failed) return failed;
  const input = fromBody(request.body);
  return 'status' in input ? input : execute(request, context, input);
}

async function getQuery(request: FakeRequest, context: FakeContext): Promise<FakeResponse> {
  return preflight(request, context) ?? execute(request, context, fromQueryString(request));
}

const QUERY_PATH = /^\/v1\/workspaces\/(?<workspaceId>[^/]+)\/query$/i;

export const queryRoutes: Route[] = [
  {
    name: 'query',
    family: 'logs',
    method: 'POST',
    pattern: QUERY_PATH,
    auth: true,
    action: 'Microsoft.OperationalInsights/workspaces/query/read',
    handle: postQuery,
  },
  {
    name: 'query',
    family: 'logs',
    method: 'GET',
    pattern: QUERY_PATH,
    auth: true,
    action: 'Microsoft.OperationalInsights/workspaces/query/read',
    handle: getQuery,
  },
];
