// Runs every test/**/*.test.ts with node's test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [filter]  — the filter keeps files whose path contains it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { makeTestCertificate } from '../test/azure-fake/make-cert.mjs';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv[2];

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...find(path));
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

const files = find(join(root, 'test'))
  .filter((f) => !filter || f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filter ?? '(all)'}`);
  process.exit(1);
}
// The HTTPS fake of Azure needs a certificate the test processes trust; NODE_EXTRA_CA_CERTS is read
// only at process start, so it is made here, before them.
const cert = await makeTestCertificate();
let trusted = cert.certPath;
if (process.env.NODE_EXTRA_CA_CERTS) {
  // Keep the CAs the caller already trusts (e.g. a corporate proxy's): the variable names one file.
  trusted = join(cert.dir, 'ca-bundle.pem');
  writeFileSync(
    trusted,
    `${readFileSync(process.env.NODE_EXTRA_CA_CERTS, 'utf8').trim()}\n${readFileSync(cert.certPath, 'utf8')}`,
  );
}
// Every temporary file the tests make goes under one folder, removed when they end.
const scratch = mkdtempSync(join(tmpdir(), 'sentinel-mcp-tests-'));
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  {
    stdio: 'inherit',
    cwd: root,
    env: {
      ...process.env,
      SENTINEL_MCP_TEST: '1',
      NODE_EXTRA_CA_CERTS: trusted,
      SENTINEL_MCP_TEST_CERT_DIR: cert.dir,
      TMPDIR: scratch,
    },
  },
);
child.on('exit', (code, signal) => {
  rmSync(cert.dir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
