// Analytics rules and rule templates: compact rows, full objects, filters (kind, enabled, severity,
// tactic, technique with sub-techniques, text) and counts by tactic or technique. Rules and templates
// are filtered here (their ARM list APIs take no $filter), over the whole cached collection.
import { z } from 'zod';
import type { ArmObject } from '../backends/objects.js';
import { bool, num, record, records, str, strings, time } from './arm.js';
import { short } from './paging.js';

export const RULE_KINDS = [
  'Scheduled',
  'NRT',
  'Fusion',
  'MicrosoftSecurityIncidentCreation',
  'MLBehaviorAnalytics',
  'ThreatIntelligence',
] as const;

/** A technique id: T1110 or a sub-technique T1110.003. */
export const TECHNIQUE = /^T\d{4}(\.\d{3})?$/i;

/** Techniques and sub-techniques of a rule, upper-cased, de-duplicated, in order. */
export function techniquesOf(o: ArmObject): string[] {
  return [
    ...new Set(
      [...strings(o, 'techniques'), ...strings(o, 'subTechniques')].map((t) => t.trim().toUpperCase()),
    ),
  ].filter((t) => t !== '');
}

/** The parent technique of a (sub-)technique id. */
export function parentTechnique(t: string): string {
  return t.toUpperCase().split('.')[0] ?? t;
}

export interface RuleFilter {
  kind?: readonly string[];
  enabled?: boolean;
  severity?: readonly string[];
  tactic?: string;
  technique?: string;
  search?: string;
  /** Templates: a connector id or data type (table) in requiredDataConnectors. */
  dataSource?: string;
}

/** Whether a rule (or template) passes the filter. A parent technique matches its sub-techniques. */
export function matchesRule(o: ArmObject, f: RuleFilter): boolean {
  if (f.kind?.length && !f.kind.some((k) => k.toLowerCase() === (str(o, 'kind') ?? '').toLowerCase()))
    return false;
  if (f.enabled !== undefined && bool(o, 'enabled') !== f.enabled) return false;
  if (f.severity?.length && !f.severity.includes(str(o, 'severity') ?? '')) return false;
  if (f.tactic) {
    const t = f.tactic.toLowerCase();
    if (!strings(o, 'tactics').some((x) => x.toLowerCase() === t)) return false;
  }
  if (f.technique) {
    const t = f.technique.trim().toUpperCase();
    const sub = t.includes('.');
    if (!techniquesOf(o).some((x) => x === t || (!sub && x.startsWith(`${t}.`)))) return false;
  }
  if (f.search) {
    const s = f.search.toLowerCase();
    const fields = [str(o, 'displayName'), str(o, 'description'), str(o, 'query'), str(o, 'name')];
    if (!fields.some((x) => x?.toLowerCase().includes(s))) return false;
  }
  if (f.dataSource) {
    const d = f.dataSource.toLowerCase();
    const sources = records(o, 'requiredDataConnectors');
    if (
      !sources.some(
        (c) =>
          str(c, 'connectorId')?.toLowerCase() === d ||
          strings(c, 'dataTypes').some((x) => x.toLowerCase() === d),
      )
    )
      return false;
  }
  return true;
}

/** Display name, then name: a stable order for listings. */
export function byDisplayName(a: ArmObject, b: ArmObject): number {
  const x = (str(a, 'displayName') ?? '').toLowerCase();
  const y = (str(b, 'displayName') ?? '').toLowerCase();
  return x < y ? -1 : x > y ? 1 : (str(a, 'name') ?? '').localeCompare(str(b, 'name') ?? '');
}

// ---- Rows ----

