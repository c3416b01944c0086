// The local backend's database: DuckDB in-process, KQL translated by src/kql/engine.
import {
  DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  DuckDBTimestampNanosecondsValue,
  type DuckDBType,
  type DuckDBValue,
  BIGINT,
  BOOLEAN,
  DOUBLE,
  INTEGER,
  TIMESTAMP_NS,
  VARCHAR,
} from '@duckdb/node-api';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cell, InlineTable, QueryResponse, QueryTable } from '../backend.js';
import type { SchemaFunction } from '../../kql/analysis.js';
import type { ColumnSchema, KqlType, TableSchema } from '../../kql/types.js';
import { ToolError } from '../../util/errors.js';
import { translateKql, macroStatements, type EngineTable } from '../../kql/engine/index.js';
import { duckType, quoteIdent, quoteString } from '../../kql/engine/sql.js';
import { toCell } from '../../kql/engine/output.js';
import { allocateIds } from '../../kql/engine/context.js';
import { parseDatetimeText, parseTimespanText, formatDatetime } from '../../kql/engine/values.js';
import { fromString } from '../../kql/engine/coerce.js';

export interface LocalQueryOptions {
  /** One "now" per query: now(), ago() are relative to it. */
  now: Date;
  /** Interrupts DuckDB and rejects with ToolError CANCELLED. */
  abortSignal?: AbortSignal;
  /** Read at most this many rows of the primary result (sets truncatedAtSource). */
  maxRows?: number;
  /** Stand in for (or add to) loaded tables for this query only. */
  inlineTables?: InlineTable[];
  /** Stored functions KQL may call. */
  functions?: SchemaFunction[];
  /** Let the query see the hidden tables (it calls a stored function that reads one). */
  hiddenTables?: boolean;
  /** Rows of tables with a TimeGenerated column outside [start, end) are not seen (the API's timespan). */
  timeRange?: { start: Date; end: Date };
}

const CHUNK_ROWS = 2048;

function chunkType(type: KqlType): DuckDBType {
  switch (type) {
    case 'bool':
      return BOOLEAN;
    case 'int':
      return INTEGER;
    case 'long':
    case 'timespan':
      return BIGINT;
    case 'real':
    case 'decimal':
      return DOUBLE;
    case 'datetime':
      return TIMESTAMP_NS;
    default:
      return VARCHAR;
  }
}

function toBigint(value: Cell): bigint | null {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? BigInt(Math.trunc(value)) : null;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return BigInt(value.trim());
  if (typeof value === 'boolean') return value ? 1n : 0n;
  return null;
}

function toNumber(value: Cell): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const n = Number(value);
    return value.trim() === '' || Number.isNaN(n) ? (/^nan$/i.test(value.trim()) ? NaN : null) : n;
  }
  return null;
}

/** A cell as the DuckDB value stored for a KQL type (strings are never NULL in KQL). */
function toDuck(value: Cell | undefined, type: KqlType): DuckDBValue {
  if (value === null || value === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'string':
      return typeof value === 'string'
        ? value
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
    case 'bool':
      return typeof value === 'boolean'
        ? value
        : typeof value === 'string'
          ? /^true$/i.test(value.trim())
          : Boolean(value);
    case 'int': {
      const n = toNumber(value);
      return n === null || Number.isNaN(n) ? null : Math.trunc(n);
    }
    case 'long':
      return toBigint(typeof value === 'number' ? Math.trunc(value) : value);
    case 'real':
    case 'decimal':
      return toNumber(value);
    case 'datetime': {
      const ns =
        typeof value === 'string'
          ? parseDatetimeText(value)
          : typeof value === 'number'
            ? BigInt(Math.trunc(value)) * 1_000_000n
            : null;
      return ns === null ? null : new DuckDBTimestampNanosecondsValue(ns);
    }
    case 'timespan':
      return typeof value === 'string' ? parseTimespanText(value) : toBigint(value);
    case 'guid':
      return typeof value === 'string' ? value.toLowerCase() : String(value);
    case 'dynamic':
      return JSON.stringify(value);
  }
}

function columnDefinitions(columns: readonly ColumnSchema[]): string {
  const ids = allocateIds(columns.map((c) => c.name));
  return columns.map((c, i) => `${ids[i] ?? quoteIdent(c.name)} ${duckType(c.type)}`).join(', ');
}

