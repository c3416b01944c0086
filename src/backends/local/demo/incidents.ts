// The alerts and incidents of the demo: the story's three incidents and a few everyday ones.
// Times are fixed offsets from the day of "now", so incident numbers are stable for a given day.
import type { Cell } from '../../backend.js';
import type { DemoOrg, DemoUser } from './org.js';
import { hostByName, userByUpn } from './org.js';
import { backgroundSpecs } from './background-incidents.js';
import { stableUuid } from './random.js';
import type { DemoStory, GeoIp } from './story.js';
import { MINUTE, SECOND, iso } from './time.js';

export type Severity = 'High' | 'Medium' | 'Low' | 'Informational';
export type Entity = Record<string, Cell>;

export interface DemoAlert {
  systemAlertId: string;
  displayName: string;
  description: string;
  severity: Severity;
  /** `Azure Sentinel` for analytics rules, else the Microsoft product that raised it. */
  productName: string;
  providerName: string;
  productComponentName: string;
  alertType: string;
  /** The analytics rule that raised it (scheduled alerts; the incident-creation rule otherwise). */
  ruleId: string;
  ruleName: string;
  tactics: string[];
  techniques: string[];
  subTechniques: string[];
  startTime: string;
  endTime: string;
  timeGenerated: string;
  /** Entities as in SecurityAlert.Entities, without `$id` (added when rendered). */
  entities: Entity[];
  compromisedEntity: string;
  remediationSteps: string[];
  incidentNumber: number;
}

export interface DemoIncident {
  number: number;
  /** The incident's GUID (SecurityIncident.IncidentName, the ARM resource name). */
  id: string;
  title: string;
  description: string;
  severity: Severity;
  status: 'New' | 'Active' | 'Closed';
  classification?: 'TruePositive' | 'BenignPositive' | 'FalsePositive' | 'Undetermined';
  classificationReason?: string;
  classificationComment?: string;
  owner?: { objectId: string; email: string; assignedTo: string; userPrincipalName: string };
  createdTime: string;
  assignedTime?: string;
  closedTime?: string;
  firstActivityTime: string;
  lastActivityTime: string;
  alertIds: string[];
  ruleIds: string[];
  labels: string[];
  tactics: string[];
  techniques: string[];
  comments: { time: string; author: string; message: string }[];
  partOfStory: boolean;
}

export type StoryFacts = Omit<DemoStory, 'alerts' | 'incidents' | 'incidentNumbers' | 'timeline'>;
export type At = (days: number, h: number, m: number, s?: number) => number;

export const SCHEDULED = {
  productName: 'Azure Sentinel',
  providerName: 'ASI Scheduled Alerts',
  productComponentName: 'Scheduled Alerts',
};
export const MDE = {
  productName: 'Microsoft Defender Advanced Threat Protection',
  providerName: 'MDATP',
  productComponentName: '',
};
export const IPC = {
  productName: 'Azure Active Directory Identity Protection',
  providerName: 'IPC',
  productComponentName: '',
};
/** The Microsoft incident-creation rules (one per product) that turn product alerts into incidents. */
export const MS_INCIDENT_RULES: Record<string, string> = {
  [MDE.productName]: 'Create incidents based on Microsoft Defender for Endpoint alerts',
  [IPC.productName]: 'Create incidents based on Microsoft Entra ID Protection alerts',
};

export function ruleIdOf(name: string): string {
  return stableUuid(`fernbrook:rule:${name}`);
}

export function accountEntity(user: DemoUser, tenantId: string): Entity {
  const [name, suffix] = user.userPrincipalName.split('@');
  return {
    Name: name ?? '',
    UPNSuffix: suffix ?? '',
    NTDomain: 'FERNBROOK',
    Sid: user.sid,
    AadTenantId: tenantId,
    AadUserId: user.objectId,
    DisplayName: user.displayName,
    IsDomainJoined: true,
    Type: 'account',
  };
}

export function ipEntity(ip: GeoIp | string): Entity {
  if (typeof ip === 'string') return { Address: ip, Type: 'ip' };
  return {
    Address: ip.address,
    Location: { CountryCode: ip.country, CountryName: ip.countryName, City: ip.city },
    Type: 'ip',
  };
}

export function hostEntity(org: DemoOrg, name: string): Entity {
  const h = hostByName(org, name);
  return {
    HostName: h.name,
    DnsDomain: h.fqdn.slice(h.name.length + 1),
    OSFamily: h.os,
    MdatpDeviceId: h.deviceId,
    Type: 'host',
  };
}

