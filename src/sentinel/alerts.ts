// Alerts from the SecurityAlert table: the latest version of each alert (arg_max by SystemAlertId),
// with filters turned into KQL through kql/quote.ts only, and the rows mapped to compact results.
import { z } from 'zod';
import type { Cell, QueryTable } from '../backends/backend.js';
import { kqlLiteral, kqlString } from '../kql/quote.js';
import { cutText } from '../util/results.js';
import { short } from './paging.js';

export const ALERT_SEVERITIES = ['High', 'Medium', 'Low', 'Informational'] as const;
export const ALERT_STATUSES = ['New', 'InProgress', 'Resolved', 'Dismissed', 'Unknown'] as const;

export interface AlertFilter {
  severity?: readonly string[];
  status?: readonly string[];
  product?: string;
  provider?: string;
  tactic?: string;
  search?: string;
  entity?: string;
  incidentNumber?: number;
}

const LIST_COLUMNS = [
  'SystemAlertId',
  'TimeGenerated',
  'FirstSeen',
  'AlertName',
  'AlertSeverity',
  'Status',
  'ProductName',
  'ProviderName',
  'Tactics',
  'Techniques',
  'CompromisedEntity',
  'StartTime',
  'EndTime',
  'Description',
] as const;

function inList(column: string, values: readonly string[]): string {
  return `| where ${column} in (${[...new Set(values)].map(kqlString).join(', ')})`;
}

/** The alerts of one incident (its latest SecurityIncident version's AlertIds), as a let statement. */
function incidentAlertsLet(n: number): string {
  return [
    'let incidentAlertIds = SecurityIncident',
    `| where IncidentNumber == ${kqlLiteral(n, 'long')}`,
    '| summarize arg_max(TimeGenerated, AlertIds) by IncidentNumber',
    '| mv-expand AlertId = AlertIds to typeof(string)',
    '| project AlertId;',
  ].join('\n');
}

/**
 * The listing query: the latest version of each alert, filtered, newest first, `take` rows (the tool
 * pages with an offset: it asks for offset + top + 1 rows and keeps the last top).
 */
export function alertListQuery(f: AlertFilter, take: number): string {
  const lines: string[] = [];
  if (f.incidentNumber !== undefined) lines.push(incidentAlertsLet(f.incidentNumber));
  lines.push(
    'SecurityAlert',
    '| summarize arg_max(TimeGenerated, *), FirstSeen = min(TimeGenerated) by SystemAlertId',
  );
  if (f.incidentNumber !== undefined) lines.push('| where SystemAlertId in (incidentAlertIds)');
  if (f.severity?.length) lines.push(inList('AlertSeverity', f.severity));
  if (f.status?.length) lines.push(inList('Status', f.status));
  if (f.product) lines.push(`| where ProductName =~ ${kqlString(f.product)}`);
  if (f.provider) lines.push(`| where ProviderName =~ ${kqlString(f.provider)}`);
  if (f.tactic) lines.push(`| where Tactics has ${kqlString(f.tactic)}`);
  if (f.search) {
    const s = kqlString(f.search);
    lines.push(`| where AlertName contains ${s} or Description contains ${s}`);
  }
  if (f.entity) {
    const e = kqlString(f.entity);
    lines.push(`| where CompromisedEntity contains ${e} or Entities contains ${e}`);
  }
  lines.push(
    '| sort by TimeGenerated desc, SystemAlertId asc',
    `| take ${kqlLiteral(take, 'long')}`,
    `| project ${LIST_COLUMNS.join(', ')}`,
  );
  return lines.join('\n');
}

/** One alert, latest version, every column. The id must be a validated GUID. */
export function alertGetQuery(systemAlertId: string): string {
  return [
    'SecurityAlert',
    `| where SystemAlertId =~ ${kqlString(systemAlertId)}`,
    '| summarize arg_max(TimeGenerated, *), FirstSeen = min(TimeGenerated) by SystemAlertId',
  ].join('\n');
}

