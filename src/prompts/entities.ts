// The investigation steps for one entity (user, host, IP, URL, domain, file hash): which tools to call
// and which queries to run, in order. Entity values are validated (args.ts) and reach KQL only
// through kqlString. Queries name only tables the workspace has, when its table list is readable.
import { kqlString } from '../kql/quote.js';
import type { Entity, IpArg, TableSet } from './args.js';
import { kqlBlock } from './text.js';

type UserEntity = Extract<Entity, { type: 'user' }>;
type HostEntity = Extract<Entity, { type: 'host' }>;
type UrlEntity = Extract<Entity, { type: 'url' }>;
type DomainEntity = Extract<Entity, { type: 'domain' }>;
type HashEntity = Extract<Entity, { type: 'file_hash' }>;

/** One branch of a union: the table it reads and the parenthesised subquery. */
interface Branch {
  table: string;
  body: string;
}

/** `union isfuzzy=true (...), (...)` over the branches whose table exists, then `tail`. */
function unionOf(
  lets: string,
  branches: readonly Branch[],
  tables: TableSet,
  tail: string,
): string | undefined {
  const present = branches.filter((b) => tables.has(b.table));
  if (present.length === 0) return undefined;
  return [lets, 'union isfuzzy=true', present.map((b) => `  (${b.body})`).join(',\n'), tail].join('\n');
}

/** A query step, or a note that the workspace has none of its tables. */
function queryStep(text: string, query: string | undefined, tablesWanted: readonly string[]): string {
  if (query) return `${text}\n${kqlBlock(query)}`;
  return `${text}\n(This workspace has none of ${tablesWanted.join(', ')}: skip this step and say so.)`;
}

function oneTable(table: string, tables: TableSet, text: string, query: string): string {
  return queryStep(text, tables.has(table) ? query : undefined, [table]);
}

/** Alerts and incidents that name a term (UPN, host, IP, domain, hash): tools first, then KQL. */
export function alertsAndIncidentsStep(term: string, tables: TableSet, lookback: string): string {
  const t = kqlString(term);
  const intro = [
    `Alerts and incidents: sentinel_alert_list with entity = ${t} and timespan = P30D lists the alerts whose entities name it;`,
    `sentinel_incident_list with search = ${t} finds incidents whose title names it. Incident titles do not always name`,
    'the entity, so map the alerts to their incidents with this query, then open each incident with',
    'sentinel_incident_get (incident_id = its number): alerts, entities, comments. The first alert is the anchor of the timeline.',
  ].join(' ');
  const query =
    tables.has('SecurityAlert') && tables.has('SecurityIncident')
      ? `let term = ${t};
let alerts = SecurityAlert
    | where TimeGenerated > ago(${lookback})
    | where Entities has term or CompromisedEntity =~ term
    | summarize arg_max(TimeGenerated, *) by SystemAlertId
    | project AlertId = SystemAlertId, AlertName, AlertTime = TimeGenerated;
SecurityIncident
| where TimeGenerated > ago(${lookback})
| summarize arg_max(TimeGenerated, *) by IncidentNumber
| mv-expand AlertId = AlertIds to typeof(string)
| join kind=inner alerts on AlertId
| summarize Alerts = make_set(AlertName, 10), FirstAlert = min(AlertTime) by IncidentNumber, Title, Severity, Status
| order by FirstAlert asc`
      : undefined;
  return queryStep(intro, query, ['SecurityAlert', 'SecurityIncident']);
}

/** Public IPs and domains found along the way: where they are, who holds them, whether TI knows them. */
export function enrichStep(): string {
  return [
    'Enrich what you found: for each public IP address, sentinel_ip_geodata_get (ip) for country, city and ASN/organisation,',
    'and sentinel_ti_indicators_list (search = the address) to see whether threat intelligence knows it (also the ThreatIntelligenceIndicator table);',
    'for each domain, sentinel_domain_whois_get (domain) for registrar and creation date (a domain registered days ago is a strong signal);',
    'for each account, entra_id_get_user (user).',
  ].join(' ');
}

