// Data collection rules (those sending to this workspace) and data collection endpoints: streams,
// data sources, destinations, flows, endpoint URLs.
import { z } from 'zod';
import type { ArmObject } from '../backends/objects.js';
import { cutText } from '../util/results.js';
import { record, records, str, strings } from './arm.js';
import { boundedJson, lastSegment, nameOf, systemDataOf, systemDataShape } from './common.js';
import { short } from './paging.js';

type Json = Record<string, unknown>;

/** Entries of a record whose values are arrays of objects (or single objects), as [type, entry]. */
function entriesByType(o: Json | undefined): [string, Json][] {
  const out: [string, Json][] = [];
  for (const [type, value] of Object.entries(o ?? {})) {
    if (Array.isArray(value)) {
      for (const v of value)
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push([type, v as Json]);
    } else if (value !== null && typeof value === 'object') {
      out.push([type, value as Json]);
    }
  }
  return out;
}

/** What a data source collects, in a line: its XPath queries, facilities, counters, file patterns, ... */
function dataSourceDetail(type: string, s: Json): string | null {
  const join = (xs: string[]) => (xs.length ? xs.join('; ') : null);
  switch (type) {
    case 'windowsEventLogs':
      return join(strings(s, 'xPathQueries'));
    case 'syslog': {
      const f = strings(s, 'facilityNames');
      const l = strings(s, 'logLevels');
      return `facilities ${f.join(', ') || 'none'}; levels ${l.join(', ') || 'none'}`;
    }
    case 'performanceCounters': {
      const c = strings(s, 'counterSpecifiers');
      const freq = s['samplingFrequencyInSeconds'];
      return `${c.length} counters${typeof freq === 'number' ? ` every ${freq} s` : ''}: ${c.slice(0, 5).join('; ')}${c.length > 5 ? '; …' : ''}`;
    }
    case 'extensions':
      return str(s, 'extensionName') ?? null;
    case 'logFiles':
      return join(strings(s, 'filePatterns'));
    case 'iisLogs':
      return join(strings(s, 'logDirectories'));
    default: {
      const { name: _name, streams: _streams, ...rest } = s;
      void _name;
      void _streams;
      const json = JSON.stringify(boundedJson(rest, 300));
      return json === '{}' ? null : (json ?? null);
    }
  }
}

export interface DataSourceSummary {
  type: string;
  name: string | null;
  streams: string[];
  detail: string | null;
}

export function dcrDataSources(o: ArmObject): DataSourceSummary[] {
  return entriesByType(record(o, 'dataSources')).map(([type, s]) => ({
    type,
    name: str(s, 'name') ?? null,
    streams: strings(s, 'streams'),
    detail: (() => {
      const d = dataSourceDetail(type, s);
      return d === null ? null : cutText(d, 500).text;
    })(),
  }));
}

export interface DestinationSummary {
  type: string;
  name: string | null;
  workspace_resource_id: string | null;
  workspace_id: string | null;
}

export function dcrDestinations(o: ArmObject): DestinationSummary[] {
  return entriesByType(record(o, 'destinations')).map(([type, d]) => ({
    type,
    name: str(d, 'name') ?? null,
    workspace_resource_id: str(d, 'workspaceResourceId') ?? null,
    workspace_id: str(d, 'workspaceId') ?? null,
  }));
}

function flowsOf(o: ArmObject) {
  return records(o, 'dataFlows').map((f) => ({
    streams: strings(f, 'streams'),
    destinations: strings(f, 'destinations'),
    output_stream: str(f, 'outputStream') ?? null,
    transform_kql: str(f, 'transformKql') ?? null,
    built_in_transform: str(f, 'builtInTransform') ?? null,
  }));
}

/** Distinct streams of the rule's flows (and data sources without a flow). */
function streamsOf(o: ArmObject): string[] {
  const out: string[] = [];
  for (const f of flowsOf(o)) for (const s of f.streams) if (!out.includes(s)) out.push(s);
  for (const d of dcrDataSources(o)) for (const s of d.streams) if (!out.includes(s)) out.push(s);
  return out;
}

