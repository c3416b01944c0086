// SecurityEvent: Windows Security log from servers and workstations (Azure Monitor Agent, "Common" set).
import { hexId } from './accounts.js';
import { rngFor, type GenContext } from './context.js';
import type { LogonEvent } from './logons.js';
import { LOGON_TYPE_NAMES } from './logons.js';
import type { DemoHost } from './org.js';
import type { ProcessEvent } from './processes.js';
import type { Rng } from './random.js';
import { TableRows, type Row } from './table.js';
import { MINUTE, iso } from './time.js';

const ACTIVITY: Record<number, string> = {
  4624: '4624 - An account was successfully logged on.',
  4625: '4625 - An account failed to log on.',
  4634: '4634 - An account was logged off.',
  4672: '4672 - Special privileges assigned to new logon.',
  4688: '4688 - A new process has been created.',
  4768: '4768 - A Kerberos authentication ticket (TGT) was requested.',
};
const TASK: Record<number, number> = {
  4624: 12544,
  4625: 12544,
  4634: 12545,
  4672: 12548,
  4688: 13312,
  4768: 14339,
};
const ADMIN_PRIVILEGES =
  'SeSecurityPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeTakeOwnershipPrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege\r\n\t\t\tSeLoadDriverPrivilege\r\n\t\t\tSeImpersonatePrivilege\r\n\t\t\tSeDelegateSessionUserImpersonatePrivilege';

function base(ctx: GenContext, host: DemoHost, time: number, eventId: number, success = true): Row {
  return {
    TimeGenerated: iso(time),
    Computer: host.fqdn,
    EventID: eventId,
    Activity: ACTIVITY[eventId] ?? String(eventId),
    Channel: 'Security',
    EventSourceName: 'Microsoft-Windows-Security-Auditing',
    Level: success ? '8' : '16',
    Keywords: success ? '0x8020000000000000' : '0x8010000000000000',
    Task: TASK[eventId] ?? 0,
    SourceComputerId: host.agentId,
    ManagementGroupName: `AOI-${ctx.workspaceId}`,
    SourceSystem: 'OpsManager',
    _ResourceId: host.resourceId?.toLowerCase(),
  };
}

// Logon and process rows are the bulk of the table: single literals, no spreading (V8 is much
// faster creating them that way).
function logonRow(ctx: GenContext, rng: Rng, e: LogonEvent): Row {
  const account = `${e.account.domain}\\${e.account.name}`;
  const network = e.logonType === 3;
  const ntlm = e.protocol === 'NTLM';
  const interactive = e.logonType === 2 || e.logonType === 7 || e.logonType === 10 || e.logonType === 11;
  const eventId = e.success ? 4624 : 4625;
  return {
    TimeGenerated: iso(e.time),
    Computer: e.host.fqdn,
    EventID: eventId,
    Activity: ACTIVITY[eventId],
    Channel: 'Security',
    EventSourceName: 'Microsoft-Windows-Security-Auditing',
    Level: e.success ? '8' : '16',
    Keywords: e.success ? '0x8020000000000000' : '0x8010000000000000',
    Task: 12544,
    SourceComputerId: e.host.agentId,
    ManagementGroupName: `AOI-${ctx.workspaceId}`,
    SourceSystem: 'OpsManager',
    _ResourceId: e.host.resourceId?.toLowerCase(),
    Account: account,
    AccountType: e.account.name.endsWith('$') ? 'Machine' : 'User',
    TargetAccount: account,
    TargetUserName: e.account.name,
    TargetDomainName: e.account.domain,
    TargetUserSid: e.success ? e.account.sid : 'S-1-0-0',
    TargetLogonId: hexId(e.logonId),
    SubjectUserSid: network ? 'S-1-0-0' : 'S-1-5-18',
    SubjectUserName: network ? '-' : `${e.host.name}$`,
    SubjectDomainName: network ? '-' : ctx.org.netbios,
    SubjectLogonId: network ? '0x0' : '0x3e7',
    LogonType: e.logonType,
    LogonTypeName: `${e.logonType} - ${LOGON_TYPE_NAMES[e.logonType] ?? 'Other'}`,
    LogonProcessName: ntlm
      ? 'NtLmSsp '
      : interactive
        ? 'User32 '
        : e.protocol === 'Kerberos'
          ? 'Kerberos'
          : 'Advapi  ',
    AuthenticationPackageName: e.protocol,
    LmPackageName: ntlm ? 'NTLM V2' : '-',
    KeyLength: ntlm && e.success ? 128 : 0,
    WorkstationName: e.remoteHost,
    IpAddress: e.remoteIp,
    IpPort: network ? String(rng.int(49152, 65535)) : e.remoteIp === '-' ? '-' : '0',
    ProcessName: network
      ? '-'
      : interactive
        ? 'C:\\Windows\\System32\\svchost.exe'
        : 'C:\\Windows\\System32\\services.exe',
    ProcessId: network ? '0x0' : hexId(rng.int(200, 1500) * 4),
    LogonGuid: '{00000000-0000-0000-0000-000000000000}',
    ElevatedToken: e.account.isAdmin ? '%%1842' : '%%1843',
    VirtualAccount: '%%1843',
    RestrictedAdminMode: e.logonType === 10 ? '%%1843' : '-',
    TargetLinkedLogonId: '0x0',
    Status: e.success ? undefined : '0xc000006d',
    SubStatus: e.success ? undefined : (e.subStatus ?? '0xc000006a'),
    FailureReason: e.success ? undefined : '%%2313',
  };
}

