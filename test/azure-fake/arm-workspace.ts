// ARM: the workspace resource (Workspaces_Get, 2025-07-01 shape) and Sentinel's onboarding state
// (SentinelOnboardingStates_List / _Get), built from the LocalBackend's workspace.
import { armOk, checkApiVersion, checkWorkspacePath, workspaceResourceId } from './arm.js';
import { armError } from './errors.js';
import type { FakeContext, FakeRequest, FakeResponse } from './http.js';
import { armPattern, type Route } from './router.js';

const DAY_MS = 86_400_000;

function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function workspaceBody(context: FakeContext): Record<string, unknown> {
  const { identity } = context;
  const created = new Date(identity.anchor.getTime() - 2 * identity.retentionInDays * DAY_MS);
  const modified = new Date(identity.anchor.getTime() - 7 * DAY_MS);
  const nextReset = new Date(Math.ceil(Date.now() / DAY_MS) * DAY_MS);
  return {
    properties: {
      customerId: identity.workspaceId,
      provisioningState: 'Succeeded',
      sku: { name: 'PerGB2018', lastSkuUpdate: isoSeconds(created) },
      retentionInDays: identity.retentionInDays,
      features: { legacy: 0, searchVersion: 1, enableLogAccessUsingOnlyResourcePermissions: true },
      workspaceCapping: {
        dailyQuotaGb: -1,
        quotaNextResetTime: isoSeconds(nextReset),
        dataIngestionStatus: 'RespectQuota',
      },
      publicNetworkAccessForIngestion: 'Enabled',
      publicNetworkAccessForQuery: 'Enabled',
      createdDate: isoSeconds(created),
      modifiedDate: isoSeconds(modified),
      replication: {
        location: identity.location,
        enabled: false,
        provisioningState: 'Succeeded',
        createdDate: isoSeconds(created),
        lastModifiedDate: isoSeconds(created),
      },
      failover: { state: 'Inactive', lastModifiedDate: isoSeconds(created) },
    },
    // ARM returns the workspace id in this lower-cased form (see the WorkspacesGet example).
    id: workspaceResourceId(context)
      .replace('/resourceGroups/', '/resourcegroups/')
      .replace('/Microsoft.OperationalInsights/', '/microsoft.operationalinsights/'),
    name: identity.workspaceName,
    type: 'Microsoft.OperationalInsights/workspaces',
    location: identity.location,
    tags: {},
    etag: `"${identity.workspaceId.slice(0, 8)}-0000-0100-0000-${identity.workspaceId.slice(-12)}"`,
  };
}

function getWorkspace(request: FakeRequest, context: FakeContext): FakeResponse {
  return (
    checkApiVersion(request, 'workspaces', context.identity.location) ??
    checkWorkspacePath(request, context) ??
    armOk(request, workspaceBody(context))
  );
}

function onboardingState(context: FakeContext): Record<string, unknown> {
  return {
    id: `${workspaceResourceId(context)}/providers/Microsoft.SecurityInsights/onboardingStates/default`,
    name: 'default',
    type: 'Microsoft.SecurityInsights/onboardingStates',
    etag: `"${context.identity.workspaceId.slice(0, 8)}-0000-0100-0000-000000000001"`,
    properties: { customerManagedKey: false },
  };
}

function listOnboardingStates(request: FakeRequest, context: FakeContext): FakeResponse {
  return (
    checkApiVersion(request, 'onboardingStates', context.identity.location) ??
    checkWorkspacePath(request, context) ??
    armOk(request, { value: context.sentinelOnboarded ? [onboardingState(context)] : [] })
  );
}

function getOnboardingState(request: FakeRequest, context: FakeContext): FakeResponse {
  const failed =
    checkApiVersion(request, 'onboardingStates', context.identity.location) ??
    checkWorkspacePath(request, context);
  if (failed) return failed;
  const name = request.params['name'] ?? '';
  if (!context.sentinelOnboarded || name.toLowerCase() !== 'default') {
    return armError(404, 'NotFound', `Resource '${name}' of type 'onboardingStates' was not found.`);
  }
  return armOk(request, onboardingState(context));
}

const ONBOARDING = '/providers/microsoft\\.securityinsights/onboardingstates';

export const armWorkspaceRoutes: Route[] = [
  {
    name: 'arm.workspace',
    family: 'arm',
    method: 'GET',
    pattern: armPattern(''),
    auth: true,
    action: 'Microsoft.OperationalInsights/workspaces/read',
    handle: getWorkspace,
  },
  {
    name: 'arm.onboardingStates',
    family: 'arm',
    method: 'GET',
    pattern: armPattern(ONBOARDING),
    auth: true,
    action: 'Microsoft.SecurityInsights/onboardingStates/read',
    handle: listOnboardingStates,
  },
  {
    name: 'arm.onboardingState',
    family: 'arm',
    method: 'GET',
    pattern: armPattern(`${ONBOARDING}/(?<name>[^/]+)`),
    auth: true,
    action: 'Microsoft.SecurityInsights/onboardingStates/read',
    handle: getOnboardingState,
  },
];
