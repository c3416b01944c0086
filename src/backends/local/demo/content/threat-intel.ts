// Threat-intelligence indicators in ARM form (kind `indicator`, STIX patterns) and their metrics: the
// same indicators as the ThreatIntelligenceIndicator table (threatIndicators), one for one.
import type { ArmResource } from '../../../objects.js';
import type { GenContext } from '../context.js';
import { INDICATOR_LIFETIME, threatIndicators, type Indicator } from '../threat-intel.js';
import { iso } from '../time.js';
import { etagOf, sentinelId } from './arm.js';

const PATTERN_TYPE: Record<Indicator['kind'], string> = {
  ip: 'ipv4-addr',
  domain: 'domain-name',
  url: 'url',
  file: 'file',
};

export function stixPattern(i: Pick<Indicator, 'kind' | 'value'>): string {
  const value = i.value.replace(/'/g, "\\'");
  switch (i.kind) {
    case 'ip':
      return `[ipv4-addr:value = '${value}']`;
    case 'domain':
      return `[domain-name:value = '${value}']`;
    case 'url':
      return `[url:value = '${value}']`;
    case 'file':
      return `[file:hashes.'SHA-256' = '${value}']`;
  }
}

/** `indicator--<32 hex>` -> the GUID the API names the indicator by. */
export function indicatorName(indicatorId: string): string {
  const h = indicatorId
    .replace(/^indicator--/, '')
    .replace(/-/g, '')
    .padEnd(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function killChain(threatType: string): { killChainName: string; phaseName: string }[] {
  const phase =
    threatType === 'C2' || threatType === 'Botnet'
      ? 'command-and-control'
      : threatType === 'MaliciousUrl' || threatType === 'Phishing'
        ? 'delivery'
        : threatType === 'Malware'
          ? 'installation'
          : undefined;
  return phase ? [{ killChainName: 'lockheed-martin-cyber-kill-chain', phaseName: phase }] : [];
}

function indicatorResource(ctx: GenContext, i: Indicator): ArmResource {
  const name = indicatorName(i.id);
  const time = iso(i.time);
  return {
    id: sentinelId(ctx.story, 'ThreatIntelligence', name),
    name,
    etag: etagOf(`ti:${i.id}`),
    type: 'Microsoft.SecurityInsights/ThreatIntelligence',
    kind: 'indicator',
    properties: {
      confidence: i.confidence,
      created: time,
      createdByRef: i.source,
      externalId: i.id,
      externalReferences: [],
      granularMarkings: [],
      lastUpdatedTimeUtc: time,
      revoked: false,
      source: i.source,
      threatIntelligenceTags: i.tags,
      labels: i.malware ? [...i.tags, i.malware] : i.tags,
      displayName: `${i.threatType} ${PATTERN_TYPE[i.kind]}: ${i.kind === 'file' ? `${i.value.slice(0, 16)}...` : i.value}`,
      description: i.description,
      threatTypes: [i.threatType],
      killChainPhases: killChain(i.threatType),
      pattern: stixPattern(i),
      patternType: PATTERN_TYPE[i.kind],
      patternVersion: '2.1',
      validFrom: time,
      validUntil: iso(i.time + INDICATOR_LIFETIME),
    },
  };
}

export function tiContent(ctx: GenContext): {
  indicators: ArmResource[];
  metrics: Record<string, unknown>[];
} {
  const indicators = threatIndicators(ctx)
    .sort((x, y) => y.time - x.time || x.id.localeCompare(y.id))
    .map((i) => indicatorResource(ctx, i));
  const count = (key: (r: ArmResource) => string[]): { metricName: string; metricValue: number }[] => {
    const counts = new Map<string, number>();
    for (const r of indicators) for (const k of key(r)) counts.set(k, (counts.get(k) ?? 0) + 1);
    return [...counts]
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
      .map(([metricName, metricValue]) => ({ metricName, metricValue }));
  };
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [String(v)]);
  const last =
    indicators
      .map((r) => String(r.properties['lastUpdatedTimeUtc']))
      .sort()
      .at(-1) ?? '';
  return {
    indicators,
    metrics: [
      {
        properties: {
          lastUpdatedTimeUtc: last,
          threatTypeMetrics: count((r) => strings(r.properties['threatTypes'])),
          patternTypeMetrics: count((r) => strings(r.properties['patternType'])),
          sourceMetrics: count((r) => strings(r.properties['source'])),
        },
      },
    ],
  };
}
