// sentinel_incident_respond: triage and respond to one incident, by number or id.
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { kqlString } from '../kql/quote.js';
import { parseIncidentId, requiredToken, TableSet } from './args.js';
import { incidentCompleter } from './complete.js';
import { enrichStep } from './entities.js';
import { groundRules, kqlBlock, numbered } from './text.js';
import { definePrompt } from './types.js';

const NAME = 'sentinel_incident_respond';

export const incidentRespondPrompt = definePrompt({
  name: NAME,
  title: 'Respond to an incident',
  description:
    'Triage of one incident and a response plan: the incident with its alerts and entities, the rule that raised ' +
    'it, what each entity did before and after, related incidents, then a classification (true, benign or false ' +
    'positive) with evidence, containment and recovery steps, and the comment to leave on the incident.',
  args: (env) => ({
    incident_id: completable(
      requiredToken(
        'The incident number (e.g. 1048) or the incident id (a GUID); completes to the workspace’s recent incident numbers',
        64,
        'an incident number or id',
      ),
      incidentCompleter(env),
    ),
  }),
  async render(args, env) {
    const ref = parseIncidentId(NAME, 'incident_id', args.incident_id);
    const tables = await TableSet.of(env);
    const label = ref.kind === 'number' ? `incident ${ref.text}` : `the incident with id ${ref.text}`;
    const idArg = ref.kind === 'number' ? ref.text : kqlString(ref.text);
    const history = tables.has('SecurityIncident')
      ? kqlBlock(`SecurityIncident
| where TimeGenerated > ago(90d)
| where ${ref.kind === 'number' ? `IncidentNumber == ${ref.number}` : `IncidentName == ${kqlString(ref.text)}`}
| project TimeGenerated, Status, Severity, Owner = tostring(Owner.assignedTo), Classification, ClassificationReason, ModifiedBy, Alerts = array_length(AlertIds)
| order by TimeGenerated asc`)
      : '(This workspace has no SecurityIncident table: skip the history and say so.)';
    const steps = [
      `The incident: sentinel_incident_get with incident_id = ${idArg}: title, severity, status, owner, creation time, alerts, entities, comments, bookmarks and related items. If it is not found, list recent incidents with sentinel_incident_list and say which exist.`,
      `Its history (status, owner and classification changes) from SecurityIncident:\n${history}`,
      ref.kind === 'number'
        ? `The alerts: sentinel_alert_list with incident_number = ${ref.text} (timespan P30D), then sentinel_alert_get (alert_id = the SystemAlertId) for each one: entities, extended properties, the product or rule that raised it.`
        : 'The alerts: sentinel_alert_get (alert_id = the SystemAlertId) for each alert sentinel_incident_get lists: entities, extended properties, the product or rule that raised it.',
      'The rule: for alerts from scheduled analytics rules (provider "ASI Scheduled Alerts"), sentinel_analytics_rule_get (rule_id = an id from analytics_rule_ids of sentinel_alert_get, or related_rule_ids of the incident) for the rule (its query, entity mappings, frequency and period; find it with sentinel_analytics_rule_list when you only have the name), and sentinel_analytics_rule_test (rule_id, with end_time at the first alert and start_time a day or two earlier) to replay the rule as Sentinel ran it: every would-be alert, not only this one, shows how wide the activity is.',
      [
        'Each entity, in order of the timeline:',
        '- accounts: entra_id_get_user (user), then their sign-ins (SigninLogs by UserPrincipalName: new countries, 50126/500121/50074 patterns), directory changes (AuditLogs: new MFA methods), mailbox rules and forwarding (OfficeActivity New-InboxRule, Set-InboxRule, Set-Mailbox ForwardingSmtpAddress) and the hosts they logged on to (DeviceLogonEvents, SecurityEvent 4624);',
        '- hosts: logons (DeviceLogonEvents), processes (DeviceProcessEvents: encoded PowerShell, LOLBins, scheduled tasks) and connections (DeviceNetworkEvents: beaconing, threat-intelligence matches);',
        '- IP addresses: sentinel_ip_geodata_get (ip), sentinel_ti_indicators_list (search = the address), and where they appear (SigninLogs IPAddress, CommonSecurityLog SourceIP/DestinationIP, DeviceNetworkEvents RemoteIP, OfficeActivity ClientIP);',
        '- domains and URLs: sentinel_domain_whois_get (domain), DeviceNetworkEvents RemoteUrl, ThreatIntelligenceIndicator DomainName/Url;',
        '- files: ThreatIntelligenceIndicator FileHashValue and DeviceProcessEvents SHA256.',
        'Run each query with sentinel_logs_search, from a little before the first alert to now.',
      ].join('\n'),
      'Related activity: sentinel_incident_list (search = a key entity, e.g. the account or host named in the title) and sentinel_alert_list (entity = each key entity, timespan P30D) for other incidents and alerts of the same entities; the incident’s relations from sentinel_incident_get.',
      'Context that changes the verdict: sentinel_watchlists_list and sentinel_watchlist_items_list (VIP users, admin hosts, known scanners, allowed addresses), and the related hunting queries (sentinel_hunting_queries_list, search by the tactic or technique).',
      enrichStep(),
    ];
    return [
      `# Respond to ${label}`,
      '',
      `You are the incident responder for ${label} in the Microsoft Sentinel workspace this server reads. Work out what happened, how far it went and what to do, in this order.`,
      'Table columns: sentinel://tables/{name} or sentinel_logs_table_schema_get; KQL help: sentinel://reference/kql/examples/security.',
      '',
      '## Steps',
      numbered(steps),
      '',
      '## Report',
      '- Summary: what happened, in three sentences.',
      '- Timeline (UTC): each event with the tool or table that showed it, from the first sign of the attacker to the last.',
      '- Scope: accounts, hosts, addresses, domains, files; other incidents and alerts that belong to the same attack.',
      '- Classification: TruePositive (SuspiciousActivity), BenignPositive (SuspiciousButExpected), FalsePositive (IncorrectAlertLogic or InaccurateData) or Undetermined, and why.',
      '- Response plan: containment now (disable or revoke the account, isolate the host, block addresses and domains), eradication (remove inbox rules, forwarding, MFA methods, persistence), recovery, and who to tell.',
      '- The comment to add to the incident, and detections to add or tune so this is caught earlier.',
      '',
      groundRules(),
    ].join('\n');
  },
});
