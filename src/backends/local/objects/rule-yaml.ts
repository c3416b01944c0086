// Analytics rules in the YAML format of the public Azure-Sentinel content repository (Detections/,
// Solutions/<name>/Analytic Rules/), turned into the ARM JSON of alertRules (and alertRuleTemplates):
// `5m`/`1h`/`1d` durations become ISO 8601, `gt` becomes `GreaterThan`, `relevantTechniques` splits into
// `techniques` and `subTechniques`, and the YAML `id` is both the rule's name and its template name.
import { createHash } from 'node:crypto';
import type { Document } from 'yaml';
import { z } from 'zod';
import type { ArmResource } from '../../objects.js';
import { formatIsoDuration, parseIsoDuration } from '../../../util/time.js';
import { invalid, type FolderFile } from './files.js';
import { ARM_TYPES, resourceIdOf } from './kinds.js';

export const RULE_HINT =
  'Analytics rules use the YAML format of the Azure-Sentinel content repository (id, name, severity, query, ' +
  'queryFrequency, queryPeriod, triggerOperator, triggerThreshold, ...); see docs/local-workspace.md.';

const SHORT_DURATION = /^(\d+)\s*([smhd])$/i;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `5m`, `1h`, `14d` (the content repository's form) or ISO 8601 (`PT5M`) → ISO 8601, canonical. */
export function toIsoDuration(text: string): string | undefined {
  const trimmed = text.trim();
  const short = SHORT_DURATION.exec(trimmed);
  let ms: number;
  if (short) ms = Number(short[1]) * (UNIT_MS[short[2]!.toLowerCase()] ?? 0);
  else {
    try {
      ms = parseIsoDuration(trimmed);
    } catch {
      return undefined;
    }
  }
  return ms > 0 ? formatIsoDuration(ms) : undefined;
}

/** ISO 8601 → the content repository's short form when it is a whole number of one unit. */
export function toShortDuration(iso: string): string {
  let ms: number;
  try {
    ms = parseIsoDuration(iso);
  } catch {
    return iso;
  }
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return iso;
}

/**
 * A description as the content repository writes it: a block scalar whose text is often wrapped in
 * single quotes (`'Identifies ...'`), which the content hub drops when it installs the rule.
 */
export function cleanDescription(text: string | null | undefined): string {
  const t = (text ?? '').trim();
  return t.length >= 2 && t.startsWith("'") && t.endsWith("'") ? t.slice(1, -1).trim() : t;
}

const OPERATORS: Record<string, string> = {
  gt: 'GreaterThan',
  lt: 'LessThan',
  eq: 'Equal',
  ne: 'NotEqual',
  greaterthan: 'GreaterThan',
  lessthan: 'LessThan',
  equal: 'Equal',
  notequal: 'NotEqual',
};
export const SHORT_OPERATORS: Record<string, string> = {
  GreaterThan: 'gt',
  LessThan: 'lt',
  Equal: 'eq',
  NotEqual: 'ne',
};
const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'] as const;

const duration = z.string().transform((v, ctx) => {
  const iso = toIsoDuration(v);
  if (!iso) {
    ctx.addIssue({
      code: 'custom',
      message: `"${v}" is not a duration (use 5m, 1h, 1d or ISO 8601 such as PT5M, P1D)`,
    });
    return z.NEVER;
  }
  return iso;
});

const textId = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const s = String(v).trim();
  if (s.length === 0 || s.length > 260 || /[/\\?#%\u0000-\u001f]/.test(s)) {
    ctx.addIssue({ code: 'custom', message: 'must be 1-260 characters without / \\ ? # % (a GUID)' });
    return z.NEVER;
  }
  return s;
});

const technique = z
  .string()
  .transform((v) => v.trim().toUpperCase())
  .refine((v) => /^T\d{4}(\.\d{3})?$/.test(v), {
    message: 'is not a MITRE ATT&CK technique id (T1110 or T1110.003)',
  });

const fieldMapping = z.looseObject({ identifier: z.string().min(1), columnName: z.string().min(1) });
const entityMapping = z.looseObject({
  entityType: z.string().min(1),
  fieldMappings: z.array(fieldMapping).min(1),
});

