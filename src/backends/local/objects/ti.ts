// Threat-intelligence indicators: the `queryIndicators` criteria evaluated over raw ARM indicators, and
// the `threatIntelligence/main/metrics` answer computed from them when the set carries none.
import type { ArmResource, TiQuery } from '../../objects.js';
import { sortByOrder } from '../../../util/odata.js';

function props(indicator: ArmResource): Record<string, unknown> {
  return indicator.properties;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function lowerSet(values: readonly string[] | undefined): Set<string> | undefined {
  return values && values.length > 0 ? new Set(values.map((v) => v.toLowerCase())) : undefined;
}

/** The indicators matching the criteria, in the query's order (else the set's). */
export function queryIndicators(indicators: readonly ArmResource[], query: TiQuery): ArmResource[] {
  const patternTypes = lowerSet(query.patternTypes);
  const sources = lowerSet(query.sources);
  const ids = lowerSet(query.ids);
  const keywords = query.keywords?.trim().toLowerCase();
  const matched = indicators.filter((indicator) => {
    const p = props(indicator);
    if (!query.includeDisabled && p.revoked === true) return false;
    if (patternTypes && !patternTypes.has(text(p.patternType).toLowerCase())) return false;
    if (sources && !sources.has(text(p.source).toLowerCase())) return false;
    if (ids && !ids.has(indicator.name.toLowerCase())) return false;
    const confidence = typeof p.confidence === 'number' ? p.confidence : undefined;
    if (query.minConfidence !== undefined && (confidence === undefined || confidence < query.minConfidence))
      return false;
    if (query.maxConfidence !== undefined && (confidence === undefined || confidence > query.maxConfidence))
      return false;
    if (keywords) {
      const haystack = [
        text(p.pattern),
        text(p.displayName),
        text(p.description),
        ...texts(p.labels),
        ...texts(p.threatIntelligenceTags),
      ];
      if (!haystack.some((h) => h.toLowerCase().includes(keywords))) return false;
    }
    return true;
  });
  return query.sortBy
    ? sortByOrder(matched, { path: `properties/${query.sortBy.field}`, direction: query.sortBy.direction })
    : matched;
}

function countBy(values: string[]): { metricName: string; metricValue: number }[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([metricName, metricValue]) => ({ metricName, metricValue }));
}

/**
 * The metrics answer's `value` for these indicators: one object, `properties` with the last update
 * and counts by threat type, pattern type and source (ThreatIntelligenceMetrics in the REST API).
 */
export function computeTiMetrics(indicators: readonly ArmResource[]): Record<string, unknown>[] {
  if (indicators.length === 0) return [];
  let last = '';
  let lastMs = -Infinity;
  for (const indicator of indicators) {
    const t = text(props(indicator).lastUpdatedTimeUtc);
    const ms = Date.parse(t);
    if (!Number.isNaN(ms) && ms > lastMs) {
      lastMs = ms;
      last = t;
    }
  }
  return [
    {
      properties: {
        ...(last ? { lastUpdatedTimeUtc: last } : {}),
        threatTypeMetrics: countBy(indicators.flatMap((i) => texts(props(i).threatTypes))),
        patternTypeMetrics: countBy(indicators.map((i) => text(props(i).patternType)).filter(Boolean)),
        sourceMetrics: countBy(indicators.map((i) => text(props(i).source)).filter(Boolean)),
      },
    },
  ];
}
