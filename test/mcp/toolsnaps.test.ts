// Schema snapshots: what tools/list shows for each tool is pinned in test/__toolsnaps__/<tool>.json.
// A missing or changed snapshot fails; regenerate on purpose with UPDATE_TOOLSNAPS=1.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { connect, ROOT } from '../helpers/mcp.js';

const DIR = join(ROOT, 'test', '__toolsnaps__');
const UPDATE = process.env.UPDATE_TOOLSNAPS === '1';

test('every tool matches its schema snapshot', async () => {
  const c = await connect({ toolsets: 'all', enableWrites: true });
  try {
    const { tools } = await c.client.listTools();
    if (UPDATE) mkdirSync(DIR, { recursive: true });
    const names = new Set<string>();
    for (const tool of tools) {
      names.add(tool.name);
      const file = join(DIR, `${tool.name}.json`);
      const snapshot = `${JSON.stringify(tool, null, 2)}\n`;
      if (UPDATE) {
        writeFileSync(file, snapshot);
        continue;
      }
      assert.ok(
        existsSync(file),
        `no snapshot for ${tool.name}: run UPDATE_TOOLSNAPS=1 npm run test:only toolsnaps`,
      );
      assert.equal(
        snapshot,
        readFileSync(file, 'utf8'),
        `${tool.name} changed: review and update with UPDATE_TOOLSNAPS=1`,
      );
    }
    for (const file of existsSync(DIR) ? readdirSync(DIR) : []) {
      const name = file.replace(/\.json$/, '');
      if (names.has(name)) continue;
      if (UPDATE) unlinkSync(join(DIR, file));
      else assert.fail(`snapshot ${file} has no tool: remove it with UPDATE_TOOLSNAPS=1`);
    }
  } finally {
    await c.close();
  }
});
