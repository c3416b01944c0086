// Data connectors of the demo workspace, as the 2024-09-01 API kinds can show them: Entra ID (its
// Identity Protection alerts; sign-in and audit logs come through diagnostic settings), Office 365,
// Defender for Endpoint, threat intelligence (the indicators the TI table holds) and Defender for
// Cloud. Syslog, CEF and Windows security events arrive through the DCRs (dcr.ts).
import type { ArmResource } from '../../../objects.js';
import type { DemoStory } from '../story.js';
import { etagOf, guidOf, sentinelId } from './arm.js';

const enabled = { state: 'Enabled' };

export function dataConnectorResources(story: DemoStory): ArmResource[] {
  const tenantId = story.organization.tenantId;
  const connector = (kind: string, properties: Record<string, unknown>): ArmResource => {
    const name = guidOf(`dataConnector:${kind}`);
    return {
      id: sentinelId(story, 'dataConnectors', name),
      name,
      type: 'Microsoft.SecurityInsights/dataConnectors',
      kind,
      etag: etagOf(`dataConnector:${kind}`),
      properties,
    };
  };
  return [
    connector('AzureActiveDirectory', { tenantId, dataTypes: { alerts: enabled } }),
    connector('Office365', {
      tenantId,
      dataTypes: { exchange: enabled, sharePoint: enabled, teams: enabled },
    }),
    connector('MicrosoftDefenderAdvancedThreatProtection', { tenantId, dataTypes: { alerts: enabled } }),
    connector('ThreatIntelligence', {
      tenantId,
      tipLookbackPeriod: '2024-01-01T00:00:00Z',
      dataTypes: { indicators: enabled },
    }),
    connector('AzureSecurityCenter', {
      subscriptionId: story.workspace.subscriptionId,
      dataTypes: { alerts: { state: 'Disabled' } },
    }),
  ];
}
