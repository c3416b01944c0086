// Load test over Streamable HTTP on loopback: the server in this process (as `serve` runs it) on the
// demo workspace, CLIENTS concurrent SDK clients making CALLS calls mixed across tools, twice. Every
// answer is checked against the answer computed once before the run: zero lost or wrong answers.
// Prints p50/p95/p99 latency and RSS before and after each run, and appends them to bench/RESULTS.md.
// Bounded: CALLS calls per run, and each run stops by itself after MAX_RUN_MS.
//
//   npm run load                          # 50 clients, 10,000 calls, two runs, appends the results
//   npm run load -- --clients 5 --calls 200 --runs 1 --no-write   # a quick one
import { appendFileSync, mkdtempSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createBackendHandle } from '../src/backends/index.js';
import { loadConfig } from '../src/config.js';
import { createServer } from '../src/server/create.js';
import { startHttpServer, type RunningHttpServer } from '../src/server/http.js';
import { TtlCache } from '../src/util/cache.js';
import { silentLogger } from '../src/util/logger.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAX_RUN_MS = 10 * 60_000;
const CALL_TIMEOUT_MS = 60_000;

interface Call {
  name: string;
  arguments: Record<string, unknown>;
}

/** The mix: story queries, validation, tables, schema, workspace (weights by repetition). */
const STORY_QUERIES = [
  'SecurityEvent | where EventID == 4625 | summarize count() by Account | sort by count_ desc, Account asc',
  'SigninLogs | summarize count() by ResultType | sort by ResultType asc',
  'SecurityEvent | summarize n = count() by EventID | sort by EventID asc | take 20',
  'SigninLogs | where ResultType != "0" | summarize failures = count() by UserPrincipalName | sort by failures desc, UserPrincipalName asc | take 10',
];
const MIX: Call[] = [
  ...STORY_QUERIES.map((query) => ({ name: 'sentinel_logs_search', arguments: { query } })),
  ...STORY_QUERIES.map((query) => ({ name: 'sentinel_query_validate', arguments: { query } })),
  {
    name: 'sentinel_query_validate',
    arguments: { query: 'SecurityEvent | where NoSuchColumn == 1' },
  },
  { name: 'sentinel_logs_tables_list', arguments: {} },
  { name: 'sentinel_logs_table_schema_get', arguments: { table_name: 'SecurityEvent' } },
  { name: 'sentinel_logs_table_schema_get', arguments: { table_name: 'SigninLogs' } },
  { name: 'sentinel_workspace_get', arguments: {} },
];

/** Fields that change from call to call (timings, the clock); everything else must match. */
const VOLATILE = /(^|_)(ms|elapsed|duration)$|execution|^now$|generated_at|as_of|checked_at/i;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a.localeCompare(b),
    ))
      if (!VOLATILE.test(k)) out[k] = canonical(v);
    return out;
  }
  return value;
}

function answerOf(result: CallToolResult): string {
  return JSON.stringify({
    isError: result.isError ?? false,
    structured: canonical(result.structuredContent),
  });
}

