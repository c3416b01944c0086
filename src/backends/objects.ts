// Sentinel and workspace objects (incidents, rules, watchlists, connectors, ...) as both backends hand
// them to tools: ARM resources with `properties` lifted to the top level, as the Azure SDK's models
// are. The local backend holds the raw ARM JSON (from its workspace folder or the demo) and flattens
// it; the Azure backend gets the SDK's models (or flattens a generic ARM answer). Tools map these into
// their own compact results (src/sentinel/), so one mapping serves both backends.
import type { CallOptions } from './backend.js';
import type { ODataFilter, ODataOrderBy } from '../util/odata.js';

/** Top-level object kinds, each an ARM collection under (or, for DCR/DCE, beside) the workspace. */
export const OBJECT_KINDS = [
  'incidents',
  'alertRules',
  'alertRuleTemplates',
  /** Log Analytics saved searches; hunting queries are those of category "Hunting Queries". */
  'savedSearches',
  'watchlists',
  'dataConnectors',
  /** Microsoft.Insights workbooks of category `sentinel` whose sourceId is this workspace. */
  'workbooks',
  'sourceControls',
  /** Log Analytics summary rules (`workspaces/{w}/summaryLogs`). */
  'summaryRules',
  /** Only those with a Log Analytics destination that is this workspace. */
  'dataCollectionRules',
  /** Only those a data collection rule of this workspace uses. */
  'dataCollectionEndpoints',
  'metadata',
  'mlAnalyticsSettings',
  'tiIndicators',
  'bookmarks',
] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** Kinds that live under a parent object: an incident (by its name, a GUID) or a watchlist (alias). */
export const CHILD_KINDS = {
  incidentAlerts: 'incidents',
  incidentEntities: 'incidents',
  incidentComments: 'incidents',
  incidentBookmarks: 'incidents',
  incidentRelations: 'incidents',
  watchlistItems: 'watchlists',
} as const satisfies Record<string, ObjectKind>;
export type ChildKind = keyof typeof CHILD_KINDS;

/** An ARM resource as the wire carries it: the local store keeps these, the fake serves them. */
export interface ArmResource {
  id: string;
  name: string;
  type: string;
  etag?: string;
  kind?: string;
  properties: Record<string, unknown>;
  /** Some resource types (workbooks, DCR/DCE) also carry location and tags at the top. */
  [key: string]: unknown;
}

/**
 * An ARM resource with its properties at the top level (the SDK's shape): `id`, `name`, `type`,
 * `etag`, `kind` and every property. Date-time properties may be ISO strings (local, generic ARM) or
 * `Date` objects (SDK models); readers in src/sentinel/arm.ts accept both.
 */
export type ArmObject = { [key: string]: unknown; id?: string; name?: string; type?: string };

export interface ObjectListQuery extends CallOptions {
  /** Items wanted at most; the backend follows `nextLink` until it has them or the list ends. */
  top: number;
  /** Opaque position from a previous page's `cursor`; the other fields must be the same as then. */
  cursor?: string;
  /** Server-side filter; only kinds in FILTERABLE_KINDS accept one (others: INVALID_ARGUMENT). */
  filter?: ODataFilter;
  orderBy?: ODataOrderBy;
}

/** Kinds whose list API takes OData `$filter` / `$orderby` (the rest are filtered by the tools). */
export const FILTERABLE_KINDS: ReadonlySet<ObjectKind> = new Set(['incidents', 'metadata']);

export interface ObjectPage {
  items: ArmObject[];
  /** Present when more items exist: pass it back as `cursor` for the next page. */
  cursor?: string;
}

/** Threat-intelligence indicator query (the `queryIndicators` API's criteria). */
export interface TiQuery extends CallOptions {
  top: number;
  cursor?: string;
  /** STIX pattern types: `ipv4-addr`, `ipv6-addr`, `domain-name`, `url`, `file`, `email-addr`, ... */
  patternTypes?: string[];
  /** Sources, as in the indicator's `source` (e.g. `Microsoft Threat Intelligence`). */
  sources?: string[];
  minConfidence?: number;
  maxConfidence?: number;
  /** Free text matched against pattern, display name, description and labels. */
  keywords?: string;
  /** Indicators of these names (GUIDs) only. */
  ids?: string[];
  includeDisabled?: boolean;
  sortBy?: { field: 'lastUpdatedTimeUtc' | 'confidence' | 'displayName'; direction: 'asc' | 'desc' };
}

