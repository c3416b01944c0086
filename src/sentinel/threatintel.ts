// Threat-intelligence indicators (STIX, as Sentinel's TI API returns them) and the TI metrics.
import { z } from 'zod';
import type { ArmObject } from '../backends/objects.js';
import { bool, num, record, records, str, strings, time } from './arm.js';
import { boundedJson, nameOf } from './common.js';
import { short } from './paging.js';

/** The observable in a STIX pattern: the first quoted literal (`[ipv4-addr:value = '1.2.3.4']`). */
export function patternValue(pattern: string | undefined): string | null {
  if (!pattern) return null;
  const m = /=\s*'((?:[^'\\]|\\.)*)'/.exec(pattern);
  return m?.[1]?.replace(/\\(.)/g, '$1') ?? null;
}

/** Labels: the STIX labels and Sentinel's threatIntelligenceTags, de-duplicated. */
function labelsOf(o: ArmObject): string[] {
  const out: string[] = [];
  for (const l of [...strings(o, 'labels'), ...strings(o, 'threatIntelligenceTags')])
    if (!out.includes(l)) out.push(l);
  return out;
}

export const indicatorRowShape = z.object({
  name: z.string().describe('Indicator name (a GUID); pass it as indicator_name'),
  display_name: z.string().nullable().describe('Display name'),
  pattern_type: z.string().nullable().describe('ipv4-addr, domain-name, url, file, email-addr, ...'),
  value: z.string().nullable().describe('The observable in the pattern (IP, domain, URL, hash, ...)'),
  source: z.string().nullable().describe('Where it came from (feed or platform)'),
  confidence: z.number().nullable().describe('Confidence, 0-100'),
  threat_types: z.array(z.string()).describe('Threat types (malicious-activity, botnet, compromised, ...)'),
  labels: z.array(z.string()).describe('Labels and tags'),
  valid_from: z.string().nullable().describe('Valid from, ISO 8601'),
  valid_until: z.string().nullable().describe('Valid until, ISO 8601 (null: no end)'),
  revoked: z.boolean().nullable().describe('True when revoked'),
  last_updated: z.string().nullable().describe('Last update, ISO 8601'),
});

export function indicatorRow(o: ArmObject): z.output<typeof indicatorRowShape> {
  const pattern = str(o, 'pattern');
  return {
    name: nameOf(o),
    display_name: str(o, 'displayName') ?? null,
    pattern_type: str(o, 'patternType') ?? null,
    value: short(patternValue(pattern) ?? undefined),
    source: str(o, 'source') ?? null,
    confidence: num(o, 'confidence') ?? null,
    threat_types: strings(o, 'threatTypes'),
    labels: labelsOf(o),
    valid_from: time(o, 'validFrom') ?? null,
    valid_until: time(o, 'validUntil') ?? null,
    revoked: bool(o, 'revoked') ?? null,
    last_updated: time(o, 'lastUpdatedTimeUtc') ?? null,
  };
}

export const indicatorDetailShape = {
  ...indicatorRowShape.shape,
  resource_id: z.string().nullable().describe('ARM resource id'),
  pattern: z.string().nullable().describe('The STIX pattern, whole'),
  pattern_version: z.string().nullable().describe('STIX pattern version'),
  description: z.string().nullable().describe('Description'),
  indicator_types: z.array(z.string()).describe('STIX indicator types'),
  kill_chain_phases: z
    .array(z.object({ kill_chain_name: z.string().nullable(), phase_name: z.string().nullable() }))
    .describe('Kill chain phases'),
  parsed_pattern: z
    .array(z.object({ type: z.string().nullable(), values: z.array(z.string()) }))
    .describe('The pattern parsed by the service: observable types and their values'),
  external_id: z.string().nullable().describe('STIX id (indicator--...)'),
  created: z.string().nullable().describe('Created, ISO 8601'),
  created_by_ref: z.string().nullable().describe('Who created it'),
  modified: z.string().nullable().describe('Modified, ISO 8601'),
  defanged: z.boolean().nullable().describe('Whether the pattern is defanged'),
  external_references: z.unknown().describe('External references (bounded)'),
};

export function indicatorDetail(o: ArmObject) {
  return {
    ...indicatorRow(o),
    value: patternValue(str(o, 'pattern')),
    resource_id: str(o, 'id') ?? null,
    pattern: str(o, 'pattern') ?? null,
    pattern_version: str(o, 'patternVersion') ?? null,
    description: str(o, 'description') ?? null,
    indicator_types: strings(o, 'indicatorTypes'),
    kill_chain_phases: records(o, 'killChainPhases').map((k) => ({
      kill_chain_name: str(k, 'killChainName') ?? null,
      phase_name: str(k, 'phaseName') ?? null,
    })),
    parsed_pattern: records(o, 'parsedPattern').map((p) => ({
      type: str(p, 'patternTypeKey') ?? null,
      values: records(p, 'patternTypeValues')
        .map((v) => str(v, 'value'))
        .filter((v): v is string => v !== undefined),
    })),
    external_id: str(o, 'externalId') ?? null,
    created: time(o, 'created') ?? null,
    created_by_ref: str(o, 'createdByRef') ?? null,
    modified: time(o, 'modified') ?? null,
    defanged: bool(o, 'defanged') ?? null,
    external_references: boundedJson(o['externalReferences'] ?? [], 4000),
  };
}

// ---- Metrics ----

const metricShape = z.array(z.object({ name: z.string(), count: z.number() }));

export const tiMetricsShape = {
  last_updated: z.string().nullable().describe('When the metrics were computed, ISO 8601'),
  by_threat_type: metricShape.describe('Indicators per threat type, most first'),
  by_pattern_type: metricShape.describe('Indicators per pattern type, most first'),
  by_source: metricShape.describe('Indicators per source, most first'),
};

function addMetrics(into: Map<string, number>, list: Record<string, unknown>[]): void {
  for (const m of list) {
    const name = str(m, 'metricName');
    const value = num(m, 'metricValue');
    if (name !== undefined && value !== undefined) into.set(name, (into.get(name) ?? 0) + value);
  }
}

function sorted(m: Map<string, number>): { name: string; count: number }[] {
  return [...m]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The metrics objects (flattened, or with `properties` as the SDK returns them), summed by name. */
export function tiMetrics(objects: readonly ArmObject[]) {
  const threat = new Map<string, number>();
  const pattern = new Map<string, number>();
  const source = new Map<string, number>();
  let last: string | null = null;
  for (const raw of objects) {
    const o = record(raw, 'properties') ?? raw;
    addMetrics(threat, records(o, 'threatTypeMetrics'));
    addMetrics(pattern, records(o, 'patternTypeMetrics'));
    addMetrics(source, records(o, 'sourceMetrics'));
    const t = time(o, 'lastUpdatedTimeUtc');
    if (t && (last === null || t > last)) last = t;
  }
  return {
    last_updated: last,
    by_threat_type: sorted(threat),
    by_pattern_type: sorted(pattern),
    by_source: sorted(source),
  };
}
