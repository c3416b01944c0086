// Parity of the incidents and alerts tools: the same calls on the demo served by the LocalBackend and,
// through the HTTPS fake of Azure (ARM pages of 4 items, so the backend follows nextLink), by the
// AzureBackend give the same structured results. Cursors are opaque and differ; the rows they lead to
// are compared instead.
import assert from 'node:assert/strict';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { after, before, describe, test } from 'node:test';
import { errorOf, structured } from '../helpers/mcp.js';
import { startParity, type ParitySides } from '../helpers/parity.js';

let sides: ParitySides;

async function both(name: string, args: Record<string, unknown>): Promise<[CallToolResult, CallToolResult]> {
  const run = (client: Client) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
  return Promise.all([run(sides.local), run(sides.azure)]);
}

/** Structured results, equal on both sides except the opaque next_cursor (compared for presence). */
async function same(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const [l, a] = await both(name, args);
  const local = structured<Record<string, unknown>>(l);
  const azure = structured<Record<string, unknown>>(a);
  const strip = (r: Record<string, unknown>) => {
    const { next_cursor, ...rest } = r;
    return { ...rest, ...(next_cursor !== undefined ? { next_cursor: next_cursor !== null } : {}) };
  };
  assert.deepEqual(strip(azure), strip(local), `${name} ${JSON.stringify(args)}`);
  return local;
}

/**
 * The same error code on both sides. Messages may be worded differently by the two backends (noted
 * difference); when `mention` is given, both must name it (the id that was not found).
 */
async function sameError(name: string, args: Record<string, unknown>, mention?: string): Promise<string> {
  const [l, a] = await both(name, args);
  const local = errorOf(l);
  const azure = errorOf(a);
  assert.deepEqual(
    [azure.code, azure.retryable],
    [local.code, local.retryable],
    `${name} ${JSON.stringify(args)}`,
  );
  if (mention) {
    assert.ok(local.message.includes(mention), local.message);
    assert.ok(azure.message.includes(mention), azure.message);
  }
  return local.code;
}

/** Every row of a listing on one side, following its own cursors. */
async function allPages(client: Client, name: string, key: string, args: Record<string, unknown>) {
  const rows: unknown[] = [];
  let cursor: string | null = null;
  let calls = 0;
  do {
    const r: CallToolResult = (await client.callTool({
      name,
      arguments: { ...args, ...(cursor ? { cursor } : {}) },
    })) as CallToolResult;
    const s = structured<Record<string, unknown>>(r);
    rows.push(...(s[key] as unknown[]));
    cursor = s['next_cursor'] as string | null;
    calls++;
  } while (cursor && calls < 40);
  return rows;
}

before(async () => {
  sides = await startParity({ fake: { armPageSize: 4 } });
});
after(async () => sides.close());

describe('incidents on local and azure', () => {
  test('listings with filters and orders are the same, across ARM pages of 4', async () => {
    const all = await same('sentinel_incident_list', { top: 25 });
    assert.equal((all['incidents'] as unknown[]).length, 10);
    for (const args of [
      { status: ['New', 'Active'] },
      { severity: ['High', 'Medium'], order_by: 'number', order: 'asc' },
      { owner: 'connor.walsh@fernbrooklabs.com' },
      { owner: 'unassigned' },
      { search: 'spray' },
      { search: "x' or 1 eq 1" },
      { search: "') or contains(properties/title,'" },
      { created_within: 'P30D', order_by: 'modified', order: 'asc' },
      { order_by: 'severity' },
      { order_by: 'severity', order: 'asc', top: 7 },
      { top: 5 },
    ]) {
      await same('sentinel_incident_list', args);
    }
  });

  test('paging: both sides lead to the same rows, pages of 3', async () => {
    for (const args of [{ top: 3 }, { top: 3, order_by: 'severity' }, { top: 3, status: ['Closed'] }]) {
      const local = await allPages(sides.local, 'sentinel_incident_list', 'incidents', args);
      const azure = await allPages(sides.azure, 'sentinel_incident_list', 'incidents', args);
      assert.deepEqual(azure, local, JSON.stringify(args));
      assert.ok(local.length >= 5);
    }
  });

  test('incident get with every part is the same; not found and bad ids too', async () => {
    for (const incident_id of [1047, 1048, 1049, '1041']) {
      const r = await same('sentinel_incident_get', { incident_id });
      for (const part of ['alerts', 'entities', 'comments', 'bookmarks', 'relations'])
        assert.equal((r[part] as { error: string | null }).error, null, `${incident_id} ${part}`);
    }
    const first = await same('sentinel_incident_list', { top: 1 });
    const id = (first['incidents'] as { id: string }[])[0]!.id;
    await same('sentinel_incident_get', { incident_id: id, include: ['comments', 'relations'] });
    assert.equal(await sameError('sentinel_incident_get', { incident_id: 9999 }, '9999'), 'NOT_FOUND');
    const guid = '00000000-1111-2222-3333-444444444444';
    assert.equal(await sameError('sentinel_incident_get', { incident_id: guid }, guid), 'NOT_FOUND');
    assert.equal(await sameError('sentinel_incident_get', { incident_id: 'abc' }), 'INVALID_ARGUMENT');
    assert.equal(await sameError('sentinel_incident_list', { top: 0 }), 'INVALID_ARGUMENT');
  });
});

describe('alerts on local and azure', () => {
  test('listings, a get, and not found are the same over one fixed window', async () => {
    // A fixed window: "now" is each side's own clock, a few milliseconds apart.
    const end = new Date(Math.ceil(Date.now() / 3600_000) * 3600_000).toISOString();
    const start = new Date(Date.parse(end) - 30 * 86400_000).toISOString();
    const window = { start, end };
    const all = await same('sentinel_alert_list', { ...window, top: 200 });
    const alerts = all['alerts'] as { system_alert_id: string; name: string }[];
    assert.ok(alerts.length >= 13);
    for (const args of [
      { severity: ['High'] },
      { status: ['Resolved'] },
      { provider: 'MDATP' },
      { tactic: 'CredentialAccess' },
      { entity: '105.112.84.23' },
      { incident_number: 1048 },
      { search: 'x" or 1==1 //' },
      { top: 4 },
    ]) {
      await same('sentinel_alert_list', { ...window, ...args });
    }
    const local = await allPages(sides.local, 'sentinel_alert_list', 'alerts', { ...window, top: 5 });
    const azure = await allPages(sides.azure, 'sentinel_alert_list', 'alerts', { ...window, top: 5 });
    assert.deepEqual(azure, local);
    assert.equal(local.length, alerts.length);
    const fatigue = alerts.find((a) => a.name.startsWith('MFA fatigue'))!;
    const d = await same('sentinel_alert_get', { alert_id: fatigue.system_alert_id, ...window });
    assert.equal((d['incidents'] as { number: number }[])[0]?.number, 1048);
    assert.equal(
      await sameError(
        'sentinel_alert_get',
        { alert_id: '00000000-1111-2222-3333-444444444444', ...window },
        '00000000-1111-2222-3333-444444444444',
      ),
      'NOT_FOUND',
    );
  });
});
