// The schema KQL is checked against: the catalog's tables, overlaid with the workspace's own
// tables (which win when names clash) and the functions the workspace declares.
import type { AnalysisSchema, SchemaFunction } from './analysis.js';
import { tableCatalog } from './catalog.js';
import type { TableSchema } from './types.js';

export function workspaceAnalysisSchema(
  workspaceTables: readonly TableSchema[],
  functions: readonly SchemaFunction[] = [],
): AnalysisSchema {
  const byName = new Map<string, TableSchema>(tableCatalog().tables);
  for (const t of workspaceTables) byName.set(t.name, t);
  return { databaseName: 'workspace', tables: [...byName.values()], functions };
}
