// sentinel_incident_list and sentinel_incident_get through an MCP client on the demo: filters, orders,
// paging with cursors, not-found, invalid arguments, and OData injection attempts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, connect, errorOf, structured, text, type Connected } from '../helpers/mcp.js';

interface Row {
  number: number;
  id: string;
  title: string;
  severity: string;
  status: string;
  owner: string | null;
  created: string;
  last_modified: string;
  alerts: number;
  tactics: string[];
  classification: string | null;
}
interface ListResult {
  incidents: Row[];
  count: number;
  has_more: boolean;
  next_cursor: string | null;
  order: string;
}
interface Section<T> {
  items: T[];
  count: number;
  has_more: boolean;
  error: string | null;
}
interface Incident {
  number: number;
  id: string;
  title: string;
  status: string;
  owner: { name: string | null; user_principal_name: string | null } | null;
  related_rule_ids: string[];
  alerts_count: number;
  comments_count: number;
  tactics: string[];
  alerts: Section<{ system_alert_id: string; name: string; product_name: string }> | null;
  entities: Section<{
    kind: string;
    friendly_name: string | null;
    properties: Record<string, unknown>;
  }> | null;
  comments: Section<{ author: string; message: string }> | null;
  bookmarks: Section<{ display_name: string }> | null;
  relations: Section<{ related_resource_name: string; related_resource_kind: string | null }> | null;
}

let c: Connected;
let all: Row[];

const list = async (args: Record<string, unknown>) =>
  structured<ListResult>(await call(c.client, 'sentinel_incident_list', args));
const numbers = (r: ListResult) => r.incidents.map((i) => i.number);

/** Every page of a listing, following next_cursor. */
async function pages(args: Record<string, unknown>): Promise<{ rows: Row[]; calls: number }> {
  const rows: Row[] = [];
  let cursor: string | undefined;
  let calls = 0;
  do {
    const r = await list({ ...args, ...(cursor ? { cursor } : {}) });
    calls++;
    assert.ok(r.count <= ((args['top'] as number | undefined) ?? 25));
    assert.equal(r.has_more, r.next_cursor !== null);
    rows.push(...r.incidents);
    cursor = r.next_cursor ?? undefined;
  } while (cursor && calls < 50);
  return { rows, calls };
}

const SEVERITY_RANK: Record<string, number> = { High: 0, Medium: 1, Low: 2, Informational: 3 };

before(async () => {
  c = await connect();
  all = (await list({ top: 200 })).incidents;
});
after(async () => c.close());

