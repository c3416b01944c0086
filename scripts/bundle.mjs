// npm run bundle: builds sentinel-mcp.mcpb, the Claude Desktop extension (MCP Bundle), with @anthropic-ai/mcpb.
//
//   node scripts/bundle.mjs                  refresh manifest.json's tools, stage, validate and pack
//   node scripts/bundle.mjs --manifest-only  only refresh manifest.json's tools list from dist/
//   node scripts/bundle.mjs --out FILE       write the bundle elsewhere (default: ./sentinel-mcp.mcpb)
//   node scripts/bundle.mjs --no-refresh     pack manifest.json as it is
//
// Needs a build (dist/). The bundle holds dist/, data/, package.json, README.md, the manifest and the
// production dependency tree (npm ls --omit=dev), copied from node_modules into a staging folder in the
// temporary directory and pruned of type declarations, source maps, docs and browser builds. The DuckDB
// native binary is the host's, so the bundle is for this platform (compatibility.platforms says so).
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MANIFEST = join(ROOT, 'manifest.json');
const MCPB_CLI = join(ROOT, 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js');

/** The tools the bundled server offers (its default settings: every toolset, read-only), one-line descriptions. */
export async function registryTools() {
  const { ALL_TOOLS, TOOLSETS, selectTools } = await import(
    pathToFileURL(join(ROOT, 'dist', 'tools', 'index.js')).href
  );
  return selectTools({ toolsets: [...TOOLSETS], enableWrites: false }, ALL_TOOLS).map((t) => ({
    name: t.name,
    description: t.description.split(/(?<=\.)\s/, 1)[0] ?? '',
  }));
}

/** Rewrites manifest.json's version (from package.json) and tools (from the registry); returns the manifest. */
export async function refreshManifest() {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  manifest.version = pkg.version;
  manifest.tools = await registryTools();
  if (JSON.stringify(manifest) !== JSON.stringify(JSON.parse(readFileSync(MANIFEST, 'utf8')))) {
    writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
    spawnSync(process.execPath, [
      join(ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs'),
      '--write',
      MANIFEST,
    ]);
    console.error('manifest.json: tools and version refreshed from the registry');
  }
  return manifest;
}

function mcpb(args, opts = {}) {
  const r = spawnSync(process.execPath, [MCPB_CLI, ...args], { encoding: 'utf8', ...opts });
  if (r.status !== 0)
    throw new Error(`mcpb ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Absolute paths of the production packages (npm ls --omit=dev), outermost first. */
function productionPackages() {
  const r = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8' });
  if (!r.stdout) throw new Error(`npm ls failed: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && resolve(l) !== resolve(ROOT))
    .sort();
}

// Files and folders in node_modules that a Node server never loads: declarations, maps, Markdown, tests,
// and the browser and React Native builds of the Azure SDK (Node resolves their dist/esm or dist/commonjs).
const PRUNE_FILE = /(\.d\.[cm]?ts|\.map|\.md|\.markdown|\.tsbuildinfo)$/i;
const PRUNE_DIR = new Set(['__tests__', '.github']);
// The ASN package ships each table twice (dotted and numeric ranges); the server reads the numeric ones.
const PRUNE_PATH = /[\\/]@ip-location-db[\\/]asn[\\/]asn-ipv[46]\.csv$/;
const PRUNE_SDK_DIST = new Set(['browser', 'react-native']);

function prune(dir) {
  let bytes = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) {
      const sdkDist =
        PRUNE_SDK_DIST.has(name) && /[\\/]node_modules[\\/]@(azure|typespec)[\\/][^\\/]+[\\/]dist$/.test(dir);
      if (PRUNE_DIR.has(name) || sdkDist) {
        bytes += du(path);
        rmSync(path, { recursive: true, force: true });
      } else bytes += prune(path);
    } else if (PRUNE_FILE.test(name) || PRUNE_PATH.test(path)) {
      bytes += st.size;
      rmSync(path);
    }
  }
  return bytes;
}

function du(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((n, name) => n + du(join(path, name)), 0);
}

/** Stages the bundle's files in a temporary folder; returns its path. */
export function stage(manifest) {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-mcp-bundle-'));
  for (const item of ['dist', 'data', 'README.md']) {
    if (existsSync(join(ROOT, item))) cpSync(join(ROOT, item), join(dir, item), { recursive: true });
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  delete pkg.devDependencies;
  delete pkg.scripts;
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  for (const path of productionPackages()) {
    const rel = relative(ROOT, path);
    if (!existsSync(join(dir, rel))) cpSync(path, join(dir, rel), { recursive: true, dereference: true });
  }
  const pruned = prune(join(dir, 'node_modules'));
  const staged = { ...manifest, compatibility: { ...manifest.compatibility, platforms: [process.platform] } };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(staged, null, 2)}\n`);
  console.error(
    `staged in ${dir} (${(du(dir) / 2 ** 20).toFixed(0)} MB; pruned ${(pruned / 2 ** 20).toFixed(0)} MB)`,
  );
  return dir;
}

async function main() {
  const argv = process.argv.slice(2);
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('no dist/: run "npm run build" first');
  // --no-refresh packs manifest.json as it is (the tests check it against the registry separately).
  const manifest = argv.includes('--no-refresh')
    ? JSON.parse(readFileSync(MANIFEST, 'utf8'))
    : await refreshManifest();
  mcpb(['validate', MANIFEST]);
  if (argv.includes('--manifest-only')) return;
  const outIndex = argv.indexOf('--out');
  const out = resolve(
    outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1] : join(ROOT, 'sentinel-mcp.mcpb'),
  );
  const dir = stage(manifest);
  try {
    rmSync(out, { force: true });
    mcpb(['pack', dir, out]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.error(`${relative(process.cwd(), out) || out}: ${(statSync(out).size / 2 ** 20).toFixed(1)} MB`);
  console.error(mcpb(['info', out]).trim());
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
