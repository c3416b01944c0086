// Incidents: the OData filter a listing sends (built from validated parameters only), the compact row
// and the full object, and the incident's children (alerts, entities, comments, bookmarks, relations).
// Readers take ArmObjects (properties lifted), from wire JSON or the Azure SDK (dates as Date).
import { z } from 'zod';
import type { Backend, CallOptions } from '../backends/backend.js';
import type { ArmObject } from '../backends/objects.js';
import { allOf, anyOf, type ODataFilter, type ODataOrderBy } from '../util/odata.js';
import { cutText } from '../util/results.js';
import { num, record, records, str, strings, time } from './arm.js';
import { short } from './paging.js';

export const INCIDENT_STATUSES = ['New', 'Active', 'Closed'] as const;
export const SEVERITIES = ['High', 'Medium', 'Low', 'Informational'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type Severity = (typeof SEVERITIES)[number];

export const INCIDENT_ORDERS = ['created', 'modified', 'severity', 'number'] as const;
export type IncidentOrder = (typeof INCIDENT_ORDERS)[number];

const ORDER_PATHS: Record<Exclude<IncidentOrder, 'severity'>, string> = {
  created: 'properties/createdTimeUtc',
  modified: 'properties/lastModifiedTimeUtc',
  number: 'properties/incidentNumber',
};

/** The orderBy for every order but severity (severity is listed level by level, see the tool). */
export function incidentOrderBy(order: IncidentOrder, direction: 'asc' | 'desc'): ODataOrderBy {
  return { path: order === 'severity' ? ORDER_PATHS.created : ORDER_PATHS[order], direction };
}

export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Validated listing parameters (times already parsed). */
export interface IncidentFilterParams {
  status?: readonly IncidentStatus[];
  severity?: readonly Severity[];
  /** UPN, mail, display name or object id of the owner, or `unassigned`. */
  owner?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  modifiedAfter?: Date;
  search?: string;
}

function oneOf(path: string, values: readonly string[] | undefined): ODataFilter | undefined {
  if (!values || values.length === 0) return undefined;
  return anyOf([...new Set(values)].map((value) => ({ op: 'eq' as const, path, value })));
}

function ownerFilter(owner: string | undefined): ODataFilter | undefined {
  const o = owner?.trim();
  if (!o) return undefined;
  if (o.toLowerCase() === 'unassigned') {
    return allOf([
      { op: 'eq', path: 'properties/owner/objectId', value: null },
      { op: 'eq', path: 'properties/owner/assignedTo', value: null },
    ]);
  }
  const parts: ODataFilter[] = [
    { op: 'eq', path: 'properties/owner/userPrincipalName', value: o },
    { op: 'eq', path: 'properties/owner/email', value: o },
    { op: 'eq', path: 'properties/owner/assignedTo', value: o },
  ];
  if (GUID.test(o)) parts.push({ op: 'eq', path: 'properties/owner/objectId', value: o.toLowerCase() });
  return anyOf(parts);
}

/** The `$filter` tree of a listing; caller values only ever become literals in it. */
export function incidentFilter(p: IncidentFilterParams): ODataFilter | undefined {
  return allOf([
    oneOf('properties/status', p.status),
    oneOf('properties/severity', p.severity),
    ownerFilter(p.owner),
    p.createdAfter ? { op: 'ge', path: 'properties/createdTimeUtc', value: p.createdAfter } : undefined,
    p.createdBefore ? { op: 'lt', path: 'properties/createdTimeUtc', value: p.createdBefore } : undefined,
    p.modifiedAfter
      ? { op: 'ge', path: 'properties/lastModifiedTimeUtc', value: p.modifiedAfter }
      : undefined,
    p.search?.trim() ? { op: 'contains', path: 'properties/title', value: p.search.trim() } : undefined,
  ]);
}

/** The filter that finds an incident by its number. */
export function incidentNumberFilter(n: number): ODataFilter {
  return { op: 'eq', path: 'properties/incidentNumber', value: n };
}

// ---- Rows and objects ----

export const incidentRowSchema = z.object({
  number: z.number().int().nullable().describe('Incident number (what analysts quote, e.g. 1048)'),
  id: z.string().describe('Incident id (the ARM name, a GUID)'),
  title: z.string().nullable().describe('Title (cut in lists)'),
  severity: z.string().nullable().describe('High, Medium, Low or Informational'),
  status: z.string().nullable().describe('New, Active or Closed'),
  owner: z.string().nullable().describe('Assignee (name, else UPN or mail), null when unassigned'),
  created: z.string().nullable().describe('Created, ISO 8601'),
  last_modified: z.string().nullable().describe('Last modified, ISO 8601'),
  alerts: z.number().int().nullable().describe('Number of alerts'),
  tactics: z.array(z.string()).describe('MITRE ATT&CK tactics of its alerts'),
  classification: z.string().nullable().describe('Classification when closed'),
});
export type IncidentRow = z.output<typeof incidentRowSchema>;

function ownerName(o: ArmObject): string | null {
  const owner = record(o, 'owner');
  return str(owner, 'assignedTo') ?? str(owner, 'userPrincipalName') ?? str(owner, 'email') ?? null;
}

export function incidentRow(o: ArmObject): IncidentRow {
  const extra = record(o, 'additionalData');
  return {
    number: num(o, 'incidentNumber') ?? null,
    id: str(o, 'name') ?? '',
    title: short(str(o, 'title')),
    severity: str(o, 'severity') ?? null,
    status: str(o, 'status') ?? null,
    owner: ownerName(o),
    created: time(o, 'createdTimeUtc') ?? null,
    last_modified: time(o, 'lastModifiedTimeUtc') ?? null,
    alerts: num(extra, 'alertsCount') ?? null,
    tactics: strings(extra, 'tactics'),
    classification: str(o, 'classification') ?? null,
  };
}

/** The last segment of an ARM id (a rule's name from its full id). */
export function lastSegment(id: string): string {
  return id.split('/').filter(Boolean).at(-1) ?? id;
}

export const incidentDetailSchema = z.object({
  number: z.number().int().nullable().describe('Incident number'),
  id: z.string().describe('Incident id (GUID)'),
  title: z.string().nullable(),
  description: z.string().nullable(),
  severity: z.string().nullable(),
  status: z.string().nullable(),
  classification: z.string().nullable().describe('TruePositive, BenignPositive, FalsePositive, Undetermined'),
  classification_reason: z.string().nullable(),
  classification_comment: z.string().nullable(),
  owner: z
    .object({
      name: z.string().nullable(),
      user_principal_name: z.string().nullable(),
      email: z.string().nullable(),
      object_id: z.string().nullable(),
      type: z.string().nullable().describe('User or Group, when known'),
    })
    .nullable()
    .describe('The assignee, or null when unassigned'),
  labels: z.array(z.string()),
  created: z.string().nullable(),
  last_modified: z.string().nullable(),
  first_activity: z.string().nullable().describe('Time of the first activity (earliest alert start)'),
  last_activity: z.string().nullable(),
  provider_name: z.string().nullable(),
  provider_incident_id: z.string().nullable(),
  related_rule_ids: z
    .array(z.string())
    .describe('Analytics rules that raised its alerts (rule ids for sentinel_analytics_rule_get)'),
  alerts_count: z.number().int().nullable(),
  comments_count: z.number().int().nullable(),
  bookmarks_count: z.number().int().nullable(),
  tactics: z.array(z.string()),
  techniques: z.array(z.string()),
  alert_product_names: z.array(z.string()),
  additional_data: z
    .record(z.string(), z.unknown())
    .describe('The incident additionalData beyond the fields above'),
  incident_url: z.string().nullable().describe('Link to the incident in the portal'),
});
export type IncidentDetail = z.output<typeof incidentDetailSchema>;

const SHOWN_EXTRA = new Set([
  'alertsCount',
  'commentsCount',
  'bookmarksCount',
  'tactics',
  'techniques',
  'alertProductNames',
]);

function jsonSafe(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

export function incidentDetail(o: ArmObject): IncidentDetail {
  const extra = record(o, 'additionalData');
  const owner = record(o, 'owner');
  const hasOwner = owner !== undefined && (str(owner, 'objectId') ?? str(owner, 'assignedTo')) !== undefined;
  return {
    number: num(o, 'incidentNumber') ?? null,
    id: str(o, 'name') ?? '',
    title: str(o, 'title') ?? null,
    description: str(o, 'description') ?? null,
    severity: str(o, 'severity') ?? null,
    status: str(o, 'status') ?? null,
    classification: str(o, 'classification') ?? null,
    classification_reason: str(o, 'classificationReason') ?? null,
    classification_comment: str(o, 'classificationComment') ?? null,
    owner: hasOwner
      ? {
          name: str(owner, 'assignedTo') ?? null,
          user_principal_name: str(owner, 'userPrincipalName') ?? null,
          email: str(owner, 'email') ?? null,
          object_id: str(owner, 'objectId') ?? null,
          type: str(owner, 'ownerType') ?? null,
        }
      : null,
    labels: records(o, 'labels')
      .map((l) => str(l, 'labelName'))
      .filter((l): l is string => l !== undefined),
    created: time(o, 'createdTimeUtc') ?? null,
    last_modified: time(o, 'lastModifiedTimeUtc') ?? null,
    first_activity: time(o, 'firstActivityTimeUtc') ?? null,
    last_activity: time(o, 'lastActivityTimeUtc') ?? null,
    provider_name: str(o, 'providerName') ?? null,
    provider_incident_id: str(o, 'providerIncidentId') ?? null,
    related_rule_ids: strings(o, 'relatedAnalyticRuleIds').map(lastSegment),
    alerts_count: num(extra, 'alertsCount') ?? null,
    comments_count: num(extra, 'commentsCount') ?? null,
    bookmarks_count: num(extra, 'bookmarksCount') ?? null,
    tactics: strings(extra, 'tactics'),
    techniques: strings(extra, 'techniques'),
    alert_product_names: strings(extra, 'alertProductNames'),
    additional_data: Object.fromEntries(
      Object.entries(extra ?? {})
        .filter(([k, v]) => !SHOWN_EXTRA.has(k) && v !== undefined)
        .map(([k, v]) => [k, jsonSafe(v)]),
    ),
    incident_url: str(o, 'incidentUrl') ?? null,
  };
}

// ---- Children ----

/** Characters of a child's long text (descriptions, messages, queries) in incident_get. */
export const CHILD_TEXT_CHARS = 1000;

function cut(text: string | undefined, max = CHILD_TEXT_CHARS): string | null {
  return text === undefined ? null : cutText(text, max).text;
}

function splitList(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (typeof v === 'string' && v.trim() !== '')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
}

export const incidentAlertSchema = z.object({
  system_alert_id: z.string().describe('SystemAlertId (for sentinel_alert_get)'),
  name: z.string().nullable().describe('Alert display name'),
  severity: z.string().nullable(),
  status: z.string().nullable(),
  product_name: z.string().nullable(),
  product_component_name: z.string().nullable(),
  alert_type: z.string().nullable(),
  time_generated: z.string().nullable(),
  start_time: z.string().nullable(),
  end_time: z.string().nullable(),
  tactics: z.array(z.string()),
  techniques: z.array(z.string()),
  compromised_entity: z.string().nullable(),
  description: z.string().nullable().describe('Description (long text cut)'),
  provider_alert_id: z.string().nullable(),
});

export function incidentAlert(o: ArmObject): z.output<typeof incidentAlertSchema> {
  return {
    system_alert_id: str(o, 'systemAlertId') ?? str(o, 'name') ?? '',
    name: str(o, 'alertDisplayName') ?? str(o, 'friendlyName') ?? null,
    severity: str(o, 'severity') ?? null,
    status: str(o, 'status') ?? null,
    product_name: str(o, 'productName') ?? null,
    product_component_name: str(o, 'productComponentName') || null,
    alert_type: str(o, 'alertType') ?? null,
    time_generated: time(o, 'timeGenerated') ?? null,
    start_time: time(o, 'startTimeUtc') ?? null,
    end_time: time(o, 'endTimeUtc') ?? null,
    tactics: splitList(o['tactics']),
    techniques: splitList(o['techniques']),
    compromised_entity: str(o, 'compromisedEntity') || null,
    description: cut(str(o, 'description')),
    provider_alert_id: str(o, 'providerAlertId') ?? null,
  };
}

export const incidentEntitySchema = z.object({
  kind: z.string().nullable().describe('Account, Host, Ip, Url, File, Mailbox, Process, DnsResolution, ...'),
  id: z.string().describe('Entity id'),
  friendly_name: z.string().nullable(),
  properties: z
    .record(z.string(), z.unknown())
    .describe('The entity fields (addresses, names, ids); nested values as JSON'),
});

const ENTITY_TOP = new Set([
  'id',
  'name',
  'type',
  'kind',
  'etag',
  'friendlyName',
  'additionalData',
  'systemData',
]);

function scalarOrJson(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return cutText(v, 300).text;
  if (v === null || typeof v !== 'object') return v;
  const json = JSON.stringify(v);
  return json.length > 500 ? cutText(json, 500).text : (JSON.parse(json) as unknown);
}

export function incidentEntity(o: ArmObject): z.output<typeof incidentEntitySchema> {
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (ENTITY_TOP.has(k) || v === undefined || v === null || v === '') continue;
    properties[k] = scalarOrJson(v);
  }
  return {
    kind: str(o, 'kind') ?? null,
    id: str(o, 'name') ?? '',
    friendly_name: str(o, 'friendlyName') ?? null,
    properties,
  };
}

export const incidentCommentSchema = z.object({
  id: z.string(),
  created: z.string().nullable(),
  author: z.string().nullable().describe('Name, else UPN or mail of the author'),
  message: z.string().nullable().describe('The comment (long text cut)'),
});

export function incidentComment(o: ArmObject): z.output<typeof incidentCommentSchema> {
  const author = record(o, 'author');
  return {
    id: str(o, 'name') ?? '',
    created: time(o, 'createdTimeUtc') ?? null,
    author: str(author, 'name') ?? str(author, 'userPrincipalName') ?? str(author, 'email') ?? null,
    message: cut(str(o, 'message')),
  };
}

export const incidentBookmarkSchema = z.object({
  id: z.string(),
  display_name: z.string().nullable(),
  created: z.string().nullable(),
  created_by: z.string().nullable(),
  event_time: z.string().nullable(),
  labels: z.array(z.string()),
  notes: z.string().nullable(),
  query: z.string().nullable().describe('The bookmark query (long text cut)'),
});

export function incidentBookmark(o: ArmObject): z.output<typeof incidentBookmarkSchema> {
  const by = record(o, 'createdBy');
  return {
    id: str(o, 'name') ?? '',
    display_name: str(o, 'displayName') ?? str(o, 'friendlyName') ?? null,
    created: time(o, 'created') ?? null,
    created_by: str(by, 'name') ?? str(by, 'email') ?? null,
    event_time: time(o, 'eventTime') ?? null,
    labels: strings(o, 'labels'),
    notes: cut(str(o, 'notes')),
    query: cut(str(o, 'query')),
  };
}

export const incidentRelationSchema = z.object({
  id: z.string(),
  related_resource_name: z.string().nullable(),
  related_resource_type: z.string().nullable(),
  related_resource_kind: z.string().nullable(),
  related_resource_id: z.string().nullable(),
});

export function incidentRelation(o: ArmObject): z.output<typeof incidentRelationSchema> {
  return {
    id: str(o, 'name') ?? '',
    related_resource_name: str(o, 'relatedResourceName') ?? null,
    related_resource_type: str(o, 'relatedResourceType') ?? null,
    related_resource_kind: str(o, 'relatedResourceKind') ?? null,
    related_resource_id: str(o, 'relatedResourceId') ?? null,
  };
}

// ---- Time ----

/**
 * The instant "now" means for relative times: the local workspace's anchor (a folder may fix it in
 * the past), else the clock. Cached per workspace for the cache's TTL only when fixed.
 */
export async function workspaceNow(backend: Backend, options: CallOptions): Promise<Date> {
  if (backend.kind !== 'local') return new Date();
  const info = await backend.workspace.get(options);
  const anchor = info.timeAnchor ? new Date(info.timeAnchor) : undefined;
  return anchor && !Number.isNaN(anchor.getTime()) ? anchor : new Date();
}
