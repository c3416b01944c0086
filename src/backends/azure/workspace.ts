// The workspace from ARM (Microsoft.OperationalInsights/workspaces): location, SKU, retention,
// customer id, resource id, creation time.
import { ToolError } from '../../util/errors.js';
import type { CallOptions, WorkspaceInfo } from '../backend.js';
import { workspaceInfoFromArm } from './mapping.js';
import type { AzureSession } from './session.js';

export const WORKSPACE_READ_PERMISSION = 'Microsoft.OperationalInsights/workspaces/read';

export async function getArmWorkspace(
  session: AzureSession,
  options: CallOptions & { deadline?: number } = {},
): Promise<WorkspaceInfo> {
  const arm = session.armWorkspace('Reading the workspace needs');
  return session.run(
    {
      operation: 'reading the workspace from ARM',
      permission: WORKSPACE_READ_PERMISSION,
      notFound: {
        what: `The workspace ${arm.workspaceName} in resource group ${arm.resourceGroup}`,
        hint: 'Check AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP and AZURE_WORKSPACE_NAME (and SENTINEL_MCP_CLOUD).',
      },
    },
    options,
    async (signal) => {
      const workspace = await session
        .operationalInsights()
        .workspaces.get(arm.resourceGroup, arm.workspaceName, {
          abortSignal: signal,
        });
      return workspaceInfoFromArm(workspace, session.settings.workspaceId);
    },
  );
}

/** Without ARM coordinates: what the settings say (the query id), nothing more. */
export function workspaceFromSettings(session: AzureSession): WorkspaceInfo {
  const s = session.settings;
  if (!s.workspaceId) {
    throw new ToolError('INVALID_ARGUMENT', 'No workspace is configured for the Azure backend', {
      hint: 'Set AZURE_WORKSPACE_ID (the workspace id), and AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP, AZURE_WORKSPACE_NAME.',
      retryable: false,
    });
  }
  return { backend: 'azure', name: s.workspaceName ?? s.workspaceId, workspaceId: s.workspaceId };
}
