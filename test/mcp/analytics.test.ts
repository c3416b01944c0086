// The analytics tools through an MCP client on the demo: rules and templates (filters, paging, get by id
// or display name, not-found), counts by tactic and technique, and sentinel_analytics_rule_test, which
// must reproduce the demo's incidents: every story alert raised by a Scheduled rule is raised again,
// with its entities, when the rule is tested at the alert's time.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, connect, errorOf, structured, text, type Connected } from '../helpers/mcp.js';

interface RuleRow {
  id: string;
  display_name: string;
  kind: string;
  enabled: boolean | null;
  severity: string | null;
  tactics: string[];
  techniques: string[];
  frequency: string | null;
  period: string | null;
}
type RuleList = {
  rules: RuleRow[];
  count: number;
  has_more: boolean;
  next_cursor: string | null;
  total: number;
};
type TemplateList = {
  templates: (RuleRow & { data_types: string[]; status: string | null })[];
  count: number;
  has_more: boolean;
  next_cursor: string | null;
  total: number;
};
interface Counts {
  total: number;
  without_any: number;
  distinct: number;
  counts: { name: string; count: number; sub_techniques: { name: string; count: number }[] }[];
  truncated: boolean;
}
interface WouldBe {
  display_name: string;
  description: string | null;
  severity: string | null;
  tactics: string[];
  entities: { type: string; identifiers: Record<string, string> }[];
  custom_details: Record<string, string[]>;
  first_evaluation: string;
  evaluations: number;
}
interface TestResult {
  rule: {
    source: string;
    id: string | null;
    display_name: string;
    kind: string;
    frequency: string;
    period: string;
  };
  start_time: string;
  end_time: string;
  evaluations: {
    time: string;
    window_start: string;
    result_count: number;
    fired: boolean;
    alerts: number;
    error: string | null;
  }[];
  evaluation_count: number;
  fired_count: number;
  failed_count: number;
  alerts: WouldBe[];
  sample: { columns: { name: string }[]; rows: unknown[][] } | null;
  notes: string[];
}

let c: Connected;
let rules: RuleRow[];

const rulesList = async (args: Record<string, unknown>) =>
  structured<RuleList>(await call(c.client, 'sentinel_analytics_rule_list', args));
const names = (r: { rules: RuleRow[] }) => r.rules.map((x) => x.display_name);
const ruleTest = async (args: Record<string, unknown>) =>
  structured<TestResult>(await call(c.client, 'sentinel_analytics_rule_test', args));

before(async () => {
  c = await connect();
  rules = (await rulesList({ top: 200 })).rules;
});
after(async () => c.close());

