// Shared by the engine's own tests: run KQL on a LocalDatabase at a fixed "now".
import type { Cell, InlineTable } from '../../src/backends/backend.js';
import type { LocalDatabase } from '../../src/backends/local/database.js';

export const NOW = new Date('2024-01-15T12:00:00Z');

export interface Result {
  columns: string[];
  rows: Cell[][];
}

export async function run(db: LocalDatabase, kql: string, inlineTables: InlineTable[] = []): Promise<Result> {
  const response = await db.query(kql, { now: NOW, inlineTables });
  const table = response.tables[0];
  if (!table) throw new Error('no result table');
  return { columns: table.columns.map((c) => `${c.name}:${c.type}`), rows: table.rows };
}