/** Maps a DuckDB column type to the KQL type a file column is loaded as. */
export function kqlTypeOfDuck(duck: string): KqlType {
  const t = duck.toUpperCase();
  if (t === 'BOOLEAN') return 'bool';
  if (t === 'INTEGER' || t === 'SMALLINT' || t === 'TINYINT' || t === 'UTINYINT' || t === 'USMALLINT')
    return 'int';
  if (t === 'BIGINT' || t === 'UINTEGER' || t === 'UBIGINT' || t === 'HUGEINT') return 'long';
  if (t === 'DOUBLE' || t === 'FLOAT' || t.startsWith('DECIMAL')) return 'real';
  if (t.startsWith('TIMESTAMP') || t === 'DATE') return 'datetime';
  if (t === 'INTERVAL') return 'timespan';
  if (t === 'UUID') return 'guid';
  if (t === 'VARCHAR') return 'string';
  return 'dynamic';
}

/** SQL converting a file column (of DuckDB type `duck`) to the stored type for `type`. */
function loadExpression(ref: string, duck: string, type: KqlType): string {
  const source = kqlTypeOfDuck(duck);
  if (duck.toUpperCase() === 'VARCHAR' && type !== 'string') return fromString(ref, type);
  if (type === 'string')
    return source === 'dynamic'
      ? `coalesce(CAST(to_json(${ref}) AS VARCHAR), '')`
      : `coalesce(CAST(${ref} AS VARCHAR), '')`;
  if (type === 'dynamic')
    return source === 'dynamic' || duck.toUpperCase() === 'JSON'
      ? `CAST(to_json(${ref}) AS JSON)`
      : `to_json(${ref})`;
  if (type === 'timespan' && duck.toUpperCase() === 'INTERVAL')
    return `CAST(epoch_us(TIMESTAMP '1970-01-01' + ${ref}) * 10 AS BIGINT)`;
  if (type === 'guid') return `lower(CAST(${ref} AS VARCHAR))`;
  if ((type === 'long' || type === 'int') && source === 'real')
    return `TRY_CAST(trunc(${ref}) AS ${duckType(type)})`;
  return `TRY_CAST(${ref} AS ${duckType(type)})`;
}

