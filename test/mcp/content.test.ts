// The content tools (metadata, ML analytics settings) and the threat-intelligence tools through an MCP
// client on the demo workspace; revoked indicators on the fixture workspace (the demo has none).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  call,
  connect,
  errorOf,
  FIXTURE_WORKSPACE,
  structured,
  text,
  type Connected,
} from '../helpers/mcp.js';

type Obj = Record<string, unknown>;
interface Page {
  count: number;
  has_more: boolean;
  next_cursor: string | null;
}
interface Indicator {
  name: string;
  pattern_type: string;
  value: string;
  source: string;
  confidence: number;
  threat_types: string[];
  revoked: boolean;
  last_updated: string;
}
type Indicators = Page & { indicators: Indicator[] };

let c: Connected;

before(async () => {
  c = await connect();
});

after(async () => {
  await c.close();
});

async function rows(tool: string, key: string, args: Obj = {}): Promise<Obj[]> {
  const r = structured<Page & Record<string, Obj[]>>(await call(c.client, tool, args));
  assert.equal(r.count, r[key]?.length);
  return r[key]!;
}

async function code(tool: string, args: Obj): Promise<string> {
  return errorOf(await call(c.client, tool, args)).code;
}

describe('content metadata', () => {
  test('list: kinds and sources; filters by kind, source and text', async () => {
    const all = await rows('sentinel_metadata_list', 'metadata', { top: 200 });
    assert.equal(all.length, 15);
    const solutions = await rows('sentinel_metadata_list', 'metadata', { kind: 'solution' });
    assert.equal(solutions.length, 5);
    assert.ok(solutions.every((r) => r['kind'] === 'Solution'));
    const ti = await rows('sentinel_metadata_list', 'metadata', { source: 'threat intelligence' });
    assert.deepEqual(
      ti.map((r) => r['kind']),
      ['AnalyticsRule', 'AnalyticsRule', 'Solution', 'Workbook'],
    );
    const bySourceKind = await rows('sentinel_metadata_list', 'metadata', { source: 'Solution' });
    assert.equal(bySourceKind.length, 15, 'a source kind matches every item of that kind');
    const rules = await rows('sentinel_metadata_list', 'metadata', {
      kind: 'AnalyticsRule',
      search: 'entra',
    });
    assert.equal(rules.length, 3);
    assert.equal(
      (await rows('sentinel_metadata_list', 'metadata', { kind: "AnalyticsRule' or 1 eq 1" })).length,
      0,
    );
    assert.match(
      text(await call(c.client, 'sentinel_metadata_list', { kind: 'Workbook' })),
      /^2 metadata items\n\| name \| kind \| parent \|/,
    );
  });

  test('paging: pages of 4 cover the 15 items once; a cursor only fits its listing', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let first: string | null = null;
    do {
      const r: Page & { metadata: Obj[] } = structured(
        await call(c.client, 'sentinel_metadata_list', { top: 4, ...(cursor ? { cursor } : {}) }),
      );
      seen.push(...r.metadata.map((m) => String(m['name'])));
      cursor = r.next_cursor;
      first ??= cursor;
    } while (cursor);
    assert.equal(seen.length, 15);
    assert.equal(new Set(seen).size, 15);
    assert.equal(
      await code('sentinel_metadata_list', { top: 4, kind: 'Solution', cursor: first }),
      'INVALID_ARGUMENT',
    );
  });

  test('get: source, author, support, categories; NOT_FOUND', async () => {
    const d = structured<Obj>(
      await call(c.client, 'sentinel_metadata_get', {
        metadata_id: 'azuresentinel.azure-sentinel-solution-azureactivedirectory',
      }),
    );
    assert.equal(d['kind'], 'Solution');
    assert.equal(d['source_name'], 'Microsoft Entra ID');
    assert.equal(d['support_tier'], 'Microsoft');
    assert.deepEqual((d['categories'] as Obj)['domains'], ['Identity', 'Security - Threat Protection']);
    assert.match(String(d['first_publish_date']), /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/);
    const e = errorOf(await call(c.client, 'sentinel_metadata_get', { metadata_id: 'nope' }));
    assert.equal(e.code, 'NOT_FOUND');
    assert.match(e.message, /metadata item.*nope/);
    assert.match(e.hint ?? '', /sentinel_metadata_list/);
    assert.equal(await code('sentinel_metadata_get', { metadata_id: 'a/b' }), 'INVALID_ARGUMENT');
  });
});