// ---------------------------------------------------------------------------------------------
// User

function userLets(e: UserEntity): string {
  if (e.upn) return `let upn = ${kqlString(e.upn)};\nlet account = ${kqlString(e.account)};`;
  if (e.objectId) {
    return `let upn = toscalar(SigninLogs | where TimeGenerated > ago(30d) | where UserId == ${kqlString(e.objectId)} | summarize take_any(UserPrincipalName));
let account = tostring(split(upn, "@")[0]);`;
  }
  return `let account = ${kqlString(e.account)};
let upn = toscalar(SigninLogs | where TimeGenerated > ago(30d) | where UserPrincipalName startswith strcat(account, "@") | summarize take_any(UserPrincipalName));`;
}

export function userSteps(e: UserEntity, tables: TableSet, w: string): string[] {
  const lets = userLets(e);
  const who = e.upn
    ? `"${e.upn}"`
    : e.objectId
      ? `the object id ${e.objectId}`
      : `the account name "${e.account}"`;
  const term = e.upn ?? e.objectId ?? e.account;
  return [
    [
      `Who: entra_id_get_user with user = ${kqlString(e.upn ?? e.objectId ?? e.account)}: job, department, whether the account is enabled, its groups`,
      '(membership of privileged groups raises the stakes), and its on-premises logon name and SID (on_premises_sam_account_name, on_premises_security_identifier), which SecurityEvent and',
      `the Defender tables use. The queries below call the Windows account name \`account\` (${e.upn ? `"${e.account}", the part of the UPN before @` : 'derived from the UPN'});`,
      'if entra_id_get_user shows a different on-premises name, use that instead.',
      e.upn
        ? ''
        : `The queries resolve ${who} to a UPN through SigninLogs; entra_id_get_user gives it for certain.`,
    ]
      .filter(Boolean)
      .join(' '),
    alertsAndIncidentsStep(term, tables, '30d'),
    oneTable(
      'SigninLogs',
      tables,
      'Sign-ins (SigninLogs), by source address. Look for failures from many foreign IPs (50126: bad password, a spray), ' +
        '50074 (MFA required: the password was right), 500121 (MFA denied: push fatigue), then a success (0) from an IP or ' +
        'country the user never used; note the app and the first and last time of each IP.',
      `${lets}
SigninLogs
| where TimeGenerated > ago(${w})
| where UserPrincipalName =~ upn
| summarize Attempts = count(), Failures = countif(ResultType != "0"), ResultTypes = make_set(ResultType, 10), Apps = make_set(AppDisplayName, 5), First = min(TimeGenerated), Last = max(TimeGenerated) by IPAddress, Country = tostring(LocationDetails.countryOrRegion), City = tostring(LocationDetails.city)
| order by First asc`,
    ),
    oneTable(
      'AuditLogs',
      tables,
      'Directory changes by or for the user (AuditLogs): a new MFA method ("User registered security info") right after a ' +
        'suspicious sign-in means the attacker made the access last; also password resets and group or role changes.',
      `${lets}
AuditLogs
| where TimeGenerated > ago(${w})
| where tostring(InitiatedBy.user.userPrincipalName) =~ upn or tostring(TargetResources[0].userPrincipalName) =~ upn
| project TimeGenerated, OperationName, Result, Actor = tostring(InitiatedBy.user.userPrincipalName), ActorIP = tostring(InitiatedBy.user.ipAddress), Target = tostring(TargetResources[0].userPrincipalName)
| order by TimeGenerated asc`,
    ),
    oneTable(
      'OfficeActivity',
      tables,
      'Mailbox rules and forwarding (OfficeActivity, Exchange): New-InboxRule, Set-InboxRule or UpdateInboxRules that ' +
        'forward (ForwardTo, RedirectTo), delete or move mail (to folders such as RSS Subscriptions), with keywords such as ' +
        'invoice or payment, and Set-Mailbox with ForwardingSmtpAddress: business e-mail compromise. Note the rule name, the ' +
        'external address and the ClientIP; compare the ClientIP with the sign-ins above.',
      `${lets}
OfficeActivity
| where TimeGenerated > ago(${w})
| where UserId =~ upn
| where Operation in~ ("New-InboxRule", "Set-InboxRule", "UpdateInboxRules", "Remove-InboxRule", "Set-Mailbox", "New-TransportRule")
| project TimeGenerated, Operation, ClientIP, Parameters
| order by TimeGenerated asc`,
    ),
    oneTable(
      'OfficeActivity',
      tables,
      'What the user’s sessions did in Microsoft 365, by client address: mail read (MailItemsAccessed) and files ' +
        'downloaded (FileDownloaded) from an attacker’s IP show what was taken.',
      `${lets}
OfficeActivity
| where TimeGenerated > ago(${w})
| where UserId =~ upn
| summarize Events = count(), Operations = make_set(Operation, 15), Files = make_set(OfficeObjectId, 10), First = min(TimeGenerated), Last = max(TimeGenerated) by ClientIP
| order by First asc`,
    ),
    queryStep(
      'Hosts: the devices the user logged on to (DeviceLogonEvents, and SecurityEvent 4624 from the Windows agent). ' +
        'RemoteInteractive / LogonType 10 is RDP; a logon through the RD Gateway from a public address, or soon after a ' +
        'suspicious sign-in, points to the host the attacker reached.',
      unionOf(
        lets,
        [
          {
            table: 'DeviceLogonEvents',
            body: `DeviceLogonEvents | where TimeGenerated > ago(${w}) | where AccountName =~ account and ActionType == "LogonSuccess" | project TimeGenerated, Host = toupper(tostring(split(DeviceName, ".")[0])), LogonType, RemoteIP, Source = "DeviceLogonEvents"`,
          },
          {
            table: 'SecurityEvent',
            body: `SecurityEvent | where TimeGenerated > ago(${w}) | where EventID == 4624 and TargetUserName =~ account | project TimeGenerated, Host = toupper(tostring(split(Computer, ".")[0])), LogonType = tostring(LogonType), RemoteIP = IpAddress, Source = "SecurityEvent 4624"`,
          },
        ],
        tables,
        `| summarize Logons = count(), First = min(TimeGenerated), Last = max(TimeGenerated), LogonTypes = make_set(LogonType, 10), From = make_set(RemoteIP, 10), Sources = make_set(Source) by Host
| order by Last desc`,
      ),
      ['DeviceLogonEvents', 'SecurityEvent'],
    ),
    oneTable(
      'DeviceProcessEvents',
      tables,
      'What ran as the user on those hosts (DeviceProcessEvents): encoded PowerShell, downloads with certutil or ' +
        'bitsadmin, rundll32/regsvr32 loading DLLs from user folders, scheduled tasks. Decode -enc arguments with ' +
        'base64_decode_tostring. Then look at the host itself with the same care (alerts, processes, network, who else logged on).',
      `${lets}
DeviceProcessEvents
| where TimeGenerated > ago(${w})
| where AccountName =~ account
| where ProcessCommandLine has_any ("-enc", "-EncodedCommand", "FromBase64String", "urlcache", "rundll32", "regsvr32", "mshta", "bitsadmin", "schtasks", "DownloadString", "Invoke-WebRequest")
| project TimeGenerated, DeviceName, FileName, ProcessCommandLine, InitiatingProcessFileName, SHA256
| order by TimeGenerated asc`,
    ),
    oneTable(
      'DeviceNetworkEvents',
      tables,
      'Where the user’s processes connected (DeviceNetworkEvents): many connections from one process to one public ' +
        'address at a steady interval is beaconing.',
      `${lets}
DeviceNetworkEvents
| where TimeGenerated > ago(${w})
| where InitiatingProcessAccountName =~ account and RemoteIPType == "Public"
| summarize Connections = count(), First = min(TimeGenerated), Last = max(TimeGenerated), Processes = make_set(InitiatingProcessFileName, 5) by DeviceName, RemoteIP, RemoteUrl
| order by Connections desc`,
    ),
    enrichStep(),
  ];
}

