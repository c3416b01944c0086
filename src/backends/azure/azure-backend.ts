// AzureBackend: a Microsoft Sentinel workspace through the official Azure SDK for JavaScript.
// Opening loads the SDK (dynamic import) and builds the credential and clients; nothing touches the
// network until the first call.
import type { ConnectionApi } from '../connection.js';
import type { DirectoryApi } from '../directory.js';
import type { EnrichmentApi } from '../enrichment.js';
import type { SchemaFunction } from '../../kql/analysis.js';
import type { TableSchema } from '../../kql/types.js';
import { TOOLSETS } from '../../tools/toolsets.js';
import type { Backend, CallOptions, LogsApi, TablesApi, WorkspaceApi, WorkspaceInfo } from '../backend.js';
import { authorizationSummary } from './authorization.js';
import { graphDirectory } from './graph.js';
import { testConnection } from './diagnostics.js';
import { azureEnrichment } from './enrichment.js';
import { AzureObjects } from './objects.js';
import { queryLogs } from './logs.js';
import { AzureSession, deadlineOf, type AzureSessionOptions } from './session.js';
import {
  listTables,
  tableDetails,
  tableSchema,
  workspaceTableSchemas,
  type TablesContext,
} from './tables.js';
import { watchlistValidationFunctions } from './watchlist-schema.js';
import { getArmWorkspace, workspaceFromSettings } from './workspace.js';

export type AzureBackendOptions = AzureSessionOptions;

/** How long the workspace's own table schemas (for validation) are kept (DESIGN §6: 10 minutes). */
export const SCHEMA_TTL_MS = 10 * 60 * 1000;

export class AzureBackend implements Backend {
  readonly kind = 'azure' as const;
  readonly id: string;
  readonly logs: LogsApi;
  readonly tables: TablesApi;
  readonly workspace: WorkspaceApi;
  /** Doctor steps and the authorization summary (see doctor.ts). */
  readonly connection: ConnectionApi;
  /** Sentinel and workspace objects from ARM (objects.ts). */
  readonly objects: AzureObjects;
  /** Entra ID users and groups through Microsoft Graph (graph.ts). */
  readonly directory: DirectoryApi;
  /** IP geodata and domain WHOIS from Sentinel's enrichment API (enrichment.ts). */
  readonly enrichment: EnrichmentApi;
  private readonly tablesContext: TablesContext;
  private armInfo: Promise<WorkspaceInfo> | undefined;
  private schemas: { expires: number; value: Promise<TableSchema[]> } | undefined;
  private functions: { expires: number; value: Promise<SchemaFunction[]> } | undefined;

  private constructor(readonly session: AzureSession) {
    const s = session.settings;
    this.id =
      s.workspaceId ??
      (session.hasArmCoordinates() ? `${s.subscriptionId}/${s.resourceGroup}/${s.workspaceName}` : 'azure');
    this.tablesContext = {
      session,
      logger: session.options.logger,
      workspaceId: (options) => this.workspaceId(options),
    };
    this.logs = {
      query: async (request) =>
        queryLogs(session, request, { workspaceId: await this.workspaceId(request), ...deadlineOf(request) }),
    };
    this.tables = {
      list: (options) => listTables(this.tablesContext, options),
      schema: (name, options) => tableSchema(this.tablesContext, name, options ?? {}),
      details: (name, options) => tableDetails(this.tablesContext, name, options ?? {}),
    };
    this.workspace = { get: (options) => this.getWorkspace(options ?? {}) };
    this.objects = new AzureObjects(session);
    this.directory = graphDirectory(session);
    this.enrichment = azureEnrichment(session);
    this.connection = {
      test: (options) => testConnection({ session, workspaceId: (o) => this.workspaceId(o) }, options),
      authorizationSummary: (options) =>
        authorizationSummary(
          session,
          options?.toolsets ?? TOOLSETS,
          options?.abortSignal ? { abortSignal: options.abortSignal } : {},
        ),
    };
  }

  static async open(options: AzureBackendOptions): Promise<AzureBackend> {
    return new AzureBackend(await AzureSession.open(options));
  }

  private async getWorkspace(options: CallOptions): Promise<WorkspaceInfo> {
    if (!this.session.hasArmCoordinates()) return workspaceFromSettings(this.session);
    return getArmWorkspace(this.session, options);
  }

  /** The Log Analytics workspace id: from AZURE_WORKSPACE_ID, else the ARM workspace's customer id. */
  private async workspaceId(options: CallOptions): Promise<string> {
    const configured = this.session.settings.workspaceId;
    if (configured) return configured;
    if (!this.session.hasArmCoordinates()) return workspaceFromSettings(this.session).workspaceId;
    this.armInfo ??= getArmWorkspace(this.session, options).catch((error: unknown) => {
      this.armInfo = undefined;
      throw error;
    });
    return (await this.armInfo).workspaceId;
  }

  async validationSchema(
    options: CallOptions = {},
  ): Promise<{ tables: TableSchema[]; functions: SchemaFunction[] }> {
    const now = Date.now();
    if (!this.schemas || this.schemas.expires <= now) {
      const value = workspaceTableSchemas(this.tablesContext, options);
      const entry = { expires: now + SCHEMA_TTL_MS, value };
      this.schemas = entry;
      value.catch(() => {
        if (this.schemas === entry) this.schemas = undefined;
      });
    }
    if (!this.functions || this.functions.expires <= now) {
      // Without ARM coordinates or access: the fixed columns only; rejects only when cancelled.
      const value = watchlistValidationFunctions(this.objects, options, this.session.options.logger);
      const entry = { expires: now + SCHEMA_TTL_MS, value };
      this.functions = entry;
      value.catch(() => {
        if (this.functions === entry) this.functions = undefined;
      });
    }
    const [tables, functions] = await Promise.all([this.schemas.value, this.functions.value]);
    return { tables, functions };
  }

  async close(): Promise<void> {
    // Clients hold no open resources beyond keep-alive sockets, which do not keep the process alive.
    this.schemas = undefined;
    this.functions = undefined;
    this.armInfo = undefined;
  }
}