describe('sentinel_analytics_rule_list and _get', () => {
  test('every rule by display name, with the story rules among them', async () => {
    assert.ok(rules.length >= 10, `${rules.length} rules`);
    const sorted = rules.map((r) => r.display_name.toLowerCase());
    assert.deepEqual(sorted, [...sorted].sort());
    const spray = rules.find((r) => r.display_name === 'Password spray attack against Microsoft Entra ID')!;
    assert.deepEqual(
      [
        spray.kind,
        spray.enabled,
        spray.severity,
        spray.tactics,
        spray.techniques,
        spray.frequency,
        spray.period,
      ],
      ['Scheduled', true, 'Medium', ['CredentialAccess'], ['T1110', 'T1110.003'], 'PT1H', 'P1D'],
    );
    assert.ok(rules.some((r) => r.kind === 'Fusion'));
    assert.ok(rules.some((r) => r.kind === 'NRT'));
    assert.ok(rules.some((r) => r.kind === 'MicrosoftSecurityIncidentCreation'));
    assert.match(
      text(await call(c.client, 'sentinel_analytics_rule_list', { top: 2 })),
      /^\| display_name \(string\) \| kind/,
    );
  });

  test('filters: kind, enabled, severity, tactic, technique with sub-techniques, text', async () => {
    const expect = (pred: (r: RuleRow) => boolean) => rules.filter(pred).map((r) => r.display_name);
    assert.deepEqual(
      names(await rulesList({ kind: ['NRT', 'Fusion'] })),
      expect((r) => r.kind === 'NRT' || r.kind === 'Fusion'),
    );
    const disabled = await rulesList({ enabled: false });
    assert.ok(disabled.total >= 1);
    assert.deepEqual(
      names(disabled),
      expect((r) => r.enabled === false),
    );
    assert.deepEqual(
      names(await rulesList({ severity: ['High'] })),
      expect((r) => r.severity === 'High'),
    );
    const c2 = names(await rulesList({ tactic: 'commandandcontrol' }));
    assert.deepEqual(
      c2,
      expect((r) => r.tactics.includes('CommandAndControl')),
    );
    assert.ok(
      c2.includes('TI map IP entity to CommonSecurityLog') &&
        c2.includes('TI map IP entity to DeviceNetworkEvents'),
    );
    assert.ok(!c2.includes('Password spray attack against Microsoft Entra ID'));
    const t1110 = names(await rulesList({ technique: 'T1110' }));
    assert.ok(t1110.includes('Password spray attack against Microsoft Entra ID'));
    assert.deepEqual(
      t1110,
      expect((r) => r.techniques.some((t) => t === 'T1110' || t.startsWith('T1110.'))),
    );
    assert.deepEqual(
      names(await rulesList({ technique: 'T1110.003' })),
      expect((r) => r.techniques.includes('T1110.003')),
    );
    assert.deepEqual(names(await rulesList({ search: 'INBOX' })), [
      'Suspicious inbox rule forwarding mail to an external address',
    ]);
    assert.deepEqual(names(await rulesList({ search: 'ResultType == "500121"' })), [
      'MFA fatigue: repeated denied MFA requests followed by a successful sign-in',
    ]);
    assert.deepEqual(names(await rulesList({ search: "x' or 1 eq 1" })), []);
  });

  test('paging: pages of 4 join to the whole list; a cursor of another listing is refused', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const r = await rulesList({ top: 4, ...(cursor ? { cursor } : {}) });
      calls++;
      assert.equal(r.total, rules.length);
      seen.push(...r.rules.map((x) => x.id));
      cursor = r.next_cursor ?? undefined;
      assert.equal(r.has_more, cursor !== undefined);
    } while (cursor && calls < 50);
    assert.deepEqual(
      seen,
      rules.map((r) => r.id),
    );
    const first = await rulesList({ top: 4 });
    const e = errorOf(
      await call(c.client, 'sentinel_analytics_rule_list', {
        top: 4,
        kind: ['NRT'],
        cursor: first.next_cursor,
      }),
    );
    assert.equal(e.code, 'INVALID_ARGUMENT');
  });

  test('get by id or by display name (any case); the whole query and settings', async () => {
    const fatigue = rules.find((r) => r.display_name.startsWith('MFA fatigue'))!;
    const byId = structured<Record<string, unknown>>(
      await call(c.client, 'sentinel_analytics_rule_get', { rule_id: fatigue.id }),
    );
    const byName = structured<Record<string, unknown>>(
      await call(c.client, 'sentinel_analytics_rule_get', { rule_id: fatigue.display_name.toUpperCase() }),
    );
    assert.deepEqual(byName, byId);
    assert.equal(byId['id'], fatigue.id);
    assert.match(byId['query'] as string, /ResultType == "500121"[\s\S]*\| project FirstDenial/);
    assert.equal(byId['event_grouping'], 'SingleAlert');
    assert.deepEqual(byId['entity_mappings'], [
      {
        entity_type: 'Account',
        field_mappings: [
          { identifier: 'FullName', column_name: 'UserPrincipalName' },
          { identifier: 'AadUserId', column_name: 'UserId' },
        ],
      },
      { entity_type: 'IP', field_mappings: [{ identifier: 'Address', column_name: 'IPAddress' }] },
    ]);
    assert.equal((byId['incident_configuration'] as Record<string, unknown>)['create_incident'], true);
    const t = text(await call(c.client, 'sentinel_analytics_rule_get', { rule_id: fatigue.id }));
    assert.match(t, /^id: [0-9a-f-]{36}\ndisplay_name: MFA fatigue/);
    assert.match(t, /\nquery:\nlet threshold = 3;\nSigninLogs\n/);
  });

  test('not found names the id; ambiguous or malformed ids', async () => {
    for (const rule_id of [
      '00000000-1111-2222-3333-444444444444',
      'No such rule',
      "x' or 1 eq 1",
      '../alertRules',
    ]) {
      const e = errorOf(await call(c.client, 'sentinel_analytics_rule_get', { rule_id }));
      assert.equal(e.code, 'NOT_FOUND', rule_id);
      assert.ok(e.message.includes(rule_id), e.message);
    }
    for (const args of [{}, { rule_id: '' }, { rule_id: 'x', extra: 1 }]) {
      assert.equal(
        errorOf(await call(c.client, 'sentinel_analytics_rule_get', args)).code,
        'INVALID_ARGUMENT',
      );
    }
  });
});