export const ruleRowSchema = z.object({
  id: z.string().describe('Rule id (the ARM name, usually a GUID): the rule_id of the other tools'),
  display_name: z.string().nullable(),
  kind: z.string().nullable().describe('Scheduled, NRT, Fusion, MicrosoftSecurityIncidentCreation, ...'),
  enabled: z.boolean().nullable(),
  severity: z.string().nullable(),
  tactics: z.array(z.string()),
  techniques: z.array(z.string()).describe('Techniques and sub-techniques'),
  frequency: z.string().nullable().describe('How often it runs (ISO 8601), Scheduled rules'),
  period: z.string().nullable().describe('How far back it looks (ISO 8601), Scheduled rules'),
  last_modified: z.string().nullable(),
  template_id: z.string().nullable().describe('The template it was created from, if any'),
});
export type RuleRow = z.output<typeof ruleRowSchema>;

export function ruleRow(o: ArmObject): RuleRow {
  return {
    id: str(o, 'name') ?? '',
    display_name: str(o, 'displayName') ?? null,
    kind: str(o, 'kind') ?? null,
    enabled: bool(o, 'enabled') ?? null,
    severity: str(o, 'severity') ?? null,
    tactics: strings(o, 'tactics'),
    techniques: techniquesOf(o),
    frequency: str(o, 'queryFrequency') ?? null,
    period: str(o, 'queryPeriod') ?? null,
    last_modified: time(o, 'lastModifiedUtc') ?? null,
    template_id: str(o, 'alertRuleTemplateName') ?? null,
  };
}

export const templateRowSchema = z.object({
  id: z.string().describe('Template id: the template_id of sentinel_analytics_rule_template_get'),
  display_name: z.string().nullable(),
  kind: z.string().nullable(),
  severity: z.string().nullable(),
  tactics: z.array(z.string()),
  techniques: z.array(z.string()),
  frequency: z.string().nullable(),
  period: z.string().nullable(),
  status: z.string().nullable().describe('Available, Installed, NotAvailable'),
  version: z.string().nullable(),
  last_updated: z.string().nullable(),
  data_types: z.array(z.string()).describe('Tables it needs (requiredDataConnectors)'),
  rules_created: z.number().int().nullable().describe('Rules created from it'),
});
export type TemplateRow = z.output<typeof templateRowSchema>;

function dataTypesOf(o: ArmObject): string[] {
  return [...new Set(records(o, 'requiredDataConnectors').flatMap((c) => strings(c, 'dataTypes')))];
}

export function templateRow(o: ArmObject): TemplateRow {
  return {
    id: str(o, 'name') ?? '',
    display_name: str(o, 'displayName') ?? null,
    kind: str(o, 'kind') ?? null,
    severity: str(o, 'severity') ?? null,
    tactics: strings(o, 'tactics'),
    techniques: techniquesOf(o),
    frequency: str(o, 'queryFrequency') ?? null,
    period: str(o, 'queryPeriod') ?? null,
    status: str(o, 'status') ?? null,
    version: str(o, 'version') ?? null,
    last_updated: time(o, 'lastUpdatedDateUTC') ?? null,
    data_types: dataTypesOf(o),
    rules_created: num(o, 'alertRulesCreatedByTemplateCount') ?? null,
  };
}

// ---- Full objects ----

const entityMappingSchema = z.object({
  entity_type: z.string().nullable(),
  field_mappings: z.array(
    z.object({ identifier: z.string().nullable(), column_name: z.string().nullable() }),
  ),
});