// ---------------------------------------------------------------------------------------------
// Host

export function hostSteps(e: HostEntity, tables: TableSet, w: string): string[] {
  const short = e.name.split('.')[0] ?? e.name;
  const lets = `let hostname = ${kqlString(short)};`;
  const match = (col: string) => `tostring(split(${col}, ".")[0]) =~ hostname`;
  return [
    `The host: the queries match it by its short name ${kqlString(short)} (the part before the first dot), as DeviceName holds the FQDN in lower case and Computer may hold either.`,
    alertsAndIncidentsStep(short, tables, '30d'),
    oneTable(
      'Heartbeat',
      tables,
      'What the machine is (Heartbeat, from the monitoring agent): OS, agent, address, last report.',
      `${lets}
Heartbeat
| where TimeGenerated > ago(${w})
| where ${match('Computer')}
| summarize arg_max(TimeGenerated, *) by Computer
| project LastSeen = TimeGenerated, Computer, OSType, OSName, ComputerIP, Category`,
    ),
    queryStep(
      'Who logged on, how and from where (DeviceLogonEvents, SecurityEvent 4624): RDP (RemoteInteractive, 10) from a ' +
        'gateway or a public address, or an account that never used this host, stands out.',
      unionOf(
        lets,
        [
          {
            table: 'DeviceLogonEvents',
            body: `DeviceLogonEvents | where TimeGenerated > ago(${w}) | where ${match('DeviceName')} and ActionType == "LogonSuccess" | project TimeGenerated, Account = AccountName, LogonType, RemoteIP, Source = "DeviceLogonEvents"`,
          },
          {
            table: 'SecurityEvent',
            body: `SecurityEvent | where TimeGenerated > ago(${w}) | where ${match('Computer')} and EventID == 4624 | project TimeGenerated, Account = TargetUserName, LogonType = tostring(LogonType), RemoteIP = IpAddress, Source = "SecurityEvent 4624"`,
          },
        ],
        tables,
        `| where Account !endswith "$" and Account !in~ ("SYSTEM", "LOCAL SERVICE", "NETWORK SERVICE", "DWM-1", "UMFD-0", "UMFD-1")
| summarize Logons = count(), First = min(TimeGenerated), Last = max(TimeGenerated), From = make_set(RemoteIP, 10), Sources = make_set(Source) by Account, LogonType
| order by Last desc`,
      ),
      ['DeviceLogonEvents', 'SecurityEvent'],
    ),
    oneTable(
      'DeviceProcessEvents',
      tables,
      'Suspicious processes (DeviceProcessEvents): encoded PowerShell, LOLBins (certutil, rundll32, regsvr32, mshta, ' +
        'bitsadmin), scheduled tasks; follow the parent chain (InitiatingProcessFileName) and note the hashes.',
      `${lets}
DeviceProcessEvents
| where TimeGenerated > ago(${w})
| where ${match('DeviceName')}
| where ProcessCommandLine has_any ("-enc", "-EncodedCommand", "FromBase64String", "urlcache", "rundll32", "regsvr32", "mshta", "bitsadmin", "schtasks", "DownloadString", "Invoke-WebRequest")
| project TimeGenerated, AccountName, FileName, ProcessCommandLine, InitiatingProcessFileName, SHA256
| order by TimeGenerated asc`,
    ),
    oneTable(
      'DeviceNetworkEvents',
      tables,
      'Outbound connections (DeviceNetworkEvents) to public addresses, by destination and process: a steady interval ' +
        '(low spread between connections) is beaconing.',
      `${lets}
DeviceNetworkEvents
| where TimeGenerated > ago(${w})
| where ${match('DeviceName')} and RemoteIPType == "Public"
| summarize Connections = count(), First = min(TimeGenerated), Last = max(TimeGenerated), Processes = make_set(InitiatingProcessFileName, 5), Ports = make_set(RemotePort, 5) by RemoteIP, RemoteUrl
| order by Connections desc`,
    ),
    oneTable(
      'ThreatIntelligenceIndicator',
      tables,
      'Destinations of this host that threat intelligence knows (ThreatIntelligenceIndicator, latest version of each indicator):',
      `${lets}
let indicators = ThreatIntelligenceIndicator
    | where TimeGenerated > ago(90d)
    | summarize arg_max(TimeGenerated, *) by IndicatorId
    | where Active == true and isnotempty(NetworkIP)
    | project NetworkIP, ThreatType, ConfidenceScore, Description;
DeviceNetworkEvents
| where TimeGenerated > ago(${w})
| where ${match('DeviceName')}
| join kind=inner indicators on $left.RemoteIP == $right.NetworkIP
| summarize Connections = count(), First = min(TimeGenerated), Last = max(TimeGenerated) by RemoteIP, RemoteUrl, ThreatType, ConfidenceScore, Description`,
    ),
    enrichStep(),
  ];
}