export class LocalDatabase {
  private readonly tables = new Map<string, TableSchema>();
  private readonly rowCounts = new Map<string, number>();
  /** Tables only stored functions read (_GetWatchlist's items): never listed, seen on request. */
  private readonly hidden = new Set<string>();
  /** The tables as the translator sees them, without and with the hidden ones; rebuilt on change. */
  private engineTables: { visible: EngineTable[]; all: EngineTable[] } | undefined;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** The private folder of the database file. */
    private readonly folder: string,
  ) {}

  /**
   * A database in a private temporary file rather than `:memory:`: DuckDB compresses tables only on
   * disk, which keeps a loaded workspace several times smaller in memory; the file goes on close.
   */
  static async open(): Promise<LocalDatabase> {
    const folder = await mkdtemp(join(tmpdir(), 'sentinel-mcp-db-'));
    const instance = await DuckDBInstance.create(join(folder, 'workspace.duckdb'), {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    const connection = await instance.connect();
    // DuckDB's allocator keeps up to 128 MB per thread of freed memory by default: after a bulk
    // load that left a server holding ~600 MB it no longer used.
    await connection.run(`SET allocator_flush_threshold = '16MB'`);
    for (const statement of macroStatements()) await connection.run(statement);
    return new LocalDatabase(instance, connection, folder);
  }

  /** Replaces the table; rows align with `columns`; `fullSchema` adds NULL columns. */
  async createTable(
    name: string,
    columns: ColumnSchema[],
    rows: Cell[][],
    fullSchema?: ColumnSchema[],
  ): Promise<void> {
    const schema = fullSchema ?? columns;
    const missing = schema.filter((c) => !columns.some((x) => x.name === c.name));
    if (missing.length === 0) {
      await this.dropTableOrView(name);
      await this.connection.run(`CREATE TABLE main.${quoteIdent(name)} (${columnDefinitions(schema)})`);
      await appendRows(this.connection, null, name, schema, columns, rows);
    } else {
      await this.createWideTable(name, schema, columns, rows);
    }
    this.tables.set(name, { name, columns: schema.map((c) => ({ name: c.name, type: c.type })) });
    this.rowCounts.set(name, rows.length);
    this.engineTables = undefined;
  }

  /**
   * A table whose rows fill only some of its columns (the demo fills ~60 of SecurityEvent's 228):
   * the rows go into a narrow data table, and the table is a view over it that adds the unfilled
   * columns as typed NULL constants, in the full schema's order. Materialising those NULLs costs
   * seconds to load and hundreds of megabytes (in-memory tables are not compressed).
   */
  private async createWideTable(
    name: string,
    schema: readonly ColumnSchema[],
    columns: readonly ColumnSchema[],
    rows: readonly Cell[][],
  ): Promise<void> {
    const data = `__data_${name}`;
    await this.dropTableOrView(name);
    await this.connection.run(
      `CREATE OR REPLACE TABLE main.${quoteIdent(data)} (${columnDefinitions(columns)})`,
    );
    await appendRows(this.connection, null, data, columns, columns, rows);
    const dataIds = allocateIds(columns.map((c) => c.name));
    const ids = allocateIds(schema.map((c) => c.name));
    const select = schema.map((c, i) => {
      const source = columns.findIndex((x) => x.name === c.name);
      const value = source >= 0 ? dataIds[source] : `CAST(NULL AS ${duckType(c.type)})`;
      return `${value} AS ${ids[i] ?? quoteIdent(c.name)}`;
    });
    await this.connection.run(
      `CREATE VIEW main.${quoteIdent(name)} AS SELECT ${select.join(', ')} FROM main.${quoteIdent(data)}`,
    );
  }

  /** Removes a table or view of that name, whichever it is (loading replaces both kinds). */
  private async dropTableOrView(name: string): Promise<void> {
    const found = await this.connection.runAndReadAll(
      `SELECT table_type FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ${quoteString(name)}`,
    );
    const type = String(found.getRows()[0]?.[0] ?? '');
    if (type === 'VIEW') await this.connection.run(`DROP VIEW main.${quoteIdent(name)}`);
    else if (type) await this.connection.run(`DROP TABLE main.${quoteIdent(name)}`);
  }

  async createTableFromFile(
    name: string,
    path: string | readonly string[],
    format: 'jsonl' | 'csv' | 'parquet',
    columns?: ColumnSchema[],
  ): Promise<TableSchema> {
    const reader = fileReader(path, format);
    const described = await this.connection.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}`);
    const fileColumns = new Map<string, string>();
    for (const row of described.getRows()) fileColumns.set(String(row[0]), String(row[1]));
    const target: ColumnSchema[] =
      columns ?? [...fileColumns].map(([n, t]) => ({ name: n, type: kqlTypeOfDuck(t) }));
    const ids = allocateIds(target.map((c) => c.name));
    const select = target.map((c, i) => {
      const duck = fileColumns.get(c.name);
      const value =
        duck === undefined
          ? c.type === 'string'
            ? "''"
            : `CAST(NULL AS ${duckType(c.type)})`
          : loadExpression(quoteIdent(c.name), duck, c.type);
      return `CAST(${value} AS ${duckType(c.type)}) AS ${ids[i] ?? quoteIdent(c.name)}`;
    });
    await this.dropTableOrView(name);
    await this.connection.run(
      `CREATE TABLE main.${quoteIdent(name)} AS SELECT ${select.join(', ')} FROM ${reader}`,
    );
    const schema = { name, columns: target.map((c) => ({ name: c.name, type: c.type })) };
    this.tables.set(name, schema);
    const counted = await this.connection.runAndReadAll(`SELECT count(*) FROM main.${quoteIdent(name)}`);
    this.rowCounts.set(name, Number(counted.getRows()[0]?.[0] ?? 0));
    this.engineTables = undefined;
    return schema;
  }

  /**
   * A table that schemas() and tableStats() never list and queries see only when they ask
   * (`hiddenTables`), so that `union *` and table listings made with KQL stay as they were.
   */
  async createHiddenTable(name: string, columns: ColumnSchema[], rows: Cell[][]): Promise<void> {
    this.hidden.add(name);
    await this.createTable(name, columns, rows);
  }

  private loadedTables(withHidden: boolean): EngineTable[] {
    if (!this.engineTables) {
      const all = [...this.tables.values()].map((t) => ({
        ...t,
        sqlName: `main.${quoteIdent(t.name)}`,
        columnIds: allocateIds(t.columns.map((c) => c.name)),
        empty: this.rowCounts.get(t.name) === 0,
      }));
      const visible = all.filter((t) => !this.hidden.has(t.name));
      this.engineTables = { visible, all: visible.length === all.length ? visible : all };
    }
    return withHidden ? this.engineTables.all : this.engineTables.visible;
  }

  private tablesFor(
    inline: readonly InlineTable[],
    timeRange?: LocalQueryOptions['timeRange'],
    withHidden = false,
  ): EngineTable[] {
    const loaded = timeRange
      ? this.loadedTables(withHidden).map((t) => withinTimeRange(t, timeRange))
      : this.loadedTables(withHidden);
    if (inline.length === 0) return loaded;
    const tables = loaded.filter((t) => !inline.some((i) => i.name === t.name));
    for (const t of inline) {
      const columnIds = allocateIds(t.columns.map((c) => c.name));
      tables.push({ name: t.name, columns: t.columns, sqlName: `temp.${quoteIdent(t.name)}`, columnIds });
    }
    return tables;
  }

  schemas(): TableSchema[] {
    return [...this.tables.values()]
      .filter((t) => !this.hidden.has(t.name))
      .map((t) => ({ name: t.name, columns: [...t.columns] }));
  }

  async tableStats(): Promise<{ name: string; rowCount: number; lastRecord: string | null }[]> {
    const tables = [...this.tables.values()].filter((t) => !this.hidden.has(t.name));
    if (tables.length === 0) return [];
    const parts = tables.map((t) => {
      const hasTime = t.columns.some((c) => c.name === 'TimeGenerated' && c.type === 'datetime');
      const last = hasTime ? `epoch_ns(max(${quoteIdent('TimeGenerated')}))` : 'CAST(NULL AS BIGINT)';
      return `SELECT ${quoteString(t.name)} AS name, count(*) AS n, ${last} AS last FROM main.${quoteIdent(t.name)}`;
    });
    const reader = await this.connection.runAndReadAll(parts.join(' UNION ALL '));
    return reader.getRows().map((row) => ({
      name: String(row[0]),
      rowCount: Number(row[1]),
      lastRecord: typeof row[2] === 'bigint' ? formatDatetime(row[2]) : null,
    }));
  }

  async query(kql: string, options: LocalQueryOptions): Promise<QueryResponse> {
    const started = performance.now();
    throwIfAborted(options.abortSignal);
    const inline = options.inlineTables ?? [];
    const translation = translateKql(kql, {
      tables: this.tablesFor(inline, options.timeRange, options.hiddenTables ?? false),
      functions: options.functions,
      now: options.now,
    });
    const connection = await this.instance.connect();
    try {
      for (const t of inline) {
        await connection.run(
          `CREATE OR REPLACE TEMP TABLE ${quoteIdent(t.name)} (${columnDefinitions(t.columns)})`,
        );
        await appendRows(connection, 'temp', t.name, t.columns, t.columns, t.rows);
      }
      const limit =
        options.maxRows === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(options.maxRows)) + 1}`;
      const sql = limit ? `SELECT * FROM (${translation.sql})${limit}` : translation.sql;
      const rows = await runCancellable(connection, sql, options.abortSignal);
      const truncated = options.maxRows !== undefined && rows.length > options.maxRows;
      const kept = truncated ? rows.slice(0, options.maxRows) : rows;
      const table: QueryTable = {
        name: 'PrimaryResult',
        columns: translation.columns,
        rows: kept.map((row) => translation.columns.map((c, i) => toCell(row[i], c.type))),
      };
      const response: QueryResponse = {
        tables: [table],
        truncatedAtSource: truncated,
        warnings: [],
        executionMs: Math.round(performance.now() - started),
      };
      if (translation.render) response.render = translation.render;
      return response;
    } finally {
      connection.closeSync();
    }
  }

  /** Runs SQL as is on the database (benchmarks and diagnostics; never caller text). */
  async runSql(sql: string): Promise<unknown[][]> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRows() as unknown[][];
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
    await rm(this.folder, { recursive: true, force: true });
  }
}

