// sentinel_workspace_visualize: a Mermaid flowchart of connectors → tables → rules → incidents, drawn
// only from what the tools return.
import { z } from 'zod';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { TableSet } from './args.js';
import { fixedValues } from './complete.js';
import { groundRules, kqlBlock, numbered } from './text.js';
import { definePrompt } from './types.js';

const NAME = 'sentinel_workspace_visualize';

export const FOCUS_VALUES = ['all', 'connectors', 'rules', 'incidents'] as const;
type Focus = (typeof FOCUS_VALUES)[number];

/** Tables that common connector kinds write (the connector's own data types win when it lists them). */
const CONNECTOR_TABLES: readonly [string, string][] = [
  [
    'AzureActiveDirectory',
    'SigninLogs, AuditLogs, AADNonInteractiveUserSignInLogs, AADServicePrincipalSignInLogs',
  ],
  ['Office365', 'OfficeActivity'],
  [
    'MicrosoftThreatProtection',
    'SecurityIncident, SecurityAlert, and the Defender XDR tables it streams (DeviceProcessEvents, DeviceNetworkEvents, DeviceLogonEvents, DeviceFileEvents, EmailEvents, …)',
  ],
  [
    'MicrosoftDefenderAdvancedThreatProtection, AzureSecurityCenter, MicrosoftCloudAppSecurity, OfficeATP, AzureAdvancedThreatProtection, IOT',
    'SecurityAlert',
  ],
  [
    'ThreatIntelligence, ThreatIntelligenceTaxii, MicrosoftThreatIntelligence, PremiumMicrosoftDefenderForThreatIntelligence',
    'ThreatIntelligenceIndicator',
  ],
  ['AmazonWebServicesCloudTrail, AmazonWebServicesS3', 'AWSCloudTrail, AWSGuardDuty, AWSVPCFlow'],
  ['Dynamics365', 'Dynamics365Activity'],
  [
    'GenericUI, APIPolling, RestApiPoller',
    'the tables in the connector’s data types (e.g. a custom *_CL table)',
  ],
];

function connectorSteps(): string[] {
  return [
    [
      'Connectors: sentinel_connectors_list (follow next_cursor until has_more is false). For each connector note its name, kind and the data types it lists (sentinel_connectors_get with connector_id gives data_types when the list does not); where it lists none, map its kind to the tables it writes:',
      ...CONNECTOR_TABLES.map(([kinds, t]) => `- ${kinds} → ${t}`),
      'Agent and API data does not come through a connector: sentinel_dcr_list (data collection rules; sentinel_dcr_get with dcr_name for the data_flows: their streams, e.g. Microsoft-SecurityEvent → SecurityEvent, Microsoft-Syslog → Syslog, Microsoft-CommonSecurityLog → CommonSecurityLog, Custom-X_CL → X_CL) fills in those tables; draw a DCR as a source like a connector. A table with data but no known source goes under "other sources".',
    ].join('\n'),
    tableStep(),
  ];
}

function tableStep(): string {
  return `Tables: sentinel_logs_tables_list with include_stats = true: row count and last record of every table. A table with no rows, or whose last record is more than a day old, is a broken or idle feed: mark it.`;
}

function ruleSteps(): string[] {
  return [
    'Rules: sentinel_analytics_rule_list (all pages): name, kind (Scheduled, NRT, Fusion, MicrosoftSecurityIncidentCreation, …), enabled, severity, tactics. For each Scheduled or NRT rule, take its query (sentinel_analytics_rule_get with rule_id) and run sentinel_query_validate on it: tables_referenced is the list of tables the rule reads (do not guess from the name). MicrosoftSecurityIncidentCreation rules read SecurityAlert; Fusion correlates alerts and anomalies.',
  ];
}

function incidentSteps(tables: TableSet): string[] {
  const byRule = tables.has('SecurityIncident')
    ? `\n${kqlBlock(`SecurityIncident
| where TimeGenerated > ago(30d)
| summarize arg_max(TimeGenerated, *) by IncidentNumber
| mv-expand RuleId = RelatedAnalyticRuleIds to typeof(string)
| summarize Incidents = dcount(IncidentNumber), Open = dcountif(IncidentNumber, Status != "Closed"), Numbers = make_set(IncidentNumber, 10), Severities = make_set(Severity) by RuleId
| order by Incidents desc`)}`
    : '';
  return [
    `Incidents: sentinel_incident_list (created_within = P30D, all pages) for number, title, severity and status; which rule raised each one comes from related_rule_ids of sentinel_incident_get or, for all of them at once, this query with sentinel_logs_search (RuleId is the rule's id, the last segment of its resource id):${byRule}`,
  ];
}

