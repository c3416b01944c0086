// Tools of the threatintel toolset: threat-intelligence indicators and their metrics.
import { z } from 'zod';
import type { TiQuery } from '../backends/objects.js';
import { objectsOf } from '../sentinel/arm.js';
import { listHead, markdownRows, objectGetTool, READ_ONLY, searchArg } from '../sentinel/common.js';
import { pageInput, pageOutput } from '../sentinel/paging.js';
import {
  indicatorDetail,
  indicatorDetailShape,
  indicatorRow,
  indicatorRowShape,
  tiMetrics,
  tiMetricsShape,
} from '../sentinel/threatintel.js';
import { ToolError } from '../util/errors.js';
import { defineTool } from './types.js';

const LIST = 'sentinel_ti_indicators_list';

const confidenceArg = (what: string) =>
  z.number().int().min(0).max(100).optional().describe(`${what} confidence, 0-100`);

const SORTS = {
  last_updated: { field: 'lastUpdatedTimeUtc', direction: 'desc' },
  confidence: { field: 'confidence', direction: 'desc' },
  display_name: { field: 'displayName', direction: 'asc' },
} as const satisfies Record<string, NonNullable<TiQuery['sortBy']>>;

export const tiIndicatorsListTool = defineTool({
  name: LIST,
  title: 'List threat-intelligence indicators',
  description:
    'Lists the threat-intelligence indicators of the workspace (IPs, domains, URLs, file hashes, ...) with ' +
    'pattern type, value, source, confidence, threat types and validity; filtered by pattern type, source, ' +
    'confidence range and keywords (matched in pattern, name, description and labels); revoked ones only with ' +
    'include_revoked. To check whether an observable appears in logs, join ThreatIntelligenceIndicator in ' +
    'sentinel_logs_search.',
  toolset: 'threatintel',
  input: {
    pattern_type: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9-]+$/, 'a STIX pattern type such as ipv4-addr, domain-name, url, file')
      .optional()
      .describe('Only this STIX pattern type: ipv4-addr, ipv6-addr, domain-name, url, file, email-addr, ...'),
    source: searchArg('Only indicators from this source (exact), e.g. "Microsoft Threat Intelligence"'),
    min_confidence: confidenceArg('Lowest'),
    max_confidence: confidenceArg('Highest'),
    search: searchArg('Keywords matched in the pattern, display name, description and labels'),
    include_revoked: z.boolean().default(false).describe('Also list revoked (disabled) indicators'),
    sort_by: z
      .enum(['last_updated', 'confidence', 'display_name'])
      .default('last_updated')
      .describe('Order: last_updated (newest first), confidence (highest first) or display_name'),
    ...pageInput(50, 500),
  },
  output: { indicators: z.array(indicatorRowShape).describe('Indicators of this page'), ...pageOutput },
  annotations: READ_ONLY,
  async run(ctx, args) {
    if (
      args.min_confidence !== undefined &&
      args.max_confidence !== undefined &&
      args.min_confidence > args.max_confidence
    ) {
      throw new ToolError('INVALID_ARGUMENT', 'min_confidence is above max_confidence', { retryable: false });
    }
    const backend = await ctx.backend();
    const page = await objectsOf(backend).queryTiIndicators({
      top: args.top,
      abortSignal: ctx.signal,
      deadline: ctx.deadline,
      sortBy: SORTS[args.sort_by],
      includeDisabled: args.include_revoked,
      ...(args.cursor ? { cursor: args.cursor } : {}),
      ...(args.pattern_type ? { patternTypes: [args.pattern_type] } : {}),
      ...(args.source ? { sources: [args.source] } : {}),
      ...(args.min_confidence !== undefined ? { minConfidence: args.min_confidence } : {}),
      ...(args.max_confidence !== undefined ? { maxConfidence: args.max_confidence } : {}),
      ...(args.search ? { keywords: args.search } : {}),
    });
    const indicators = page.items.map(indicatorRow);
    return {
      indicators,
      count: indicators.length,
      has_more: page.cursor !== undefined,
      next_cursor: page.cursor ?? null,
    };
  },
  render: (r) =>
    `${listHead(r.count, 'indicators', r.has_more)}\n${markdownRows(r.indicators, ['name', 'pattern_type', 'value', 'source', 'confidence', 'threat_types', 'valid_until', 'revoked'])}`,
});

export const tiIndicatorGetTool = objectGetTool({
  name: 'sentinel_ti_indicator_get',
  title: 'Get a threat-intelligence indicator',
  description:
    'Returns one threat-intelligence indicator whole: pattern, observable, source, confidence, threat types, ' +
    'kill chain phases, validity, labels and references. Find names with sentinel_ti_indicators_list.',
  toolset: 'threatintel',
  kind: 'tiIndicators',
  key: 'indicator_name',
  keyDescription: 'Indicator name (a GUID), from sentinel_ti_indicators_list',
  listTool: LIST,
  output: indicatorDetailShape,
  map: indicatorDetail,
  blocks: ['description', 'pattern'],
});

export const tiIndicatorMetricsTool = defineTool({
  name: 'sentinel_ti_indicator_metrics',
  title: 'Threat-intelligence metrics',
  description:
    'Counts the threat-intelligence indicators of the workspace by threat type, pattern type and source. Use ' +
    'it for an overview of the TI feeds; list indicators with sentinel_ti_indicators_list.',
  toolset: 'threatintel',
  input: {},
  output: tiMetricsShape,
  annotations: READ_ONLY,
  async run(ctx) {
    const backend = await ctx.backend();
    return tiMetrics(await objectsOf(backend).tiMetrics({ abortSignal: ctx.signal, deadline: ctx.deadline }));
  },
  render(r) {
    const part = (title: string, rows: { name: string; count: number }[]) =>
      `${title}:\n${markdownRows(rows, ['name', 'count'])}`;
    return [
      `Threat-intelligence metrics${r.last_updated ? ` (as of ${r.last_updated})` : ''}`,
      part('By threat type', r.by_threat_type),
      part('By pattern type', r.by_pattern_type),
      part('By source', r.by_source),
    ].join('\n');
  },
});

export const threatintelTools = [tiIndicatorsListTool, tiIndicatorGetTool, tiIndicatorMetricsTool];
