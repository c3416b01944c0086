// Engine benchmark: KQL through the local engine beside the equivalent hand-written DuckDB SQL, on
// generated tables of 1M and 10M rows, in the same process and on the same database.
// Run alone: node --import tsx bench/engine.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { LocalDatabase } from '../src/backends/local/database.js';
import type { ColumnSchema } from '../src/kql/types.js';

interface Case {
  name: string;
  kql: string;
  sql: string;
}

const COLUMNS: ColumnSchema[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Computer', type: 'string' },
  { name: 'Account', type: 'string' },
  { name: 'EventID', type: 'int' },
  { name: 'Bytes', type: 'long' },
  { name: 'SourceIp', type: 'string' },
];

const ACCOUNTS: ColumnSchema[] = [
  { name: 'Account', type: 'string' },
  { name: 'Department', type: 'string' },
];

/** Deterministic rows over 14 days: 200 computers, 5,000 accounts, four event ids. */
async function writeParquet(dir: string, rows: number): Promise<{ events: string; accounts: string }> {
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const connection = await instance.connect();
  const events = join(dir, `events-${rows}.parquet`);
  const accounts = join(dir, 'accounts.parquet');
  await connection.run(`COPY (
    SELECT
      TIMESTAMP '2024-01-01' + to_microseconds((i * 120961) % 1209600000000) AS TimeGenerated,
      'host-' || CAST((i * 7) % 200 AS VARCHAR) AS Computer,
      'user' || CAST((i * 31) % 5000 AS VARCHAR) AS Account,
      CAST([4624, 4625, 4688, 4672][(i % 4) + 1] AS INTEGER) AS EventID,
      CAST((i * 2654435761) % 100000 AS BIGINT) AS Bytes,
      '10.' || CAST((i // 65536) % 256 AS VARCHAR) || '.' || CAST((i // 256) % 256 AS VARCHAR) || '.' || CAST(i % 256 AS VARCHAR) AS SourceIp
    FROM range(${rows}) AS r(i)
  ) TO '${events}' (FORMAT parquet)`);
  await connection.run(`COPY (
    SELECT 'user' || CAST(i AS VARCHAR) AS Account, 'dept-' || CAST(i % 12 AS VARCHAR) AS Department FROM range(5000) AS r(i)
  ) TO '${accounts}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
  return { events, accounts };
}

const ALL_COLUMNS = COLUMNS.map((c) => `"${c.name}" := "${c.name}"`).join(', ');

const CASES: Case[] = [
  {
    name: 'where',
    kql: 'Events | where EventID == 4625 and Computer == "host-17" | count',
    sql: `SELECT count(*) FROM "Events" WHERE "EventID" = 4625 AND "Computer" = 'host-17'`,
  },
  {
    name: 'where contains',
    kql: 'Events | where Account contains "ser12" | count',
    sql: `SELECT count(*) FROM "Events" WHERE "Account" ILIKE '%ser12%'`,
  },
  {
    name: 'summarize by bin',
    kql: 'Events | summarize n = count(), total = sum(Bytes) by Computer, bin(TimeGenerated, 1h) | count',
    sql: `SELECT count(*) FROM (SELECT "Computer", date_trunc('hour', "TimeGenerated") AS h, count(*), sum("Bytes")
          FROM "Events" GROUP BY ALL)`,
  },
  {
    name: 'join',
    kql: 'Events | where EventID == 4624 | join kind=inner (Accounts) on Account | summarize count() by Department',
    sql: `SELECT a."Department", count(*) FROM "Events" e JOIN "Accounts" a ON e."Account" = a."Account"
          WHERE e."EventID" = 4624 GROUP BY a."Department"`,
  },
  {
    name: 'top',
    kql: 'Events | top 10 by Bytes',
    sql: `SELECT * FROM "Events" ORDER BY "Bytes" DESC NULLS LAST LIMIT 10`,
  },
  {
    name: 'dcount',
    kql: 'Events | summarize dcount(Account) by Computer',
    sql: `SELECT "Computer", count(DISTINCT "Account") FROM "Events" GROUP BY "Computer"`,
  },
  {
    name: 'arg_max',
    kql: 'Events | summarize arg_max(TimeGenerated, *) by Computer',
    sql: `SELECT "Computer", max_by(struct_pack(${ALL_COLUMNS}), "TimeGenerated") FROM "Events" GROUP BY "Computer"`,
  },
];

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/**
 * The engine's first run, then `repeats` rounds that run the engine and the SQL one after the other
 * (so that changes in machine load hit both sides alike); medians of the rounds.
 */
async function compare(
  engine: () => Promise<unknown>,
  sql: () => Promise<unknown>,
  repeats: number,
): Promise<{ first: number; engine: number; sql: number }> {
  const first = await timed(engine);
  await sql();
  const engineSamples: number[] = [];
  const sqlSamples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    engineSamples.push(await timed(engine));
    sqlSamples.push(await timed(sql));
  }
  return { first, engine: median(engineSamples), sql: median(sqlSamples) };
}

interface Row {
  rows: number;
  name: string;
  first: number;
  engine: number;
  sql: number;
}

async function benchSize(dir: string, rows: number): Promise<Row[]> {
  const files = await writeParquet(dir, rows);
  const db = await LocalDatabase.open();
  try {
    await db.createTableFromFile('Events', files.events, 'parquet', COLUMNS);
    await db.createTableFromFile('Accounts', files.accounts, 'parquet', ACCOUNTS);
    const now = new Date('2024-01-15T00:00:00Z');
    const repeats = rows >= 10_000_000 ? 7 : 15;
    const out: Row[] = [];
    for (const c of CASES) {
      const result = await compare(
        () => db.query(c.kql, { now }),
        () => db.runSql(c.sql),
        repeats,
      );
      out.push({ rows, name: c.name, ...result });
    }
    return out;
  } finally {
    await db.close();
  }
}

function markdown(results: Row[]): string {
  const lines = [
    '### Engine: KQL on the local engine vs hand-written DuckDB SQL',
    '',
    'Medians of rounds that run the engine and the hand-written SQL one after the other, after a first run.',
    'The engine caches translations by query text, so its median excludes parsing, binding and translating',
    '(the first run pays for them, plus DuckDB warm-up); it includes execution and turning rows into cells.',
    '',
    '| rows | query | engine ms (first run) | engine ms | SQL ms | ratio |',
    '|---:|---|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const cells = [
      r.rows.toLocaleString('en-US'),
      r.name,
      r.first.toFixed(1),
      r.engine.toFixed(1),
      r.sql.toFixed(1),
      `${(r.engine / r.sql).toFixed(2)}x`,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const ratios = results.map((r) => r.engine / r.sql);
  const geomean = Math.exp(ratios.reduce((a, b) => a + Math.log(b), 0) / Math.max(ratios.length, 1));
  lines.push('', `Geometric mean ratio: ${geomean.toFixed(2)}x (target: within 1.25x).`);
  return lines.join('\n');
}

export async function runEngineBench(sizes: number[] = [1_000_000, 10_000_000]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-mcp-bench-'));
  try {
    const results: Row[] = [];
    for (const rows of sizes) results.push(...(await benchSize(dir, rows)));
    return markdown(results);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  console.log(await runEngineBench(sizes.length > 0 ? sizes : undefined));
}
