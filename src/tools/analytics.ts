// Tools of the analytics toolset: analytics rules and rule templates (list, get, counts by tactic or
// technique) and testing a rule against the workspace's data (the alerts it would have raised).
import { z } from 'zod';
import type { Backend, Cell, QueryColumn, QueryTable } from '../backends/backend.js';
import { KIND_LABELS, type ArmObject } from '../backends/objects.js';
import { guardQuery, MAX_QUERY_CHARS } from '../kql/guard.js';
import { KQL_TYPES } from '../kql/types.js';
import {
  RULE_KINDS,
  TECHNIQUE,
  byDisplayName,
  countBy,
  countSchema,
  customDetailsOf,
  entityMappingsOf,
  matchesRule,
  ruleDetail,
  ruleDetailShape,
  ruleRow,
  ruleRowSchema,
  templateDetail,
  templateDetailShape,
  templateRow,
  templateRowSchema,
  type RuleFilter,
  type RuleRow,
  type TemplateRow,
} from '../sentinel/analytics.js';
import { num, objectsOf, record, str, strings } from '../sentinel/arm.js';
import { SEVERITIES, workspaceNow } from '../sentinel/incidents.js';
import { fingerprint, listAll, pageInput, pageOfArray, pageOutput } from '../sentinel/paging.js';
import {
  AGGREGATIONS,
  NRT_STEP_MS,
  TRIGGER_OPERATORS,
  alertsOf,
  checkBounds,
  distinctAlerts,
  evaluationTimes,
  fires,
  parseRuleDuration,
  pinNow,
  stableRows,
  type Aggregation,
  type RuleSpec,
  type TriggerOperator,
  type WouldBeAlert,
} from '../sentinel/rule-test.js';
import { toToolError, ToolError } from '../util/errors.js';
import { cutCell, cutText, renderKeyValues, renderMarkdownTable } from '../util/results.js';
import { formatIsoDuration, parseInstant } from '../util/time.js';
import { defineTool, type ToolContext } from './types.js';

const ANNOTATIONS = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;

type RuleKind = 'alertRules' | 'alertRuleTemplates';

// ---- Shared inputs ----

const filterInput = {
  kind: z
    .array(z.enum(RULE_KINDS))
    .min(1)
    .max(RULE_KINDS.length)
    .optional()
    .describe('Only these kinds, e.g. ["Scheduled","NRT"]'),
  severity: z.array(z.enum(SEVERITIES)).min(1).max(4).optional().describe('Only these severities'),
  tactic: z
    .string()
    .min(1)
    .max(60)
    .regex(/^[A-Za-z]+$/, 'a MITRE ATT&CK tactic name such as CredentialAccess')
    .optional()
    .describe('MITRE ATT&CK tactic, e.g. CredentialAccess, Persistence (case-insensitive)'),
  technique: z
    .string()
    .regex(TECHNIQUE, 'a MITRE ATT&CK technique id such as T1110 or T1110.003')
    .optional()
    .describe('MITRE ATT&CK technique, e.g. T1110 (also matches its sub-techniques T1110.xxx) or T1110.003'),
  search: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .describe('Text in the display name, description or query (case-insensitive)'),
};

function filterOf(args: {
  kind?: readonly string[] | undefined;
  enabled?: boolean | undefined;
  severity?: readonly string[] | undefined;
  tactic?: string | undefined;
  technique?: string | undefined;
  search?: string | undefined;
  data_source?: string | undefined;
}): RuleFilter {
  return {
    ...(args.kind ? { kind: args.kind } : {}),
    ...(args.enabled !== undefined ? { enabled: args.enabled } : {}),
    ...(args.severity ? { severity: args.severity } : {}),
    ...(args.tactic ? { tactic: args.tactic } : {}),
    ...(args.technique ? { technique: args.technique } : {}),
    ...(args.search ? { search: args.search } : {}),
    ...(args.data_source ? { dataSource: args.data_source } : {}),
  };
}

const ARM_NAME = /^[A-Za-z0-9_.-]{1,260}$/;