export const dcrRowShape = z.object({
  name: z.string().describe('Data collection rule name; pass it as dcr_name'),
  location: z.string().nullable().describe('Azure region'),
  kind: z.string().nullable().describe('Windows, Linux, Direct, AgentDirectToStore, ... (null: any)'),
  description: z.string().nullable().describe('Description (cut in lists)'),
  data_sources: z
    .array(z.string())
    .describe('Data source types with their count, e.g. "windowsEventLogs (2)"'),
  streams: z.array(z.string()).describe('Streams it sends (Microsoft-SecurityEvent, Custom-MyTable_CL, ...)'),
  destinations: z.array(z.string()).describe('Destination names (type:name)'),
  data_collection_endpoint: z.string().nullable().describe('Name of the data collection endpoint it uses'),
  has_transform: z.boolean().describe('True when a flow transforms the data with KQL'),
});

export function dcrRow(o: ArmObject): z.output<typeof dcrRowShape> {
  const counts = new Map<string, number>();
  for (const s of dcrDataSources(o)) counts.set(s.type, (counts.get(s.type) ?? 0) + 1);
  return {
    name: nameOf(o),
    location: str(o, 'location') ?? null,
    kind: str(o, 'kind') ?? null,
    description: short(str(o, 'description')),
    data_sources: [...counts].map(([type, n]) => `${type} (${n})`),
    streams: streamsOf(o),
    destinations: dcrDestinations(o).map((d) => `${d.type}:${d.name ?? '?'}`),
    data_collection_endpoint: lastSegment(str(o, 'dataCollectionEndpointId')),
    has_transform: flowsOf(o).some((f) => f.transform_kql !== null && f.transform_kql.trim() !== 'source'),
  };
}

export const dcrDetailShape = {
  name: z.string().describe('Data collection rule name'),
  resource_id: z.string().nullable().describe('ARM resource id'),
  location: z.string().nullable().describe('Azure region'),
  kind: z.string().nullable().describe('Windows, Linux, Direct, ... (null: any)'),
  description: z.string().nullable().describe('Description'),
  immutable_id: z.string().nullable().describe('Immutable id (dcr-...), used by the Logs Ingestion API'),
  data_collection_endpoint_id: z
    .string()
    .nullable()
    .describe('ARM id of the data collection endpoint it uses'),
  provisioning_state: z.string().nullable().describe('Succeeded, Failed, ...'),
  data_sources: z
    .array(
      z.object({
        type: z.string().describe('windowsEventLogs, syslog, performanceCounters, extensions, logFiles, ...'),
        name: z.string().nullable(),
        streams: z.array(z.string()),
        detail: z.string().nullable().describe('What it collects (XPath queries, facilities, counters, ...)'),
      }),
    )
    .describe('Data sources'),
  stream_declarations: z
    .array(z.object({ stream: z.string(), columns: z.number().int() }))
    .describe('Custom streams it declares and their column counts'),
  destinations: z
    .array(
      z.object({
        type: z.string().describe('logAnalytics, azureMonitorMetrics, eventHubs, storageAccounts, ...'),
        name: z.string().nullable(),
        workspace_resource_id: z.string().nullable(),
        workspace_id: z.string().nullable(),
      }),
    )
    .describe('Destinations'),
  data_flows: z
    .array(
      z.object({
        streams: z.array(z.string()),
        destinations: z.array(z.string()),
        output_stream: z
          .string()
          .nullable()
          .describe('Table the flow writes to, when not the stream default'),
        transform_kql: z.string().nullable().describe('KQL transformation (cut at 4,000 characters)'),
        built_in_transform: z.string().nullable(),
      }),
    )
    .describe('Which streams go to which destinations, and how they are transformed'),
  tags: z.unknown().describe('ARM tags'),
  ...systemDataShape,
};

export function dcrDetail(o: ArmObject) {
  const declarations = Object.entries(record(o, 'streamDeclarations') ?? {}).map(([stream, d]) => ({
    stream,
    columns: records(d !== null && typeof d === 'object' ? (d as Json) : undefined, 'columns').length,
  }));
  return {
    name: nameOf(o),
    resource_id: str(o, 'id') ?? null,
    location: str(o, 'location') ?? null,
    kind: str(o, 'kind') ?? null,
    description: str(o, 'description') ?? null,
    immutable_id: str(o, 'immutableId') ?? null,
    data_collection_endpoint_id: str(o, 'dataCollectionEndpointId') ?? null,
    provisioning_state: str(o, 'provisioningState') ?? null,
    data_sources: dcrDataSources(o),
    stream_declarations: declarations,
    destinations: dcrDestinations(o),
    data_flows: flowsOf(o).map((f) => ({
      ...f,
      transform_kql: f.transform_kql === null ? null : cutText(f.transform_kql, 4000).text,
    })),
    tags: boundedJson(record(o, 'tags') ?? {}, 2000),
    ...systemDataOf(o),
  };
}