describe('sentinel_incident_list', () => {
  test('default: every demo incident, newest first, compact rows', async () => {
    const r = await list({});
    assert.equal(r.order, 'created desc');
    assert.deepEqual(numbers(r), [1050, 1049, 1048, 1047, 1046, 1045, 1044, 1043, 1042, 1041]);
    assert.equal(r.has_more, false);
    assert.equal(r.next_cursor, null);
    const spray = r.incidents.find((i) => i.number === 1047)!;
    assert.equal(spray.status, 'Active');
    assert.equal(spray.owner, 'Connor Walsh');
    assert.equal(spray.alerts, 2);
    assert.deepEqual(spray.tactics, ['CredentialAccess']);
    assert.match(spray.id, /^[0-9a-f-]{36}$/);
    const t = text(await call(c.client, 'sentinel_incident_list', { top: 3 }));
    assert.match(t, /^3 incidents \(order created desc\)\n\| number \(long\) \| severity/);
    assert.match(t, /\| 1048 \| High \| New \| Suspicious sign-in from Nigeria/);
    assert.match(t, /More incidents match: call again/);
  });

  test('filters: status, severity, owner, unassigned, title search, time range', async () => {
    assert.deepEqual(numbers(await list({ status: ['New'] })), [1050, 1049, 1048]);
    assert.deepEqual(
      numbers(await list({ status: ['New', 'Active'], severity: ['High', 'Medium'] })),
      [1049, 1048, 1047],
    );
    assert.deepEqual(numbers(await list({ severity: ['High'] })), [1049, 1048]);
    const connor = all.filter((i) => i.owner === 'Connor Walsh').map((i) => i.number);
    assert.ok(connor.includes(1047) && connor.length >= 2);
    assert.deepEqual(numbers(await list({ owner: 'connor.walsh@fernbrooklabs.com' })), connor);
    assert.deepEqual(numbers(await list({ owner: 'Connor Walsh' })), connor);
    assert.deepEqual(numbers(await list({ owner: 'unassigned' })), [1050, 1049, 1048]);
    assert.deepEqual(numbers(await list({ owner: 'nobody@fernbrooklabs.com' })), []);
    assert.deepEqual(numbers(await list({ search: 'PASSWORD spray' })), [1047]);
    assert.deepEqual(numbers(await list({ search: 'Nigeria' })), [1048]);
    const i1047 = all.find((i) => i.number === 1047)!;
    assert.deepEqual(numbers(await list({ created_after: i1047.created })), [1050, 1049, 1048, 1047]);
    assert.deepEqual(numbers(await list({ created_before: i1047.created, top: 2 })), [1046, 1045]);
    const i1045 = all.find((i) => i.number === 1045)!;
    assert.deepEqual(
      numbers(await list({ created_after: i1045.created, created_before: i1047.created })),
      [1046, 1045],
    );
    const modified = all.filter((i) => i.last_modified >= i1047.last_modified).map((i) => i.number);
    assert.deepEqual(numbers(await list({ modified_after: i1047.last_modified })), modified);
    // created_within is relative to now: the demo's incidents are all within 30 days, and none in the future.
    assert.equal((await list({ created_within: 'P30D' })).count, 10);
    const recent = await list({ created_within: 'PT1S' });
    assert.equal(recent.count, 0);
  });

  test('orders: number asc, severity desc (levels in order, newest first within), modified', async () => {
    assert.deepEqual(
      numbers(await list({ order_by: 'number', order: 'asc' })),
      [1041, 1042, 1043, 1044, 1045, 1046, 1047, 1048, 1049, 1050],
    );
    const bySeverity = (await list({ order_by: 'severity' })).incidents;
    assert.equal(bySeverity.length, 10);
    for (let i = 1; i < bySeverity.length; i++) {
      const [a, b] = [bySeverity[i - 1]!, bySeverity[i]!];
      const d = SEVERITY_RANK[a.severity]! - SEVERITY_RANK[b.severity]!;
      assert.ok(d < 0 || (d === 0 && a.created >= b.created), `${a.number} before ${b.number}`);
    }
    assert.deepEqual(numbers({ incidents: bySeverity.slice(0, 2) } as ListResult), [1049, 1048]);
    const asc = (await list({ order_by: 'severity', order: 'asc', severity: ['High', 'Informational'] }))
      .incidents;
    assert.deepEqual(
      asc.map((i) => i.severity),
      ['Informational', 'High', 'High'],
    );
    const modified = (await list({ order_by: 'modified', order: 'asc' })).incidents.map(
      (i) => i.last_modified,
    );
    assert.deepEqual(modified, [...modified].sort());
  });

  test('paging: pages of 3 join to the whole listing, no duplicates, has_more false at the end', async () => {
    for (const args of [
      {},
      { order_by: 'severity' },
      { order_by: 'severity', order: 'asc' },
      { order_by: 'number', order: 'asc', status: ['Closed'] },
      { created_within: 'P30D', order_by: 'modified' },
    ]) {
      const whole = (await list({ ...args, top: 200 })).incidents.map((i) => i.number);
      const paged = await pages({ ...args, top: 3 });
      assert.deepEqual(
        paged.rows.map((i) => i.number),
        whole,
        JSON.stringify(args),
      );
      assert.equal(new Set(whole).size, whole.length);
      assert.equal(paged.calls, Math.max(1, Math.ceil(whole.length / 3)));
    }
    // Exactly at a severity level's end: the cursor still says whether a later level has incidents.
    const high = await list({ order_by: 'severity', top: 2 });
    assert.deepEqual(numbers(high), [1049, 1048]);
    assert.equal(high.has_more, true);
    const onlyHigh = await list({ order_by: 'severity', severity: ['High'], top: 2 });
    assert.equal(onlyHigh.has_more, false);
  });

  test('cursors: refused with other filters or damaged', async () => {
    const first = await list({ top: 2, status: ['Closed'] });
    assert.ok(first.next_cursor);
    for (const args of [
      { top: 2, status: ['New'], cursor: first.next_cursor },
      { top: 2, cursor: first.next_cursor },
      { top: 2, status: ['Closed'], cursor: 'not-a-cursor' },
      { top: 2, status: ['Closed'], cursor: Buffer.from('{"f":"x"}').toString('base64url') },
    ]) {
      const e = errorOf(await call(c.client, 'sentinel_incident_list', args));
      assert.equal(e.code, 'INVALID_ARGUMENT', JSON.stringify(args));
      assert.match(e.message, /cursor/);
    }
    // The same filters with a different top still follow on.
    const next = await list({ top: 5, status: ['Closed'], cursor: first.next_cursor });
    assert.deepEqual(numbers(next), [1044, 1043, 1042, 1041]);
  });

  test('invalid arguments: bad enums, dates, durations, top out of range, unknown parameters', async () => {
    for (const args of [
      { status: ['Open'] },
      { severity: ['Critical'] },
      { status: [] },
      { created_after: 'yesterday' },
      { created_before: '2024-13-45T00:00:00Z' },
      { created_within: '7 days' },
      { created_within: 'PT0S' },
      { created_after: '2024-05-02T00:00:00Z', created_before: '2024-05-01T00:00:00Z' },
      { top: 0 },
      { top: 500 },
      { order_by: 'title' },
      { filter: "properties/status eq 'New'" },
      { search: '' },
    ]) {
      const e = errorOf(await call(c.client, 'sentinel_incident_list', args));
      assert.equal(e.code, 'INVALID_ARGUMENT', JSON.stringify(args));
    }
  });

  test('injection attempts in search and owner return no match or the literal match, never all incidents', async () => {
    for (const hostile of [
      "x' or 1 eq 1",
      "') or contains(properties/title,'",
      "' or properties/status ne 'x",
      "a') or (properties/incidentNumber gt 0",
      '*',
      '%',
    ]) {
      assert.deepEqual(numbers(await list({ search: hostile })), [], `search ${hostile}`);
      assert.deepEqual(numbers(await list({ owner: hostile })), [], `owner ${hostile}`);
    }
    // A quote in the text is a literal quote: the EICAR incident's title has one.
    const eicar = all.find((i) => i.title.startsWith("'EICAR"))!;
    assert.deepEqual(numbers(await list({ search: "'EICAR_Test_File' malware" })), [eicar.number]);
    assert.deepEqual(numbers(await list({ search: "e' malware was" })), [eicar.number]);
  });
});