/** A rule or template by its id (ARM name) or, when unique, its display name (case-insensitive). */
async function findRule(ctx: ToolContext, backend: Backend, kind: RuleKind, key: string): Promise<ArmObject> {
  const objects = objectsOf(backend);
  const k = key.trim();
  const options = { abortSignal: ctx.signal, deadline: ctx.deadline };
  if (ARM_NAME.test(k)) {
    try {
      return await objects.get(kind, k, options);
    } catch (error) {
      if (!(error instanceof ToolError && error.code === 'NOT_FOUND')) throw error;
    }
  }
  const all = await listAll(ctx, backend, kind);
  const lower = k.toLowerCase();
  const byName = all.filter((o) => (str(o, 'name') ?? '').toLowerCase() === lower);
  const byDisplay = all.filter((o) => (str(o, 'displayName') ?? '').trim().toLowerCase() === lower);
  const match = byName.length === 1 ? byName : byDisplay;
  if (match.length === 1) {
    const name = str(match[0], 'name');
    return name && ARM_NAME.test(name) ? objects.get(kind, name, options) : match[0]!;
  }
  const label = KIND_LABELS[kind];
  if (match.length > 1) {
    throw new ToolError(
      'INVALID_ARGUMENT',
      `${match.length} ${label}s are named "${k.slice(0, 200)}"; pass one of their ids: ${match
        .slice(0, 10)
        .map((o) => str(o, 'name'))
        .join(', ')}`,
      { retryable: false },
    );
  }
  const tool =
    kind === 'alertRules' ? 'sentinel_analytics_rule_list' : 'sentinel_analytics_rule_templates_list';
  throw new ToolError('NOT_FOUND', `No ${label} with id or display name "${k.slice(0, 200)}"`, {
    hint: `Find it with ${tool} (search = a word of its name).`,
    retryable: false,
  });
}

const col = (name: string, type: QueryColumn['type'] = 'string'): QueryColumn => ({ name, type });

// ---- Rules ----

const RULE_COLUMNS = [
  col('display_name'),
  col('kind'),
  col('enabled', 'bool'),
  col('severity'),
  col('tactics'),
  col('techniques'),
  col('frequency'),
  col('period'),
  col('id'),
];

function ruleCells(r: RuleRow) {
  return [
    r.display_name,
    r.kind,
    r.enabled,
    r.severity,
    r.tactics.join(', '),
    r.techniques.join(', '),
    r.frequency,
    r.period,
    r.id,
  ];
}

function pagingLine(what: string, r: { count: number; has_more: boolean; total: number }): string {
  return r.has_more
    ? `${r.total} ${what} match; more: call again with the same filters and cursor = next_cursor.`
    : `${r.total} ${what} match; no more.`;
}

export const ruleListTool = defineTool({
  name: 'sentinel_analytics_rule_list',
  title: 'List analytics rules',
  description:
    'Lists the analytics (detection) rules of the workspace with compact rows: display name, kind, enabled, ' +
    'severity, tactics, techniques, frequency/period, id; filters: kind, enabled, severity, tactic, technique ' +
    '(T1110 also matches T1110.003) and text in the name, description or query; ordered by display name, paged. ' +
    'Use it to review detection coverage or find a rule; sentinel_analytics_rule_get for its query and settings; ' +
    'sentinel_analytics_rules_count for coverage counts; sentinel_analytics_rule_templates_list for rules not yet created.',
  toolset: 'analytics',
  input: {
    ...filterInput,
    enabled: z.boolean().optional().describe('Only enabled (true) or disabled (false) rules'),
    ...pageInput(50, 200),
  },
  output: {
    rules: z.array(ruleRowSchema).describe('Matching rules, by display name'),
    ...pageOutput,
    total: z.number().int().describe('Rules matching the filters'),
  },
  annotations: ANNOTATIONS,
  async run(ctx, args) {
    const backend = await ctx.backend();
    const { top, cursor, ...listing } = args;
    const filter = filterOf(args);
    const matched = (await listAll(ctx, backend, 'alertRules'))
      .filter((o) => matchesRule(o, filter))
      .sort(byDisplayName);
    const page = pageOfArray(matched, top, cursor, fingerprint(['sentinel_analytics_rule_list', listing]));
    return { ...page, rules: page.items.map(ruleRow), total: matched.length };
  },
  render(r) {
    if (r.count === 0) return 'No analytics rules match.';
    return [renderMarkdownTable(RULE_COLUMNS, r.rules.map(ruleCells)), pagingLine('rules', r)].join('\n');
  },
});

function renderDetail(r: Record<string, unknown>): string {
  const { query, ...rest } = r;
  const shown = Object.fromEntries(
    Object.entries(rest).filter(
      ([, v]) =>
        v !== null &&
        !(Array.isArray(v) && v.length === 0) &&
        !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0),
    ),
  );
  return [renderKeyValues(shown, 2000), ...(typeof query === 'string' ? ['query:', query] : [])].join('\n');
}

export const ruleGetTool = defineTool({
  name: 'sentinel_analytics_rule_get',
  title: 'Get an analytics rule',
  description:
    'Returns one analytics rule in full: query (whole), frequency, period, trigger, event grouping, entity ' +
    'mappings, custom details, alert details override, incident creation and grouping, tactics and ' +
    "techniques. Pass its id (from sentinel_analytics_rule_list or an incident's related_rule_ids) or its exact " +
    'display name. To see what it would raise on the data, use sentinel_analytics_rule_test.',
  toolset: 'analytics',
  input: {
    rule_id: z.string().min(1).max(300).describe('Rule id (GUID or name) or its exact display name'),
  },
  output: ruleDetailShape,
  annotations: ANNOTATIONS,
  async run(ctx, args) {
    const backend = await ctx.backend();
    return ruleDetail(await findRule(ctx, backend, 'alertRules', args.rule_id));
  },
  render: (r) => renderDetail(r),
});