describe('ML analytics settings', () => {
  test('list, enabled filter, search by tactic; get with observations', async () => {
    const all = await rows('sentinel_ml_analytics_settings_list', 'settings');
    assert.equal(all.length, 4);
    const disabled = await rows('sentinel_ml_analytics_settings_list', 'settings', { enabled: false });
    assert.deepEqual(
      disabled.map((r) => r['display_name']),
      ['Anomalous RDP activity'],
    );
    const lateral = await rows('sentinel_ml_analytics_settings_list', 'settings', {
      search: 'lateralmovement',
    });
    assert.deepEqual(
      lateral.map((r) => r['name']),
      disabled.map((r) => r['name']),
    );
    const d = structured<Obj>(
      await call(c.client, 'sentinel_ml_analytics_setting_get', { setting_name: disabled[0]!['name'] }),
    );
    assert.equal(d['enabled'], false);
    assert.deepEqual(d['required_data_connectors'], [
      { connector_id: 'SecurityEvents', data_types: ['SecurityEvent'] },
    ]);
    assert.match(String(d['description']), /4624/);
    const obs = d['customizable_observations'] as { thresholdObservations: { name: string }[] };
    assert.equal(obs.thresholdObservations[0]?.name, 'Score threshold');
    const e = errorOf(await call(c.client, 'sentinel_ml_analytics_setting_get', { setting_name: 'nope' }));
    assert.equal(e.code, 'NOT_FOUND');
    assert.match(e.hint ?? '', /sentinel_ml_analytics_settings_list/);
  });
});