/** The table seen through a time filter on TimeGenerated, when it has that column. */
function withinTimeRange(table: EngineTable, range: { start: Date; end: Date }): EngineTable {
  const index = table.columns.findIndex((c) => c.name === 'TimeGenerated' && c.type === 'datetime');
  if (index < 0) return table;
  const column = table.columnIds?.[index] ?? quoteIdent('TimeGenerated');
  const bound = (d: Date) => `CAST(${quoteString(d.toISOString())} AS TIMESTAMP)`;
  const filter = `${column} >= ${bound(range.start)} AND ${column} < ${bound(range.end)}`;
  return { ...table, sqlName: `(SELECT * FROM ${table.sqlName ?? quoteIdent(table.name)} WHERE ${filter})` };
}

/** A DuckDB reader over one file or several files of one table (columns matched by name). */
function fileReader(paths: string | readonly string[], format: 'jsonl' | 'csv' | 'parquet'): string {
  const list = typeof paths === 'string' ? [paths] : paths;
  const files = list.length === 1 ? quoteString(list[0]!) : `[${list.map(quoteString).join(', ')}]`;
  const byName = list.length > 1 ? ', union_by_name = true' : '';
  switch (format) {
    case 'jsonl':
      // sample_size = -1: a key that first appears deep in the file is a column too
      return `read_json(${files}, format = 'newline_delimited', sample_size = -1${byName})`;
    case 'csv':
      return `read_csv(${files}, header = true, all_varchar = true${byName})`;
    case 'parquet':
      return `read_parquet(${files}${byName})`;
  }
}

