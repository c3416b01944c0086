// Saved searches: the SOC's hunting queries (category "Hunting Queries", tags as Sentinel stores them)
// and a few ordinary Log Analytics saved searches, one of them a function. Every hunting query runs on
// the local engine and, over the demo's two weeks, finds a step of the story (`finds`).
import type { ArmResource } from '../../../objects.js';
import type { DemoStory } from '../story.js';
import { DAY, HOUR, startOfUtcDay } from '../time.js';
import { guidOf } from './arm.js';

export interface HuntingQueryDef {
  displayName: string;
  description: string;
  tactics: string[];
  techniques: string[];
  query: string;
  /** A value of the story the query's results show (tests check it). */
  finds: string;
}

export function huntingQueryDefs(story: DemoStory): HuntingQueryDef[] {
  return [
    {
      displayName: 'Successful sign-ins from a country new for the user',
      description:
        'Successful sign-ins from a country the user had not signed in from in the first days of the time range: travel, or a stolen password.',
      tactics: ['InitialAccess'],
      techniques: ['T1078'],
      query: `SigninLogs
| where ResultType == "0"
| extend Country = tostring(LocationDetails.countryOrRegion), City = tostring(LocationDetails.city)
| summarize arg_min(TimeGenerated, IPAddress, City, AppDisplayName, AutonomousSystemNumber), SignIns = count() by UserPrincipalName, Country
| join kind=inner (SigninLogs | where ResultType == "0" | summarize UserFirstSeen = min(TimeGenerated) by UserPrincipalName) on UserPrincipalName
| where TimeGenerated > UserFirstSeen + 3d
| project FirstSeen = TimeGenerated, UserPrincipalName, Country, City, IPAddress, AutonomousSystemNumber, AppDisplayName, SignIns`,
      finds: story.attackerSignIn.address,
    },
    {
      displayName: 'Users with repeated denied MFA requests',
      description:
        'Users who denied several MFA push notifications: someone else may have their password (MFA fatigue).',
      tactics: ['CredentialAccess'],
      techniques: ['T1621'],
      query: `SigninLogs
| where ResultType == "500121"
| summarize Denials = count(), FirstDenial = min(TimeGenerated), LastDenial = max(TimeGenerated), IPAddresses = make_set(IPAddress, 5) by UserPrincipalName
| where Denials >= 3
| order by Denials desc`,
      finds: story.compromisedUser.userPrincipalName,
    },
    {
      displayName: 'MFA method registered right after a risky sign-in',
      description:
        'A user registered security info (a new MFA method) within an hour of a medium or high risk sign-in: attackers add their own authenticator to keep access.',
      tactics: ['Persistence'],
      techniques: ['T1098'],
      query: `AuditLogs
| where OperationName in ("User registered security info", "User registered all required security info", "Admin registered security info")
| extend UserPrincipalName = tostring(TargetResources[0].userPrincipalName), IPAddress = tostring(InitiatedBy.user.ipAddress)
| join kind=inner (
    SigninLogs
    | where ResultType == "0" and RiskLevelDuringSignIn in ("medium", "high")
    | project SignInTime = TimeGenerated, UserPrincipalName, SignInIP = IPAddress, Country = tostring(LocationDetails.countryOrRegion)
  ) on UserPrincipalName
| where TimeGenerated between (SignInTime .. SignInTime + 1h)
| summarize RiskySignIn = min(SignInTime), SignInIPs = make_set(SignInIP, 5), Countries = make_set(Country, 5) by TimeGenerated, OperationName, UserPrincipalName, IPAddress`,
      finds: story.compromisedUser.userPrincipalName,
    },
    {
      displayName: 'IP addresses failing sign-ins for many accounts',
      description:
        'IP addresses whose failed sign-ins span many accounts with few or no successes: password spraying.',
      tactics: ['CredentialAccess'],
      techniques: ['T1110'],
      query: `SigninLogs
| summarize FailedAccounts = dcountif(UserPrincipalName, ResultType != "0"), Failures = countif(ResultType != "0"), Successes = countif(ResultType == "0"), Apps = make_set(AppDisplayName, 5), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated) by IPAddress, Country = tostring(LocationDetails.countryOrRegion)
| where FailedAccounts >= 10 and Failures > 5 * Successes
| order by FailedAccounts desc`,
      finds: story.passwordSpray.ips[0]?.address ?? '',
    },
    {
      displayName: 'Failed sign-ins against VIP users from abroad',
      description:
        'Failed sign-ins for the users of the VIPUsers watchlist from outside the United States: targeted password guessing.',
      tactics: ['CredentialAccess'],
      techniques: ['T1110'],
      query: `let vips = _GetWatchlist("VIPUsers") | project UserPrincipalName = tostring(SearchKey), Title;
SigninLogs
| where ResultType != "0"
| extend Country = tostring(LocationDetails.countryOrRegion)
| where Country != "US"
| join kind=inner vips on UserPrincipalName
| summarize Failures = count(), Accounts = make_set(UserPrincipalName, 10), FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated) by IPAddress, Country
| order by Failures desc`,
      finds: story.passwordSpray.ips[0]?.address ?? '',
    },
    {
      displayName: 'Inbox rules and mailbox forwarding to external addresses',
      description:
        'New or changed inbox rules and mailbox settings that forward or redirect mail outside the organisation.',
      tactics: ['Collection', 'Exfiltration'],
      techniques: ['T1114', 'T1020'],
      query: `OfficeActivity
| where Operation in~ ("New-InboxRule", "Set-InboxRule", "Set-Mailbox", "UpdateInboxRules")
| mv-expand Parameter = todynamic(Parameters)
| where tostring(Parameter.Name) in~ ("ForwardTo", "ForwardAsAttachmentTo", "RedirectTo", "ForwardingSmtpAddress")
| extend ForwardTo = trim_start("smtp:", tostring(Parameter.Value))
| where ForwardTo !endswith "@${story.organization.domain}"
| project TimeGenerated, UserId, ClientIP, Operation, ForwardTo, Parameters`,
      finds: story.inboxRule.forwardTo,
    },
    {
      displayName: 'SharePoint downloads from IP addresses outside the US',
      description:
        'Files downloaded from SharePoint or OneDrive from an IP address whose sign-ins are all outside the United States.',
      tactics: ['Collection', 'Exfiltration'],
      techniques: ['T1530'],
      query: `OfficeActivity
| where Operation in ("FileDownloaded", "FileSyncDownloadedFull")
| summarize Downloads = count(), Files = make_set(SourceFileName, 10), FirstDownload = min(TimeGenerated) by UserId, ClientIP, Site_Url
| join kind=inner (SigninLogs | where ResultType == "0" | summarize Countries = make_set(tostring(LocationDetails.countryOrRegion)) by IPAddress) on $left.ClientIP == $right.IPAddress
| where not(set_has_element(Countries, "US"))
| project FirstDownload, UserId, ClientIP, Countries, Site_Url, Downloads, Files`,
      finds: story.fileDownloads.files[0] ?? '',
    },
    {
      displayName: 'Encoded PowerShell command lines',
      description:
        'PowerShell started with -EncodedCommand (and often hidden, no profile): a common way to run a stager unseen.',
      tactics: ['Execution', 'DefenseEvasion'],
      techniques: ['T1059', 'T1027'],
      query: `DeviceProcessEvents
| where FileName in~ ("powershell.exe", "pwsh.exe")
| where ProcessCommandLine matches regex @"(?i)\\s-(e|en|enc|enco|encod|encode|encodedcommand)\\s+[A-Za-z0-9+/=]{40,}"
| extend EncodedLength = strlen(extract(@"(?i)\\s-e[a-z]*\\s+([A-Za-z0-9+/=]{40,})", 1, ProcessCommandLine))
| project TimeGenerated, DeviceName, AccountName, InitiatingProcessFileName, EncodedLength, ProcessCommandLine`,
      finds: story.suspiciousProcess.commandLine.slice(0, 40),
    },
    {
      displayName: 'certutil.exe downloading files',
      description:
        'certutil with -urlcache or -verifyctl fetches files from the internet: a living-off-the-land download.',
      tactics: ['CommandAndControl', 'DefenseEvasion'],
      techniques: ['T1105', 'T1218'],
      query: `DeviceProcessEvents
| where FileName =~ "certutil.exe" and ProcessCommandLine has_any ("urlcache", "verifyctl")
| extend Url = extract(@"(https?://\\S+)", 1, ProcessCommandLine)
| project TimeGenerated, DeviceName, AccountName, Url, ProcessCommandLine, InitiatingProcessFileName`,
      finds: story.payload.downloadUrl,
    },
    {
      displayName: 'rundll32 running a DLL from a user profile folder',
      description:
        'rundll32.exe loading a DLL from Temp, AppData, Downloads or Public: signed-binary proxy execution of a payload.',
      tactics: ['DefenseEvasion', 'Execution'],
      techniques: ['T1218'],
      query: `DeviceProcessEvents
| where FileName =~ "rundll32.exe"
| where ProcessCommandLine matches regex @"(?i)\\\\(temp|appdata|downloads|users\\\\public)\\\\[^,]+\\.(dll|dat|tmp)"
| project TimeGenerated, DeviceName, AccountName, ProcessCommandLine, InitiatingProcessFileName`,
      finds: story.payload.fileName,
    },
    {
      displayName: 'Burst of discovery commands on one host',
      description:
        'Three or more discovery tools (whoami, net, nltest, ...) from the same parent process within ten minutes.',
      tactics: ['Discovery'],
      techniques: ['T1033', 'T1069', 'T1482'],
      query: `DeviceProcessEvents
| where FileName in~ ("whoami.exe", "net.exe", "net1.exe", "nltest.exe", "ipconfig.exe", "systeminfo.exe", "quser.exe")
| summarize Commands = dcount(FileName), CommandLines = make_set(ProcessCommandLine, 10), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated) by DeviceName, AccountName, InitiatingProcessFileName, bin(TimeGenerated, 10m)
| where Commands >= 3`,
      finds: 'nltest.exe',
    },
    {
      displayName: 'Scheduled tasks created to run scripts or DLLs',
      description: 'schtasks /create running rundll32, PowerShell or a file under Temp/AppData: persistence.',
      tactics: ['Persistence', 'Execution'],
      techniques: ['T1053'],
      query: `DeviceProcessEvents
| where FileName =~ "schtasks.exe" and ProcessCommandLine has "/create"
| where ProcessCommandLine has_any ("rundll32", "powershell", "\\\\Temp\\\\", "\\\\AppData\\\\")
| project TimeGenerated, DeviceName, AccountName, ProcessCommandLine, InitiatingProcessFileName`,
      finds: 'OneDrive Standalone Update Task',
    },
    {
      displayName: 'Beaconing: connections at regular intervals',
      description:
        'A device that connects to the same public IP many times with nearly constant gaps (low standard deviation): command-and-control beaconing.',
      tactics: ['CommandAndControl'],
      techniques: ['T1071', 'T1573'],
      query: `let minConnections = 20;
DeviceNetworkEvents
| where RemoteIPType == "Public" and ActionType == "ConnectionSuccess"
| project TimeGenerated, DeviceName, RemoteIP, RemoteUrl, RemotePort, InitiatingProcessFileName
| sort by DeviceName asc, RemoteIP asc, TimeGenerated asc
| extend Gap = iff(DeviceName == prev(DeviceName) and RemoteIP == prev(RemoteIP), datetime_diff("second", TimeGenerated, prev(TimeGenerated)), long(null))
| summarize Connections = count(), MeanGap = avg(Gap), GapStdev = stdev(Gap), FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated) by DeviceName, RemoteIP, RemoteUrl, InitiatingProcessFileName
| where Connections >= minConnections and MeanGap between (60 .. 3600) and GapStdev < 0.05 * MeanGap
| order by Connections desc`,
      finds: story.beacon.address,
    },
    {
      displayName: 'Connections to domains in threat intelligence',
      description: 'Devices that reached a domain listed as an active threat-intelligence indicator.',
      tactics: ['CommandAndControl'],
      techniques: ['T1071', 'T1568'],
      query: `DeviceNetworkEvents
| where isnotempty(RemoteUrl)
| summarize FirstSeen = min(TimeGenerated), Connections = count(), Devices = make_set(DeviceName, 10) by RemoteUrl
| join kind=inner (ThreatIntelligenceIndicator | where Active == true and isnotempty(DomainName) | summarize arg_max(TimeGenerated, ThreatType, ConfidenceScore, Description) by DomainName) on $left.RemoteUrl == $right.DomainName
| project FirstSeen, RemoteUrl, ThreatType, ConfidenceScore, Connections, Devices, Description`,
      finds: story.beacon.domain,
    },
  ];
}

