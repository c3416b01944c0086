// The demo workspace: generation time, load time into DuckDB, and the server's RSS once the demo
// is loaded (a spawned server answering its first query), beside the same server idle (baseline).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { generateDemoWorkspace } from '../src/backends/local/demo/index.js';
import { LocalDatabase } from '../src/backends/local/database.js';
import { tableCatalog } from '../src/kql/catalog.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function rssMbOf(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

async function serverRss(): Promise<{ idle: number; loaded: number; firstQueryMs: number }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(ROOT, 'dist', 'cli.js'), '--transport', 'stdio', '--log-level', 'warn'],
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  try {
    await client.listTools();
    const pid = transport.pid!;
    const idle = rssMbOf(pid);
    const started = performance.now();
    await client.callTool({ name: 'sentinel_logs_search', arguments: { query: 'SecurityEvent | count' } });
    const firstQueryMs = performance.now() - started;
    return { idle, loaded: rssMbOf(pid), firstQueryMs };
  } finally {
    await client.close();
  }
}

export async function runDemoBench(): Promise<string> {
  let t = performance.now();
  const demo = generateDemoWorkspace({ now: new Date() });
  const generateMs = performance.now() - t;
  const rows = demo.tables.reduce((n, x) => n + x.rows.length, 0);
  const db = await LocalDatabase.open();
  t = performance.now();
  for (const table of demo.tables) {
    await db.createTable(
      table.name,
      table.columns,
      table.rows,
      tableCatalog().tables.get(table.name)?.columns,
    );
  }
  const loadMs = performance.now() - t;
  await db.close();
  const server = await serverRss();
  return [
    '### Demo workspace',
    '',
    `${demo.tables.length} tables, ${rows} rows. Generation ${generateMs.toFixed(0)} ms; load into DuckDB ${loadMs.toFixed(0)} ms.`,
    '',
    '| server (stdio, default) | RSS MB | ratio to idle |',
    '|---|---|---|',
    `| after tools/list, backend not opened (baseline) | ${server.idle.toFixed(0)} | 1.00x |`,
    `| after the first query, demo loaded (first query ${server.firstQueryMs.toFixed(0)} ms, includes warm-up overlap) | ${server.loaded.toFixed(0)} | ${(server.loaded / server.idle).toFixed(2)}x |`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await runDemoBench());
}
