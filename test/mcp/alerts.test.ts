// sentinel_alert_list and sentinel_alert_get through an MCP client on the demo (SecurityAlert, the
// latest version of each alert), and the agreement of SecurityAlert/SecurityIncident with the
// incidents API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  call,
  connect,
  errorOf,
  FIXTURE_WORKSPACE,
  structured,
  text,
  type Connected,
} from '../helpers/mcp.js';

interface AlertRow {
  system_alert_id: string;
  time_generated: string;
  first_seen: string;
  name: string;
  severity: string;
  status: string;
  product: string;
  provider: string;
  tactics: string[];
  techniques: string[];
  compromised_entity: string | null;
}
interface ListResult {
  alerts: AlertRow[];
  count: number;
  has_more: boolean;
  next_cursor: string | null;
  window: string;
}
interface AlertDetail extends AlertRow {
  description: string;
  sub_techniques: string[];
  remediation_steps: string[];
  entities: Record<string, unknown>[];
  extended_properties: Record<string, unknown>;
  analytics_rule_ids: string[];
  incidents: { number: number; id: string; title: string }[];
}

const WINDOW = { timespan: 'P30D' };
let c: Connected;
let all: AlertRow[];

const list = async (args: Record<string, unknown>) =>
  structured<ListResult>(await call(c.client, 'sentinel_alert_list', { ...WINDOW, ...args }));
const names = (r: ListResult) => r.alerts.map((a) => a.name);

before(async () => {
  c = await connect();
  all = (await list({ top: 200 })).alerts;
});
after(async () => c.close());