// ---------------------------------------------------------------------------------------------
// IP address

export function ipSteps(ip: IpArg, tables: TableSet, w: string): string[] {
  const lets = `let ip = ${kqlString(ip.address)};`;
  const steps: string[] = [];
  if (ip.scope === 'public') {
    steps.push(
      `Where it is: sentinel_ip_geodata_get with ip = ${kqlString(ip.address)}: country, city, ASN and organisation (hosting, VPN and ` +
        'anonymising providers, and countries the organisation has no business in, matter).',
    );
  } else {
    steps.push(
      `${ip.address} is in ${ip.range ?? 'a special-purpose range'} (${ip.scope}): it is not on the internet, so geolocation ` +
        'and WHOIS do not apply. Find which host has it (Heartbeat ComputerIP, DeviceNetworkEvents LocalIP) and investigate that host.',
    );
  }
  steps.push(
    oneTable(
      'ThreatIntelligenceIndicator',
      tables,
      `Threat intelligence: sentinel_ti_indicators_list with search = ${kqlString(ip.address)} for indicators of this address (type, confidence, source, ` +
        'validity), and the ThreatIntelligenceIndicator table:',
      `${lets}
ThreatIntelligenceIndicator
| where TimeGenerated > ago(90d)
| where ip in (NetworkIP, NetworkSourceIP, NetworkDestinationIP, EmailSourceIpAddress)
| summarize arg_max(TimeGenerated, *) by IndicatorId
| project TimeGenerated, IndicatorId, ThreatType, ConfidenceScore, Active, ExpirationDateTime, Description, SourceSystem`,
    ),
  );
  steps.push(
    queryStep(
      'Where the address appears, table by table (sign-ins, Windows logons, endpoint and firewall traffic, Microsoft 365, Azure):',
      unionOf(
        lets,
        [
          {
            table: 'SigninLogs',
            body: `SigninLogs | where TimeGenerated > ago(${w}) | where IPAddress == ip | project TimeGenerated, Source = "SigninLogs", Who = UserPrincipalName, What = strcat(AppDisplayName, " result ", ResultType)`,
          },
          {
            table: 'AADNonInteractiveUserSignInLogs',
            body: `AADNonInteractiveUserSignInLogs | where TimeGenerated > ago(${w}) | where IPAddress == ip | project TimeGenerated, Source = "AADNonInteractiveUserSignInLogs", Who = UserPrincipalName, What = strcat(AppDisplayName, " result ", ResultType)`,
          },
          {
            table: 'AuditLogs',
            body: `AuditLogs | where TimeGenerated > ago(${w}) | where tostring(InitiatedBy.user.ipAddress) == ip | project TimeGenerated, Source = "AuditLogs", Who = tostring(InitiatedBy.user.userPrincipalName), What = OperationName`,
          },
          {
            table: 'SecurityEvent',
            body: `SecurityEvent | where TimeGenerated > ago(${w}) | where IpAddress == ip | project TimeGenerated, Source = "SecurityEvent", Who = TargetUserName, What = strcat(tostring(EventID), " on ", Computer)`,
          },
          {
            table: 'DeviceLogonEvents',
            body: `DeviceLogonEvents | where TimeGenerated > ago(${w}) | where RemoteIP == ip | project TimeGenerated, Source = "DeviceLogonEvents", Who = AccountName, What = strcat(ActionType, " ", LogonType, " on ", DeviceName)`,
          },
          {
            table: 'DeviceNetworkEvents',
            body: `DeviceNetworkEvents | where TimeGenerated > ago(${w}) | where RemoteIP == ip or LocalIP == ip | project TimeGenerated, Source = "DeviceNetworkEvents", Who = DeviceName, What = strcat(InitiatingProcessFileName, " ", RemoteUrl, ":", tostring(RemotePort))`,
          },
          {
            table: 'CommonSecurityLog',
            body: `CommonSecurityLog | where TimeGenerated > ago(${w}) | where SourceIP == ip or DestinationIP == ip | project TimeGenerated, Source = "CommonSecurityLog", Who = strcat(SourceIP, " -> ", DestinationIP), What = strcat(DeviceVendor, " ", DeviceAction, " ", tostring(DestinationPort))`,
          },
          {
            table: 'OfficeActivity',
            body: `OfficeActivity | where TimeGenerated > ago(${w}) | where ClientIP == ip | project TimeGenerated, Source = "OfficeActivity", Who = UserId, What = Operation`,
          },
          {
            table: 'AzureActivity',
            body: `AzureActivity | where TimeGenerated > ago(${w}) | where CallerIpAddress == ip | project TimeGenerated, Source = "AzureActivity", Who = Caller, What = OperationNameValue`,
          },
        ],
        tables,
        `| summarize Rows = count(), First = min(TimeGenerated), Last = max(TimeGenerated), Who = make_set(Who, 10), What = make_set(What, 10) by Source
| order by First asc`,
      ),
      ['SigninLogs', 'SecurityEvent', 'DeviceNetworkEvents', 'CommonSecurityLog', 'OfficeActivity'],
    ),
  );
  steps.push(
    oneTable(
      'SigninLogs',
      tables,
      'Accounts that signed in (or tried) from it: many accounts with 50126 is a password spray; 50074 or 0 means a password worked.',
      `${lets}
SigninLogs
| where TimeGenerated > ago(${w})
| where IPAddress == ip
| summarize Attempts = count(), Succeeded = countif(ResultType == "0"), ResultTypes = make_set(ResultType, 10), Apps = make_set(AppDisplayName, 5), First = min(TimeGenerated), Last = max(TimeGenerated) by UserPrincipalName
| order by Succeeded desc, Attempts desc`,
    ),
  );
  steps.push(
    oneTable(
      'DeviceNetworkEvents',
      tables,
      'Hosts that talked to it (DeviceNetworkEvents), by process: a steady stream from one process is beaconing; note the domain (RemoteUrl).',
      `${lets}
DeviceNetworkEvents
| where TimeGenerated > ago(${w})
| where RemoteIP == ip
| summarize Connections = count(), First = min(TimeGenerated), Last = max(TimeGenerated), Ports = make_set(RemotePort, 5), Urls = make_set(RemoteUrl, 5) by DeviceName, InitiatingProcessFileName, InitiatingProcessAccountName
| order by Connections desc`,
    ),
  );
  steps.push(alertsAndIncidentsStep(ip.address, tables, '30d'));
  steps.push(enrichStep());
  return steps;
}

