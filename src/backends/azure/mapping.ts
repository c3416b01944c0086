// From Azure's shapes to ours: ARM workspaces and tables, and Log Analytics query bodies. SDK types
// stop here; what leaves this folder is backend.ts's types.
import type { Column, Table, Workspace } from '@azure/arm-operationalinsights';
import { normalizeKqlType, type ColumnSchema, type KqlType, type TableSchema } from '../../kql/types.js';
import { parseJsonExact } from './json.js';
import type { Cell, QueryResponse, QueryTable, TableDetails, TableInfo, WorkspaceInfo } from '../backend.js';

// ---------------------------------------------------------------------------------------------
// ARM
// ---------------------------------------------------------------------------------------------

/**
 * The KQL type of an ARM table column (`string, int, long, real, boolean, dateTime, guid, dynamic`).
 * `guid` maps to `string`: Log Analytics exposes such columns as strings to queries (the official
 * Tables_List example types TenantId `guid`; the official query example returns TenantId as
 * `string`; the table catalog agrees), so validation and schemas must say `string` too.
 */
export function kqlTypeOfArmColumn(type: string | undefined): KqlType {
  switch ((type ?? '').toLowerCase()) {
    case 'guid':
    case 'string':
    case '':
      return 'string';
    case 'datetime':
      return 'datetime';
    case 'boolean':
    case 'bool':
      return 'bool';
    default:
      return normalizeKqlType(type ?? 'string');
  }
}

/** A table's columns: the standard ones, then the custom ones, each name once. */
export function columnsOfArmTable(table: Table): ColumnSchema[] {
  const out: ColumnSchema[] = [];
  const seen = new Set<string>();
  const add = (columns: readonly Column[] | undefined | null) => {
    for (const c of columns ?? []) {
      if (!c.name || seen.has(c.name)) continue;
      seen.add(c.name);
      out.push({ name: c.name, type: kqlTypeOfArmColumn(c.type) });
    }
  };
  add(table.schema?.standardColumns);
  add(table.schema?.columns);
  return out;
}

function tableName(table: Table): string {
  return table.name ?? table.schema?.name ?? '';
}

export function tableInfoFromArm(table: Table): TableInfo {
  const columns = columnsOfArmTable(table);
  return {
    name: tableName(table),
    ...(table.plan ? { plan: table.plan } : {}),
    ...(table.schema?.tableType ? { tableType: table.schema.tableType } : {}),
    ...(typeof table.retentionInDays === 'number' ? { retentionInDays: table.retentionInDays } : {}),
    ...(typeof table.totalRetentionInDays === 'number'
      ? { totalRetentionInDays: table.totalRetentionInDays }
      : {}),
    columnCount: columns.length,
  };
}

export function tableSchemaFromArm(table: Table): TableSchema {
  return { name: tableName(table), columns: columnsOfArmTable(table) };
}

export function tableDetailsFromArm(table: Table): TableDetails {
  const description = table.schema?.description ?? table.searchResults?.description;
  const solutions = table.schema?.solutions;
  return {
    ...tableInfoFromArm(table),
    columns: columnsOfArmTable(table),
    ...(description ? { description } : {}),
    ...(solutions && solutions.length > 0 ? { solutions: [...solutions] } : {}),
  };
}