function stepsFor(focus: Focus, tables: TableSet): string[] {
  switch (focus) {
    case 'connectors':
      return connectorSteps();
    case 'rules':
      return [tableStep(), ...ruleSteps()];
    case 'incidents':
      return [...ruleSteps(), ...incidentSteps(tables)];
    case 'all':
      return [...connectorSteps(), ...ruleSteps(), ...incidentSteps(tables)];
  }
}

const LAYERS: Record<Focus, string> = {
  all: 'connectors → tables → analytics rules → incidents',
  connectors: 'connectors (and data collection rules) → tables',
  rules: 'tables → analytics rules',
  incidents: 'analytics rules → incidents',
};

const FINDINGS: Record<Focus, string> = {
  all: 'connectors that bring no data, tables no rule reads (coverage gaps), rules that read empty tables or are disabled, and the rules that produce most incidents',
  connectors: 'connectors that bring no data or stale data, and tables with no known source',
  rules:
    'tables with data that no rule reads (coverage gaps), rules that read empty tables (they can never fire), disabled rules',
  incidents:
    'the rules that raise most incidents (noise or a real campaign?), open incidents by severity, rules that never raised one',
};

export const workspaceVisualizePrompt = definePrompt({
  name: NAME,
  title: 'Draw the workspace (Mermaid)',
  description:
    'A Mermaid flowchart of how data flows through this workspace — connectors → tables → analytics rules → ' +
    'incidents, or one part of it — built only from real tool calls (connectors, table statistics, rules and their ' +
    'queries, incidents), with coverage gaps and idle feeds marked.',
  args: () => ({
    focus: completable(
      z
        .enum(FOCUS_VALUES, { error: `must be one of ${FOCUS_VALUES.join(', ')}` })
        .optional()
        .describe(
          'What to draw: all (connectors → tables → rules → incidents, the default), connectors (sources → tables), rules (tables → rules) or incidents (rules → incidents)',
        ),
      fixedValues(FOCUS_VALUES),
    ),
  }),
  async render(args, env) {
    const focus: Focus = args.focus ?? 'all';
    const tables = await TableSet.of(env);
    return [
      `# Draw the workspace: ${LAYERS[focus]}`,
      '',
      'You are drawing a Mermaid diagram of the Microsoft Sentinel workspace this server reads. Every node and every edge comes from a tool result you got in this conversation: no example names, no typical connectors, nothing from memory. If a tool fails or is not offered, leave its layer out and say so under the diagram.',
      '',
      '## Gather (in this order)',
      numbered(stepsFor(focus, tables)),
      '',
      '## Draw',
      numbered([
        'A `flowchart LR` with one subgraph per layer, in flow order.',
        'Node ids are short and safe (c1, t1, r1, i1: letters and digits only); names go in quoted labels (`t1["SigninLogs<br/>9,144 rows"]`), with any double quote in a name written as #quot;.',
        'Labels carry the facts: tables with row count and last record, rules with severity and (disabled) when off, incidents grouped per rule with their count and open count rather than one node per incident when there are more than 15.',
        'Edges only where a result shows the link: connector → table (the connector’s data types or kind), table → rule (tables_referenced), rule → incident (RuleId).',
        'Mark problems with classes: `classDef gap stroke:#d33,stroke-width:2px,stroke-dasharray:4 3` on empty or stale tables, tables no rule reads and disabled rules; `classDef hot fill:#fde2e1` on rules with open incidents.',
        'At most about 60 nodes: beyond that, group the rest into one node per layer ("+12 more tables") and list them under the diagram.',
      ]),
      '',
      '## Deliver',
      '- The diagram in a ```mermaid block.',
      `- Under it: what it shows — ${FINDINGS[focus]} — each with the tool result it comes from, and what to fix first.`,
      '- What was left out and why (tools not available, pages not followed, nodes grouped).',
      '',
      groundRules(),
    ].join('\n');
  },
});
