// sentinel_analytics_create_detection (a scheduled analytics rule for a threat) and
// sentinel_hunting_create_query (a hunting query for an objective).
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import {
  COMMON_WINDOWS,
  optionalText,
  optionalToken,
  parseTableList,
  parseWindow,
  requiredText,
  resolveTables,
  tableLines,
  TableSet,
} from './args.js';
import { fixedValues, tableCompleter, tableListCompleter } from './complete.js';
import { findThreat, THREAT_NAMES, THREATS, threatSection } from './threats.js';
import { groundRules, numbered } from './text.js';
import { definePrompt } from './types.js';

const DETECTION = 'sentinel_analytics_create_detection';

/** Scheduled analytics rules look back at most 14 days (queryPeriod). */
const MAX_RULE_PERIOD_MS = 14 * 86_400_000;

function threatNames(): string[] {
  return [...THREAT_NAMES, ...THREATS.flatMap((t) => t.aliases)];
}

export const createDetectionPrompt = definePrompt({
  name: DETECTION,
  title: 'Create a detection (analytics rule)',
  description:
    'Builds a scheduled analytics rule for a threat: checks the rules and templates that already cover it, finds ' +
    'the tables that show it, writes the KQL, validates it, replays it as a draft rule over history, tests it on ' +
    'sample rows, and delivers the rule (query, frequency, period, threshold, tactics, techniques, entity mappings).',
  args: (env) => ({
    threat_type: completable(
      requiredText(
        'The threat to detect, e.g. password spray, MFA fatigue, mail forwarding, encoded PowerShell, C2 beaconing (completes to common threats)',
        300,
        'the threat to detect',
      ),
      fixedValues(threatNames()),
    ),
    data_source: completable(
      optionalToken(
        'The table the detection reads, e.g. SigninLogs (completes to table names); default: the tables that usually show the threat',
        256,
      ),
      tableCompleter(env),
    ),
    time_window: completable(
      optionalToken(
        'How far back each run looks (the rule’s query period), an ISO 8601 duration such as PT1H, P1D (default P1D)',
        40,
      ),
      fixedValues(COMMON_WINDOWS),
    ),
  }),
  async render(args, env) {
    const window = parseWindow(DETECTION, 'time_window', args.time_window, 'P1D');
    const named = parseTableList(DETECTION, 'data_source', args.data_source, 5);
    const tables = await TableSet.of(env);
    const threat = findThreat(args.threat_type);
    const sources = resolveTables(named.length ? named : (threat?.tables ?? []), tables);
    const periodNote =
      window.kql.endsWith('d') && Number(window.kql.slice(0, -1)) * 86_400_000 > MAX_RULE_PERIOD_MS
        ? ` A scheduled rule looks back at most 14 days: with ${window.words}, propose a rule over P14D and a hunting query or summary rule for the longer view.`
        : '';
    const steps = [
      'What already exists: sentinel_analytics_rule_list (rules in this workspace, enabled or not) and ' +
        `sentinel_analytics_rule_templates_list (Microsoft’s templates; search = key words of the threat${sources[0] ? `, data_source = ${sources[0].name}` : ''}) for rules that cover this threat; read the closest ones ` +
        'with sentinel_analytics_rule_get / sentinel_analytics_rule_template_get. sentinel_analytics_rules_count (by = tactic, ' +
        `source = rules) shows the coverage of the tactics involved${threat ? ` (${threat.tactics.join(', ')})` : ''}. If an enabled rule already covers it, say so and improve that rule instead. sentinel_hunting_queries_list (search) may hold a query to start from.`,
      [
        'The data: sentinel_logs_tables_list (include_stats = true) shows which tables have rows and recent data; a rule over an empty table never fires. Columns: sentinel_logs_table_schema_get or the resources below.',
        ...(sources.length
          ? tableLines(sources)
          : ['- (no table given: pick them from the list and the threat)']),
      ].join('\n'),
      threat
        ? threatSection(threat, window.kql)
        : `No built-in notes for "${args.threat_type}": work out which events show it (the tactic and technique in MITRE ATT&CK, the tables and columns that record them) and say what you assumed. sentinel://reference/kql/examples/security has detection patterns.`,
      `Write the rule query. Filter on time first (| where TimeGenerated > ago(${window.kql}), matching the query period), summarize per entity with a threshold, and output the entity columns (account or UPN, IP, host, …) that the entity mappings will use, plus TimeGenerated or first/last times. Leave out known-good activity with a watchlist (sentinel_watchlists_list; _GetWatchlist('alias')) rather than hard-coded lists.`,
      'Validate before running anything: sentinel_query_validate. Fix every error it reports (line, column, code: KS204 unknown table, KS142 unknown name) and validate again until it says the query is valid; check that its result columns include the entity columns.',
      `Measure it as a rule: sentinel_analytics_rule_test with query = your query, query_period = ${window.iso}, query_frequency (how often it runs, at most the period), trigger_operator and trigger_threshold, entity_mappings, and start_time / end_time over recent history (at most 50 evaluations: with a short frequency, cover the last days or the hours around known activity). It runs the query as Sentinel would at each evaluation and lists every would-be alert with its entities. More than a few alerts a day means the thresholds or exclusions need work; none at all may be fine, but then prove the logic with the next step.`,
      'Test the logic on rows you control: sentinel_logs_search_with_dummy_data with table_name = the rule’s main table, rows (data_json) that must fire (just over the threshold) and rows that must not (just under, allow-listed); show both results.',
      'Compare: if a similar rule or template exists, sentinel_analytics_rule_test with rule_id (or template_id, to try a template before creating it) over the same window shows what it raises; say what yours adds.',
    ];
    return [
      `# Create a detection for: ${args.threat_type.trim()}`,
      '',
      `You are a detection engineer writing a Microsoft Sentinel scheduled analytics rule for ${args.threat_type.trim()} in the workspace this server reads. Each run looks back ${window.words} (queryPeriod ${window.iso}).${periodNote}`,
      'Table columns: sentinel://tables/{name}; KQL help: sentinel://reference/kql/operators, sentinel://reference/kql/functions, sentinel://reference/kql/examples/security.',
      '',
      '## Steps',
      numbered(steps),
      '',
      '## Deliver',
      '- The rule, in the YAML format of the Azure-Sentinel repository: id (a new GUID), name, description, severity, requiredDataConnectors, queryFrequency (at most the period; e.g. PT1H), queryPeriod (' +
        window.iso +
        '), triggerOperator gt, triggerThreshold 0, tactics, relevantTechniques, query, entityMappings (Account: FullName or Name+UPNSuffix; IP: Address; Host: HostName), incidentConfiguration (group alerts by the mapped entities) and suppression if needed.',
      '- The evidence: the validation result, the would-be alerts over history (sentinel_analytics_rule_test), the dummy-data test (fires / does not fire).',
      '- Expected false positives and how to tune them; what the rule does not catch.',
      '',
      groundRules(),
    ].join('\n');
  },
});

