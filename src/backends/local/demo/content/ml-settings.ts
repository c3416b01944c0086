// Security ML analytics settings (UEBA anomalies, kind Anomaly).
import type { ArmResource } from '../../../objects.js';
import type { DemoStory } from '../story.js';
import { DAY, HOUR, startOfUtcDay } from '../time.js';
import { etagOf, guidOf, sentinelId } from './arm.js';

interface AnomalyDef {
  displayName: string;
  description: string;
  enabled: boolean;
  status: 'Production' | 'Flighting';
  connectors: { connectorId: string; dataTypes: string[] }[];
  tactics: string[];
  techniques: string[];
  version: string;
  threshold: { name: string; description: string; minimum: string; maximum: string; value: string };
}

const DEFS: AnomalyDef[] = [
  {
    displayName: 'Anomalous sign-in location by user account and authenticating application',
    description:
      'Detects a user signing in to an application from a location unusual for the user and the application, compared with the last 30 days.',
    enabled: true,
    status: 'Production',
    connectors: [{ connectorId: 'AzureActiveDirectory', dataTypes: ['SigninLogs'] }],
    tactics: ['InitialAccess'],
    techniques: ['T1078'],
    version: '1.0.2',
    threshold: {
      name: 'Score threshold',
      description: 'Generate an anomaly when the anomaly score is greater than the chosen value',
      minimum: '0.25',
      maximum: '1',
      value: '0.4',
    },
  },
  {
    displayName: 'Unusual number of failed sign-in attempts',
    description:
      'Detects an unusual number of failed sign-in attempts for a user or from an IP address, compared with the baseline of the last 21 days.',
    enabled: true,
    status: 'Production',
    connectors: [{ connectorId: 'AzureActiveDirectory', dataTypes: ['SigninLogs'] }],
    tactics: ['CredentialAccess'],
    techniques: ['T1110'],
    version: '1.1.0',
    threshold: {
      name: 'Number of standard deviations',
      description: 'Triggers anomalies when number of standard deviations is greater than the chosen value',
      minimum: '2',
      maximum: '10',
      value: '3',
    },
  },
  {
    displayName: 'Anomalous mailbox rule creation',
    description:
      'Detects inbox rules created by a user who rarely creates them, or with unusual forwarding targets.',
    enabled: true,
    status: 'Flighting',
    connectors: [{ connectorId: 'Office365', dataTypes: ['OfficeActivity (Exchange)'] }],
    tactics: ['Collection', 'Exfiltration'],
    techniques: ['T1114'],
    version: '1.0.0',
    threshold: {
      name: 'Score threshold',
      description: 'Generate an anomaly when the anomaly score is greater than the chosen value',
      minimum: '0.25',
      maximum: '1',
      value: '0.5',
    },
  },
  {
    displayName: 'Anomalous RDP activity',
    description:
      'Detects remote desktop logons (event 4624, type 10) unusual for the account, the host and the source.',
    enabled: false,
    status: 'Production',
    connectors: [{ connectorId: 'SecurityEvents', dataTypes: ['SecurityEvent'] }],
    tactics: ['LateralMovement'],
    techniques: ['T1021'],
    version: '1.0.1',
    threshold: {
      name: 'Score threshold',
      description: 'Generate an anomaly when the anomaly score is greater than the chosen value',
      minimum: '0.25',
      maximum: '1',
      value: '0.6',
    },
  },
];

export function mlSettingResources(story: DemoStory, now: number): ArmResource[] {
  return DEFS.map((d, i) => {
    const name = guidOf(`mlSetting:${d.displayName}`);
    const lastModifiedUtc = new Date(startOfUtcDay(now) - (60 + 17 * i) * DAY + (9 + i) * HOUR).toISOString();
    return {
      id: sentinelId(story, 'securityMLAnalyticsSettings', name),
      name,
      etag: etagOf(`mlSetting:${name}`),
      type: 'Microsoft.SecurityInsights/securityMLAnalyticsSettings',
      kind: 'Anomaly',
      properties: {
        displayName: d.displayName,
        description: d.description,
        enabled: d.enabled,
        lastModifiedUtc,
        requiredDataConnectors: d.connectors,
        tactics: d.tactics,
        techniques: d.techniques,
        anomalyVersion: d.version,
        customizableObservations: {
          multiSelectObservations: null,
          singleSelectObservations: null,
          prioritizeExcludeObservations: null,
          thresholdObservations: [{ ...d.threshold, sequenceNumber: 1, rerun: 'RerunAlways' }],
          singleValueObservations: null,
        },
        frequency: 'PT1H',
        settingsStatus: d.status,
        isDefaultSettings: true,
        anomalySettingsVersion: 0,
        settingsDefinitionId: guidOf(`mlSettingDefinition:${d.displayName}`),
      },
    };
  });
}
