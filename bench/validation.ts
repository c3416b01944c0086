// KQL validation: p50/p95 per query over the real-world corpus, and RSS after 10,000 validations,
// beside parse-only (the baseline) measured in the same run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kusto } from '../src/kql/kusto.js';
import { validateKql } from '../src/kql/validate.js';
import { workspaceAnalysisSchema } from '../src/kql/workspace-schema.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function corpus(): string[] {
  const dir = join(ROOT, '..', 'shared', 'data', 'kql');
  const queries: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (line.trim()) queries.push((JSON.parse(line) as { query: string }).query);
    }
  }
  return queries;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** RSS after a full collection when --expose-gc is on: what is retained, not what awaits collection. */
function rssMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 1024 / 1024;
}

export async function runValidationBench(total = 10_000): Promise<string> {
  const queries = corpus();
  const schema = workspaceAnalysisSchema([]);
  const t0 = performance.now();
  validateKql('print 1', schema);
  const firstMs = performance.now() - t0;
  const K = kusto();
  const validateTimes: number[] = [];
  const parseTimes: number[] = [];
  const rssAt: number[] = [];
  for (let i = 0; i < total; i++) {
    const q = queries[i % queries.length]!;
    let t = performance.now();
    K.KustoCode.Parse(q, null);
    parseTimes.push(performance.now() - t);
    t = performance.now();
    validateKql(q, schema);
    validateTimes.push(performance.now() - t);
    if ((i + 1) % 2_500 === 0) rssAt.push(rssMb());
  }
  const v = [...validateTimes].sort((a, b) => a - b);
  const p = [...parseTimes].sort((a, b) => a - b);
  return [
    `### KQL validation (${total} validations over ${queries.length} corpus queries, catalog of 698 tables)`,
    '',
    `First validation (loads Kusto.Language and builds the catalog schema): ${firstMs.toFixed(0)} ms`,
    '',
    '| measure | p50 ms | p95 ms | ratio p50 to parse-only |',
    '|---|---|---|---|',
    `| parse only (baseline) | ${percentile(p, 50).toFixed(2)} | ${percentile(p, 95).toFixed(2)} | 1.00x |`,
    `| validate (parse + bind + diagnostics) | ${percentile(v, 50).toFixed(2)} | ${percentile(v, 95).toFixed(2)} | ${(percentile(v, 50) / percentile(p, 50)).toFixed(2)}x |`,
    '',
    `RSS after 2,500 / 5,000 / 7,500 / 10,000: ${rssAt.map((r) => r.toFixed(0)).join(' / ')} MB`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await runValidationBench());
}
