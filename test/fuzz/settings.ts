// Seed and run counts for the fuzz suites: FUZZ_SEED replays a run, FUZZ_RUNS sets the number of
// tool calls of the MCP fuzz (CI: a bounded default; `npm run fuzz` sets more). Every suite prints
// its seed so that a failure can be replayed.
export interface FuzzSettings {
  seed: number;
  runs: number;
  params: { seed: number; numRuns: number };
}

function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function fuzzSettings(suite: string, defaultRuns: number): FuzzSettings {
  const seed = positiveInt(process.env.FUZZ_SEED) ?? Math.floor(Math.random() * 2 ** 31);
  const scale = positiveInt(process.env.FUZZ_RUNS);
  // FUZZ_RUNS is the MCP call budget; the pure property suites scale with it (default 300).
  const runs = scale === undefined ? defaultRuns : Math.max(1, Math.round((defaultRuns * scale) / 300));
  console.log(`fuzz ${suite}: seed=${seed} runs=${runs} (replay with FUZZ_SEED=${seed})`);
  return { seed, runs, params: { seed, numRuns: runs } };
}
