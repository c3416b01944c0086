// ARM: the Sentinel and workspace objects of the LocalBackend (its objectSet, raw ARM JSON) in the wire
// format of each API: lists as `value` + `nextLink` pages (`$skipToken`), `$filter` parsed with the
// strict OData parser (a syntax error is ARM's 400 BadRequest with the parser's message: this is what
// proves a caller's value reaches the service as a literal) and evaluated, `$orderby`, `$top` (the
// page size, as Sentinel uses it); the POST reads (incident alerts, entities, bookmarks;
// queryIndicators); 404 bodies naming the resource.
//
// Identity: the fake answers for the workspace's own ARM id when the LocalBackend has one (identity.ts),
// so served ids are the set's. When the set's ids name another subscription / resource group /
// workspace (a folder workspace with made-up ids), every string that starts with them is rewritten
// to the fake's, so links between objects (a DCR's destination, a workbook's sourceId) still hold.
import type { ArmResource, ChildKind, ObjectKind, ObjectSet, TiQuery } from '../../src/backends/objects.js';
import { CHILD_KINDS, OBJECT_KINDS } from '../../src/backends/objects.js';
import { computeTiMetrics, queryIndicators } from '../../src/backends/local/objects/ti.js';
import {
  matchesFilter,
  ODataSyntaxError,
  parseFilter,
  parseOrderBy,
  sortByOrder,
} from '../../src/util/odata.js';
import {
  armOk,
  armPage,
  checkApiVersion,
  checkWorkspacePath,
  workspaceResourceId,
  type ArmResourceType,
} from './arm.js';
import { armError } from './errors.js';
import type { FakeContext, FakeRequest, FakeResponse } from './http.js';
import { armPattern, type Route } from './router.js';

// ---- The served set ----

const WORKSPACE_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.OperationalInsights\/workspaces\/([^/]+)/i;

/** The LocalBackend's object set (raw ARM JSON: its workspace folder's, or the demo's). */
function localSet(context: FakeContext): ObjectSet {
  return context.backend.objectSet;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type Rewrite = (value: string) => string;

/** The workspace id the set's objects use: the backend's, else the first found in the set. */
async function localWorkspaceId(context: FakeContext, set: ObjectSet): Promise<string | undefined> {
  const info = await context.backend.workspace.get();
  const own = WORKSPACE_ID.exec(info.resourceId ?? '');
  if (own) return own[0];
  for (const kind of OBJECT_KINDS) {
    for (const item of set.objects[kind] ?? []) {
      const m = WORKSPACE_ID.exec(typeof item.id === 'string' ? item.id : '');
      if (m) return m[0];
    }
  }
  return undefined;
}

function rewriterFor(from: string | undefined, context: FakeContext): Rewrite | undefined {
  const to = workspaceResourceId(context);
  if (!from || from.toLowerCase() === to.toLowerCase()) return undefined;
  const [, sub, group] = WORKSPACE_ID.exec(from)!;
  const { subscriptionId, resourceGroup } = context.identity;
  const rules: [RegExp, string][] = [
    [new RegExp(`^${escape(from)}(?=/|$)`, 'i'), to],
    [
      new RegExp(`^/subscriptions/${escape(sub!)}/resourceGroups/${escape(group!)}(?=/|$)`, 'i'),
      `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`,
    ],
    [new RegExp(`^/subscriptions/${escape(sub!)}(?=/|$)`, 'i'), `/subscriptions/${subscriptionId}`],
  ];
  return (value) => {
    for (const [pattern, replacement] of rules)
      if (pattern.test(value)) return value.replace(pattern, replacement);
    return value;
  };
}

function deepRewrite<T>(value: T, rewrite: Rewrite): T {
  if (typeof value === 'string') return rewrite(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => deepRewrite(v, rewrite)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, deepRewrite(v, rewrite)]),
    ) as T;
  }
  return value;
}

const served = new WeakMap<FakeContext, { source: ObjectSet; set: Promise<ObjectSet> }>();