function rssMb(): number {
  return process.memoryUsage().rss / 2 ** 20;
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface RunResult {
  calls: number;
  ok: number;
  lost: number;
  wrong: number;
  firstFailures: string[];
  wallMs: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rssBefore: number;
  rssAfter: number;
  /** Sessions still open on the server once the clients ended theirs. */
  sessionsAfter: number;
  byTool: Map<string, number[]>;
}

interface Connected {
  client: Client;
  /** Ends the session on the server (DELETE), then closes the client. */
  close(): Promise<void>;
}

async function connectClient(url: string, index: number): Promise<Connected> {
  const client = new Client({ name: `load-${index}`, version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  return {
    client,
    async close() {
      await transport.terminateSession();
      await client.close();
    },
  };
}

async function run(
  http: RunningHttpServer,
  clients: number,
  calls: number,
  expected: string[],
): Promise<RunResult> {
  collect();
  const rssBefore = rssMb();
  const connected = await Promise.all(Array.from({ length: clients }, (_, i) => connectClient(http.url, i)));
  const latencies: number[] = [];
  const byTool = new Map<string, number[]>();
  const firstFailures: string[] = [];
  let next = 0;
  let ok = 0;
  let lost = 0;
  let wrong = 0;
  const deadline = Date.now() + MAX_RUN_MS;
  const started = performance.now();
  await Promise.all(
    connected.map(async ({ client }) => {
      while (next < calls && Date.now() < deadline) {
        const n = next++;
        const index = n % MIX.length;
        const call = MIX[index]!;
        const t0 = performance.now();
        try {
          const result = (await client.callTool(call, undefined, {
            timeout: CALL_TIMEOUT_MS,
          })) as CallToolResult;
          const ms = performance.now() - t0;
          latencies.push(ms);
          const list = byTool.get(call.name) ?? [];
          list.push(ms);
          byTool.set(call.name, list);
          if (answerOf(result) === expected[index]) ok++;
          else {
            wrong++;
            if (firstFailures.length < 5)
              firstFailures.push(`wrong answer for ${call.name}: ${answerOf(result).slice(0, 300)}`);
          }
        } catch (error) {
          lost++;
          if (firstFailures.length < 5) firstFailures.push(`lost ${call.name}: ${String(error)}`);
        }
      }
    }),
  );
  const wallMs = performance.now() - started;
  await Promise.all(connected.map((c) => c.close()));
  const sessionsAfter = http.stats().sessions;
  collect();
  const rssAfter = rssMb();
  latencies.sort((a, b) => a - b);
  return {
    calls: next > calls ? calls : next,
    ok,
    lost: lost + Math.max(0, calls - Math.min(next, calls)),
    wrong,
    firstFailures,
    wallMs,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    rssBefore,
    rssAfter,
    sessionsAfter,
    byTool,
  };
}

function fixed(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '-';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '50' },
      calls: { type: 'string', default: '10000' },
      runs: { type: 'string', default: '2' },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const clients = Number(values.clients);
  const calls = Number(values.calls);
  const runs = Number(values.runs);
  if (![clients, calls, runs].every((n) => Number.isInteger(n) && n > 0))
    throw new Error('--clients, --calls and --runs take positive integers');

  const config = loadConfig({ backend: 'local' }, {}, mkdtempSync(join(tmpdir(), 'sentinel-mcp-load-')));
  const logger = silentLogger();
  const backend = createBackendHandle(config, logger);
  const cache = new TtlCache();
  const loadStarted = performance.now();
  await backend.get();
  const loadMs = performance.now() - loadStarted;
  const http = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    newServer: () => createServer({ config, logger, backend: backend.get, cache }),
  });
  const results: RunResult[] = [];
  try {
    // Expected answers, once, from one client.
    const reference = await connectClient(http.url, -1);
    const expected: string[] = [];
    for (const call of MIX) {
      const result = (await reference.client.callTool(call, undefined, {
        timeout: CALL_TIMEOUT_MS,
      })) as CallToolResult;
      if (result.isError && call.name !== 'sentinel_query_validate')
        throw new Error(`reference call ${call.name} failed: ${JSON.stringify(result.content)}`);
      expected.push(answerOf(result));
    }
    await reference.close();
    process.stderr.write(
      `demo loaded in ${Math.round(loadMs)} ms; ${MIX.length} distinct calls; ${runs} run(s) of ${calls} calls by ${clients} clients on ${http.url}\n`,
    );
    for (let r = 1; r <= runs; r++) {
      const result = await run(http, clients, calls, expected);
      results.push(result);
      process.stderr.write(
        `run ${r}: ${result.ok}/${result.calls} ok, ${result.lost} lost, ${result.wrong} wrong in ${Math.round(result.wallMs)} ms; ` +
          `p50 ${fixed(result.p50)} p95 ${fixed(result.p95)} p99 ${fixed(result.p99)} ms; ` +
          `RSS ${fixed(result.rssBefore, 0)} -> ${fixed(result.rssAfter, 0)} MB; sessions open after: ${result.sessionsAfter}\n`,
      );
      for (const f of result.firstFailures) process.stderr.write(`  ${f}\n`);
    }
  } finally {
    await http.close();
    await backend.close();
  }

  const markdown = report(results, clients, calls, loadMs);
  process.stdout.write(markdown);
  if (!values['no-write']) appendFileSync(join(ROOT, 'bench', 'RESULTS.md'), markdown);
  const failed = results.some((r) => r.lost > 0 || r.wrong > 0);
  process.exitCode = failed ? 1 : 0;
}

function report(results: RunResult[], clients: number, calls: number, loadMs: number): string {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
  const lines = [
    '',
    `## ${new Date().toISOString().slice(0, 10)}: load`,
    '',
    `Machine: ${machine}`,
    '',
    `### Load: ${clients} concurrent Streamable HTTP clients, ${calls.toLocaleString('en-US')} calls per run, on 127.0.0.1`,
    '',
    'The server runs in the benchmark process (as `serve` does: one McpServer per session, one backend and',
    `cache), on the demo workspace (loaded in ${Math.round(loadMs)} ms before the runs). The calls cycle through`,
    `${MIX.length} distinct ones: ${STORY_QUERIES.length} story queries (sentinel_logs_search), their validation and an invalid`,
    'query (sentinel_query_validate), sentinel_logs_tables_list, sentinel_logs_table_schema_get on two tables',
    'and sentinel_workspace_get. Each answer is compared with the one computed once before the runs (timings',
    'aside). Latency is per call at the client; RSS is the whole process (server and clients) after a GC.',
    '',
    '| run | calls | ok | lost | wrong | wall s | calls/s | p50 ms | p95 ms | p99 ms | max ms | RSS before MB | RSS after MB | sessions left |',
    '| --: | ----: | -: | ---: | ----: | -----: | ------: | -----: | -----: | -----: | -----: | ------------: | -----------: | ------------: |',
  ];
  results.forEach((r, i) =>
    lines.push(
      `| ${i + 1} | ${r.calls} | ${r.ok} | ${r.lost} | ${r.wrong} | ${fixed(r.wallMs / 1000)} | ${fixed(r.calls / (r.wallMs / 1000), 0)} | ${fixed(r.p50)} | ${fixed(r.p95)} | ${fixed(r.p99)} | ${fixed(r.max)} | ${fixed(r.rssBefore, 0)} | ${fixed(r.rssAfter, 0)} | ${r.sessionsAfter} |`,
    ),
  );
  lines.push('', '| tool (all runs) | calls | p50 ms | p95 ms | p99 ms |', '| --- | --: | --: | --: | --: |');
  const tools = new Map<string, number[]>();
  for (const r of results) for (const [k, v] of r.byTool) tools.set(k, [...(tools.get(k) ?? []), ...v]);
  for (const [tool, list] of [...tools].sort(([a], [b]) => a.localeCompare(b))) {
    list.sort((a, b) => a - b);
    lines.push(
      `| ${tool} | ${list.length} | ${fixed(percentile(list, 50))} | ${fixed(percentile(list, 95))} | ${fixed(percentile(list, 99))} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

await main();