// ---------------------------------------------------------------------------------------------
// URL and domain

function domainFootprint(lets: string, tables: TableSet, w: string): string | undefined {
  return unionOf(
    lets,
    [
      {
        table: 'DeviceNetworkEvents',
        body: `DeviceNetworkEvents | where TimeGenerated > ago(${w}) | where RemoteUrl has domain | project TimeGenerated, Source = "DeviceNetworkEvents", Where = DeviceName, What = strcat(InitiatingProcessFileName, " -> ", RemoteIP, ":", tostring(RemotePort))`,
      },
      {
        table: 'DeviceProcessEvents',
        body: `DeviceProcessEvents | where TimeGenerated > ago(${w}) | where ProcessCommandLine has domain | project TimeGenerated, Source = "DeviceProcessEvents", Where = DeviceName, What = ProcessCommandLine`,
      },
      {
        table: 'DeviceFileEvents',
        body: `DeviceFileEvents | where TimeGenerated > ago(${w}) | where FileOriginUrl has domain | project TimeGenerated, Source = "DeviceFileEvents", Where = DeviceName, What = strcat(ActionType, " ", FolderPath)`,
      },
      {
        table: 'CommonSecurityLog',
        body: `CommonSecurityLog | where TimeGenerated > ago(${w}) | where RequestURL has domain or DestinationHostName has domain | project TimeGenerated, Source = "CommonSecurityLog", Where = SourceIP, What = strcat(DeviceAction, " ", RequestURL)`,
      },
      {
        table: 'DnsEvents',
        body: `DnsEvents | where TimeGenerated > ago(${w}) | where Name has domain | project TimeGenerated, Source = "DnsEvents", Where = Computer, What = strcat(Name, " -> ", IPAddresses)`,
      },
      {
        table: 'UrlClickEvents',
        body: `UrlClickEvents | where TimeGenerated > ago(${w}) | where Url has domain | project TimeGenerated, Source = "UrlClickEvents", Where = AccountUpn, What = strcat(ActionType, " ", Url)`,
      },
      {
        table: 'EmailUrlInfo',
        body: `EmailUrlInfo | where TimeGenerated > ago(${w}) | where UrlDomain has domain | project TimeGenerated, Source = "EmailUrlInfo", Where = NetworkMessageId, What = Url`,
      },
    ],
    tables,
    `| summarize Rows = count(), First = min(TimeGenerated), Last = max(TimeGenerated), Where = make_set(Where, 10), What = make_set(What, 5) by Source
| order by First asc`,
  );
}

