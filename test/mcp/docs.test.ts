// docs/tools.md is generated from the registry; it must be up to date.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ALL_TOOLS } from '../../src/tools/index.js';
import { toolsMarkdown } from '../../src/tools/docs.js';
import { ROOT } from '../helpers/mcp.js';

test('docs/tools.md matches the registry (regenerate with npm run docs)', () => {
  const current = readFileSync(join(ROOT, 'docs', 'tools.md'), 'utf8');
  assert.equal(current, toolsMarkdown(ALL_TOOLS), 'docs/tools.md is stale: run npm run docs');
});

test('the README lists every tool', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const t of ALL_TOOLS) assert.ok(readme.includes(t.name), `README does not mention ${t.name}`);
  assert.match(readme, /npm test/);
});