describe('threat intelligence', () => {
  test("keywords find the story's C2 indicators (IP, domain, URL)", async () => {
    const r = structured<Indicators>(
      await call(c.client, 'sentinel_ti_indicators_list', { search: 'kvx-syncupdate' }),
    );
    assert.deepEqual(r.indicators.map((i) => [i.pattern_type, i.value]).sort(), [
      ['domain-name', 'kvx-syncupdate.top'],
      ['ipv4-addr', '45.141.87.120'],
      ['url', 'http://kvx-syncupdate.top/dl/upd.dat'],
    ]);
    const ip = structured<Indicators>(
      await call(c.client, 'sentinel_ti_indicators_list', {
        search: '45.141.87.120',
        pattern_type: 'ipv4-addr',
      }),
    );
    assert.equal(ip.count, 1);
    const d = structured<Obj>(
      await call(c.client, 'sentinel_ti_indicator_get', { indicator_name: ip.indicators[0]!.name }),
    );
    assert.equal(d['pattern'], "[ipv4-addr:value = '45.141.87.120']");
    assert.equal(d['value'], '45.141.87.120');
    assert.deepEqual(d['threat_types'], ['C2']);
    assert.deepEqual(d['kill_chain_phases'], [
      { kill_chain_name: 'lockheed-martin-cyber-kill-chain', phase_name: 'command-and-control' },
    ]);
    assert.match(String(d['external_id']), /^indicator--/);
  });

  test('filters: pattern type, source, confidence range; ordering', async () => {
    const files = structured<Indicators>(
      await call(c.client, 'sentinel_ti_indicators_list', { pattern_type: 'file', top: 500 }),
    );
    assert.ok(files.count > 0);
    assert.ok(files.indicators.every((i) => i.pattern_type === 'file' && /^[0-9a-f]{64}$/.test(i.value)));
    const graph = structured<Indicators>(
      await call(c.client, 'sentinel_ti_indicators_list', {
        source: 'SecurityGraph',
        min_confidence: 90,
        max_confidence: 95,
        sort_by: 'confidence',
        top: 500,
      }),
    );
    assert.ok(graph.count > 0);
    assert.ok(
      graph.indicators.every((i) => i.source === 'SecurityGraph' && i.confidence >= 90 && i.confidence <= 95),
    );
    const conf = graph.indicators.map((i) => i.confidence);
    assert.deepEqual(
      conf,
      [...conf].sort((a, b) => b - a),
      'highest confidence first',
    );
    const recent = structured<Indicators>(await call(c.client, 'sentinel_ti_indicators_list', { top: 20 }));
    const times = recent.indicators.map((i) => i.last_updated);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first by default');
    for (const args of [
      { search: "x' or 1 eq 1" },
      { source: "SecurityGraph' or 1 eq 1" },
      { pattern_type: 'ipv4-addr', search: '") or true' },
    ]) {
      const r = structured<Indicators>(await call(c.client, 'sentinel_ti_indicators_list', args));
      assert.equal(r.count, 0, JSON.stringify(args));
    }
  });

  test('paging: pages of 100 cover every indicator once and agree with the metrics', async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: Indicators = structured<Indicators>(
        await call(c.client, 'sentinel_ti_indicators_list', { top: 100, ...(cursor ? { cursor } : {}) }),
      );
      pages++;
      names.push(...r.indicators.map((i) => i.name));
      assert.equal(r.has_more, r.next_cursor !== null);
      cursor = r.next_cursor;
    } while (cursor && pages < 20);
    assert.equal(new Set(names).size, names.length, 'no duplicates');
    const metrics = structured<{
      by_source: { name: string; count: number }[];
      by_pattern_type: { name: string; count: number }[];
    }>(await call(c.client, 'sentinel_ti_indicator_metrics'));
    const total = metrics.by_source.reduce((n, m) => n + m.count, 0);
    assert.equal(names.length, total, 'every indicator is listed once');
    assert.equal(
      metrics.by_pattern_type.reduce((n, m) => n + m.count, 0),
      total,
    );
    assert.equal(pages, Math.ceil(total / 100));
  });

  test('metrics render as tables; bad arguments are INVALID_ARGUMENT; unknown indicators NOT_FOUND', async () => {
    assert.match(
      text(await call(c.client, 'sentinel_ti_indicator_metrics')),
      /By pattern type:\n\| name \| count \|\n\|---\|---\|\n\| ipv4-addr \| \d+ \|/,
    );
    for (const args of [
      { min_confidence: 90, max_confidence: 10 },
      { min_confidence: 101 },
      { pattern_type: "ipv4-addr' or 1 eq 1" },
      { sort_by: 'risk' },
      { top: 501 },
      { cursor: 'garbage' },
    ]) {
      assert.equal(await code('sentinel_ti_indicators_list', args), 'INVALID_ARGUMENT', JSON.stringify(args));
    }
    assert.equal(await code('sentinel_ti_indicator_metrics', { extra: 1 }), 'INVALID_ARGUMENT');
    const e = errorOf(
      await call(c.client, 'sentinel_ti_indicator_get', {
        indicator_name: '00000000-0000-0000-0000-000000000000',
      }),
    );
    assert.equal(e.code, 'NOT_FOUND');
    assert.match(e.message, /threat intelligence indicator.*00000000-0000-0000-0000-000000000000/);
    assert.match(e.hint ?? '', /sentinel_ti_indicators_list/);
  });
});

describe('revoked indicators (fixture workspace)', () => {
  test('are listed only with include_revoked', async () => {
    const f = await connect({ workspace: FIXTURE_WORKSPACE });
    try {
      const active = structured<Indicators>(await call(f.client, 'sentinel_ti_indicators_list'));
      assert.equal(active.count, 4);
      assert.ok(active.indicators.every((i) => i.revoked === false));
      const everything = structured<Indicators>(
        await call(f.client, 'sentinel_ti_indicators_list', { include_revoked: true }),
      );
      assert.equal(everything.count, 5);
      assert.deepEqual(
        everything.indicators.filter((i) => i.revoked).map((i) => i.name),
        ['1a1a1a1a-0000-4000-8000-000000000004'],
      );
    } finally {
      await f.close();
    }
  });
});