/** The set as served: the local set, ids rewritten to the fake's workspace where they differ. */
function servedSet(context: FakeContext): Promise<ObjectSet> {
  const source = localSet(context);
  const cached = served.get(context);
  if (cached && cached.source === source) return cached.set;
  const set = localWorkspaceId(context, source).then((from) => {
    const rewrite = rewriterFor(from, context);
    return rewrite ? deepRewrite(source, rewrite) : source;
  });
  served.set(context, { source, set });
  return set;
}

// ---- Lookups and answers ----

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function findByName(items: readonly ArmResource[], name: string): ArmResource | undefined {
  return (
    items.find((i) => i.name === name) ??
    items.find((i) => typeof i.name === 'string' && sameName(i.name, name))
  );
}

function childrenOf(set: ObjectSet, kind: ChildKind, parent: string): ArmResource[] {
  const byParent = set.children[kind] ?? {};
  const key = parent in byParent ? parent : Object.keys(byParent).find((k) => sameName(k, parent));
  return key === undefined ? [] : (byParent[key] ?? []);
}

function notFound(type: string, name: string): FakeResponse {
  return armError(404, 'NotFound', `The ${type} '${name}' was not found.`);
}

function badRequest(message: string): FakeResponse {
  return armError(400, 'BadRequest', message);
}

/** `$filter` / `$orderby` over raw resources; an unparsable one is ARM's 400 with the parser's message. */
function applyOData(request: FakeRequest, items: readonly ArmResource[]): ArmResource[] | FakeResponse {
  let out = [...items];
  const filter = request.query.get('$filter');
  const orderby = request.query.get('$orderby');
  try {
    if (filter !== null) {
      const tree = parseFilter(filter);
      out = out.filter((item) => matchesFilter(tree, item));
    }
    if (orderby !== null) out = sortByOrder(out, parseOrderBy(orderby));
  } catch (error) {
    if (error instanceof ODataSyntaxError) return badRequest(`Invalid OData expression: ${error.message}.`);
    throw error;
  }
  return out;
}

/** Page size: `$top` (Sentinel's page size) within armPageSize. */
function pageSize(request: FakeRequest, context: FakeContext): number | FakeResponse {
  const top = request.query.get('$top');
  if (top === null) return context.armPageSize;
  const n = Number(top);
  if (!Number.isInteger(n) || n < 1)
    return badRequest(`The value '${top}' of $top is not a positive integer.`);
  return Math.min(n, context.armPageSize);
}

function isResponse(value: unknown): value is FakeResponse {
  return (
    value !== null && typeof value === 'object' && 'status' in value && 'body' in value && 'headers' in value
  );
}

// ---- Route definitions ----

interface Collection {
  /** Route name stem: `arm.<plural>` lists, `arm.<singular>` gets. */
  plural: string;
  singular: string;
  kind: ObjectKind;
  /** Pattern of the collection path after the workspace (case-insensitive). */
  path: string;
  apiType: ArmResourceType;
  /** Human name in 404 bodies. */
  type: string;
  action: string;
  /** Whether the list takes `$filter` / `$orderby` / `$top`. */
  odata?: boolean;
}

const SI = '/providers/microsoft\\.securityinsights';

