// Response economy: what a query result costs the model. For 100, 1,000 and 10,000 rows of SecurityEvent on
// the demo workspace, the bytes of sentinel_logs_search's answer (text block + structuredContent, through an
// in-process MCP client) with the default limits and with max_rows raised to the row count, against a plain
// JSON dump of the same rows (the baseline). Tokens are approximated as bytes / 4.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createBackendHandle } from '../src/backends/index.js';
import { loadConfig } from '../src/config.js';
import { createServer } from '../src/server/create.js';
import { DEFAULT_LIMITS, rowsAsObjects } from '../src/util/results.js';
import { silentLogger } from '../src/util/logger.js';

const SIZES = [100, 1_000, 10_000];
const TOKEN_LIMIT = 20_000;
/** Every column (SecurityEvent has over 200, mostly empty), and a typical projection. */
const SHAPES: [string, string][] = [
  ['every column', ''],
  ['5 columns', ' | project TimeGenerated, Computer, Account, EventID, Activity'],
];

const tokens = (bytes: number) => Math.round(bytes / 4);
const kb = (bytes: number) => (bytes / 1000).toFixed(1);

/** Bytes of what the model receives: every text block plus the structured result as JSON. */
function responseBytes(result: CallToolResult): number {
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  return Buffer.byteLength(text) + Buffer.byteLength(JSON.stringify(result.structuredContent ?? null));
}

interface Structured {
  rows: unknown[];
  truncated: boolean;
  truncated_reason: string | null;
}

export async function runEconomyBench(): Promise<string> {
  const config = loadConfig({ backend: 'local' }, {}, mkdtempSync(join(tmpdir(), 'sentinel-mcp-bench-')));
  const logger = silentLogger();
  const backend = createBackendHandle(config, logger);
  const server = createServer({ config, logger, backend: backend.get });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'bench', version: '1' });
  await server.connect(serverSide);
  await client.connect(clientSide);
  const rows: string[] = [];
  let worst = 0;
  try {
    for (const [shape, project] of SHAPES)
      for (const n of SIZES) {
        const query = `SecurityEvent | sort by TimeGenerated desc | take ${n}${project}`;
        const local = await backend.get();
        const full = await local.logs.query({ query, maxRows: n });
        const table = full.tables[0]!;
        const baseline = Buffer.byteLength(JSON.stringify(rowsAsObjects(table.columns, table.rows)));
        const cells: string[] = [];
        for (const maxRows of [undefined, n]) {
          const result = (await client.callTool({
            name: 'sentinel_logs_search',
            arguments: { query, ...(maxRows ? { max_rows: maxRows } : {}) },
          })) as CallToolResult;
          if (result.isError)
            throw new Error(`sentinel_logs_search failed: ${JSON.stringify(result.content)}`);
          const s = result.structuredContent as unknown as Structured;
          const bytes = responseBytes(result);
          worst = Math.max(worst, tokens(bytes));
          const why = s.truncated ? ` (${s.truncated_reason})` : '';
          cells.push(`${kb(bytes)} KB, ~${tokens(bytes)} tok, ${s.rows.length} rows${why}`);
        }
        rows.push(
          `| ${shape} | ${n.toLocaleString('en')} | ${kb(baseline)} KB, ~${tokens(baseline)} tok | ${cells.join(' | ')} |`,
        );
      }
  } finally {
    await client.close();
    await server.close();
    await backend.close();
  }
  return [
    '### Response economy (SecurityEvent on the demo, `sort by TimeGenerated desc | take N`)',
    '',
    `| columns | rows | plain JSON dump of the rows (baseline) | sentinel_logs_search, default limits (max_rows ${DEFAULT_LIMITS.maxRows}) | sentinel_logs_search, max_rows = N |`,
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Bytes are the text block (Markdown table with the truncation note) plus structuredContent as JSON, i.e. the` +
      ` rows twice; tokens ≈ bytes / 4 (an approximation, not a tokenizer). Rows are also cut at` +
      ` ${DEFAULT_LIMITS.maxBytes / 1000} KB of JSON (max_bytes) and long cells at ${DEFAULT_LIMITS.maxCellChars} characters.` +
      ` Largest answer (either column; the byte limit holds whatever max_rows is): ~${worst} tokens (${worst < TOKEN_LIMIT ? 'under' : 'NOT under'} ${TOKEN_LIMIT.toLocaleString('en')}).`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await runEconomyBench());
}
