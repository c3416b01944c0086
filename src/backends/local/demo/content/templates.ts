// Analytics rule templates (the content hub's Scheduled, NRT, Fusion, Microsoft incident creation,
// ML behavior analytics and threat intelligence templates). Those some demo rules came from carry the
// rule's query and settings; the others are realistic templates this workspace has not used.
import type { ArmResource } from '../../../objects.js';
import type { DemoStory } from '../story.js';
import { DAY } from '../time.js';
import { guidOf, sentinelId } from './arm.js';
import type { QueryRuleDef } from './rule-types.js';
import { map } from './rule-types.js';

type Connector = [connectorId: string, dataTypes: string[]];

interface TemplateDef {
  kind:
    | 'Scheduled'
    | 'NRT'
    | 'Fusion'
    | 'MicrosoftSecurityIncidentCreation'
    | 'MLBehaviorAnalytics'
    | 'ThreatIntelligence';
  displayName: string;
  /** A fixed id (the real template's) where we know it; otherwise derived from the name. */
  id?: string;
  description: string;
  severity?: string;
  tactics?: string[];
  techniques?: string[];
  subTechniques?: string[];
  connectors: Connector[];
  version?: string;
  created: number;
  updated: number;
  /** Scheduled/NRT only. */
  rule?: Pick<
    QueryRuleDef,
    'query' | 'queryFrequency' | 'queryPeriod' | 'triggerOperator' | 'triggerThreshold' | 'entityMappings'
  > &
    Partial<Pick<QueryRuleDef, 'customDetails' | 'alertDetailsOverride' | 'aggregationKind'>>;
  productFilter?: string;
}

const AAD_SIGNIN: Connector = ['AzureActiveDirectory', ['SigninLogs']];
const AAD_AUDIT: Connector = ['AzureActiveDirectory', ['AuditLogs']];
const OFFICE_EXCHANGE: Connector = ['Office365', ['OfficeActivity (Exchange)']];
const TI: Connector = ['ThreatIntelligence', ['ThreatIntelligenceIndicator']];
const MDE_TABLES = (t: string): Connector => ['MicrosoftThreatProtection', [t]];

/** Template id by display name (rules.ts uses it for alertRuleTemplateName). */
export function templateIdOf(displayName: string): string {
  return TEMPLATES_FIXED_IDS[displayName] ?? guidOf(`template:${displayName}`);
}

const TEMPLATES_FIXED_IDS: Record<string, string> = {
  'Advanced Multi-Stage Attack Detection': 'f71aba3d-28fb-450b-b192-4e76a83015c8',
};

function fromRule(
  rule: QueryRuleDef,
  connectors: Connector[],
  created: number,
  version: string,
): TemplateDef {
  return {
    kind: rule.kind,
    displayName: rule.template ?? rule.displayName,
    description: rule.description,
    severity: rule.severity,
    tactics: rule.tactics,
    techniques: rule.techniques,
    subTechniques: rule.subTechniques,
    connectors,
    version,
    created,
    updated: rule.modifiedDaysAgo + 20,
    rule: {
      query: rule.query,
      ...(rule.queryFrequency ? { queryFrequency: rule.queryFrequency } : {}),
      ...(rule.queryPeriod ? { queryPeriod: rule.queryPeriod } : {}),
      triggerOperator: rule.triggerOperator,
      triggerThreshold: rule.triggerThreshold,
      entityMappings: rule.entityMappings,
      ...(rule.customDetails ? { customDetails: rule.customDetails } : {}),
      ...(rule.alertDetailsOverride ? { alertDetailsOverride: rule.alertDetailsOverride } : {}),
      aggregationKind: rule.aggregationKind,
    },
  };
}

const CONNECTORS_BY_TEMPLATE: Record<string, Connector[]> = {
  'Password spray attack against Microsoft Entra ID': [AAD_SIGNIN],
  'Malicious Inbox Rule': [OFFICE_EXCHANGE],
  'TI map IP entity to DeviceNetworkEvents': [MDE_TABLES('DeviceNetworkEvents'), TI],
  'TI map IP entity to CommonSecurityLog': [['CefAma', ['CommonSecurityLog']], TI],
  'SSH - Potential Brute Force': [['SyslogAma', ['Syslog']]],
  'User added to Microsoft Entra ID Privileged Groups': [AAD_AUDIT],
  'NRT Security Event log cleared': [['WindowsSecurityEvents', ['SecurityEvent']]],
  'Account Created and Deleted in Short Timeframe': [AAD_AUDIT],
};

