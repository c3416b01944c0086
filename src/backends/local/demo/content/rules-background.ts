// The scheduled analytics rules behind the demo's everyday incidents (closed benign positives, the
// SSH brute force, the service account with a stale password). Same rules as rules-story.ts: no
// now()/ago(), the run's time range is the query period.
import { groupByAllEntities, groupBySelected, map, type QueryRuleDef } from './rule-types.js';

const COUNTRY_NAMES = `let CountryNames = datatable(Country: string, CountryName: string) [
    "US", "United States", "GB", "United Kingdom", "CA", "Canada", "DE", "Germany", "FR", "France",
    "NG", "Nigeria", "RU", "Russia", "VN", "Vietnam", "CN", "China", "IN", "India"
];`;

export function backgroundRules(): QueryRuleDef[] {
  return [
    {
      kind: 'Scheduled',
      displayName: 'SSH brute force attempts',
      description:
        'Many failed SSH logons (sshd "Failed password") from one IP address against a Linux host within the query period.',
      severity: 'Low',
      enabled: true,
      query: `let threshold = 30;
Syslog
| where ProcessName =~ "sshd" and SyslogMessage has "Failed password"
| extend SourceIP = extract(@"from (\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})", 1, SyslogMessage), TargetUser = extract(@"for (?:invalid user )?(\\S+) from", 1, SyslogMessage)
| summarize Failures = count(), Users = dcount(TargetUser), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated) by HostName, SourceIP
| where Failures >= threshold
| order by Failures desc`,
      queryFrequency: 'PT1H',
      queryPeriod: 'PT1H',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      tactics: ['CredentialAccess'],
      techniques: ['T1110'],
      subTechniques: ['T1110.001'],
      entityMappings: [map('Host', ['HostName', 'HostName']), map('IP', ['Address', 'SourceIP'])],
      aggregationKind: 'SingleAlert',
      customDetails: { Failures: 'Failures', TargetedUsers: 'Users' },
      alertDetailsOverride: { alertDisplayNameFormat: 'SSH brute force attempts on {{HostName}}' },
      grouping: groupBySelected(['Host'], 'PT5H'),
      suppressionDuration: 'PT5H',
      suppressionEnabled: false,
      template: 'SSH - Potential Brute Force',
      modifiedDaysAgo: 77,
    },
    {
      kind: 'Scheduled',
      displayName: 'Mass download by a single user from SharePoint',
      description:
        'A user downloaded an unusually large number of distinct files from SharePoint or OneDrive within an hour.',
      severity: 'Medium',
      enabled: true,
      query: `let threshold = 50;
OfficeActivity
| where Operation in ("FileDownloaded", "FileSyncDownloadedFull")
| summarize Downloads = count(), Files = dcount(OfficeObjectId), Sites = make_set(Site_Url, 5), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated) by UserId, ClientIP
| where Files >= threshold`,
      queryFrequency: 'PT1H',
      queryPeriod: 'PT1H',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      tactics: ['Exfiltration', 'Collection'],
      techniques: ['T1530'],
      subTechniques: [],
      entityMappings: [map('Account', ['FullName', 'UserId'])],
      aggregationKind: 'AlertPerResult',
      customDetails: { Files: 'Files', Downloads: 'Downloads' },
      grouping: groupBySelected(['Account'], 'P1D'),
      suppressionDuration: 'PT5H',
      suppressionEnabled: false,
      modifiedDaysAgo: 64,
    },
    {
      kind: 'Scheduled',
      displayName: 'Sign-in from a new country',
      description:
        'A user signed in successfully from a country not seen in their sign-ins of the previous days of the query period.',
      severity: 'Medium',
      enabled: true,
      query: `${COUNTRY_NAMES}
SigninLogs
| where ResultType == "0"
| extend Country = tostring(LocationDetails.countryOrRegion), City = tostring(LocationDetails.city)
| where isnotempty(Country)
| summarize arg_min(TimeGenerated, IPAddress, City, AppDisplayName), SignIns = count() by UserPrincipalName, UserId, Country
| join kind=inner (
    SigninLogs
    | where ResultType == "0"
    | summarize UserFirstSeen = min(TimeGenerated) by UserPrincipalName
  ) on UserPrincipalName
// a country first seen after at least three days of the user's history
| where TimeGenerated > UserFirstSeen + 3d
| join kind=leftouter CountryNames on Country
| extend CountryName = coalesce(CountryName, Country)
| project CountryFirstSeen = TimeGenerated, UserPrincipalName, UserId, Country, CountryName, City, IPAddress, AppDisplayName, SignIns`,
      queryFrequency: 'P1D',
      queryPeriod: 'P14D',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      tactics: ['InitialAccess'],
      techniques: ['T1078'],
      subTechniques: [],
      entityMappings: [
        map('Account', ['FullName', 'UserPrincipalName'], ['AadUserId', 'UserId']),
        map('IP', ['Address', 'IPAddress']),
      ],
      aggregationKind: 'AlertPerResult',
      customDetails: { Country: 'Country', City: 'City' },
      alertDetailsOverride: {
        alertDisplayNameFormat: 'Sign-in from a new country: {{CountryName}} ({{UserPrincipalName}})',
      },
      grouping: groupBySelected(['Account'], 'P7D'),
      suppressionDuration: 'P1D',
      suppressionEnabled: true,
      modifiedDaysAgo: 30,
    },
    {
      kind: 'Scheduled',
      displayName: 'User added to a privileged Entra ID role',
      description:
        'A user was added to a privileged directory role outside Privileged Identity Management (PIM).',
      severity: 'Medium',
      enabled: true,
      query: `let privilegedRoles = dynamic(["Global Administrator", "Privileged Role Administrator", "Conditional Access Administrator", "Security Administrator", "Exchange Administrator", "User Administrator", "Application Administrator", "Privileged Authentication Administrator"]);
AuditLogs
| where OperationName in ("Add member to role", "Add eligible member to role") and Result =~ "success"
| mv-expand Target = TargetResources
| extend TargetUpn = tostring(Target.userPrincipalName)
| mv-expand Property = Target.modifiedProperties
| where tostring(Property.displayName) == "Role.DisplayName"
| extend RoleName = trim('"', tostring(Property.newValue))
| where RoleName in~ (privilegedRoles)
| extend InitiatorUpn = tostring(InitiatedBy.user.userPrincipalName), InitiatorIp = tostring(InitiatedBy.user.ipAddress)
| project TimeGenerated, OperationName, RoleName, TargetUpn, InitiatorUpn, InitiatorIp`,
      queryFrequency: 'PT1H',
      queryPeriod: 'PT1H',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      tactics: ['Persistence', 'PrivilegeEscalation'],
      techniques: ['T1098'],
      subTechniques: ['T1098.003'],
      entityMappings: [
        map('Account', ['FullName', 'InitiatorUpn']),
        map('Account', ['FullName', 'TargetUpn']),
      ],
      aggregationKind: 'AlertPerResult',
      customDetails: { Role: 'RoleName' },
      grouping: groupByAllEntities('PT5H'),
      suppressionDuration: 'PT5H',
      suppressionEnabled: false,
      template: 'User added to Microsoft Entra ID Privileged Groups',
      modifiedDaysAgo: 112,
    },
    {
      kind: 'Scheduled',
      displayName: 'Role assignment created at subscription scope',
      description: 'A role assignment was created at subscription scope in Azure (not on a resource group).',
      severity: 'Low',
      enabled: true,
      query: `AzureActivity
| where OperationNameValue =~ "Microsoft.Authorization/roleAssignments/write" and ActivityStatusValue =~ "Success"
| where ResourceId matches regex @"(?i)^/subscriptions/[^/]+/providers/Microsoft\\.Authorization/roleAssignments/"
| extend Subscription = strcat("/subscriptions/", SubscriptionId)
| project TimeGenerated, Caller, CallerIpAddress, Subscription, ResourceId`,
      queryFrequency: 'PT1H',
      queryPeriod: 'PT1H',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      tactics: ['PrivilegeEscalation'],
      techniques: ['T1098'],
      subTechniques: [],
      entityMappings: [
        map('Account', ['FullName', 'Caller']),
        map('AzureResource', ['ResourceId', 'Subscription']),
      ],
      aggregationKind: 'AlertPerResult',
      grouping: groupByAllEntities('PT5H'),
      suppressionDuration: 'PT5H',
      suppressionEnabled: false,
      modifiedDaysAgo: 88,
    },
    {
      kind: 'Scheduled',
      displayName: 'Repeated failed logons by a service account',
      description:
        'A service account (svc-*) failed to log on many times in a day: a stale stored password or a guessing attempt.',
      severity: 'Low',
      enabled: true,
      query: `SecurityEvent
| where EventID == 4625
| where TargetUserName startswith "svc-"
| summarize Failures = count(), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated), LogonTypes = make_set(LogonType), SubStatus = any(SubStatus) by TargetUserName, TargetDomainName, Computer
| where Failures >= 10
| extend HostName = tostring(split(Computer, ".")[0])`,
      queryFrequency: 'P1D',
      queryPeriod: 'P1D',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      tactics: ['CredentialAccess'],
      techniques: ['T1110'],
      subTechniques: [],
      entityMappings: [
        map('Account', ['Name', 'TargetUserName'], ['NTDomain', 'TargetDomainName']),
        map('Host', ['FullName', 'Computer']),
      ],
      aggregationKind: 'AlertPerResult',
      customDetails: { Failures: 'Failures', SubStatus: 'SubStatus' },
      alertDetailsOverride: {
        alertDisplayNameFormat:
          'Repeated failed logons by service account {{TargetUserName}} on {{HostName}}',
      },
      grouping: groupBySelected(['Account', 'Host'], 'P7D'),
      suppressionDuration: 'PT5H',
      suppressionEnabled: false,
      modifiedDaysAgo: 150,
    },
  ];
}
