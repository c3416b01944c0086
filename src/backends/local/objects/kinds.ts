// What each object kind looks like on the wire (ARM type, where its id lives) and in a workspace folder
// (which subfolder holds it), plus the empty set and the resource ids the local store makes up for
// objects that come without one (YAML rules, CSV watchlists).
import {
  CHILD_KINDS,
  OBJECT_KINDS,
  type ArmResource,
  type ChildKind,
  type ObjectKind,
  type ObjectSet,
} from '../../objects.js';

export const CHILD_KIND_NAMES = Object.keys(CHILD_KINDS) as ChildKind[];

/** A set with every kind present and empty. */
export function emptyObjectSet(): ObjectSet {
  const objects = Object.fromEntries(OBJECT_KINDS.map((k) => [k, [] as ArmResource[]])) as Record<
    ObjectKind,
    ArmResource[]
  >;
  const children = Object.fromEntries(CHILD_KIND_NAMES.map((k) => [k, {}])) as Record<
    ChildKind,
    Record<string, ArmResource[]>
  >;
  return { objects, children, tiMetrics: [] };
}

/** The ARM `type` of each kind, as the service writes it. */
export const ARM_TYPES: Record<ObjectKind | ChildKind, string> = {
  incidents: 'Microsoft.SecurityInsights/incidents',
  alertRules: 'Microsoft.SecurityInsights/alertRules',
  alertRuleTemplates: 'Microsoft.SecurityInsights/AlertRuleTemplates',
  savedSearches: 'Microsoft.OperationalInsights/savedSearches',
  watchlists: 'Microsoft.SecurityInsights/Watchlists',
  dataConnectors: 'Microsoft.SecurityInsights/dataConnectors',
  workbooks: 'microsoft.insights/workbooks',
  sourceControls: 'Microsoft.SecurityInsights/SourceControls',
  summaryRules: 'Microsoft.OperationalInsights/workspaces/summaryLogs',
  dataCollectionRules: 'Microsoft.Insights/dataCollectionRules',
  dataCollectionEndpoints: 'Microsoft.Insights/dataCollectionEndpoints',
  metadata: 'Microsoft.SecurityInsights/metadata',
  mlAnalyticsSettings: 'Microsoft.SecurityInsights/securityMLAnalyticsSettings',
  tiIndicators: 'Microsoft.SecurityInsights/ThreatIntelligence',
  bookmarks: 'Microsoft.SecurityInsights/Bookmarks',
  incidentAlerts: 'Microsoft.SecurityInsights/Entities',
  incidentEntities: 'Microsoft.SecurityInsights/Entities',
  incidentComments: 'Microsoft.SecurityInsights/incidents/comments',
  incidentBookmarks: 'Microsoft.SecurityInsights/Bookmarks',
  incidentRelations: 'Microsoft.SecurityInsights/incidents/relations',
  watchlistItems: 'Microsoft.SecurityInsights/Watchlists/WatchlistItems',
};

/** The path segment of each kind's collection under its parent (the workspace, a resource group...). */
const COLLECTIONS: Record<ObjectKind, { scope: 'sentinel' | 'workspace' | 'group'; path: string }> = {
  incidents: { scope: 'sentinel', path: 'incidents' },
  alertRules: { scope: 'sentinel', path: 'alertRules' },
  alertRuleTemplates: { scope: 'sentinel', path: 'alertRuleTemplates' },
  savedSearches: { scope: 'workspace', path: 'savedSearches' },
  watchlists: { scope: 'sentinel', path: 'watchlists' },
  dataConnectors: { scope: 'sentinel', path: 'dataConnectors' },
  workbooks: { scope: 'group', path: 'providers/microsoft.insights/workbooks' },
  sourceControls: { scope: 'sentinel', path: 'sourcecontrols' },
  summaryRules: { scope: 'workspace', path: 'summaryLogs' },
  dataCollectionRules: { scope: 'group', path: 'providers/Microsoft.Insights/dataCollectionRules' },
  dataCollectionEndpoints: { scope: 'group', path: 'providers/Microsoft.Insights/dataCollectionEndpoints' },
  metadata: { scope: 'sentinel', path: 'metadata' },
  mlAnalyticsSettings: { scope: 'sentinel', path: 'securityMLAnalyticsSettings' },
  tiIndicators: { scope: 'sentinel', path: 'ThreatIntelligence' },
  bookmarks: { scope: 'sentinel', path: 'bookmarks' },
};

const CHILD_COLLECTIONS: Record<ChildKind, string> = {
  incidentAlerts: 'alerts',
  incidentEntities: 'entities',
  incidentComments: 'comments',
  incidentBookmarks: 'bookmarks',
  incidentRelations: 'relations',
  watchlistItems: 'watchlistItems',
};

/** Where a folder workspace's made-up resource ids live (it has no subscription of its own). */
export const LOCAL_SUBSCRIPTION_ID = '00000000-0000-0000-0000-000000000000';
export const LOCAL_RESOURCE_GROUP = 'local';

/** The ARM id of a workspace with this name in the local subscription. */
export function localWorkspaceResourceId(workspaceName: string): string {
  const name = workspaceName.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'workspace';
  return `/subscriptions/${LOCAL_SUBSCRIPTION_ID}/resourceGroups/${LOCAL_RESOURCE_GROUP}/providers/Microsoft.OperationalInsights/workspaces/${name}`;
}

/** The id of an object of `kind` named `name` in the workspace `workspaceId` (an ARM workspace id). */
export function resourceIdOf(workspaceId: string, kind: ObjectKind, name: string): string {
  const c = COLLECTIONS[kind];
  const segment = encodeURIComponent(name);
  if (c.scope === 'sentinel')
    return `${workspaceId}/providers/Microsoft.SecurityInsights/${c.path}/${segment}`;
  if (c.scope === 'workspace') return `${workspaceId}/${c.path}/${segment}`;
  const group = workspaceId.replace(/\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i, '');
  return `${group}/${c.path}/${segment}`;
}

export function childResourceIdOf(parentId: string, kind: ChildKind, name: string): string {
  return `${parentId}/${CHILD_COLLECTIONS[kind]}/${encodeURIComponent(name)}`;
}

/** Workspace-folder subfolders holding ARM JSON, by kind. */
export const JSON_FOLDERS: readonly (readonly [string, ObjectKind])[] = [
  ['incidents', 'incidents'],
  ['connectors', 'dataConnectors'],
  ['workbooks', 'workbooks'],
  ['repositories', 'sourceControls'],
  ['summary-rules', 'summaryRules'],
  ['dcr', 'dataCollectionRules'],
  ['dce', 'dataCollectionEndpoints'],
  ['metadata', 'metadata'],
  ['ml-analytics', 'mlAnalyticsSettings'],
  ['threat-intelligence', 'tiIndicators'],
  ['bookmarks', 'bookmarks'],
  ['saved-searches', 'savedSearches'],
];

/** Files under `incidents/<incident-name>/`, by child kind. */
export const INCIDENT_CHILD_FILES: readonly (readonly [string, ChildKind])[] = [
  ['alerts', 'incidentAlerts'],
  ['entities', 'incidentEntities'],
  ['comments', 'incidentComments'],
  ['bookmarks', 'incidentBookmarks'],
  ['relations', 'incidentRelations'],
];

/** The file in `threat-intelligence/` that holds the metrics answer rather than indicators. */
export const TI_METRICS_FILE = 'metrics.json';
