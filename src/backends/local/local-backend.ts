// LocalBackend: a workspace held in DuckDB, from a workspace folder or the built-in demo.
import type { SchemaFunction } from '../../kql/analysis.js';
import { tableCatalog } from '../../kql/catalog.js';
import type { TableSchema } from '../../kql/types.js';
import type { RdapSettings } from '../../config.js';
import { ToolError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { formatIsoDuration, parseIsoDuration } from '../../util/time.js';
import type {
  Backend,
  CallOptions,
  LogsApi,
  QueryRequest,
  QueryResponse,
  TableDetails,
  TableInfo,
  TablesApi,
  WorkspaceApi,
  WorkspaceInfo,
} from '../backend.js';
import { LocalDatabase } from './database.js';
import { LocalEnrichment, type LocalEnrichmentOptions } from './enrichment/index.js';
import { LocalDirectory } from './directory.js';
import { generateDemoWorkspace, type DemoStory } from './demo/index.js';
import type { ObjectSet, ObjectsApi } from '../objects.js';
import {
  checkWatchlistAliases,
  GET_WATCHLIST,
  LocalObjectStore,
  watchlistFunctions,
  type WatchlistFunctions,
} from './objects/index.js';
import { readWorkspaceFolder, type WorkspaceFolder } from './workspace-folder.js';

export interface LocalBackendOptions {
  /** A workspace folder; the built-in demo when absent. */
  folder?: string;
  logger: Logger;
  /** For the demo: the instant its data ends at, and now() in its queries (default: the clock). */
  now?: Date;
  seed?: number;
  /** Where domain WHOIS asks RDAP (default: IANA's bootstrap). */
  rdap?: RdapSettings;
}

interface Source {
  name: string;
  id: string;
  /** Fixed anchor, or undefined to follow the clock. */
  anchor: Date | undefined;
  description: string;
}

const LOCAL_RETENTION_DAYS = 90;

function notFound(name: string): ToolError {
  return new ToolError('NOT_FOUND', `No table named "${name}" in this workspace`, {
    hint: 'Table names are case-sensitive; list them with sentinel_logs_tables_list.',
  });
}

export class LocalBackend implements Backend {
  readonly kind = 'local' as const;
  readonly logs: LogsApi;
  readonly tables: TablesApi;
  readonly workspace: WorkspaceApi;
  readonly objects: ObjectsApi;
  /** Entra ID users and groups: the demo's organisation, or the folder's entra/ files (directory.ts). */
  readonly directory: LocalDirectory;
  /** IP geodata from offline databases, domain WHOIS over RDAP (enrichment/). */
  readonly enrichment: LocalEnrichment;

  private constructor(
    private readonly db: LocalDatabase,
    private readonly source: Source,
    /** The demo's story, when this is the demo (later issues serve incidents and users from it). */
    readonly story: DemoStory | undefined,
    /** The Sentinel objects in ARM wire JSON (the Azure fake serves these as they are). */
    readonly objectSet: ObjectSet,
    /** `_GetWatchlist` and `_GetWatchlistAlias` over the set's watchlists. */
    private readonly watchlists: WatchlistFunctions,
    enrichmentOptions: LocalEnrichmentOptions = {},
  ) {
    this.enrichment = new LocalEnrichment(enrichmentOptions);
    this.objects = new LocalObjectStore(objectSet);
    this.logs = { query: (request) => this.query(request) };
    this.tables = {
      list: (options) => this.listTables(options),
      schema: async (name) => this.schemaOf(name),
      details: async (name, options) => this.detailsOf(name, options),
    };
    this.workspace = { get: async () => this.info() };
    // For a folder, source.description is its resolved root.
    this.directory = story ? LocalDirectory.demo() : LocalDirectory.folder(source.description);
  }

  get id(): string {
    return this.source.id;
  }

  static async open(options: LocalBackendOptions): Promise<LocalBackend> {
    const db = await LocalDatabase.open();
    try {
      if (options.folder) {
        const { source, objects } = await loadFolder(db, options.folder, options.logger);
        return new LocalBackend(db, source, undefined, objects, await loadWatchlists(db, objects), {
          ...(options.rdap ? { rdap: options.rdap } : {}),
          logger: options.logger,
        });
      }
      const started = Date.now();
      const demo = generateDemoWorkspace({
        now: options.now ?? new Date(),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
      });
      const catalog = tableCatalog();
      for (const t of demo.tables) {
        await db.createTable(t.name, t.columns, t.rows, catalog.tables.get(t.name)?.columns);
      }
      const rows = demo.tables.reduce((n, t) => n + t.rows.length, 0);
      options.logger.info(
        { tables: demo.tables.length, rows, ms: Date.now() - started },
        'demo workspace loaded',
      );
      // A demo generated for a given instant keeps now() there; by default it follows the clock.
      const source = { name: demo.name, id: demo.id, anchor: options.now, description: 'built-in demo' };
      // Only the story and the objects are kept: the generated rows now live in DuckDB.
      return new LocalBackend(db, source, demo.story, demo.content, await loadWatchlists(db, demo.content), {
        ...(options.rdap ? { rdap: options.rdap } : {}),
        logger: options.logger,
      });
    } catch (error) {
      await db.close();
      throw error;
    }
  }

  /** The instant now() means: the folder's fixed anchor, or the clock. */
  private now(): Date {
    return this.source.anchor ?? new Date();
  }

  async query(request: QueryRequest): Promise<QueryResponse> {
    const now = this.now();
    const timeRange = request.timespan ? resolveTimeRange(request.timespan, now) : undefined;
    checkWatchlistAliases(request.query, this.watchlists.aliases);
    const response = await this.db.query(request.query, {
      now,
      functions: this.watchlists.execution,
      hiddenTables: request.query.includes(GET_WATCHLIST),
      ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
      ...(request.maxRows !== undefined ? { maxRows: request.maxRows } : {}),
      ...(request.inlineTables ? { inlineTables: request.inlineTables } : {}),
      ...(timeRange ? { timeRange } : {}),
    });
    return timeRange ? { ...response, appliedTimespan: describeTimeRange(timeRange) } : response;
  }

  private async listTables(options: CallOptions & { includeStats?: boolean }): Promise<TableInfo[]> {
    options.abortSignal?.throwIfAborted();
    const stats = options.includeStats
      ? new Map((await this.db.tableStats()).map((s) => [s.name, s]))
      : undefined;
    return this.db.schemas().map((t) => ({
      name: t.name,
      plan: 'Local',
      tableType: tableCatalog().tables.has(t.name)
        ? 'Microsoft'
        : t.name.endsWith('_CL')
          ? 'CustomLog'
          : 'Local',
      retentionInDays: LOCAL_RETENTION_DAYS,
      totalRetentionInDays: LOCAL_RETENTION_DAYS,
      columnCount: t.columns.length,
      ...(stats
        ? { rowCount: stats.get(t.name)?.rowCount ?? 0, lastRecord: stats.get(t.name)?.lastRecord ?? null }
        : {}),
    }));
  }

  private schemaOf(name: string): TableSchema {
    const table = this.db.schemas().find((t) => t.name === name);
    if (!table) throw notFound(name);
    return table;
  }

  private async detailsOf(name: string, options?: CallOptions): Promise<TableDetails> {
    const schema = this.schemaOf(name);
    const info = (await this.listTables({ ...options, includeStats: true })).find((t) => t.name === name);
    return { ...(info ?? { name }), columns: schema.columns };
  }

  private async info(): Promise<WorkspaceInfo> {
    const anchor = this.source.anchor;
    return {
      backend: 'local',
      name: this.source.name,
      workspaceId: this.source.id,
      retentionInDays: LOCAL_RETENTION_DAYS,
      source: this.source.description,
      timeAnchor: (anchor ?? new Date()).toISOString(),
      tableCount: this.db.schemas().length,
      ...(this.story
        ? { location: this.story.workspace.location, resourceId: this.story.workspace.resourceId }
        : {}),
    };
  }

  async validationSchema(): Promise<{ tables: TableSchema[]; functions: SchemaFunction[] }> {
    return { tables: this.db.schemas(), functions: this.watchlists.validation };
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/** The start and end a time range means at `now`; also its ISO duration for the result. */
export function resolveTimeRange(
  range: NonNullable<QueryRequest['timespan']>,
  now: Date,
): { start: Date; end: Date } {
  if (range.duration) {
    const ms = parseIsoDuration(range.duration);
    return { start: new Date(now.getTime() - ms), end: now };
  }
  const end = range.end ?? now;
  const start = range.start ?? new Date(0);
  return { start, end };
}

export function describeTimeRange(range: { start: Date; end: Date }): string {
  return `${range.start.toISOString()}/${range.end.toISOString()} (${formatIsoDuration(range.end.getTime() - range.start.getTime())})`;
}

/** The hidden table `_GetWatchlist` reads, and the functions over it. */
async function loadWatchlists(db: LocalDatabase, objects: ObjectSet): Promise<WatchlistFunctions> {
  const functions = watchlistFunctions(objects);
  await db.createHiddenTable(functions.table.name, functions.table.columns, functions.table.rows);
  return functions;
}

async function loadFolder(
  db: LocalDatabase,
  dir: string,
  logger: Logger,
): Promise<{ source: Source; objects: ObjectSet }> {
  const started = Date.now();
  const folder: WorkspaceFolder = await readWorkspaceFolder(dir);
  for (const table of folder.tables) {
    await db.createTableFromFile(table.name, table.files, table.format, table.columns);
  }
  const objects = Object.fromEntries(
    Object.entries(folder.objects.objects)
      .filter(([, list]) => list.length > 0)
      .map(([kind, list]) => [kind, list.length]),
  );
  logger.info(
    { folder: folder.root, tables: folder.tables.length, objects, ms: Date.now() - started },
    'workspace folder loaded',
  );
  return {
    source: {
      name: folder.name,
      id: folder.id,
      anchor: folder.timeAnchor === 'now' ? undefined : folder.timeAnchor,
      description: folder.root,
    },
    objects: folder.objects,
  };
}
