// The Sentinel object, enrichment and Entra tools on the demo, served twice (test/helpers/parity.ts): by
// a LocalBackend directly, and by the AzureBackend through the in-process HTTPS fake of Azure and Graph
// that serves the same LocalBackend. Per tool and side: p50 and p95 over N sequential calls after
// warm-ups, and the ratio of the p50 to sentinel_workspace_get's on the same side (the baseline).
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AzureFake } from '../test/azure-fake/index.js';
import { startParity } from '../test/helpers/parity.js';

const N = 20;
const WARMUPS = 2;
const BASELINE = 'sentinel_workspace_get';

interface Case {
  label: string;
  tool: string;
  args: Record<string, unknown>;
}

interface Timing {
  p50: number;
  p95: number;
}

/** What the measured Azure-side calls sent to the fake: requests per call, and their routes. */
interface Traffic {
  perCall: number;
  routes: string[];
}

function trafficOf(fake: AzureFake): Traffic {
  const seen = fake.requests();
  return {
    perCall: seen.length / N,
    routes: [...new Set(seen.map((r) => r.route ?? r.path))].sort(),
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** RSS after a full collection when --expose-gc is on: what is retained, not what awaits collection. */
function rssMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 1024 / 1024;
}

function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

/** One call; an error answer stops the benchmark (timing a failure would measure nothing useful). */
async function invoke(client: Client, side: string, c: Case): Promise<CallToolResult> {
  const result = (await client.callTool({ name: c.tool, arguments: c.args })) as CallToolResult;
  if (result.isError) {
    throw new Error(`${side} ${c.tool} ${JSON.stringify(c.args)} failed: ${textOf(result).slice(0, 300)}`);
  }
  return result;
}

function structuredOf<T>(result: CallToolResult): T {
  return result.structuredContent as T;
}

async function measure(client: Client, side: string, c: Case, afterWarmups?: () => void): Promise<Timing> {
  for (let i = 0; i < WARMUPS; i++) await invoke(client, side, c);
  afterWarmups?.();
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const started = performance.now();
    await invoke(client, side, c);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** The password spray rule's id, and the time of incident 1047's spray alert (for end_time). */
async function sprayRuleTest(local: Client): Promise<{ args: Record<string, unknown>; note: string }> {
  const rules = structuredOf<{ rules: { id: string; display_name: string; kind: string }[] }>(
    await invoke(local, 'local', {
      label: 'spray rule',
      tool: 'sentinel_analytics_rule_list',
      args: { search: 'spray' },
    }),
  ).rules;
  const rule = rules.find((r) => r.kind === 'Scheduled') ?? rules[0];
  if (!rule) throw new Error('no analytics rule matches "spray" on the demo');
  const incident = structuredOf<{
    alerts?: { items: { name: string | null; start_time: string | null; time_generated: string | null }[] };
  }>(
    await invoke(local, 'local', {
      label: 'incident 1047',
      tool: 'sentinel_incident_get',
      args: { incident_id: 1047, include: ['alerts'] },
    }),
  );
  const alert = incident.alerts?.items.find((a) => /spray/i.test(a.name ?? ''));
  const at = alert?.start_time ?? alert?.time_generated ?? null;
  return at
    ? {
        args: { rule_id: rule.id, end_time: at },
        note: `"${rule.display_name}", end_time = incident 1047's spray alert start (${at})`,
      }
    : {
        args: { rule_id: rule.id },
        note: `"${rule.display_name}", default window (incident 1047 has no spray alert time)`,
      };
}

const fixed = (ms: number): string => ms.toFixed(1);
const ratio = (ms: number, base: number): string => `${(ms / base).toFixed(2)}x`;

export async function runObjectsBench(): Promise<string> {
  const rssBefore = rssMb();
  const started = performance.now();
  const sides = await startParity();
  const setupMs = performance.now() - started;
  const rssAfterSetup = rssMb();
  try {
    const spray = await sprayRuleTest(sides.local);
    const cases: Case[] = [
      { label: `${BASELINE} (baseline)`, tool: BASELINE, args: {} },
      { label: 'sentinel_incident_list {top:25}', tool: 'sentinel_incident_list', args: { top: 25 } },
      {
        label: 'sentinel_incident_get 1048 (all children)',
        tool: 'sentinel_incident_get',
        args: { incident_id: 1048 },
      },
      { label: 'sentinel_alert_list {top:25}', tool: 'sentinel_alert_list', args: { top: 25 } },
      { label: 'sentinel_analytics_rule_list {}', tool: 'sentinel_analytics_rule_list', args: {} },
      {
        label: 'sentinel_analytics_rule_test (password spray)',
        tool: 'sentinel_analytics_rule_test',
        args: spray.args,
      },
      { label: 'sentinel_hunting_queries_list {}', tool: 'sentinel_hunting_queries_list', args: {} },
      {
        label: 'sentinel_watchlist_items_list VIPUsers',
        tool: 'sentinel_watchlist_items_list',
        args: { watchlist_alias: 'VIPUsers' },
      },
      {
        label: 'sentinel_ti_indicators_list {top:50}',
        tool: 'sentinel_ti_indicators_list',
        args: { top: 50 },
      },
      {
        label: 'sentinel_ip_geodata_get 105.112.84.23',
        tool: 'sentinel_ip_geodata_get',
        args: { ip: '105.112.84.23' },
      },
      {
        label: 'entra_id_get_user megan.ortiz',
        tool: 'entra_id_get_user',
        args: { user: 'megan.ortiz@fernbrooklabs.com' },
      },
    ];
    const rows: { label: string; local: Timing; azure: Timing; traffic: Traffic }[] = [];
    for (const c of cases) {
      console.error(`  ${c.tool}...`);
      const local = await measure(sides.local, 'local', c);
      // Warm-ups are not counted: the requests are cleared before and after them, inside measure.
      const azure = await measure(sides.azure, 'azure', c, () => sides.fake.clearRequests());
      rows.push({ label: c.label, local, azure, traffic: trafficOf(sides.fake) });
    }
    const rssAfterRuns = rssMb();
    const base = rows[0]!;
    return [
      `### Sentinel objects, enrichment and Entra tools: local vs Azure through the fake (N = ${N} calls after ${WARMUPS} warm-ups)`,
      '',
      'One process: the demo in a LocalBackend, an MCP server on it (local), and an MCP server on the',
      'AzureBackend pointed at the in-process HTTPS fake of ARM, Log Analytics and Graph that serves that',
      'same LocalBackend (azure); in-memory MCP transports, calls one at a time. The Azure side includes',
      'the HTTPS + JSON round trips to the fake and the fake’s own work, so its absolute numbers are not',
      "Azure's; the ratios compare each tool with sentinel_workspace_get on the same side.",
      'The last column counts what the measured Azure-side calls sent to the fake (warm-ups excluded): 0',
      "means the answer came from the server's TTL cache (10 min) after the warm-ups, on both sides (the",
      'workspace, the rule and hunting-query listings, IP geodata), so those rows and the baseline time the',
      'MCP round trip and the cache, not the backends.',
      `Setup (startParity: demo generation + DuckDB load, the fake and its certificate, the AzureBackend) ${setupMs.toFixed(0)} ms;`,
      `RSS ${rssBefore.toFixed(0)} MB before, ${rssAfterSetup.toFixed(0)} MB after setup, ${rssAfterRuns.toFixed(0)} MB after the runs (after a GC).`,
      `Rule test: ${spray.note}.`,
      '',
      '| tool | local p50 ms | local p95 ms | azure-via-fake p50 ms | azure-via-fake p95 ms | local p50 / baseline p50 | azure p50 / azure baseline p50 | fake requests per azure call (routes) |',
      '|---|--:|--:|--:|--:|--:|--:|---|',
      ...rows.map(
        (r) =>
          `| ${r.label} | ${fixed(r.local.p50)} | ${fixed(r.local.p95)} | ${fixed(r.azure.p50)} | ${fixed(r.azure.p95)} | ${ratio(r.local.p50, base.local.p50)} | ${ratio(r.azure.p50, base.azure.p50)} | ${r.traffic.perCall.toFixed(1)}${r.traffic.routes.length ? ` (${r.traffic.routes.join(', ')})` : ''} |`,
      ),
    ].join('\n');
  } finally {
    await sides.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await runObjectsBench());
}
