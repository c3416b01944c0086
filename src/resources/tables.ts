// sentinel://tables (every table the workspace and the catalog know) and the template
// sentinel://tables/{name} (one table's columns and types).
import { tableCatalog } from '../kql/catalog.js';
import type { TableSchema } from '../kql/types.js';
import type { ResourceDefinition } from './types.js';

export type WorkspaceTablesSource = () => Promise<TableSchema[]>;

function tablesIndex(workspace: TableSchema[]): string {
  const catalog = tableCatalog();
  const own = new Set(workspace.map((t) => t.name));
  const lines = ['# Tables', ''];
  if (workspace.length) {
    lines.push(`## In this workspace (${workspace.length})`, '');
    for (const t of workspace)
      lines.push(`- ${t.name} (${t.columns.length} columns): sentinel://tables/${t.name}`);
    lines.push('');
  }
  const others = [...catalog.tables.keys()].filter((n) => !own.has(n));
  lines.push(`## Catalog of Log Analytics / Sentinel tables (${others.length} more)`, '');
  lines.push(others.join(', '));
  lines.push(
    '',
    `Source: ${catalog.source.license}, ${catalog.source.repo}@${catalog.source.commit.slice(0, 8)}.`,
  );
  return lines.join('\n');
}

function standardColumnsText(): string {
  const std = tableCatalog().standardColumns;
  return std.map((c) => `${c.name}:${c.type}`).join(', ');
}

export function tableSchemaMarkdown(table: TableSchema, origin: string): string {
  const lines = [
    `# ${table.name}`,
    '',
    `Source: ${origin}. ${table.columns.length} columns.`,
    '',
    '| column | type |',
    '|---|---|',
  ];
  for (const c of table.columns) lines.push(`| ${c.name} | ${c.type} |`);
  lines.push(
    '',
    `Every Log Analytics table also has the standard columns ${standardColumnsText()} (some hidden from project *).`,
  );
  return lines.join('\n');
}

/** Finds a table in the workspace first, then the catalog (exact name, then case-insensitive). */
export async function findTableSchema(
  name: string,
  workspaceTables: WorkspaceTablesSource,
): Promise<{ table: TableSchema; origin: string } | undefined> {
  const own = await workspaceTables();
  const mine =
    own.find((t) => t.name === name) ?? own.find((t) => t.name.toLowerCase() === name.toLowerCase());
  if (mine) return { table: mine, origin: 'this workspace' };
  const cat = tableCatalog().find(name);
  return cat ? { table: cat, origin: 'the table catalog (Azure Monitor table reference)' } : undefined;
}

export function tablesIndexResource(workspaceTables: WorkspaceTablesSource): ResourceDefinition {
  return {
    uri: 'sentinel://tables',
    name: 'tables',
    title: 'Tables',
    description:
      'Every table of this workspace and of the Log Analytics / Sentinel catalog, with links to their schemas',
    mimeType: 'text/markdown',
    read: async () => tablesIndex(await workspaceTables()),
  };
}

/** Names for completion of the {name} variable of sentinel://tables/{name}. */
export async function tableNames(workspaceTables: WorkspaceTablesSource): Promise<string[]> {
  const names = new Set((await workspaceTables()).map((t) => t.name));
  for (const n of tableCatalog().tables.keys()) names.add(n);
  return [...names];
}