async function appendRows(
  connection: DuckDBConnection,
  catalog: string | null,
  table: string,
  schema: readonly ColumnSchema[],
  columns: readonly ColumnSchema[],
  rows: readonly Cell[][],
): Promise<void> {
  const sources = schema.map((c) => columns.findIndex((x) => x.name === c.name));
  const types = schema.map((c) => chunkType(c.type));
  const appender = await connection.createAppender(table, 'main', catalog);
  try {
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, rows.length - start);
      const chunk = DuckDBDataChunk.create(types, count);
      schema.forEach((column, c) => {
        const source = sources[c] ?? -1;
        const values: DuckDBValue[] = new Array<DuckDBValue>(count);
        for (let r = 0; r < count; r++) {
          const cell = source < 0 ? null : rows[start + r]?.[source];
          values[r] = toDuck(cell ?? null, column.type);
        }
        chunk.setColumnValues(c, values);
      });
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled();
}

function cancelled(): ToolError {
  return new ToolError('CANCELLED', 'The query was cancelled before it finished.', {
    hint: 'Run it again if you still need the result.',
  });
}

async function runCancellable(
  connection: DuckDBConnection,
  sql: string,
  signal: AbortSignal | undefined,
): Promise<unknown[][]> {
  throwIfAborted(signal);
  let aborted = false;
  const onAbort = (): void => {
    aborted = true;
    connection.interrupt();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const reader = await connection.runAndReadAll(sql);
    if (aborted) throw cancelled();
    return reader.getRows() as unknown[][];
  } catch (error) {
    if (aborted || signal?.aborted) throw cancelled();
    throw executionError(error);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

function executionError(error: unknown): ToolError {
  if (error instanceof ToolError) return error;
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  if (
    /^Invalid Input Error: (?!.*JSON)/.test(message) &&
    /missing|invalid|bad|unexpected|repetition|escape/i.test(message)
  ) {
    return new ToolError(
      'KQL_SEMANTIC',
      `A regular expression in the query is not valid: ${message.replace(/^Invalid Input Error: /, '')}`,
      {
        hint: 'Fix the pattern (RE2 syntax, as in KQL).',
      },
    );
  }
  if (/Timestamp\(NS\)|timestamp.*out of range|Could not convert.*Timestamp/i.test(message)) {
    return new ToolError(
      'UNSUPPORTED',
      'A datetime outside 1678-2261 is not supported by the local engine.',
      {
        hint: 'Keep datetimes within 1678-2261, or run the query against an Azure workspace.',
      },
    );
  }
  return new ToolError('INTERNAL', `The local engine failed to run the query: ${message}`, {
    hint: 'This is a bug in the KQL translation; please report the query.',
    retryable: false,
  });
}