describe('templates', () => {
  test('list with filters and paging; get by id or display name; not found', async () => {
    const all = structured<TemplateList>(
      await call(c.client, 'sentinel_analytics_rule_templates_list', { top: 200 }),
    );
    assert.ok(all.total >= 10);
    assert.equal(all.has_more, false);
    const signin = structured<TemplateList>(
      await call(c.client, 'sentinel_analytics_rule_templates_list', { data_source: 'signinlogs', top: 200 }),
    );
    assert.ok(signin.count > 0);
    assert.deepEqual(
      signin.templates.map((t) => t.id),
      all.templates
        .filter((t) => t.data_types.some((d) => d.toLowerCase() === 'signinlogs'))
        .map((t) => t.id),
    );
    const page1 = structured<TemplateList>(
      await call(c.client, 'sentinel_analytics_rule_templates_list', { top: 5 }),
    );
    const page2 = structured<TemplateList>(
      await call(c.client, 'sentinel_analytics_rule_templates_list', { top: 5, cursor: page1.next_cursor }),
    );
    assert.deepEqual(
      [...page1.templates, ...page2.templates].map((t) => t.id),
      all.templates.slice(0, 10).map((t) => t.id),
    );
    const scheduled = all.templates.find((t) => t.kind === 'Scheduled')!;
    const byId = structured<Record<string, unknown>>(
      await call(c.client, 'sentinel_analytics_rule_template_get', { template_id: scheduled.id }),
    );
    const byName = structured<Record<string, unknown>>(
      await call(c.client, 'sentinel_analytics_rule_template_get', { template_id: scheduled.display_name }),
    );
    assert.deepEqual(byName, byId);
    assert.equal(typeof byId['query'], 'string');
    assert.ok((byId['required_data_connectors'] as unknown[]).length > 0);
    const e = errorOf(await call(c.client, 'sentinel_analytics_rule_template_get', { template_id: 'nope' }));
    assert.equal(e.code, 'NOT_FOUND');
    assert.match(e.message, /analytics rule template .*"nope"/);
  });
});

describe('sentinel_analytics_rules_count', () => {
  test('by tactic and by technique agree with the filtered listings', async () => {
    const byTactic = structured<Counts>(
      await call(c.client, 'sentinel_analytics_rules_count', { by: 'tactic' }),
    );
    assert.equal(byTactic.total, rules.length);
    assert.equal(byTactic.without_any, rules.filter((r) => r.tactics.length === 0).length);
    for (const row of byTactic.counts) {
      assert.equal((await rulesList({ tactic: row.name })).total, row.count, row.name);
    }
    const counts = byTactic.counts.map((x) => x.count);
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => b - a),
    );
    const byTechnique = structured<Counts>(
      await call(c.client, 'sentinel_analytics_rules_count', { by: 'technique' }),
    );
    const t1110 = byTechnique.counts.find((x) => x.name === 'T1110')!;
    assert.ok(t1110.sub_techniques.some((s) => s.name === 'T1110.003'));
    for (const row of byTechnique.counts) {
      assert.equal((await rulesList({ technique: row.name })).total, row.count, row.name);
      for (const sub of row.sub_techniques)
        assert.equal((await rulesList({ technique: sub.name })).total, sub.count, sub.name);
    }
    const enabled = structured<Counts>(
      await call(c.client, 'sentinel_analytics_rules_count', { by: 'tactic', enabled: true }),
    );
    assert.equal(enabled.total, rules.filter((r) => r.enabled === true).length);
    const templates = structured<Counts>(
      await call(c.client, 'sentinel_analytics_rules_count', {
        by: 'technique',
        source: 'templates',
        top: 1,
      }),
    );
    assert.equal(templates.counts.length, 1);
    assert.equal(templates.truncated, templates.distinct > 1);
    assert.match(
      text(await call(c.client, 'sentinel_analytics_rules_count', { by: 'technique' })),
      /^\d+ rules counted by technique: \d+ distinct; \d+ without any technique\.\n\| technique/,
    );
    for (const args of [{}, { by: 'procedure' }, { by: 'tactic', source: 'templates', enabled: true }]) {
      assert.equal(
        errorOf(await call(c.client, 'sentinel_analytics_rules_count', args)).code,
        'INVALID_ARGUMENT',
      );
    }
  });
});