const COLLECTIONS: readonly Collection[] = [
  {
    plural: 'incidents',
    singular: 'incident',
    kind: 'incidents',
    path: `${SI}/incidents`,
    apiType: 'incidents',
    type: 'incident',
    action: 'Microsoft.SecurityInsights/incidents/read',
    odata: true,
  },
  {
    plural: 'alertRules',
    singular: 'alertRule',
    kind: 'alertRules',
    path: `${SI}/alertRules`,
    apiType: 'alertRules',
    type: 'alert rule',
    action: 'Microsoft.SecurityInsights/alertRules/read',
  },
  {
    plural: 'alertRuleTemplates',
    singular: 'alertRuleTemplate',
    kind: 'alertRuleTemplates',
    path: `${SI}/alertRuleTemplates`,
    apiType: 'alertRuleTemplates',
    type: 'alert rule template',
    action: 'Microsoft.SecurityInsights/alertRuleTemplates/read',
  },
  {
    plural: 'watchlists',
    singular: 'watchlist',
    kind: 'watchlists',
    path: `${SI}/watchlists`,
    apiType: 'watchlists',
    type: 'watchlist',
    action: 'Microsoft.SecurityInsights/watchlists/read',
  },
  {
    plural: 'dataConnectors',
    singular: 'dataConnector',
    kind: 'dataConnectors',
    path: `${SI}/dataConnectors`,
    apiType: 'dataConnectors',
    type: 'data connector',
    action: 'Microsoft.SecurityInsights/dataConnectors/read',
  },
  {
    plural: 'sourceControls',
    singular: 'sourceControl',
    kind: 'sourceControls',
    path: `${SI}/sourcecontrols`,
    apiType: 'sourcecontrols',
    type: 'source control',
    action: 'Microsoft.SecurityInsights/sourceControls/read',
  },
  {
    plural: 'metadata',
    singular: 'metadataItem',
    kind: 'metadata',
    path: `${SI}/metadata`,
    apiType: 'metadata',
    type: 'metadata',
    action: 'Microsoft.SecurityInsights/metadata/read',
    odata: true,
  },
  {
    plural: 'mlAnalyticsSettings',
    singular: 'mlAnalyticsSetting',
    kind: 'mlAnalyticsSettings',
    path: `${SI}/securityMLAnalyticsSettings`,
    apiType: 'securityMLAnalyticsSettings',
    type: 'security ML analytics setting',
    action: 'Microsoft.SecurityInsights/securityMLAnalyticsSettings/read',
  },
  {
    plural: 'tiIndicators',
    singular: 'tiIndicator',
    kind: 'tiIndicators',
    path: `${SI}/threatIntelligence/main/indicators`,
    apiType: 'threatIntelligence',
    type: 'threat intelligence indicator',
    action: 'Microsoft.SecurityInsights/threatIntelligence/indicators/read',
  },
  {
    plural: 'bookmarks',
    singular: 'bookmark',
    kind: 'bookmarks',
    path: `${SI}/bookmarks`,
    apiType: 'bookmarks',
    type: 'bookmark',
    action: 'Microsoft.SecurityInsights/bookmarks/read',
  },
  {
    plural: 'savedSearches',
    singular: 'savedSearch',
    kind: 'savedSearches',
    path: '/savedSearches',
    apiType: 'workspaces/savedSearches',
    type: 'saved search',
    action: 'Microsoft.OperationalInsights/workspaces/savedSearches/read',
  },
  {
    plural: 'summaryRules',
    singular: 'summaryRule',
    kind: 'summaryRules',
    path: '/summaryLogs',
    apiType: 'workspaces/summaryLogs',
    type: 'summary rule',
    action: 'Microsoft.OperationalInsights/workspaces/summaryLogs/read',
  },
];

function workspacePreflight(
  request: FakeRequest,
  context: FakeContext,
  apiType: ArmResourceType,
): FakeResponse | undefined {
  return checkApiVersion(request, apiType, context.identity.location) ?? checkWorkspacePath(request, context);
}

