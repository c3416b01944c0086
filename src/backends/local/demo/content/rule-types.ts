// What a demo analytics rule is before it becomes ARM JSON: the scheduled and NRT rules' settings.
import type { Severity } from '../incidents.js';

export interface FieldMapping {
  identifier: string;
  columnName: string;
}

export interface EntityMapping {
  entityType: string;
  fieldMappings: FieldMapping[];
}

export interface IncidentGrouping {
  enabled: boolean;
  reopenClosedIncident: boolean;
  lookbackDuration: string;
  matchingMethod: 'AllEntities' | 'AnyAlert' | 'Selected';
  groupByEntities: string[];
  groupByAlertDetails: string[];
  groupByCustomDetails: string[];
}

export interface QueryRuleDef {
  kind: 'Scheduled' | 'NRT';
  /** The rule's name; its id is ruleIdOf(displayName), as the alerts it raised carry it. */
  displayName: string;
  description: string;
  severity: Severity;
  enabled: boolean;
  query: string;
  /** ISO 8601 durations; NRT rules have none. */
  queryFrequency?: string;
  queryPeriod?: string;
  triggerOperator: 'GreaterThan' | 'LessThan' | 'Equal' | 'NotEqual';
  triggerThreshold: number;
  tactics: string[];
  techniques: string[];
  subTechniques: string[];
  entityMappings: EntityMapping[];
  aggregationKind: 'SingleAlert' | 'AlertPerResult';
  customDetails?: Record<string, string>;
  alertDetailsOverride?: {
    alertDisplayNameFormat?: string;
    alertDescriptionFormat?: string;
    alertSeverityColumnName?: string;
    alertTacticsColumnName?: string;
  };
  grouping: IncidentGrouping;
  suppressionDuration: string;
  suppressionEnabled: boolean;
  /** The template's display name, when the rule was created from one (templates.ts). */
  template?: string;
  /** Days before the demo's first day that the rule was last changed. */
  modifiedDaysAgo: number;
}

/** Group alerts of one rule into one incident when they share all entities, within `lookback`. */
export function groupByAllEntities(lookback = 'PT5H'): IncidentGrouping {
  return {
    enabled: true,
    reopenClosedIncident: false,
    lookbackDuration: lookback,
    matchingMethod: 'AllEntities',
    groupByEntities: [],
    groupByAlertDetails: [],
    groupByCustomDetails: [],
  };
}

export function groupBySelected(entities: string[], lookback = 'P1D'): IncidentGrouping {
  return {
    enabled: true,
    reopenClosedIncident: false,
    lookbackDuration: lookback,
    matchingMethod: 'Selected',
    groupByEntities: entities,
    groupByAlertDetails: [],
    groupByCustomDetails: [],
  };
}

export const NO_GROUPING: IncidentGrouping = {
  enabled: false,
  reopenClosedIncident: false,
  lookbackDuration: 'PT5H',
  matchingMethod: 'AllEntities',
  groupByEntities: [],
  groupByAlertDetails: [],
  groupByCustomDetails: [],
};

export function map(entityType: string, ...pairs: [string, string][]): EntityMapping {
  return {
    entityType,
    fieldMappings: pairs.map(([identifier, columnName]) => ({ identifier, columnName })),
  };
}

/** `PT1H` -> `01:00:00`, `P14D` -> `14.00:00:00`: a duration as KQL timespan text (alert properties). */
export function isoToTimespan(duration: string): string {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(duration);
  if (!m) throw new Error(`demo content: unsupported duration ${duration}`);
  const [days, hours, minutes] = [m[1], m[2], m[3]].map((x) => Number(x ?? 0)) as [number, number, number];
  const hm = `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:00`;
  return days ? `${days}.${hm}` : hm;
}

export function isoToMs(duration: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(duration);
  if (!m) throw new Error(`demo content: unsupported duration ${duration}`);
  const [days, hours, minutes] = [m[1], m[2], m[3]].map((x) => Number(x ?? 0)) as [number, number, number];
  return ((days * 24 + hours) * 60 + minutes) * 60_000;
}