// ---- The rule test reproduces the demo's incidents ----

interface IncidentAlert {
  system_alert_id: string;
  name: string;
  product_name: string;
  time_generated: string;
}
interface AlertDetail {
  entities: Record<string, unknown>[];
  analytics_rule_ids: string[];
}

const lower = (v: unknown) => String(v ?? '').toLowerCase();

/** Whether a would-be alert has an entity standing for the alert's entity (IP, account or host). */
function hasEntity(alert: WouldBe, e: Record<string, unknown>): boolean {
  const values = (type: string) =>
    alert.entities
      .filter((x) => x.type.toLowerCase() === type)
      .map((x) => Object.values(x.identifiers).map(lower));
  switch (lower(e['Type'])) {
    case 'ip':
      return values('ip').some((v) => v.includes(lower(e['Address'])));
    case 'account': {
      const keys = [`${lower(e['Name'])}@${lower(e['UPNSuffix'])}`, lower(e['AadUserId']), lower(e['Sid'])];
      return values('account').some((v) => v.some((x) => keys.includes(x)));
    }
    case 'host':
      return values('host').some((v) =>
        v.some((x) => x === lower(e['HostName']) || x.startsWith(`${lower(e['HostName'])}.`)),
      );
    default:
      return true;
  }
}

describe('sentinel_analytics_rule_test reproduces the demo incidents', () => {
  for (const number of [1047, 1048, 1049]) {
    test(`incident ${number}: every alert of a Scheduled rule is raised again, with its IP, account and host entities`, async () => {
      const inc = structured<{ alerts: { items: IncidentAlert[] } }>(
        await call(c.client, 'sentinel_incident_get', { incident_id: number, include: ['alerts'] }),
      );
      const scheduled = inc.alerts.items.filter((a) => a.product_name === 'Azure Sentinel');
      assert.ok(scheduled.length >= 1, `incident ${number} has scheduled alerts`);
      for (const a of scheduled) {
        const detail = structured<AlertDetail>(
          await call(c.client, 'sentinel_alert_get', { alert_id: a.system_alert_id, timespan: 'P30D' }),
        );
        const [ruleId] = detail.analytics_rule_ids;
        assert.ok(ruleId, `${a.name}: the alert names its rule`);
        const rule = rules.find((r) => r.id === ruleId);
        assert.equal(
          rule?.kind,
          'Scheduled',
          `${a.name}: rule ${ruleId} is a Scheduled rule of the workspace`,
        );
        const r = await ruleTest({ rule_id: ruleId, end_time: a.time_generated });
        assert.equal(r.evaluation_count, 1);
        assert.equal(r.failed_count, 0, JSON.stringify(r.evaluations));
        assert.equal(r.fired_count, 1, `${a.name} fires at ${a.time_generated}`);
        const wanted = detail.entities.filter((e) => ['ip', 'account', 'host'].includes(lower(e['Type'])));
        assert.ok(wanted.length > 0);
        const match = r.alerts.find((w) => wanted.every((e) => hasEntity(w, e)));
        assert.ok(
          match,
          `${a.name}: no would-be alert has all of ${JSON.stringify(wanted)}; got ${JSON.stringify(r.alerts.map((w) => w.entities))}`,
        );
        assert.equal(match.display_name, a.name);
      }
    });
  }
});