function collectionRoutes(c: Collection): Route[] {
  const list = async (request: FakeRequest, context: FakeContext): Promise<FakeResponse> => {
    const failed = workspacePreflight(request, context, c.apiType);
    if (failed) return failed;
    const set = await servedSet(context);
    let items: ArmResource[] = set.objects[c.kind] ?? [];
    let size = context.armPageSize;
    if (c.odata) {
      const filtered = applyOData(request, items);
      if (isResponse(filtered)) return filtered;
      items = filtered;
      const top = pageSize(request, context);
      if (isResponse(top)) return top;
      size = top;
    }
    // SavedSearches_ListByWorkspace answers in one page.
    if (c.kind === 'savedSearches') return armOk(request, { value: items });
    return armOk(request, armPage(request, context, items, size));
  };
  const get = async (request: FakeRequest, context: FakeContext): Promise<FakeResponse> => {
    const failed = workspacePreflight(request, context, c.apiType);
    if (failed) return failed;
    const name = request.params['name'] ?? '';
    const found = findByName((await servedSet(context)).objects[c.kind] ?? [], name);
    return found ? armOk(request, found) : notFound(c.type, name);
  };
  return [
    {
      name: `arm.${c.plural}`,
      family: 'arm',
      method: 'GET',
      pattern: armPattern(c.path),
      auth: true,
      action: c.action,
      handle: list,
    },
    {
      name: `arm.${c.singular}`,
      family: 'arm',
      method: 'GET',
      pattern: armPattern(`${c.path}/(?<name>[^/]+)`),
      auth: true,
      action: c.action,
      handle: get,
    },
  ];
}

// ---- Children of incidents and watchlists ----

const INCIDENT = `${SI}/incidents/(?<parent>[^/]+)`;
const WATCHLIST = `${SI}/watchlists/(?<parent>[^/]+)`;

function parentOf(
  set: ObjectSet,
  kind: ChildKind,
  request: FakeRequest,
): { name: string; children: ArmResource[] } | FakeResponse {
  const wanted = request.params['parent'] ?? '';
  const parentKind = CHILD_KINDS[kind];
  const parent = findByName(set.objects[parentKind] ?? [], wanted);
  if (!parent) return notFound(parentKind === 'incidents' ? 'incident' : 'watchlist', wanted);
  return { name: parent.name, children: childrenOf(set, kind, parent.name) };
}

/** POST .../incidents/{id}/alerts|entities|bookmarks: one answer, no paging. */
function incidentPostRoute(kind: 'incidentAlerts' | 'incidentEntities' | 'incidentBookmarks'): Route {
  const segment = { incidentAlerts: 'alerts', incidentEntities: 'entities', incidentBookmarks: 'bookmarks' }[
    kind
  ];
  return {
    name: `arm.${kind}`,
    family: 'arm',
    method: 'POST',
    pattern: armPattern(`${INCIDENT}/${segment}`),
    auth: true,
    action: 'Microsoft.SecurityInsights/incidents/read',
    async handle(request, context) {
      const failed = workspacePreflight(request, context, 'incidents');
      if (failed) return failed;
      const parent = parentOf(await servedSet(context), kind, request);
      if (isResponse(parent)) return parent;
      if (kind !== 'incidentEntities') return armOk(request, { value: parent.children });
      const counts = new Map<string, number>();
      for (const e of parent.children) {
        const entityKind = typeof e.kind === 'string' ? e.kind : 'Unknown';
        counts.set(entityKind, (counts.get(entityKind) ?? 0) + 1);
      }
      return armOk(request, {
        entities: parent.children,
        metaData: [...counts].map(([entityKind, count]) => ({ entityKind, count })),
      });
    },
  };
}