// ---- Templates ----

const TEMPLATE_COLUMNS = [
  col('display_name'),
  col('kind'),
  col('severity'),
  col('tactics'),
  col('techniques'),
  col('data_types'),
  col('status'),
  col('id'),
];

function templateCells(t: TemplateRow) {
  return [
    t.display_name,
    t.kind,
    t.severity,
    t.tactics.join(', '),
    t.techniques.join(', '),
    t.data_types.join(', '),
    t.status,
    t.id,
  ];
}

export const templatesListTool = defineTool({
  name: 'sentinel_analytics_rule_templates_list',
  title: 'List analytics rule templates',
  description:
    'Lists the analytics rule templates available to the workspace (from installed solutions and the ' +
    'built-in gallery): display name, kind, severity, tactics, techniques, tables it needs, status, id; ' +
    'filters: kind, severity, tactic, technique, text, and a data source (connector id or table, e.g. ' +
    'SigninLogs). Use it to find detections to enable for a data source or a technique; ' +
    "sentinel_analytics_rule_template_get for one template's query. For rules already created use " +
    'sentinel_analytics_rule_list.',
  toolset: 'analytics',
  input: {
    ...filterInput,
    data_source: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe(
        'Only templates needing this connector id or table (data type), e.g. AzureActiveDirectory or SigninLogs',
      ),
    ...pageInput(50, 200),
  },
  output: {
    templates: z.array(templateRowSchema).describe('Matching templates, by display name'),
    ...pageOutput,
    total: z.number().int().describe('Templates matching the filters'),
  },
  annotations: ANNOTATIONS,
  async run(ctx, args) {
    const backend = await ctx.backend();
    const { top, cursor, ...listing } = args;
    const filter = filterOf(args);
    const matched = (await listAll(ctx, backend, 'alertRuleTemplates'))
      .filter((o) => matchesRule(o, filter))
      .sort(byDisplayName);
    const page = pageOfArray(
      matched,
      top,
      cursor,
      fingerprint(['sentinel_analytics_rule_templates_list', listing]),
    );
    return { ...page, templates: page.items.map(templateRow), total: matched.length };
  },
  render(r) {
    if (r.count === 0) return 'No analytics rule templates match.';
    return [
      renderMarkdownTable(TEMPLATE_COLUMNS, r.templates.map(templateCells)),
      pagingLine('templates', r),
    ].join('\n');
  },
});

export const templateGetTool = defineTool({
  name: 'sentinel_analytics_rule_template_get',
  title: 'Get an analytics rule template',
  description:
    'Returns one analytics rule template in full: query (whole), frequency, period, trigger, entity mappings, ' +
    'custom details, required data connectors, version, status. Pass its id (from ' +
    'sentinel_analytics_rule_templates_list) or its exact display name. To try it on the data before creating a ' +
    'rule, use sentinel_analytics_rule_test with template_id.',
  toolset: 'analytics',
  input: {
    template_id: z.string().min(1).max(300).describe('Template id (GUID) or its exact display name'),
  },
  output: templateDetailShape,
  annotations: ANNOTATIONS,
  async run(ctx, args) {
    const backend = await ctx.backend();
    return templateDetail(await findRule(ctx, backend, 'alertRuleTemplates', args.template_id));
  },
  render: (r) => renderDetail(r),
});

// ---- Counts ----

