// Contract: the fake's Sentinel-object routes (arm-objects.ts) answer with the shape of the official REST
// examples (../shared/data/azure-specs), for every item of every page, on the fixture workspace folder:
// the envelopes (`value`, `nextLink`, `entities` + `metaData`) and each resource's frame (id, name,
// type, kind, properties) exactly; every property the item has, with the example's JSON type (or
// null). The fake serves the workspace's own JSON, so a property the folder leaves out (an optional
// one, or etag/systemData that the service generates) is only reported (t.diagnostic): filling it in
// would make the two backends' objects differ. Items of a polymorphic kind (alert rules, data
// connectors) are compared with the example item of the same `kind`.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { startAzureFake, type AzureFake } from '../azure-fake/index.js';
import { raw, rawToken } from '../azure-fake/raw.js';
import { shapeMismatches } from '../azure-fake/shape.js';

const SHARED = fileURLToPath(new URL('../../../shared/data/azure-specs/', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/workspace', import.meta.url));
const skip = existsSync(SHARED) ? false : `the official examples are not at ${SHARED}`;
const SI_VERSION = '2024-09-01';

let backend: LocalBackend;
let fake: AzureFake;
let token: string;

before(async () => {
  if (skip) return;
  backend = await LocalBackend.open({ folder: FIXTURE, logger: silentLogger() });
  fake = await startAzureFake({ backend, armPageSize: 1 });
  token = await rawToken(fake);
});

after(async () => {
  await fake?.close();
  await backend?.close();
});

type Json = Record<string, unknown>;

function example(file: string): { file: string; body: Json } {
  const json = JSON.parse(readFileSync(`${SHARED}${file}`, 'utf8')) as {
    responses: Record<string, { body: Json }>;
  };
  return { file: `../shared/data/azure-specs/${file}`, body: json.responses['200']!.body };
}

async function call(path: string, method = 'GET', body?: unknown): Promise<Json> {
  const answer = await raw(fake, path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  assert.equal(answer.status, 200, `${method} ${path}: ${answer.body}`);
  return JSON.parse(answer.body) as Json;
}

const ws = () => fake.workspaceResourceId;
const si = (suffix: string, version = SI_VERSION) =>
  `${ws()}/providers/Microsoft.SecurityInsights${suffix}${suffix.includes('?') ? '&' : '?'}api-version=${version}`;

/** Mismatches that break the contract; the rest (absent optional data) are reported on `t`. */
function failures(t: TestContext, what: string, mismatches: string[]): string[] {
  const tolerated = (m: string) =>
    / null where the example has (string|number|boolean|object|array)$/.test(m) ||
    /(^|\.)(properties\.[^:]+|etag|systemData|tags(\.[^:]+)?): missing$/.test(m);
  const absent = mismatches.filter(tolerated);
  if (absent.length) t.diagnostic(`${what}: not in the workspace data: ${absent.join('; ')}`);
  return mismatches.filter((m) => !tolerated(m));
}

/** Each item against the example item of its kind (or the first), every page followed. */
async function checkList(
  t: TestContext,
  file: string,
  firstPath: string,
  ignore: string[] = [],
  paged = true,
): Promise<Json[]> {
  const itemsKey = 'value';
  const ex = example(file);
  t.diagnostic(`example: ${ex.file}${ignore.length ? ` (not compared: ${ignore.join(', ')})` : ''}`);
  const exampleItems = (ex.body[itemsKey] as Json[]) ?? [];
  const { [itemsKey]: _items, nextLink: _next, ...envelope } = ex.body;
  const items: Json[] = [];
  let path: string | undefined = firstPath;
  let pages = 0;
  while (path) {
    const page = await call(path);
    assert.deepEqual(shapeMismatches(envelope, page, ignore), [], `envelope of ${path}`);
    assert.ok(Array.isArray(page[itemsKey]), `"${itemsKey}" is an array`);
    for (const item of page[itemsKey] as Json[]) {
      const same =
        exampleItems.find((e) => e['kind'] !== undefined && e['kind'] === item['kind']) ?? exampleItems[0];
      if (exampleItems.some((e) => e['kind'] !== undefined) && same?.['kind'] !== item['kind']) {
        t.diagnostic(`no example of kind ${String(item['kind'])}: compared with ${String(same?.['kind'])}`);
      }
      const what: string = `${String(item['name'])} of ${path}`;
      assert.deepEqual(failures(t, what, shapeMismatches(same, item, ignore)), [], what);
      items.push(item);
    }
    const next = page['nextLink'];
    path = typeof next === 'string' ? new URL(next).pathname + new URL(next).search : undefined;
    pages++;
  }
  assert.ok(items.length > 0, `${firstPath} lists something`);
  if (items.length > 1) assert.equal(pages > 1, paged, paged ? 'paging exercised' : 'one page');
  return items;
}

function checkOne(t: TestContext, file: string, actual: Json, ignore: string[] = []): void {
  const ex = example(file);
  t.diagnostic(`example: ${ex.file}${ignore.length ? ` (not compared: ${ignore.join(', ')})` : ''}`);
  assert.deepEqual(failures(t, String(actual['name'] ?? file), shapeMismatches(ex.body, actual, ignore)), []);
}

function nameOf(items: Json[], predicate: (i: Json) => boolean = () => true): string {
  const found = items.find(predicate);
  assert.ok(found, 'an item to get');
  return String(found['name']);
}

describe('fake vs official examples: Sentinel objects', { skip }, () => {
  test('Incidents_List / _Get and the incident children', async (t) => {
    const incidents = await checkList(t, 'securityinsights/GetIncidents.json', si('/incidents'));
    const withChildren = '7f3c1a52-2b8e-4d1f-9a60-0c4e5d6f7a81';
    assert.ok(incidents.some((i) => i['name'] === withChildren));
    checkOne(t, 'securityinsights/GetIncidentById.json', await call(si(`/incidents/${withChildren}`)));
    const post = (child: string) => call(si(`/incidents/${withChildren}/${child}`), 'POST');
    checkOne(t, 'securityinsights/GetAllIncidentAlerts.json', await post('alerts'));
    checkOne(t, 'securityinsights/GetAllIncidentBookmarks.json', await post('bookmarks'));
    const entities = await post('entities');
    checkOne(t, 'securityinsights/GetAllIncidentEntities.json', entities);
    assert.deepEqual(
      entities['metaData'],
      [...new Set((entities['entities'] as Json[]).map((e) => e['kind']))].map((kind) => ({
        entityKind: kind,
        count: (entities['entities'] as Json[]).filter((e) => e['kind'] === kind).length,
      })),
    );
    await checkList(
      t,
      'securityinsights/GetAllIncidentComments.json',
      si(`/incidents/${withChildren}/comments`),
    );
    await checkList(
      t,
      'securityinsights/GetAllIncidentRelations.json',
      si(`/incidents/${withChildren}/relations`),
    );
  });

  test('AlertRules_List / _Get, AlertRuleTemplates_List / _Get', async (t) => {
    const rules = await checkList(t, 'securityinsights/GetAllAlertRules.json', si('/alertRules'));
    const scheduled = nameOf(rules, (r) => r['kind'] === 'Scheduled');
    checkOne(t, 'securityinsights/GetScheduledAlertRule.json', await call(si(`/alertRules/${scheduled}`)));
    const templates = await checkList(
      t,
      'securityinsights/GetAlertRuleTemplates.json',
      si('/alertRuleTemplates'),
    );
    checkOne(
      t,
      'securityinsights/GetAlertRuleTemplateById.json',
      await call(si(`/alertRuleTemplates/${nameOf(templates)}`)),
    );
  });

  test('Watchlists_List / _Get, WatchlistItems_List / _Get', async (t) => {
    const lists = await checkList(t, 'securityinsights/GetWatchlists.json', si('/watchlists'));
    const alias = nameOf(lists, (w) => w['name'] === 'HighValueAssets');
    checkOne(t, 'securityinsights/GetWatchlistByAlias.json', await call(si(`/watchlists/${alias}`)));
    const items = await checkList(
      t,
      'securityinsights/GetWatchlistItems.json',
      si(`/watchlists/${alias}/watchlistItems`),
    );
    checkOne(
      t,
      'securityinsights/GetWatchlistItemById.json',
      await call(si(`/watchlists/${alias}/watchlistItems/${nameOf(items)}`)),
    );
  });

  test('DataConnectors_List / _Get, Bookmarks_List, Metadata_List / _Get, SecurityMLAnalyticsSettings_List', async (t) => {
    const connectors = await checkList(t, 'securityinsights/GetDataConnectors.json', si('/dataConnectors'));
    const aad = nameOf(connectors, (c) => c['kind'] === 'AzureActiveDirectory');
    checkOne(
      t,
      'securityinsights/GetAzureActiveDirectoryById.json',
      await call(si(`/dataConnectors/${aad}`)),
    );
    await checkList(t, 'securityinsights/GetBookmarks.json', si('/bookmarks'));
    const metadata = await checkList(t, 'securityinsights/GetAllMetadata.json', si('/metadata'));
    checkOne(t, 'securityinsights/GetMetadata.json', await call(si(`/metadata/${nameOf(metadata)}`)));
    await checkList(
      t,
      'securityinsights/GetAllSecurityMLAnalyticsSettings.json',
      si('/securityMLAnalyticsSettings'),
    );
  });

  test('SourceControls_List / _Get (2024-09-01; the examples are 2025-09-01 ones)', async (t) => {
    // `version` and workloadIdentityFederation arrived after 2024-09-01.
    const ignore = ['version', 'properties.workloadIdentityFederation'];
    const controls = await checkList(
      t,
      'securityinsights/GetSourceControls.json',
      si('/sourcecontrols'),
      ignore,
    );
    checkOne(
      t,
      'securityinsights/GetSourceControlById.json',
      await call(si(`/sourcecontrols/${nameOf(controls)}`)),
      ignore,
    );
  });

  test('ThreatIntelligence: queryIndicators (every page), indicator _Get, metrics', async (t) => {
    const ex = example('securityinsights/QueryThreatIntelligence.json');
    t.diagnostic(`example: ${ex.file}`);
    const exampleItem = (ex.body['value'] as Json[])[0];
    let skipToken: string | undefined;
    const seen: Json[] = [];
    do {
      const page = await call(si('/threatIntelligence/main/queryIndicators'), 'POST', {
        pageSize: 2,
        includeDisabled: true,
        sortBy: [{ itemKey: 'lastUpdatedTimeUtc', sortOrder: 'descending' }],
        ...(skipToken ? { skipToken } : {}),
      });
      for (const item of page['value'] as Json[]) {
        // parsedPattern is computed by the service for some indicators only.
        const what = String(item['name']);
        assert.deepEqual(
          failures(t, what, shapeMismatches(exampleItem, item, ['properties.parsedPattern'])),
          [],
        );
        seen.push(item);
      }
      const next = page['nextLink'];
      skipToken =
        typeof next === 'string' ? (new URL(next).searchParams.get('$skipToken') ?? undefined) : undefined;
    } while (skipToken);
    assert.ok(seen.length > 1, 'indicators served over pages');
    checkOne(
      t,
      'securityinsights/GetThreatIntelligenceById.json',
      await call(si(`/threatIntelligence/main/indicators/${nameOf(seen)}`)),
    );
    checkOne(
      t,
      'securityinsights/CollectThreatIntelligenceMetrics.json',
      await call(si('/threatIntelligence/main/metrics')),
    );
  });

  test('SavedSearches_ListByWorkspace, SummaryLogs_ListByWorkspace / _Get', async (t) => {
    await checkList(
      t,
      'operationalinsights/SavedSearchesListByWorkspace.json',
      `${ws()}/savedSearches?api-version=2025-07-01`,
      // The example's capitalised Category/DisplayName/Query are not what the service sends.
      ['properties.Category', 'properties.DisplayName', 'properties.Query'],
      false,
    );
    const summary = await checkList(
      t,
      'operationalinsights/SummaryLogsList.json',
      `${ws()}/summaryLogs?api-version=2025-07-01`,
    );
    checkOne(
      t,
      'operationalinsights/SummaryLogsGet.json',
      await call(`${ws()}/summaryLogs/${nameOf(summary)}?api-version=2025-07-01`),
    );
  });

  test('Workbooks_ListByResourceGroup (no content) / _Get (content)', async (t) => {
    const group = ws().replace(/\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i, '');
    const query = `category=sentinel&sourceId=${encodeURIComponent(ws())}&canFetchContent=false&api-version=2023-06-01`;
    const books = await checkList(
      t,
      'workbooks/WorkbooksList.json',
      `${group}/providers/Microsoft.Insights/workbooks?${query}`,
      ['properties.serializedData'],
    );
    assert.ok(
      books.every((b) => !('serializedData' in (b['properties'] as Json))),
      'no content in the list',
    );
    const one = await call(
      `${group}/providers/Microsoft.Insights/workbooks/${nameOf(books)}?canFetchContent=true&api-version=2023-06-01`,
    );
    checkOne(t, 'workbooks/WorkbookGet.json', one);
  });

  test('DataCollectionRules / DataCollectionEndpoints: list (subscription and group) and _Get', async (t) => {
    const sub = `/subscriptions/${fake.subscriptionId}`;
    const group = `${sub}/resourceGroups/${fake.resourceGroup}`;
    for (const [kind, list, get] of [
      [
        'dataCollectionRules',
        'monitor/DataCollectionRulesListByResourceGroup.json',
        'monitor/DataCollectionRulesGet.json',
      ],
      [
        'dataCollectionEndpoints',
        'monitor/DataCollectionEndpointsListByResourceGroup.json',
        'monitor/DataCollectionEndpointsGet.json',
      ],
    ] as const) {
      const items = await checkList(
        t,
        list,
        `${sub}/providers/Microsoft.Insights/${kind}?api-version=2024-03-11`,
      );
      await checkList(t, list, `${group}/providers/Microsoft.Insights/${kind}?api-version=2024-03-11`);
      checkOne(
        t,
        get,
        await call(`${group}/providers/Microsoft.Insights/${kind}/${nameOf(items)}?api-version=2024-03-11`),
      );
    }
  });

  test('404 bodies name the resource; a bad $filter is a 400 with the parser message', async () => {
    const missing = await raw(fake, si('/incidents/no-such-incident'), {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(missing.status, 404);
    assert.match(missing.body, /no-such-incident/);
    const bad = await raw(
      fake,
      si(`/incidents?$filter=${encodeURIComponent("properties/title eq 'x' or")}`),
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    assert.equal(bad.status, 400);
    const error = (JSON.parse(bad.body) as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'BadRequest');
    assert.match(error.message, /position \d+/);
  });
});
