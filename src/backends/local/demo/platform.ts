// Heartbeat (agents checking in) and Usage (ingested volume per table and hour).
import type { GenContext } from './context.js';
import type { DemoHost } from './org.js';
import type { InlineTable } from '../../backend.js';
import { TableRows, type Billing, type Row } from './table.js';
import { HOUR, MINUTE, SECOND, forEachTick, iso, workFactor } from './time.js';

function heartbeat(ctx: GenContext, host: DemoHost, time: number): Row {
  const azure = host.resourceId !== undefined;
  const [major, minor] = host.os === 'Linux' ? host.osVersion.split('.') : ['10', '0'];
  return {
    TimeGenerated: iso(time),
    Computer: host.fqdn,
    ComputerIP: host.publicIp ?? ctx.org.officeEgressIp,
    ComputerPrivateIPs: [host.ip],
    Category: 'Azure Monitor Agent',
    OSType: host.os,
    OSName: host.osName,
    OSMajorVersion: major ?? '',
    OSMinorVersion: minor ?? '',
    Version: host.os === 'Linux' ? '1.31.1' : '1.27.0.0',
    SCAgentChannel: 'Direct',
    IsGatewayInstalled: false,
    RemoteIPCountry: 'United States',
    RemoteIPLatitude: 37.3719,
    RemoteIPLongitude: -79.8164,
    ComputerEnvironment: azure ? 'Azure' : 'Non-Azure',
    Solutions: '"security", "changeTracking", "securityInsights"',
    VMUUID: host.vmId,
    SourceSystem: 'OpsManager',
    SubscriptionId: azure ? ctx.org.subscriptionId : undefined,
    ResourceGroup: azure ? ctx.org.resourceGroup : undefined,
    ResourceProvider: azure ? 'Microsoft.Compute' : undefined,
    Resource: azure ? host.name : undefined,
    ResourceId: host.resourceId,
    ResourceType: azure ? 'virtualMachines' : undefined,
    _ResourceId: host.resourceId?.toLowerCase(),
  };
}

/** Servers every 5 minutes; workstations every 30 while switched on (some desktops never are off). */
export function generateHeartbeat(ctx: GenContext): TableRows {
  const out = new TableRows('Heartbeat');
  ctx.org.hosts.forEach((host, index) => {
    const offset = (index * 7919) % (60 * SECOND);
    if (host.role !== 'workstation') {
      forEachTick(ctx.window, 5 * MINUTE, offset, (t) => out.add(heartbeat(ctx, host, t)));
      return;
    }
    const alwaysOn = index % 3 === 0 || host.name === ctx.story.host.name;
    forEachTick(ctx.window, 30 * MINUTE, offset, (t) => {
      if (alwaysOn || workFactor(t, ctx.org.utcOffsetHours) >= 0.25) out.add(heartbeat(ctx, host, t));
    });
  });
  return out;
}

const AVERAGE_ROW_BYTES: Record<string, number> = {
  SecurityEvent: 950,
  SigninLogs: 6800,
  AuditLogs: 2300,
  AzureActivity: 3600,
  OfficeActivity: 1700,
  Syslog: 420,
  CommonSecurityLog: 1500,
  DeviceProcessEvents: 2600,
  DeviceNetworkEvents: 1900,
  DeviceLogonEvents: 1500,
  SecurityAlert: 6200,
  SecurityIncident: 3100,
  Heartbeat: 640,
  ThreatIntelligenceIndicator: 1300,
};
const FREE = new Set(['SecurityAlert', 'SecurityIncident']);
const SOLUTION: Record<string, string> = {
  Heartbeat: 'LogManagement',
  Syslog: 'LogManagement',
  AzureActivity: 'LogManagement',
  SecurityEvent: 'Security',
};

export function billingOf(table: string): Billing {
  return { averageBytes: AVERAGE_ROW_BYTES[table] ?? 1000, billable: !FREE.has(table) };
}

/** One Usage row per table and hour, summing `_BilledSize` of the rows generated for that hour. */
export function generateUsage(ctx: GenContext, tables: InlineTable[]): TableRows {
  const out = new TableRows('Usage');
  for (const table of tables) {
    const perHour = new Map<string, { bytes: number; rows: number }>();
    const timeAt = table.columns.findIndex((c) => c.name === 'TimeGenerated');
    const sizeAt = table.columns.findIndex((c) => c.name === '_BilledSize');
    for (const row of table.rows) {
      const key = String(row[timeAt]).slice(0, 13);
      const slot = perHour.get(key) ?? { bytes: 0, rows: 0 };
      slot.bytes += Number(row[sizeAt] ?? 0);
      slot.rows += 1;
      perHour.set(key, slot);
    }
    for (const [key, slot] of perHour) {
      const start = Date.parse(`${key}:00:00.000Z`);
      const batches = Math.max(1, Math.ceil(slot.rows / 50));
      out.add({
        TimeGenerated: iso(start),
        StartTime: iso(start),
        EndTime: iso(start + HOUR),
        DataType: table.name,
        Solution: SOLUTION[table.name] ?? 'SecurityInsights',
        Quantity: Math.round((slot.bytes / 1e6) * 1e6) / 1e6,
        QuantityUnit: 'MBytes',
        IsBillable: !FREE.has(table.name),
        MeterId: 'a4e29a95-5b4c-408b-80e3-113f9410566e',
        LinkedMeterId: '00000000-0000-0000-0000-000000000000',
        ResourceUri: ctx.story.workspace.resourceId.toLowerCase(),
        BatchesWithinSla: batches,
        BatchesOutsideSla: 0,
        BatchesCapped: 0,
        TotalBatches: batches,
        AvgLatencyInSeconds: Math.round((60 + (slot.rows % 97)) * 100) / 100,
        SourceSystem: 'OMS',
      });
    }
  }
  return out;
}