export const rulesCountTool = defineTool({
  name: 'sentinel_analytics_rules_count',
  title: 'Count analytics rules by tactic or technique',
  description:
    'Counts analytics rules (or rule templates) per MITRE ATT&CK tactic or technique, from both the tactics ' +
    'and the techniques/sub-techniques fields (a sub-technique counts under its parent technique and is listed ' +
    'under it), sorted by count, with the total and how many have none. Use it to see detection coverage and ' +
    'gaps; compare source=rules with source=templates to find techniques you could cover. To list the rules ' +
    'behind a count use sentinel_analytics_rule_list with tactic or technique.',
  toolset: 'analytics',
  input: {
    by: z.enum(['tactic', 'technique']).describe('Count per tactic or per technique'),
    source: z
      .enum(['rules', 'templates'])
      .default('rules')
      .describe('Count the workspace rules (default) or the available templates'),
    enabled: z
      .boolean()
      .optional()
      .describe('Rules only: count only enabled (true) or disabled (false) rules'),
    kind: filterInput.kind,
    top: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(100)
      .describe('Values to return at most (1-1000, default 100)'),
  },
  output: {
    by: z.enum(['tactic', 'technique']),
    source: z.enum(['rules', 'templates']),
    total: z.number().int().describe('Rules (or templates) counted'),
    without_any: z.number().int().describe('Of them, those with no tactic (or no technique)'),
    distinct: z.number().int().describe('Distinct tactics (or techniques) found'),
    counts: z.array(countSchema).describe('Per value, most first'),
    truncated: z.boolean().describe('True when more values exist than top'),
  },
  annotations: ANNOTATIONS,
  async run(ctx, args) {
    if (args.enabled !== undefined && args.source === 'templates') {
      throw new ToolError(
        'INVALID_ARGUMENT',
        'enabled applies to rules only (templates are not enabled or disabled)',
      );
    }
    const backend = await ctx.backend();
    const all = await listAll(ctx, backend, args.source === 'rules' ? 'alertRules' : 'alertRuleTemplates');
    const filter = filterOf(args);
    const counted = all.filter((o) => matchesRule(o, filter));
    const { counts, without } = countBy(counted, args.by);
    return {
      by: args.by,
      source: args.source,
      total: counted.length,
      without_any: without,
      distinct: counts.length,
      counts: counts.slice(0, args.top),
      truncated: counts.length > args.top,
    };
  },
  render(r) {
    const head = `${r.total} ${r.source} counted by ${r.by}: ${r.distinct} distinct; ${r.without_any} without any ${r.by}.`;
    const table = renderMarkdownTable(
      [col(r.by), col('count', 'long'), ...(r.by === 'technique' ? [col('sub_techniques')] : [])],
      r.counts.map((c) => [
        c.name,
        c.count,
        ...(r.by === 'technique' ? [c.sub_techniques.map((s) => `${s.name} (${s.count})`).join(', ')] : []),
      ]),
    );
    return [head, table, ...(r.truncated ? ['(more values: raise top)'] : [])].join('\n');
  },
});

// ---- Rule test ----

/** Rows one evaluation reads at least (more when the threshold needs them). */
const EVALUATION_ROWS = 1000;
const EVALUATION_ROWS_MAX = 10_000;
const MAX_DISTINCT_ALERTS = 100;
const CONCURRENCY = 2;

const TESTABLE = new Set(['Scheduled', 'NRT']);

function untestable(kind: string, name: string): ToolError {
  const why: Record<string, string> = {
    Fusion: 'Fusion correlates alerts and anomalies with machine learning; it has no query',
    MicrosoftSecurityIncidentCreation:
      'it turns alerts of Microsoft security products into incidents; it has no query',
    MLBehaviorAnalytics: 'it is a machine-learning behaviour analytics rule; it has no query',
    ThreatIntelligence:
      'it matches Microsoft threat intelligence against your data in the service; it has no query',
  };
  return new ToolError(
    'UNSUPPORTED',
    `"${name}" is a ${kind} rule: ${why[kind] ?? 'it has no KQL query to test'}. Only Scheduled and NRT rules can be tested`,
    { hint: 'Test a Scheduled or NRT rule, or pass a query inline.', retryable: false },
  );
}

function specOf(o: ArmObject, source: 'rule' | 'template'): RuleSpec {
  const kind = str(o, 'kind') ?? 'unknown';
  const name = str(o, 'displayName') ?? str(o, 'name') ?? '';
  if (!TESTABLE.has(kind)) throw untestable(kind, name);
  const query = str(o, 'query');
  if (!query?.trim())
    throw new ToolError('INVALID_ARGUMENT', `The ${source} "${name}" has no query`, { retryable: false });
  const nrt = kind === 'NRT';
  const override = record(o, 'alertDetailsOverride');
  const operator = str(o, 'triggerOperator');
  const aggregation = str(record(o, 'eventGroupingSettings'), 'aggregationKind');
  return {
    source,
    id: str(o, 'name') ?? null,
    displayName: name,
    kind: nrt ? 'NRT' : 'Scheduled',
    query,
    frequencyMs: nrt ? NRT_STEP_MS : parseRuleDuration(str(o, 'queryFrequency') ?? 'PT1H', 'queryFrequency'),
    periodMs: nrt ? NRT_STEP_MS : parseRuleDuration(str(o, 'queryPeriod') ?? 'PT1H', 'queryPeriod'),
    triggerOperator: (TRIGGER_OPERATORS as readonly string[]).includes(operator ?? '')
      ? (operator as TriggerOperator)
      : 'GreaterThan',
    triggerThreshold: nrt ? 0 : (num(o, 'triggerThreshold') ?? 0),
    aggregation: aggregation === 'AlertPerResult' ? 'AlertPerResult' : 'SingleAlert',
    severity: str(o, 'severity') ?? null,
    tactics: strings(o, 'tactics'),
    techniques: [...strings(o, 'techniques'), ...strings(o, 'subTechniques')],
    description: str(o, 'description') ?? null,
    entityMappings: entityMappingsOf(o),
    customDetails: customDetailsOf(o),
    displayNameFormat: str(override, 'alertDisplayNameFormat') ?? null,
    descriptionFormat: str(override, 'alertDescriptionFormat') ?? null,
    tacticsColumn: str(override, 'alertTacticsColumnName') ?? null,
    severityColumn: str(override, 'alertSeverityColumnName') ?? null,
  };
}

