// ARM authorization: role assignments (RoleAssignments_ListForScope, 2022-04-01 shape: `value` +
// `nextLink`, `$filter` of atScope() / assignedTo('{id}') / principalId eq '{id}') at the subscription,
// resource group and workspace scopes, and role definitions (RoleDefinitions_GetById) at the tenant
// scope and under the subscription. The built-in roles carry their real permissions as Microsoft
// documents them; tests add custom roles and choose who holds what (`roleAssignments`).
import { createHash } from 'node:crypto';
import { armOk, armPage } from './arm.js';
import { armError } from './errors.js';
import type { FakeContext, FakeRequest, FakeResponse } from './http.js';
import type { Route } from './router.js';

/** A role assignment the fake holds. */
export interface FakeRoleAssignment {
  /** A role definition GUID, or a full role definition id (`/subscriptions/{s}/providers/...` or `/providers/...`). */
  roleDefinitionId: string;
  /**
   * Where the role is assigned: `workspace`, `resourceGroup` or `subscription` (the fake's own), or an
   * ARM scope (`/subscriptions/.../tables/SecurityEvent`, ...).
   */
  scope: 'workspace' | 'resourceGroup' | 'subscription' | (string & {});
  /** Who holds it; default: the fake's service principal (`fake.principalId`). */
  principalId?: string;
  /** Default: `ServicePrincipal` for the fake's principal, `Group` for one of `principalGroups`, else `User`. */
  principalType?: 'User' | 'Group' | 'ServicePrincipal' | 'ForeignGroup' | 'Device';
  /** An ABAC condition (the assignment then applies only when it holds). */
  condition?: string;
}

/** A custom role definition (the four built-in roles below are always there). */
export interface FakeRoleDefinition {
  /** GUID (the definition's `name`). */
  id: string;
  roleName: string;
  description?: string;
  /** Default `/subscriptions/{fake subscription}`. */
  assignableScopes?: string[];
  permissions: {
    actions: string[];
    notActions?: string[];
    dataActions?: string[];
    notDataActions?: string[];
  }[];
}

export interface AuthorizationOptions {
  /**
   * Role assignments the fake holds, for its principal and others. Default: Microsoft Sentinel Reader on
   * the resource group (inherited by the workspace) and Log Analytics Reader on the workspace, both held by
   * the fake's principal.
   */
  roleAssignments?: FakeRoleAssignment[];
  /** Custom role definitions, served beside the built-in ones. */
  roleDefinitions?: FakeRoleDefinition[];
  /** Object ids of groups the fake's principal is a member of (`assignedTo()` includes their assignments). */
  principalGroups?: string[];
}

/** Built-in role ids (the same in every tenant). */
export const BUILT_IN_ROLES = {
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  logAnalyticsReader: '73c42c96-874c-492b-b04d-ab87d138a893',
  sentinelReader: '8d289c81-5878-46d4-8554-54e1e3d8b5cb',
  sentinelResponder: '3e150937-b8fe-4cfb-8069-0eaf05ecd056',
} as const;

interface Definition {
  id: string;
  roleName: string;
  type: 'BuiltInRole' | 'CustomRole';
  description: string;
  assignableScopes: string[];
  permissions: { actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[] }[];
  createdOn: string;
  updatedOn: string;
}

function builtIn(
  id: string,
  roleName: string,
  description: string,
  actions: string[],
  notActions: string[],
  createdOn: string,
  updatedOn: string,
): Definition {
  return {
    id,
    roleName,
    type: 'BuiltInRole',
    description,
    assignableScopes: ['/'],
    permissions: [{ actions, notActions, dataActions: [], notDataActions: [] }],
    createdOn,
    updatedOn,
  };
}

