import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { isKustoLoaded } from '../../src/kql/kusto.js';
import {
  FUNCTION_DOCS,
  OPERATOR_DOCS,
  functionCategory,
  kqlReferenceResources,
  referenceFileUrl,
} from '../../src/resources/kql-reference.js';
import {
  deriveAggregateFunctions,
  deriveQueryOperators,
  deriveScalarFunctions,
  listOf,
} from '../../src/resources/kql-symbols.js';
import type { ResourceDefinition } from '../../src/resources/types.js';

const BASE = 'sentinel://reference/kql';

// Names users may see: DESIGN §4 (tools) and issue 2 item 7 (resources).
const KNOWN_TOOLS = new Set(
  `sentinel_logs_search sentinel_logs_search_with_dummy_data sentinel_query_validate
  sentinel_logs_tables_list sentinel_logs_table_schema_get sentinel_logs_table_details_get
  sentinel_workspace_get sentinel_connection_test sentinel_authorization_summary
  sentinel_incident_list sentinel_incident_get sentinel_alert_list sentinel_alert_get
  sentinel_analytics_rule_list sentinel_analytics_rule_get sentinel_analytics_rule_templates_list
  sentinel_analytics_rule_template_get sentinel_analytics_rules_count sentinel_analytics_rule_test
  sentinel_hunting_queries_list sentinel_hunting_query_get sentinel_hunting_query_run
  log_analytics_saved_searches_list log_analytics_saved_search_get sentinel_watchlists_list
  sentinel_watchlist_get sentinel_watchlist_items_list sentinel_watchlist_item_get
  sentinel_connectors_list sentinel_connectors_get sentinel_workbook_list sentinel_workbook_get
  sentinel_repository_list sentinel_repository_get sentinel_summary_rule_list sentinel_summary_rule_get
  sentinel_dcr_list sentinel_dcr_get sentinel_dce_list sentinel_dce_get sentinel_metadata_list
  sentinel_metadata_get sentinel_ml_analytics_settings_list sentinel_ml_analytics_setting_get
  sentinel_ti_indicators_list sentinel_ti_indicator_get sentinel_ti_indicator_metrics
  sentinel_ip_geodata_get sentinel_domain_whois_get entra_id_list_users entra_id_get_user
  entra_id_list_groups entra_id_get_group`.split(/\s+/),
);
const KNOWN_URIS = new Set([
  'sentinel://instructions',
  'sentinel://tables',
  'sentinel://tables/{name}',
  ...['basics', 'operators', 'functions', 'examples', 'examples/security', 'cheatsheet'].map(
    (p) => `${BASE}/${p}`,
  ),
]);

// Created before anything loads Kusto.Language, to check that defining the resources does not.
const resources = kqlReferenceResources();
const kustoLoadedAtDefinition = isKustoLoaded();

function resource(path: string): ResourceDefinition {
  const found = resources.find((r) => r.uri === `${BASE}/${path}`);
  assert.ok(found, `resource ${BASE}/${path} is defined`);
  return found;
}

async function page(path: string): Promise<string> {
  return resource(path).read();
}

function kqlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```kql\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('KQL reference resources', () => {
  it('defines the six pages without loading Kusto.Language', async () => {
    assert.deepEqual(
      resources.map((r) => r.uri),
      ['basics', 'operators', 'functions', 'examples', 'examples/security', 'cheatsheet'].map(
        (p) => `${BASE}/${p}`,
      ),
    );
    assert.equal(kustoLoadedAtDefinition, false);
    for (const r of resources) {
      assert.equal(r.mimeType, 'text/markdown');
      assert.ok(r.name && r.title && r.description.length > 40, r.uri);
    }
    assert.equal(new Set(resources.map((r) => r.name)).size, resources.length);
    // Static pages are files; reading them does not load Kusto.Language either.
    for (const file of ['basics.md', 'examples.md', 'examples-security.md', 'cheatsheet.md']) {
      assert.ok(existsSync(fileURLToPath(referenceFileUrl(file))), file);
    }
    const basics = await page('basics');
    assert.match(basics, /^# KQL for Microsoft Sentinel/);
    assert.equal(isKustoLoaded(), false);
  });

  it('caches each page after the first read', async () => {
    for (const r of resources) {
      const first = await r.read();
      const second = await r.read();
      assert.ok(first.length > 1000, `${r.uri} has content`);
      assert.equal(second, first);
    }
  });

  it('basics covers the pitfalls and performance topics', async () => {
    const text = await page('basics');
    for (const needle of [
      'has',
      'contains',
      '=~',
      'ago(',
      'isempty',
      'isnull',
      'Integer division',
      'innerunique',
      'count_',
      'materialize',
      'TimeGenerated',
    ]) {
      assert.ok(text.includes(needle), `basics mentions ${needle}`);
    }
  });

  it('every example query is valid KQL against the table catalog', async () => {
    const { analyze, globalsFor } = await import('../../src/kql/analysis.js');
    const { tableCatalog } = await import('../../src/kql/catalog.js');
    const globals = globalsFor({ databaseName: 'ws', tables: [...tableCatalog().tables.values()] });
    const failures: string[] = [];
    let checked = 0;
    for (const path of ['basics', 'examples', 'examples/security', 'cheatsheet']) {
      const blocks = kqlBlocks(await page(path));
      assert.ok(blocks.length > 0, `${path} has kql examples`);
      for (const query of blocks) {
        checked++;
        const diagnostics = listOf(analyze(query, globals).GetDiagnostics()).filter(
          (d) => d.Severity === 'Error',
        );
        for (const d of diagnostics) {
          const at = query.slice(d.Start, d.Start + Math.max(d.Length, 1));
          failures.push(`${path}: ${d.Code} ${d.Message} at "${at}"\n${query}`);
        }
      }
    }
    assert.ok(checked >= 40, `checked ${checked} queries`);
    assert.deepEqual(failures, []);
  });

  it('the security examples cover the expected tables', async () => {
    const text = await page('examples/security');
    for (const table of [
      'SecurityEvent',
      'SigninLogs',
      'AuditLogs',
      'OfficeActivity',
      'DeviceProcessEvents',
      'DeviceNetworkEvents',
      'ThreatIntelligenceIndicator',
      'CommonSecurityLog',
      'Syslog',
      'AzureActivity',
    ]) {
      assert.ok(
        kqlBlocks(text).some(
          (q) => q.trimStart().startsWith(table) || q.includes(`\n${table}\n`) || q.includes(`= ${table}\n`),
        ),
        `a security example queries ${table}`,
      );
    }
    for (const needle of ['4625', 'ResultType', '50126', 'join kind=inner', 'ForwardTo']) {
      assert.ok(text.includes(needle), `security examples mention ${needle}`);
    }
  });

  it('the operators page lists every operator Kusto.Language knows, with syntax', async () => {
    const text = await page('operators');
    const operators = deriveQueryOperators();
    assert.ok(operators.length >= 50, `${operators.length} operators`);
    for (const op of operators)
      assert.ok(text.includes(`- **${op.name}**`), `operators page lists ${op.name}`);
    for (const name of ['where', 'project', 'summarize', 'join', 'mv-expand', 'make-series', 'parse']) {
      assert.match(text, new RegExp(`- \\*\\*${name}\\*\\*[^\\n]*\\n  \`[^\`]*${name}[^\`]*\``), name);
    }
    const where = operators.find((o) => o.name === 'where');
    assert.deepEqual(where?.aliases, ['filter']);
    assert.deepEqual(operators.find((o) => o.name === 'mv-expand')?.aliases, ['mvexpand']);
    assert.ok(text.includes('evaluate bag_unpack('), 'plugins are listed');
  });

  it('has a hand-written entry for exactly the operators Kusto.Language knows', () => {
    const derived = new Set(deriveQueryOperators().map((o) => o.name));
    assert.deepEqual(
      [...derived].filter((n) => !OPERATOR_DOCS[n]),
      [],
      'operators without our description',
    );
    assert.deepEqual(
      Object.keys(OPERATOR_DOCS).filter((n) => !derived.has(n)),
      [],
      'descriptions of operators Kusto.Language does not know',
    );
  });

  it('the functions page lists every function and aggregate with signatures', async () => {
    const text = await page('functions');
    const scalars = deriveScalarFunctions();
    const aggregates = deriveAggregateFunctions();
    assert.ok(scalars.length >= 300, `${scalars.length} scalar functions`);
    assert.ok(aggregates.length >= 40, `${aggregates.length} aggregates`);
    for (const fn of [...scalars, ...aggregates]) {
      for (const sig of fn.signatures) assert.ok(text.includes(`\`${sig.text}\``), sig.text);
    }
    for (const expected of [
      '`ago(timespan: timespan): datetime`',
      '`bin(value: datetime, roundTo: timespan): datetime`',
      '`extract(regex: string constant, captureGroup: long, source: string): string`',
      '`parse_json(json_text: string | dynamic): dynamic`',
      '`dcount(expr: scalar, [accuracy: scalar (not dynamic)]): long`',
      '`arg_max(maximized: orderable, [returned: scalar | *, ...]):',
      '`percentile(expr: scalar, percentile: number): same as expr`',
    ]) {
      assert.ok(text.includes(expected), expected);
    }
    // Hidden and obsolete functions are left out.
    assert.ok(!text.includes('`parsejson('), 'obsolete parsejson is not listed');
    assert.ok(!/`__\w+\(/.test(text), 'internal functions are not listed');
    for (const heading of ['## String', '## Date and time', '## Math and binning', '## IP addresses']) {
      assert.ok(text.includes(heading), heading);
    }
    assert.ok(text.includes('## Aggregation functions'));
    assert.ok(text.includes('## Window (row order)'));
  });

  it('categorises functions and describes only functions that exist', () => {
    assert.equal(functionCategory('ago'), 'Date and time');
    assert.equal(functionCategory('todatetime'), 'Conversion and type');
    assert.equal(functionCategory('ipv4_is_private'), 'IP addresses');
    assert.equal(functionCategory('parse_json'), 'Dynamic: arrays and property bags');
    assert.equal(functionCategory('prev'), 'Window (row order)');
    assert.equal(functionCategory('extract'), 'String');
    const names = new Set([...deriveScalarFunctions(), ...deriveAggregateFunctions()].map((f) => f.name));
    assert.deepEqual(
      Object.keys(FUNCTION_DOCS).filter((n) => !names.has(n)),
      [],
    );
    const other = deriveScalarFunctions().filter((f) => functionCategory(f.name) === 'Other');
    assert.deepEqual(
      other.map((f) => f.name),
      [],
      'every function has a category',
    );
  });

  it('mentions only tools and resources that exist', async () => {
    for (const r of resources) {
      const text = await r.read();
      for (const m of text.matchAll(/\b(?:sentinel|entra_id|log_analytics)_[a-z_]+\b/g)) {
        assert.ok(KNOWN_TOOLS.has(m[0]), `${r.uri} mentions unknown tool ${m[0]}`);
      }
      for (const m of text.matchAll(/sentinel:\/\/[A-Za-z0-9_/{}.-]*[A-Za-z0-9_}]/g)) {
        assert.ok(KNOWN_URIS.has(m[0]), `${r.uri} mentions unknown resource ${m[0]}`);
      }
    }
  });
});
