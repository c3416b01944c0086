// Tools of the dcr toolset: data collection rules sending to this workspace, and their endpoints.
// DCRs and DCEs live beside the workspace (any resource group): only those of this workspace are shown,
// whatever the backend hands over.
import type { Backend } from '../backends/backend.js';
import type { ArmObject } from '../backends/objects.js';
import { objectGetTool, objectListTool, searchArg, textMatcher } from '../sentinel/common.js';
import { listAll } from '../sentinel/paging.js';
import { cacheKeys } from '../util/cache.js';
import type { ToolContext } from './types.js';
import {
  dceDetail,
  dceDetailShape,
  dceRow,
  dceRowShape,
  dcrDetail,
  dcrDetailShape,
  dcrRow,
  dcrRowShape,
  endpointsUsed,
  sendsTo,
  type WorkspaceRef,
} from '../sentinel/dcr.js';

const DCR_LIST = 'sentinel_dcr_list';
const DCE_LIST = 'sentinel_dce_list';

/** This workspace's ARM id and customer id (a folder workspace's id is its made-up ARM id). */
async function workspaceRef(ctx: ToolContext, backend: Backend): Promise<WorkspaceRef> {
  const info = await ctx.cache.getOrLoad(cacheKeys.workspace(backend.id), () =>
    backend.workspace.get({ abortSignal: ctx.signal }),
  );
  const resourceId =
    info.resourceId ?? (info.workspaceId.startsWith('/subscriptions/') ? info.workspaceId : undefined);
  return { ...(resourceId ? { resourceId } : {}), workspaceId: info.workspaceId, name: info.name };
}

async function ownRules(ctx: ToolContext, backend: Backend, all: ArmObject[]): Promise<ArmObject[]> {
  const ws = await workspaceRef(ctx, backend);
  return all.filter((o) => sendsTo(o, ws));
}

async function ownEndpoints(ctx: ToolContext, backend: Backend, all: ArmObject[]): Promise<ArmObject[]> {
  const used = endpointsUsed(
    await ownRules(ctx, backend, await listAll(ctx, backend, 'dataCollectionRules')),
  );
  return all.filter((o) => typeof o.id === 'string' && used.has(o.id.toLowerCase()));
}

export const dcrListTool = objectListTool({
  name: DCR_LIST,
  title: 'List data collection rules',
  description:
    'Lists the data collection rules (DCRs) whose destinations include this workspace: data source types, ' +
    'streams, destinations, endpoint and whether they transform data. Use it to see how agents and APIs feed ' +
    'which tables; sentinel_dcr_get shows one rule whole (XPath queries, flows, transformations).',
  toolset: 'dcr',
  kind: 'dataCollectionRules',
  itemsKey: 'data_collection_rules',
  itemsDescription: 'Matching data collection rules, by name',
  noun: 'data collection rules',
  row: dcrRowShape,
  toRow: dcrRow,
  sortLabel: (r) => r.name,
  sortKey: (r) => r.name,
  filters: {
    stream: searchArg('Only rules with a stream containing this text (case-insensitive), e.g. SecurityEvent'),
    search: searchArg('Case-insensitive text to find in the name, description, data sources or destinations'),
  },
  keep: (r, f) =>
    textMatcher(f.stream)(...r.streams) &&
    textMatcher(f.search)(r.name, r.description, r.kind, ...r.data_sources, ...r.destinations),
  columns: ['name', 'kind', 'data_sources', 'streams', 'destinations', 'data_collection_endpoint'],
  scope: ownRules,
});

export const dcrGetTool = objectGetTool({
  name: 'sentinel_dcr_get',
  title: 'Get a data collection rule',
  description:
    'Returns one data collection rule: data sources with what they collect (XPath queries, syslog facilities, ' +
    'counters, files), custom stream declarations, destinations, data flows with their KQL transformations. ' +
    'Find names with sentinel_dcr_list.',
  toolset: 'dcr',
  kind: 'dataCollectionRules',
  key: 'dcr_name',
  keyDescription: 'Data collection rule name, from sentinel_dcr_list',
  listTool: DCR_LIST,
  output: dcrDetailShape,
  map: dcrDetail,
  inScope: async (ctx, backend, o) => (await ownRules(ctx, backend, [o])).length > 0,
  scopeText: 'among the data collection rules sending to this workspace',
});

export const dceListTool = objectListTool({
  name: DCE_LIST,
  title: 'List data collection endpoints',
  description:
    "Lists the data collection endpoints (DCEs) used by this workspace's data collection rules, with their " +
    'logs ingestion URL and network access. sentinel_dce_get shows one endpoint whole.',
  toolset: 'dcr',
  kind: 'dataCollectionEndpoints',
  itemsKey: 'data_collection_endpoints',
  itemsDescription: 'Matching data collection endpoints, by name',
  noun: 'data collection endpoints',
  row: dceRowShape,
  toRow: dceRow,
  sortLabel: (r) => r.name,
  sortKey: (r) => r.name,
  filters: { search: searchArg('Case-insensitive text to find in the name, location or endpoint URL') },
  keep: (r, f) => textMatcher(f.search)(r.name, r.location, r.logs_ingestion_endpoint),
  columns: ['name', 'location', 'logs_ingestion_endpoint', 'public_network_access', 'provisioning_state'],
  scope: ownEndpoints,
});

export const dceGetTool = objectGetTool({
  name: 'sentinel_dce_get',
  title: 'Get a data collection endpoint',
  description:
    'Returns one data collection endpoint: its configuration, logs ingestion and metrics ingestion URLs, ' +
    'network access and state. Find names with sentinel_dce_list.',
  toolset: 'dcr',
  kind: 'dataCollectionEndpoints',
  key: 'dce_name',
  keyDescription: 'Data collection endpoint name, from sentinel_dce_list',
  listTool: DCE_LIST,
  output: dceDetailShape,
  map: dceDetail,
  inScope: async (ctx, backend, o) => (await ownEndpoints(ctx, backend, [o])).length > 0,
  scopeText: "among the data collection endpoints this workspace's rules use",
});

export const dcrTools = [dcrListTool, dcrGetTool, dceListTool, dceGetTool];