// ---- Data collection endpoints ----

function endpointOf(o: ArmObject, key: string): string | null {
  return str(record(o, key), 'endpoint') ?? null;
}

export const dceRowShape = z.object({
  name: z.string().describe('Data collection endpoint name; pass it as dce_name'),
  location: z.string().nullable().describe('Azure region'),
  kind: z.string().nullable().describe('Windows, Linux or null'),
  logs_ingestion_endpoint: z.string().nullable().describe('Logs Ingestion API URL'),
  public_network_access: z.string().nullable().describe('Enabled, Disabled or SecuredByPerimeter'),
  provisioning_state: z.string().nullable().describe('Succeeded, Failed, ...'),
});

export function dceRow(o: ArmObject): z.output<typeof dceRowShape> {
  return {
    name: nameOf(o),
    location: str(o, 'location') ?? null,
    kind: str(o, 'kind') ?? null,
    logs_ingestion_endpoint: endpointOf(o, 'logsIngestion'),
    public_network_access: str(record(o, 'networkAcls'), 'publicNetworkAccess') ?? null,
    provisioning_state: str(o, 'provisioningState') ?? null,
  };
}

export const dceDetailShape = {
  ...dceRowShape.shape,
  resource_id: z.string().nullable().describe('ARM resource id'),
  description: z.string().nullable().describe('Description'),
  immutable_id: z.string().nullable().describe('Immutable id (dce-...)'),
  configuration_access_endpoint: z
    .string()
    .nullable()
    .describe('Endpoint agents fetch their configuration from'),
  metrics_ingestion_endpoint: z.string().nullable().describe('Metrics ingestion URL'),
  tags: z.unknown().describe('ARM tags'),
  ...systemDataShape,
};

export function dceDetail(o: ArmObject) {
  return {
    ...dceRow(o),
    resource_id: str(o, 'id') ?? null,
    description: str(o, 'description') ?? null,
    immutable_id: str(o, 'immutableId') ?? null,
    configuration_access_endpoint: endpointOf(o, 'configurationAccess'),
    metrics_ingestion_endpoint: endpointOf(o, 'metricsIngestion'),
    tags: boundedJson(record(o, 'tags') ?? {}, 2000),
    ...systemDataOf(o),
  };
}

// ---- Which DCRs and DCEs belong to this workspace ----

/** The workspace as DCR destinations name it: its ARM resource id, customer id and name. */
export interface WorkspaceRef {
  resourceId?: string;
  workspaceId?: string;
  /** Used only when the resource id is unknown (a folder workspace): the id's last segment. */
  name?: string;
}

/**
 * Whether a DCR has a Log Analytics destination that is this workspace: same resource id or customer
 * id; without a resource id, a resource id ending in the workspace's name. Nothing known: true.
 */
export function sendsTo(o: ArmObject, ws: WorkspaceRef): boolean {
  const resourceId = ws.resourceId?.toLowerCase();
  const customerId = ws.workspaceId?.toLowerCase();
  const name = resourceId === undefined ? ws.name?.toLowerCase() : undefined;
  if (!resourceId && !customerId && !name) return true;
  return records(record(o, 'destinations'), 'logAnalytics').some((d) => {
    const rid = str(d, 'workspaceResourceId')?.toLowerCase();
    const cid = str(d, 'workspaceId')?.toLowerCase();
    return (
      (resourceId !== undefined && rid === resourceId) ||
      (customerId !== undefined && cid === customerId) ||
      (name !== undefined &&
        rid !== undefined &&
        /\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+$/.test(rid) &&
        lastSegment(rid) === name)
    );
  });
}

/** The endpoint ids (lower case) the given DCRs use. */
export function endpointsUsed(dcrs: readonly ArmObject[]): Set<string> {
  const used = new Set<string>();
  for (const d of dcrs) {
    const id = str(d, 'dataCollectionEndpointId');
    if (id) used.add(id.toLowerCase());
  }
  return used;
}