// Permissions as listed in Microsoft's "Azure built-in roles" reference (General, Monitor and Security
// categories); the dates are only plausible values.
const BUILT_IN: readonly Definition[] = [
  builtIn(
    BUILT_IN_ROLES.reader,
    'Reader',
    'View all resources, but does not allow you to make any changes.',
    ['*/read'],
    [],
    '2015-02-02T21:55:09.8806423Z',
    '2021-11-11T20:13:47.8628684Z',
  ),
  builtIn(
    BUILT_IN_ROLES.logAnalyticsReader,
    'Log Analytics Reader',
    'Log Analytics Reader can view and search all monitoring data as well as and view monitoring settings, ' +
      'including viewing the configuration of Azure diagnostics on all Azure resources.',
    [
      '*/read',
      'Microsoft.OperationalInsights/workspaces/analytics/query/action',
      'Microsoft.OperationalInsights/workspaces/search/action',
      'Microsoft.Support/*',
    ],
    ['Microsoft.OperationalInsights/workspaces/sharedKeys/read'],
    '2017-05-02T00:20:28.1449012Z',
    '2021-11-11T20:13:37.3693088Z',
  ),
  builtIn(
    BUILT_IN_ROLES.sentinelReader,
    'Microsoft Sentinel Reader',
    'Microsoft Sentinel Reader',
    [
      'Microsoft.SecurityInsights/*/read',
      'Microsoft.SecurityInsights/dataConnectorsCheckRequirements/action',
      'Microsoft.SecurityInsights/threatIntelligence/indicators/query/action',
      'Microsoft.SecurityInsights/threatIntelligence/queryIndicators/action',
      'Microsoft.OperationalInsights/workspaces/analytics/query/action',
      'Microsoft.OperationalInsights/workspaces/*/read',
      'Microsoft.OperationalInsights/workspaces/LinkedServices/read',
      'Microsoft.OperationalInsights/workspaces/savedSearches/read',
      'Microsoft.OperationsManagement/solutions/read',
      'Microsoft.OperationalInsights/workspaces/query/read',
      'Microsoft.OperationalInsights/workspaces/query/*/read',
      'Microsoft.OperationalInsights/querypacks/*/read',
      'Microsoft.OperationalInsights/workspaces/dataSources/read',
      'Microsoft.Insights/workbooks/read',
      'Microsoft.Insights/myworkbooks/read',
      'Microsoft.Authorization/*/read',
      'Microsoft.Insights/alertRules/*',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.Resources/templateSpecs/*/read',
      'Microsoft.Support/*',
    ],
    [
      'Microsoft.SecurityInsights/ConfidentialWatchlists/*',
      'Microsoft.OperationalInsights/workspaces/query/ConfidentialWatchlist/*',
    ],
    '2019-08-28T16:58:50.1132117Z',
    '2022-08-01T16:51:27.7659125Z',
  ),
  builtIn(
    BUILT_IN_ROLES.sentinelResponder,
    'Microsoft Sentinel Responder',
    'Microsoft Sentinel Responder',
    [
      'Microsoft.SecurityInsights/*/read',
      'Microsoft.SecurityInsights/dataConnectorsCheckRequirements/action',
      'Microsoft.SecurityInsights/automationRules/*',
      'Microsoft.SecurityInsights/cases/*',
      'Microsoft.SecurityInsights/incidents/*',
      'Microsoft.SecurityInsights/entities/runPlaybook/action',
      'Microsoft.SecurityInsights/threatIntelligence/indicators/appendTags/action',
      'Microsoft.SecurityInsights/threatIntelligence/indicators/query/action',
      'Microsoft.SecurityInsights/threatIntelligence/bulkTag/action',
      'Microsoft.SecurityInsights/threatIntelligence/indicators/appendTags/action',
      'Microsoft.SecurityInsights/threatIntelligence/indicators/replaceTags/action',
      'Microsoft.SecurityInsights/threatIntelligence/queryIndicators/action',
      'Microsoft.SecurityInsights/businessApplicationAgents/systems/undoAction/action',
      'Microsoft.OperationalInsights/workspaces/analytics/query/action',
      'Microsoft.OperationalInsights/workspaces/*/read',
      'Microsoft.OperationalInsights/workspaces/dataSources/read',
      'Microsoft.OperationalInsights/workspaces/savedSearches/read',
      'Microsoft.OperationsManagement/solutions/read',
      'Microsoft.OperationalInsights/workspaces/query/read',
      'Microsoft.OperationalInsights/workspaces/query/*/read',
      'Microsoft.OperationalInsights/workspaces/dataSources/read',
      'Microsoft.OperationalInsights/querypacks/*/read',
      'Microsoft.Insights/workbooks/read',
      'Microsoft.Insights/myworkbooks/read',
      'Microsoft.Authorization/*/read',
      'Microsoft.Insights/alertRules/*',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.Support/*',
    ],
    [
      'Microsoft.SecurityInsights/cases/*/Delete',
      'Microsoft.SecurityInsights/incidents/*/Delete',
      'Microsoft.SecurityInsights/ConfidentialWatchlists/*',
      'Microsoft.OperationalInsights/workspaces/query/ConfidentialWatchlist/*',
    ],
    '2019-08-28T16:54:07.6467264Z',
    '2024-04-05T15:59:53.6578434Z',
  ),
];