/** GET lists and items of comments, relations and watchlist items. */
function childRoutes(
  kind: 'incidentComments' | 'incidentRelations' | 'watchlistItems',
  plural: string,
  singular: string,
): Route[] {
  const spec = {
    incidentComments: {
      parent: INCIDENT,
      segment: 'comments',
      apiType: 'incidents',
      type: 'incident comment',
    },
    incidentRelations: { parent: INCIDENT, segment: 'relations', apiType: 'incidents', type: 'relation' },
    watchlistItems: {
      parent: WATCHLIST,
      segment: 'watchlistItems',
      apiType: 'watchlists',
      type: 'watchlist item',
    },
  }[kind];
  const action =
    kind === 'watchlistItems'
      ? 'Microsoft.SecurityInsights/watchlists/read'
      : 'Microsoft.SecurityInsights/incidents/read';
  const apiType = spec.apiType as ArmResourceType;
  return [
    {
      name: `arm.${plural}`,
      family: 'arm',
      method: 'GET',
      pattern: armPattern(`${spec.parent}/${spec.segment}`),
      auth: true,
      action,
      async handle(request, context) {
        const failed = workspacePreflight(request, context, apiType);
        if (failed) return failed;
        const parent = parentOf(await servedSet(context), kind, request);
        if (isResponse(parent)) return parent;
        const size = pageSize(request, context);
        if (isResponse(size)) return size;
        return armOk(request, armPage(request, context, parent.children, size));
      },
    },
    {
      name: `arm.${singular}`,
      family: 'arm',
      method: 'GET',
      pattern: armPattern(`${spec.parent}/${spec.segment}/(?<name>[^/]+)`),
      auth: true,
      action,
      async handle(request, context) {
        const failed = workspacePreflight(request, context, apiType);
        if (failed) return failed;
        const parent = parentOf(await servedSet(context), kind, request);
        if (isResponse(parent)) return parent;
        const name = request.params['name'] ?? '';
        const found =
          findByName(parent.children, name) ??
          (kind === 'watchlistItems'
            ? parent.children.find(
                (c) =>
                  typeof c.properties['watchlistItemId'] === 'string' &&
                  sameName(c.properties['watchlistItemId'], name),
              )
            : undefined);
        return found ? armOk(request, found) : notFound(spec.type, name);
      },
    },
  ];
}

// ---- Threat intelligence: queryIndicators and metrics ----

const TI_SORT_FIELDS: ReadonlySet<string> = new Set(['lastUpdatedTimeUtc', 'confidence', 'displayName']);

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** The wire criteria (ThreatIntelligenceFilteringCriteria) as the local store's TiQuery. */
function tiQueryOf(criteria: Record<string, unknown>): Omit<TiQuery, 'top'> {
  const num = (key: string) => (typeof criteria[key] === 'number' ? (criteria[key] as number) : undefined);
  const sort = Array.isArray(criteria['sortBy'])
    ? (criteria['sortBy'][0] as Record<string, unknown>)
    : undefined;
  const field = typeof sort?.['itemKey'] === 'string' ? sort['itemKey'] : undefined;
  const keywords = strings(criteria['keywords']);
  const min = num('minConfidence');
  const max = num('maxConfidence');
  return {
    ...(strings(criteria['patternTypes']) ? { patternTypes: strings(criteria['patternTypes'])! } : {}),
    ...(strings(criteria['sources']) ? { sources: strings(criteria['sources'])! } : {}),
    ...(strings(criteria['ids']) ? { ids: strings(criteria['ids'])! } : {}),
    ...(min !== undefined ? { minConfidence: min } : {}),
    ...(max !== undefined ? { maxConfidence: max } : {}),
    ...(keywords && keywords.length ? { keywords: keywords.join(' ') } : {}),
    ...(criteria['includeDisabled'] === true ? { includeDisabled: true } : {}),
    ...(field && TI_SORT_FIELDS.has(field)
      ? {
          sortBy: {
            field: field as 'lastUpdatedTimeUtc' | 'confidence' | 'displayName',
            direction: sort?.['sortOrder'] === 'ascending' ? ('asc' as const) : ('desc' as const),
          },
        }
      : {}),
  };
}

const TI = `${SI}/threatIntelligence/main`;