describe('sentinel_incident_get', () => {
  test('by number, numeric string or GUID: the same incident with its alerts, entities, comments, bookmarks, relations', async () => {
    const byNumber = structured<Incident>(
      await call(c.client, 'sentinel_incident_get', { incident_id: 1047 }),
    );
    const byText = structured<Incident>(
      await call(c.client, 'sentinel_incident_get', { incident_id: '1047' }),
    );
    const byId = structured<Incident>(
      await call(c.client, 'sentinel_incident_get', { incident_id: byNumber.id.toUpperCase() }),
    );
    assert.deepEqual(byText, byNumber);
    assert.deepEqual(byId, byNumber);
    assert.equal(byNumber.number, 1047);
    assert.match(byNumber.title, /^Password spray attack/);
    assert.equal(byNumber.owner?.user_principal_name, 'connor.walsh@fernbrooklabs.com');
    assert.equal(byNumber.alerts?.count, 2);
    assert.equal(byNumber.alerts_count, 2);
    assert.deepEqual(byNumber.alerts?.items.map((a) => a.name).sort(), [
      'Multiple failed logons to RD Gateway from one IP',
      'Password spray attack against Microsoft Entra ID',
    ]);
    assert.equal(byNumber.related_rule_ids.length, 2);
    const ips = byNumber.entities!.items.filter((e) => e.kind === 'Ip').map((e) => e.friendly_name);
    assert.deepEqual(ips.sort(), ['113.161.7.44', '14.161.22.85', '193.233.48.17']);
    assert.equal(byNumber.comments?.count, byNumber.comments_count);
    assert.equal(byNumber.comments?.items[0]?.author, 'Connor Walsh');
    assert.match(byNumber.comments?.items[0]?.message ?? '', /Smart lockout held/);
    assert.ok(byNumber.relations!.items.some((r) => r.related_resource_kind === 'SecurityAlert'));
    for (const part of ['alerts', 'entities', 'comments', 'bookmarks', 'relations'] as const) {
      assert.equal(byNumber[part]?.error, null, part);
      assert.equal(byNumber[part]?.has_more, false, part);
    }
  });

  test('incident 1048: the compromised account and the attacker IP among its entities; text is key: value', async () => {
    const r = await call(c.client, 'sentinel_incident_get', { incident_id: 1048 });
    const inc = structured<Incident>(r);
    assert.equal(inc.alerts?.count, 3);
    assert.ok(inc.entities!.items.some((e) => e.kind === 'Ip' && e.friendly_name === '105.112.84.23'));
    assert.ok(
      inc.entities!.items.some((e) => e.kind === 'Account' && e.properties['accountName'] === 'megan.ortiz'),
    );
    const t = text(r);
    assert.match(t, /^number: 1048\nid: [0-9a-f-]{36}\ntitle: Suspicious sign-in from Nigeria/);
    assert.match(t, /\nowner: unassigned/);
    assert.match(t, /\nAlerts \(3\):\n\| time_generated/);
  });

  test('include picks the lists; the others are null', async () => {
    const r = structured<Incident>(
      await call(c.client, 'sentinel_incident_get', { incident_id: 1049, include: ['alerts'] }),
    );
    assert.equal(r.alerts?.count, 4);
    assert.equal(r.entities, null);
    assert.equal(r.comments, null);
    assert.equal(r.bookmarks, null);
    assert.equal(r.relations, null);
    const none = structured<Incident>(
      await call(c.client, 'sentinel_incident_get', { incident_id: 1049, include: [] }),
    );
    assert.equal(none.alerts, null);
    assert.equal(none.number, 1049);
  });

  test('not found names the number or the id; malformed ids are invalid arguments', async () => {
    const byNumber = errorOf(await call(c.client, 'sentinel_incident_get', { incident_id: 9999 }));
    assert.equal(byNumber.code, 'NOT_FOUND');
    assert.equal(byNumber.message, 'No incident number 9999 in this workspace');
    const guid = '00000000-1111-2222-3333-444444444444';
    const byId = errorOf(await call(c.client, 'sentinel_incident_get', { incident_id: guid }));
    assert.equal(byId.code, 'NOT_FOUND');
    assert.ok(byId.message.includes(guid), byId.message);
    for (const args of [
      { incident_id: 'abc' },
      { incident_id: "1048' or 1 eq 1" },
      { incident_id: '../1048' },
      { incident_id: 0 },
      { incident_id: 1048.5 },
      { incident_id: 1048, include: ['tasks'] },
      {},
    ]) {
      assert.equal(
        errorOf(await call(c.client, 'sentinel_incident_get', args)).code,
        'INVALID_ARGUMENT',
        JSON.stringify(args),
      );
    }
  });
});
