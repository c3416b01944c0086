// Contract: each body the fake serves has the shape of the official REST example (or schema) for that
// operation, from Azure/azure-rest-api-specs (../shared/data/azure-specs, and test/azure-fake/specs for
// the two the shared corpus lacks): same property names and nesting, same JSON types.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { startAzureFake, type AzureFake } from '../azure-fake/index.js';
import { raw, rawToken, workspacePath } from '../azure-fake/raw.js';
import { jsonType, schemaMismatches, shapeMismatches, type SwaggerSchema } from '../azure-fake/shape.js';

const SHARED = fileURLToPath(new URL('../../../shared/data/azure-specs/', import.meta.url));
const LOCAL = fileURLToPath(new URL('../azure-fake/specs/', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/workspace', import.meta.url));
const skip = existsSync(SHARED) ? false : `the official examples are not at ${SHARED}`;

let backend: LocalBackend;
let fake: AzureFake;
let armToken: string;
let logsToken: string;

before(async () => {
  if (skip) return;
  backend = await LocalBackend.open({ folder: FIXTURE, logger: silentLogger() });
  fake = await startAzureFake({ backend, armPageSize: 2, maxResultRows: 2 });
  armToken = await rawToken(fake);
  logsToken = await rawToken(fake, 'https://api.loganalytics.io/.default');
});

after(async () => {
  await fake?.close();
  await backend?.close();
});

interface Example {
  file: string;
  json: Record<string, unknown>;
}

function example(base: string, file: string): Example {
  return {
    file: `${base === SHARED ? '../shared/data/azure-specs' : 'test/azure-fake/specs'}/${file}`,
    json: JSON.parse(readFileSync(`${base}${file}`, 'utf8')) as Record<string, unknown>,
  };
}

function responseBody(ex: Example): unknown {
  const responses = ex.json['responses'] as Record<string, { body: unknown }>;
  return responses['200']?.body;
}

async function get(path: string, token: string): Promise<unknown> {
  const answer = await raw(fake, path, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(answer.status, 200, answer.body);
  return JSON.parse(answer.body) as unknown;
}

async function postQuery(query: string): Promise<{ status: number; body: unknown }> {
  const answer = await raw(fake, `/v1/workspaces/${fake.workspaceId}/query`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${logsToken}`,
      'content-type': 'application/json',
      prefer: 'include-statistics=true',
    },
    body: JSON.stringify({ query, timespan: 'P30D' }),
  });
  return { status: answer.status, body: JSON.parse(answer.body) as unknown };
}

function check(t: TestContext, ex: Example, actual: unknown, ignore: string[] = []): void {
  t.diagnostic(`example: ${ex.file}${ignore.length ? ` (not compared: ${ignore.join(', ')})` : ''}`);
  assert.deepEqual(shapeMismatches(responseBody(ex), actual, ignore), []);
}

/** The Log Analytics swagger's definitions (queryResults, errorResponse, ...). */
function laDefinitions(t: TestContext): Record<string, SwaggerSchema> {
  t.diagnostic('schema: ../shared/data/azure-specs/loganalytics-query/OperationalInsights.json');
  const swagger = example(SHARED, 'loganalytics-query/OperationalInsights.json').json;
  return swagger['definitions'] as Record<string, SwaggerSchema>;
}

describe('fake vs official examples: ARM', { skip }, () => {
  test('Workspaces_Get', async (t) => {
    check(
      t,
      example(SHARED, 'operationalinsights/WorkspacesGet.json'),
      await get(workspacePath(fake), armToken),
    );
  });

  test('Tables_ListByWorkspace (every item, every page)', async (t) => {
    const ex = example(SHARED, 'operationalinsights/TablesList.json');
    let path: string | undefined = workspacePath(fake, '/tables');
    let pages = 0;
    while (path) {
      const page = (await get(path, armToken)) as { nextLink?: string };
      check(t, ex, page);
      path = page.nextLink;
      pages++;
    }
    assert.ok(pages > 1, 'paging exercised');
  });

  test('Tables_Get, for a Microsoft table and a custom one', async (t) => {
    // The example is a search-results table; these three properties exist only on such tables.
    const ignore = ['properties.searchResults', 'properties.resultStatistics', 'systemData'];
    const ex = example(SHARED, 'operationalinsights/TablesGet.json');
    check(t, ex, await get(workspacePath(fake, '/tables/Heartbeat'), armToken), ignore);
    const custom = (await get(workspacePath(fake, '/tables/AppAudit_CL'), armToken)) as {
      properties: { schema: { columns: unknown[] } };
    };
    check(t, ex, custom, ignore);
    assert.ok(custom.properties.schema.columns.length > 0, 'a custom table lists its own columns');
  });

  test('SentinelOnboardingStates_List and _Get', async (t) => {
    const list = await get(
      workspacePath(fake, '/providers/Microsoft.SecurityInsights/onboardingStates', '2024-09-01'),
      armToken,
    );
    check(t, example(LOCAL, 'securityinsights/GetAllSentinelOnboardingStates.json'), list);
    const one = await get(
      workspacePath(fake, '/providers/Microsoft.SecurityInsights/onboardingStates/default', '2024-09-01'),
      armToken,
    );
    check(t, example(LOCAL, 'securityinsights/GetSentinelOnboardingState.json'), one);
  });

  test('ARM error bodies (404, 400 api-version, 401) follow the common ErrorResponse', async (t) => {
    t.diagnostic('schema: test/azure-fake/specs/common-types/types-v5-errors.json (ErrorResponse)');
    const defs = example(LOCAL, 'common-types/types-v5-errors.json').json['definitions'] as Record<
      string,
      SwaggerSchema
    >;
    const bodies = [
      await raw(fake, workspacePath(fake, '/tables/NoSuchTable'), {
        headers: { authorization: `Bearer ${armToken}` },
      }),
      await raw(fake, workspacePath(fake, '', null), { headers: { authorization: `Bearer ${armToken}` } }),
      await raw(fake, workspacePath(fake)),
    ];
    for (const answer of bodies) {
      const body = JSON.parse(answer.body) as { error: { code: unknown; message: unknown } };
      assert.deepEqual(
        schemaMismatches({ $ref: '#/definitions/ErrorResponse' }, defs, body),
        [],
        answer.body,
      );
      assert.equal(jsonType(body.error.code), 'string');
      assert.equal(jsonType(body.error.message), 'string');
    }
  });
});

describe('fake vs official examples: Log Analytics query API', { skip }, () => {
  const QUERY =
    'AppAudit_CL | order by TimeGenerated asc | take 1 | project TimeGenerated, User, Succeeded, LatencyMs';

  test('Query_Execute (POST) and Query_Get (GET) bodies', async (t) => {
    // The 2017-era examples write every cell as a string; the cell types are checked in the next test.
    const ignore = ['tables[].rows[][]'];
    const post = await postQuery(QUERY);
    assert.equal(post.status, 200);
    check(t, example(SHARED, 'loganalytics-query/oms-post-example.json'), post.body, ignore);
    const got = await get(
      `/v1/workspaces/${fake.workspaceId}/query?query=${encodeURIComponent(QUERY)}&timespan=P30D`,
      logsToken,
    );
    check(t, example(SHARED, 'loganalytics-query/oms-get-example.json'), got, ignore);
    assert.deepEqual(
      schemaMismatches({ $ref: '#/definitions/queryResults' }, laDefinitions(t), post.body, ignore),
      [],
    );
  });

  test('cells have the JSON type the service sends for their column type', async (t) => {
    const ex = example(SHARED, 'loganalytics-query/batch-query-example.json');
    t.diagnostic(`example: ${ex.file} (responses[0]: typed cells, dynamic as JSON text)`);
    const reference = ((responseBody(ex) as { responses: { body: unknown }[] }).responses[0]?.body ??
      {}) as QueryBody;
    const expected = cellTypes(reference);
    // Long is absent from the example; the service writes it as a JSON number like int.
    expected.set('long', expected.get('int') ?? 'number');
    const result = await postQuery(
      'SigninLogs | take 1 | project TimeGenerated, UserPrincipalName, LocationDetails',
    );
    const audit = await postQuery(`${QUERY} | extend Real = todouble(LatencyMs), Int = toint(LatencyMs)`);
    const actual = new Map([...cellTypes(result.body as QueryBody), ...cellTypes(audit.body as QueryBody)]);
    assert.deepEqual([...actual.keys()].sort(), [
      'bool',
      'datetime',
      'dynamic',
      'int',
      'long',
      'real',
      'string',
    ]);
    for (const [type, json] of actual) assert.equal(json, expected.get(type), `cells of type ${type}`);
  });

  test('statistics ride beside the tables when asked for', async () => {
    const post = (await postQuery(QUERY)).body as { statistics?: { query?: { executionTime?: unknown } } };
    assert.equal(jsonType(post.statistics?.query?.executionTime), 'number');
  });

  test('errors (400 syntax/semantic, 401, 404) and partial results follow errorResponse / errorInfo', async (t) => {
    const defs = laDefinitions(t);
    const failures = [
      await postQuery('AppAudit_CL | where'),
      await postQuery('AppAudit_CL | where NoSuchColumn == 1'),
      {
        status: 401,
        body: JSON.parse(
          (await raw(fake, `/v1/workspaces/${fake.workspaceId}/query?query=x`)).body,
        ) as unknown,
      },
      {
        status: 404,
        body: JSON.parse(
          (
            await raw(fake, '/v1/workspaces/00000000-0000-0000-0000-000000000000/query?query=x', {
              headers: { authorization: `Bearer ${logsToken}` },
            })
          ).body,
        ) as unknown,
      },
    ];
    assert.deepEqual(
      failures.map((f) => f.status),
      [400, 400, 401, 404],
    );
    for (const failure of failures) {
      assert.deepEqual(
        schemaMismatches({ $ref: '#/definitions/errorResponse' }, defs, failure.body),
        [],
        JSON.stringify(failure.body),
      );
    }
    const partial = (await postQuery('Heartbeat')).body as { tables: { rows: unknown[] }[]; error?: unknown };
    assert.equal(partial.tables[0]?.rows.length, 2);
    assert.equal(jsonType(partial.error), 'object');
    assert.deepEqual(schemaMismatches({ $ref: '#/definitions/errorInfo' }, defs, partial.error), []);
  });
});

interface QueryBody {
  tables: { columns: { type: string }[]; rows: unknown[][] }[];
}

/** Column type → JSON type of its non-null cells, over every table of a body. */
function cellTypes(body: QueryBody): Map<string, string> {
  const out = new Map<string, string>();
  for (const table of body.tables) {
    table.columns.forEach((column, i) => {
      for (const row of table.rows) {
        const cell = row[i];
        if (cell !== null && cell !== undefined) out.set(column.type, jsonType(cell));
      }
    });
  }
  return out;
}