function unusedTemplates(): TemplateDef[] {
  const scheduled = (
    displayName: string,
    severity: string,
    tactics: string[],
    techniques: string[],
    connectors: Connector[],
    description: string,
    query: string,
    entity: [string, string, string],
    created: number,
  ): TemplateDef => ({
    kind: 'Scheduled',
    displayName,
    description,
    severity,
    tactics,
    techniques,
    connectors,
    version: '1.0.3',
    created,
    updated: Math.max(10, created - 300),
    rule: {
      query,
      queryFrequency: 'P1D',
      queryPeriod: 'P1D',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      entityMappings: [map(entity[0], [entity[1], entity[2]])],
    },
  });
  return [
    {
      kind: 'Fusion',
      displayName: 'Advanced Multi-Stage Attack Detection',
      description:
        'Fusion uses graph powered machine learning algorithms to correlate between millions of lower fidelity anomalous activities from different products such as Microsoft Entra ID Protection and Microsoft Defender for Endpoint, to combine them into a manageable number of interesting security cases.',
      severity: 'High',
      tactics: [
        'Collection',
        'CommandAndControl',
        'CredentialAccess',
        'DefenseEvasion',
        'Discovery',
        'Execution',
        'Exfiltration',
        'Impact',
        'InitialAccess',
        'LateralMovement',
        'Persistence',
        'PrivilegeEscalation',
      ],
      techniques: [],
      connectors: [],
      created: 1800,
      updated: 120,
    },
    ...(
      [
        [
          'Microsoft Defender Advanced Threat Protection',
          'Create incidents based on Microsoft Defender for Endpoint alerts',
          'MicrosoftDefenderAdvancedThreatProtection',
        ],
        [
          'Azure Active Directory Identity Protection',
          'Create incidents based on Microsoft Entra ID Protection alerts',
          'AzureActiveDirectory',
        ],
        [
          'Azure Security Center',
          'Create incidents based on Microsoft Defender for Cloud alerts',
          'AzureSecurityCenter',
        ],
        [
          'Office 365 Advanced Threat Protection',
          'Create incidents based on Microsoft Defender for Office 365 alerts',
          'OfficeATP',
        ],
        [
          'Microsoft Cloud App Security',
          'Create incidents based on Microsoft Defender for Cloud Apps alerts',
          'MicrosoftCloudAppSecurity',
        ],
      ] as const
    ).map(([productFilter, displayName, connector]): TemplateDef => ({
      kind: 'MicrosoftSecurityIncidentCreation',
      displayName,
      description: `Create incidents based on all alerts generated in ${productFilter}`,
      connectors: [[connector, ['SecurityAlert']]],
      productFilter,
      created: 1900,
      updated: 400,
    })),
    {
      kind: 'MLBehaviorAnalytics',
      id: 'fa118b98-de46-4e94-87f9-8e6d5060b60b',
      displayName: '(Preview) Anomalous SSH Login Detection',
      description:
        'This detection uses machine learning to identify anomalous Secure Shell (SSH) login activity, based on syslog data: the user, the host, the source and the time of day of a login that differ from the usual.',
      severity: 'Medium',
      tactics: ['InitialAccess'],
      techniques: ['T1078'],
      connectors: [['Syslog', ['Syslog']]],
      created: 1500,
      updated: 500,
    },
    {
      kind: 'MLBehaviorAnalytics',
      id: '737a2ce1-70a3-4968-9e90-3e6aca836abf',
      displayName: '(Preview) Anomalous RDP Login Detections',
      description:
        'This detection uses machine learning to identify anomalous Remote Desktop Protocol (RDP) login activity, based on Windows Security Event data (4624, logon type 10).',
      severity: 'Medium',
      tactics: ['InitialAccess'],
      techniques: ['T1078'],
      connectors: [['SecurityEvents', ['SecurityEvent']]],
      created: 1500,
      updated: 500,
    },
    {
      kind: 'ThreatIntelligence',
      displayName: 'Microsoft Threat Intelligence Analytics',
      description:
        'This rule generates an alert when a Microsoft Threat Intelligence indicator gets matched with your event logs (CEF, DNS, Syslog). Alerts are very high fidelity.',
      severity: 'Medium',
      tactics: ['Persistence', 'LateralMovement', 'Exfiltration', 'CommandAndControl'],
      techniques: [],
      connectors: [
        ['CEF', ['CommonSecurityLog']],
        ['Syslog', ['Syslog']],
      ],
      created: 1100,
      updated: 200,
    },
    scheduled(
      'Brute force attack against Azure Portal',
      'Medium',
      ['CredentialAccess'],
      ['T1110'],
      [AAD_SIGNIN],
      'Identifies evidence of brute force activity against the Azure Portal: many failed sign-ins followed by a success, for one user.',
      `SigninLogs
| where AppDisplayName has "Azure Portal"
| summarize Failures = countif(ResultType != "0"), Successes = countif(ResultType == "0"), IPAddresses = make_set(IPAddress, 20) by UserPrincipalName, bin(TimeGenerated, 20m)
| where Failures >= 5 and Successes > 0`,
      ['Account', 'FullName', 'UserPrincipalName'],
      1300,
    ),
    scheduled(
      'Attempts to sign in to disabled accounts',
      'Medium',
      ['InitialAccess'],
      ['T1078'],
      [AAD_SIGNIN],
      'Identifies failed attempts to sign in to disabled accounts (50057) across multiple applications.',
      `SigninLogs
| where ResultType == "50057"
| summarize Attempts = count(), Applications = make_set(AppDisplayName, 10), StartTime = min(TimeGenerated) by UserPrincipalName, IPAddress
| where Attempts >= 3`,
      ['Account', 'FullName', 'UserPrincipalName'],
      1400,
    ),
    scheduled(
      'Rare subscription-level operations in Azure',
      'Low',
      ['CredentialAccess', 'Persistence'],
      ['T1003', 'T1098'],
      [['AzureActivity', ['AzureActivity']]],
      'Detects sensitive subscription-level events that are rarely performed, such as listing storage account keys or creating role assignments.',
      `AzureActivity
| where OperationNameValue in~ ("Microsoft.Storage/storageAccounts/listKeys/action", "Microsoft.Authorization/roleAssignments/write", "Microsoft.KeyVault/vaults/accessPolicies/write")
| summarize Operations = count(), StartTime = min(TimeGenerated) by Caller, CallerIpAddress, OperationNameValue`,
      ['Account', 'FullName', 'Caller'],
      900,
    ),
    scheduled(
      'Multiple users email forwarded to same destination',
      'Medium',
      ['Collection', 'Exfiltration'],
      ['T1114', 'T1020'],
      [OFFICE_EXCHANGE],
      'Identifies when multiple (more than one) users mailboxes are configured to forward to the same destination.',
      `OfficeActivity
| where Operation in~ ("New-InboxRule", "Set-InboxRule", "Set-Mailbox")
| mv-expand Parameter = todynamic(Parameters)
| where tostring(Parameter.Name) in~ ("ForwardTo", "RedirectTo", "ForwardingSmtpAddress")
| extend Destination = trim_start("smtp:", tostring(Parameter.Value))
| summarize Users = dcount(UserId), UserList = make_set(UserId, 20) by Destination
| where Users > 1`,
      ['Account', 'FullName', 'Destination'],
      1250,
    ),
    scheduled(
      'Potential Kerberoasting',
      'Medium',
      ['CredentialAccess'],
      ['T1558'],
      [['SecurityEvents', ['SecurityEvent']]],
      'A service principal name (SPN) is used to request many Kerberos service tickets with RC4 encryption from one account: a sign of Kerberoasting.',
      `SecurityEvent
| where EventID == 4769 and Status == "0x0"
| summarize Services = dcount(ServiceName), StartTime = min(TimeGenerated) by TargetUserName, IpAddress, Computer
| where Services >= 10`,
      ['Account', 'Name', 'TargetUserName'],
      1000,
    ),
    scheduled(
      'Base64 encoded Windows process command-lines',
      'Medium',
      ['Execution', 'DefenseEvasion'],
      ['T1059', 'T1027'],
      [MDE_TABLES('DeviceProcessEvents')],
      'Identifies instances of a base64 encoded PE file header seen in the process command line parameter.',
      `DeviceProcessEvents
| where ProcessCommandLine matches regex @"\\s-(e|en|enc|enco|encod|encode|encodedcommand)\\s+[A-Za-z0-9+/=]{40,}"
| project TimeGenerated, DeviceName, AccountName, FileName, ProcessCommandLine, InitiatingProcessFileName`,
      ['Host', 'FullName', 'DeviceName'],
      1150,
    ),
    scheduled(
      'Certutil (LOLBins and LOLScripts) download',
      'Medium',
      ['CommandAndControl'],
      ['T1105'],
      [MDE_TABLES('DeviceProcessEvents')],
      'Certutil.exe is a Windows binary that can download files from the internet (urlcache); attackers use it to fetch payloads.',
      `DeviceProcessEvents
| where FileName =~ "certutil.exe" and ProcessCommandLine has_any ("urlcache", "verifyctl")
| project TimeGenerated, DeviceName, AccountName, ProcessCommandLine, InitiatingProcessFileName`,
      ['Host', 'FullName', 'DeviceName'],
      700,
    ),
    scheduled(
      'Suspicious number of resource creation or deployment activities',
      'Medium',
      ['Impact'],
      ['T1496'],
      [['AzureActivity', ['AzureActivity']]],
      'Indicates when an anomalous number of VM creations or deployment activities occur in Azure via the AzureActivity log.',
      `AzureActivity
| where OperationNameValue in~ ("Microsoft.Compute/virtualMachines/write", "Microsoft.Resources/deployments/write") and ActivityStatusValue == "Success"
| summarize Operations = count(), Resources = make_set(Resource, 20) by Caller, CallerIpAddress, bin(TimeGenerated, 1h)
| where Operations > 20`,
      ['Account', 'FullName', 'Caller'],
      1200,
    ),
    {
      kind: 'NRT',
      displayName: 'NRT Authentication Methods Changed for Privileged Account',
      description:
        'Identifies authentication methods being changed for a privileged account: a common step for an attacker to keep access.',
      severity: 'High',
      tactics: ['Persistence'],
      techniques: ['T1098'],
      connectors: [AAD_AUDIT],
      version: '1.0.2',
      created: 600,
      updated: 90,
      rule: {
        query: `AuditLogs
| where Category =~ "UserManagement" and OperationName =~ "User registered security info"
| extend TargetUpn = tostring(TargetResources[0].userPrincipalName)
| project TimeGenerated, OperationName, TargetUpn, Result`,
        triggerOperator: 'GreaterThan',
        triggerThreshold: 0,
        entityMappings: [map('Account', ['FullName', 'TargetUpn'])],
      },
    },
  ];
}