const entityMappingInput = z.object({
  entity_type: z
    .string()
    .min(1)
    .max(40)
    .describe(
      'Entity type: Account, Host, IP, URL, File, FileHash, Process, DNS, Mailbox, CloudApplication, ...',
    ),
  field_mappings: z
    .array(
      z.object({
        identifier: z.string().min(1).max(60).describe('Identifier, e.g. Address, FullName, HostName, Url'),
        column_name: z.string().min(1).max(256).describe('Result column holding the value'),
      }),
    )
    .min(1)
    .max(3),
});

const wouldBeAlertSchema = z.object({
  display_name: z.string(),
  description: z.string().nullable(),
  severity: z.string().nullable(),
  tactics: z.array(z.string()),
  entities: z
    .array(z.object({ type: z.string(), identifiers: z.record(z.string(), z.string()) }))
    .describe('Entities from the entity mappings (type and identifier values), de-duplicated'),
  entities_truncated: z.boolean(),
  custom_details: z.record(z.string(), z.array(z.string())).describe('Custom detail -> distinct values'),
  rows: z.number().int().describe('Result rows the alert covers (in its first evaluation)'),
  first_evaluation: z.string().describe('Earliest evaluation that raised it'),
  last_evaluation: z.string(),
  evaluations: z.number().int().describe('Evaluations that raised it'),
});

interface Evaluation {
  time: string;
  window_start: string;
  result_count: number;
  result_count_capped: boolean;
  fired: boolean;
  alerts: number;
  alerts_truncated: boolean;
  error: string | null;
  wouldBe: WouldBeAlert[];
  table: QueryTable | undefined;
}

async function evaluate(
  ctx: ToolContext,
  backend: Backend,
  spec: RuleSpec,
  at: Date,
  maxRows: number,
): Promise<Evaluation> {
  const windowStart = new Date(at.getTime() - spec.periodMs);
  const { query } = pinNow(spec.query, at);
  const response = await backend.logs.query({
    query,
    timespan: { start: windowStart, end: at },
    maxRows,
    abortSignal: ctx.signal,
    deadline: ctx.deadline,
  });
  const first = response.tables[0] ?? { name: 'PrimaryResult', columns: [], rows: [] };
  const table = { ...first, rows: stableRows(spec.query, first.rows) };
  const count = table.rows.length;
  const fired = fires(count, spec.triggerOperator, spec.triggerThreshold);
  const raised = fired ? alertsOf(spec, table.columns, table.rows) : { alerts: [], truncated: false };
  return {
    time: at.toISOString(),
    window_start: windowStart.toISOString(),
    result_count: count,
    result_count_capped: response.truncatedAtSource || count >= maxRows,
    fired,
    alerts: raised.alerts.length,
    alerts_truncated: raised.truncated,
    error: null,
    wouldBe: raised.alerts,
    table,
  };
}

function failed(at: Date, spec: RuleSpec, error: ToolError): Evaluation {
  return {
    time: at.toISOString(),
    window_start: new Date(at.getTime() - spec.periodMs).toISOString(),
    result_count: 0,
    result_count_capped: false,
    fired: false,
    alerts: 0,
    alerts_truncated: false,
    error: `${error.code}: ${error.message}`,
    wouldBe: [],
    table: undefined,
  };
}

const OVERRIDES = [
  'query_frequency',
  'query_period',
  'trigger_operator',
  'trigger_threshold',
  'aggregation',
  'entity_mappings',
  'alert_display_name_format',
  'custom_details',
  'severity',
  'display_name',
] as const;

