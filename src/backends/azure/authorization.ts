// sentinel_authorization_summary on Azure: the caller's own role assignments at the workspace scope
// (`$filter=assignedTo('{objectId}')`, which includes group memberships and inherited assignments),
// each distinct role definition fetched once, in parallel, and read access decided per toolset from
// the roles' actions (see permissions.ts). The caller's object id is the `oid` claim of its own ARM
// token: only used to ask ARM for the caller's assignments, never to decide access.
import type { RoleAssignment, RoleDefinition } from '@azure/arm-authorization';
import type { AuthorizationSummary, RoleAssignmentSummary } from '../connection.js';
import { odataString } from '../../kql/quote.js';
import type { Toolset } from '../../tools/toolsets.js';
import { ToolError } from '../../util/errors.js';
import type { CallOptions } from '../backend.js';
import { tokenClaims } from './credential.js';
import {
  QUERY_READ,
  rolesGrant,
  toolsetAccess,
  type PermissionBlock,
  type RolePermissions,
} from './permissions.js';
import type { AzureSession } from './session.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function normalizeScope(scope: string): string {
  return `/${scope.replace(/^\/+|\/+$/g, '')}`.toLowerCase();
}

/** Where an assignment's scope sits relative to the workspace's. */
export function scopeRelation(
  assignmentScope: string,
  workspaceScope: string,
): RoleAssignmentSummary['appliesTo'] {
  const a = normalizeScope(assignmentScope);
  const w = normalizeScope(workspaceScope);
  if (a === w) return 'workspace';
  if (a === '/' || w.startsWith(`${a}/`)) return 'inherited';
  if (a.startsWith(`${w}/`)) return 'child';
  return 'child';
}

export function permissionsOf(role: RoleDefinition): RolePermissions {
  return {
    roleName: role.roleName ?? role.name ?? 'unknown role',
    permissions: (role.permissions ?? []).map((p): PermissionBlock => ({
      actions: p.actions ?? [],
      notActions: p.notActions ?? [],
      dataActions: p.dataActions ?? [],
      notDataActions: p.notDataActions ?? [],
    })),
  };
}

export interface AssignmentsAndRoles {
  assignments: RoleAssignment[];
  roles: Map<string, RoleDefinition>;
}

/** Builds the summary from what ARM returned (pure: tests feed it the official example bodies). */
export function summarize(
  principal: AuthorizationSummary['principal'],
  workspaceScope: string,
  data: AssignmentsAndRoles,
  toolsets: readonly Toolset[],
): AuthorizationSummary {
  const notes: string[] = [];
  const applying: RolePermissions[] = [];
  const below: (RolePermissions & { scope: string })[] = [];
  const assignments: RoleAssignmentSummary[] = data.assignments.map((a) => {
    const definition = a.roleDefinitionId ? data.roles.get(a.roleDefinitionId.toLowerCase()) : undefined;
    const perms = definition ? permissionsOf(definition) : undefined;
    const appliesTo = scopeRelation(a.scope ?? workspaceScope, workspaceScope);
    if (perms) {
      if (appliesTo === 'child') below.push({ ...perms, scope: a.scope ?? '' });
      else applying.push(perms);
    }
    const conditional = Boolean(a.condition);
    if (conditional) {
      notes.push(
        `The assignment of ${perms?.roleName ?? a.roleDefinitionId} has a condition; it was counted as granting its actions.`,
      );
    }
    return {
      role: perms?.roleName ?? a.roleDefinitionId ?? 'unknown role',
      roleDefinitionId: a.roleDefinitionId ?? '',
      scope: a.scope ?? '',
      appliesTo,
      viaGroup: Boolean(
        principal.objectId &&
        a.principalId &&
        a.principalId.toLowerCase() !== principal.objectId.toLowerCase(),
      ),
      conditional,
    };
  });
  if (assignments.length === 0) {
    notes.push('No role assignments grant the caller anything on this workspace.');
  }
  notes.push(
    'Deny assignments and Microsoft Entra roles are not included; Azure decides access on each call.',
  );
  return {
    backend: 'azure',
    principal,
    scope: workspaceScope,
    assignments,
    toolsets: toolsetAccess(applying, toolsets, below),
    queryAccess: rolesGrant(applying, QUERY_READ),
    notes,
  };
}

export async function authorizationSummary(
  session: AzureSession,
  toolsets: readonly Toolset[],
  options: CallOptions = {},
): Promise<AuthorizationSummary> {
  const arm = session.armWorkspace('The authorization summary needs');
  const token = await session.run(
    { operation: 'getting a token to identify the caller' },
    options,
    (signal) => session.token(session.endpoints.scopes.arm, { abortSignal: signal }),
  );
  const claims = tokenClaims(token);
  if (!claims?.oid || !GUID.test(claims.oid)) {
    throw new ToolError(
      'UNSUPPORTED',
      "The credential's token does not say who the caller is (no oid claim)",
      {
        hint: 'Use a user, service principal or managed identity sign-in; sentinel_connection_test shows which credential is used.',
        retryable: false,
      },
    );
  }
  const principal: AuthorizationSummary['principal'] = {
    objectId: claims.oid,
    name: claims.upn ?? claims.name ?? claims.appid ?? null,
    type:
      claims.idtyp === 'app' || (!claims.upn && claims.appid)
        ? 'ServicePrincipal'
        : claims.upn
          ? 'User'
          : 'Unknown',
    tenantId: claims.tid ?? null,
  };
  const data = await session.run(
    {
      operation: 'listing your role assignments on the workspace',
      permission: 'Microsoft.Authorization/roleAssignments/read',
      notFound: {
        what: `The workspace ${arm.workspaceName}`,
        hint: 'Check AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP and AZURE_WORKSPACE_NAME.',
      },
    },
    options,
    async (signal) => {
      const client = await session.authorization();
      const assignments: RoleAssignment[] = [];
      const pages = client.roleAssignments.listForScope(arm.resourceId.replace(/^\//, ''), {
        filter: `assignedTo(${odataString(claims.oid!)})`,
        abortSignal: signal,
      });
      for await (const a of pages) assignments.push(a);
      const ids = [
        ...new Set(assignments.map((a) => a.roleDefinitionId).filter((id): id is string => Boolean(id))),
      ];
      const definitions = await Promise.all(
        ids.map((id) => client.roleDefinitions.getById(id.replace(/^\//, ''), { abortSignal: signal })),
      );
      const roles = new Map<string, RoleDefinition>();
      ids.forEach((id, i) => roles.set(id.toLowerCase(), definitions[i]!));
      return { assignments, roles };
    },
  );
  return summarize(principal, arm.resourceId, data, toolsets);
}
