// The official REST example bodies (../shared/data/azure-specs) go through the real SDK clients and
// our mapping into our types without losing fields; query values keep their KQL types.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJsonExact, quoteUnsafeIntegers } from '../../src/backends/azure/json.js';
import { parseQueryBody } from '../../src/backends/azure/logs.js';
import { cellFromWire, kqlTypeOfArmColumn, renderFromWire } from '../../src/backends/azure/mapping.js';
import {
  exampleBody,
  QUERY_PATH,
  queryBody,
  StubHttp,
  stubBackend,
  TABLE_PATH,
  TABLES_PATH,
  WORKSPACE_PATH,
} from './azure-stub.js';

test('Workspaces_Get (official example) → WorkspaceInfo', async () => {
  const http = new StubHttp().on('GET', WORKSPACE_PATH, {
    body: exampleBody('operationalinsights/WorkspacesGet.json'),
  });
  const backend = await stubBackend(http);
  const w = await backend.workspace.get();
  assert.deepEqual(w, {
    backend: 'azure',
    name: 'oiautorest6685',
    workspaceId: '5b02755b-5bf4-430c-9487-45502a2a7e62',
    resourceId:
      '/subscriptions/00000000-0000-0000-0000-00000000000/resourcegroups/oiautorest6685/providers/microsoft.operationalinsights/workspaces/oiautorest6685',
    location: 'eastus',
    sku: 'PerGB2018',
    retentionInDays: 30,
  });
  assert.equal(http.requests[0]!.url.searchParams.get('api-version'), '2025-07-01');
  const withCreated = structuredClone(exampleBody('operationalinsights/WorkspacesGet.json')) as {
    properties: Record<string, unknown>;
  };
  withCreated.properties.createdDate = '2020-07-04T07:35:51Z';
  const http2 = new StubHttp().on('GET', WORKSPACE_PATH, { body: withCreated });
  assert.equal((await (await stubBackend(http2)).workspace.get()).createdAt, '2020-07-04T07:35:51.000Z');
});

test('Tables_ListByWorkspace (official example) → TableInfo, every column counted, ARM types mapped', async () => {
  const http = new StubHttp().on('GET', TABLES_PATH, {
    body: exampleBody('operationalinsights/TablesList.json'),
  });
  const backend = await stubBackend(http);
  const tables = await backend.tables.list({});
  assert.deepEqual(tables, [
    {
      name: 'AzureNetworkFlow',
      plan: 'Analytics',
      tableType: 'Microsoft',
      retentionInDays: 45,
      totalRetentionInDays: 70,
      columnCount: 15,
    },
    {
      name: 'SurfaceHubDns',
      plan: 'Analytics',
      tableType: 'Microsoft',
      retentionInDays: 30,
      totalRetentionInDays: 30,
      columnCount: 5,
    },
  ]);
  const schema = await backend.validationSchema();
  const flow = schema.tables.find((t) => t.name === 'AzureNetworkFlow')!;
  assert.deepEqual(flow.columns.slice(0, 5), [
    { name: 'TenantId', type: 'string' },
    { name: 'SourceSystem', type: 'string' },
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'AgentID', type: 'string' },
    { name: 'SourceIP', type: 'string' },
  ]);
  assert.equal(flow.columns.find((c) => c.name === 'SourcePort')?.type, 'int');
});

test('ARM column types → KQL types', () => {
  const map = Object.fromEntries(
    ['string', 'int', 'long', 'real', 'boolean', 'dateTime', 'guid', 'dynamic'].map((t) => [
      t,
      kqlTypeOfArmColumn(t),
    ]),
  );
  assert.deepEqual(map, {
    string: 'string',
    int: 'int',
    long: 'long',
    real: 'real',
    boolean: 'bool',
    dateTime: 'datetime',
    guid: 'string',
    dynamic: 'dynamic',
  });
});

test('Tables_Get (official example, a search-results table) → schema and details', async () => {
  const http = new StubHttp()
    .on('GET', TABLE_PATH, { body: exampleBody('operationalinsights/TablesGet.json') })
    .on('POST', QUERY_PATH, {
      body: queryBody(
        [
          ['RowCount', 'long'],
          ['LastRecord', 'datetime'],
        ],
        [[5, '2020-02-03T04:05:06Z']],
      ),
    });
  const backend = await stubBackend(http);
  const schema = await backend.tables.schema('table1_SRCH');
  assert.equal(schema.name, 'table1_SRCH');
  assert.deepEqual(
    schema.columns.map((c) => `${c.name}:${c.type}`),
    [
      'TenantId:string',
      'SourceSystem:string',
      'MG:string',
      'ManagementGroupName:string',
      'TimeGenerated:datetime',
      'Computer:string',
      'RawData:string',
    ],
  );
  const details = await backend.tables.details('table1_SRCH');
  assert.equal(details.plan, 'Analytics');
  assert.equal(details.tableType, 'SearchResults');
  assert.equal(details.retentionInDays, 50);
  assert.equal(details.totalRetentionInDays, 50);
  assert.equal(details.rowCount, 5);
  assert.equal(details.lastRecord, '2020-02-03T04:05:06Z');
  assert.deepEqual(details.solutions, ['LogManagement']);
  assert.match(details.description ?? '', /Search Job/);
});