const tiRoutes: Route[] = [
  {
    name: 'arm.tiQuery',
    family: 'arm',
    method: 'POST',
    pattern: armPattern(`${TI}/queryIndicators`),
    auth: true,
    action: 'Microsoft.SecurityInsights/threatIntelligence/indicators/query/action',
    async handle(request, context) {
      const failed = workspacePreflight(request, context, 'threatIntelligence');
      if (failed) return failed;
      let criteria: unknown;
      try {
        criteria = request.body === '' ? {} : JSON.parse(request.body);
      } catch {
        return badRequest('The request body is not valid JSON.');
      }
      if (criteria === null || typeof criteria !== 'object' || Array.isArray(criteria))
        return badRequest('The request body must be a ThreatIntelligenceFilteringCriteria object.');
      const body = criteria as Record<string, unknown>;
      const matched = queryIndicators((await servedSet(context)).objects.tiIndicators ?? [], {
        top: 1,
        ...tiQueryOf(body),
      });
      const pageSizeWanted = typeof body['pageSize'] === 'number' ? body['pageSize'] : context.armPageSize;
      const size = Math.max(1, Math.min(pageSizeWanted, context.armPageSize));
      const skip = Math.max(0, Number.parseInt(String(body['skipToken'] ?? '0'), 10) || 0);
      const value = matched.slice(skip, skip + size);
      if (skip + size >= matched.length) return armOk(request, { value });
      const next = new URL(request.url.pathname, context.origin);
      next.searchParams.set('api-version', request.query.get('api-version') ?? '');
      next.searchParams.set('$skipToken', String(skip + size));
      return armOk(request, { value, nextLink: next.toString() });
    },
  },
  {
    name: 'arm.tiMetrics',
    family: 'arm',
    method: 'GET',
    pattern: armPattern(`${TI}/metrics`),
    auth: true,
    action: 'Microsoft.SecurityInsights/threatIntelligence/metrics/action',
    async handle(request, context) {
      const failed = workspacePreflight(request, context, 'threatIntelligence');
      if (failed) return failed;
      const set = await servedSet(context);
      const value =
        set.tiMetrics.length > 0 ? set.tiMetrics : computeTiMetrics(set.objects.tiIndicators ?? []);
      return armOk(request, { value });
    },
  },
];

// ---- Microsoft.Insights: workbooks (resource group), DCR and DCE (subscription / resource group) ----

const SUBSCRIPTION = '^/subscriptions/(?<subscriptionId>[^/]+)';
const GROUP = `${SUBSCRIPTION}/resourcegroups/(?<resourceGroup>[^/]+)`;
const INSIGHTS = '/providers/microsoft\\.insights';

function scopeCheck(request: FakeRequest, context: FakeContext): FakeResponse | undefined {
  const { identity } = context;
  const subscription = request.params['subscriptionId'];
  if (!subscription || !sameName(subscription, identity.subscriptionId))
    return armError(
      404,
      'SubscriptionNotFound',
      `The subscription '${subscription ?? ''}' could not be found.`,
    );
  const group = request.params['resourceGroup'];
  if (group !== undefined && !sameName(group, identity.resourceGroup))
    return armError(404, 'ResourceGroupNotFound', `Resource group '${group}' could not be found.`);
  return undefined;
}

/** The resource group named in an ARM id. */
function groupOf(id: string): string | undefined {
  return /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\//i.exec(id)?.[1];
}

function withoutContent(workbook: ArmResource): ArmResource {
  const { serializedData: _content, ...properties } = workbook.properties;
  return { ...workbook, properties };
}

function prop(item: ArmResource, key: string): string {
  const v = item.properties[key];
  return typeof v === 'string' ? v : '';
}

const workbookRoutes: Route[] = [
  {
    name: 'arm.workbooks',
    family: 'arm',
    method: 'GET',
    pattern: new RegExp(`${GROUP}${INSIGHTS}/workbooks/?$`, 'i'),
    auth: true,
    action: 'Microsoft.Insights/workbooks/read',
    async handle(request, context) {
      const failed =
        checkApiVersion(request, 'workbooks', context.identity.location) ?? scopeCheck(request, context);
      if (failed) return failed;
      const category = request.query.get('category');
      if (!category) return badRequest("The 'category' query parameter is required.");
      const sourceId = request.query.get('sourceId');
      const content = request.query.get('canFetchContent') === 'true';
      const items = ((await servedSet(context)).objects.workbooks ?? [])
        .filter((w) => sameName(prop(w, 'category'), category))
        .filter((w) => sourceId === null || sameName(prop(w, 'sourceId'), sourceId))
        .map((w) => (content ? w : withoutContent(w)));
      return armOk(request, armPage(request, context, items));
    },
  },
  {
    name: 'arm.workbook',
    family: 'arm',
    method: 'GET',
    pattern: new RegExp(`${GROUP}${INSIGHTS}/workbooks/(?<name>[^/]+)/?$`, 'i'),
    auth: true,
    action: 'Microsoft.Insights/workbooks/read',
    async handle(request, context) {
      const failed =
        checkApiVersion(request, 'workbooks', context.identity.location) ?? scopeCheck(request, context);
      if (failed) return failed;
      const name = request.params['name'] ?? '';
      const found = findByName((await servedSet(context)).objects.workbooks ?? [], name);
      if (!found)
        return armError(
          404,
          'ResourceNotFound',
          `The Resource 'microsoft.insights/workbooks/${name}' under resource group '${context.identity.resourceGroup}' was not found.`,
        );
      return armOk(request, request.query.get('canFetchContent') === 'true' ? found : withoutContent(found));
    },
  },
];

