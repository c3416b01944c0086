// The prompts through a real MCP client on the demo: prompts/list (names, argument descriptions,
// required flags), prompts/get with valid, missing and invalid arguments, completion/complete of every
// completable argument, every KQL block a prompt gives validates (and, for the demo story's user, leads
// to the incident, the sign-ins, the inbox rule and the host), every resource a prompt names resolves
// and every tool it names is registered.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ErrorCode, McpError, type GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { buildStory, type DemoStory } from '../../src/backends/local/demo/story.js';
import type { Backend } from '../../src/backends/backend.js';
import { ALL_PROMPTS } from '../../src/prompts/index.js';
import { incidentCompleter, tableListCompleter } from '../../src/prompts/complete.js';
import { THREATS } from '../../src/prompts/threats.js';
import { call, connect, structured, text, type Connected } from '../helpers/mcp.js';

const story: DemoStory = buildStory(new Date(), { name: 'x', id: 'y' });
const UPN = story.compromisedUser.userPrincipalName;
const HOST = story.host.name;
const ATTACKER_IP = story.attackerSignIn.address;

let c: Connected;
let toolNames: Set<string>;
/** Each tool's input parameters. */
let toolParams: Map<string, string[]>;
/** Every prompt text produced by the tests below, for the resource and tool checks. */
const texts = new Map<string, string>();

before(async () => {
  c = await connect();
  const { tools } = await c.client.listTools();
  toolNames = new Set(tools.map((t) => t.name));
  toolParams = new Map(tools.map((t) => [t.name, Object.keys(t.inputSchema.properties ?? {})]));
});

after(async () => {
  await c.close();
});

async function get(name: string, args: Record<string, string>): Promise<string> {
  const r: GetPromptResult = await c.client.getPrompt({ name, arguments: args });
  assert.equal(r.messages.length, 1);
  const m = r.messages[0]!;
  assert.equal(m.role, 'user');
  assert.equal(m.content.type, 'text');
  const body = m.content.type === 'text' ? m.content.text : '';
  texts.set(`${name} ${JSON.stringify(args)}`, body);
  return body;
}

