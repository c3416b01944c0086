// Microsoft Defender for Endpoint tables: DeviceProcessEvents, DeviceNetworkEvents, DeviceLogonEvents.
import type { Account } from './accounts.js';
import type { Connection } from './connections.js';
import type { GenContext } from './context.js';
import { LOGON_TYPE_NAMES, type LogonEvent } from './logons.js';
import type { ProcessEvent } from './processes.js';
import { stableHex } from './random.js';
import { BINARIES, type Binary } from './reference.js';
import { TableRows, type Row } from './table.js';
import { iso } from './time.js';

function isPrivate(ip: string): boolean {
  return (
    ip.startsWith('10.') ||
    ip.startsWith('192.168.') ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(ip) ||
    ip === '127.0.0.1'
  );
}

interface BinaryInfo {
  sha1: string;
  sha256: string;
  md5: string;
}

/** Hashes are derived from the file name, once per binary. */
const BINARY_INFO: ReadonlyMap<string, BinaryInfo> = new Map(
  BINARIES.map((b) => [
    b.fileName,
    {
      sha1: stableHex(`bin:${b.fileName}:sha1`, 40),
      sha256: stableHex(`bin:${b.fileName}`, 64),
      md5: stableHex(`bin:${b.fileName}:md5`, 32),
    },
  ]),
);

function info(b: Binary): BinaryInfo {
  const found = BINARY_INFO.get(b.fileName);
  if (!found) throw new Error(`demo: unknown binary ${b.fileName}`);
  return found;
}

function integrity(a: Account): string {
  return a.sid === 'S-1-5-18' ? 'System' : 'Medium';
}

// The row builders below are single object literals on purpose: spreading helpers into objects of
// 40-60 keys sends V8 down a slow dictionary-mode path (10x slower on these tables).
function processRow(p: ProcessEvent, reportId: number): Row {
  const system = p.integrity === 'System';
  const image = info(p.image);
  const parent = info(p.parent);
  const time = iso(p.time);
  const elevation = system ? 'TokenElevationTypeDefault' : 'TokenElevationTypeLimited';
  const domain = p.account.domain.toLowerCase();
  return {
    TimeGenerated: time,
    Timestamp: time,
    DeviceId: p.host.deviceId,
    DeviceName: p.host.fqdn.toLowerCase(),
    MachineGroup: p.host.role === 'workstation' ? 'Workstations' : 'Servers',
    ReportId: reportId,
    ActionType: 'ProcessCreated',
    FileName: p.image.fileName,
    FolderPath: `${p.image.folder}\\${p.image.fileName}`,
    FileSize: p.image.size,
    SHA1: image.sha1,
    SHA256: image.sha256,
    MD5: image.md5,
    ProcessVersionInfoCompanyName: p.image.company,
    ProcessVersionInfoProductName: p.image.product,
    ProcessVersionInfoProductVersion: p.image.version,
    ProcessVersionInfoInternalFileName: p.image.fileName,
    ProcessVersionInfoOriginalFileName: p.image.fileName,
    ProcessVersionInfoFileDescription: p.image.description,
    ProcessId: p.processId,
    ProcessCommandLine: p.commandLine,
    ProcessCreationTime: time,
    ProcessIntegrityLevel: p.integrity,
    ProcessTokenElevation: elevation,
    AccountDomain: domain,
    AccountName: p.account.name,
    AccountSid: p.account.sid,
    AccountUpn: p.account.upn,
    AccountObjectId: p.account.objectId,
    LogonId: p.logonId,
    InitiatingProcessAccountDomain: domain,
    InitiatingProcessAccountName: p.account.name,
    InitiatingProcessAccountSid: p.account.sid,
    InitiatingProcessAccountUpn: p.account.upn,
    InitiatingProcessAccountObjectId: p.account.objectId,
    InitiatingProcessLogonId: p.logonId,
    InitiatingProcessFileName: p.parent.fileName,
    InitiatingProcessFolderPath: p.parent.folder.toLowerCase(),
    InitiatingProcessCommandLine: p.parentCommandLine,
    InitiatingProcessId: p.parentId,
    InitiatingProcessCreationTime: iso(p.parentCreated),
    InitiatingProcessFileSize: p.parent.size,
    InitiatingProcessParentFileName: p.grandParent,
    InitiatingProcessParentId: (p.parentId * 7) % 20000,
    InitiatingProcessParentCreationTime: iso(p.parentCreated - 4000),
    InitiatingProcessIntegrityLevel: p.integrity,
    InitiatingProcessTokenElevation: elevation,
    InitiatingProcessSignatureStatus: 'Valid',
    InitiatingProcessSignerType: p.parent.company === 'Microsoft Corporation' ? 'OsVendor' : 'ThirdParty',
    InitiatingProcessSHA1: parent.sha1,
    InitiatingProcessSHA256: parent.sha256,
    InitiatingProcessMD5: parent.md5,
    InitiatingProcessVersionInfoCompanyName: p.parent.company,
    InitiatingProcessVersionInfoProductName: p.parent.product,
    InitiatingProcessVersionInfoProductVersion: p.parent.version,
    InitiatingProcessVersionInfoInternalFileName: p.parent.fileName,
    InitiatingProcessVersionInfoOriginalFileName: p.parent.fileName,
    InitiatingProcessVersionInfoFileDescription: p.parent.description,
  };
}

