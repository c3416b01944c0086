// A local workspace as a folder: `workspace.yaml` plus `tables/` with JSON Lines, CSV or Parquet
// files, and Sentinel objects in rules/, hunting/, watchlists/, incidents/ ... (see
// docs/local-workspace.md). Reading it describes the tables (loading their files into DuckDB is
// LocalDatabase's job) and parses the objects (objects/folder-read.ts).
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import type { Cell } from '../backend.js';
import { tableCatalog } from '../../kql/catalog.js';
import { normalizeKqlType, type ColumnSchema } from '../../kql/types.js';
import { ToolError } from '../../util/errors.js';
import type { ObjectSet } from '../objects.js';
import type { DemoWorkspace } from './demo/index.js';
import { stableUuid } from './demo/random.js';
import { inside, invalid } from './objects/files.js';
import { localWorkspaceResourceId, readObjectFolders, writeObjectFolders } from './objects/index.js';

export type TableFileFormat = 'jsonl' | 'csv' | 'parquet';

export interface WorkspaceTableSource {
  name: string;
  /** Absolute, symlink-free paths inside the folder, sorted. */
  files: string[];
  format: TableFileFormat;
  /** The schema to create the table with; undefined means "infer from the files". */
  columns: ColumnSchema[] | undefined;
  schemaSource: 'sidecar' | 'catalog' | 'inferred';
}

export interface WorkspaceFolder {
  /** The folder, resolved (realpath). */
  root: string;
  name: string;
  id: string;
  /** The instant `now()` means in queries; `now` follows the clock. */
  timeAnchor: Date | 'now';
  description?: string;
  tables: WorkspaceTableSource[];
  /** The ARM id its objects hang under (made up in a local subscription: a folder has none). */
  resourceId: string;
  /** Sentinel objects from rules/, hunting/, watchlists/, incidents/ ... (objects/folder-read.ts). */
  objects: ObjectSet;
}

export const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Subfolders for Sentinel objects (read by objects/folder-read.ts) and Entra ID (not read yet). */
export const RESERVED_FOLDERS = [
  'rules',
  'templates',
  'hunting',
  'saved-searches',
  'watchlists',
  'incidents',
  'connectors',
  'workbooks',
  'repositories',
  'summary-rules',
  'dcr',
  'dce',
  'metadata',
  'ml-analytics',
  'threat-intelligence',
  'bookmarks',
  'entra',
] as const;

const EXTENSIONS: readonly [string, TableFileFormat][] = [
  ['.jsonl.gz', 'jsonl'],
  ['.jsonl', 'jsonl'],
  ['.ndjson', 'jsonl'],
  ['.csv.gz', 'csv'],
  ['.csv', 'csv'],
  ['.parquet', 'parquet'],
];
const IGNORED = /(^\.|^readme|\.md$|\.txt$)/i;

const manifestSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    id: z.uuid().optional(),
    timeAnchor: z.union([z.literal('now'), z.iso.datetime({ offset: true }), z.date()]).default('now'),
    description: z.string().max(2000).optional(),
  })
  .strict();

const columnSchema = z.object({
  name: z.string().min(1).max(256),
  type: z.string().refine((t) => normalizeKqlType(t) !== 'string' || t.toLowerCase() === 'string', {
    message: 'not a KQL type (bool, datetime, decimal, dynamic, guid, int, long, real, string, timespan)',
  }),
});
const sidecarSchema = z.union([
  z.array(columnSchema).min(1),
  z.object({ columns: z.array(columnSchema).min(1) }),
]);

function issuesText(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`)
    .join('; ');
}

async function readManifest(root: string): Promise<z.infer<typeof manifestSchema>> {
  const file = await inside(root, path.join(root, 'workspace.yaml'));
  let data: unknown;
  try {
    data = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    throw invalid(
      `workspace.yaml is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
      'Fix the YAML syntax; see docs/local-workspace.md for an example.',
    );
  }
  const parsed = manifestSchema.safeParse(data ?? {});
  if (!parsed.success) {
    throw invalid(
      `workspace.yaml is invalid: ${issuesText(parsed.error)}`,
      'Expected keys: name (text), id (a GUID, optional), timeAnchor (an ISO 8601 datetime with offset, or now), description (optional).',
    );
  }
  return parsed.data;
}

function formatOf(file: string): TableFileFormat | undefined {
  const lower = file.toLowerCase();
  return EXTENSIONS.find(([ext]) => lower.endsWith(ext))?.[1];
}

interface Found {
  files: string[];
  formats: Set<TableFileFormat>;
  sidecar?: string;
}

/** `tables/<Table>.<ext>`, `tables/<Table>.<part>.<ext>` and `tables/<Table>/*.<ext>`. */
async function scanTables(root: string): Promise<Map<string, Found>> {
  const dir = path.join(root, 'tables');
  const found = new Map<string, Found>();
  const entry = (name: string): Found => {
    if (!TABLE_NAME.test(name))
      throw invalid(
        `"${name}" is not a valid table name.`,
        'Table names start with a letter or _ and contain only letters, digits and _ (e.g. SigninLogs, MyApp_CL).',
      );
    let f = found.get(name);
    if (!f) found.set(name, (f = { files: [], formats: new Set() }));
    return f;
  };
  let names: string[];
  try {
    names = await readdir(await inside(root, dir));
  } catch (error) {
    if (error instanceof ToolError && /Cannot read/.test(error.message)) return found;
    throw error;
  }
  for (const name of names.sort()) {
    if (IGNORED.test(name)) continue;
    const full = await inside(root, path.join(dir, name));
    if ((await lstat(full)).isDirectory()) {
      const table = entry(name);
      for (const inner of (await readdir(full)).sort()) {
        if (IGNORED.test(inner)) continue;
        addFile(table, await inside(root, path.join(full, inner)), inner);
      }
      continue;
    }
    const table = entry(name.split('.')[0] ?? name);
    if (name.toLowerCase().endsWith('.schema.json')) table.sidecar = full;
    else addFile(table, full, name);
  }
  return found;
}