const ruleSchema = z.looseObject({
  id: textId,
  name: z.string().trim().min(1).max(260),
  description: z.string().optional(),
  severity: z
    .string()
    .transform((v) => SEVERITIES.find((s) => s.toLowerCase() === v.trim().toLowerCase()))
    .refine((v) => v !== undefined, { message: `must be one of ${SEVERITIES.join(', ')}` }),
  status: z.string().optional(),
  requiredDataConnectors: z
    .array(z.looseObject({ connectorId: z.string(), dataTypes: z.array(z.string()).default([]) }))
    .nullish(),
  queryFrequency: duration.optional(),
  queryPeriod: duration.optional(),
  triggerOperator: z
    .string()
    .transform((v) => OPERATORS[v.trim().toLowerCase()])
    .refine((v) => v !== undefined, { message: 'must be gt, lt, eq or ne' })
    .optional(),
  triggerThreshold: z.number().int().min(0).optional(),
  tactics: z
    .array(z.string())
    .nullish()
    .transform((v) => (v ?? []).map((t) => t.replace(/\s+/g, ''))),
  relevantTechniques: z
    .array(technique)
    .nullish()
    .transform((v) => v ?? []),
  query: z.string().trim().min(1),
  entityMappings: z.array(entityMapping).nullish(),
  eventGroupingSettings: z
    .looseObject({ aggregationKind: z.enum(['SingleAlert', 'AlertPerResult']) })
    .nullish(),
  customDetails: z.record(z.string(), z.string()).nullish(),
  alertDetailsOverride: z.record(z.string(), z.unknown()).nullish(),
  incidentConfiguration: z.record(z.string(), z.unknown()).nullish(),
  suppressionDuration: duration.optional(),
  suppressionEnabled: z.boolean().optional(),
  kind: z
    .string()
    .transform((v) =>
      v.trim().toLowerCase() === 'nrt'
        ? 'NRT'
        : v.trim().toLowerCase() === 'scheduled'
          ? 'Scheduled'
          : undefined,
    )
    .refine((v) => v !== undefined, { message: 'must be Scheduled or NRT' })
    .optional(),
  enabled: z.boolean().optional(),
});

export type ParsedRule = z.infer<typeof ruleSchema> & { kind: 'Scheduled' | 'NRT'; version?: string };