interface OrdinaryDef {
  name: string;
  displayName: string;
  category: string;
  query: string;
  functionAlias?: string;
  functionParameters?: string;
}

const ORDINARY: OrdinaryDef[] = [
  {
    name: 'failed-logons-by-account',
    displayName: 'Failed Windows logons by account',
    category: 'Log Management',
    query: `SecurityEvent
| where EventID == 4625
| summarize Failures = count(), Computers = dcount(Computer), LastFailure = max(TimeGenerated) by TargetAccount, SubStatus
| order by Failures desc`,
  },
  {
    name: 'computers-not-reporting',
    displayName: 'Computers that stopped sending heartbeats',
    category: 'Log Management',
    query: `Heartbeat
| summarize LastHeartbeat = max(TimeGenerated) by Computer, OSType, Version
| where LastHeartbeat < ago(1h)
| order by LastHeartbeat asc`,
  },
  {
    name: 'fernbrook-signin-failures',
    displayName: 'FernbrookSigninFailures',
    category: 'Functions',
    functionAlias: 'FernbrookSigninFailures',
    functionParameters: 'minFailures:int = 1',
    query: `SigninLogs
| where ResultType != "0"
| summarize Failures = count(), Accounts = dcount(UserPrincipalName), LastFailure = max(TimeGenerated) by IPAddress, ResultType, ResultDescription, Country = tostring(LocationDetails.countryOrRegion)
| where Failures >= minFailures`,
  },
];