describe('sentinel_alert_list', () => {
  test('the latest version of each alert, newest first', async () => {
    assert.ok(all.length >= 13, `${all.length} alerts`);
    const ids = all.map((a) => a.system_alert_id);
    assert.equal(new Set(ids).size, ids.length, 'one row per alert');
    const times = all.map((a) => a.time_generated);
    assert.deepEqual(times, [...times].sort().reverse());
    // Alerts of closed incidents were resolved: their latest version says so.
    const raw = structured<{ rows: unknown[][] }>(
      await call(c.client, 'sentinel_logs_search', {
        query:
          'SecurityAlert | summarize versions = count(), arg_max(TimeGenerated, Status) by SystemAlertId | where versions > 1 | project SystemAlertId, Status',
        timespan: 'P30D',
      }),
    ).rows;
    assert.ok(raw.length > 0, 'some alerts have several versions');
    for (const [id, status] of raw) assert.equal(all.find((a) => a.system_alert_id === id)?.status, status);
    const resolved = all.filter((a) => a.status === 'Resolved');
    assert.ok(resolved.length > 0);
    // Raised first, resolved later: first_seen is when it was raised, time_generated its last change.
    for (const a of resolved) assert.ok(a.first_seen < a.time_generated, a.name);
    assert.ok(all.filter((a) => a.status === 'New').every((a) => a.first_seen === a.time_generated));
    const spray = all.find((a) => a.name === 'Password spray attack against Microsoft Entra ID')!;
    assert.equal(spray.product, 'Azure Sentinel');
    assert.equal(spray.provider, 'ASI Scheduled Alerts');
    assert.deepEqual(spray.tactics, ['CredentialAccess']);
    assert.deepEqual(spray.techniques, ['T1110']);
    const t = text(await call(c.client, 'sentinel_alert_list', { ...WINDOW, top: 2 }));
    assert.match(
      t,
      /^2 alerts in \S+ \(P30D\), newest first\n\| first_seen \(datetime\) \| time_generated \(datetime\) \| name/,
    );
  });

  test('filters: severity, status, product, provider, tactic, text, entity, incident number, window', async () => {
    const expect = (pred: (a: AlertRow) => boolean) => all.filter(pred).map((a) => a.name);
    assert.deepEqual(
      names(await list({ severity: ['High'] })),
      expect((a) => a.severity === 'High'),
    );
    assert.deepEqual(
      names(await list({ status: ['Resolved'] })),
      expect((a) => a.status === 'Resolved'),
    );
    assert.deepEqual(names(await list({ product: 'azure active directory identity protection' })), [
      'Unfamiliar sign-in properties',
      ...expect((a) => a.provider === 'IPC' && a.name !== 'Unfamiliar sign-in properties'),
    ]);
    assert.deepEqual(
      names(await list({ provider: 'MDATP' })),
      expect((a) => a.provider === 'MDATP'),
    );
    assert.deepEqual(names(await list({ tactic: 'CommandAndControl' })), [
      'TI map IP entity to CommonSecurityLog',
      'TI map IP entity to DeviceNetworkEvents',
    ]);
    assert.deepEqual(names(await list({ search: 'SPRAY' })), [
      'Password spray attack against Microsoft Entra ID',
    ]);
    assert.deepEqual(names(await list({ search: 'payments' })), [
      'Suspicious inbox rule forwarding mail to an external address',
    ]);
    assert.deepEqual(names(await list({ entity: '193.233.48.17' })), [
      'Multiple failed logons to RD Gateway from one IP',
      'Password spray attack against Microsoft Entra ID',
    ]);
    assert.deepEqual(names(await list({ entity: 'FB-WS-005', provider: 'MDATP' })), [
      'Suspicious DLL loaded by rundll32 from a temporary folder',
      'Suspicious PowerShell command line',
    ]);
    assert.deepEqual(names(await list({ incident_number: 1047 })), [
      'Multiple failed logons to RD Gateway from one IP',
      'Password spray attack against Microsoft Entra ID',
    ]);
    assert.deepEqual(names(await list({ incident_number: 9999 })), []);
    const spray = all.find((a) => a.name === 'Password spray attack against Microsoft Entra ID')!;
    const t = Date.parse(spray.time_generated);
    const around = await call(c.client, 'sentinel_alert_list', {
      start: new Date(t - 1000).toISOString(),
      end: new Date(t + 1000).toISOString(),
    });
    assert.deepEqual(names(structured<ListResult>(around)), [spray.name]);
  });

  test('paging: pages of 4 join to the whole listing, no duplicates, has_more false at the end', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const r = await list({ top: 4, ...(cursor ? { cursor } : {}) });
      calls++;
      assert.ok(r.count <= 4);
      assert.equal(r.has_more, r.next_cursor !== null);
      seen.push(...r.alerts.map((a) => a.system_alert_id));
      cursor = r.next_cursor ?? undefined;
    } while (cursor && calls < 30);
    assert.deepEqual(
      seen,
      all.map((a) => a.system_alert_id),
    );
    assert.equal(calls, Math.ceil(all.length / 4));
    const first = await list({ top: 4 });
    const e = errorOf(
      await call(c.client, 'sentinel_alert_list', {
        ...WINDOW,
        top: 4,
        severity: ['High'],
        cursor: first.next_cursor,
      }),
    );
    assert.equal(e.code, 'INVALID_ARGUMENT');
    assert.match(e.message, /cursor/);
  });

  test('invalid arguments', async () => {
    for (const args of [
      { severity: ['Critical'] },
      { status: ['Open'] },
      { tactic: 'Credential Access" or 1==1' },
      { timespan: 'a week' },
      { timespan: 'P7D', start: '2024-05-01T00:00:00Z' },
      { start: 'yesterday' },
      { end: '2024-05-01T00:00:00Z' },
      { start: '2024-05-02T00:00:00Z', end: '2024-05-01T00:00:00Z' },
      { top: 0 },
      { top: 500 },
      { incident_number: -1 },
      { incident_number: '1048 or 1==1' },
      { query: 'SecurityAlert' },
    ]) {
      assert.equal(
        errorOf(await call(c.client, 'sentinel_alert_list', args)).code,
        'INVALID_ARGUMENT',
        JSON.stringify(args),
      );
    }
  });

  test('injection attempts in text filters return no match or the literal match', async () => {
    for (const hostile of [
      'x" or 1==1 //',
      "x' or 1==1 //",
      'a" | union SecurityAlert | where "" == "',
      '\\" or 1==1 //',
      '";',
    ]) {
      for (const key of ['search', 'entity', 'product', 'provider']) {
        const r = await list({ [key]: hostile });
        assert.equal(r.count, 0, `${key} ${hostile}`);
      }
    }
    // A double quote inside a value matches literally: entities carry "Type":"ip".
    const r = await list({ entity: '"Address":"193.233.48.17"' });
    assert.equal(r.count, 2);
  });
});