export interface AlertSpec extends Omit<
  DemoAlert,
  | 'systemAlertId'
  | 'alertType'
  | 'ruleId'
  | 'ruleName'
  | 'incidentNumber'
  | 'productName'
  | 'providerName'
  | 'productComponentName'
  | 'subTechniques'
  | 'remediationSteps'
  | 'compromisedEntity'
> {
  source: typeof SCHEDULED;
  /** The scheduled rule's name when the alert's name is its own (alertDetailsOverride). */
  ruleName?: string;
  subTechniques?: string[];
  compromisedEntity?: string;
  remediationSteps?: string[];
  alertType?: string;
}

export function alert(spec: AlertSpec, workspaceId: string): Omit<DemoAlert, 'incidentNumber'> {
  const scheduled = spec.source === SCHEDULED;
  const ruleName = scheduled
    ? (spec.ruleName ?? spec.displayName)
    : (MS_INCIDENT_RULES[spec.source.productName] ?? spec.source.productName);
  const ruleId = ruleIdOf(ruleName);
  const { source, ruleName: _ruleName, ...rest } = spec;
  return {
    ...rest,
    ...source,
    systemAlertId: stableUuid(`fernbrook:alert:${spec.displayName}:${spec.timeGenerated.slice(0, 10)}`),
    alertType: spec.alertType ?? (scheduled ? `${workspaceId}_${ruleId}` : 'WindowsDefenderAtp'),
    ruleId,
    ruleName,
    subTechniques: spec.subTechniques ?? [],
    compromisedEntity: spec.compromisedEntity ?? '',
    remediationSteps: spec.remediationSteps ?? [],
  };
}

export interface IncidentSpec extends Omit<
  DemoIncident,
  | 'number'
  | 'id'
  | 'alertIds'
  | 'ruleIds'
  | 'firstActivityTime'
  | 'lastActivityTime'
  | 'tactics'
  | 'techniques'
  | 'createdTime'
> {
  alerts: Omit<DemoAlert, 'incidentNumber'>[];
}