/** The incident(s) an alert belongs to, from SecurityIncident. */
export function alertIncidentQuery(systemAlertId: string): string {
  return [
    'SecurityIncident',
    `| where tostring(AlertIds) contains ${kqlString(systemAlertId)}`,
    '| summarize arg_max(TimeGenerated, IncidentNumber, Title, Severity, Status) by IncidentName',
    '| project IncidentNumber, IncidentName, Title, Severity, Status',
    '| sort by IncidentNumber asc',
  ].join('\n');
}

// ---- Rows ----

/** Rows of a result table as objects keyed by column name. */
export function tableObjects(table: QueryTable | undefined): Record<string, Cell>[] {
  if (!table) return [];
  return table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c.name, r[i] ?? null])));
}

function text(v: Cell | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** "A, B" (or a JSON array) as a list. */
export function listOf(v: Cell | undefined): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x !== '');
  if (typeof v !== 'string' || v.trim() === '') return [];
  const t = v.trim();
  if (t.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(t);
      if (Array.isArray(parsed)) return parsed.filter((x): x is string => typeof x === 'string' && x !== '');
    } catch {
      // not JSON: a comma-separated list
    }
  }
  return t
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A JSON value from a string column (Entities, ExtendedProperties) or a dynamic one. */
export function parseJsonCell(v: Cell | undefined): Cell {
  if (typeof v !== 'string') return v ?? null;
  const t = v.trim();
  if (t === '') return null;
  try {
    return JSON.parse(t) as Cell;
  } catch {
    return v;
  }
}

export const alertRowSchema = z.object({
  system_alert_id: z.string().describe('SystemAlertId (for sentinel_alert_get)'),
  time_generated: z.string().nullable().describe('When this (latest) version was written'),
  first_seen: z
    .string()
    .nullable()
    .describe('When the alert was first written in the window (raised), before later status changes'),
  name: z.string().nullable().describe('Alert name'),
  severity: z.string().nullable(),
  status: z.string().nullable().describe('New, InProgress, Resolved, Dismissed'),
  product: z.string().nullable().describe('ProductName, e.g. Azure Sentinel, Microsoft Defender ...'),
  provider: z.string().nullable().describe('ProviderName, e.g. ASI Scheduled Alerts, MDATP, IPC'),
  tactics: z.array(z.string()),
  techniques: z.array(z.string()),
  compromised_entity: z.string().nullable(),
  start_time: z.string().nullable(),
  end_time: z.string().nullable(),
  description: z.string().nullable().describe('Description (cut)'),
});
export type AlertRow = z.output<typeof alertRowSchema>;

export function alertRow(o: Record<string, Cell>): AlertRow {
  return {
    system_alert_id: text(o['SystemAlertId']) ?? '',
    time_generated: text(o['TimeGenerated']),
    first_seen: text(o['FirstSeen']) ?? text(o['TimeGenerated']),
    name: text(o['AlertName']) ?? text(o['DisplayName']),
    severity: text(o['AlertSeverity']),
    status: text(o['Status']),
    product: text(o['ProductName']),
    provider: text(o['ProviderName']),
    tactics: listOf(o['Tactics']),
    techniques: listOf(o['Techniques']),
    compromised_entity: text(o['CompromisedEntity']),
    start_time: text(o['StartTime']),
    end_time: text(o['EndTime']),
    description: short(text(o['Description']) ?? undefined),
  };
}

