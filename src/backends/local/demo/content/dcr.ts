// Data collection rules and endpoints (Azure Monitor Agent, api 2024-03-11): the Windows security
// events and the Syslog/CEF of the collector go to this workspace; a performance DCR of the ops team
// goes to another workspace (the tools list only those of this workspace).
import type { ArmResource } from '../../../objects.js';
import type { DemoStory } from '../story.js';
import { DAY, HOUR, startOfUtcDay } from '../time.js';
import { etagOf, resourceGroupId, stableRevision, userBySam } from './arm.js';

const OPS_RG = 'rg-fernbrook-ops';
const OPS_WORKSPACE = 'fernbrook-ops-logs';

function systemData(
  story: DemoStory,
  now: number,
  createdDaysAgo: number,
  modifiedDaysAgo: number,
  sam: string,
) {
  const at = (days: number, h: number): string =>
    new Date(startOfUtcDay(now) - days * DAY + h * HOUR).toISOString();
  const who = userBySam(story, sam).userPrincipalName;
  return {
    createdBy: who,
    createdByType: 'User',
    createdAt: at(createdDaysAgo, 15),
    lastModifiedBy: who,
    lastModifiedByType: 'User',
    lastModifiedAt: at(modifiedDaysAgo, 11),
  };
}

function dceResource(
  story: DemoStory,
  now: number,
  name: string,
  group: string,
  created: number,
): ArmResource {
  const host = `${name}-${stableRevision(name).slice(0, 4)}.${story.workspace.location}-1`;
  return {
    id: `${resourceGroupId(story, group)}/providers/Microsoft.Insights/dataCollectionEndpoints/${name}`,
    name,
    type: 'Microsoft.Insights/dataCollectionEndpoints',
    location: story.workspace.location,
    properties: {
      immutableId: `dce-${stableRevision(`dce:${name}`)}`,
      configurationAccess: { endpoint: `https://${host}.handler.control.monitor.azure.com` },
      logsIngestion: { endpoint: `https://${host}.ingest.monitor.azure.com` },
      metricsIngestion: { endpoint: `https://${host}.metrics.ingest.monitor.azure.com` },
      networkAcls: { publicNetworkAccess: 'Enabled' },
      provisioningState: 'Succeeded',
    },
    systemData: systemData(story, now, created, created - 5, 'diana.popescu'),
    etag: etagOf(`dce:${name}`).slice(1, -1),
  };
}

export function dcrContent(
  story: DemoStory,
  now: number,
): { rules: ArmResource[]; endpoints: ArmResource[] } {
  const secopsDce = dceResource(story, now, 'dce-fernbrook-eastus', story.workspace.resourceGroup, 180);
  const opsDce = dceResource(story, now, 'dce-fernbrook-ops', OPS_RG, 260);
  const sentinel = {
    workspaceResourceId: story.workspace.resourceId,
    workspaceId: story.workspace.id,
    name: 'sentinelWorkspace',
  };
  const dcr = (
    name: string,
    group: string,
    kind: string,
    dce: ArmResource,
    properties: Record<string, unknown>,
    created: number,
    modified: number,
    sam: string,
  ): ArmResource => ({
    id: `${resourceGroupId(story, group)}/providers/Microsoft.Insights/dataCollectionRules/${name}`,
    name,
    type: 'Microsoft.Insights/dataCollectionRules',
    location: story.workspace.location,
    tags: { owner: 'secops', 'created-by': 'sentinel-connector' },
    kind,
    properties: {
      description: properties['description'],
      immutableId: `dcr-${stableRevision(`dcr:${name}`)}`,
      dataCollectionEndpointId: dce.id,
      ...properties,
      provisioningState: 'Succeeded',
    },
    systemData: systemData(story, now, created, modified, sam),
    etag: etagOf(`dcr:${name}`).slice(1, -1),
  });
  const rules = [
    dcr(
      'dcr-fernbrook-windows-security',
      story.workspace.resourceGroup,
      'Windows',
      secopsDce,
      {
        description:
          'Windows Security events (Common set) of the servers and workstations, for Microsoft Sentinel.',
        dataSources: {
          windowsEventLogs: [
            {
              name: 'eventLogsDataSource',
              streams: ['Microsoft-SecurityEvent'],
              xPathQueries: [
                'Security!*[System[(EventID=1102 or EventID=4624 or EventID=4625 or EventID=4634 or EventID=4648 or EventID=4672 or EventID=4688 or EventID=4720 or EventID=4732 or EventID=4769)]]',
              ],
            },
          ],
        },
        destinations: { logAnalytics: [sentinel] },
        dataFlows: [{ streams: ['Microsoft-SecurityEvent'], destinations: ['sentinelWorkspace'] }],
      },
      180,
      33,
      'diana.popescu',
    ),
    dcr(
      'dcr-fernbrook-syslog-cef',
      story.workspace.resourceGroup,
      'Linux',
      secopsDce,
      {
        description: 'Syslog of the Linux servers and CEF of the Palo Alto firewall, through fb-syslog01.',
        dataSources: {
          syslog: [
            {
              name: 'sysLogsDataSource',
              streams: ['Microsoft-Syslog'],
              facilityNames: ['auth', 'authpriv', 'cron', 'daemon', 'syslog'],
              logLevels: ['Info', 'Notice', 'Warning', 'Error', 'Critical', 'Alert', 'Emergency'],
            },
            {
              name: 'cefDataSource',
              streams: ['Microsoft-CommonSecurityLog'],
              facilityNames: ['local4'],
              logLevels: ['Info', 'Notice', 'Warning', 'Error', 'Critical', 'Alert', 'Emergency'],
            },
          ],
        },
        destinations: { logAnalytics: [sentinel] },
        dataFlows: [
          { streams: ['Microsoft-Syslog'], destinations: ['sentinelWorkspace'] },
          { streams: ['Microsoft-CommonSecurityLog'], destinations: ['sentinelWorkspace'] },
        ],
      },
      170,
      58,
      'sara.lindgren',
    ),
    dcr(
      'dcr-fernbrook-vm-performance',
      OPS_RG,
      'Windows',
      opsDce,
      {
        description: 'Performance counters of the production VMs, for the operations workspace.',
        dataSources: {
          performanceCounters: [
            {
              name: 'perfCounterDataSource60',
              streams: ['Microsoft-Perf'],
              samplingFrequencyInSeconds: 60,
              counterSpecifiers: [
                '\\Processor Information(_Total)\\% Processor Time',
                '\\Memory\\Available Bytes',
                '\\LogicalDisk(_Total)\\% Free Space',
              ],
            },
          ],
        },
        destinations: {
          logAnalytics: [
            {
              workspaceResourceId: `${resourceGroupId(story, OPS_RG)}/providers/Microsoft.OperationalInsights/workspaces/${OPS_WORKSPACE}`,
              workspaceId: stableRevision('ops-workspace').replace(
                /^(.{8})(.{4})(.{4})(.{4})(.{12})$/,
                '$1-$2-$3-$4-$5',
              ),
              name: 'opsWorkspace',
            },
          ],
        },
        dataFlows: [{ streams: ['Microsoft-Perf'], destinations: ['opsWorkspace'] }],
      },
      260,
      100,
      'yusuf.demir',
    ),
  ];
  return { rules, endpoints: [secopsDce, opsDce] };
}
