// Parity of the analytics tools: rules, templates, counts and rule tests on the demo served by the
// LocalBackend and, through the HTTPS fake of Azure (ARM pages of 4), by the AzureBackend.
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

async function same<T = Record<string, unknown>>(name: string, args: Record<string, unknown>): Promise<T> {
  const [l, a] = await both(name, args);
  const local = structured<Record<string, unknown>>(l);
  // Array cursors (pageOfArray) depend only on the listing, so they are equal too.
  assert.deepEqual(structured(a), local, `${name} ${JSON.stringify(args)}`);
  return local as T;
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

interface Rule {
  id: string;
  display_name: string;
  kind: string;
}

let rules: Rule[];

before(async () => {
  sides = await startParity({ fake: { armPageSize: 4 } });
  rules = (await same<{ rules: Rule[] }>('sentinel_analytics_rule_list', { top: 200 })).rules;
});
after(async () => sides.close());

describe('analytics on local and azure', () => {
  test('rule and template listings with filters, and their pages', async () => {
    assert.ok(rules.length >= 10);
    for (const args of [
      { kind: ['Scheduled'] },
      { enabled: false },
      { tactic: 'CredentialAccess' },
      { technique: 'T1110' },
      { technique: 'T1110.003' },
      { search: 'spray' },
      { top: 4 },
    ]) {
      await same('sentinel_analytics_rule_list', args);
    }
    const first = await same<{ next_cursor: string }>('sentinel_analytics_rule_list', { top: 4 });
    await same('sentinel_analytics_rule_list', { top: 4, cursor: first.next_cursor });
    for (const args of [
      { top: 200 },
      { data_source: 'SigninLogs' },
      { kind: ['Fusion', 'NRT'] },
      { top: 3 },
    ]) {
      await same('sentinel_analytics_rule_templates_list', args);
    }
  });

  test('every rule and template in full', async () => {
    for (const r of rules) await same('sentinel_analytics_rule_get', { rule_id: r.id });
    await same('sentinel_analytics_rule_get', { rule_id: rules[0]!.display_name.toLowerCase() });
    const templates = (
      await same<{ templates: { id: string }[] }>('sentinel_analytics_rule_templates_list', { top: 200 })
    ).templates;
    for (const t of templates) await same('sentinel_analytics_rule_template_get', { template_id: t.id });
    assert.equal(
      await sameError('sentinel_analytics_rule_get', { rule_id: 'No such rule' }, 'No such rule'),
      'NOT_FOUND',
    );
    assert.equal(
      await sameError('sentinel_analytics_rule_template_get', { template_id: 'nope' }, 'nope'),
      'NOT_FOUND',
    );
  });

  test('counts by tactic and technique, over rules and templates', async () => {
    for (const by of ['tactic', 'technique'])
      for (const source of ['rules', 'templates'])
        await same('sentinel_analytics_rules_count', { by, source });
  });

  test('rule tests of the story rules at their alerts, and over a window', async () => {
    const alerts = (
      await same<{ alerts: { first_seen: string; name: string; product: string }[] }>('sentinel_alert_list', {
        start: new Date(Date.now() - 30 * 86400_000).toISOString(),
        end: new Date(Math.ceil(Date.now() / 3600_000) * 3600_000).toISOString(),
        product: 'Azure Sentinel',
        top: 100,
      })
    ).alerts;
    let tested = 0;
    for (const a of alerts) {
      const rule = rules.find((r) => r.display_name === a.name && r.kind === 'Scheduled');
      if (!rule) continue;
      const r = await same<{ fired_count: number }>('sentinel_analytics_rule_test', {
        rule_id: rule.id,
        end_time: a.first_seen,
      });
      assert.equal(r.fired_count, 1, `${a.name} at ${a.first_seen}`);
      tested++;
    }
    assert.ok(tested >= 6, `${tested} story rules tested`);
    const spray = alerts.find((a) => a.name.startsWith('Password spray'))!;
    await same('sentinel_analytics_rule_test', {
      rule_id: 'Password spray attack against Microsoft Entra ID',
      end_time: new Date(Date.parse(spray.first_seen) + 3 * 3600_000).toISOString(),
      start_time: new Date(Date.parse(spray.first_seen) - 3 * 3600_000).toISOString(),
    });
    await same('sentinel_analytics_rule_test', {
      query: 'SigninLogs | where ResultType == "50126" | summarize n = count() by IPAddress | where n > 20',
      query_frequency: '1h',
      query_period: '1d',
      aggregation: 'AlertPerResult',
      end_time: spray.first_seen,
      entity_mappings: [
        { entity_type: 'IP', field_mappings: [{ identifier: 'Address', column_name: 'IPAddress' }] },
      ],
    });
    const fusion = rules.find((r) => r.kind === 'Fusion')!;
    assert.equal(await sameError('sentinel_analytics_rule_test', { rule_id: fusion.id }), 'UNSUPPORTED');
    assert.equal(
      await sameError('sentinel_analytics_rule_test', {
        query: 'SigninLogs | where',
        query_frequency: '1h',
        query_period: '1h',
        end_time: spray.first_seen,
      }),
      'KQL_SYNTAX',
    );
  });
});