async function rejects(name: string, args: Record<string, string>, pattern: RegExp): Promise<void> {
  await assert.rejects(c.client.getPrompt({ name, arguments: args }), (error: unknown) => {
    assert.ok(error instanceof McpError, `an McpError, got ${String(error)}`);
    assert.equal(error.code, ErrorCode.InvalidParams, error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

async function complete(prompt: string, argument: string, value: string, context?: Record<string, string>) {
  const r = await c.client.complete({
    ref: { type: 'ref/prompt', name: prompt },
    argument: { name: argument, value },
    ...(context ? { context: { arguments: context } } : {}),
  });
  return r.completion;
}

/** The fenced KQL blocks of a prompt text (indented inside list items or not). */
function kqlBlocks(body: string): string[] {
  return [...body.matchAll(/^[ \t]*```kql\n([\s\S]*?)\n[ \t]*```/gm)].map((m) => m[1]!);
}

const VALID: Record<string, Record<string, string>[]> = {
  sentinel_analytics_create_detection: [
    { threat_type: 'password spray' },
    { threat_type: 'MFA fatigue', data_source: 'SigninLogs', time_window: 'PT1H' },
    { threat_type: 'unusual service principal consent', time_window: 'P7D' },
    { threat_type: 'impossible travel', time_window: 'P30D' },
  ],
  sentinel_hunting_create_query: [
    { objective: 'accounts that registered a new MFA method right after a sign-in from a new country' },
    {
      objective: 'C2 beaconing from workstations',
      tables: 'DeviceNetworkEvents, CommonSecurityLog',
      conditions: 'last 7 days',
    },
    { objective: 'odd logons', tables: 'SigninLog, DeviceInfo' },
  ],
  sentinel_kql_build: [
    { goal: 'failed sign-ins per user and country, top 20' },
    { goal: 'processes that ran certutil with a URL', tables: 'DeviceProcessEvents', timespan: 'P7D' },
  ],
  sentinel_hunting_investigate_ip: [
    { ip_address: ATTACKER_IP },
    { ip_address: '10.20.1.15' },
    { ip_address: '2001:db8::1' },
  ],
  sentinel_incident_respond: [
    { incident_id: String(story.incidentNumbers.compromisedAccount) },
    { incident_id: story.incidents[0]!.id },
  ],
  sentinel_security_investigation: [
    { entity: UPN, entity_type: 'user' },
    { entity: story.compromisedUser.objectId, entity_type: 'user' },
    { entity: `FERNBROOK\\${story.compromisedUser.samAccountName}`, entity_type: 'user' },
    { entity: "sean.o'brien", entity_type: 'user' },
    { entity: HOST, entity_type: 'host' },
    { entity: story.beacon.address, entity_type: 'ip' },
    { entity: story.payload.downloadUrl, entity_type: 'url' },
    { entity: story.beacon.domain, entity_type: 'domain' },
    { entity: story.payload.sha256, entity_type: 'file_hash' },
    { entity: story.payload.md5.toUpperCase(), entity_type: 'file_hash' },
  ],
  sentinel_workspace_visualize: [{}, { focus: 'connectors' }, { focus: 'rules' }, { focus: 'incidents' }],
};

/** Tools each prompt must name (the order of use is in the text; these must all be there). */
const MUST_NAME: Record<string, string[]> = {
  sentinel_analytics_create_detection: [
    'sentinel_analytics_rule_list',
    'sentinel_analytics_rule_templates_list',
    'sentinel_logs_tables_list',
    'sentinel_query_validate',
    'sentinel_logs_search',
    'sentinel_logs_search_with_dummy_data',
  ],
  sentinel_hunting_create_query: [
    'sentinel_hunting_queries_list',
    'sentinel_hunting_query_run',
    'sentinel_query_validate',
    'sentinel_logs_search',
  ],
  sentinel_kql_build: [
    'sentinel_logs_table_schema_get',
    'sentinel_query_validate',
    'sentinel_logs_search',
    'sentinel_logs_search_with_dummy_data',
  ],
  sentinel_hunting_investigate_ip: [
    'sentinel_ip_geodata_get',
    'sentinel_ti_indicators_list',
    'sentinel_logs_search',
    'sentinel_alert_list',
    'sentinel_incident_get',
  ],
  sentinel_incident_respond: [
    'sentinel_incident_get',
    'sentinel_alert_get',
    'sentinel_analytics_rule_get',
    'sentinel_analytics_rule_test',
    'entra_id_get_user',
    'sentinel_ip_geodata_get',
  ],
  sentinel_security_investigation: ['sentinel_alert_list', 'sentinel_incident_list', 'sentinel_incident_get'],
  sentinel_workspace_visualize: [
    'sentinel_connectors_list',
    'sentinel_logs_tables_list',
    'sentinel_analytics_rule_list',
    'sentinel_incident_list',
  ],
  'sentinel_workspace_visualize connectors': [
    'sentinel_connectors_list',
    'sentinel_dcr_list',
    'sentinel_logs_tables_list',
  ],
  'sentinel_workspace_visualize rules': [
    'sentinel_logs_tables_list',
    'sentinel_analytics_rule_list',
    'sentinel_query_validate',
  ],
  'sentinel_workspace_visualize incidents': ['sentinel_analytics_rule_list', 'sentinel_incident_list'],
};

describe('prompts/list', () => {
  test('lists the seven prompts with titles, descriptions, described arguments and required flags', async () => {
    const { prompts } = await c.client.listPrompts();
    const byName = new Map(prompts.map((p) => [p.name, p]));
    const expected: Record<string, Record<string, boolean>> = {
      sentinel_analytics_create_detection: { threat_type: true, data_source: false, time_window: false },
      sentinel_hunting_create_query: { objective: true, tables: false, conditions: false },
      sentinel_kql_build: { goal: true, tables: false, timespan: false },
      sentinel_hunting_investigate_ip: { ip_address: true },
      sentinel_incident_respond: { incident_id: true },
      sentinel_security_investigation: { entity: true, entity_type: true },
      sentinel_workspace_visualize: { focus: false },
    };
    assert.deepEqual([...byName.keys()].sort(), Object.keys(expected).sort());
    assert.deepEqual(
      ALL_PROMPTS.map((p) => p.name),
      prompts.map((p) => p.name),
      'the registry order is the list order',
    );
    for (const [name, args] of Object.entries(expected)) {
      const p = byName.get(name)!;
      assert.ok(p.title && p.title.length > 5, `${name} has a title`);
      assert.ok(p.description && p.description.length > 80, `${name} has a description`);
      const got = Object.fromEntries((p.arguments ?? []).map((a) => [a.name, a.required]));
      assert.deepEqual(got, args, `${name} arguments and required flags`);
      for (const a of p.arguments ?? []) {
        assert.ok(a.description && a.description.length > 15, `${name}.${a.name} is described`);
      }
    }
  });

  test('the server declares the prompts and completions capabilities', () => {
    const caps = c.client.getServerCapabilities();
    assert.ok(caps?.prompts, 'prompts capability');
    assert.ok(caps?.completions, 'completions capability');
  });
});

describe('prompts/get with valid arguments', () => {
  for (const [name, variants] of Object.entries(VALID)) {
    test(`${name}: every variant renders and names its tools`, async () => {
      for (const args of variants) {
        const body = await get(name, args);
        assert.ok(body.length > 800, `${name} ${JSON.stringify(args)} has substance`);
        const must = args.focus ? MUST_NAME[`${name} ${args.focus}`] : MUST_NAME[name];
        assert.ok(must, `tools to name for ${name} ${JSON.stringify(args)}`);
        for (const tool of must) {
          assert.ok(body.includes(tool), `${name} ${JSON.stringify(args)} names ${tool}`);
        }
        assert.match(body, /## Ground rules/);
      }
    });
  }

  test('the investigation of the story’s user names the incident, sign-in, inbox-rule and host steps, in order', async () => {
    const body = await get('sentinel_security_investigation', { entity: UPN, entity_type: 'user' });
    const order = [
      'entra_id_get_user',
      'sentinel_alert_list',
      'sentinel_incident_list',
      'sentinel_incident_get',
      'SigninLogs',
      'AuditLogs',
      'New-InboxRule',
      'Set-Mailbox',
      'DeviceLogonEvents',
      'EventID == 4624',
      'DeviceProcessEvents',
      'DeviceNetworkEvents',
      'sentinel_ip_geodata_get',
    ];
    let at = -1;
    for (const word of order) {
      const i = body.indexOf(word, at + 1);
      assert.ok(i > at, `${word} comes after the previous step`);
      at = i;
    }
    assert.ok(body.includes(`let upn = "${UPN}";`), 'the UPN is a KQL string literal');
    assert.ok(body.includes(`let account = "${story.compromisedUser.samAccountName}";`));
  });

  test('the story’s user: the queries it gives lead to the incident, the sign-ins, the inbox rule and the host', async () => {
    const body = await get('sentinel_security_investigation', { entity: UPN, entity_type: 'user' });
    const blocks = kqlBlocks(body);
    assert.ok(blocks.length >= 8, `${blocks.length} queries`);
    const results: string[] = [];
    for (const query of blocks) {
      const r = await call(c.client, 'sentinel_logs_search', { query, max_rows: 200 });
      assert.ok(!r.isError, `runs: ${text(r)}\n${query}`);
      results.push(text(r));
    }
    const all = results.join('\n');
    const incident = story.incidents.find((i) => i.number === story.incidentNumbers.compromisedAccount)!;
    assert.ok(all.includes(`| ${incident.number} |`), `the incident ${incident.number} is found`);
    assert.ok(all.includes(incident.title), 'with its title');
    assert.ok(all.includes(ATTACKER_IP), `the attacker's sign-ins from ${ATTACKER_IP}`);
    assert.ok(all.includes('500121'), 'the MFA denials');
    assert.ok(all.includes('New-InboxRule') && all.includes(story.inboxRule.forwardTo), 'the inbox rule');
    assert.ok(all.includes(story.mailForwarding.address) && all.includes('Set-Mailbox'), 'the forwarding');
    assert.ok(all.includes(HOST), `the host ${HOST}`);
    assert.ok(all.includes(story.remoteLogon.gateway), 'the RD gateway');
    assert.ok(all.includes('certutil'), 'what ran on the host');
    assert.ok(all.includes(story.beacon.address), 'the beacon destination');

    // The tools it names for the incident, when they are registered, find the same incident.
    if (toolNames.has('sentinel_alert_list')) {
      const alerts = await call(c.client, 'sentinel_alert_list', { entity: UPN, timespan: 'P30D' });
      assert.ok(!alerts.isError, text(alerts));
      assert.match(text(alerts), /inbox rule/i);
    }
    if (toolNames.has('sentinel_incident_get')) {
      const got = await call(c.client, 'sentinel_incident_get', { incident_id: String(incident.number) });
      assert.ok(!got.isError, text(got));
      assert.ok(text(got).includes(incident.title));
    }
  });

  test('the host and IP investigations find the story’s host activity and the attacker', async () => {
    const host = await get('sentinel_security_investigation', { entity: HOST, entity_type: 'host' });
    const hostResults = [];
    for (const query of kqlBlocks(host)) {
      const r = await call(c.client, 'sentinel_logs_search', { query, max_rows: 100 });
      assert.ok(!r.isError, `runs: ${text(r)}\n${query}`);
      hostResults.push(text(r));
    }
    const h = hostResults.join('\n');
    assert.ok(h.includes('-enc') && h.includes('rundll32'), 'the encoded PowerShell and rundll32');
    assert.ok(
      h.includes(story.beacon.address) && h.includes('C2'),
      'the beacon matched with threat intelligence',
    );
    assert.ok(h.includes(story.compromisedUser.samAccountName), 'the user who logged on');

    const ip = await get('sentinel_hunting_investigate_ip', { ip_address: ATTACKER_IP });
    assert.ok(ip.includes(`let ip = "${ATTACKER_IP}";`));
    const ipResults = [];
    for (const query of kqlBlocks(ip)) {
      const r = await call(c.client, 'sentinel_logs_search', { query, max_rows: 100 });
      assert.ok(!r.isError, `runs: ${text(r)}\n${query}`);
      ipResults.push(text(r));
    }
    const i = ipResults.join('\n');
    assert.ok(i.includes(UPN), 'the account that signed in from it');
    assert.ok(i.includes('OfficeActivity') && i.includes('New-InboxRule'), 'what it did in Microsoft 365');
  });

  test('an internal address is said to be internal; no geolocation is asked for', async () => {
    const body = await get('sentinel_hunting_investigate_ip', { ip_address: '10.20.1.15' });
    assert.match(body, /10\.0\.0\.0\/8 private-use/);
    assert.ok(!body.includes('sentinel_ip_geodata_get with ip'));
  });

  test('a detection for a known threat carries its notes and query; an unknown one says so', async () => {
    const spray = await get('sentinel_analytics_create_detection', {
      threat_type: 'Password Spray',
      time_window: 'PT6H',
    });
    assert.match(spray, /T1110\.003/);
    assert.match(spray, /ago\(6h\)/);
    assert.match(spray, /queryPeriod PT6H/);
    const other = await get('sentinel_analytics_create_detection', { threat_type: 'rogue USB keyboards' });
    assert.match(other, /No built-in notes for "rogue USB keyboards"/);
    const long = await get('sentinel_analytics_create_detection', {
      threat_type: 'brute force',
      time_window: 'P30D',
    });
    assert.match(long, /at most 14 days/);
  });

  test('the detection a prompt starts from, replayed as a draft rule, fires on the story', async () => {
    const body = await get('sentinel_analytics_create_detection', {
      threat_type: 'MFA fatigue',
      time_window: 'P7D',
    });
    const [query] = kqlBlocks(body);
    assert.ok(query?.includes('ago(7d)'));
    const r = structured<{ fired_count: number; alerts: unknown[]; sample: unknown }>(
      await call(c.client, 'sentinel_analytics_rule_test', {
        query,
        query_frequency: 'P7D',
        query_period: 'P7D',
      }),
    );
    assert.ok(r.fired_count >= 1, `fired ${r.fired_count}`);
    assert.ok(JSON.stringify(r.sample).includes(UPN), 'the rows behind it name the user');
  });

  test('tables the workspace lacks or nobody knows are called out; known ones link to their schema', async () => {
    const body = await get('sentinel_hunting_create_query', {
      objective: 'odd logons',
      tables: 'SigninLog, DeviceInfo, signinlogs',
    });
    assert.match(body, /- SigninLog: neither this workspace nor the table catalog knows it/);
    assert.match(body, /- DeviceInfo: a known table, but this workspace has no DeviceInfo/);
    assert.match(body, /- SigninLogs: columns in sentinel:\/\/tables\/SigninLogs/);
  });

  test('every KQL block of every prompt is valid KQL for this workspace', async () => {
    for (const threat of THREATS) {
      await get('sentinel_analytics_create_detection', { threat_type: threat.name });
    }
    // The texts from the tests above, plus one per threat.
    for (const [name, args] of Object.entries(VALID).flatMap(([n, vs]) => vs.map((v) => [n, v] as const))) {
      await get(name, args);
    }
    let count = 0;
    for (const [key, body] of texts) {
      for (const query of kqlBlocks(body)) {
        const v = structured<{ valid: boolean; diagnostics: { severity: string; message: string }[] }>(
          await call(c.client, 'sentinel_query_validate', { query }),
        );
        const errors = v.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
        assert.ok(v.valid, `${key}: ${errors.join('; ')}\n${query}`);
        count++;
      }
    }
    assert.ok(count >= 60, `${count} queries validated`);
  });
});

describe('prompts/get with missing or invalid arguments', () => {
  test('a missing required argument is InvalidParams naming it', async () => {
    await rejects('sentinel_hunting_investigate_ip', {}, /a value is required.*ip_address/);
    await rejects('sentinel_security_investigation', { entity: UPN }, /entity_type/);
    await rejects('sentinel_security_investigation', { entity_type: 'user' }, /a value is required.*entity/);
    await rejects('sentinel_incident_respond', {}, /incident_id/);
    await rejects('sentinel_analytics_create_detection', { data_source: 'SigninLogs' }, /threat_type/);
    await rejects('sentinel_hunting_create_query', { tables: 'SigninLogs' }, /objective/);
    await rejects('sentinel_kql_build', { goal: '   ' }, /must not be empty.*goal/);
  });

  test('invalid values are InvalidParams with a message that says what is expected', async () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      [
        'sentinel_hunting_investigate_ip',
        { ip_address: '999.1.1.1' },
        /ip_address: "999\.1\.1\.1" is not an IP address/,
      ],
      [
        'sentinel_hunting_investigate_ip',
        { ip_address: '1.2.3.4"; drop' },
        /ip_address: .* is not an IP address/,
      ],
      [
        'sentinel_hunting_investigate_ip',
        { ip_address: '1.2.3.4/24' },
        /not an IP address.*without port, prefix/,
      ],
      ['sentinel_hunting_investigate_ip', { ip_address: 'fe80::1%eth0' }, /not an IP address/],
      [
        'sentinel_security_investigation',
        { entity: UPN, entity_type: 'printer' },
        /entity_type.*|must be one of user, host, ip, url, domain, file_hash/,
      ],
      [
        'sentinel_security_investigation',
        { entity: `${UPN}" | take 1`, entity_type: 'user' },
        /entity: .* is not a user/,
      ],
      [
        'sentinel_security_investigation',
        { entity: 'FB-WS-005; whoami', entity_type: 'host' },
        /is not a host name/,
      ],
      [
        'sentinel_security_investigation',
        { entity: '10.0.0.1', entity_type: 'host' },
        /for an address use entity_type ip/,
      ],
      [
        'sentinel_security_investigation',
        { entity: 'not a hash', entity_type: 'file_hash' },
        /is not a file hash/,
      ],
      [
        'sentinel_security_investigation',
        { entity: 'javascript:alert(1)', entity_type: 'url' },
        /is not a URL this prompt takes/,
      ],
      [
        'sentinel_security_investigation',
        { entity: 'evil"com', entity_type: 'domain' },
        /is not a domain name/,
      ],
      [
        'sentinel_security_investigation',
        { entity: '1.2.3.4"; drop', entity_type: 'ip' },
        /is not an IP address/,
      ],
      [
        'sentinel_incident_respond',
        { incident_id: '1047 or 1 == 1' },
        /neither an incident number .* nor an incident id/,
      ],
      ['sentinel_incident_respond', { incident_id: '-5' }, /neither an incident number/],
      [
        'sentinel_analytics_create_detection',
        { threat_type: 'spray', time_window: 'P1Y' },
        /time_window: "P1Y" is not a duration/,
      ],
      [
        'sentinel_analytics_create_detection',
        { threat_type: 'spray', time_window: 'P400D' },
        /at most a year/,
      ],
      [
        'sentinel_analytics_create_detection',
        { threat_type: 'spray', data_source: 'SigninLogs | take 1' },
        /data_source: "\|" is not a table name/,
      ],
      ['sentinel_analytics_create_detection', { threat_type: 'spray\u0007' }, /control characters/],
      ['sentinel_kql_build', { goal: 'x', timespan: 'yesterday' }, /timespan: "yesterday" is not a duration/],
      [
        'sentinel_kql_build',
        { goal: 'x', tables: "SigninLogs, Audit'Logs" },
        /"Audit'Logs" is not a table name/,
      ],
      [
        'sentinel_workspace_visualize',
        { focus: 'everything' },
        /must be one of all, connectors, rules, incidents/,
      ],
    ];
    for (const [name, args, pattern] of cases) await rejects(name, args, pattern);
  });

  test('an unknown prompt is InvalidParams', async () => {
    await rejects('sentinel_no_such_prompt', {}, /Prompt sentinel_no_such_prompt not found/);
  });
});

describe('completion/complete', () => {
  test('table arguments complete to table names, case-insensitively, the workspace first', async () => {
    for (const [prompt, arg] of [
      ['sentinel_kql_build', 'tables'],
      ['sentinel_hunting_create_query', 'tables'],
      ['sentinel_analytics_create_detection', 'data_source'],
    ] as const) {
      const r = await complete(prompt, arg, 'Sig');
      assert.ok(r.values.includes('SigninLogs'), `${prompt}.${arg}: ${r.values.join(', ')}`);
      assert.ok(
        r.values.every((v) => v.toLowerCase().startsWith('sig')),
        'prefix-filtered',
      );
      const lower = await complete(prompt, arg, 'devicel');
      assert.ok(lower.values.includes('DeviceLogonEvents'));
    }
  });

  test('a table list completes its last name and keeps the ones before', async () => {
    const r = await complete('sentinel_kql_build', 'tables', 'SigninLogs, Aud');
    assert.ok(r.values.includes('SigninLogs, AuditLogs'), r.values.join(' | '));
    const again = await complete('sentinel_kql_build', 'tables', 'SigninLogs, Sig');
    assert.ok(
      !again.values.includes('SigninLogs, SigninLogs'),
      'a table already listed is not offered again',
    );
  });

  test('at most 100 values, with the total and hasMore', async () => {
    const r = await complete('sentinel_kql_build', 'tables', '');
    assert.equal(r.values.length, 100);
    assert.equal(r.hasMore, true);
    assert.ok((r.total ?? 0) > 300, `total ${r.total}`);
  });

  test('fixed lists: entity_type, focus, time windows, threats', async () => {
    assert.deepEqual((await complete('sentinel_security_investigation', 'entity_type', '')).values, [
      'user',
      'host',
      'ip',
      'url',
      'domain',
      'file_hash',
    ]);
    assert.deepEqual((await complete('sentinel_security_investigation', 'entity_type', 'F')).values, [
      'file_hash',
    ]);
    assert.deepEqual((await complete('sentinel_workspace_visualize', 'focus', 'in')).values, ['incidents']);
    assert.deepEqual((await complete('sentinel_kql_build', 'timespan', 'p1')).values, ['P1D', 'P14D']);
    assert.deepEqual((await complete('sentinel_analytics_create_detection', 'time_window', 'PT')).values, [
      'PT1H',
      'PT6H',
      'PT12H',
    ]);
    const threats = (await complete('sentinel_analytics_create_detection', 'threat_type', 'mfa')).values;
    assert.ok(
      threats.includes('MFA fatigue') && threats.includes('MFA method registration'),
      threats.join(', '),
    );
    assert.deepEqual(
      (await complete('sentinel_analytics_create_detection', 'threat_type', 'zzz')).values,
      [],
    );
  });

  test('free-text arguments have no completion', async () => {
    assert.deepEqual((await complete('sentinel_kql_build', 'goal', 'fail')).values, []);
    assert.deepEqual((await complete('sentinel_security_investigation', 'entity', 'meg')).values, []);
  });

  test('incident_id completes to the workspace’s incident numbers', async () => {
    const r = await complete('sentinel_incident_respond', 'incident_id', '104');
    for (const n of Object.values(story.incidentNumbers)) {
      assert.ok(r.values.includes(String(n)), `${n} in ${r.values.join(', ')}`);
    }
    assert.ok(r.values.every((v) => v.startsWith('104')));
    assert.deepEqual((await complete('sentinel_incident_respond', 'incident_id', '9999')).values, []);
  });
});

describe('completers never throw', () => {
  const failing = { backend: () => Promise.reject(new Error('no workspace')) };
  const noObjects = { backend: () => Promise.resolve({} as Backend) };
  const brokenObjects = {
    backend: () =>
      Promise.resolve({
        objects: { list: () => Promise.reject(new Error('503')) },
        validationSchema: () => Promise.reject(new Error('503')),
      } as unknown as Backend),
  };

  test('incident_id: no workspace, no incidents API or a failing one give no values', async () => {
    assert.deepEqual(await incidentCompleter(failing)('10'), []);
    assert.deepEqual(await incidentCompleter(noObjects)('10'), []);
    assert.deepEqual(await incidentCompleter(brokenObjects)('10'), []);
  });

  test('tables: with the workspace unreadable, the catalog still completes', async () => {
    const r = await tableListCompleter(brokenObjects)('Sig');
    assert.ok(r.includes('SigninLogs'));
  });
});

describe('what prompts mention exists', () => {
  async function allTexts(): Promise<Map<string, string>> {
    for (const [name, variants] of Object.entries(VALID)) {
      for (const args of variants) if (!texts.has(`${name} ${JSON.stringify(args)}`)) await get(name, args);
    }
    return texts;
  }

  test('every resource URI a prompt mentions resolves', async () => {
    const uris = new Set<string>();
    for (const body of (await allTexts()).values()) {
      for (const m of body.matchAll(/sentinel:\/\/[A-Za-z0-9_/{}.-]+/g)) uris.add(m[0].replace(/[.]+$/, ''));
    }
    assert.ok(uris.size >= 6, [...uris].join(', '));
    assert.ok(uris.has('sentinel://tables/{name}'));
    for (const uri of uris) {
      const real = uri.replace('{name}', 'SigninLogs');
      const r = await c.client.readResource({ uri: real });
      const body = r.contents[0];
      assert.ok(body && 'text' in body && body.text.length > 100, `${uri} resolves`);
    }
  });

  test('every tool a prompt mentions is registered', async () => {
    const prompts = new Set(ALL_PROMPTS.map((p) => p.name));
    const mentioned = new Set<string>();
    for (const body of (await allTexts()).values()) {
      for (const m of body.matchAll(/\b(?:sentinel|entra_id|log_analytics)_[a-z0-9_]+/g)) mentioned.add(m[0]);
    }
    for (const name of prompts)
      assert.ok(!mentioned.has(name), `a prompt names the prompt ${name}: a model cannot call it`);
    const missing = [...mentioned].filter((n) => !toolNames.has(n)).sort();
    assert.ok(mentioned.size >= 25, `${mentioned.size} tools mentioned`);
    assert.deepEqual(missing, [], `tools named by prompts but not registered: ${missing.join(', ')}`);
  });

  test('the parameters a prompt gives a tool are that tool’s parameters', async () => {
    let checked = 0;
    for (const [key, body] of await allTexts()) {
      for (const m of body.matchAll(
        /\b((?:sentinel|entra_id|log_analytics)_[a-z0-9_]+)\s+(?:with\s+|\()([a-z_]+)\s*[=)]/g,
      )) {
        const [, tool, param] = m;
        const params = toolParams.get(tool!);
        if (!params) continue; // reported by the test above
        assert.ok(
          params.includes(param!),
          `${key}: ${tool} has no parameter ${param} (it has ${params.join(', ')})`,
        );
        checked++;
      }
    }
    assert.ok(checked >= 30, `${checked} tool parameters checked`);
  });
});
