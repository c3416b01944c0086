// ARM: the workspace's tables (Tables_ListByWorkspace with paging, Tables_Get), built from the
// LocalBackend's schemas in the 2025-07-01 shape.
import { randomBytes } from 'node:crypto';
import type { TableInfo } from '../../src/backends/backend.js';
import type { ColumnSchema, KqlType } from '../../src/kql/types.js';
import { armOk, armPage, checkApiVersion, checkWorkspacePath, workspaceResourceId } from './arm.js';
import { armError } from './errors.js';
import type { FakeContext, FakeRequest, FakeResponse } from './http.js';
import { armPattern, type Route } from './router.js';

/** ARM's column type names; `timespan` and `decimal` have none and are passed through as KQL names. */
const ARM_COLUMN_TYPE: Partial<Record<KqlType, string>> = { bool: 'boolean', datetime: 'dateTime' };

/** Columns Log Analytics adds to every table; for custom tables ARM lists them apart, as standardColumns. */
const STANDARD_COLUMNS = new Set([
  'TenantId',
  'SourceSystem',
  'Type',
  '_ResourceId',
  '_SubscriptionId',
  '_BilledSize',
  '_IsBillable',
  '_ItemId',
]);

const ARM_TABLE_TYPES = new Set(['Microsoft', 'CustomLog', 'RestoredLogs', 'SearchResults']);

function armColumn(column: ColumnSchema): Record<string, unknown> {
  return {
    name: column.name,
    type: ARM_COLUMN_TYPE[column.type] ?? column.type,
    dataTypeHint: null,
    displayName: null,
    description: null,
    isDefaultDisplay: false,
    isHidden: column.name === 'TenantId',
  };
}

async function tableBody(context: FakeContext, info: TableInfo): Promise<Record<string, unknown>> {
  const schema = await context.backend.tables.schema(info.name);
  const tableType =
    info.tableType && ARM_TABLE_TYPES.has(info.tableType)
      ? info.tableType
      : info.name.endsWith('_CL')
        ? 'CustomLog'
        : 'Microsoft';
  const custom = tableType === 'CustomLog';
  const retention = info.retentionInDays ?? context.identity.retentionInDays;
  const total = info.totalRetentionInDays ?? retention;
  return {
    properties: {
      schema: {
        name: info.name,
        tableSubType: custom ? 'DataCollectionRuleBased' : 'Any',
        tableType,
        displayName: null,
        description: null,
        // Microsoft tables list every column as standard; custom tables list their own in `columns`.
        columns: custom ? schema.columns.filter((c) => !STANDARD_COLUMNS.has(c.name)).map(armColumn) : [],
        standardColumns: (custom
          ? schema.columns.filter((c) => STANDARD_COLUMNS.has(c.name))
          : schema.columns
        ).map(armColumn),
        categories: null,
        labels: null,
        source: custom ? 'customer' : 'microsoft',
        solutions: ['LogManagement'],
      },
      provisioningState: 'Succeeded',
      retentionInDays: retention,
      totalRetentionInDays: total,
      archiveRetentionInDays: total - retention,
      retentionInDaysAsDefault:
        info.retentionInDays === undefined || retention === context.identity.retentionInDays,
      totalRetentionInDaysAsDefault: total === retention,
      plan: info.plan && ['Analytics', 'Basic', 'Auxiliary'].includes(info.plan) ? info.plan : 'Analytics',
    },
    id: `${workspaceResourceId(context)}/tables/${info.name}`,
    name: info.name,
    type: 'Microsoft.OperationalInsights/workspaces/tables',
  };
}

function preflight(request: FakeRequest, context: FakeContext): FakeResponse | undefined {
  return (
    checkApiVersion(request, 'workspaces/tables', context.identity.location) ??
    checkWorkspacePath(request, context)
  );
}

async function listTables(request: FakeRequest, context: FakeContext): Promise<FakeResponse> {
  const failed = preflight(request, context);
  if (failed) return failed;
  const infos = await context.backend.tables.list({ abortSignal: request.signal });
  const page = armPage(request, context, infos);
  const value = await Promise.all(page.value.map((info) => tableBody(context, info)));
  return armOk(request, { ...page, value });
}

async function getTable(request: FakeRequest, context: FakeContext): Promise<FakeResponse> {
  const failed = preflight(request, context);
  if (failed) return failed;
  const wanted = request.params['table'] ?? '';
  const infos = await context.backend.tables.list({ abortSignal: request.signal });
  const info = infos.find((t) => t.name.toLowerCase() === wanted.toLowerCase());
  if (!info) {
    return armError(
      404,
      'ResourceNotFound',
      `The specified table: '${wanted}' was not found. Please make sure proper table name is used. ` +
        `Operation Id: '${randomBytes(16).toString('hex')}'`,
    );
  }
  return armOk(request, await tableBody(context, info));
}

export const armTableRoutes: Route[] = [
  {
    name: 'arm.tables',
    family: 'arm',
    method: 'GET',
    pattern: armPattern('/tables'),
    auth: true,
    action: 'Microsoft.OperationalInsights/workspaces/tables/read',
    handle: listTables,
  },
  {
    name: 'arm.table',
    family: 'arm',
    method: 'GET',
    pattern: armPattern('/tables/(?<table>[^/]+)'),
    auth: true,
    action: 'Microsoft.OperationalInsights/workspaces/tables/read',
    handle: getTable,
  },
];
