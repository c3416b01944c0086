// The MCPB bundle (Claude Desktop extension): manifest.json validates with the mcpb tool and lists the
// registry's tools; `scripts/bundle.mjs` packs a bundle that mcpb reads and whose server, unpacked, answers
// tools/list on the demo workspace with exactly the manifest's tools.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ALL_TOOLS, TOOLSETS, selectTools } from '../../src/tools/index.js';
import { ROOT } from '../helpers/mcp.js';

const MCPB = join(ROOT, 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js');

interface UserConfigField {
  type: string;
  title: string;
  description: string;
  required?: boolean;
  sensitive?: boolean;
}

interface Manifest {
  manifest_version: string;
  name: string;
  version: string;
  server: {
    type: string;
    entry_point: string;
    mcp_config: { command: string; args: string[]; env: Record<string, string> };
  };
  tools: { name: string; description: string }[];
  user_config: Record<string, UserConfigField>;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as Manifest;
const scratch = mkdtempSync(join(tmpdir(), 'sentinel-mcp-bundle-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function mcpb(...args: string[]): string {
  const r = spawnSync(process.execPath, [MCPB, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, `mcpb ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test('manifest.json validates with the mcpb tool', () => {
  assert.match(mcpb('validate', join(ROOT, 'manifest.json')), /valid/i);
});

test("the manifest's tools are the registry's (every toolset, read-only), with one-line descriptions", () => {
  const expected = selectTools({ toolsets: [...TOOLSETS], enableWrites: false }, ALL_TOOLS).map((t) => ({
    name: t.name,
    description: t.description.split(/(?<=\.)\s/, 1)[0] ?? '',
  }));
  assert.deepEqual(
    manifest.tools,
    expected,
    'stale: run "npm run bundle" (or node scripts/bundle.mjs --manifest-only)',
  );
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  assert.equal(manifest.name, pkg.name);
  assert.equal(manifest.version, pkg.version);
});

test('the server starts over stdio from the bundle, and user_config maps to the AZURE_* variables', () => {
  const { server } = manifest;
  assert.equal(server.type, 'node');
  assert.equal(server.entry_point, 'dist/cli.js');
  assert.equal(server.mcp_config.command, 'node');
  assert.deepEqual(server.mcp_config.args.slice(0, 3), ['${__dirname}/dist/cli.js', '--transport', 'stdio']);
  const expected: Record<string, string> = {
    AZURE_TENANT_ID: 'tenant_id',
    AZURE_SUBSCRIPTION_ID: 'subscription_id',
    AZURE_RESOURCE_GROUP: 'resource_group',
    AZURE_WORKSPACE_NAME: 'workspace_name',
    AZURE_WORKSPACE_ID: 'workspace_id',
    AZURE_CLIENT_ID: 'client_id',
    AZURE_CLIENT_SECRET: 'client_secret',
  };
  assert.deepEqual(
    server.mcp_config.env,
    Object.fromEntries(Object.entries(expected).map(([env, key]) => [env, `\${user_config.${key}}`])),
  );
  assert.deepEqual(Object.keys(manifest.user_config).sort(), Object.values(expected).sort());
  for (const [key, field] of Object.entries(manifest.user_config)) {
    assert.equal(field.type, 'string', key);
    assert.notEqual(field.required, true, `${key} is optional (empty = the demo workspace)`);
    assert.equal(field.sensitive === true, key === 'client_secret', `${key}: only the secret is sensitive`);
  }
});

test('npm run bundle packs a bundle whose unpacked server answers tools/list with the manifest tools', async () => {
  const out = join(scratch, 'sentinel-mcp.mcpb');
  const built = spawnSync(
    process.execPath,
    [join(ROOT, 'scripts', 'bundle.mjs'), '--no-refresh', '--out', out],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  assert.equal(built.status, 0, built.stderr);
  assert.ok(existsSync(out));
  const info = mcpb('info', out);
  const size = Number(/Size:\s+([\d.]+) KB/.exec(info)?.[1] ?? NaN);
  assert.ok(size > 1_000 && size < 80_000, `bundle size ${size} KB`);

  const dir = join(scratch, 'unpacked');
  mcpb('unpack', out, dir);
  for (const path of [
    'manifest.json',
    'dist/cli.js',
    'node_modules/@duckdb/node-api',
    'node_modules/@azure/identity',
  ]) {
    assert.ok(existsSync(join(dir, path)), `${path} is in the bundle`);
  }
  for (const path of [
    'node_modules/typescript',
    'node_modules/eslint',
    'node_modules/@anthropic-ai/mcpb',
    'src',
    'test',
  ]) {
    assert.ok(!existsSync(join(dir, path)), `${path} is not in the bundle`);
  }

  // As Claude Desktop starts it: ${__dirname} replaced, optional user_config fields left empty.
  const bundled = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: scratch };
  for (const name of Object.keys(bundled.server.mcp_config.env)) env[name] = '';
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: bundled.server.mcp_config.args.map((a) => a.replace('${__dirname}', dir)),
    env,
    cwd: scratch,
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bundle-test', version: '1' });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.map((t) => t.name),
      manifest.tools.map((t) => t.name),
    );
    const result = await client.callTool({
      name: 'sentinel_logs_search',
      arguments: { query: 'SecurityEvent | take 3' },
    });
    assert.notEqual(result.isError, true, JSON.stringify(result.content));
  } finally {
    await client.close();
  }
});
