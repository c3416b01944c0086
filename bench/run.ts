// npm run bench: runs every benchmark, prints the Markdown, and appends it to bench/RESULTS.md with
// the machine and the date. Pass names to run a subset: npm run bench -- startup validation
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runDemoBench } from './demo.js';
import { runEconomyBench } from './economy.js';
import { runEngineBench } from './engine.js';
import { runObjectsBench } from './objects.js';
import { runPeerBench } from './peer.js';
import { runStartupBench } from './startup.js';
import { runValidationBench } from './validation.js';

const BENCHES: Record<string, () => Promise<string>> = {
  startup: () => runStartupBench(),
  validation: () => runValidationBench(),
  engine: () => runEngineBench(),
  demo: () => runDemoBench(),
  peer: () => runPeerBench(),
  economy: () => runEconomyBench(),
  objects: () => runObjectsBench(),
};

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}

const wanted = process.argv.slice(2).filter((a) => a in BENCHES);
const names = wanted.length ? wanted : Object.keys(BENCHES);
const sections = [
  `## ${new Date().toISOString().slice(0, 10)}: ${names.join(', ')}`,
  '',
  `Machine: ${machine()}`,
  '',
];
for (const name of names) {
  console.error(`running ${name} benchmark...`);
  sections.push(await BENCHES[name]!(), '');
}
const text = sections.join('\n');
console.log(text);
if (!process.env.BENCH_NO_WRITE) {
  const file = fileURLToPath(new URL('RESULTS.md', import.meta.url));
  appendFileSync(file, `\n${text}`);
  // Formatted as the format check (part of npm test) wants it.
  const prettier = await import('prettier');
  const options = { ...(await prettier.resolveConfig(file)), filepath: file };
  writeFileSync(file, await prettier.format(readFileSync(file, 'utf8'), options));
  console.error('appended to bench/RESULTS.md');
}