export const ruleDetailShape = {
  id: z.string(),
  display_name: z.string().nullable(),
  kind: z.string().nullable(),
  description: z.string().nullable(),
  enabled: z.boolean().nullable(),
  severity: z.string().nullable(),
  tactics: z.array(z.string()),
  techniques: z.array(z.string()).describe('Techniques and sub-techniques'),
  query: z.string().nullable().describe('The KQL query, whole'),
  frequency: z.string().nullable(),
  period: z.string().nullable(),
  trigger_operator: z.string().nullable(),
  trigger_threshold: z.number().nullable(),
  suppression_enabled: z.boolean().nullable(),
  suppression_duration: z.string().nullable(),
  event_grouping: z.string().nullable().describe('SingleAlert or AlertPerResult'),
  entity_mappings: z.array(entityMappingSchema),
  custom_details: z.record(z.string(), z.string()).describe('Custom detail key -> column'),
  alert_details_override: z
    .object({
      display_name_format: z.string().nullable(),
      description_format: z.string().nullable(),
      tactics_column: z.string().nullable(),
      severity_column: z.string().nullable(),
    })
    .nullable(),
  incident_configuration: z
    .object({
      create_incident: z.boolean().nullable(),
      grouping_enabled: z.boolean().nullable(),
      reopen_closed_incident: z.boolean().nullable(),
      lookback_duration: z.string().nullable(),
      matching_method: z.string().nullable(),
      group_by_entities: z.array(z.string()),
      group_by_alert_details: z.array(z.string()),
      group_by_custom_details: z.array(z.string()),
    })
    .nullable(),
  template_id: z.string().nullable(),
  template_version: z.string().nullable(),
  last_modified: z.string().nullable(),
  product_filter: z.string().nullable().describe('MicrosoftSecurityIncidentCreation: the product'),
  severities_filter: z.array(z.string()),
  display_names_filter: z.array(z.string()),
  etag: z.string().nullable(),
};
export type RuleDetail = z.output<z.ZodObject<typeof ruleDetailShape>>;

export interface EntityMapping {
  entityType: string;
  fieldMappings: { identifier: string; columnName: string }[];
}

export function entityMappingsOf(o: ArmObject): EntityMapping[] {
  return records(o, 'entityMappings').map((m) => ({
    entityType: str(m, 'entityType') ?? '',
    fieldMappings: records(m, 'fieldMappings').map((f) => ({
      identifier: str(f, 'identifier') ?? '',
      columnName: str(f, 'columnName') ?? '',
    })),
  }));
}

export function customDetailsOf(o: ArmObject): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record(o, 'customDetails') ?? {}).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );
}

export function ruleDetail(o: ArmObject): RuleDetail {
  const override = record(o, 'alertDetailsOverride');
  const incident = record(o, 'incidentConfiguration');
  const grouping = record(incident, 'groupingConfiguration');
  return {
    id: str(o, 'name') ?? '',
    display_name: str(o, 'displayName') ?? null,
    kind: str(o, 'kind') ?? null,
    description: str(o, 'description') ?? null,
    enabled: bool(o, 'enabled') ?? null,
    severity: str(o, 'severity') ?? null,
    tactics: strings(o, 'tactics'),
    techniques: techniquesOf(o),
    query: str(o, 'query') ?? null,
    frequency: str(o, 'queryFrequency') ?? null,
    period: str(o, 'queryPeriod') ?? null,
    trigger_operator: str(o, 'triggerOperator') ?? null,
    trigger_threshold: num(o, 'triggerThreshold') ?? null,
    suppression_enabled: bool(o, 'suppressionEnabled') ?? null,
    suppression_duration: str(o, 'suppressionDuration') ?? null,
    event_grouping: str(record(o, 'eventGroupingSettings'), 'aggregationKind') ?? null,
    entity_mappings: entityMappingsOf(o).map((m) => ({
      entity_type: m.entityType || null,
      field_mappings: m.fieldMappings.map((f) => ({
        identifier: f.identifier || null,
        column_name: f.columnName || null,
      })),
    })),
    custom_details: customDetailsOf(o),
    alert_details_override: override
      ? {
          display_name_format: str(override, 'alertDisplayNameFormat') ?? null,
          description_format: str(override, 'alertDescriptionFormat') ?? null,
          tactics_column: str(override, 'alertTacticsColumnName') ?? null,
          severity_column: str(override, 'alertSeverityColumnName') ?? null,
        }
      : null,
    incident_configuration: incident
      ? {
          create_incident: bool(incident, 'createIncident') ?? null,
          grouping_enabled: bool(grouping, 'enabled') ?? null,
          reopen_closed_incident: bool(grouping, 'reopenClosedIncident') ?? null,
          lookback_duration: str(grouping, 'lookbackDuration') ?? null,
          matching_method: str(grouping, 'matchingMethod') ?? null,
          group_by_entities: strings(grouping, 'groupByEntities'),
          group_by_alert_details: strings(grouping, 'groupByAlertDetails'),
          group_by_custom_details: strings(grouping, 'groupByCustomDetails'),
        }
      : null,
    template_id: str(o, 'alertRuleTemplateName') ?? null,
    template_version: str(o, 'templateVersion') ?? null,
    last_modified: time(o, 'lastModifiedUtc') ?? null,
    product_filter: str(o, 'productFilter') ?? null,
    severities_filter: strings(o, 'severitiesFilter'),
    display_names_filter: strings(o, 'displayNamesFilter'),
    etag: str(o, 'etag') ?? null,
  };
}

