// The Backend interface: everything a tool may ask of a workspace, one method group per domain.
// Tools depend on this file only, never on an implementation; results are our own types.
import type { SchemaFunction } from '../kql/analysis.js';
import type { ConnectionApi } from './connection.js';
import type { DirectoryApi } from './directory.js';
import type { EnrichmentApi } from './enrichment.js';
import type { ObjectsApi } from './objects.js';
import type { ColumnSchema, KqlType, TableSchema } from '../kql/types.js';

export type BackendKind = 'local' | 'azure';

/** Options every backend call takes. */
export interface CallOptions {
  abortSignal?: AbortSignal;
  /** Epoch milliseconds by which the call must finish (retries stop before it). */
  deadline?: number;
}

export interface QueryColumn {
  name: string;
  type: KqlType;
}

/** A cell as KQL types map to JSON: long beyond 2^53 as string, datetime as ISO 8601, dynamic as JSON. */
export type Cell = string | number | boolean | null | Cell[] | { [key: string]: Cell };

export interface QueryTable {
  name: string;
  columns: QueryColumn[];
  rows: Cell[][];
}

export interface TimeRange {
  /** ISO 8601 duration (`PT1H`, `P7D`) ending now, or explicit start/end. */
  duration?: string;
  start?: Date;
  end?: Date;
}

export interface QueryRequest extends CallOptions {
  query: string;
  timespan?: TimeRange;
  /** Rows to fetch at most; the backend may stop early past it and say so. */
  maxRows?: number;
  /** Tables that stand in for (or add to) the workspace's, for this query only. */
  inlineTables?: InlineTable[];
}

export interface InlineTable {
  name: string;
  columns: ColumnSchema[];
  rows: Cell[][];
}

export interface QueryResponse {
  /** The primary result first; further tables (e.g. from `fork`) after it. */
  tables: QueryTable[];
  /** True when the backend stopped reading at maxRows. */
  truncatedAtSource: boolean;
  /** Partial results or warnings the backend reported beside the rows. */
  warnings: string[];
  /** The time range the query ran over, when the backend applied one. */
  appliedTimespan?: string;
  /** What the chart would be when the query ends with `render`. */
  render?: { visualization: string; properties: Record<string, string> };
  executionMs: number;
}

export interface TableInfo {
  name: string;
  /** Analytics, Basic, Auxiliary (Azure); `Local` for the local workspace. */
  plan?: string;
  /** Microsoft, CustomLog, RestoredLogs, SearchResults, Local... */
  tableType?: string;
  retentionInDays?: number;
  totalRetentionInDays?: number;
  columnCount?: number;
  rowCount?: number;
  lastRecord?: string | null;
}

export interface TableDetails extends TableInfo {
  columns: ColumnSchema[];
  description?: string;
  solutions?: string[];
}

export interface WorkspaceInfo {
  backend: BackendKind;
  name: string;
  /** The Log Analytics customer id (the id queries use). */
  workspaceId: string;
  resourceId?: string;
  location?: string;
  sku?: string;
  retentionInDays?: number;
  createdAt?: string;
  /** For the local backend: the folder, or `built-in demo`. */
  source?: string;
  /** For the local backend: the instant `now()` and `ago()` are relative to. */
  timeAnchor?: string;
  tableCount?: number;
}

export interface LogsApi {
  query(request: QueryRequest): Promise<QueryResponse>;
}

export interface TablesApi {
  list(options: CallOptions & { filterPattern?: string; includeStats?: boolean }): Promise<TableInfo[]>;
  schema(name: string, options?: CallOptions): Promise<TableSchema>;
  details(name: string, options?: CallOptions): Promise<TableDetails>;
}

export interface WorkspaceApi {
  get(options?: CallOptions): Promise<WorkspaceInfo>;
}

/**
 * A workspace the server talks to. Later issues add groups (incidents, rules, watchlists, ...);
 * each is optional so that a backend can grow one domain at a time.
 */
export interface Backend {
  readonly kind: BackendKind;
  /** Stable id used in cache keys (`workspace:{id}`). */
  readonly id: string;
  readonly logs: LogsApi;
  readonly tables: TablesApi;
  readonly workspace: WorkspaceApi;
  /** Connection checks and the caller's access, where the backend has them (Azure). */
  readonly connection?: ConnectionApi;
  /** Sentinel and workspace objects: incidents, rules, watchlists, connectors, ... (objects.ts). */
  readonly objects?: ObjectsApi;
  /** IP geolocation and domain WHOIS (enrichment.ts). */
  readonly enrichment?: EnrichmentApi;
  /** Entra ID users and groups (directory.ts). */
  readonly directory?: DirectoryApi;
  /** What KQL validation should know beyond the catalog: the workspace's own tables and functions. */
  validationSchema(options?: CallOptions): Promise<{ tables: TableSchema[]; functions: SchemaFunction[] }>;
  close(): Promise<void>;
}