function storySpecs(s: StoryFacts, org: DemoOrg, ws: string): IncidentSpec[] {
  const user = s.compromisedUser;
  const acct = accountEntity(user, org.tenantId);
  const attackerIp = ipEntity(s.attackerSignIn);
  const host = hostEntity(org, s.host.name);
  const connor = ownerOf(userByUpn(org, `connor.walsh@${org.domain}`));
  const t = (iso: string, minutes: number): string =>
    new Date(Date.parse(iso) + minutes * MINUTE).toISOString();
  const spray = alert(
    {
      source: SCHEDULED,
      displayName: 'Password spray attack against Microsoft Entra ID',
      severity: 'Medium',
      description:
        'Identifies IP addresses that failed to sign in to many different accounts in a short time, a sign of password spraying.',
      tactics: ['CredentialAccess'],
      techniques: ['T1110'],
      subTechniques: ['T1110.003'],
      startTime: s.passwordSpray.start,
      endTime: s.passwordSpray.end,
      timeGenerated: t(s.passwordSpray.end, 24),
      entities: s.passwordSpray.ips.map(ipEntity),
    },
    ws,
  );
  const gatewaySpray = alert(
    {
      source: SCHEDULED,
      displayName: 'Multiple failed logons to RD Gateway from one IP',
      severity: 'Medium',
      description:
        'Many failed Windows logons (4625) for different accounts from a single external IP address on the Remote Desktop Gateway.',
      tactics: ['CredentialAccess'],
      techniques: ['T1110'],
      subTechniques: ['T1110.003'],
      startTime: s.passwordSpray.start,
      endTime: s.passwordSpray.end,
      timeGenerated: t(s.passwordSpray.end, 31),
      entities: [...s.passwordSpray.ips.map(ipEntity), hostEntity(org, s.passwordSpray.gateway)],
    },
    ws,
  );
  const unfamiliar = alert(
    {
      source: IPC,
      alertType: 'UnfamiliarLocation',
      displayName: 'Unfamiliar sign-in properties',
      severity: 'Medium',
      description:
        'The sign-in had properties not seen recently for this user: a new country (Nigeria), IP address and browser.',
      tactics: ['InitialAccess'],
      techniques: ['T1078'],
      subTechniques: ['T1078.004'],
      startTime: s.attackerSignIn.time,
      endTime: s.attackerSignIn.time,
      timeGenerated: t(s.attackerSignIn.time, 9),
      entities: [acct, attackerIp],
      compromisedEntity: user.userPrincipalName,
    },
    ws,
  );
  const fatigue = alert(
    {
      source: SCHEDULED,
      displayName: 'MFA fatigue: repeated denied MFA requests followed by a successful sign-in',
      severity: 'Medium',
      description:
        'A user denied several MFA push notifications and then approved one, from an IP address never used by that user before.',
      tactics: ['CredentialAccess', 'InitialAccess'],
      techniques: ['T1621', 'T1078'],
      startTime: s.attackerSignIn.firstPromptAt,
      endTime: s.attackerSignIn.time,
      timeGenerated: t(s.attackerSignIn.time, 38),
      entities: [acct, attackerIp],
    },
    ws,
  );
  const inbox = alert(
    {
      source: SCHEDULED,
      displayName: 'Suspicious inbox rule forwarding mail to an external address',
      severity: 'High',
      description: `An inbox rule and mailbox forwarding send mail about payments to ${s.inboxRule.forwardTo}; the change came from an IP address in Nigeria.`,
      tactics: ['Collection', 'Exfiltration', 'DefenseEvasion'],
      techniques: ['T1114', 'T1564'],
      subTechniques: ['T1114.003', 'T1564.008'],
      startTime: s.inboxRule.time,
      endTime: s.mailForwarding.time,
      timeGenerated: t(s.mailForwarding.time, 27),
      entities: [
        acct,
        attackerIp,
        {
          MailboxPrimaryAddress: user.mail,
          Upn: user.userPrincipalName,
          DisplayName: user.displayName,
          Type: 'mailbox',
        },
      ],
      compromisedEntity: user.userPrincipalName,
    },
    ws,
  );
  const ps = s.suspiciousProcess;
  const processEntity = {
    ProcessId: String(ps.processId),
    CommandLine: ps.commandLine,
    CreationTimeUtc: ps.time,
    ImageFile: { Name: ps.fileName, Directory: ps.folderPath.slice(0, -ps.fileName.length - 1) },
    Type: 'process',
  };
  const mdePs = alert(
    {
      source: MDE,
      displayName: 'Suspicious PowerShell command line',
      severity: 'High',
      description: `A hidden PowerShell process with an encoded command ran on ${s.host.name} under ${user.samAccountName} and downloaded a file with certutil.`,
      tactics: ['Execution', 'DefenseEvasion'],
      techniques: ['T1059', 'T1027'],
      subTechniques: ['T1059.001'],
      startTime: ps.time,
      endTime: s.followUpProcesses[1]?.time ?? ps.time,
      timeGenerated: t(ps.time, 3),
      entities: [host, acct, processEntity],
      compromisedEntity: s.host.name,
      remediationSteps: [
        'Isolate the device.',
        'Reset the credentials of the user.',
        'Collect an investigation package.',
      ],
    },
    ws,
  );
  const mdeDll = alert(
    {
      source: MDE,
      displayName: 'Suspicious DLL loaded by rundll32 from a temporary folder',
      severity: 'Medium',
      description: `rundll32.exe ran ${s.payload.path}, a file downloaded a few seconds earlier from ${s.payload.downloadUrl}.`,
      tactics: ['DefenseEvasion', 'Execution'],
      techniques: ['T1218', 'T1105'],
      subTechniques: ['T1218.011'],
      startTime: s.followUpProcesses[1]?.time ?? ps.time,
      endTime: s.followUpProcesses[1]?.time ?? ps.time,
      timeGenerated: t(ps.time, 6),
      entities: [
        host,
        acct,
        {
          Name: s.payload.fileName,
          Directory: s.payload.path.slice(0, -s.payload.fileName.length - 1),
          FileHashes: [{ Algorithm: 'SHA256', Value: s.payload.sha256, Type: 'filehash' }],
          Type: 'file',
        },
        { Url: s.payload.downloadUrl, Type: 'url' },
      ],
      compromisedEntity: s.host.name,
    },
    ws,
  );
  const ti = alert(
    {
      source: SCHEDULED,
      displayName: 'TI map IP entity to DeviceNetworkEvents',
      severity: 'High',
      description: `${s.host.name} connected to ${s.beacon.address} (${s.beacon.domain}), an active command-and-control indicator in threat intelligence.`,
      tactics: ['CommandAndControl'],
      techniques: ['T1071'],
      subTechniques: ['T1071.001'],
      startTime: s.beacon.start,
      endTime: t(s.beacon.start, 55),
      timeGenerated: t(s.beacon.start, 62),
      entities: [host, ipEntity(s.beacon), { DomainName: s.beacon.domain, Type: 'dns' }],
    },
    ws,
  );
  const fw = alert(
    {
      source: SCHEDULED,
      displayName: 'TI map IP entity to CommonSecurityLog',
      severity: 'Medium',
      description: `The perimeter firewall allowed connections from ${s.host.ip} to ${s.beacon.address}, an IP address in threat intelligence.`,
      tactics: ['CommandAndControl'],
      techniques: ['T1071'],
      startTime: s.beacon.start,
      endTime: t(s.beacon.start, 55),
      timeGenerated: t(s.beacon.start, 64),
      entities: [ipEntity(s.beacon), ipEntity(s.host.ip)],
    },
    ws,
  );
  return [
    {
      title: 'Password spray attack against Microsoft Entra ID and FB-RDGW01',
      description:
        'Three external IP addresses tried a few passwords against every account, in Entra ID and on the RD Gateway.',
      severity: 'Medium',
      status: 'Active',
      owner: connor,
      assignedTime: t(spray.timeGenerated, 95),
      labels: ['password-spray'],
      comments: [
        {
          time: t(spray.timeGenerated, 110),
          author: 'Connor Walsh',
          message:
            'Smart lockout held; no success (ResultType 0) from these IPs. Still to check: 50074 results mean the password was right.',
        },
      ],
      partOfStory: true,
      alerts: [spray, gatewaySpray],
    },
    {
      title: `Suspicious sign-in from Nigeria followed by mail forwarding (${user.userPrincipalName})`,
      description:
        'Sign-in from a new country after repeated MFA denials, then an inbox rule and SMTP forwarding to a Gmail address.',
      severity: 'High',
      status: 'New',
      labels: [],
      comments: [],
      partOfStory: true,
      alerts: [unfamiliar, fatigue, inbox],
    },
    {
      title: `Encoded PowerShell and command-and-control beaconing on ${s.host.name}`,
      description:
        'An encoded PowerShell command downloaded a DLL with certutil and ran it with rundll32; the host then connected to a threat-intelligence IP every five minutes.',
      severity: 'High',
      status: 'New',
      labels: [],
      comments: [],
      partOfStory: true,
      alerts: [mdePs, mdeDll, ti, fw],
    },
  ];
}