export interface ObjectsApi {
  /** One page of a collection. NOT_FOUND never (an empty page); INVALID_ARGUMENT for a bad cursor. */
  list(kind: ObjectKind, query: ObjectListQuery): Promise<ObjectPage>;
  /** One object by its ARM name (GUID, alias, ...); NOT_FOUND naming the kind and the name. */
  get(kind: ObjectKind, name: string, options?: CallOptions): Promise<ArmObject>;
  /** The children of one parent; NOT_FOUND when the parent does not exist. */
  listChildren(kind: ChildKind, parent: string, query: ObjectListQuery): Promise<ObjectPage>;
  getChild(kind: ChildKind, parent: string, name: string, options?: CallOptions): Promise<ArmObject>;
  queryTiIndicators(query: TiQuery): Promise<ObjectPage>;
  /** `threatIntelligence/main/metrics`: counts by type, source and threat type (one object per value). */
  tiMetrics(options?: CallOptions): Promise<ArmObject[]>;
}

/** What the local backend holds, in wire form: the fake serves it; the local ObjectsApi reads it. */
export interface ObjectSet {
  objects: Record<ObjectKind, ArmResource[]>;
  /** Children by kind, then by the parent's name (incident GUID or watchlist alias). */
  children: Record<ChildKind, Record<string, ArmResource[]>>;
  /** The `threatIntelligence/main/metrics` answer's `value` (objects with `properties` only). */
  tiMetrics: Record<string, unknown>[];
}

/** The label every NOT_FOUND message uses for a kind. */
export const KIND_LABELS: Record<ObjectKind | ChildKind, string> = {
  incidents: 'incident',
  alertRules: 'analytics rule',
  alertRuleTemplates: 'analytics rule template',
  savedSearches: 'saved search',
  watchlists: 'watchlist',
  dataConnectors: 'data connector',
  workbooks: 'workbook',
  sourceControls: 'repository (source control)',
  summaryRules: 'summary rule',
  dataCollectionRules: 'data collection rule',
  dataCollectionEndpoints: 'data collection endpoint',
  metadata: 'metadata item',
  mlAnalyticsSettings: 'ML analytics setting',
  tiIndicators: 'threat intelligence indicator',
  bookmarks: 'bookmark',
  incidentAlerts: 'incident alert',
  incidentEntities: 'incident entity',
  incidentComments: 'incident comment',
  incidentBookmarks: 'incident bookmark',
  incidentRelations: 'incident relation',
  watchlistItems: 'watchlist item',
};

/** The tool that lists a kind, for NOT_FOUND hints. */
export const LIST_TOOLS: Partial<Record<ObjectKind | ChildKind, string>> = {
  incidents: 'sentinel_incident_list',
  alertRules: 'sentinel_analytics_rule_list',
  alertRuleTemplates: 'sentinel_analytics_rule_templates_list',
  savedSearches: 'log_analytics_saved_searches_list (hunting queries: sentinel_hunting_queries_list)',
  watchlists: 'sentinel_watchlists_list',
  dataConnectors: 'sentinel_connectors_list',
  workbooks: 'sentinel_workbook_list',
  sourceControls: 'sentinel_repository_list',
  summaryRules: 'sentinel_summary_rule_list',
  dataCollectionRules: 'sentinel_dcr_list',
  dataCollectionEndpoints: 'sentinel_dce_list',
  metadata: 'sentinel_metadata_list',
  mlAnalyticsSettings: 'sentinel_ml_analytics_settings_list',
  tiIndicators: 'sentinel_ti_indicators_list',
  incidentAlerts: 'sentinel_incident_get',
  incidentEntities: 'sentinel_incident_get',
  incidentComments: 'sentinel_incident_get',
  incidentBookmarks: 'sentinel_incident_get',
  incidentRelations: 'sentinel_incident_get',
  watchlistItems: 'sentinel_watchlist_items_list',
};

/** The hint of every NOT_FOUND for a kind: names are case-insensitive, and which tool lists them. */
export function listHint(kind: ObjectKind | ChildKind): string {
  const tool = LIST_TOOLS[kind];
  return tool
    ? `Names are case-insensitive; list them with ${tool}.`
    : 'Names are case-insensitive; check the id.';
}
