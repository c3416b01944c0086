// Testing a scheduled analytics rule against the workspace's data: which evaluations the rule would
// have run (every frequency back from an end time), whether each would have fired (trigger operator and
// threshold on the result count), and the alerts it would have raised (event grouping, display-name
// format, severity and tactics overrides, entity mappings, custom details). The pure parts live here;
// the tool runs the queries.
import type { Cell, QueryColumn } from '../backends/backend.js';
import { codeOnly } from '../kql/guard.js';
import { kqlDatetime } from '../kql/quote.js';
import { ToolError } from '../util/errors.js';
import { cutText } from '../util/results.js';
import { formatIsoDuration, parseIsoDuration } from '../util/time.js';
import type { EntityMapping } from './analytics.js';

export const TRIGGER_OPERATORS = ['GreaterThan', 'LessThan', 'Equal', 'NotEqual'] as const;
export type TriggerOperator = (typeof TRIGGER_OPERATORS)[number];
export const AGGREGATIONS = ['SingleAlert', 'AlertPerResult'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** Evaluations one test runs at most. */
export const MAX_EVALUATIONS = 50;
/** Alerts one evaluation of an AlertPerResult rule yields at most here. */
export const MAX_ALERTS_PER_EVALUATION = 20;
/** Entities one would-be alert lists at most. */
export const MAX_ENTITIES_PER_ALERT = 50;
/** NRT rules run about every minute over new data; the test evaluates them in windows of this size. */
export const NRT_STEP_MS = 5 * 60_000;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Sentinel's bounds for a scheduled rule's frequency and period. */
export const MIN_FREQUENCY_MS = 5 * MINUTE;
export const MAX_FREQUENCY_MS = 14 * DAY;
export const MAX_PERIOD_MS = 14 * DAY;

/** A rule as the test needs it, from a rule, a template or inline parameters. */
export interface RuleSpec {
  source: 'rule' | 'template' | 'inline';
  id: string | null;
  displayName: string;
  kind: 'Scheduled' | 'NRT';
  query: string;
  frequencyMs: number;
  periodMs: number;
  triggerOperator: TriggerOperator;
  triggerThreshold: number;
  aggregation: Aggregation;
  severity: string | null;
  tactics: string[];
  techniques: string[];
  description: string | null;
  entityMappings: EntityMapping[];
  customDetails: Record<string, string>;
  displayNameFormat: string | null;
  descriptionFormat: string | null;
  tacticsColumn: string | null;
  severityColumn: string | null;
}

/** Milliseconds of `PT1H`-style ISO 8601 durations and of the short `5m`, `1h`, `1d` forms. */
export function parseRuleDuration(text: string, what: string): number {
  const t = text.trim();
  const short = /^(\d{1,6})\s*(m|min|h|d)$/i.exec(t);
  if (short) {
    const n = Number(short[1]);
    const unit = short[2]!.toLowerCase();
    return n * (unit === 'd' ? DAY : unit === 'h' ? 60 * MINUTE : MINUTE);
  }
  try {
    return parseIsoDuration(t);
  } catch {
    throw new ToolError('INVALID_ARGUMENT', `${what} "${t.slice(0, 40)}" is not a duration`, {
      hint: 'Use an ISO 8601 duration (PT5M, PT1H, P1D) or 5m, 1h, 1d.',
    });
  }
}

export function checkBounds(frequencyMs: number, periodMs: number): void {
  if (frequencyMs < MIN_FREQUENCY_MS || frequencyMs > MAX_FREQUENCY_MS) {
    throw new ToolError(
      'INVALID_ARGUMENT',
      `query_frequency ${formatIsoDuration(frequencyMs)} is outside 5 minutes to 14 days`,
      { hint: 'Sentinel runs scheduled rules every 5 minutes at most often and every 14 days at least.' },
    );
  }
  if (periodMs < MIN_FREQUENCY_MS || periodMs > MAX_PERIOD_MS) {
    throw new ToolError(
      'INVALID_ARGUMENT',
      `query_period ${formatIsoDuration(periodMs)} is outside 5 minutes to 14 days`,
      { hint: 'A scheduled rule looks back at least 5 minutes and at most 14 days.' },
    );
  }
}

/** Evaluation times end, end - frequency, ... while >= start, oldest first; INVALID_ARGUMENT past the cap. */
export function evaluationTimes(start: Date, end: Date, frequencyMs: number): Date[] {
  if (end < start) {
    throw new ToolError('INVALID_ARGUMENT', 'start_time must not be after end_time');
  }
  const count = Math.floor((end.getTime() - start.getTime()) / frequencyMs) + 1;
  if (count > MAX_EVALUATIONS) {
    const widest = formatIsoDuration((MAX_EVALUATIONS - 1) * frequencyMs);
    throw new ToolError(
      'INVALID_ARGUMENT',
      `Testing from ${start.toISOString()} to ${end.toISOString()} every ${formatIsoDuration(frequencyMs)} takes ${count} evaluations; the limit is ${MAX_EVALUATIONS}`,
      {
        hint: `Narrow start_time..end_time to at most ${widest}, or test a longer query_frequency.`,
      },
    );
  }
  const times: Date[] = [];
  for (let i = count - 1; i >= 0; i--) times.push(new Date(end.getTime() - i * frequencyMs));
  return times;
}

/** Whether a result count fires the trigger. */
export function fires(count: number, operator: TriggerOperator, threshold: number): boolean {
  switch (operator) {
    case 'GreaterThan':
      return count > threshold;
    case 'LessThan':
      return count < threshold;
    case 'Equal':
      return count === threshold;
    case 'NotEqual':
      return count !== threshold;
  }
}

/**
 * The query as it runs at `at`: `now()` becomes the evaluation time and `ago(x)` becomes that time
 * minus x, as when Sentinel runs the rule then (strings and comments are left alone).
 */
export function pinNow(query: string, at: Date): { query: string; pinned: number } {
  const instant = kqlDatetime(at);
  let pinned = 0;
  const rewrite = (text: string): string => {
    const code = codeOnly(text);
    const re = /(^|[^\w.$])(now|ago)\s*\(/g;
    const m = re.exec(code);
    if (!m) return text;
    const nameStart = m.index + m[1]!.length;
    const open = m.index + m[0].length - 1;
    let depth = 0;
    let close = -1;
    for (let i = open; i < code.length; i++) {
      if (code[i] === '(') depth++;
      else if (code[i] === ')' && --depth === 0) {
        close = i;
        break;
      }
    }
    if (close === -1) return text;
    const arg = rewrite(text.slice(open + 1, close)).trim();
    pinned++;
    const replacement =
      m[2] === 'ago' ? `(${instant} - (${arg}))` : arg === '' ? instant : `(${instant} + (${arg}))`;
    return text.slice(0, nameStart) + replacement + rewrite(text.slice(close + 1));
  };
  return { query: rewrite(query), pinned };
}

// ---- Would-be alerts ----

export interface WouldBeEntity {
  type: string;
  identifiers: Record<string, string>;
}

export interface WouldBeAlert {
  display_name: string;
  description: string | null;
  severity: string | null;
  tactics: string[];
  entities: WouldBeEntity[];
  entities_truncated: boolean;
  custom_details: Record<string, string[]>;
  /** Result rows the alert covers. */
  rows: number;
}

function cellText(v: Cell | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** `{{Column}}` placeholders replaced by the row's values (unknown columns are left as written). */
export function formatWith(format: string, row: Record<string, Cell>): string {
  return format.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) =>
    name in row ? (cellText(row[name]) ?? '') : whole,
  );
}

const SEVERITY_VALUES = new Map(['High', 'Medium', 'Low', 'Informational'].map((s) => [s.toLowerCase(), s]));

export function entityKey(e: WouldBeEntity): string {
  const ids = Object.entries(e.identifiers)
    .map(([k, v]) => `${k}=${v.toLowerCase()}`)
    .sort();
  return `${e.type.toLowerCase()}|${ids.join('|')}`;
}

/** The entities one row maps to (a mapping yields an entity when at least one identifier has a value). */
export function entitiesOfRow(
  mappings: readonly EntityMapping[],
  row: Record<string, Cell>,
): WouldBeEntity[] {
  const out: WouldBeEntity[] = [];
  for (const m of mappings) {
    const identifiers: Record<string, string> = {};
    for (const f of m.fieldMappings) {
      const v = cellText(row[f.columnName]);
      if (v !== null && f.identifier) identifiers[f.identifier] = cutText(v, 500).text;
    }
    if (Object.keys(identifiers).length > 0) out.push({ type: m.entityType, identifiers });
  }
  return out;
}

function splitTactics(v: Cell | undefined): string[] {
  if (Array.isArray(v)) return v.map((x) => cellText(x)).filter((x): x is string => x !== null);
  const t = cellText(v);
  if (!t) return [];
  return t
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((s) => s.trim().replace(/^"|"$/g, ''))
    .filter(Boolean);
}

/** One alert over some rows: name, severity and tactics from the first row, entities from all. */
function alertOver(spec: RuleSpec, rows: Record<string, Cell>[]): WouldBeAlert {
  const first = rows[0] ?? {};
  const entities = new Map<string, WouldBeEntity>();
  for (const row of rows)
    for (const e of entitiesOfRow(spec.entityMappings, row)) entities.set(entityKey(e), e);
  const severityValue = spec.severityColumn ? cellText(first[spec.severityColumn]) : null;
  const tactics = spec.tacticsColumn ? splitTactics(first[spec.tacticsColumn]) : [];
  const custom: Record<string, string[]> = {};
  for (const [key, column] of Object.entries(spec.customDetails)) {
    const values = [...new Set(rows.map((r) => cellText(r[column])).filter((v): v is string => v !== null))];
    custom[key] = values.slice(0, 20).map((v) => cutText(v, 300).text);
  }
  const all = [...entities.values()];
  const name = spec.displayNameFormat ? formatWith(spec.displayNameFormat, first).trim() : '';
  const description = spec.descriptionFormat ? formatWith(spec.descriptionFormat, first) : spec.description;
  return {
    display_name: cutText(name || spec.displayName, 256).text,
    description: description === null ? null : cutText(description, 1000).text,
    severity: (severityValue && SEVERITY_VALUES.get(severityValue.toLowerCase())) ?? spec.severity,
    tactics: tactics.length ? tactics : spec.tactics,
    entities: all.slice(0, MAX_ENTITIES_PER_ALERT),
    entities_truncated: all.length > MAX_ENTITIES_PER_ALERT,
    custom_details: custom,
    rows: rows.length,
  };
}

/** The alerts a firing evaluation raises: one for all rows, or one per row (at most 20 here). */
export function alertsOf(
  spec: RuleSpec,
  columns: readonly QueryColumn[],
  rows: readonly Cell[][],
): { alerts: WouldBeAlert[]; truncated: boolean } {
  const objects = rows.map((r) => Object.fromEntries(columns.map((c, i) => [c.name, r[i] ?? null])));
  if (spec.aggregation === 'SingleAlert') return { alerts: [alertOver(spec, objects)], truncated: false };
  return {
    alerts: objects.slice(0, MAX_ALERTS_PER_EVALUATION).map((o) => alertOver(spec, [o])),
    truncated: objects.length > MAX_ALERTS_PER_EVALUATION,
  };
}

export interface DistinctAlert extends WouldBeAlert {
  first_evaluation: string;
  last_evaluation: string;
  evaluations: number;
}

/** Alerts of several evaluations merged: the same name and the same entities are one alert. */
export function distinctAlerts(perEvaluation: { time: string; alerts: WouldBeAlert[] }[]): DistinctAlert[] {
  const byKey = new Map<string, DistinctAlert>();
  const ordered = [...perEvaluation].sort((a, b) => a.time.localeCompare(b.time));
  for (const { time, alerts } of ordered) {
    for (const a of alerts) {
      const key = `${a.display_name}\u0000${a.entities.map(entityKey).sort().join('\u0001')}`;
      const seen = byKey.get(key);
      if (seen) {
        seen.last_evaluation = time;
        seen.evaluations++;
      } else {
        byKey.set(key, { ...a, first_evaluation: time, last_evaluation: time, evaluations: 1 });
      }
    }
  }
  return [...byKey.values()];
}

const ORDERED = /\|\s*(sort|order)\s+by\b|\|\s*top\s+/i;

/**
 * The rows in a stable order. A query without sort, order or top returns them in no defined order
 * (DuckDB's parallel aggregation, or Log Analytics), and the alerts' entities and the sample must not
 * depend on it; a query that orders keeps its order.
 */
export function stableRows(query: string, rows: readonly Cell[][]): Cell[][] {
  if (ORDERED.test(query)) return [...rows];
  return rows
    .map((row) => [JSON.stringify(row), row] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, row]) => row);
}