interface Assignment {
  name: string;
  roleDefinitionId: string;
  scope: string;
  principalId: string;
  principalType: string;
  condition: string | null;
}

interface AuthorizationState {
  assignments: Assignment[];
  definitions: Map<string, Definition>;
  groups: string[];
}

const STATES = new WeakMap<FakeContext, AuthorizationState>();

const API_VERSIONS = {
  roleAssignments: [
    '2015-07-01',
    '2017-10-01-preview',
    '2018-01-01-preview',
    '2018-09-01-preview',
    '2020-03-01-preview',
    '2020-04-01-preview',
    '2020-08-01-preview',
    '2020-10-01-preview',
    '2022-01-01-preview',
    '2022-04-01',
  ],
  roleDefinitions: ['2015-07-01', '2018-01-01-preview', '2022-04-01', '2022-05-01-preview'],
} as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CREATED = '2024-01-15T09:30:00.0000000Z';

/** A stable GUID from some text (assignment names the same on every run). */
function guidOf(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function normalize(scope: string): string {
  return `/${scope.replace(/^\/+|\/+$/g, '')}`.toLowerCase();
}

/** Is `inner` the same as or below `outer`? */
function within(inner: string, outer: string): boolean {
  const i = normalize(inner);
  const o = normalize(outer);
  return o === '/' || i === o || i.startsWith(`${o}/`);
}

function scopes(context: FakeContext): Record<'subscription' | 'resourceGroup' | 'workspace', string> {
  const { subscriptionId, resourceGroup, workspaceName } = context.identity;
  const subscription = `/subscriptions/${subscriptionId}`;
  const group = `${subscription}/resourceGroups/${resourceGroup}`;
  return {
    subscription,
    resourceGroup: group,
    workspace: `${group}/providers/Microsoft.OperationalInsights/workspaces/${workspaceName}`,
  };
}

function roleDefinitionPath(context: FakeContext, id: string): string {
  if (!GUID.test(id)) return id;
  return `/subscriptions/${context.identity.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${id.toLowerCase()}`;
}

/** Sets up the authorization state of a fake from its options (called once, at start). */
export function useAuthorization(context: FakeContext, options: AuthorizationOptions): void {
  const named = scopes(context);
  const groups = (options.principalGroups ?? []).map((g) => g.toLowerCase());
  const me = context.identity.principalId.toLowerCase();
  const wanted: FakeRoleAssignment[] = options.roleAssignments ?? [
    { roleDefinitionId: BUILT_IN_ROLES.sentinelReader, scope: 'resourceGroup' },
    { roleDefinitionId: BUILT_IN_ROLES.logAnalyticsReader, scope: 'workspace' },
  ];
  const assignments = wanted.map((a): Assignment => {
    const scope = a.scope in named ? named[a.scope as keyof typeof named] : a.scope;
    const principalId = (a.principalId ?? context.identity.principalId).toLowerCase();
    const principalType =
      a.principalType ??
      (principalId === me ? 'ServicePrincipal' : groups.includes(principalId) ? 'Group' : 'User');
    const roleDefinitionId = roleDefinitionPath(context, a.roleDefinitionId);
    return {
      name: guidOf(`${scope}|${roleDefinitionId}|${principalId}`.toLowerCase()),
      roleDefinitionId,
      scope,
      principalId,
      principalType,
      condition: a.condition ?? null,
    };
  });
  const definitions = new Map<string, Definition>(BUILT_IN.map((d) => [d.id, d]));
  for (const d of options.roleDefinitions ?? []) {
    definitions.set(d.id.toLowerCase(), {
      id: d.id.toLowerCase(),
      roleName: d.roleName,
      type: 'CustomRole',
      description: d.description ?? '',
      assignableScopes: d.assignableScopes ?? [named.subscription],
      permissions: d.permissions.map((p) => ({
        actions: p.actions,
        notActions: p.notActions ?? [],
        dataActions: p.dataActions ?? [],
        notDataActions: p.notDataActions ?? [],
      })),
      createdOn: CREATED,
      updatedOn: CREATED,
    });
  }
  STATES.set(context, { assignments, definitions, groups });
}

function stateOf(context: FakeContext): AuthorizationState {
  let state = STATES.get(context);
  if (!state) {
    useAuthorization(context, {});
    state = STATES.get(context)!;
  }
  return state;
}

function checkVersion(request: FakeRequest, type: keyof typeof API_VERSIONS): FakeResponse | undefined {
  const version = request.query.get('api-version');
  const supported: readonly string[] = API_VERSIONS[type];
  if (!version) {
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  if (!supported.includes(version)) {
    return armError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '' and API version '${version}' for type '${type}'. ` +
        `The supported api-versions are '${supported.join(', ')}'. The supported locations are ', '.`,
    );
  }
  return undefined;
}

/** ARM's 404 for a subscription, resource group or workspace in the path that is not the fake's. */
function checkScope(request: FakeRequest, context: FakeContext): FakeResponse | undefined {
  const { identity } = context;
  const { subscriptionId, resourceGroup, workspaceName } = request.params;
  const differs = (a: string | undefined, b: string): boolean =>
    a !== undefined && a.toLowerCase() !== b.toLowerCase();
  if (differs(subscriptionId, identity.subscriptionId)) {
    return armError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
  }
  if (differs(resourceGroup, identity.resourceGroup)) {
    return armError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
  }
  if (differs(workspaceName, identity.workspaceName)) {
    return armError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.OperationalInsights/workspaces/${workspaceName}' under resource group ` +
        `'${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  }
  return undefined;
}

interface Filter {
  atScope: boolean;
  /** assignedTo('{id}'): the principal and the groups it is in. */
  assignedTo?: string;
  /** principalId eq '{id}': that principal only. */
  principalId?: string;
}

/** Parses `$filter`; undefined when ARM would refuse it. */
function parseFilter(text: string | null): Filter | undefined {
  const filter: Filter = { atScope: false };
  if (text === null || text.trim() === '') return filter;
  for (const term of text.trim().split(/\s+and\s+/i)) {
    let m: RegExpExecArray | null;
    if (/^atScope\(\)$/i.test(term)) filter.atScope = true;
    else if ((m = /^assignedTo\('([^']+)'\)$/i.exec(term)) && filter.assignedTo === undefined)
      filter.assignedTo = m[1]!.toLowerCase();
    else if ((m = /^principalId\s+eq\s+'([^']+)'$/i.exec(term)) && filter.principalId === undefined)
      filter.principalId = m[1]!.toLowerCase();
    else return undefined;
  }
  if (filter.assignedTo !== undefined && filter.principalId !== undefined) return undefined;
  return filter;
}

function assignmentBody(a: Assignment): Record<string, unknown> {
  return {
    properties: {
      roleDefinitionId: a.roleDefinitionId,
      principalId: a.principalId,
      principalType: a.principalType,
      scope: a.scope,
      condition: a.condition,
      conditionVersion: a.condition ? '2.0' : null,
      createdOn: CREATED,
      updatedOn: CREATED,
      createdBy: null,
      updatedBy: null,
      delegatedManagedIdentityResourceId: null,
      description: null,
    },
    id: `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`,
    type: 'Microsoft.Authorization/roleAssignments',
    name: a.name,
  };
}

function listRoleAssignments(request: FakeRequest, context: FakeContext): FakeResponse {
  const failed = checkVersion(request, 'roleAssignments') ?? checkScope(request, context);
  if (failed) return failed;
  const raw = request.query.get('$filter');
  const filter = parseFilter(raw);
  if (!filter) {
    return armError(
      400,
      'UnsupportedQuery',
      `The filter '${raw ?? ''}' is not supported. Supported filters are either 'atScope()' or ` +
        `'principalId eq '{value}'' or 'assignedTo('{value}')'.`,
    );
  }
  const state = stateOf(context);
  const scope = request.url.pathname.replace(
    /\/providers\/microsoft\.authorization\/roleassignments\/?$/i,
    '',
  );
  const me = context.identity.principalId.toLowerCase();
  const holders =
    filter.assignedTo !== undefined
      ? [filter.assignedTo, ...(filter.assignedTo === me ? state.groups : [])]
      : filter.principalId !== undefined
        ? [filter.principalId]
        : undefined;
  const matching = state.assignments.filter(
    (a) =>
      (!holders || holders.includes(a.principalId)) &&
      // At or above the scope always; below it too unless atScope() asked for at-or-above only.
      (within(scope, a.scope) || (!filter.atScope && within(a.scope, scope))),
  );
  return armOk(request, armPage(request, context, matching.map(assignmentBody)));
}

function getRoleDefinition(request: FakeRequest, context: FakeContext): FakeResponse {
  const failed = checkVersion(request, 'roleDefinitions') ?? checkScope(request, context);
  if (failed) return failed;
  const id = (request.params['roleId'] ?? '').toLowerCase();
  const definition = stateOf(context).definitions.get(id);
  if (!definition) {
    return armError(
      404,
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${request.params['roleId'] ?? ''}' does not exist.`,
    );
  }
  const subscription = request.params['subscriptionId'];
  const prefix = subscription ? `/subscriptions/${context.identity.subscriptionId}` : '';
  return armOk(request, {
    properties: {
      roleName: definition.roleName,
      type: definition.type,
      description: definition.description,
      assignableScopes: definition.assignableScopes,
      permissions: definition.permissions,
      createdOn: definition.createdOn,
      updatedOn: definition.updatedOn,
      createdBy: null,
      updatedBy: null,
    },
    id: `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${definition.id}`,
    type: 'Microsoft.Authorization/roleDefinitions',
    name: definition.id,
  });
}

// One pattern per scope form: the router turns optional groups that did not match into 'undefined'.
const SUBSCRIPTION = '/subscriptions/(?<subscriptionId>[^/]+)';
const GROUP = `${SUBSCRIPTION}/resourcegroups/(?<resourceGroup>[^/]+)`;
const WORKSPACE = `${GROUP}/providers/microsoft\\.operationalinsights/workspaces/(?<workspaceName>[^/]+)`;
const ASSIGNMENTS = '/providers/microsoft\\.authorization/roleassignments/?$';
const DEFINITION = '/providers/microsoft\\.authorization/roledefinitions/(?<roleId>[^/]+)/?$';

function assignmentsRoute(scope: string): Route {
  return {
    name: 'arm.roleAssignments',
    family: 'arm',
    method: 'GET',
    pattern: new RegExp(`^${scope}${ASSIGNMENTS}`, 'i'),
    auth: true,
    action: 'Microsoft.Authorization/roleAssignments/read',
    handle: listRoleAssignments,
  };
}

function definitionRoute(scope: string): Route {
  return {
    name: 'arm.roleDefinition',
    family: 'arm',
    method: 'GET',
    pattern: new RegExp(`^${scope}${DEFINITION}`, 'i'),
    auth: true,
    action: 'Microsoft.Authorization/roleDefinitions/read',
    handle: getRoleDefinition,
  };
}

export const armAuthorizationRoutes: Route[] = [
  assignmentsRoute(WORKSPACE),
  assignmentsRoute(GROUP),
  assignmentsRoute(SUBSCRIPTION),
  definitionRoute(WORKSPACE),
  definitionRoute(GROUP),
  definitionRoute(SUBSCRIPTION),
  // The tenant scope: `/providers/Microsoft.Authorization/roleDefinitions/{id}`.
  definitionRoute(''),
];
