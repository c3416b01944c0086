// The Log Analytics query API's wire details: timespan and Prefer parsing, result serialization (typed
// JSON cells as the service sends them: numbers, booleans, ISO datetimes, dynamic as JSON text) and the
// mapping of our ToolErrors to the API's error bodies.
import { randomUUID } from 'node:crypto';
import type { QueryColumn, QueryResponse, TimeRange } from '../../src/backends/backend.js';
import type { ToolError } from '../../src/util/errors.js';
import { parseIsoDuration } from '../../src/util/time.js';
import { logsError } from './errors.js';
import type { FakeResponse } from './http.js';

export class WireError extends Error {}

function instant(text: string): Date {
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime()))
    throw new WireError(`'${text}' is not an ISO 8601 date-time`);
  return date;
}

function duration(text: string): number {
  try {
    return parseIsoDuration(text);
  } catch {
    throw new WireError(`'${text}' is not an ISO 8601 duration`);
  }
}

/** ISO 8601 interval as the API takes it: `PT12H`, `start/end`, `start/PT1H` or `PT1H/end`. */
export function parseTimespan(text: string): TimeRange {
  const parts = text.split('/');
  if (parts.length === 1) {
    duration(text);
    return { duration: text };
  }
  const [a = '', b = ''] = parts;
  if (parts.length !== 2) throw new WireError(`'${text}' is not an ISO 8601 interval`);
  if (a.startsWith('P')) {
    const end = instant(b);
    return { start: new Date(end.getTime() - duration(a)), end };
  }
  const start = instant(a);
  return { start, end: b.startsWith('P') ? new Date(start.getTime() + duration(b)) : instant(b) };
}

export interface Preferences {
  waitSeconds: number | undefined;
  statistics: boolean;
  render: boolean;
}

/** `Prefer: wait=600, include-statistics=true, include-render=true` */
export function parsePrefer(value: string | undefined): Preferences {
  const prefs = new Map<string, string>();
  for (const part of (value ?? '').split(',')) {
    const [k, v = ''] = part.split('=').map((s) => s.trim());
    if (k) prefs.set(k.toLowerCase(), v.toLowerCase());
  }
  const wait = Number(prefs.get('wait'));
  return {
    waitSeconds: Number.isFinite(wait) && wait > 0 ? wait : undefined,
    statistics: prefs.get('include-statistics') === 'true',
    render: prefs.get('include-render') === 'true',
  };
}

function cellJson(cell: unknown, type: QueryColumn['type']): string {
  if (cell === null || cell === undefined) return 'null';
  switch (type) {
    case 'dynamic':
      return JSON.stringify(JSON.stringify(cell));
    case 'long':
    case 'int':
      // Longs beyond 2^53 arrive as digit strings; the service writes every long as a JSON number.
      return typeof cell === 'string' && /^-?\d+$/.test(cell) ? cell : JSON.stringify(cell);
    case 'real':
      if (typeof cell === 'number' && !Number.isFinite(cell)) return JSON.stringify(String(cell));
      return JSON.stringify(cell);
    default:
      return JSON.stringify(cell);
  }
}

export interface WireExtras {
  statistics?: unknown;
  render?: unknown;
  error?: unknown;
}

/** The response body text; written by hand so that long cells keep every digit. */
export function serializeResult(tables: QueryResponse['tables'], extras: WireExtras): string {
  const tableTexts = tables.map((t) => {
    const rows = t.rows.map((row) => `[${t.columns.map((c, i) => cellJson(row[i], c.type)).join(',')}]`);
    const columns = JSON.stringify(t.columns.map((c) => ({ name: c.name, type: c.type })));
    return `{"name":${JSON.stringify(t.name)},"columns":${columns},"rows":[${rows.join(',')}]}`;
  });
  const rest = Object.entries(extras)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join('');
  return `{"tables":[${tableTexts.join(',')}]${rest}}`;
}

