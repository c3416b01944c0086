// Peer: sentinel-mcp beside the Azure MCP Server (@azure/mcp), measured in the same run. For each server
// and spawn: the time from spawn to the first tools/list answer, the RSS after it (the process and its
// children), then the mean tools/list round trip over 100 sequential calls; medians over the spawns.
// @azure/mcp is installed on demand into the git-ignored bench/.peer/ (not a project dependency) and
// started offline (`azmcp server start`, its platform binary run directly, without the Node wrapper).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initialize, median, rssOf } from './startup.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PEER_DIR = join(ROOT, 'bench', '.peer');
export const PEER_VERSION = '2.0.5';
const ROUND_TRIPS = 100;

interface Server {
  label: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

interface Sample {
  startupMs: number;
  rssMb: number;
  roundTripMs: number;
  tools: number;
}

/** The Azure MCP Server's platform binary, installed into bench/.peer/ if it is not there yet. */
export function ensurePeer(): string {
  const platformPackage = join(PEER_DIR, 'node_modules', '@azure', `mcp-${process.platform}-${process.arch}`);
  const binary = join(platformPackage, 'dist', process.platform === 'win32' ? 'azmcp.exe' : 'azmcp');
  const installed = (): string | undefined => {
    try {
      const pkg = JSON.parse(readFileSync(join(platformPackage, 'package.json'), 'utf8')) as {
        version?: string;
      };
      return pkg.version;
    } catch {
      return undefined;
    }
  };
  if (installed() !== PEER_VERSION || !existsSync(binary)) {
    console.error(`installing @azure/mcp@${PEER_VERSION} into bench/.peer/ ...`);
    const r = spawnSync(
      'npm',
      ['install', '--prefix', PEER_DIR, '--no-save', '--no-audit', '--no-fund', `@azure/mcp@${PEER_VERSION}`],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (r.status !== 0 || !existsSync(binary))
      throw new Error(`could not install @azure/mcp@${PEER_VERSION}`);
  }
  return binary;
}

/** RSS of a process and all its descendants, in MB. */
function treeRss(pid: number): number {
  let total = rssOf(pid);
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    for (const child of children ? children.split(/\s+/) : []) total += treeRss(Number(child));
  }
  return total;
}

/** One spawn: initialize + tools/list at once (startup), RSS, then 100 sequential tools/list calls. */
function measure(server: Server): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(server.command, server.args, {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, ...server.env },
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${server.label}: no answer within 60 s`));
    }, 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    const send = (m: object) => child.stdin.write(`${JSON.stringify(m)}\n`);
    let buffer = '';
    let startupMs = 0;
    let rssMb = 0;
    let tools = 0;
    let sent = 0n;
    let nextId = 2;
    let total = 0;
    const listTools = () => {
      sent = process.hrtime.bigint();
      send({ jsonrpc: '2.0', id: nextId, method: 'tools/list' });
    };
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        const message = JSON.parse(line) as { id?: number; result?: { tools?: unknown[] } };
        if (message.id !== nextId) continue;
        const now = process.hrtime.bigint();
        if (nextId === 2) {
          startupMs = Number(now - started) / 1e6;
          rssMb = treeRss(child.pid!);
          tools = message.result?.tools?.length ?? 0;
        } else total += Number(now - sent) / 1e6;
        if (nextId === 2 + ROUND_TRIPS) {
          clearTimeout(timer);
          child.kill('SIGTERM');
          resolve({ startupMs, rssMb, roundTripMs: total / ROUND_TRIPS, tools });
          return;
        }
        nextId++;
        listTools();
      }
    });
    initialize(send);
    sent = process.hrtime.bigint();
    send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  });
}

export async function runPeerBench(runs = 7): Promise<string> {
  const azmcp = ensurePeer();
  const loadBefore = loadavg()[0]!;
  const cli = join(ROOT, 'dist', 'cli.js');
  // The demo workspace: no Azure settings reach sentinel-mcp.
  const demoEnv = { AZURE_WORKSPACE_ID: '', SENTINEL_MCP_TOOLSETS: '' };
  const servers: Server[] = [
    {
      label: `Azure MCP Server ${PEER_VERSION} (\`azmcp server start\`)`,
      command: azmcp,
      args: ['server', 'start'],
      env: { AZURE_MCP_COLLECT_TELEMETRY: 'false' },
    },
    {
      label: 'sentinel-mcp (default)',
      command: process.execPath,
      args: [cli, '--transport', 'stdio', '--log-level', 'warn'],
      env: demoEnv,
    },
    {
      label: 'sentinel-mcp (`--toolsets all`)',
      command: process.execPath,
      args: [cli, '--transport', 'stdio', '--log-level', 'warn', '--toolsets', 'all'],
      env: demoEnv,
    },
  ];
  // Round robin (one spawn of each server per round), so a busy machine weighs on all of them alike.
  for (const server of servers) await measure(server); // warm the file cache; not counted
  const samplesOf: Sample[][] = servers.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [j, server] of servers.entries()) samplesOf[j]!.push(await measure(server));
  }
  const results = servers.map((server, j) => {
    const samples = samplesOf[j]!;
    return {
      label: server.label,
      startup: median(samples.map((s) => s.startupMs)),
      rss: median(samples.map((s) => s.rssMb)),
      rtt: median(samples.map((s) => s.roundTripMs)),
      tools: median(samples.map((s) => s.tools)),
    };
  });
  const peer = results[0]!;
  const rows = results.map(
    (r) =>
      `| ${r.label} | ${r.tools} | ${r.startup.toFixed(0)} | ${(r.startup / peer.startup).toFixed(2)}x | ${r.rss.toFixed(0)} | ${(r.rss / peer.rss).toFixed(2)}x | ${r.rtt.toFixed(2)} | ${(r.rtt / peer.rtt).toFixed(2)}x |`,
  );
  const all = results[2]!;
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  return [
    `### Peer: Azure MCP Server (stdio, offline; median of ${runs} spawns after one warm-up)`,
    '',
    '| server | tools | startup ms | ratio | RSS MB | ratio | tools/list round trip ms (mean of 100) | ratio |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Startup is spawn to the first tools/list answer (initialize, initialized and tools/list sent at once); RSS is the` +
      ` process tree's after it. Ratios are to Azure MCP. Targets with every toolset: startup ≤ 0.3x` +
      ` (${(all.startup / peer.startup).toFixed(2)}x: ${verdict(all.startup <= 0.3 * peer.startup)}), RSS ≤ 1x` +
      ` (${(all.rss / peer.rss).toFixed(2)}x: ${verdict(all.rss <= peer.rss)}). Load average (1 min) before/after:` +
      ` ${loadBefore.toFixed(1)}/${loadavg()[0]!.toFixed(1)}; spawns are interleaved, so ratios hold better than absolute times on a busy machine.`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await runPeerBench());
}
