// The identities the fake answers for: fixed tenant, client and principal ids, a fresh client secret, and
// the subscription / resource group / workspace of the LocalBackend's workspace (its ARM id when it has one).
import { randomBytes } from 'node:crypto';
import type { LocalBackend } from '../../src/backends/local/local-backend.js';
import type { FakeIdentity } from './http.js';

const TENANT_ID = '5a3c1e2f-7b4d-4c6e-8f10-2a3b4c5d6e7f';
const CLIENT_ID = '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const PRINCIPAL_ID = '9e8d7c6b-5a49-4837-a261-50f4e3d2c1b0';
const DEFAULT_SUBSCRIPTION_ID = '3f2e1d0c-b9a8-4796-8584-736251403928';
const DEFAULT_RESOURCE_GROUP = 'rg-sentinel-fake';

export async function identityOf(backend: LocalBackend): Promise<FakeIdentity> {
  const info = await backend.workspace.get();
  const arm =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.OperationalInsights\/workspaces\/([^/]+)$/i.exec(
      info.resourceId ?? '',
    ) ?? objectSetWorkspace(backend);
  return {
    tenantId: TENANT_ID,
    clientId: CLIENT_ID,
    // Entra secrets look like `abc8Q~...`; a fresh one per fake keeps tests from hard-coding it.
    clientSecret: `fk8Q~${randomBytes(27).toString('base64url')}`,
    principalId: PRINCIPAL_ID,
    subscriptionId: arm?.[1] ?? DEFAULT_SUBSCRIPTION_ID,
    resourceGroup: arm?.[2] ?? DEFAULT_RESOURCE_GROUP,
    workspaceName: arm?.[3] ?? info.name,
    workspaceId: info.workspaceId,
    location: info.location ?? 'eastus',
    anchor: info.timeAnchor ? new Date(info.timeAnchor) : new Date(),
    retentionInDays: info.retentionInDays ?? 90,
  };
}

/** A folder workspace has no ARM id: the one its objects' ids use (the local store makes one up). */
function objectSetWorkspace(backend: LocalBackend): RegExpExecArray | null {
  for (const items of Object.values(backend.objectSet.objects)) {
    for (const item of items) {
      const m =
        /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.OperationalInsights\/workspaces\/([^/]+)(?=\/|$)/i.exec(
          typeof item.id === 'string' ? item.id : '',
        );
      if (m) return m;
    }
  }
  return null;
}