function templateResource(story: DemoStory, t: TemplateDef, now: number, used: number): ArmResource {
  const name = t.id ?? templateIdOf(t.displayName);
  const date = (days: number): string => new Date(now - days * DAY).toISOString().slice(0, 10) + 'T00:00:00Z';
  const connectors = t.connectors.map(([connectorId, dataTypes]) => ({ connectorId, dataTypes }));
  const common = {
    displayName: t.displayName,
    description: t.description,
    createdDateUTC: date(t.created),
    lastUpdatedDateUTC: date(t.updated),
    status: 'Available',
    requiredDataConnectors: connectors,
    alertRulesCreatedByTemplateCount: used,
  };
  let properties: Record<string, unknown>;
  if ((t.kind === 'Scheduled' || t.kind === 'NRT') && t.rule) {
    properties = {
      ...common,
      severity: t.severity,
      query: t.rule.query,
      ...(t.kind === 'Scheduled'
        ? { queryFrequency: t.rule.queryFrequency, queryPeriod: t.rule.queryPeriod }
        : {}),
      triggerOperator: t.rule.triggerOperator,
      triggerThreshold: t.rule.triggerThreshold,
      tactics: t.tactics,
      techniques: t.techniques,
      subTechniques: t.subTechniques ?? [],
      version: t.version ?? '1.0.0',
      eventGroupingSettings: { aggregationKind: t.rule.aggregationKind ?? 'SingleAlert' },
      entityMappings: t.rule.entityMappings,
      ...(t.rule.customDetails ? { customDetails: t.rule.customDetails } : {}),
      ...(t.rule.alertDetailsOverride ? { alertDetailsOverride: t.rule.alertDetailsOverride } : {}),
    };
  } else if (t.kind === 'MicrosoftSecurityIncidentCreation') {
    properties = { ...common, productFilter: t.productFilter };
  } else {
    properties = { ...common, severity: t.severity, tactics: t.tactics, techniques: t.techniques ?? [] };
  }
  return {
    id: sentinelId(story, 'alertRuleTemplates', name),
    name,
    type: 'Microsoft.SecurityInsights/AlertRuleTemplates',
    kind: t.kind,
    properties,
  };
}

/**
 * Every template; `usedBy` counts the rules created from each (by template display name), and
 * `rules` are the demo's query rules (those with a template give it its query and settings).
 */
export function templateResources(
  story: DemoStory,
  rules: QueryRuleDef[],
  usedBy: Map<string, number>,
  now: number,
): ArmResource[] {
  const fromRules = new Map<string, TemplateDef>();
  rules.forEach((r, i) => {
    if (r.template && !fromRules.has(r.template))
      fromRules.set(
        r.template,
        fromRule(r, CONNECTORS_BY_TEMPLATE[r.template] ?? [], 800 + 37 * i, `1.${i % 4}.${(i * 3) % 7}`),
      );
  });
  const all = [...fromRules.values(), ...unusedTemplates()];
  return all
    .map((t) => templateResource(story, t, now, usedBy.get(t.displayName) ?? 0))
    .sort((x, y) => String(x.properties['displayName']).localeCompare(String(y.properties['displayName'])));
}
