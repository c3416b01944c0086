// Startup: spawn to the first tools/list answer, and the server's RSS after it; beside a bare SDK
// server with one tool (the baseline), measured in the same run.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BASELINE = `
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
const s = new McpServer({ name: 'baseline', version: '1' });
s.registerTool('echo', { description: 'echo', inputSchema: { x: z.string() } }, async ({ x }) => ({ content: [{ type: 'text', text: x }] }));
await s.connect(new StdioServerTransport());
`;

interface Sample {
  ms: number;
  rssMb: number;
}

/** Resident set size of a process, in MB (Linux /proc). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Spawns a server, sends initialize + tools/list, and times the tools/list answer. */
export function timeToFirstToolsList(args: string[]): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('no tools/list answer within 20 s'));
    }, 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('"id":2')) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const rssMb = rssOf(child.pid!);
      clearTimeout(timer);
      child.kill('SIGTERM');
      resolve({ ms, rssMb });
    });
    const send = (m: object) => child.stdin.write(`${JSON.stringify(m)}\n`);
    initialize(send);
    send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  });
}

/** Sends initialize (id 1) and notifications/initialized: what a client says first. */
export function initialize(send: (message: object) => void): void {
  send({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
  });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

export async function runStartupBench(runs = 7): Promise<string> {
  const configs: [string, string[]][] = [
    ['bare SDK server, 1 tool (baseline)', ['--input-type=module', '-e', BASELINE]],
    ['sentinel-mcp (default)', [join(ROOT, 'dist', 'cli.js'), '--transport', 'stdio', '--log-level', 'warn']],
  ];
  const rows: string[] = [];
  let baseline = 0;
  for (const [label, args] of configs) {
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) samples.push(await timeToFirstToolsList(args));
    const ms = median(samples.map((s) => s.ms));
    const rss = median(samples.map((s) => s.rssMb));
    if (!baseline) baseline = ms;
    rows.push(`| ${label} | ${ms.toFixed(0)} | ${rss.toFixed(0)} | ${(ms / baseline).toFixed(2)}x |`);
  }
  return [
    `### Startup (spawn to first tools/list answer, median of ${runs})`,
    '',
    '| server | ms | RSS MB | ratio to baseline |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await runStartupBench());
}
