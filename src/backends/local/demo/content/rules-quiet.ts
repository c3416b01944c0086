// Rules of the demo that raised nothing in its two weeks: an NRT rule, an enabled scheduled rule whose
// condition never happened, and one disabled as too noisy.
import { NO_GROUPING, groupByAllEntities, map, type QueryRuleDef } from './rule-types.js';

export function quietRules(): QueryRuleDef[] {
  return [
    {
      kind: 'NRT',
      displayName: 'NRT Security Event log cleared',
      description:
        'The Windows Security event log was cleared (event 1102). Attackers clear logs to hide their tracks; administrators rarely need to.',
      severity: 'Medium',
      enabled: true,
      query: `SecurityEvent
| where EventID == 1102 and EventSourceName =~ "Microsoft-Windows-Eventlog"
| summarize LastEvent = max(TimeGenerated), Clears = count() by Computer, Account, SubjectUserName, SubjectDomainName
| extend HostName = tostring(split(Computer, ".")[0])`,
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      tactics: ['DefenseEvasion'],
      techniques: ['T1070'],
      subTechniques: ['T1070.001'],
      entityMappings: [
        map('Account', ['Name', 'SubjectUserName'], ['NTDomain', 'SubjectDomainName']),
        map('Host', ['FullName', 'Computer']),
      ],
      aggregationKind: 'AlertPerResult',
      grouping: groupByAllEntities('PT5H'),
      suppressionDuration: 'PT5H',
      suppressionEnabled: false,
      template: 'NRT Security Event log cleared',
      modifiedDaysAgo: 140,
    },
    {
      kind: 'Scheduled',
      displayName: 'Account created and deleted in short timeframe',
      description:
        'A user account was created and then deleted within a day: an attacker may create an account for a task and remove it to cover their tracks.',
      severity: 'High',
      enabled: true,
      query: `let created = AuditLogs
| where OperationName == "Add user" and Result =~ "success"
| extend UserPrincipalName = tostring(TargetResources[0].userPrincipalName), CreatedBy = tostring(InitiatedBy.user.userPrincipalName)
| project CreatedTime = TimeGenerated, UserPrincipalName, CreatedBy;
AuditLogs
| where OperationName == "Delete user" and Result =~ "success"
| extend UserPrincipalName = tostring(TargetResources[0].userPrincipalName), DeletedBy = tostring(InitiatedBy.user.userPrincipalName)
| project DeletedTime = TimeGenerated, UserPrincipalName, DeletedBy
| join kind=inner created on UserPrincipalName
| where DeletedTime - CreatedTime between (0s .. 1d)
| project CreatedTime, DeletedTime, UserPrincipalName, CreatedBy, DeletedBy`,
      queryFrequency: 'PT1H',
      queryPeriod: 'P1D',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      tactics: ['InitialAccess'],
      techniques: ['T1078'],
      subTechniques: ['T1078.004'],
      entityMappings: [
        map('Account', ['FullName', 'UserPrincipalName']),
        map('Account', ['FullName', 'CreatedBy']),
      ],
      aggregationKind: 'AlertPerResult',
      grouping: groupByAllEntities('PT5H'),
      suppressionDuration: 'PT5H',
      suppressionEnabled: false,
      template: 'Account Created and Deleted in Short Timeframe',
      modifiedDaysAgo: 140,
    },
    {
      kind: 'Scheduled',
      displayName: 'Rare RDP connection from the internet',
      description:
        'A successful remote logon (type 10) to a server from a public IP address. Disabled: every RD Gateway session looked like this before the gateway logs were parsed.',
      severity: 'Low',
      enabled: false,
      query: `SecurityEvent
| where EventID == 4624 and LogonType == 10
| where isnotempty(IpAddress) and IpAddress != "-" and not(ipv4_is_private(IpAddress))
| summarize Logons = count(), FirstLogon = min(TimeGenerated), LastLogon = max(TimeGenerated) by Computer, TargetAccount, IpAddress`,
      queryFrequency: 'PT1H',
      queryPeriod: 'P1D',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      tactics: ['LateralMovement', 'InitialAccess'],
      techniques: ['T1021', 'T1133'],
      subTechniques: ['T1021.001'],
      entityMappings: [
        map('Host', ['FullName', 'Computer']),
        map('Account', ['FullName', 'TargetAccount']),
        map('IP', ['Address', 'IpAddress']),
      ],
      aggregationKind: 'AlertPerResult',
      grouping: NO_GROUPING,
      suppressionDuration: 'PT5H',
      suppressionEnabled: false,
      modifiedDaysAgo: 201,
    },
  ];
}
