// Azure RBAC permission matching, from role definitions' actions/notActions (and data actions):
// what the read tools need, per toolset, and whether a set of roles grants it. Decided from the
// actions themselves (wildcards included), never from role names.
import type { Toolset } from '../../tools/toolsets.js';

export interface PermissionBlock {
  actions: readonly string[];
  notActions: readonly string[];
  dataActions: readonly string[];
  notDataActions: readonly string[];
}

export interface RolePermissions {
  roleName: string;
  permissions: readonly PermissionBlock[];
}

/** Azure's operation wildcard: `*` matches any text (slashes too); comparison ignores case. */
export function actionMatches(pattern: string, action: string): boolean {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i').test(action);
}

/** Does one permission block allow the operation (matched by actions and not by notActions)? */
export function blockGrants(block: PermissionBlock, operation: string, data = false): boolean {
  const allow = data ? block.dataActions : block.actions;
  const deny = data ? block.notDataActions : block.notActions;
  return allow.some((p) => actionMatches(p, operation)) && !deny.some((p) => actionMatches(p, operation));
}

/** Does any of the roles allow the operation? (notActions only subtract within their own block.) */
export function rolesGrant(roles: readonly RolePermissions[], operation: string, data = false): boolean {
  return roles.some((r) => r.permissions.some((b) => blockGrants(b, operation, data)));
}

export interface ToolsetRequirement {
  /** Control-plane operations every read tool of the toolset may need. */
  actions: readonly string[];
  /** Said beside the result (e.g. what Azure roles do not decide). */
  note?: string;
  /** Access is not decided by Azure role assignments. */
  notAzureRbac?: boolean;
}

export const QUERY_READ = 'Microsoft.OperationalInsights/workspaces/query/read';

/** What each toolset's read tools call. */
export const TOOLSET_REQUIREMENTS: Readonly<Record<Toolset, ToolsetRequirement>> = {
  logs: { actions: [QUERY_READ] },
  tables: {
    actions: ['Microsoft.OperationalInsights/workspaces/tables/read', QUERY_READ],
    note: 'Row counts and last ingestion come from a query.',
  },
  workspace: {
    actions: [
      'Microsoft.OperationalInsights/workspaces/read',
      'Microsoft.SecurityInsights/onboardingStates/read',
      'Microsoft.Authorization/roleAssignments/read',
      'Microsoft.Authorization/roleDefinitions/read',
    ],
  },
  incidents: { actions: ['Microsoft.SecurityInsights/incidents/read'] },
  alerts: { actions: ['Microsoft.SecurityInsights/incidents/read', QUERY_READ] },
  analytics: {
    actions: [
      'Microsoft.SecurityInsights/alertRules/read',
      'Microsoft.SecurityInsights/alertRuleTemplates/read',
    ],
  },
  hunting: { actions: ['Microsoft.OperationalInsights/workspaces/savedSearches/read', QUERY_READ] },
  watchlists: { actions: ['Microsoft.SecurityInsights/watchlists/read'] },
  connectors: { actions: ['Microsoft.SecurityInsights/dataConnectors/read'] },
  workbooks: {
    actions: ['Microsoft.Insights/workbooks/read'],
    note: 'Workbooks are resources of the resource group: assignments on a workbook itself are not listed here.',
  },
  repositories: { actions: ['Microsoft.SecurityInsights/sourceControls/read'] },
  summary: { actions: ['Microsoft.OperationalInsights/workspaces/summaryLogs/read'] },
  dcr: {
    actions: [
      'Microsoft.Insights/dataCollectionRules/read',
      'Microsoft.Insights/dataCollectionEndpoints/read',
    ],
    note: 'Data collection rules and endpoints are resources of the resource group.',
  },
  content: {
    actions: [
      'Microsoft.SecurityInsights/metadata/read',
      'Microsoft.SecurityInsights/securityMLAnalyticsSettings/read',
    ],
  },
  threatintel: { actions: ['Microsoft.SecurityInsights/threatIntelligence/indicators/read'] },
  enrichment: {
    actions: [
      'Microsoft.SecurityInsights/enrichment/ip/geodata/read',
      'Microsoft.SecurityInsights/enrichment/domain/whois/read',
    ],
  },
  entra: {
    actions: [],
    notAzureRbac: true,
    note: 'Microsoft Graph permissions (User.Read.All, Group.Read.All) decide this, not Azure roles.',
  },
};

export type Access = 'full' | 'partial' | 'none' | 'unknown';

export interface ToolsetAccess {
  toolset: Toolset;
  access: Access;
  /** Operations no applying role grants. */
  missing: string[];
  note?: string;
}

/**
 * Access per toolset from the roles that apply to the whole workspace (at or above its scope).
 * `childScoped`: roles assigned only below the workspace (e.g. on one table), named in notes.
 */
export function toolsetAccess(
  roles: readonly RolePermissions[],
  toolsets: readonly Toolset[],
  childScoped: readonly (RolePermissions & { scope: string })[] = [],
): ToolsetAccess[] {
  return toolsets.map((toolset) => {
    const need = TOOLSET_REQUIREMENTS[toolset];
    if (need.notAzureRbac) {
      return { toolset, access: 'unknown' as const, missing: [], ...(need.note ? { note: need.note } : {}) };
    }
    const missing = need.actions.filter((a) => !rolesGrant(roles, a));
    const access: Access =
      missing.length === 0 ? 'full' : missing.length === need.actions.length ? 'none' : 'partial';
    const notes: string[] = [];
    if (need.note) notes.push(need.note);
    for (const action of missing) {
      const scoped = childScoped.filter((r) => rolesGrant([r], action)).map((r) => r.scope);
      if (scoped.length) notes.push(`${action} is granted only below the workspace (${scoped.join(', ')}).`);
    }
    return { toolset, access, missing, ...(notes.length ? { note: notes.join(' ') } : {}) };
  });
}