export const alertDetailSchema = alertRowSchema.extend({
  description: z.string().nullable().describe('Description'),
  display_name: z.string().nullable(),
  alert_type: z.string().nullable(),
  vendor: z.string().nullable(),
  product_component: z.string().nullable(),
  provider_alert_id: z.string().nullable().describe('VendorOriginalId: the id in the product that raised it'),
  confidence_level: z.string().nullable(),
  processing_end_time: z.string().nullable(),
  sub_techniques: z.array(z.string()),
  remediation_steps: z.array(z.string()),
  alert_link: z.string().nullable(),
  entities: z
    .array(z.record(z.string(), z.unknown()))
    .describe('Entities (parsed from the Entities JSON): Type plus its fields'),
  extended_properties: z
    .record(z.string(), z.unknown())
    .describe('ExtendedProperties (parsed JSON): rule ids and names, query period, custom details ...'),
  analytics_rule_ids: z
    .array(z.string())
    .describe('Analytics rules that raised it (from ExtendedProperties), for sentinel_analytics_rule_get'),
  incidents: z
    .array(
      z.object({
        number: z.number().nullable(),
        id: z.string(),
        title: z.string().nullable(),
        severity: z.string().nullable(),
        status: z.string().nullable(),
      }),
    )
    .describe('Incidents the alert belongs to (from SecurityIncident)'),
  versions_note: z.string().describe('Which version of the alert this is'),
});
export type AlertDetail = z.output<typeof alertDetailSchema>;

function cutDeep(v: unknown, max: number): unknown {
  if (typeof v === 'string') return cutText(v, max).text;
  if (Array.isArray(v)) return v.map((x) => cutDeep(x, max));
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cutDeep(x, max)]));
  return v;
}

/** Entities without their `$id`/`$ref` bookkeeping; nested references kept as they are. */
function entitiesOf(v: Cell | undefined): Record<string, unknown>[] {
  const parsed = parseJsonCell(v);
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((e): e is { [key: string]: Cell } => e !== null && typeof e === 'object' && !Array.isArray(e))
    .slice(0, 100)
    .map((e) => {
      const { $id: _id, ...rest } = e;
      void _id;
      return cutDeep(rest, 1000) as Record<string, unknown>;
    });
}

function ruleIdsOf(extended: Record<string, unknown>): string[] {
  const raw = extended['Analytic Rule Ids'];
  const list = typeof raw === 'string' ? listOf(raw) : Array.isArray(raw) ? raw : [];
  return list.filter((x): x is string => typeof x === 'string').map((id) => id.split('/').at(-1) ?? id);
}

export function alertDetail(o: Record<string, Cell>, incidents: Record<string, Cell>[]): AlertDetail {
  const ext = parseJsonCell(o['ExtendedProperties']);
  const extended =
    ext !== null && typeof ext === 'object' && !Array.isArray(ext)
      ? (cutDeep(ext, 2000) as Record<string, unknown>)
      : {};
  const steps = parseJsonCell(o['RemediationSteps']);
  const seen = new Set<string>();
  return {
    ...alertRow(o),
    description: text(o['Description']),
    display_name: text(o['DisplayName']),
    alert_type: text(o['AlertType']),
    vendor: text(o['VendorName']),
    product_component: text(o['ProductComponentName']),
    provider_alert_id: text(o['VendorOriginalId']),
    confidence_level: text(o['ConfidenceLevel']),
    processing_end_time: text(o['ProcessingEndTime']),
    sub_techniques: listOf(o['SubTechniques']),
    remediation_steps: Array.isArray(steps)
      ? steps.filter((s): s is string => typeof s === 'string')
      : typeof steps === 'string' && steps !== ''
        ? [steps]
        : [],
    alert_link: text(o['AlertLink']),
    entities: entitiesOf(o['Entities']),
    extended_properties: extended,
    analytics_rule_ids: ruleIdsOf(extended),
    incidents: incidents
      .filter((i) => {
        const id = text(i['IncidentName']) ?? '';
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      })
      .map((i) => ({
        number:
          typeof i['IncidentNumber'] === 'number' ? i['IncidentNumber'] : Number(i['IncidentNumber']) || null,
        id: text(i['IncidentName']) ?? '',
        title: text(i['Title']),
        severity: text(i['Severity']),
        status: text(i['Status']),
      })),
    versions_note: 'The latest version of the alert (SecurityAlert keeps one row per change of status).',
  };
}