describe('sentinel_alert_get', () => {
  test('one alert in full: entities parsed, extended properties, rule ids, incidents', async () => {
    const fatigue = all.find((a) => a.name.startsWith('MFA fatigue'))!;
    const r = await call(c.client, 'sentinel_alert_get', { alert_id: fatigue.system_alert_id.toUpperCase() });
    const d = structured<AlertDetail>(r);
    assert.equal(d.system_alert_id, fatigue.system_alert_id);
    assert.deepEqual(d.tactics, ['CredentialAccess', 'InitialAccess']);
    assert.deepEqual(d.techniques, ['T1621', 'T1078']);
    assert.ok(d.entities.some((e) => e['Type'] === 'ip' && e['Address'] === '105.112.84.23'));
    assert.ok(d.entities.some((e) => e['Type'] === 'account' && e['Name'] === 'megan.ortiz'));
    assert.ok(d.entities.every((e) => !('$id' in e)));
    assert.equal(d.analytics_rule_ids.length, 1);
    assert.match(d.analytics_rule_ids[0]!, /^[0-9a-f-]{36}$/);
    const rule = structured<{ display_name: string; event_grouping: string }>(
      await call(c.client, 'sentinel_analytics_rule_get', { rule_id: d.analytics_rule_ids[0] }),
    );
    assert.equal(rule.display_name, fatigue.name);
    assert.equal(d.extended_properties['Event Grouping'], rule.event_grouping);
    assert.deepEqual(
      d.incidents.map((i) => i.number),
      [1048],
    );
    assert.match(text(r), /^system_alert_id: [0-9a-f-]{36}\n/);
    assert.match(text(r), /\nentities \(2\):\n- \{/);
    const ps = all.find((a) => a.name === 'Suspicious PowerShell command line')!;
    const psd = structured<AlertDetail>(
      await call(c.client, 'sentinel_alert_get', { alert_id: ps.system_alert_id }),
    );
    assert.deepEqual(psd.remediation_steps, [
      'Isolate the device.',
      'Reset the credentials of the user.',
      'Collect an investigation package.',
    ]);
    assert.deepEqual(psd.sub_techniques, ['T1059.001']);
    assert.equal(psd.compromised_entity, 'FB-WS-005');
  });

  test('not found names the id; a malformed id is an invalid argument', async () => {
    const id = '00000000-1111-2222-3333-444444444444';
    const e = errorOf(await call(c.client, 'sentinel_alert_get', { alert_id: id }));
    assert.equal(e.code, 'NOT_FOUND');
    assert.ok(e.message.includes(id), e.message);
    for (const alert_id of ['abc', '" or 1==1 //', `${id}" or "1"=="1`, '']) {
      assert.equal(
        errorOf(await call(c.client, 'sentinel_alert_get', { alert_id })).code,
        'INVALID_ARGUMENT',
        alert_id,
      );
    }
  });
});

describe('SecurityAlert and SecurityIncident agree with the incidents API', () => {
  for (const number of [1047, 1048, 1049]) {
    test(`incident ${number}: its alerts from the API are the SecurityIncident row's AlertIds and the alert listing`, async () => {
      const inc = structured<{
        id: string;
        title: string;
        status: string;
        alerts: { items: { system_alert_id: string; name: string; severity: string }[] };
      }>(await call(c.client, 'sentinel_incident_get', { incident_id: number, include: ['alerts'] }));
      const fromApi = inc.alerts.items.map((a) => a.system_alert_id).sort();
      const row = structured<{ rows: unknown[][] }>(
        await call(c.client, 'sentinel_logs_search', {
          query: `SecurityIncident | where IncidentNumber == ${number} | summarize arg_max(TimeGenerated, *) by IncidentNumber | project AlertIds, IncidentName, Title, Status`,
          timespan: 'P30D',
        }),
      ).rows;
      assert.equal(row.length, 1);
      const [alertIds, name, title, status] = row[0]!;
      assert.deepEqual([...(alertIds as string[])].sort(), fromApi);
      assert.equal(name, inc.id);
      assert.equal(title, inc.title);
      assert.equal(status, inc.status);
      const listed = await list({ incident_number: number });
      assert.deepEqual(listed.alerts.map((a) => a.system_alert_id).sort(), fromApi);
      for (const a of inc.alerts.items) {
        const sa = listed.alerts.find((x) => x.system_alert_id === a.system_alert_id)!;
        assert.equal(sa.name, a.name);
        assert.equal(sa.severity, a.severity);
      }
    });
  }
});

describe('a workspace without SecurityAlert (the fixture folder)', () => {
  test('list and get say there is no alert table, not a KQL error about their own query', async () => {
    const f = await connect({ workspace: FIXTURE_WORKSPACE });
    try {
      for (const [tool, args] of [
        ['sentinel_alert_list', {}],
        ['sentinel_alert_get', { alert_id: '5e7f9a1b-1c2d-4e3f-8a9b-0c1d2e3f4a5b' }],
      ] as const) {
        const e = errorOf(await call(f.client, tool, args));
        assert.equal(e.code, 'NOT_FOUND', `${tool}: ${e.message}`);
        assert.match(e.message, /no SecurityAlert table/);
      }
    } finally {
      await f.close();
    }
  });
});