export function ownerOf(u: DemoUser): DemoIncident['owner'] {
  return {
    objectId: u.objectId,
    email: u.mail,
    assignedTo: u.displayName,
    userPrincipalName: u.userPrincipalName,
  };
}

export function buildIncidents(
  s: StoryFacts,
  org: DemoOrg,
  at: At,
): { alerts: DemoAlert[]; incidents: DemoIncident[]; numbers: DemoStory['incidentNumbers'] } {
  const ws = s.workspace.id;
  const specs = [...storySpecs(s, org, ws), ...backgroundSpecs(s, org, at, ws)];
  const created = (spec: IncidentSpec): number =>
    Math.min(...spec.alerts.map((a) => Date.parse(a.timeGenerated))) + 20 * SECOND;
  specs.sort((x, y) => created(x) - created(y));
  const alerts: DemoAlert[] = [];
  const incidents = specs.map((spec, i): DemoIncident => {
    const number = 1041 + i;
    const { alerts: specAlerts, ...rest } = spec;
    for (const a of specAlerts) alerts.push({ ...a, incidentNumber: number });
    const id = stableUuid(`fernbrook:incident:${spec.title}`);
    const uniq = (xs: string[]): string[] => [...new Set(xs)];
    return {
      ...rest,
      number,
      id,
      createdTime: iso(created(spec)),
      firstActivityTime: specAlerts.map((a) => a.startTime).sort()[0] ?? '',
      lastActivityTime:
        specAlerts
          .map((a) => a.endTime)
          .sort()
          .at(-1) ?? '',
      alertIds: specAlerts.map((a) => a.systemAlertId),
      ruleIds: uniq(specAlerts.map((a) => a.ruleId)),
      tactics: uniq(specAlerts.flatMap((a) => a.tactics)),
      techniques: uniq(specAlerts.flatMap((a) => a.techniques)),
    };
  });
  const numberOf = (titleStart: string): number =>
    incidents.find((x) => x.partOfStory && x.title.startsWith(titleStart))?.number ?? 0;
  return {
    alerts,
    incidents,
    numbers: {
      passwordSpray: numberOf('Password spray'),
      compromisedAccount: numberOf('Suspicious sign-in'),
      hostCompromise: numberOf('Encoded PowerShell'),
    },
  };
}