function domainTiStep(domain: string, lets: string, tables: TableSet, extra = ''): string {
  return oneTable(
    'ThreatIntelligenceIndicator',
    tables,
    `Threat intelligence: sentinel_ti_indicators_list with search = ${kqlString(domain)} for indicators of this domain or URL, and the ThreatIntelligenceIndicator table:`,
    `${lets}
ThreatIntelligenceIndicator
| where TimeGenerated > ago(90d)
| where DomainName =~ domain or Url has domain${extra}
| summarize arg_max(TimeGenerated, *) by IndicatorId
| project TimeGenerated, IndicatorId, ThreatType, ConfidenceScore, Active, ExpirationDateTime, DomainName, Url, Description`,
  );
}

export function domainSteps(e: DomainEntity, tables: TableSet, w: string): string[] {
  const lets = `let domain = ${kqlString(e.domain)};`;
  return [
    `Who holds it: sentinel_domain_whois_get with domain = ${kqlString(e.domain)}: registrar, creation date (days old is suspicious), name servers, abuse contact.`,
    domainTiStep(e.domain, lets, tables),
    queryStep(
      'Where it appears: network connections, command lines (downloads), files, proxies and firewalls, DNS, mail and clicks:',
      domainFootprint(lets, tables, w),
      ['DeviceNetworkEvents', 'DeviceProcessEvents', 'CommonSecurityLog'],
    ),
    oneTable(
      'DeviceNetworkEvents',
      tables,
      'The addresses it resolved to and the hosts and processes that connected (then geolocate and look up the addresses):',
      `${lets}
DeviceNetworkEvents
| where TimeGenerated > ago(${w})
| where RemoteUrl has domain
| summarize Connections = count(), First = min(TimeGenerated), Last = max(TimeGenerated), Processes = make_set(InitiatingProcessFileName, 5) by DeviceName, RemoteIP
| order by Connections desc`,
    ),
    alertsAndIncidentsStep(e.domain, tables, '30d'),
    enrichStep(),
  ];
}

