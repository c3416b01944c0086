// The scheduled analytics rules that raised the attack story's alerts. Their queries are plain KQL over
// the demo tables; run over [T - queryPeriod, T] (T: the alert's time) they return the alert's rows.
// They never call now() or ago(): the time range of the run is the query period, as in Sentinel.
import { groupByAllEntities, groupBySelected, map, type QueryRuleDef } from './rule-types.js';

const TI_IOCS = `let IOCs = ThreatIntelligenceIndicator
| summarize arg_max(TimeGenerated, *) by IndicatorId
| where Active == true
| extend TI_ipEntity = coalesce(NetworkIP, NetworkDestinationIP, NetworkSourceIP, EmailSourceIpAddress)
| where isnotempty(TI_ipEntity)
| project IndicatorId, TI_ipEntity, ThreatType, Description, ConfidenceScore, ExpirationDateTime, IndicatorProvider;`;

export function storyRules(domain: string): QueryRuleDef[] {
  return [
    {
      kind: 'Scheduled',
      displayName: 'Password spray attack against Microsoft Entra ID',
      description:
        'Identifies IP addresses that failed to sign in to many different accounts in a short time, a sign of password spraying. Successful sign-ins from the same IP lower the suspicion.',
      severity: 'Medium',
      enabled: true,
      query: `let minAccounts = 10;
SigninLogs
| where ResultType in ("50126", "50053", "50055", "50056", "50034", "50074", "50057")
| summarize FailedAccounts = dcount(UserPrincipalName), Failures = count(), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated), Apps = make_set(AppDisplayName, 5) by IPAddress, Country = tostring(LocationDetails.countryOrRegion)
| where FailedAccounts >= minAccounts
| join kind=leftouter (SigninLogs | where ResultType == "0" | summarize Successes = count() by IPAddress) on IPAddress
| extend Successes = coalesce(Successes, 0)
| where Successes == 0 or Failures > 5 * Successes
| project StartTime, EndTime, IPAddress, Country, FailedAccounts, Failures, Successes, Apps`,
      queryFrequency: 'PT1H',
      queryPeriod: 'P1D',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      tactics: ['CredentialAccess'],
      techniques: ['T1110'],
      subTechniques: ['T1110.003'],
      entityMappings: [map('IP', ['Address', 'IPAddress'])],
      aggregationKind: 'SingleAlert',
      customDetails: { FailedAccounts: 'FailedAccounts', Failures: 'Failures' },
      grouping: groupByAllEntities('P1D'),
      suppressionDuration: 'PT5H',
      suppressionEnabled: false,
      template: 'Password spray attack against Microsoft Entra ID',
      modifiedDaysAgo: 96,
    },
    {
      kind: 'Scheduled',
      displayName: 'Multiple failed logons to RD Gateway from one IP',
      description:
        'Many failed Windows logons (4625) for different accounts from a single external IP address on the Remote Desktop Gateway.',
      severity: 'Medium',
      enabled: true,
      query: `SecurityEvent
| where EventID == 4625 and LogonType == 3
| where isnotempty(IpAddress) and IpAddress != "-" and not(ipv4_is_private(IpAddress))
| summarize FailedAccounts = dcount(TargetAccount), Failures = count(), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated) by IpAddress, Computer
| where FailedAccounts >= 10
| extend HostName = tostring(split(Computer, ".")[0]), DnsDomain = substring(Computer, indexof(Computer, ".") + 1)
| project StartTime, EndTime, IpAddress, Computer, HostName, DnsDomain, FailedAccounts, Failures`,
      queryFrequency: 'PT1H',
      queryPeriod: 'P1D',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      tactics: ['CredentialAccess'],
      techniques: ['T1110'],
      subTechniques: ['T1110.003'],
      entityMappings: [
        map('IP', ['Address', 'IpAddress']),
        map('Host', ['HostName', 'HostName'], ['DnsDomain', 'DnsDomain']),
      ],
      aggregationKind: 'SingleAlert',
      customDetails: { FailedAccounts: 'FailedAccounts' },
      grouping: groupBySelected(['Host'], 'P1D'),
      suppressionDuration: 'PT5H',
      suppressionEnabled: false,
      modifiedDaysAgo: 41,
    },
    {
      kind: 'Scheduled',
      displayName: 'MFA fatigue: repeated denied MFA requests followed by a successful sign-in',
      description:
        'A user denied several MFA push notifications and then approved one from the same IP address: the pattern of an MFA fatigue (push bombing) attack after a password was guessed.',
      severity: 'Medium',
      enabled: true,
      query: `let threshold = 3;
SigninLogs
| where ResultType == "500121"
| summarize Denials = count(), FirstDenial = min(TimeGenerated), LastDenial = max(TimeGenerated) by UserPrincipalName, UserId, IPAddress
| where Denials >= threshold
| join kind=inner (
    SigninLogs
    | where ResultType == "0"
    | summarize SuccessTime = min(TimeGenerated), AppDisplayName = any(AppDisplayName) by UserPrincipalName, IPAddress
  ) on UserPrincipalName, IPAddress
| where SuccessTime > LastDenial
| project FirstDenial, LastDenial, SuccessTime, UserPrincipalName, UserId, IPAddress, Denials, AppDisplayName`,
      queryFrequency: 'PT1H',
      queryPeriod: 'PT2H',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      tactics: ['CredentialAccess', 'InitialAccess'],
      techniques: ['T1621', 'T1078'],
      subTechniques: [],
      entityMappings: [
        map('Account', ['FullName', 'UserPrincipalName'], ['AadUserId', 'UserId']),
        map('IP', ['Address', 'IPAddress']),
      ],
      aggregationKind: 'SingleAlert',
      customDetails: { MfaDenials: 'Denials', Application: 'AppDisplayName' },
      alertDetailsOverride: {
        alertDescriptionFormat:
          '{{UserPrincipalName}} denied {{Denials}} MFA requests from {{IPAddress}}, then approved one.',
      },
      grouping: groupBySelected(['Account'], 'P1D'),
      suppressionDuration: 'PT5H',
      suppressionEnabled: false,
      modifiedDaysAgo: 23,
    },
    {
      kind: 'Scheduled',
      displayName: 'Suspicious inbox rule forwarding mail to an external address',
      description:
        'An inbox rule or mailbox setting forwards or redirects mail to an address outside the organisation, a common step of business email compromise.',
      severity: 'High',
      enabled: true,
      query: `let internalDomains = dynamic(["${domain}"]);
OfficeActivity
| where OfficeWorkload == "Exchange" and Operation in~ ("New-InboxRule", "Set-InboxRule", "Set-Mailbox", "UpdateInboxRules")
| mv-expand Parameter = todynamic(Parameters)
| where tostring(Parameter.Name) in~ ("ForwardTo", "ForwardAsAttachmentTo", "RedirectTo", "ForwardingSmtpAddress", "ForwardingAddress")
| extend ForwardTo = trim_start("smtp:", tostring(Parameter.Value))
| where isnotempty(ForwardTo)
| extend ForwardDomain = tolower(tostring(split(ForwardTo, "@")[1]))
| where not(ForwardDomain in (internalDomains))
| summarize StartTime = min(TimeGenerated), EndTime = max(TimeGenerated), Operations = make_set(Operation), ForwardTo = any(ForwardTo) by UserId, ClientIP
| extend MailboxPrimaryAddress = UserId`,
      queryFrequency: 'PT1H',
      queryPeriod: 'PT1H',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      tactics: ['Collection', 'Exfiltration', 'DefenseEvasion'],
      techniques: ['T1114', 'T1564'],
      subTechniques: ['T1114.003', 'T1564.008'],
      entityMappings: [
        map('Account', ['FullName', 'UserId']),
        map('IP', ['Address', 'ClientIP']),
        map('Mailbox', ['MailboxPrimaryAddress', 'MailboxPrimaryAddress']),
      ],
      aggregationKind: 'AlertPerResult',
      customDetails: { ForwardTo: 'ForwardTo', Operations: 'Operations' },
      alertDetailsOverride: {
        alertDescriptionFormat:
          'Mail of {{UserId}} is forwarded to {{ForwardTo}}; the change came from {{ClientIP}}.',
      },
      grouping: groupBySelected(['Account'], 'P1D'),
      suppressionDuration: 'PT5H',
      suppressionEnabled: false,
      template: 'Malicious Inbox Rule',
      modifiedDaysAgo: 58,
    },
    {
      kind: 'Scheduled',
      displayName: 'TI map IP entity to DeviceNetworkEvents',
      description:
        'Identifies a match in DeviceNetworkEvents from any IP IOC in threat intelligence: a device connected to a known malicious address.',
      severity: 'High',
      enabled: true,
      query: `${TI_IOCS}
IOCs
| join kind=innerunique (
    DeviceNetworkEvents
    | where ActionType == "ConnectionSuccess" and RemoteIPType == "Public"
    | project DeviceTime = TimeGenerated, DeviceName, RemoteIP, RemoteUrl, RemotePort, InitiatingProcessFileName, InitiatingProcessAccountName
  ) on $left.TI_ipEntity == $right.RemoteIP
| where DeviceTime < ExpirationDateTime
| summarize arg_max(DeviceTime, *), Connections = count() by DeviceName, TI_ipEntity, IndicatorId
| extend HostName = tostring(split(DeviceName, ".")[0]), DnsDomain = substring(DeviceName, indexof(DeviceName, ".") + 1)
| project DeviceTime, HostName, DnsDomain, TI_ipEntity, RemoteUrl, RemotePort, Connections, InitiatingProcessFileName, InitiatingProcessAccountName, ThreatType, ConfidenceScore, Description, IndicatorProvider`,
      queryFrequency: 'PT1H',
      queryPeriod: 'P14D',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      tactics: ['CommandAndControl'],
      techniques: ['T1071'],
      subTechniques: ['T1071.001'],
      entityMappings: [
        map('Host', ['HostName', 'HostName'], ['DnsDomain', 'DnsDomain']),
        map('IP', ['Address', 'TI_ipEntity']),
        map('DNS', ['DomainName', 'RemoteUrl']),
      ],
      aggregationKind: 'AlertPerResult',
      customDetails: {
        ThreatType: 'ThreatType',
        Connections: 'Connections',
        Process: 'InitiatingProcessFileName',
      },
      alertDetailsOverride: {
        alertDescriptionFormat:
          '{{HostName}} connected to {{TI_ipEntity}} ({{RemoteUrl}}), an indicator of type {{ThreatType}} in threat intelligence.',
      },
      grouping: groupBySelected(['Host'], 'P1D'),
      suppressionDuration: 'PT1H',
      suppressionEnabled: false,
      template: 'TI map IP entity to DeviceNetworkEvents',
      modifiedDaysAgo: 132,
    },
    {
      kind: 'Scheduled',
      displayName: 'TI map IP entity to CommonSecurityLog',
      description:
        'Identifies a match in CommonSecurityLog (firewall sessions allowed) from any IP IOC in threat intelligence.',
      severity: 'Medium',
      enabled: true,
      query: `${TI_IOCS}
IOCs
| join kind=innerunique (
    CommonSecurityLog
    | where DeviceAction !in ("deny", "drop", "reset-both")
    | extend CS_ipEntity = iff(ipv4_is_private(DestinationIP), SourceIP, DestinationIP)
    | project CommonSecurityLog_TimeGenerated = TimeGenerated, CS_ipEntity, SourceIP, DestinationIP, DestinationPort, DeviceVendor, DeviceProduct, DeviceAction, Activity, ApplicationProtocol
  ) on $left.TI_ipEntity == $right.CS_ipEntity
| where CommonSecurityLog_TimeGenerated < ExpirationDateTime
| summarize arg_max(CommonSecurityLog_TimeGenerated, *), Sessions = count() by TI_ipEntity, SourceIP, IndicatorId
| project CommonSecurityLog_TimeGenerated, TI_ipEntity, SourceIP, DestinationIP, DestinationPort, Sessions, DeviceVendor, DeviceProduct, DeviceAction, ThreatType, ConfidenceScore, Description`,
      queryFrequency: 'PT1H',
      queryPeriod: 'P14D',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      tactics: ['CommandAndControl'],
      techniques: ['T1071'],
      subTechniques: [],
      entityMappings: [map('IP', ['Address', 'TI_ipEntity']), map('IP', ['Address', 'SourceIP'])],
      aggregationKind: 'AlertPerResult',
      customDetails: { ThreatType: 'ThreatType', Sessions: 'Sessions' },
      grouping: groupByAllEntities('P1D'),
      suppressionDuration: 'PT1H',
      suppressionEnabled: false,
      template: 'TI map IP entity to CommonSecurityLog',
      modifiedDaysAgo: 132,
    },
  ];
}