export const ruleTestTool = defineTool({
  name: 'sentinel_analytics_rule_test',
  title: 'Test an analytics rule on the data',
  description:
    'Runs a Scheduled (or NRT) analytics rule as Sentinel would have between start_time and end_time: at end_time ' +
    'and every query_frequency before it (at most 50 evaluations), each over its query_period, with now()/ago() ' +
    'meaning the evaluation time; applies the trigger (operator and threshold on the result count), event grouping ' +
    '(SingleAlert or AlertPerResult), the alert name format, entity mappings and custom details, and reports each ' +
    'evaluation and the distinct alerts it would have raised with their entities, plus a sample of the rows. Give ' +
    'rule_id (a rule), template_id (a template, to try it before creating it) or query with query_frequency and ' +
    'query_period (a draft rule); settings given with a rule or template override its own. Not for Fusion, ML or ' +
    'Microsoft incident-creation rules (no query). To just run a query use sentinel_logs_search.',
  toolset: 'analytics',
  input: {
    rule_id: z.string().min(1).max(300).optional().describe('Rule id (or exact display name) to test'),
    template_id: z
      .string()
      .min(1)
      .max(300)
      .optional()
      .describe('Template id (or exact display name) to test'),
    query: z
      .string()
      .min(1)
      .max(MAX_QUERY_CHARS)
      .optional()
      .describe('A draft rule query (KQL), instead of rule_id'),
    query_frequency: z
      .string()
      .min(2)
      .max(20)
      .optional()
      .describe('How often the rule runs: ISO 8601 (PT1H) or 5m/1h/1d; 5 minutes to 14 days'),
    query_period: z
      .string()
      .min(2)
      .max(20)
      .optional()
      .describe('How far back each run looks: ISO 8601 (PT1H) or 5m/1h/1d; 5 minutes to 14 days'),
    trigger_operator: z
      .enum(TRIGGER_OPERATORS)
      .optional()
      .describe('Compare the result count with the threshold (default GreaterThan)'),
    trigger_threshold: z
      .number()
      .int()
      .min(0)
      .max(EVALUATION_ROWS_MAX - 1)
      .optional()
      .describe('The threshold (default 0: fire when there is any result)'),
    aggregation: z
      .enum(AGGREGATIONS)
      .optional()
      .describe('Event grouping: SingleAlert (default: one alert per run) or AlertPerResult (one per row)'),
    entity_mappings: z
      .array(entityMappingInput)
      .max(10)
      .optional()
      .describe(
        'Entity mappings, e.g. [{"entity_type":"IP","field_mappings":[{"identifier":"Address","column_name":"IPAddress"}]}]',
      ),
    alert_display_name_format: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe('Alert name with {{Column}} placeholders, e.g. "Spray from {{IPAddress}}"'),
    custom_details: z
      .record(z.string().min(1).max(40), z.string().min(1).max(256))
      .optional()
      .describe('Custom details: key -> result column'),
    severity: z.enum(SEVERITIES).optional().describe('Alert severity for a draft rule (default Medium)'),
    display_name: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe('Name of a draft rule (default "Draft rule")'),
    end_time: z
      .string()
      .min(1)
      .max(40)
      .optional()
      .describe("The last evaluation time, ISO 8601 (default now); e.g. an alert's time generated"),
    start_time: z
      .string()
      .min(1)
      .max(40)
      .optional()
      .describe('The earliest evaluation time (default end_time: one evaluation)'),
  },
  output: {
    rule: z.object({
      source: z.enum(['rule', 'template', 'inline']),
      id: z.string().nullable(),
      display_name: z.string(),
      kind: z.enum(['Scheduled', 'NRT']),
      query: z.string().describe('The query tested (long text cut)'),
      frequency: z.string(),
      period: z.string(),
      trigger_operator: z.enum(TRIGGER_OPERATORS),
      trigger_threshold: z.number(),
      aggregation: z.enum(AGGREGATIONS),
      severity: z.string().nullable(),
      tactics: z.array(z.string()),
      entity_mappings: z.number().int().describe('Entity mappings applied'),
    }),
    start_time: z.string(),
    end_time: z.string(),
    evaluations: z
      .array(
        z.object({
          time: z.string().describe('Evaluation time (the end of its window)'),
          window_start: z.string(),
          result_count: z.number().int(),
          result_count_capped: z.boolean().describe('True when the count stopped at the row limit'),
          fired: z.boolean(),
          alerts: z.number().int().describe('Alerts this evaluation would raise'),
          alerts_truncated: z.boolean().describe('AlertPerResult: more than 20 rows, only 20 alerts shown'),
          error: z.string().nullable().describe('Why the run failed, else null'),
        }),
      )
      .describe('Every evaluation, oldest first'),
    evaluation_count: z.number().int(),
    fired_count: z.number().int(),
    failed_count: z.number().int(),
    alerts: z.array(wouldBeAlertSchema).describe('Distinct would-be alerts (same name and entities = one)'),
    alerts_truncated: z.boolean().describe(`True when more than ${MAX_DISTINCT_ALERTS} distinct alerts`),
    sample: z
      .object({
        evaluation_time: z.string(),
        columns: z.array(z.object({ name: z.string(), type: z.enum(KQL_TYPES) })),
        rows: z.array(z.array(z.unknown())),
      })
      .nullable()
      .describe('Up to 5 result rows of the latest evaluation with results, for debugging'),
    notes: z.array(z.string()).describe('How the test differs from the service, overrides applied'),
  },
  annotations: ANNOTATIONS,
  async run(ctx, args) {
    const sources = [args.rule_id, args.template_id, args.query].filter((x) => x !== undefined);
    if (sources.length !== 1) {
      throw new ToolError(
        'INVALID_ARGUMENT',
        sources.length === 0
          ? 'Give rule_id, template_id, or an inline query'
          : 'Give only one of rule_id, template_id and query',
        {
          hint: 'Test a rule with rule_id, a template with template_id, or a draft with query, query_frequency and query_period.',
        },
      );
    }
    const backend = await ctx.backend();
    const notes: string[] = [];
    let spec: RuleSpec;
    if (args.query !== undefined) {
      if (!args.query_frequency || !args.query_period) {
        throw new ToolError('INVALID_ARGUMENT', 'A query needs query_frequency and query_period', {
          hint: 'e.g. query_frequency "PT1H" and query_period "PT1H" (or "1h").',
        });
      }
      spec = {
        source: 'inline',
        id: null,
        displayName: args.display_name ?? 'Draft rule',
        kind: 'Scheduled',
        query: guardQuery(args.query),
        frequencyMs: 0,
        periodMs: 0,
        triggerOperator: 'GreaterThan',
        triggerThreshold: 0,
        aggregation: 'SingleAlert',
        severity: args.severity ?? 'Medium',
        tactics: [],
        techniques: [],
        description: null,
        entityMappings: [],
        customDetails: {},
        displayNameFormat: null,
        descriptionFormat: null,
        tacticsColumn: null,
        severityColumn: null,
      };
    } else {
      const kind = args.rule_id !== undefined ? 'alertRules' : 'alertRuleTemplates';
      spec = specOf(
        await findRule(ctx, backend, kind, (args.rule_id ?? args.template_id)!),
        kind === 'alertRules' ? 'rule' : 'template',
      );
      const overridden = OVERRIDES.filter((k) => args[k] !== undefined);
      if (overridden.length)
        notes.push(`Settings given here replace the ${spec.source}'s: ${overridden.join(', ')}.`);
      if (spec.kind === 'NRT') {
        if (args.query_frequency || args.query_period)
          throw new ToolError(
            'INVALID_ARGUMENT',
            'NRT rules have no query_frequency or query_period to override',
          );
        notes.push(
          'NRT rules run about every minute over newly ingested data; here they are evaluated in 5-minute windows, every 5 minutes.',
        );
      }
    }
    if (args.query_frequency) spec.frequencyMs = parseRuleDuration(args.query_frequency, 'query_frequency');
    if (args.query_period) spec.periodMs = parseRuleDuration(args.query_period, 'query_period');
    if (args.trigger_operator) spec.triggerOperator = args.trigger_operator;
    if (args.trigger_threshold !== undefined) spec.triggerThreshold = args.trigger_threshold;
    if (args.aggregation) spec.aggregation = args.aggregation as Aggregation;
    if (args.entity_mappings)
      spec.entityMappings = args.entity_mappings.map((m) => ({
        entityType: m.entity_type,
        fieldMappings: m.field_mappings.map((f) => ({ identifier: f.identifier, columnName: f.column_name })),
      }));
    if (args.alert_display_name_format) spec.displayNameFormat = args.alert_display_name_format;
    if (args.custom_details) spec.customDetails = args.custom_details;
    if (args.severity) spec.severity = args.severity;
    if (args.display_name && spec.source !== 'inline') spec.displayName = args.display_name;
    if (spec.kind === 'Scheduled') checkBounds(spec.frequencyMs, spec.periodMs);

    const end = args.end_time
      ? parseInstant(args.end_time, 'end_time')
      : await workspaceNow(backend, { abortSignal: ctx.signal });
    const start = args.start_time ? parseInstant(args.start_time, 'start_time') : end;
    const times = evaluationTimes(start, end, spec.frequencyMs);
    const maxRows = Math.min(EVALUATION_ROWS_MAX, Math.max(EVALUATION_ROWS, spec.triggerThreshold + 1));

    // The last evaluation (at end_time) first and alone: a query error there fails the whole call.
    const results = new Map<number, Evaluation>();
    const total = times.length;
    let done = 0;
    const progress = () =>
      ctx.progress.report(++done, total, `evaluation ${done} of ${total}`).catch(() => undefined);
    const last = times[times.length - 1]!;
    results.set(times.length - 1, await evaluate(ctx, backend, spec, last, maxRows));
    await progress();
    const rest = times
      .slice(0, -1)
      .map((t, i) => ({ t, i }))
      .reverse();
    const worker = async () => {
      for (let job = rest.shift(); job; job = rest.shift()) {
        try {
          results.set(job.i, await evaluate(ctx, backend, spec, job.t, maxRows));
        } catch (error) {
          const e = toToolError(error);
          if (ctx.signal.aborted || e.code === 'CANCELLED' || e.code === 'TIMEOUT') throw e;
          results.set(job.i, failed(job.t, spec, e));
        }
        await progress();
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rest.length) }, worker));

    const evaluations = times.map((_, i) => results.get(i)!);
    const distinct = distinctAlerts(evaluations.map((e) => ({ time: e.time, alerts: e.wouldBe })));
    const withRows = [...evaluations].reverse().find((e) => e.table && e.table.rows.length > 0);
    if (evaluations.some((e) => e.result_count_capped))
      notes.push(`Result counts stop at ${maxRows} rows per evaluation.`);
    if (pinNow(spec.query, end).pinned > 0)
      notes.push(
        'now() and ago() in the query were evaluated at each evaluation time, as when the rule runs then.',
      );
    notes.push('Alert suppression and incident grouping are not simulated; every evaluation is independent.');
    return {
      rule: {
        source: spec.source,
        id: spec.id,
        display_name: spec.displayName,
        kind: spec.kind,
        query: cutText(spec.query, 4000).text,
        frequency: formatIsoDuration(spec.frequencyMs),
        period: formatIsoDuration(spec.periodMs),
        trigger_operator: spec.triggerOperator,
        trigger_threshold: spec.triggerThreshold,
        aggregation: spec.aggregation,
        severity: spec.severity,
        tactics: spec.tactics,
        entity_mappings: spec.entityMappings.length,
      },
      start_time: times[0]!.toISOString(),
      end_time: end.toISOString(),
      evaluations: evaluations.map(({ wouldBe, table, ...e }) => {
        void wouldBe;
        void table;
        return e;
      }),
      evaluation_count: evaluations.length,
      fired_count: evaluations.filter((e) => e.fired).length,
      failed_count: evaluations.filter((e) => e.error !== null).length,
      alerts: distinct.slice(0, MAX_DISTINCT_ALERTS),
      alerts_truncated: distinct.length > MAX_DISTINCT_ALERTS,
      sample:
        withRows && withRows.table
          ? {
              evaluation_time: withRows.time,
              columns: withRows.table.columns,
              rows: withRows.table.rows.slice(0, 5).map((r) => r.map((c: Cell) => cutCell(c, 200).cell)),
            }
          : null,
      notes,
    };
  },
  render(r) {
    const rule = r.rule;
    const lines = [
      `${rule.source} "${rule.display_name}" (${rule.kind}; every ${rule.frequency} over ${rule.period}; fires when results ${rule.trigger_operator} ${rule.trigger_threshold}; ${rule.aggregation}): ` +
        `${r.evaluation_count} evaluation${r.evaluation_count === 1 ? '' : 's'} from ${r.start_time} to ${r.end_time}; ${r.fired_count} fired; ${r.failed_count} failed.`,
      renderMarkdownTable(
        [
          col('time', 'datetime'),
          col('result_count', 'long'),
          col('fired', 'bool'),
          col('alerts', 'long'),
          col('error'),
        ],
        r.evaluations.map((e) => [
          e.time,
          e.result_count_capped ? `${e.result_count}+` : e.result_count,
          e.fired,
          e.alerts,
          e.error,
        ]),
      ),
    ];
    lines.push(
      r.alerts.length === 0
        ? '\nNo alerts would have been raised.'
        : `\nWould-be alerts (${r.alerts.length} distinct${r.alerts_truncated ? ', more not shown' : ''}):`,
    );
    r.alerts.forEach((a, i) => {
      const entities = a.entities
        .map(
          (e) =>
            `${e.type} ${Object.entries(e.identifiers)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`,
        )
        .join('; ');
      const custom = Object.entries(a.custom_details)
        .map(([k, v]) => `${k}=${v.join('|')}`)
        .join('; ');
      lines.push(
        `${i + 1}. ${a.display_name} [${a.severity ?? '?'}] ${a.tactics.join(', ')}; raised by ${a.evaluations} evaluation(s) ${a.first_evaluation}${a.evaluations > 1 ? `..${a.last_evaluation}` : ''}; ${a.rows} row(s)` +
          `${a.description ? `\n   description: ${cutText(a.description, 300).text}` : ''}` +
          `${entities ? `\n   entities: ${entities}${a.entities_truncated ? ' (more)' : ''}` : ''}${custom ? `\n   custom details: ${custom}` : ''}`,
      );
    });
    if (r.sample) {
      lines.push(`\nSample rows (evaluation at ${r.sample.evaluation_time}):`);
      lines.push(renderMarkdownTable(r.sample.columns, r.sample.rows as Cell[][]));
    }
    if (r.notes.length) lines.push(`\nNotes: ${r.notes.join(' ')}`);
    return lines.join('\n');
  },
});

export const analyticsTools = [
  ruleListTool,
  ruleGetTool,
  templatesListTool,
  templateGetTool,
  rulesCountTool,
  ruleTestTool,
];
