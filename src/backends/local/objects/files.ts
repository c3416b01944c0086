// Reading object files from a workspace folder safely: every path is resolved with its symbolic links
// and refused when it lands outside the folder; YAML and JSON errors name the file (relative to the
// folder) and the line.
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, type Document } from 'yaml';
import { ToolError } from '../../../util/errors.js';

export function invalid(message: string, hint: string): ToolError {
  return new ToolError('INVALID_ARGUMENT', message, { hint });
}

/** The real path of `candidate`, refused when it resolves outside `root` (which is a realpath). */
export async function inside(root: string, candidate: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    throw invalid(
      `Cannot read ${candidate}.`,
      'Check that the file exists and that symbolic links point to existing files.',
    );
  }
  if (real !== root && !real.startsWith(root + path.sep)) {
    throw invalid(
      `${path.relative(root, candidate)} resolves outside the workspace folder (${real}).`,
      'Copy the file into the folder instead of linking to it from elsewhere.',
    );
  }
  return real;
}

/** Hidden files, READMEs and notes: never data. */
export const IGNORED = /(^\.|^readme|\.md$|\.txt$)/i;

export interface FolderFile {
  /** Real path. */
  path: string;
  /** Path relative to the workspace folder, with `/` separators (for messages). */
  rel: string;
  /** File name. */
  name: string;
}

/**
 * The files of `root/sub` (recursively when asked), sorted by relative path; an absent folder has
 * none. Subfolders are returned in `folders` when not recursive.
 */
export async function listFolder(
  root: string,
  sub: string,
  options: { recursive: boolean },
): Promise<{ files: FolderFile[]; folders: FolderFile[]; exists: boolean }> {
  const files: FolderFile[] = [];
  const folders: FolderFile[] = [];
  const start = path.join(root, sub);
  try {
    await lstat(start);
  } catch {
    return { files, folders, exists: false };
  }
  if (!(await lstat(await inside(root, start))).isDirectory())
    throw invalid(`${sub} is not a folder.`, `${sub}/ holds Sentinel objects; see docs/local-workspace.md.`);
  const seen = new Set<string>();
  const walk = async (dir: string, relDir: string): Promise<void> => {
    const real = await inside(root, dir);
    if (seen.has(real)) return;
    seen.add(real);
    for (const name of (await readdir(real)).sort()) {
      if (IGNORED.test(name)) continue;
      const full = await inside(root, path.join(real, name));
      const rel = `${relDir}/${name}`;
      if ((await lstat(full)).isDirectory()) {
        if (options.recursive) await walk(full, rel);
        else folders.push({ path: full, rel, name });
      } else files.push({ path: full, rel, name });
    }
  };
  await walk(start, sub);
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { files, folders, exists: true };
}

/** A YAML document, or INVALID_ARGUMENT naming the file and the line. */
export async function readYamlFile(file: FolderFile, hint: string): Promise<Document> {
  const text = await readFile(file.path, 'utf8');
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0];
    const what = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw invalid(
      `${file.rel} is not valid YAML${line ? ` (line ${line.line}, column ${line.col})` : ''}: ${what}`,
      hint,
    );
  }
  return doc;
}

/** Parsed JSON, or INVALID_ARGUMENT naming the file. */
export async function readJsonFile(file: FolderFile, hint: string): Promise<unknown> {
  const text = await readFile(file.path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalid(`${file.rel} is not valid JSON: ${(error as Error).message}`, hint);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function extensionOf(name: string): string {
  const lower = name.toLowerCase();
  const dot = lower.lastIndexOf('.');
  return dot < 0 ? '' : lower.slice(dot + 1);
}