describe('sentinel_analytics_rule_test', () => {
  test('a window of evaluations: the spray rule fires only once the spray happened', async () => {
    const spray = rules.find((r) => r.display_name === 'Password spray attack against Microsoft Entra ID')!;
    const alert = structured<{ alerts: { time_generated: string; start_time: string }[] }>(
      await call(c.client, 'sentinel_alert_list', { search: 'Password spray attack', timespan: 'P30D' }),
    ).alerts[0]!;
    const end = new Date(Date.parse(alert.time_generated) + 2 * 3600_000).toISOString();
    const start = new Date(Date.parse(alert.start_time) - 3 * 3600_000).toISOString();
    const r = await ruleTest({ rule_id: spray.id, start_time: start, end_time: end });
    assert.equal(r.rule.frequency, 'PT1H');
    assert.equal(r.evaluation_count, r.evaluations.length);
    assert.ok(r.evaluation_count >= 5 && r.evaluation_count <= 8, `${r.evaluation_count}`);
    const times = r.evaluations.map((e) => e.time);
    assert.deepEqual(times, [...times].sort());
    assert.equal(times.at(-1), new Date(end).toISOString());
    assert.equal(r.evaluations[0]!.fired, false, 'before the spray: no alert');
    assert.equal(r.evaluations.at(-1)!.fired, true);
    assert.equal(r.alerts.length >= 1, true);
    // The same three IPs in every firing evaluation: one distinct alert raised by several evaluations.
    const ips = r.alerts.find((a) => a.entities.length === 3);
    assert.ok(ips && ips.evaluations >= 1);
    assert.ok(r.sample && r.sample.columns.some((col) => col.name === 'IPAddress'));
    const t = text(
      await call(c.client, 'sentinel_analytics_rule_test', { rule_id: spray.id, end_time: end }),
    );
    assert.match(
      t,
      /^rule "Password spray attack against Microsoft Entra ID" \(Scheduled; every PT1H over P1D/,
    );
    assert.match(t, /Would-be alerts \(1 distinct\):\n1\. Password spray attack/);
    assert.match(t, /entities: IP Address=/);
  });

  test('inline draft rule: trigger, grouping, name format, entity mappings, custom details', async () => {
    const spray = structured<{ alerts: { time_generated: string }[] }>(
      await call(c.client, 'sentinel_alert_list', { search: 'Password spray attack', timespan: 'P30D' }),
    ).alerts[0]!;
    const base = {
      query:
        'SigninLogs | where ResultType == "50126" | summarize Accounts = dcount(UserPrincipalName) by IPAddress | where Accounts >= 10',
      query_frequency: '1h',
      query_period: 'P1D',
      end_time: spray.time_generated,
    };
    const single = await ruleTest({
      ...base,
      entity_mappings: [
        { entity_type: 'IP', field_mappings: [{ identifier: 'Address', column_name: 'IPAddress' }] },
      ],
      alert_display_name_format: 'Spray from {{IPAddress}}',
      custom_details: { Accounts: 'Accounts' },
      display_name: 'Draft spray',
    });
    assert.equal(single.rule.source, 'inline');
    assert.equal(single.rule.display_name, 'Draft spray');
    assert.equal(single.fired_count, 1);
    assert.equal(single.alerts.length, 1);
    assert.equal(single.alerts[0]!.entities.length, single.evaluations[0]!.result_count);
    assert.match(single.alerts[0]!.display_name, /^Spray from \d+\.\d+\.\d+\.\d+$/);
    assert.equal(single.alerts[0]!.severity, 'Medium');
    const per = await ruleTest({
      ...base,
      aggregation: 'AlertPerResult',
      severity: 'High',
      entity_mappings: [
        { entity_type: 'IP', field_mappings: [{ identifier: 'Address', column_name: 'IPAddress' }] },
      ],
      alert_display_name_format: 'Spray from {{IPAddress}}',
    });
    assert.equal(per.alerts.length, per.evaluations[0]!.result_count);
    assert.deepEqual(per.alerts.map((a) => a.entities[0]!.identifiers['Address']).sort(), [
      '113.161.7.44',
      '14.161.22.85',
      '193.233.48.17',
    ]);
    assert.ok(per.alerts.every((a) => a.severity === 'High'));
    const threshold = await ruleTest({ ...base, trigger_threshold: 3 });
    assert.equal(threshold.fired_count, 0, 'three results are not more than three');
    const less = await ruleTest({ ...base, trigger_operator: 'LessThan', trigger_threshold: 1 });
    assert.equal(less.fired_count, 0);
    const override = await ruleTest({
      rule_id: 'Password spray attack against Microsoft Entra ID',
      end_time: spray.time_generated,
      trigger_threshold: 5,
    });
    assert.equal(override.fired_count, 0);
    assert.ok(override.notes.some((n) => /trigger_threshold/.test(n)));
  });

  test('NRT rules are evaluated in 5-minute windows and say so; rules without a query are unsupported', async () => {
    const nrt = rules.find((r) => r.kind === 'NRT')!;
    const end = new Date(Date.now() - 60_000).toISOString();
    const start = new Date(Date.now() - 61_000 - 20 * 60_000).toISOString();
    const r = await ruleTest({ rule_id: nrt.id, start_time: start, end_time: end });
    assert.equal(r.rule.kind, 'NRT');
    assert.equal(r.rule.frequency, 'PT5M');
    assert.equal(r.evaluation_count, 5);
    assert.ok(r.notes.some((n) => /NRT/.test(n)));
    for (const kind of ['Fusion', 'MicrosoftSecurityIncidentCreation']) {
      const rule = rules.find((x) => x.kind === kind)!;
      const e = errorOf(await call(c.client, 'sentinel_analytics_rule_test', { rule_id: rule.id }));
      assert.equal(e.code, 'UNSUPPORTED', kind);
      assert.ok(e.message.includes(kind) && e.message.includes(rule.display_name), e.message);
    }
  });

  test('errors: query errors fail the call; too many evaluations; bad durations and combinations', async () => {
    const syntax = errorOf(
      await call(c.client, 'sentinel_analytics_rule_test', {
        query: 'SigninLogs | where',
        query_frequency: 'PT1H',
        query_period: 'PT1H',
      }),
    );
    assert.equal(syntax.code, 'KQL_SYNTAX');
    const semantic = errorOf(
      await call(c.client, 'sentinel_analytics_rule_test', {
        query: 'NoSuchTable | take 1',
        query_frequency: 'PT1H',
        query_period: 'PT1H',
      }),
    );
    assert.match(semantic.code, /^KQL_(SEMANTIC|SYNTAX)$/);
    const many = errorOf(
      await call(c.client, 'sentinel_analytics_rule_test', {
        query: 'SigninLogs | take 1',
        query_frequency: 'PT1H',
        query_period: 'PT1H',
        start_time: '2024-05-01T00:00:00Z',
        end_time: '2024-05-04T00:00:00Z',
      }),
    );
    assert.equal(many.code, 'INVALID_ARGUMENT');
    assert.match(many.message, /73 evaluations; the limit is 50/);
    assert.match(many.hint ?? '', /P2DT1H/);
    const invalid: Record<string, unknown>[] = [
      {},
      { rule_id: 'x', query: 'SigninLogs' },
      { query: 'SigninLogs' },
      { query: 'SigninLogs', query_frequency: 'often', query_period: 'PT1H' },
      { query: 'SigninLogs', query_frequency: 'PT1M', query_period: 'PT1H' },
      { query: 'SigninLogs', query_frequency: 'PT1H', query_period: 'P15D' },
      { query: 'SigninLogs', query_frequency: 'PT1H', query_period: 'PT1H', trigger_operator: 'Greater' },
      { query: 'SigninLogs', query_frequency: 'PT1H', query_period: 'PT1H', end_time: 'now' },
      {
        query: 'SigninLogs',
        query_frequency: 'PT1H',
        query_period: 'PT1H',
        start_time: '2024-05-02T00:00:00Z',
        end_time: '2024-05-01T00:00:00Z',
      },
      { query: '.drop table SigninLogs', query_frequency: 'PT1H', query_period: 'PT1H' },
    ];
    for (const args of invalid) {
      assert.equal(
        errorOf(await call(c.client, 'sentinel_analytics_rule_test', args)).code,
        'INVALID_ARGUMENT',
        JSON.stringify(args),
      );
    }
    const missing = errorOf(
      await call(c.client, 'sentinel_analytics_rule_test', { rule_id: 'No such rule' }),
    );
    assert.equal(missing.code, 'NOT_FOUND');
  });
});
