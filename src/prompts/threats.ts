// Common threats a detection or hunt is written for: the tables that show them, the MITRE ATT&CK
// tactics and techniques, what to look for, and a starting query. The queries only use the time
// window (a KQL timespan literal built by parseWindow), never caller text. test/mcp/prompts.test.ts
// validates every one with sentinel_query_validate.

export interface Threat {
  name: string;
  /** Other names a caller may use (matched case-insensitively, like the name). */
  aliases: string[];
  tactics: string[];
  techniques: string[];
  tables: string[];
  /** What the signal is and what usually makes it noisy. */
  hint: string;
  /** A starting query over the window (`ago(window)`). */
  query(window: string): string;
}

export const THREATS: readonly Threat[] = [
  {
    name: 'password spray',
    aliases: ['spray', 'password spraying'],
    tactics: ['CredentialAccess'],
    techniques: ['T1110.003'],
    tables: ['SigninLogs', 'SecurityEvent'],
    hint: 'Many accounts, few attempts each, from one IP (or a few): failed sign-ins with ResultType 50126 (bad password), 50053 (locked), 50055/50056; then a success or 50074 (MFA required: the password was right) from the same IPs. Exclude known NAT egress IPs (a watchlist).',
    query: (w) => `SigninLogs
| where TimeGenerated > ago(${w})
| where ResultType in ("50126", "50053", "50055", "50056", "50074", "0")
| summarize Failures = countif(ResultType != "0" and ResultType != "50074"), PasswordRight = countif(ResultType in ("0", "50074")), Accounts = dcount(UserPrincipalName), SampleAccounts = make_set(UserPrincipalName, 10) by IPAddress
| where Accounts >= 5 and Failures >= 10
| order by Accounts desc`,
  },
  {
    name: 'brute force',
    aliases: ['bruteforce', 'password guessing'],
    tactics: ['CredentialAccess'],
    techniques: ['T1110.001'],
    tables: ['SecurityEvent', 'SigninLogs', 'DeviceLogonEvents'],
    hint: 'Many failures for one account (or one host) in a short time: SecurityEvent 4625 by TargetAccount and IpAddress, SigninLogs failures by UserPrincipalName; worse when a success (4624) follows from the same source.',
    query: (w) => `SecurityEvent
| where TimeGenerated > ago(${w})
| where EventID in (4625, 4624)
| summarize Failures = countif(EventID == 4625), Successes = countif(EventID == 4624), Sources = make_set(IpAddress, 10) by TargetAccount, Computer, bin(TimeGenerated, 30m)
| where Failures >= 20
| order by Failures desc`,
  },
  {
    name: 'impossible travel',
    aliases: ['atypical travel', 'geo velocity'],
    tactics: ['InitialAccess'],
    techniques: ['T1078.004'],
    tables: ['SigninLogs'],
    hint: 'Two successful sign-ins of one user from places too far apart for the time between them (speed above ~900 km/h; the query computes the great-circle distance, as geo_distance_2points does). VPN egress and mobile carriers cause false positives: compare with the user’s usual countries.',
    query: (w) => `SigninLogs
| where TimeGenerated > ago(${w})
| where ResultType == "0"
| extend Lat = toreal(LocationDetails.geoCoordinates.latitude), Lon = toreal(LocationDetails.geoCoordinates.longitude), Country = tostring(LocationDetails.countryOrRegion)
| where isnotnull(Lat) and isnotnull(Lon)
| order by UserPrincipalName asc, TimeGenerated asc
| extend PrevUser = prev(UserPrincipalName), PrevTime = prev(TimeGenerated), PrevLat = prev(Lat), PrevLon = prev(Lon), PrevCountry = prev(Country), PrevIP = prev(IPAddress)
| where UserPrincipalName == PrevUser and Country != PrevCountry
| extend Km = 2 * 6371 * asin(sqrt(pow(sin(radians(Lat - PrevLat) / 2), 2) + cos(radians(PrevLat)) * cos(radians(Lat)) * pow(sin(radians(Lon - PrevLon) / 2), 2))), Hours = (TimeGenerated - PrevTime) / 1h
| where Hours > 0 and Km / Hours > 900
| project TimeGenerated, UserPrincipalName, PrevCountry, PrevIP, Country, IPAddress, Km, Hours`,
  },
  {
    name: 'MFA fatigue',
    aliases: ['MFA bombing', 'push fatigue', 'MFA spam'],
    tactics: ['CredentialAccess'],
    techniques: ['T1621'],
    tables: ['SigninLogs'],
    hint: 'Repeated MFA prompts the user denies or ignores (ResultType 500121, Status.additionalDetails "MFA denied"), then a success from the same IP: the user gave in.',
    query: (w) => `SigninLogs
| where TimeGenerated > ago(${w})
| where ResultType in ("500121", "0")
| summarize Denied = countif(ResultType == "500121"), Succeeded = countif(ResultType == "0"), First = min(TimeGenerated), Last = max(TimeGenerated) by UserPrincipalName, IPAddress
| where Denied >= 3
| order by Denied desc`,
  },
  {
    name: 'mail forwarding',
    aliases: ['inbox rule', 'malicious inbox rule', 'email forwarding', 'BEC'],
    tactics: ['Collection', 'Exfiltration', 'DefenseEvasion'],
    techniques: ['T1114.003', 'T1564.008'],
    tables: ['OfficeActivity'],
    hint: 'Exchange operations New-InboxRule / Set-InboxRule / UpdateInboxRules with ForwardTo, RedirectTo, ForwardAsAttachmentTo, DeleteMessage or a move to an odd folder (RSS Subscriptions), and Set-Mailbox with ForwardingSmtpAddress to an external domain; worse from an unusual ClientIP or right after a risky sign-in.',
    query: (w) => `OfficeActivity
| where TimeGenerated > ago(${w})
| where Operation in~ ("New-InboxRule", "Set-InboxRule", "UpdateInboxRules", "Set-Mailbox")
| where Parameters has_any ("ForwardTo", "RedirectTo", "ForwardAsAttachmentTo", "ForwardingSmtpAddress", "DeleteMessage", "MoveToFolder")
| project TimeGenerated, UserId, Operation, ClientIP, Parameters
| order by TimeGenerated desc`,
  },
  {
    name: 'encoded PowerShell',
    aliases: ['obfuscated PowerShell', 'PowerShell -enc', 'base64 PowerShell'],
    tactics: ['Execution', 'DefenseEvasion'],
    techniques: ['T1059.001', 'T1027'],
    tables: ['DeviceProcessEvents', 'SecurityEvent'],
    hint: 'powershell.exe / pwsh.exe with -enc / -EncodedCommand (any abbreviation of it) and a long base64 argument, often with -nop -w hidden; decode the argument (base64 of UTF-16LE) with base64_decode_tostring to see the script. SecurityEvent 4688 CommandLine shows the same where MDE is absent.',
    query: (w) => `DeviceProcessEvents
| where TimeGenerated > ago(${w})
| where FileName in~ ("powershell.exe", "pwsh.exe")
| where ProcessCommandLine matches regex @"(?i)\\s-e(c|nc|ncodedcommand)?\\s+[A-Za-z0-9+/=]{20,}"
| project TimeGenerated, DeviceName, AccountName, ProcessCommandLine, InitiatingProcessFileName
| order by TimeGenerated desc`,
  },
  {
    name: 'LOLBins',
    aliases: ['living off the land', 'LOLBAS', 'certutil download', 'rundll32'],
    tactics: ['DefenseEvasion', 'CommandAndControl'],
    techniques: ['T1218', 'T1105'],
    tables: ['DeviceProcessEvents', 'SecurityEvent'],
    hint: 'Signed Windows binaries used to download or run code: certutil -urlcache / -decode, rundll32 with a DLL from a user folder, regsvr32 /i:http (Squiblydoo), mshta http, bitsadmin /transfer, msbuild or installutil on a project from Temp.',
    query: (w) => `DeviceProcessEvents
| where TimeGenerated > ago(${w})
| where FileName in~ ("certutil.exe", "rundll32.exe", "regsvr32.exe", "mshta.exe", "bitsadmin.exe", "msbuild.exe", "installutil.exe")
| where ProcessCommandLine has_any ("urlcache", "-decode", "http", "\\\\AppData\\\\", "\\\\Temp\\\\", "scrobj", "javascript:", "/transfer")
| project TimeGenerated, DeviceName, AccountName, FileName, ProcessCommandLine, InitiatingProcessFileName
| order by TimeGenerated desc`,
  },
  {
    name: 'C2 beaconing',
    aliases: ['beaconing', 'command and control', 'C2'],
    tactics: ['CommandAndControl'],
    techniques: ['T1071.001', 'T1573'],
    tables: ['DeviceNetworkEvents', 'CommonSecurityLog', 'ThreatIntelligenceIndicator'],
    hint: 'One process on one host connecting to one public destination at a regular interval (low spread of the gaps between connections), often to a young domain; match the destinations against ThreatIntelligenceIndicator (NetworkIP, DomainName).',
    query: (w) => `DeviceNetworkEvents
| where TimeGenerated > ago(${w})
| where RemoteIPType == "Public"
| order by DeviceName asc, RemoteIP asc, TimeGenerated asc
| extend Gap = iff(DeviceName == prev(DeviceName) and RemoteIP == prev(RemoteIP), (TimeGenerated - prev(TimeGenerated)) / 1s, real(null))
| where isnotnull(Gap)
| summarize Connections = count(), MeanGapSeconds = avg(Gap), StdevGapSeconds = stdev(Gap), Processes = make_set(InitiatingProcessFileName, 5), Urls = make_set(RemoteUrl, 5) by DeviceName, RemoteIP
| where Connections >= 20 and StdevGapSeconds < 0.2 * MeanGapSeconds
| order by Connections desc`,
  },
  {
    name: 'data exfiltration',
    aliases: ['exfiltration', 'mass download', 'data theft'],
    tactics: ['Exfiltration', 'Collection'],
    techniques: ['T1567', 'T1530'],
    tables: ['OfficeActivity', 'CommonSecurityLog'],
    hint: 'Unusual volume out: many SharePoint/OneDrive files downloaded by one user or from one IP (OfficeActivity FileDownloaded), large SentBytes to one external destination in firewall logs (CommonSecurityLog), mail forwarded outside. Compare with the user’s own baseline.',
    query: (w) => `OfficeActivity
| where TimeGenerated > ago(${w})
| where Operation in ("FileDownloaded", "FileSyncDownloadedFull")
| summarize Files = dcount(OfficeObjectId), IPs = make_set(ClientIP, 5), Sites = make_set(Site_Url, 5) by UserId, bin(TimeGenerated, 1h)
| where Files >= 20
| order by Files desc`,
  },
  {
    name: 'privilege escalation',
    aliases: ['role assignment', 'admin group change', 'privileged group'],
    tactics: ['PrivilegeEscalation', 'Persistence'],
    techniques: ['T1098', 'T1078'],
    tables: ['AuditLogs', 'SecurityEvent', 'AzureActivity'],
    hint: 'Someone gains rights: Entra role assignments (AuditLogs "Add member to role", "Add eligible member to role"), privileged group changes (SecurityEvent 4728/4732/4756 for Domain/Enterprise Admins, Administrators), Azure RBAC role assignments (AzureActivity MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE).',
    query: (w) => `AuditLogs
| where TimeGenerated > ago(${w})
| where OperationName in ("Add member to role", "Add eligible member to role", "Add member to group")
| extend Actor = tostring(InitiatedBy.user.userPrincipalName), Target = tostring(TargetResources[0].userPrincipalName), What = tostring(TargetResources[0].displayName)
| project TimeGenerated, OperationName, Actor, Target, What, Result
| order by TimeGenerated desc`,
  },
  {
    name: 'MFA method registration',
    aliases: ['new MFA method', 'security info registered', 'authenticator added'],
    tactics: ['Persistence'],
    techniques: ['T1098.005', 'T1556.006'],
    tables: ['AuditLogs', 'SigninLogs'],
    hint: 'A new authentication method registered (AuditLogs "User registered security info", "Register security info") shortly after a risky or foreign sign-in of the same user: the attacker keeps access.',
    query: (w) => `AuditLogs
| where TimeGenerated > ago(${w})
| where OperationName has "security info" or OperationName has "authentication method"
| extend User = tostring(TargetResources[0].userPrincipalName), Actor = tostring(InitiatedBy.user.userPrincipalName), ActorIP = tostring(InitiatedBy.user.ipAddress)
| project TimeGenerated, OperationName, User, Actor, ActorIP, Result
| order by TimeGenerated desc`,
  },
  {
    name: 'scheduled task persistence',
    aliases: ['scheduled task', 'schtasks'],
    tactics: ['Persistence', 'Execution'],
    techniques: ['T1053.005'],
    tables: ['DeviceProcessEvents', 'SecurityEvent'],
    hint: 'schtasks /create with a command in a user-writable folder or run by rundll32/powershell, or SecurityEvent 4698 (task created); names that imitate vendors (OneDrive, Google Update) are common.',
    query: (w) => `DeviceProcessEvents
| where TimeGenerated > ago(${w})
| where FileName =~ "schtasks.exe" and ProcessCommandLine has "/create"
| where ProcessCommandLine has_any ("AppData", "Temp", "rundll32", "powershell", "http")
| project TimeGenerated, DeviceName, AccountName, ProcessCommandLine, InitiatingProcessFileName
| order by TimeGenerated desc`,
  },
  {
    name: 'log clearing',
    aliases: ['audit log cleared', 'event log cleared'],
    tactics: ['DefenseEvasion'],
    techniques: ['T1070.001'],
    tables: ['SecurityEvent'],
    hint: 'The Security log cleared (SecurityEvent 1102) or wevtutil cl in a command line; rarely benign outside maintenance windows.',
    query: (w) => `SecurityEvent
| where TimeGenerated > ago(${w})
| where EventID == 1102 or (EventID == 4688 and CommandLine has "wevtutil" and CommandLine has " cl ")
| project TimeGenerated, Computer, Account, EventID, CommandLine
| order by TimeGenerated desc`,
  },
  {
    name: 'kerberoasting',
    aliases: ['kerberoast', 'RC4 service tickets'],
    tactics: ['CredentialAccess'],
    techniques: ['T1558.003'],
    tables: ['SecurityEvent'],
    hint: 'One account requesting many RC4 (TicketEncryptionType 0x17) service tickets (SecurityEvent 4769, TicketEncryptionType inside EventData) for different services in a short time.',
    query: (w) => `SecurityEvent
| where TimeGenerated > ago(${w})
| where EventID == 4769
| where EventData has "0x17" and ServiceName !endswith "$"
| summarize Services = dcount(ServiceName), Tickets = count(), SampleServices = make_set(ServiceName, 10) by TargetAccount, IpAddress, bin(TimeGenerated, 1h)
| where Services >= 5
| order by Services desc`,
  },
  {
    name: 'suspicious RDP',
    aliases: ['RDP', 'remote desktop', 'lateral movement'],
    tactics: ['LateralMovement', 'InitialAccess'],
    techniques: ['T1021.001', 'T1133'],
    tables: ['SecurityEvent', 'DeviceLogonEvents', 'CommonSecurityLog'],
    hint: 'Remote interactive logons (SecurityEvent 4624 LogonType 10, DeviceLogonEvents RemoteInteractive) by accounts that do not usually use RDP, through the RD Gateway from a public IP, or right after a risky sign-in of the same user.',
    query: (w) => `DeviceLogonEvents
| where TimeGenerated > ago(${w})
| where LogonType == "RemoteInteractive" and ActionType == "LogonSuccess"
| summarize Logons = count(), Hosts = make_set(DeviceName, 10), From = make_set(RemoteIP, 10), First = min(TimeGenerated), Last = max(TimeGenerated) by AccountName
| order by Logons asc`,
  },
  {
    name: 'threat intelligence match',
    aliases: ['TI match', 'IOC match', 'known bad IP'],
    tactics: ['CommandAndControl'],
    techniques: ['T1071'],
    tables: ['ThreatIntelligenceIndicator', 'DeviceNetworkEvents', 'CommonSecurityLog', 'SigninLogs'],
    hint: 'Active, unexpired indicators (ThreatIntelligenceIndicator, latest version per IndicatorId) matched against the IPs and domains your logs contain; join on the address, keep the indicator’s ThreatType and ConfidenceScore.',
    query: (w) => `let indicators = ThreatIntelligenceIndicator
    | where TimeGenerated > ago(90d)
    | summarize arg_max(TimeGenerated, *) by IndicatorId
    | where Active == true and ExpirationDateTime > now() and isnotempty(NetworkIP)
    | project NetworkIP, ThreatType, ConfidenceScore, Description;
DeviceNetworkEvents
| where TimeGenerated > ago(${w})
| join kind=inner indicators on $left.RemoteIP == $right.NetworkIP
| summarize Connections = count(), First = min(TimeGenerated), Last = max(TimeGenerated) by DeviceName, RemoteIP, RemoteUrl, ThreatType, ConfidenceScore, Description`,
  },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The threat a caller's text names: its name or an alias, the whole text first, then as words inside
 * it ("password spray against the VPN"), longest first. Case-insensitive.
 */
export function findThreat(text: string): Threat | undefined {
  const t = text.trim().toLowerCase();
  const exact = THREATS.find(
    (x) => x.name.toLowerCase() === t || x.aliases.some((a) => a.toLowerCase() === t),
  );
  if (exact) return exact;
  const names = THREATS.flatMap((threat) =>
    [threat.name, ...threat.aliases].map((name) => ({ threat, name })),
  );
  names.sort((a, b) => b.name.length - a.name.length);
  return names.find(({ name }) =>
    new RegExp(`(^|[^a-z0-9])${escapeRegExp(name.toLowerCase())}($|[^a-z0-9])`).test(t),
  )?.threat;
}

export const THREAT_NAMES: readonly string[] = THREATS.map((t) => t.name);

export function threatSection(threat: Threat, window: string): string {
  return [
    `What is known about ${threat.name}: ${threat.hint}`,
    `MITRE ATT&CK: tactics ${threat.tactics.join(', ')}; techniques ${threat.techniques.join(', ')}.`,
    `Tables that usually show it: ${threat.tables.join(', ')}.`,
    'A starting query (check the columns against the schemas and adapt the thresholds to this workspace):',
    '```kql',
    threat.query(window),
    '```',
  ].join('\n');
}