export function statistics(response: QueryResponse, bodyBytes: number): unknown {
  const rows = response.tables.reduce((n, t) => n + t.rows.length, 0);
  return {
    query: {
      executionTime: response.executionMs / 1000,
      resourceUsage: {
        cache: { memory: { hits: 0, misses: 0, total: 0 }, disk: { hits: 0, misses: 0, total: 0 } },
        cpu: { user: '00:00:00', kernel: '00:00:00', totalCpu: '00:00:00' },
        memory: { peakPerNode: 0 },
      },
      inputDatasetStatistics: { extents: { total: 0, scanned: 0 }, rows: { total: rows, scanned: rows } },
      datasetStatistics: response.tables.map((t) => ({ tableRowCount: t.rows.length, tableSize: bodyBytes })),
    },
  };
}

/** The `render` object as the service sends it (see the monitor-query SDK READMEs): every key, nulls included. */
const RENDER_KEYS = [
  'title',
  'accumulate',
  'isQuerySorted',
  'kind',
  'legend',
  'series',
  'yMin',
  'yMax',
  'xAxis',
  'xColumn',
  'xTitle',
  'yAxis',
  'yColumns',
  'ySplit',
  'yTitle',
  'anomalyColumns',
] as const;
const LIST_KEYS = new Set(['series', 'yColumns', 'anomalyColumns']);

function unquote(value: string): string {
  const m = /^(['"])(.*)\1$/s.exec(value.trim());
  return m?.[2] ?? value.trim();
}

export function renderObject(render: NonNullable<QueryResponse['render']>): Record<string, unknown> {
  const given = new Map(Object.entries(render.properties).map(([k, v]) => [k.toLowerCase(), unquote(v)]));
  const out: Record<string, unknown> = { visualization: render.visualization };
  for (const key of RENDER_KEYS) {
    const value = given.get(key.toLowerCase());
    if (key === 'accumulate' || key === 'isQuerySorted') out[key] = value === 'true';
    else if (key === 'yMin' || key === 'yMax') out[key] = value ?? 'NaN';
    else if (value === undefined) out[key] = null;
    else out[key] = LIST_KEYS.has(key) ? value.split(',').map((v) => v.trim()) : value;
  }
  return out;
}

export function partialError(cap: number): unknown {
  return {
    message: 'Response contained partial errors',
    code: 'PartialError',
    correlationId: randomUUID(),
    details: [
      {
        code: 'EngineError',
        message: 'Something went wrong processing your query on the server.',
        innererror: {
          code: '-2133196797',
          message:
            `Query result set has exceeded the internal record count limit ${cap} ` +
            '(E_QUERY_RESULT_SET_TOO_LARGE; see https://aka.ms/kustoquerylimits)',
          severity: 2,
          severityName: 'Error',
        },
      },
    ],
  };
}

const INVALID = 'The request had some invalid properties';

export function badArgument(code: string, message: string): FakeResponse {
  return logsError(400, 'BadArgumentError', INVALID, { code, message });
}

function detailNumber(error: ToolError, key: string): number | undefined {
  const value = error.details?.[key];
  return typeof value === 'number' ? value : undefined;
}

/** Our engine's errors in the API's format (KQL_SYNTAX → SyntaxError, KQL_SEMANTIC → SemanticError). */
export function queryErrorResponse(error: ToolError): FakeResponse {
  const line = detailNumber(error, 'line');
  const pos = detailNumber(error, 'column');
  const where = line !== undefined && pos !== undefined ? { line, pos } : {};
  switch (error.code) {
    case 'KQL_SYNTAX':
      return logsError(400, 'BadArgumentError', INVALID, {
        code: 'SyntaxError',
        message: 'A recognition error occurred in the query.',
        innererror: { code: 'SYN0002', message: error.message, ...where },
      });
    case 'KQL_SEMANTIC':
    case 'INVALID_ARGUMENT':
    case 'NOT_FOUND':
      return logsError(400, 'BadArgumentError', INVALID, {
        code: 'SemanticError',
        message: 'A semantic error occurred.',
        innererror: {
          code: error.code === 'INVALID_ARGUMENT' ? 'SEM0003' : 'SEM0100',
          message: error.message,
          ...where,
        },
      });
    case 'UNSUPPORTED':
      return badArgument('UnsupportedByFakeError', error.message);
    case 'CANCELLED':
    case 'TIMEOUT':
      return logsError(
        504,
        'GatewayTimeout',
        'The query did not finish within the server timeout (Prefer: wait).',
      );
    default:
      return logsError(500, 'InternalServerError', `An internal error occurred: ${error.message}`);
  }
}
