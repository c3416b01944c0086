// The server through a real SDK Client: listing, resources, validation, argument errors.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ALL_TOOLS } from '../../src/tools/index.js';
import {
  call,
  connect,
  errorOf,
  FIXTURE_WORKSPACE,
  ROOT,
  structured,
  text,
  type Connected,
} from '../helpers/mcp.js';

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema & { description?: string }>;
}

let c: Connected;
before(async () => {
  c = await connect({ workspace: FIXTURE_WORKSPACE });
});
after(async () => c.close());

describe('tools/list', () => {
  test('every tool has a description, described parameters, annotations and an output schema', async () => {
    const { tools } = await c.client.listTools();
    assert.ok(tools.length >= 7);
    for (const tool of tools) {
      assert.ok((tool.description ?? '').length > 80, `${tool.name} description`);
      assert.equal(typeof tool.annotations?.readOnlyHint, 'boolean', `${tool.name} readOnlyHint`);
      assert.ok(tool.outputSchema, `${tool.name} outputSchema`);
      for (const [name, prop] of Object.entries((tool.inputSchema as JsonSchema).properties ?? {})) {
        assert.ok((prop.description ?? '').length > 5, `${tool.name}.${name} has no description`);
      }
    }
  });

  test('read-only by default: no tool without readOnlyHint', async () => {
    const { tools } = await c.client.listTools();
    assert.ok(tools.every((t) => t.annotations?.readOnlyHint === true));
  });

  test('every tool file is registered and every name is unique', async () => {
    const names = ALL_TOOLS.map((t) => t.name);
    assert.equal(new Set(names).size, names.length);
    const toolsDir = join(ROOT, 'src', 'tools');
    const exported = readdirSync(toolsDir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [
        ...readFileSync(join(toolsDir, f), 'utf8').matchAll(
          /name: '((?:sentinel|entra|log_analytics)_[a-z_]+)'/g,
        ),
      ])
      .map((m) => m[1]);
    for (const name of exported) assert.ok(names.includes(name!), `${name} is declared but not registered`);
  });
});

describe('resources', () => {
  test('lists and reads every fixed resource', async () => {
    const { resources } = await c.client.listResources();
    const uris = resources.map((r) => r.uri);
    for (const uri of [
      'sentinel://instructions',
      'sentinel://reference/kql/basics',
      'sentinel://reference/kql/operators',
      'sentinel://reference/kql/functions',
      'sentinel://reference/kql/examples',
      'sentinel://reference/kql/examples/security',
      'sentinel://reference/kql/cheatsheet',
      'sentinel://tables',
    ]) {
      assert.ok(uris.includes(uri), `${uri} listed`);
      const read = await c.client.readResource({ uri });
      const body = read.contents[0];
      assert.ok(body && 'text' in body && body.text.length > 100, `${uri} has content`);
    }
  });

  test('the table template gives columns and the standard columns', async () => {
    const { resourceTemplates } = await c.client.listResourceTemplates();
    assert.ok(resourceTemplates.some((t) => t.uriTemplate === 'sentinel://tables/{name}'));
    const read = await c.client.readResource({ uri: 'sentinel://tables/SecurityEvent' });
    const body = read.contents[0];
    assert.ok(body && 'text' in body);
    assert.match(body.text, /\| EventID \| int \|/);
    assert.match(body.text, /TenantId:string/);
  });

  test('an unknown table resource is an error that says where to look', async () => {
    await assert.rejects(
      c.client.readResource({ uri: 'sentinel://tables/NoSuchTable' }),
      /NoSuchTable.*sentinel:\/\/tables/,
    );
  });

  test('table names complete', async () => {
    const r = await c.client.complete({
      ref: { type: 'ref/resource', uri: 'sentinel://tables/{name}' },
      argument: { name: 'name', value: 'Signin' },
    });
    assert.ok(r.completion.values.includes('SigninLogs'));
  });
});

