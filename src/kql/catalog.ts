// The table schema catalog shipped in data/tables.json (see data/SOURCES.md).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KQL_TYPES, type ColumnSchema, type KqlType, type TableSchema } from './types.js';

interface CatalogFile {
  source: { repo: string; commit: string; license: string; note: string };
  standardColumns: [string, string][];
  tables: Record<string, [string, string][]>;
}

export interface Catalog {
  source: CatalogFile['source'];
  /** Columns every Log Analytics table has, whether or not its documentation lists them. */
  standardColumns: ColumnSchema[];
  tables: ReadonlyMap<string, TableSchema>;
  /** Case-insensitive lookup (KQL table names are case-sensitive, but users mistype case). */
  find(name: string): TableSchema | undefined;
}

let cached: Catalog | undefined;

function toType(type: string): KqlType {
  return (KQL_TYPES as readonly string[]).includes(type) ? (type as KqlType) : 'string';
}

function toColumns(pairs: [string, string][]): ColumnSchema[] {
  return pairs.map(([name, type]) => ({ name, type: toType(type) }));
}

export function catalogPath(): string {
  return fileURLToPath(new URL('../../data/tables.json', import.meta.url));
}

/** Loads the catalog once (about 10 ms); later calls return the same object. */
export function tableCatalog(): Catalog {
  if (cached) return cached;
  const file = JSON.parse(readFileSync(catalogPath(), 'utf8')) as CatalogFile;
  const tables = new Map<string, TableSchema>();
  const lower = new Map<string, TableSchema>();
  for (const [name, pairs] of Object.entries(file.tables)) {
    const schema: TableSchema = { name, columns: toColumns(pairs) };
    tables.set(name, schema);
    lower.set(name.toLowerCase(), schema);
  }
  cached = {
    source: file.source,
    standardColumns: toColumns(file.standardColumns),
    tables,
    find: (name) => tables.get(name) ?? lower.get(name.toLowerCase()),
  };
  return cached;
}