export function urlSteps(e: UrlEntity, tables: TableSet, w: string): string[] {
  const lets = `let url = ${kqlString(e.url)};\nlet domain = ${kqlString(e.host)};`;
  const steps = [
    e.hostIsIp
      ? `The URL points at the address ${e.host}: sentinel_ip_geodata_get with ip = ${kqlString(e.host)} for where it is.`
      : `Who holds its domain: sentinel_domain_whois_get with domain = ${kqlString(e.host)}: registrar, creation date (days old is suspicious), name servers.`,
    domainTiStep(e.host, lets, tables, ' or Url =~ url'),
    queryStep(
      'Where the URL or its host appears: network connections, command lines (downloads), files, proxies, DNS, mail and clicks:',
      domainFootprint(lets, tables, w),
      ['DeviceNetworkEvents', 'DeviceProcessEvents', 'CommonSecurityLog'],
    ),
    alertsAndIncidentsStep(e.host, tables, '30d'),
    enrichStep(),
  ];
  return steps;
}

// ---------------------------------------------------------------------------------------------
// File hash

export function hashSteps(e: HashEntity, tables: TableSet, w: string): string[] {
  const lets = `let hash = ${kqlString(e.hash)};`;
  const col = e.algorithm;
  return [
    `The ${e.algorithm} ${e.hash}: look it up in threat intelligence first, then find where it ran or was written.`,
    oneTable(
      'ThreatIntelligenceIndicator',
      tables,
      `Threat intelligence: sentinel_ti_indicators_list with search = ${kqlString(e.hash)} for indicators of this hash, and the ThreatIntelligenceIndicator table:`,
      `${lets}
ThreatIntelligenceIndicator
| where TimeGenerated > ago(90d)
| where FileHashValue =~ hash
| summarize arg_max(TimeGenerated, *) by IndicatorId
| project TimeGenerated, IndicatorId, ThreatType, ConfidenceScore, Active, FileHashType, Description`,
    ),
    queryStep(
      'Where the file ran, was written or loaded, and the alerts that name it:',
      unionOf(
        lets,
        [
          {
            table: 'DeviceProcessEvents',
            body: `DeviceProcessEvents | where TimeGenerated > ago(${w}) | where ${col} =~ hash or InitiatingProcess${col} =~ hash | project TimeGenerated, Source = "DeviceProcessEvents", Host = DeviceName, Account = AccountName, What = ProcessCommandLine`,
          },
          {
            table: 'DeviceFileEvents',
            body: `DeviceFileEvents | where TimeGenerated > ago(${w}) | where ${col} =~ hash | project TimeGenerated, Source = "DeviceFileEvents", Host = DeviceName, Account = InitiatingProcessAccountName, What = strcat(ActionType, " ", FolderPath, " ", FileOriginUrl)`,
          },
          {
            table: 'DeviceImageLoadEvents',
            body: `DeviceImageLoadEvents | where TimeGenerated > ago(${w}) | where ${col} =~ hash | project TimeGenerated, Source = "DeviceImageLoadEvents", Host = DeviceName, Account = InitiatingProcessAccountName, What = strcat(FolderPath, " loaded by ", InitiatingProcessFileName)`,
          },
          {
            table: 'SecurityAlert',
            body: `SecurityAlert | where TimeGenerated > ago(${w}) | where Entities has hash | project TimeGenerated, Source = "SecurityAlert", Host = CompromisedEntity, Account = "", What = AlertName`,
          },
        ],
        tables,
        `| summarize Rows = count(), First = min(TimeGenerated), Last = max(TimeGenerated), Hosts = make_set(Host, 10), Accounts = make_set(Account, 10), What = make_set(What, 5) by Source
| order by First asc`,
      ),
      ['DeviceProcessEvents', 'DeviceFileEvents', 'SecurityAlert'],
    ),
    alertsAndIncidentsStep(e.hash, tables, '30d'),
    'For each host and account found, look at what else happened there around the same time (processes, network, logons), and enrich addresses and domains as below.',
    enrichStep(),
  ];
}