function dataCollectionRoutes(
  kind: 'dataCollectionRules' | 'dataCollectionEndpoints',
  singular: string,
): Route[] {
  const action = `Microsoft.Insights/${kind}/read`;
  const list = async (request: FakeRequest, context: FakeContext): Promise<FakeResponse> => {
    const failed = checkApiVersion(request, kind, context.identity.location) ?? scopeCheck(request, context);
    if (failed) return failed;
    const group = request.params['resourceGroup'];
    const items = ((await servedSet(context)).objects[kind] ?? []).filter(
      (r) => group === undefined || sameName(groupOf(r.id) ?? '', group),
    );
    return armOk(request, armPage(request, context, items));
  };
  return [
    {
      name: `arm.${kind}`,
      family: 'arm',
      method: 'GET',
      pattern: new RegExp(`${SUBSCRIPTION}${INSIGHTS}/${kind}/?$`, 'i'),
      auth: true,
      action,
      handle: list,
    },
    {
      name: `arm.${kind}.byGroup`,
      family: 'arm',
      method: 'GET',
      pattern: new RegExp(`${GROUP}${INSIGHTS}/${kind}/?$`, 'i'),
      auth: true,
      action,
      handle: list,
    },
    {
      name: `arm.${singular}`,
      family: 'arm',
      method: 'GET',
      pattern: new RegExp(`${GROUP}${INSIGHTS}/${kind}/(?<name>[^/]+)/?$`, 'i'),
      auth: true,
      action,
      async handle(request, context) {
        const failed =
          checkApiVersion(request, kind, context.identity.location) ?? scopeCheck(request, context);
        if (failed) return failed;
        const name = request.params['name'] ?? '';
        const group = request.params['resourceGroup'] ?? '';
        const found = ((await servedSet(context)).objects[kind] ?? []).find(
          (r) => sameName(r.name, name) && sameName(groupOf(r.id) ?? '', group),
        );
        return found
          ? armOk(request, found)
          : armError(
              404,
              'ResourceNotFound',
              `The Resource 'Microsoft.Insights/${kind}/${name}' under resource group '${group}' was not found.`,
            );
      },
    },
  ];
}

/** Every route of this file (names: `arm.incidents`, `arm.incident`, `arm.incidentAlerts`, ...). */
export const armObjectRoutes: Route[] = [
  ...COLLECTIONS.flatMap(collectionRoutes),
  incidentPostRoute('incidentAlerts'),
  incidentPostRoute('incidentEntities'),
  incidentPostRoute('incidentBookmarks'),
  ...childRoutes('incidentComments', 'incidentComments', 'incidentComment'),
  ...childRoutes('incidentRelations', 'incidentRelations', 'incidentRelation'),
  ...childRoutes('watchlistItems', 'watchlistItems', 'watchlistItem'),
  ...tiRoutes,
  ...workbookRoutes,
  ...dataCollectionRoutes('dataCollectionRules', 'dataCollectionRule'),
  ...dataCollectionRoutes('dataCollectionEndpoints', 'dataCollectionEndpoint'),
];