function networkRow(c: Connection, reportId: number): Row {
  const time = iso(c.time);
  const image = info(c.process);
  return {
    TimeGenerated: time,
    Timestamp: time,
    DeviceId: c.host.deviceId,
    DeviceName: c.host.fqdn.toLowerCase(),
    MachineGroup: c.host.role === 'workstation' ? 'Workstations' : 'Servers',
    ReportId: reportId,
    ActionType: c.success ? 'ConnectionSuccess' : 'ConnectionFailed',
    RemoteIP: c.remoteIp,
    RemotePort: c.remotePort,
    RemoteUrl: c.remoteUrl,
    RemoteIPType: isPrivate(c.remoteIp) ? 'Private' : 'Public',
    LocalIP: c.host.ip,
    LocalPort: c.localPort,
    LocalIPType: 'Private',
    Protocol: 'Tcp',
    InitiatingProcessAccountDomain: c.account.domain.toLowerCase(),
    InitiatingProcessAccountName: c.account.name,
    InitiatingProcessAccountSid: c.account.sid,
    InitiatingProcessAccountUpn: c.account.upn,
    InitiatingProcessAccountObjectId: c.account.objectId,
    InitiatingProcessFileName: c.process.fileName,
    InitiatingProcessFolderPath: c.process.folder.toLowerCase(),
    InitiatingProcessCommandLine: c.commandLine,
    InitiatingProcessId: c.processId,
    InitiatingProcessFileSize: c.process.size,
    InitiatingProcessIntegrityLevel: integrity(c.account),
    InitiatingProcessSHA1: image.sha1,
    InitiatingProcessSHA256: image.sha256,
    InitiatingProcessMD5: image.md5,
    InitiatingProcessVersionInfoCompanyName: c.process.company,
    InitiatingProcessVersionInfoProductName: c.process.product,
    InitiatingProcessVersionInfoProductVersion: c.process.version,
    InitiatingProcessVersionInfoInternalFileName: c.process.fileName,
    InitiatingProcessVersionInfoOriginalFileName: c.process.fileName,
    InitiatingProcessVersionInfoFileDescription: c.process.description,
  };
}

function logonRow(e: LogonEvent, reportId: number): Row {
  const remote = e.remoteIp !== '127.0.0.1' && e.remoteIp !== '-';
  const lsass = e.logonType === 3 || e.logonType === 4;
  const time = iso(e.time);
  return {
    TimeGenerated: time,
    Timestamp: time,
    DeviceId: e.host.deviceId,
    DeviceName: e.host.fqdn.toLowerCase(),
    MachineGroup: e.host.role === 'workstation' ? 'Workstations' : 'Servers',
    ReportId: reportId,
    ActionType: e.success ? 'LogonSuccess' : 'LogonFailed',
    LogonType: LOGON_TYPE_NAMES[e.logonType] ?? 'Other',
    AccountDomain: e.account.domain.toLowerCase(),
    AccountName: e.account.name,
    AccountSid: e.account.sid,
    Protocol: e.protocol,
    FailureReason: e.success
      ? ''
      : e.subStatus === '0xc0000064'
        ? 'UserNameDoesNotExist'
        : 'InvalidUserNameOrPassword',
    IsLocalAdmin: e.account.isAdmin,
    LogonId: e.logonId,
    RemoteIP: remote ? e.remoteIp : '',
    RemoteIPType: remote ? (isPrivate(e.remoteIp) ? 'Private' : 'Public') : '',
    RemoteDeviceName: e.remoteHost,
    RemotePort: remote ? 49152 + (reportId % 16000) : null,
    InitiatingProcessFileName: lsass ? 'lsass.exe' : 'svchost.exe',
    InitiatingProcessFolderPath: 'c:\\windows\\system32',
    InitiatingProcessAccountDomain: 'nt authority',
    InitiatingProcessAccountName: 'system',
    InitiatingProcessAccountSid: 'S-1-5-18',
    InitiatingProcessIntegrityLevel: 'System',
  };
}

export function generateDefenderTables(
  ctx: GenContext,
  processes: ProcessEvent[],
  connections: Connection[],
  logons: LogonEvent[],
): TableRows[] {
  const proc = new TableRows('DeviceProcessEvents');
  const net = new TableRows('DeviceNetworkEvents');
  const logon = new TableRows('DeviceLogonEvents');
  let reportId = 10000 + (ctx.seed % 5000);
  for (const p of processes) proc.add(processRow(p, reportId++));
  for (const c of connections) net.add(networkRow(c, reportId++));
  // The Security log sees far more network logons on DCs than MDE reports; keep MDE's share smaller.
  for (const e of logons)
    if (e.host.role !== 'domain-controller' || e.logonType !== 3) logon.add(logonRow(e, reportId++));
  return [proc, net, logon];
}