function addFile(table: Found, full: string, name: string): void {
  const format = formatOf(name);
  if (!format)
    throw invalid(
      `tables/${name}: unknown file type.`,
      'Table files end in .jsonl, .ndjson, .csv or .parquet (.jsonl.gz and .csv.gz too); a schema is <Table>.schema.json.',
    );
  table.files.push(full);
  table.formats.add(format);
}

async function readSidecar(root: string, file: string): Promise<ColumnSchema[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw invalid(
      `${path.relative(root, file)} is not valid JSON: ${(error as Error).message}`,
      'A schema file is a JSON array like [{"name": "TimeGenerated", "type": "datetime"}].',
    );
  }
  const parsed = sidecarSchema.safeParse(data);
  if (!parsed.success)
    throw invalid(
      `${path.relative(root, file)} is invalid: ${issuesText(parsed.error)}`,
      'A schema file is a JSON array like [{"name": "TimeGenerated", "type": "datetime"}].',
    );
  const columns = Array.isArray(parsed.data) ? parsed.data : parsed.data.columns;
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name))
      throw invalid(
        `${path.relative(root, file)}: column ${c.name} appears twice.`,
        'List each column once.',
      );
    seen.add(c.name);
  }
  return columns.map((c) => ({ name: c.name, type: normalizeKqlType(c.type) }));
}

async function describeTable(root: string, name: string, f: Found): Promise<WorkspaceTableSource> {
  if (f.files.length === 0)
    throw invalid(
      `Table ${name} has a schema but no data file.`,
      `Add tables/${name}.jsonl (or .csv, .parquet), even an empty one.`,
    );
  if (f.formats.size > 1)
    throw invalid(
      `Table ${name} mixes file formats (${[...f.formats].join(', ')}).`,
      'Use one format per table.',
    );
  const format = [...f.formats][0] as TableFileFormat;
  if (f.sidecar)
    return {
      name,
      files: f.files,
      format,
      columns: await readSidecar(root, f.sidecar),
      schemaSource: 'sidecar',
    };
  const known = tableCatalog().tables.get(name);
  if (known) return { name, files: f.files, format, columns: known.columns, schemaSource: 'catalog' };
  return { name, files: f.files, format, columns: undefined, schemaSource: 'inferred' };
}

/** Reads and checks a workspace folder; nothing is loaded. Errors are INVALID_ARGUMENT with a hint. */
export async function readWorkspaceFolder(dir: string): Promise<WorkspaceFolder> {
  let root: string;
  try {
    root = await realpath(path.resolve(dir));
    if (!(await lstat(root)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw invalid(
      `Workspace folder ${dir} does not exist or is not a folder.`,
      'Pass --workspace with a folder that holds workspace.yaml and tables/.',
    );
  }
  const manifest = await readManifest(root);
  const found = await scanTables(root);
  const tables: WorkspaceTableSource[] = [];
  for (const [name, f] of found) tables.push(await describeTable(root, name, f));
  const anchor = manifest.timeAnchor;
  const timeAnchor = anchor === 'now' ? 'now' : anchor instanceof Date ? anchor : new Date(anchor);
  const resourceId = localWorkspaceResourceId(manifest.name);
  const objects = await readObjectFolders(root, {
    workspaceId: resourceId,
    anchor: timeAnchor === 'now' ? undefined : timeAnchor,
  });
  return {
    root,
    name: manifest.name,
    id: manifest.id ?? stableUuid(`workspace:${manifest.name}`),
    timeAnchor,
    ...(manifest.description ? { description: manifest.description } : {}),
    tables,
    resourceId,
    objects,
  };
}

/** Writes the demo as a workspace folder (tables as JSON Lines, objects as objects/folder-write.ts does), to start from or to edit. */
export async function writeDemoWorkspaceFolder(demo: DemoWorkspace, dir: string): Promise<void> {
  const root = path.resolve(dir);
  const existing = await readdir(root).catch(() => []);
  if (existing.length > 0)
    throw invalid(`${root} is not empty.`, 'Export the demo into a new or empty folder.');
  await mkdir(path.join(root, 'tables'), { recursive: true });
  const manifest = {
    name: demo.name,
    id: demo.id,
    timeAnchor: demo.timeAnchor.toISOString(),
    description: `Built-in demo workspace (${demo.story.organization.name}), exported.`,
  };
  await writeFile(path.join(root, 'workspace.yaml'), stringifyYaml(manifest), 'utf8');
  for (const table of demo.tables)
    await writeJsonLines(path.join(root, 'tables', `${table.name}.jsonl`), table.columns, table.rows);
  await writeObjectFolders(demo.content, root);
}

async function writeJsonLines(file: string, columns: ColumnSchema[], rows: Cell[][]): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  let chunk = '';
  for (const row of rows) {
    const record: Record<string, Cell> = {};
    columns.forEach((c, i) => {
      const value = row[i];
      if (value !== null && value !== undefined) record[c.name] = value;
    });
    chunk += `${JSON.stringify(record)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}
