// Security controls that had no test of their own (docs/security.md): write tools are left out
// unless writes are enabled, and the local DuckDB never installs or loads extensions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { LocalDatabase } from '../../src/backends/local/database.js';
import { ALL_TOOLS, selectTools, TOOLSETS } from '../../src/tools/index.js';
import { defineTool } from '../../src/tools/types.js';
import { connect } from '../helpers/mcp.js';

const writeTool = defineTool({
  name: 'sentinel_test_write',
  title: 'A write tool',
  description: 'Stands for any tool that changes the workspace.',
  toolset: 'logs',
  input: {},
  output: { ok: z.boolean() },
  annotations: { readOnlyHint: false, destructiveHint: true },
  run: () => Promise.resolve({ ok: true }),
});

test('write tools are absent unless writes are enabled', () => {
  const tools = [...ALL_TOOLS, writeTool];
  const names = (enableWrites: boolean) =>
    selectTools({ toolsets: TOOLSETS, enableWrites }, tools).map((t) => t.name);
  assert.ok(!names(false).includes('sentinel_test_write'), 'read-only by default');
  assert.ok(names(true).includes('sentinel_test_write'), 'offered with --enable-writes');
  assert.deepEqual(
    names(false),
    ALL_TOOLS.filter((t) => t.annotations.readOnlyHint).map((t) => t.name),
  );
});

test('a default server lists only read-only tools over MCP', async () => {
  const server = await connect();
  try {
    const { tools } = await server.client.listTools();
    assert.equal(server.config.enableWrites, false);
    assert.ok(tools.length > 0);
    for (const tool of tools) assert.equal(tool.annotations?.readOnlyHint, true, `${tool.name} is read-only`);
  } finally {
    await server.close();
  }
});

test('the local DuckDB has extension autoinstall and autoload off', async () => {
  const db = await LocalDatabase.open();
  try {
    // The connection is private: this reads DuckDB's settings as the backend's own connection sees them.
    const connection = (db as unknown as { connection: DuckDBConnection }).connection;
    const reader = await connection.runAndReadAll(
      "SELECT current_setting('autoinstall_known_extensions')::VARCHAR, current_setting('autoload_known_extensions')::VARCHAR",
    );
    assert.deepEqual(reader.getRows(), [['false', 'false']]);
  } finally {
    await db.close();
  }
});