function processRow(ctx: GenContext, p: ProcessEvent): Row {
  const system = p.integrity === 'System';
  return {
    TimeGenerated: iso(p.time),
    Computer: p.host.fqdn,
    EventID: 4688,
    Activity: ACTIVITY[4688],
    Channel: 'Security',
    EventSourceName: 'Microsoft-Windows-Security-Auditing',
    Level: '8',
    Keywords: '0x8020000000000000',
    Task: 13312,
    SourceComputerId: p.host.agentId,
    ManagementGroupName: `AOI-${ctx.workspaceId}`,
    SourceSystem: 'OpsManager',
    _ResourceId: p.host.resourceId?.toLowerCase(),
    Account: system ? `${ctx.org.netbios}\\${p.host.name}$` : `${p.account.domain}\\${p.account.name}`,
    AccountType: system ? 'Machine' : 'User',
    SubjectUserSid: p.account.sid,
    SubjectUserName: system ? `${p.host.name}$` : p.account.name,
    SubjectDomainName: system ? ctx.org.netbios : p.account.domain,
    SubjectLogonId: hexId(p.logonId),
    NewProcessName: `${p.image.folder}\\${p.image.fileName}`,
    NewProcessId: hexId(p.processId),
    Process: p.image.fileName,
    CommandLine: p.commandLine,
    ParentProcessName: `${p.parent.folder}\\${p.parent.fileName}`,
    ProcessId: hexId(p.parentId),
    TokenElevationType: system ? '%%1936' : '%%1938',
    MandatoryLabel: system ? 'S-1-16-16384' : 'S-1-16-8192',
    TargetUserSid: 'S-1-0-0',
    TargetUserName: '-',
    TargetDomainName: '-',
    TargetLogonId: '0x0',
  };
}

function extras(ctx: GenContext, rng: Rng, e: LogonEvent, out: TableRows): void {
  const account = `${e.account.domain}\\${e.account.name}`;
  if (e.success && (e.account.isAdmin || e.logonType === 4)) {
    const row = base(ctx, e.host, e.time, 4672);
    Object.assign(row, {
      Account: account,
      AccountType: 'User',
      SubjectUserName: e.account.name,
      SubjectDomainName: e.account.domain,
      SubjectUserSid: e.account.sid,
      SubjectLogonId: hexId(e.logonId),
      PrivilegeList: ADMIN_PRIVILEGES,
    });
    out.add(row);
  }
  if (
    e.success &&
    e.logonType === 3 &&
    e.host.role === 'domain-controller' &&
    !e.account.name.endsWith('$') &&
    rng.chance(0.25)
  ) {
    const row = base(ctx, e.host, e.time - 150, 4768);
    Object.assign(row, {
      Account: account,
      AccountType: 'User',
      TargetUserName: e.account.name,
      TargetDomainName: ctx.org.adDomain.toUpperCase(),
      TargetSid: e.account.sid,
      ServiceName: 'krbtgt',
      IpAddress: `::ffff:${e.remoteIp}`,
      IpPort: String(rng.int(49152, 65535)),
      Status: '0x0',
    });
    out.add(row);
  }
  if (e.success && e.logonType === 3 && rng.chance(0.6)) {
    const row = base(ctx, e.host, e.time + rng.int(1, 40) * MINUTE, 4634);
    Object.assign(row, {
      Account: account,
      AccountType: e.account.name.endsWith('$') ? 'Machine' : 'User',
      TargetUserName: e.account.name,
      TargetDomainName: e.account.domain,
      TargetUserSid: e.account.sid,
      TargetLogonId: hexId(e.logonId),
      LogonType: 3,
      LogonTypeName: '3 - Network',
    });
    if (Date.parse(String(row['TimeGenerated'])) < ctx.window.end) out.add(row);
  }
}

export function generateSecurityEvent(
  ctx: GenContext,
  logons: LogonEvent[],
  processes: ProcessEvent[],
): TableRows {
  const rng = rngFor(ctx, 'SecurityEvent');
  const out = new TableRows('SecurityEvent');
  for (const e of logons) {
    out.add(logonRow(ctx, rng, e));
    extras(ctx, rng, e, out);
  }
  for (const p of processes) out.add(processRow(ctx, p));
  return out;
}
