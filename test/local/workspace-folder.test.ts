import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateDemoWorkspace } from '../../src/backends/local/demo/index.js';
import { readWorkspaceFolder, writeDemoWorkspaceFolder } from '../../src/backends/local/workspace-folder.js';
import { tableCatalog } from '../../src/kql/catalog.js';
import { ToolError } from '../../src/util/errors.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/workspace', import.meta.url));
const temps: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sentinel-ws-'));
  temps.push(dir);
  return dir;
}

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

async function rejects(dir: string, pattern: RegExp): Promise<void> {
  await assert.rejects(readWorkspaceFolder(dir), (error: unknown) => {
    assert.ok(error instanceof ToolError, String(error));
    assert.equal(error.code, 'INVALID_ARGUMENT');
    assert.match(error.message, pattern);
    assert.ok(error.hint && error.hint.length > 0, 'has a hint');
    return true;
  });
}

after(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

describe('workspace folder: reading', () => {
  it('describes the fixture: manifest, three layouts, schema from sidecar, catalog or inference', async () => {
    const ws = await readWorkspaceFolder(FIXTURE);
    assert.equal(ws.name, 'fixture-workspace');
    assert.equal(ws.id, '2b0f4c1e-7d43-4a55-9a6e-1c2f3d4e5f60');
    assert.deepEqual(ws.timeAnchor, new Date('2024-06-01T12:00:00Z'));
    const byName = new Map(ws.tables.map((t) => [t.name, t]));
    assert.deepEqual([...byName.keys()].sort(), ['AppAudit_CL', 'Heartbeat', 'Inventory_CL', 'SigninLogs']);
    const signin = byName.get('SigninLogs');
    assert.equal(signin?.format, 'jsonl');
    assert.equal(signin?.schemaSource, 'catalog');
    assert.deepEqual(signin?.columns, tableCatalog().tables.get('SigninLogs')?.columns);
    const audit = byName.get('AppAudit_CL');
    assert.equal(audit?.format, 'csv');
    assert.equal(audit?.schemaSource, 'sidecar');
    assert.deepEqual(
      audit?.columns?.map((c) => `${c.name}:${c.type}`),
      ['TimeGenerated:datetime', 'User:string', 'Action:string', 'Succeeded:bool', 'LatencyMs:long'],
    );
    assert.deepEqual(
      byName.get('Heartbeat')?.files.map((f) => path.basename(f)),
      ['2024-05-31.jsonl', '2024-06-01.jsonl'],
    );
    const inventory = byName.get('Inventory_CL');
    assert.equal(inventory?.schemaSource, 'inferred');
    assert.equal(inventory?.columns, undefined);
    assert.equal(inventory?.files.length, 2);
    for (const t of ws.tables) for (const f of t.files) assert.ok(f.startsWith(ws.root + path.sep));
  });

  it('defaults: timeAnchor now, id derived from the name, no tables folder', async () => {
    const ws = await readWorkspaceFolder(await folder({ 'workspace.yaml': 'name: empty\n' }));
    assert.equal(ws.timeAnchor, 'now');
    assert.match(ws.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(ws.tables, []);
  });
});

describe('workspace folder: errors', () => {
  it('a missing folder or workspace.yaml', async () => {
    await rejects(path.join(tmpdir(), 'no-such-sentinel-folder-x'), /does not exist/);
    await rejects(await folder({ 'tables/SigninLogs.jsonl': '' }), /workspace\.yaml/);
  });

  it('bad YAML, and a field with the wrong value named in the message', async () => {
    await rejects(await folder({ 'workspace.yaml': 'name: [unclosed\n' }), /not valid YAML/);
    await rejects(await folder({ 'workspace.yaml': 'name: x\ntimeAnchor: yesterday\n' }), /timeAnchor/);
    await rejects(await folder({ 'workspace.yaml': 'name: x\nid: 42\n' }), /\bid\b/);
    await rejects(await folder({ 'workspace.yaml': 'name: x\ntimeAnchr: now\n' }), /timeAnchr/);
    await rejects(await folder({ 'workspace.yaml': 'id: 2b0f4c1e-7d43-4a55-9a6e-1c2f3d4e5f60\n' }), /name/);
  });

  it('table names that are not identifiers, unknown files, mixed formats', async () => {
    await rejects(
      await folder({ 'workspace.yaml': 'name: x\n', 'tables/My-Table.jsonl': '{}\n' }),
      /not a valid table name/,
    );
    await rejects(
      await folder({ 'workspace.yaml': 'name: x\n', 'tables/1Table.csv': 'a\n1\n' }),
      /not a valid table name/,
    );
    await rejects(
      await folder({ 'workspace.yaml': 'name: x\n', 'tables/Events.xlsx': '' }),
      /unknown file type/,
    );
    await rejects(
      await folder({
        'workspace.yaml': 'name: x\n',
        'tables/Events.1.csv': 'a\n',
        'tables/Events.2.jsonl': '{}\n',
      }),
      /mixes file formats/,
    );
    await rejects(
      await folder({
        'workspace.yaml': 'name: x\n',
        'tables/Events.schema.json': '[{"name":"a","type":"string"}]',
      }),
      /no data file/,
    );
  });

  it('bad schema sidecars', async () => {
    const base = { 'workspace.yaml': 'name: x\n', 'tables/Events.csv': 'a\n1\n' };
    await rejects(
      await folder({ ...base, 'tables/Events.schema.json': '[{"name":"a","type":"varchar"}]' }),
      /not a KQL type/,
    );
    await rejects(await folder({ ...base, 'tables/Events.schema.json': '{"nope": 1' }), /not valid JSON/);
    await rejects(
      await folder({
        ...base,
        'tables/Events.schema.json': '[{"name":"a","type":"long"},{"name":"a","type":"int"}]',
      }),
      /twice/,
    );
  });

  it('refuses files and folders that resolve outside the workspace (symlinks)', async () => {
    const outside = await folder({ 'Secret.jsonl': '{"a":1}\n', 'tables/Other.jsonl': '{}\n' });
    const linkedFile = await folder({ 'workspace.yaml': 'name: x\n', 'tables/.keep': '' });
    await symlink(path.join(outside, 'Secret.jsonl'), path.join(linkedFile, 'tables', 'Secret.jsonl'));
    await rejects(linkedFile, /outside the workspace folder/);
    const linkedTables = await folder({ 'workspace.yaml': 'name: x\n' });
    await symlink(path.join(outside, 'tables'), path.join(linkedTables, 'tables'));
    await rejects(linkedTables, /outside the workspace folder/);
    const linkedManifest = await tempDir();
    await writeFile(path.join(outside, 'workspace.yaml'), 'name: x\n');
    await symlink(path.join(outside, 'workspace.yaml'), path.join(linkedManifest, 'workspace.yaml'));
    await rejects(linkedManifest, /outside the workspace folder/);
  });
});

describe('workspace folder: demo export round trip', () => {
  it('writes the demo as JSON Lines that read back with the catalog schemas and the same cells', async () => {
    const full = generateDemoWorkspace({ now: new Date('2025-06-11T15:20:00Z') });
    const demo = { ...full, tables: full.tables.map((t) => ({ ...t, rows: t.rows.slice(0, 40) })) };
    const dir = path.join(await tempDir(), 'export');
    await writeDemoWorkspaceFolder(demo, dir);
    const ws = await readWorkspaceFolder(dir);
    assert.equal(ws.name, demo.name);
    assert.equal(ws.id, demo.id);
    assert.deepEqual(ws.timeAnchor, demo.timeAnchor);
    assert.deepEqual(ws.tables.map((t) => t.name).sort(), demo.tables.map((t) => t.name).sort());
    for (const source of ws.tables) {
      assert.equal(source.format, 'jsonl');
      assert.equal(source.schemaSource, 'catalog');
      const original = demo.tables.find((t) => t.name === source.name);
      assert.ok(original && source.files[0]);
      const lines = (await readFile(source.files[0], 'utf8')).trim().split('\n');
      assert.equal(lines.length, original.rows.length);
      lines.forEach((line, r) => {
        const record = JSON.parse(line) as Record<string, unknown>;
        original.columns.forEach((c, i) =>
          assert.deepEqual(record[c.name] ?? null, original.rows[r]?.[i] ?? null, `${source.name}.${c.name}`),
        );
      });
    }
    await assert.rejects(writeDemoWorkspaceFolder(demo, dir), /not empty/);
  });
});
