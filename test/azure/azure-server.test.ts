// The server process itself, started with nothing but environment variables pointing at the HTTPS
// fake of Azure, serves the tools through a real MCP client over stdio; the logs and tables tools
// give the same structured results as the local backend serving the same workspace.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { startAzureFake, type AzureFake } from '../azure-fake/index.js';
import { connect, errorOf, FIXTURE_WORKSPACE, ROOT, type Connected } from '../helpers/mcp.js';

let local: LocalBackend;
let fake: AzureFake;
let azureClient: Client;
let localServer: Connected;

before(async () => {
  local = await LocalBackend.open({ folder: FIXTURE_WORKSPACE, logger: silentLogger() });
  fake = await startAzureFake({ backend: local, armPageSize: 3 });
  const env: Record<string, string> = { ...fake.env(), PATH: process.env.PATH ?? '' };
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      join(ROOT, 'src', 'cli.ts'),
      'serve',
      '--transport',
      'stdio',
      '--log-level',
      'warn',
    ],
    env,
    cwd: ROOT,
    stderr: 'pipe',
  });
  azureClient = new Client({ name: 'azure-server-test', version: '1.0.0' });
  await azureClient.connect(transport);
  localServer = await connect({ workspace: FIXTURE_WORKSPACE });
});

after(async () => {
  await azureClient?.close();
  await localServer?.close();
  await fake?.close();
  await local?.close();
});

async function call(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

function structured(result: CallToolResult): Record<string, unknown> {
  assert.notEqual(result.isError, true, JSON.stringify(result.content));
  return result.structuredContent as Record<string, unknown>;
}

/**
 * The result without what legitimately differs between backends: timing and backend name, the
 * time range said back, and total_rows when the local engine stopped reading at max_rows (the
 * Azure backend receives the whole result, so it knows the total).
 */
function comparable(result: Record<string, unknown>): Record<string, unknown> {
  const { stats: _stats, timespan: _timespan, total_rows: total, ...rest } = result;
  return result.truncated ? rest : { ...rest, total_rows: total };
}

test('the Azure backend answers through the server process, configured by environment variables only', async () => {
  const w = structured(await call(azureClient, 'sentinel_workspace_get'));
  assert.equal(w.backend, 'azure');
  assert.equal(w.workspace_id, fake.workspaceId);
  assert.equal(w.name, fake.workspaceName);
  const seen = fake.requests();
  assert.ok(
    seen.some((r) => r.route === 'token'),
    'signed in at the fake authority',
  );
  assert.ok(seen.some((r) => r.route === 'arm.workspace'));
});

test('logs tools: same results as the local backend', async () => {
  const cases: [string, Record<string, unknown>][] = [
    ['sentinel_logs_search', { query: 'AppAudit_CL | order by TimeGenerated asc', timespan: 'P30D' }],
    [
      'sentinel_logs_search',
      { query: 'Heartbeat | summarize n = count() by Computer | order by Computer asc', timespan: 'P30D' },
    ],
    [
      'sentinel_logs_search',
      {
        query: 'SigninLogs | project TimeGenerated, UserPrincipalName | order by TimeGenerated asc',
        timespan: 'P30D',
        max_rows: 2,
      },
    ],
    [
      'sentinel_logs_search_with_dummy_data',
      {
        query:
          'SecurityEvent | where EventID == 4625 | summarize failures = count() by Account | order by Account asc',
        table_name: 'SecurityEvent',
        data_json: [
          { Account: 'alice', EventID: 4625, TimeGenerated: '2024-06-01T10:00:00Z' },
          { Account: 'alice', EventID: 4625, TimeGenerated: '2024-06-01T10:01:00Z' },
          { Account: 'bob"); print 1 //', EventID: 4625, TimeGenerated: '2024-06-01T10:02:00Z' },
        ],
      },
    ],
  ];
  for (const [tool, args] of cases) {
    const mine = structured(await call(azureClient, tool, args));
    const theirs = structured(await call(localServer.client, tool, args));
    assert.deepEqual(comparable(mine), comparable(theirs), `${tool} ${JSON.stringify(args).slice(0, 80)}`);
    assert.equal((mine.stats as { backend: string }).backend, 'azure');
  }
});

test('tables tools: same results as the local backend (plan and retention aside)', async () => {
  const strip = (t: Record<string, unknown>) => ({
    name: t.name,
    row_count: t.row_count,
    last_record: t.last_record,
    column_count: t.column_count,
  });
  const mine = structured(await call(azureClient, 'sentinel_logs_tables_list', { include_stats: true }));
  const theirs = structured(
    await call(localServer.client, 'sentinel_logs_tables_list', { include_stats: true }),
  );
  assert.deepEqual(
    (mine.tables as Record<string, unknown>[]).map(strip),
    (theirs.tables as Record<string, unknown>[]).map(strip),
  );
  for (const table of ['AppAudit_CL', 'Heartbeat', 'SigninLogs', 'Inventory_CL']) {
    const a = structured(await call(azureClient, 'sentinel_logs_table_schema_get', { table_name: table }));
    const b = structured(
      await call(localServer.client, 'sentinel_logs_table_schema_get', { table_name: table }),
    );
    assert.deepEqual(a, b, table);
    const d = structured(await call(azureClient, 'sentinel_logs_table_details_get', { table_name: table }));
    const e = structured(
      await call(localServer.client, 'sentinel_logs_table_details_get', { table_name: table }),
    );
    assert.deepEqual([d.row_count, d.last_record, d.columns], [e.row_count, e.last_record, e.columns], table);
  }
  const missing = await call(azureClient, 'sentinel_logs_table_schema_get', { table_name: 'Nope_CL' });
  assert.equal(errorOf(missing).code, 'NOT_FOUND');
});

test('validation knows the workspace tables from ARM', async () => {
  const ok = structured(
    await call(azureClient, 'sentinel_query_validate', { query: 'AppAudit_CL | project User' }),
  );
  assert.equal(ok.valid, true, JSON.stringify(ok.diagnostics));
  const bad = structured(
    await call(azureClient, 'sentinel_query_validate', { query: 'AppAudit_CL | project NoSuchColumn' }),
  );
  assert.equal(bad.valid, false);
});

test('connection tools, when registered: every doctor step passes', async (t) => {
  const { tools } = await azureClient.listTools();
  if (!tools.some((x) => x.name === 'sentinel_connection_test')) {
    t.skip('connectionTools are not registered in src/tools/index.ts yet');
    return;
  }
  const r = structured(await call(azureClient, 'sentinel_connection_test'));
  assert.equal(r.ok, true, JSON.stringify(r.steps));
});

test('a fault on the query route becomes a retried success, not an error', async () => {
  fake.inject('query', { kind: 'status', status: 503 }, 1);
  const r = structured(await call(azureClient, 'sentinel_logs_search', { query: 'print x = 1' }));
  assert.deepEqual(r.rows, [[1]]);
  fake.clearFaults();
});