test('the official query example: string-encoded longs, reals and bools become typed values', () => {
  const body = JSON.stringify(exampleBody('loganalytics-query/oms-post-example.json'));
  const parsed = parseQueryBody(body);
  const table = parsed.tables[0]!;
  assert.equal(table.name, 'PrimaryResult');
  assert.equal(table.columns.length, 21);
  assert.equal(table.rows.length, 2);
  const row = Object.fromEntries(table.columns.map((c, i) => [c.name, table.rows[0]![i]]));
  assert.equal(row.TimeGenerated, '2017-08-24T06:59:59Z');
  assert.equal(row.BatchesWithinSla, 1);
  assert.equal(row.AvgLatencyInSeconds, 1.286);
  assert.equal(row.IsBillable, true);
  assert.equal(row.LinkedResourceUri, '');
  assert.equal(row.Type, 'Usage');
  assert.deepEqual(parsed.warnings, []);
});

test('values: long beyond 2^53 as string, datetime as sent, dynamic as JSON, real specials', () => {
  const text =
    '{"tables":[{"name":"PrimaryResult","columns":[{"name":"big","type":"long"},{"name":"small","type":"long"},' +
    '{"name":"dt","type":"datetime"},{"name":"dyn","type":"dynamic"},{"name":"r","type":"real"},{"name":"s","type":"string"},' +
    '{"name":"ts","type":"timespan"},{"name":"g","type":"guid"},{"name":"d","type":"decimal"}],' +
    '"rows":[[9223372036854775807,42,"2024-05-01T10:00:00.1234567Z","{\\"n\\":12345678901234567890,\\"a\\":[1]}","NaN","x","1.02:03:04","0b5fe924-9a61-425c-96af-cfe6e287ca2d","1.50"],' +
    '[null,null,null,null,null,null,null,null,null]]}]}';
  const [table] = parseQueryBody(text).tables;
  assert.deepEqual(table!.rows[0], [
    '9223372036854775807',
    42,
    '2024-05-01T10:00:00.1234567Z',
    { n: '12345678901234567890', a: [1] },
    'NaN',
    'x',
    '1.02:03:04',
    '0b5fe924-9a61-425c-96af-cfe6e287ca2d',
    1.5,
  ]);
  assert.deepEqual(table!.rows[1], [null, null, null, null, null, '', null, null, null]);
  assert.equal(cellFromWire('-9007199254740993', 'long'), '-9007199254740993');
  assert.equal(cellFromWire(new Date('2024-05-01T10:00:00.000Z'), 'datetime'), '2024-05-01T10:00:00Z');
  assert.equal(cellFromWire(new Date('2024-05-01T10:00:00.120Z'), 'datetime'), '2024-05-01T10:00:00.12Z');
});

test('exact JSON: only unsafe integers outside strings are quoted', () => {
  assert.equal(quoteUnsafeIntegers('{"a":1,"b":"9223372036854775807"}'), '{"a":1,"b":"9223372036854775807"}');
  assert.equal(
    quoteUnsafeIntegers('[9007199254740991,9007199254740993,-9223372036854775808,1.5e300]'),
    '[9007199254740991,"9007199254740993","-9223372036854775808",1.5e300]',
  );
  assert.deepEqual(parseJsonExact('{"s":"x\\"12345678901234567890","n":12345678901234567890}'), {
    s: 'x"12345678901234567890',
    n: '12345678901234567890',
  });
});

test('partial results keep their rows and warn; every table of a multi-table result is kept', () => {
  const parsed = parseQueryBody(
    JSON.stringify({
      tables: [
        { name: 'PrimaryResult', columns: [{ name: 'a', type: 'long' }], rows: [[1], [2]] },
        { name: 'Table_1', columns: [{ name: 'b', type: 'string' }], rows: [['x']] },
      ],
      error: {
        code: 'PartialError',
        message: 'There were some errors when processing your query.',
        details: [
          {
            code: 'EngineError',
            message: 'Something went wrong processing your query on the server.',
            innererror: {
              code: '-2133196797',
              message: 'Query result set has exceeded the internal record count limit 500000 records.',
            },
          },
        ],
      },
      render: { visualization: 'timechart', title: 'x', ysplit: null },
    }),
  );
  assert.deepEqual(
    parsed.tables.map((t) => [t.name, t.rows.length]),
    [
      ['PrimaryResult', 2],
      ['Table_1', 1],
    ],
  );
  assert.equal(parsed.warnings.length, 1);
  assert.match(
    parsed.warnings[0]!,
    /^Partial result: .*PartialError: Query result set has exceeded the internal record count limit/,
  );
  assert.deepEqual(parsed.render, { visualization: 'timechart', properties: { title: 'x' } });
  assert.equal(renderFromWire(undefined), undefined);
});