const HUNTING = 'sentinel_hunting_create_query';

export const createHuntingQueryPrompt = definePrompt({
  name: HUNTING,
  title: 'Create a hunting query',
  description:
    'Turns a hunting objective into a tested KQL hunting query: a hypothesis, the existing hunting queries to reuse, ' +
    'the right tables and columns, a query validated before it runs, results pivoted on, and the query ready to save ' +
    'with its tactics and techniques.',
  args: (env) => ({
    objective: requiredText(
      'What to hunt for, e.g. "accounts that registered a new MFA method right after a sign-in from a new country"',
      1000,
      'what to hunt for',
    ),
    tables: completable(
      optionalToken(
        'Tables to search, comma-separated, e.g. SigninLogs, AuditLogs (completes to table names); default: find them',
        1000,
      ),
      tableListCompleter(env),
    ),
    conditions: optionalText(
      'Extra conditions: time range, thresholds, accounts or hosts to include or leave out, e.g. "last 14 days, ignore service accounts"',
      1000,
    ),
  }),
  async render(args, env) {
    const named = parseTableList(HUNTING, 'tables', args.tables);
    const tables = await TableSet.of(env);
    const resolved = resolveTables(named, tables);
    const threat = findThreat(args.objective);
    const conditions = args.conditions?.trim();
    const steps = [
      'The hypothesis: restate the objective as something the logs can confirm or refute (who or what does what, seen in which events), with the MITRE ATT&CK tactic and technique it belongs to.',
      'Reuse first: sentinel_hunting_queries_list (search = key words of the objective, or tactics / techniques) and log_analytics_saved_searches_list for queries that already do this; read them with sentinel_hunting_query_get and run a good one as it is with sentinel_hunting_query_run before writing your own.',
      resolved.length
        ? ['The tables asked for:', ...tableLines(resolved)].join('\n')
        : 'The tables: sentinel_logs_tables_list (include_stats = true; filter_pattern to narrow) for the tables that hold the events, then their columns with sentinel_logs_table_schema_get or sentinel://tables/{name}. Do not guess column names.',
      ...(threat ? [threatSection(threat, '14d')] : []),
      conditions
        ? `Apply the conditions: ${conditions}`
        : 'No extra conditions were given: look back 14 days, and leave out activity that is clearly expected (service accounts, scanners) only when the data shows it.',
      'Write the query: filter on time first, narrow early (where, has, in), summarize per entity (account, host, IP) with counts and first/last times, and keep the columns someone would pivot on. Allow-lists belong in watchlists (sentinel_watchlists_list; _GetWatchlist("alias")).',
      'Validate it with sentinel_query_validate before running; fix every error it reports and validate again until it is valid.',
      'Run it with sentinel_logs_search (timespan, a small max_rows first). If it returns too much, tighten it; if it returns nothing, check the data exists in the window (sentinel_logs_table_details_get: last ingestion), and prove the logic on sample rows with sentinel_logs_search_with_dummy_data.',
      'Pivot: for the entities that stand out, look at their other activity (other tables, a wider window) and the alerts that name them (sentinel_alert_list, entity = the entity). Enrich addresses with sentinel_ip_geodata_get, domains with sentinel_domain_whois_get, accounts with entra_id_get_user, indicators with sentinel_ti_indicators_list.',
    ];
    return [
      `# Hunt: ${args.objective.trim()}`,
      '',
      'You are a threat hunter writing a KQL hunting query for the Microsoft Sentinel workspace this server reads.',
      'KQL help: sentinel://reference/kql/cheatsheet, sentinel://reference/kql/examples/security, sentinel://reference/kql/functions.',
      '',
      '## Steps',
      numbered(steps),
      '',
      '## Deliver',
      '- The final query (validated), and what each part does.',
      '- The findings: the entities it found with counts and times, which look malicious and why, and which are explained.',
      '- The next pivots, and how to save it as a hunting query: name, description, tactics, techniques, entity columns.',
      '',
      groundRules(),
    ].join('\n');
  },
});