function etag(time: string): string {
  return `W/"datetime'${encodeURIComponent(time)}'"`;
}

export function savedSearchResources(story: DemoStory, now: number): ArmResource[] {
  const base = `${story.workspace.resourceId}/savedSearches`;
  const at = (daysAgo: number, salt: number): string =>
    new Date(startOfUtcDay(now) - daysAgo * DAY + (10 + (salt % 7)) * HOUR + salt * 61_000).toISOString();
  const hunting = huntingQueryDefs(story).map((h, i): ArmResource => {
    const name = guidOf(`hunting:${h.displayName}`);
    return {
      id: `${base}/${name}`,
      name,
      type: 'Microsoft.OperationalInsights/savedSearches',
      etag: etag(at(20 + 9 * i, i)),
      properties: {
        category: 'Hunting Queries',
        displayName: h.displayName,
        query: h.query,
        version: 2,
        tags: [
          { name: 'description', value: h.description },
          { name: 'tactics', value: h.tactics.join(',') },
          { name: 'techniques', value: h.techniques.join(',') },
        ],
      },
    };
  });
  const ordinary = ORDINARY.map((o, i): ArmResource => ({
    id: `${base}/${o.name}`,
    name: o.name,
    type: 'Microsoft.OperationalInsights/savedSearches',
    etag: etag(at(150 + 30 * i, i + 3)),
    properties: {
      category: o.category,
      displayName: o.displayName,
      query: o.query,
      ...(o.functionAlias ? { functionAlias: o.functionAlias } : {}),
      ...(o.functionParameters ? { functionParameters: o.functionParameters } : {}),
      version: 2,
      tags: [{ name: 'Group', value: o.category === 'Functions' ? 'Parsers' : 'SOC' }],
    },
  }));
  return [...hunting, ...ordinary];
}
