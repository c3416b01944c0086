// Runs every real-world query of ../shared/data/kql against empty tables with the catalog's
// schemas. Among the queries whose tables all exist in the catalog and that Kusto.Language finds
// free of errors, the share that translates and runs is reported with the top failure reasons.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LocalDatabase } from '../../src/backends/local/database.js';
import { tableCatalog } from '../../src/kql/catalog.js';
import type { TableSchema } from '../../src/kql/types.js';
import { ToolError } from '../../src/util/errors.js';

const CORPUS_DIR = new URL('../../../shared/data/kql/', import.meta.url).pathname;
const TARGET_SHARE = 0.85;
const NOW = new Date('2024-06-01T00:00:00Z');

interface CorpusQuery {
  id: string;
  query: string;
  tables?: string[];
}

function loadCorpus(): CorpusQuery[] {
  const out: CorpusQuery[] = [];
  for (const file of readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    for (const line of readFileSync(join(CORPUS_DIR, file), 'utf8').split('\n')) {
      if (line.trim()) out.push(JSON.parse(line) as CorpusQuery);
    }
  }
  return out;
}

/** The catalog's tables, each with the standard columns every Log Analytics table has. */
function catalogTables(): TableSchema[] {
  const catalog = tableCatalog();
  return [...catalog.tables.values()].map((t) => {
    const names = new Set(t.columns.map((c) => c.name));
    return {
      name: t.name,
      columns: [...t.columns, ...catalog.standardColumns.filter((c) => !names.has(c.name))],
    };
  });
}

/** A short, stable description of why a query failed, for grouping. */
function reason(error: unknown): string {
  if (error instanceof ToolError) {
    const construct = error.details?.['construct'];
    if (error.code === 'UNSUPPORTED' && typeof construct === 'string') return `UNSUPPORTED ${construct}`;
    return `${error.code} ${error.message
      .replace(/\(at line.*$|\(line \d+.*$/, '')
      .replace(/"[^"]*"|'[^']*'/g, '…')
      .slice(0, 110)}`;
  }
  return `THROWN ${(error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 110) ?? ''}`;
}

test('corpus: real-world queries translate and run on empty tables', { timeout: 600_000 }, async (t) => {
  if (!existsSync(CORPUS_DIR)) {
    t.skip(`no corpus at ${CORPUS_DIR}`);
    return;
  }
  const tables = catalogTables();
  const known = new Set(tables.map((x) => x.name));
  const db = await LocalDatabase.open();
  try {
    for (const table of tables) await db.createTable(table.name, table.columns, []);
    const corpus = loadCorpus();
    const reasons = new Map<string, string[]>();
    let eligible = 0;
    let ran = 0;
    for (const entry of corpus) {
      if (!(entry.tables ?? []).every((name) => known.has(name))) continue;
      try {
        await db.query(entry.query, { now: NOW });
        eligible++;
        ran++;
      } catch (error) {
        // The engine checks Kusto.Language's diagnostics first: a query it finds in error is not eligible.
        if (error instanceof ToolError && (error.code === 'KQL_SYNTAX' || error.code === 'KQL_SEMANTIC'))
          continue;
        eligible++;
        const key = reason(error);
        reasons.set(key, [...(reasons.get(key) ?? []), entry.id]);
      }
    }
    const share = eligible === 0 ? 0 : ran / eligible;
    const top = [...reasons.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, 25);
    console.log(
      `corpus: ${corpus.length} queries, ${eligible} eligible, ${ran} ran (${(share * 100).toFixed(1)}%)`,
    );
    for (const [key, ids] of top)
      console.log(`  ${String(ids.length).padStart(4)}  ${key}   e.g. ${ids[0] ?? ''}`);
    assert.ok(share >= TARGET_SHARE, `share ${(share * 100).toFixed(1)}% is below ${TARGET_SHARE * 100}%`);
  } finally {
    await db.close();
  }
});