export const templateDetailShape = {
  ...ruleDetailShape,
  status: z.string().nullable(),
  version: z.string().nullable(),
  created: z.string().nullable(),
  last_updated: z.string().nullable(),
  required_data_connectors: z.array(
    z.object({ connector_id: z.string().nullable(), data_types: z.array(z.string()) }),
  ),
  rules_created: z.number().int().nullable(),
};
export type TemplateDetail = z.output<z.ZodObject<typeof templateDetailShape>>;

export function templateDetail(o: ArmObject): TemplateDetail {
  return {
    ...ruleDetail(o),
    status: str(o, 'status') ?? null,
    version: str(o, 'version') ?? null,
    created: time(o, 'createdDateUTC') ?? null,
    last_updated: time(o, 'lastUpdatedDateUTC') ?? null,
    required_data_connectors: records(o, 'requiredDataConnectors').map((c) => ({
      connector_id: str(c, 'connectorId') ?? null,
      data_types: strings(c, 'dataTypes'),
    })),
    rules_created: num(o, 'alertRulesCreatedByTemplateCount') ?? null,
  };
}

/** A description cut for list rows (the get tools return it whole). */
export function shortDescription(o: ArmObject): string | null {
  return short(str(o, 'description'));
}

// ---- Counts ----

export const countSchema = z.object({
  name: z.string().describe('Tactic or technique id'),
  count: z.number().int().describe('Rules (or templates) that have it'),
  sub_techniques: z
    .array(z.object({ name: z.string(), count: z.number().int() }))
    .describe('By technique: the sub-techniques under it with their counts (empty by tactic)'),
});
export type CountRow = z.output<typeof countSchema>;

function sortCounts<T extends { name: string; count: number }>(rows: T[]): T[] {
  return rows.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/**
 * Counts objects per tactic or per technique. A rule counts once per value; a sub-technique also
 * counts its parent (once per rule, even with several of its sub-techniques).
 */
export function countBy(
  objects: readonly ArmObject[],
  by: 'tactic' | 'technique',
): { counts: CountRow[]; without: number } {
  const counts = new Map<string, { count: number; subs: Map<string, number> }>();
  let without = 0;
  const bump = (key: string) => {
    const entry = counts.get(key) ?? { count: 0, subs: new Map<string, number>() };
    entry.count++;
    counts.set(key, entry);
    return entry;
  };
  for (const o of objects) {
    if (by === 'tactic') {
      const tactics = [...new Set(strings(o, 'tactics'))];
      if (tactics.length === 0) without++;
      for (const t of tactics) bump(t);
      continue;
    }
    const techniques = techniquesOf(o).filter((t) => TECHNIQUE.test(t));
    if (techniques.length === 0) {
      without++;
      continue;
    }
    const parents = new Set(techniques.map(parentTechnique));
    for (const p of parents) {
      const entry = bump(p);
      for (const sub of techniques.filter((t) => t.includes('.') && parentTechnique(t) === p))
        entry.subs.set(sub, (entry.subs.get(sub) ?? 0) + 1);
    }
  }
  return {
    counts: sortCounts(
      [...counts].map(([name, e]) => ({
        name,
        count: e.count,
        sub_techniques: sortCounts([...e.subs].map(([s, count]) => ({ name: s, count }))),
      })),
    ),
    without,
  };
}