function issuesText(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`)
    .join('; ');
}

/** The version as written (`1.0` stays `1.0`, which YAML would read as the number 1). */
function versionOf(doc: Document): string | undefined {
  const node = doc.get('version', true) as { source?: unknown; value?: unknown } | undefined;
  if (node === undefined || node === null) return undefined;
  if (typeof node.source === 'string' && node.source !== '') return node.source;
  return node.value === undefined || node.value === null ? undefined : String(node.value);
}

/** Parses and checks one rule file; errors name the file and the field. */
export function parseRuleYaml(doc: Document, file: FolderFile): ParsedRule {
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw invalid(`${file.rel} is not a rule: expected a YAML mapping (id: ..., name: ...).`, RULE_HINT);
  const parsed = ruleSchema.safeParse(data);
  if (!parsed.success) throw invalid(`${file.rel} is invalid: ${issuesText(parsed.error)}`, RULE_HINT);
  const rule = parsed.data;
  const kind = rule.kind ?? 'Scheduled';
  if (kind === 'Scheduled') {
    const missing = (
      ['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold'] as const
    ).filter((f) => rule[f] === undefined);
    if (missing.length > 0)
      throw invalid(
        `${file.rel} is invalid: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} required for a Scheduled rule.`,
        RULE_HINT,
      );
  }
  const version = versionOf(doc);
  return { ...rule, kind, ...(version ? { version } : {}) };
}

function splitTechniques(list: readonly string[]): { techniques: string[]; subTechniques: string[] } {
  const techniques: string[] = [];
  const subTechniques: string[] = [];
  for (const t of list) {
    const parent = t.split('.')[0]!;
    if (!techniques.includes(parent)) techniques.push(parent);
    if (t.includes('.') && !subTechniques.includes(t)) subTechniques.push(t);
  }
  return { techniques, subTechniques };
}

function incidentConfiguration(value: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const defaults = {
    createIncident: true,
    groupingConfiguration: {
      enabled: false,
      reopenClosedIncident: false,
      lookbackDuration: 'PT5H',
      matchingMethod: 'AllEntities',
      groupByEntities: [],
      groupByAlertDetails: [],
      groupByCustomDetails: [],
    },
  };
  if (!value) return defaults;
  const grouping = value.groupingConfiguration;
  if (grouping && typeof grouping === 'object' && !Array.isArray(grouping)) {
    const g = { ...defaults.groupingConfiguration, ...(grouping as Record<string, unknown>) };
    if (typeof g.lookbackDuration === 'string')
      g.lookbackDuration = toIsoDuration(g.lookbackDuration) ?? g.lookbackDuration;
    return { ...defaults, ...value, groupingConfiguration: g };
  }
  return { ...defaults, ...value };
}

function etagOf(properties: Record<string, unknown>): string {
  const h = createHash('sha256').update(JSON.stringify(properties)).digest('hex');
  return `"${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}"`;
}

/** The common properties of a rule and of a template. */
function detectionProperties(rule: ParsedRule): Record<string, unknown> {
  const { techniques, subTechniques } = splitTechniques(rule.relevantTechniques);
  return {
    displayName: rule.name,
    description: cleanDescription(rule.description),
    severity: rule.severity,
    query: rule.query,
    ...(rule.kind === 'Scheduled'
      ? {
          queryFrequency: rule.queryFrequency,
          queryPeriod: rule.queryPeriod,
          triggerOperator: rule.triggerOperator,
          triggerThreshold: rule.triggerThreshold,
        }
      : {}),
    tactics: rule.tactics,
    techniques,
    subTechniques,
    ...(rule.entityMappings ? { entityMappings: rule.entityMappings } : {}),
    ...(rule.customDetails ? { customDetails: rule.customDetails } : {}),
    ...(rule.alertDetailsOverride ? { alertDetailsOverride: rule.alertDetailsOverride } : {}),
    eventGroupingSettings: rule.eventGroupingSettings ?? { aggregationKind: 'SingleAlert' },
  };
}

/** An alertRules resource (kind Scheduled or NRT) from a parsed rule. */
export function ruleToArm(rule: ParsedRule, workspaceId: string, modified: string): ArmResource {
  const properties: Record<string, unknown> = {
    alertRuleTemplateName: rule.id,
    ...(rule.version ? { templateVersion: rule.version } : {}),
    enabled: rule.enabled ?? true,
    ...detectionProperties(rule),
    suppressionDuration: rule.suppressionDuration ?? 'PT5H',
    suppressionEnabled: rule.suppressionEnabled ?? false,
    incidentConfiguration: incidentConfiguration(rule.incidentConfiguration),
    lastModifiedUtc: modified,
  };
  return {
    id: resourceIdOf(workspaceId, 'alertRules', rule.id),
    name: rule.id,
    type: ARM_TYPES.alertRules,
    kind: rule.kind,
    etag: etagOf(properties),
    properties,
  };
}

/** An alertRuleTemplates resource from a parsed rule (what the content hub installs). */
export function templateToArm(rule: ParsedRule, workspaceId: string, modified: string): ArmResource {
  const properties: Record<string, unknown> = {
    ...detectionProperties(rule),
    requiredDataConnectors: rule.requiredDataConnectors ?? [],
    status: rule.status ?? 'Available',
    ...(rule.version ? { version: rule.version } : {}),
    createdDateUTC: modified,
    lastUpdatedDateUTC: modified,
    alertRulesCreatedByTemplateCount: 0,
  };
  return {
    id: resourceIdOf(workspaceId, 'alertRuleTemplates', rule.id),
    name: rule.id,
    type: ARM_TYPES.alertRuleTemplates,
    kind: rule.kind,
    properties,
  };
}