function isoOf(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function workspaceInfoFromArm(workspace: Workspace, fallbackId?: string): WorkspaceInfo {
  const createdAt = isoOf(workspace.createdDate) ?? isoOf(workspace.systemData?.createdAt);
  return {
    backend: 'azure',
    name: workspace.name ?? '',
    workspaceId: workspace.customerId ?? fallbackId ?? '',
    ...(workspace.id ? { resourceId: workspace.id } : {}),
    ...(workspace.location ? { location: workspace.location } : {}),
    ...(workspace.sku?.name ? { sku: workspace.sku.name } : {}),
    ...(typeof workspace.retentionInDays === 'number' ? { retentionInDays: workspace.retentionInDays } : {}),
    ...(createdAt ? { createdAt } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Log Analytics query API (POST /v1/workspaces/{id}/query): tables/columns/rows
// ---------------------------------------------------------------------------------------------

export interface WireError {
  code?: string;
  message?: string;
  details?: WireError[];
  innererror?: WireError;
}

interface WireTable {
  name?: string;
  columns?: { name?: string; type?: string }[];
  rows?: unknown[][];
}

export interface WireQueryBody {
  tables?: WireTable[];
  error?: WireError;
  statistics?: Record<string, unknown>;
  render?: Record<string, unknown>;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function integerCell(value: unknown): Cell {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : null;
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^-?\d+$/.test(text)) {
      const big = BigInt(text);
      return big > MAX_SAFE || big < -MAX_SAFE ? big.toString() : Number(big);
    }
    if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return Math.trunc(Number(text));
    return text === '' ? null : text;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

function realCell(value: unknown): Cell {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return null;
    if (/^(NaN|[+-]?Infinity)$/.test(text)) return text.replace(/^\+/, '');
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  return null;
}

function boolCell(value: unknown): Cell {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    if (/^(true|1)$/i.test(value.trim())) return true;
    if (/^(false|0)$/i.test(value.trim())) return false;
  }
  return null;
}

function datetimeCell(value: unknown): Cell {
  if (typeof value === 'string') return value === '' ? null : value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : trimIso(value.toISOString());
  return null;
}

/** `2024-05-01T10:00:00.000Z` → `2024-05-01T10:00:00Z`, as KQL prints datetimes. */
function trimIso(iso: string): string {
  return iso.replace(/\.(\d*?)0*Z$/, (_m, digits: string) => (digits ? `.${digits}Z` : 'Z'));
}

function dynamicCell(value: unknown): Cell {
  if (typeof value === 'string') {
    if (value === '') return null;
    try {
      return parseJsonExact(value) as Cell;
    } catch {
      return value;
    }
  }
  return toCell(value);
}

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map(toCell);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const out: { [key: string]: Cell } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toCell(v);
    return out;
  }
  return String(value);
}

/** One cell as DESIGN §5 maps KQL types to JSON, from what the query API sent for the column type. */
export function cellFromWire(value: unknown, type: KqlType): Cell {
  if (value === null || value === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'string':
    case 'guid':
    case 'timespan':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'int':
    case 'long':
      return integerCell(value);
    case 'real':
    case 'decimal':
      return realCell(value);
    case 'bool':
      return boolCell(value);
    case 'datetime':
      return datetimeCell(value);
    case 'dynamic':
      return dynamicCell(value);
  }
}

export function queryTablesFromWire(body: WireQueryBody): QueryTable[] {
  return (body.tables ?? []).map((t, index) => {
    const columns = (t.columns ?? []).map((c, i) => ({
      name: c.name ?? `Column${i + 1}`,
      type: normalizeKqlType(c.type ?? 'string'),
    }));
    const rows = (t.rows ?? []).map((row) => columns.map((c, i) => cellFromWire(row[i], c.type)));
    return { name: t.name ?? (index === 0 ? 'PrimaryResult' : `Table_${index}`), columns, rows };
  });
}

/** The innermost messages of an error, most specific first, without duplicates. */
export function errorMessages(error: WireError | undefined): string[] {
  const out: string[] = [];
  const visit = (e: WireError | undefined, depth: number) => {
    if (!e || depth > 8) return;
    visit(e.innererror, depth + 1);
    for (const d of e.details ?? []) visit(d, depth + 1);
    const text = e.message?.trim();
    if (text && !out.includes(text)) out.push(text);
  };
  visit(error, 0);
  return out;
}

/** The warning for a partial result (HTTP 200 with an `error` beside the tables). */
export function partialResultWarning(error: WireError): string {
  const messages = errorMessages(error);
  const code = error.code ? `${error.code}: ` : '';
  return `Partial result: the query did not complete on the server (${code}${messages.slice(0, 3).join(' / ') || 'no details'}). The rows returned may be incomplete.`;
}

export function renderFromWire(render: Record<string, unknown> | undefined): QueryResponse['render'] {
  if (!render || typeof render !== 'object') return undefined;
  const visualization = render.visualization;
  if (typeof visualization !== 'string' || visualization === '') return undefined;
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(render)) {
    if (key === 'visualization' || value === null || value === undefined) continue;
    properties[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return { visualization, properties };
}