describe('sentinel_query_validate', () => {
  interface Validation {
    valid: boolean;
    diagnostics: {
      code: string;
      line: number;
      column: number;
      length: number;
      message: string;
      severity: string;
    }[];
    tables_referenced: string[];
    operators: string[];
    result_columns: { name: string; type: string }[] | null;
  }

  test('a valid query: tables, operators in order, result columns', async () => {
    const r = structured<Validation>(
      await call(c.client, 'sentinel_query_validate', {
        query:
          'SecurityEvent\n| where EventID == 4625\n| summarize Failures = count() by Account\n| top 10 by Failures',
      }),
    );
    assert.equal(r.valid, true);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.tables_referenced, ['SecurityEvent']);
    assert.deepEqual(r.operators, ['where', 'summarize', 'top']);
    assert.deepEqual(r.result_columns, [
      { name: 'Account', type: 'string' },
      { name: 'Failures', type: 'long' },
    ]);
  });

  test('a syntax error has the right line and column', async () => {
    const r = structured<Validation>(
      await call(c.client, 'sentinel_query_validate', {
        query: 'SecurityEvent\n| where EventID == \n| take 5',
      }),
    );
    assert.equal(r.valid, false);
    const first = r.diagnostics[0]!;
    assert.equal(first.severity, 'error');
    assert.equal(first.code, 'KS006');
    assert.equal(first.line, 2);
    assert.equal(first.column, 19, 'just after ==, where the expression is missing');
    assert.equal(r.result_columns, null);
  });

  test('an unknown column on SecurityEvent is reported where it is', async () => {
    const r = structured<Validation>(
      await call(c.client, 'sentinel_query_validate', { query: 'SecurityEvent\n| where  NoSuchColumn == 1' }),
    );
    assert.equal(r.valid, false);
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.line, d.column, d.length]),
      [['KS142', 2, 10, 12]],
    );
    assert.match(r.diagnostics[0]!.message, /NoSuchColumn/);
  });

  test('a real column of the catalog table passes and a wrong type fails', async () => {
    const ok = structured<Validation>(
      await call(c.client, 'sentinel_query_validate', {
        query: 'SigninLogs | where ResultType == "50126" | project UserPrincipalName, IPAddress',
      }),
    );
    assert.equal(ok.valid, true);
    const bad = structured<Validation>(
      await call(c.client, 'sentinel_query_validate', {
        query: 'SecurityEvent | where Account > 5 and EventID contains 1 | extend x = strlen(TimeGenerated)',
      }),
    );
    assert.equal(bad.valid, false);
  });

  test('an unknown table is an error', async () => {
    const r = structured<Validation>(
      await call(c.client, 'sentinel_query_validate', { query: 'NoSuchTable | take 1' }),
    );
    assert.equal(r.valid, false);
    assert.equal(r.diagnostics[0]?.code, 'KS204');
    assert.equal(r.diagnostics[0]?.column, 1);
  });

  test('management commands are refused with INVALID_ARGUMENT', async () => {
    const e = errorOf(
      await call(c.client, 'sentinel_query_validate', { query: '.drop table SecurityEvent' }),
    );
    assert.equal(e.code, 'INVALID_ARGUMENT');
  });
});

describe('argument errors', () => {
  test('missing and wrong-typed arguments come back as INVALID_ARGUMENT', async () => {
    const missing = await call(c.client, 'sentinel_query_validate', {});
    assert.equal(errorOf(missing).code, 'INVALID_ARGUMENT');
    assert.match(
      text(missing),
      /^Error \[INVALID_ARGUMENT\]: Invalid arguments for sentinel_query_validate: query:/,
    );
    assert.equal(
      errorOf(await call(c.client, 'sentinel_query_validate', { query: 5 })).code,
      'INVALID_ARGUMENT',
    );
  });

  test('an unknown parameter is named', async () => {
    const r = await call(c.client, 'sentinel_query_validate', { query: 'print 1', querry: 'x' });
    assert.match(errorOf(r).message, /unknown parameter\(s\) querry/);
  });

  test('an unknown tool is a protocol error', async () => {
    await assert.rejects(c.client.callTool({ name: 'no_such_tool', arguments: {} }), /Unknown tool/);
  });
});
