// The local ObjectsApi over the fixture workspace folder: filters (as OData trees, injection-looking
// values staying literals), order, paging with cursors, bad cursors, NOT_FOUND messages, children,
// threat-intelligence queries and metrics.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { emptyObjectSet, LocalObjectStore } from '../../src/backends/local/objects/index.js';
import type { ArmObject, ObjectsApi, TiQuery } from '../../src/backends/objects.js';
import { ToolError } from '../../src/util/errors.js';
import { silentLogger } from '../../src/util/logger.js';
import type { ODataFilter } from '../../src/util/odata.js';
import { FIXTURE_WORKSPACE } from '../helpers/mcp.js';

const SPRAY = '7f3c1a52-2b8e-4d1f-9a60-0c4e5d6f7a81';
const EXPORT = '9b1e4d27-6c3a-4f85-a2d0-3e5f7a9b1c24';
const ODD = 'c4d2a9e6-0f17-4b38-8e5c-1a2b3c4d5e6f';

let backend: LocalBackend;
let objects: ObjectsApi;
before(async () => {
  backend = await LocalBackend.open({ folder: FIXTURE_WORKSPACE, logger: silentLogger() });
  objects = backend.objects;
});
after(async () => backend.close());

async function rejectsWith(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<ToolError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof ToolError, String(caught));
  assert.equal(caught.code, code, caught.message);
  assert.match(caught.message, pattern);
  assert.ok(caught.hint && caught.hint.length > 0, 'has a hint');
  return caught;
}

const numbers = (items: ArmObject[]) => items.map((i) => i.incidentNumber);

async function all(filter?: ODataFilter): Promise<ArmObject[]> {
  return (await objects.list('incidents', { top: 100, ...(filter ? { filter } : {}) })).items;
}

describe('local objects: list', () => {
  it('serves every kind of the fixture, flattened (properties at the top, id/name/type kept)', async () => {
    const counts: Record<string, number> = {};
    for (const kind of [
      'incidents',
      'alertRules',
      'alertRuleTemplates',
      'savedSearches',
      'watchlists',
      'dataConnectors',
      'workbooks',
      'sourceControls',
      'summaryRules',
      'dataCollectionRules',
      'dataCollectionEndpoints',
      'metadata',
      'mlAnalyticsSettings',
      'tiIndicators',
      'bookmarks',
    ] as const)
      counts[kind] = (await objects.list(kind, { top: 100 })).items.length;
    assert.deepEqual(counts, {
      incidents: 3,
      alertRules: 3,
      alertRuleTemplates: 1,
      savedSearches: 2,
      watchlists: 2,
      dataConnectors: 1,
      workbooks: 1,
      sourceControls: 1,
      summaryRules: 1,
      dataCollectionRules: 1,
      dataCollectionEndpoints: 1,
      metadata: 3,
      mlAnalyticsSettings: 1,
      tiIndicators: 5,
      bookmarks: 1,
    });
    const [first] = await all();
    assert.equal(first?.name, SPRAY);
    assert.equal(first?.title, 'Password spray from 203.0.113.9');
    assert.equal(first?.type, 'Microsoft.SecurityInsights/incidents');
    assert.match(String(first?.id), /\/providers\/Microsoft\.SecurityInsights\/incidents\/7f3c1a52-/);
    assert.equal(first?.properties, undefined, 'properties are lifted');
    // The raw set is public for the Azure fake, untouched by flattening.
    assert.equal(backend.objectSet.objects.incidents[0]?.properties.title, 'Password spray from 203.0.113.9');
  });

  it('lists incidents newest first by default', async () => {
    assert.deepEqual(numbers(await all()), [42, 41, 40]);
  });

  it('filters with OData trees over the raw resources', async () => {
    assert.deepEqual(numbers(await all({ op: 'eq', path: 'properties/severity', value: 'High' })), [40]);
    assert.deepEqual(numbers(await all({ op: 'contains', path: 'properties/title', value: 'SPRAY' })), [42]);
    assert.deepEqual(
      numbers(
        await all({
          op: 'or',
          args: [
            { op: 'eq', path: 'properties/status', value: 'Closed' },
            { op: 'eq', path: 'properties/owner/assignedTo', value: 'SOC Analyst' },
          ],
        }),
      ),
      [42, 41],
    );
    assert.deepEqual(
      numbers(await all({ op: 'not', arg: { op: 'eq', path: 'properties/status', value: 'Closed' } })),
      [42, 40],
    );
    assert.deepEqual(
      numbers(
        await all({ op: 'ge', path: 'properties/createdTimeUtc', value: new Date('2024-06-01T08:10:00Z') }),
      ),
      [42, 41],
    );
    assert.deepEqual(
      numbers(await all({ op: 'gt', path: 'properties/incidentNumber', value: 40 })),
      [42, 41],
    );
  });

  it('treats injection-looking values as plain literals', async () => {
    const odd = "x' or 1 eq 1";
    assert.deepEqual(numbers(await all({ op: 'eq', path: 'properties/status', value: odd })), []);
    assert.deepEqual(numbers(await all({ op: 'eq', path: 'properties/title', value: odd })), [40]);
    assert.deepEqual(numbers(await all({ op: 'contains', path: 'properties/title', value: "' OR 1" })), [40]);
    assert.deepEqual(
      numbers(await all({ op: 'eq', path: 'properties/severity', value: "High' or 'a' eq 'a" })),
      [],
    );
  });

  it('orders by a property path', async () => {
    const page = await objects.list('incidents', {
      top: 10,
      orderBy: { path: 'properties/incidentNumber', direction: 'asc' },
    });
    assert.deepEqual(numbers(page.items), [40, 41, 42]);
    const byTitle = await objects.list('incidents', {
      top: 10,
      orderBy: { path: 'properties/title', direction: 'desc' },
    });
    assert.deepEqual(numbers(byTitle.items), [40, 42, 41]);
  });

  it('pages with cursors until the end, under a filter and an order', async () => {
    const filter: ODataFilter = { op: 'ne', path: 'properties/severity', value: 'Informational' };
    const orderBy = { path: 'properties/incidentNumber', direction: 'desc' as const };
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await objects.list('incidents', {
        top: 1,
        filter,
        orderBy,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...(numbers(page.items) as number[]));
      cursor = page.cursor;
      pages++;
    } while (cursor);
    assert.deepEqual(seen, [42, 41, 40]);
    assert.equal(pages, 3);
    const two = await objects.list('incidents', { top: 2 });
    assert.equal(two.items.length, 2);
    assert.ok(two.cursor);
    const rest = await objects.list('incidents', { top: 2, cursor: two.cursor });
    assert.deepEqual(numbers(rest.items), [40]);
    assert.equal(rest.cursor, undefined);
  });

  it('refuses a garbled cursor, one from another listing, and one made under another filter', async () => {
    const message = /cursor does not belong to this listing; start again without cursor/;
    await rejectsWith(
      objects.list('incidents', { top: 1, cursor: 'not a cursor!' }),
      'INVALID_ARGUMENT',
      message,
    );
    await rejectsWith(
      objects.list('incidents', { top: 1, cursor: 'eyJub3BlIjoxfQ' }),
      'INVALID_ARGUMENT',
      message,
    );
    const rules = await objects.list('alertRules', { top: 1 });
    assert.ok(rules.cursor);
    await rejectsWith(
      objects.list('incidents', { top: 1, cursor: rules.cursor }),
      'INVALID_ARGUMENT',
      message,
    );
    const filtered = await objects.list('incidents', {
      top: 1,
      filter: { op: 'ne', path: 'properties/status', value: 'x' },
    });
    assert.ok(filtered.cursor);
    await rejectsWith(
      objects.list('incidents', { top: 1, cursor: filtered.cursor }),
      'INVALID_ARGUMENT',
      message,
    );
    // A hand-made cursor with a negative offset.
    const body = JSON.parse(Buffer.from(filtered.cursor, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...body, o: -1 })).toString('base64url');
    await rejectsWith(
      objects.list('incidents', {
        top: 1,
        cursor: forged,
        filter: { op: 'ne', path: 'properties/status', value: 'x' },
      }),
      'INVALID_ARGUMENT',
      message,
    );
    await rejectsWith(objects.list('incidents', { top: 0 }), 'INVALID_ARGUMENT', /top/);
  });

  it('filters only the kinds whose ARM list takes $filter (incidents, metadata)', async () => {
    const workbook = await objects.list('metadata', {
      top: 10,
      filter: { op: 'eq', path: 'properties/kind', value: 'Workbook' },
    });
    assert.deepEqual(
      workbook.items.map((i) => i.name),
      ['workbook-3b6e1f2a'],
    );
    await rejectsWith(
      objects.list('alertRules', { top: 10, filter: { op: 'eq', path: 'properties/enabled', value: true } }),
      'INVALID_ARGUMENT',
      /analytics rule list takes no server-side filter/,
    );
    await rejectsWith(
      objects.list('watchlists', { top: 10, orderBy: { path: 'name', direction: 'asc' } }),
      'INVALID_ARGUMENT',
      /watchlist list/,
    );
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(objects.list('incidents', { top: 1, abortSignal: controller.signal }));
  });
});

describe('local objects: get', () => {
  it('finds objects by name whatever the case; a watchlist by its alias', async () => {
    const incident = await objects.get('incidents', SPRAY.toUpperCase());
    assert.equal(incident.name, SPRAY);
    assert.equal(incident.incidentNumber, 42);
    const watchlist = await objects.get('watchlists', 'highvalueassets');
    assert.equal(watchlist.name, 'HighValueAssets');
    assert.equal(watchlist.itemsSearchKey, 'Hostname');
    const search = await objects.get('savedSearches', 'INVENTORY-BY-OWNER');
    assert.equal(search.displayName, 'Hosts by owner');
  });

  it('NOT_FOUND names the kind and the id, and the tool that lists them', async () => {
    const e = await rejectsWith(
      objects.get('alertRules', 'nope'),
      'NOT_FOUND',
      /^No analytics rule with id "nope" in this workspace$/,
    );
    assert.match(e.hint ?? '', /sentinel_analytics_rule_list/);
    await rejectsWith(objects.get('watchlists', 'Missing'), 'NOT_FOUND', /No watchlist with id "Missing"/);
    await rejectsWith(
      objects.get('tiIndicators', "x' or 1 eq 1"),
      'NOT_FOUND',
      /No threat intelligence indicator with id "x' or 1 eq 1"/,
    );
  });
});

describe('local objects: children', () => {
  it("lists and gets an incident's children, parent looked up whatever its case", async () => {
    const comments = await objects.listChildren('incidentComments', SPRAY.toUpperCase(), { top: 10 });
    assert.deepEqual(
      comments.items.map((c) => c.message),
      [
        'Blocked 203.0.113.9 at the proxy.',
        'ana.silva reset her password; no successful sign-in from that address.',
      ],
    );
    const first = await objects.listChildren('incidentComments', SPRAY, { top: 1 });
    assert.equal(first.items.length, 1);
    assert.ok(first.cursor);
    const second = await objects.listChildren('incidentComments', SPRAY, { top: 1, cursor: first.cursor });
    assert.equal(second.items[0]?.name, '9f0a1b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c');
    assert.equal(second.cursor, undefined);
    await rejectsWith(
      objects.listChildren('incidentAlerts', SPRAY, { top: 1, cursor: first.cursor }),
      'INVALID_ARGUMENT',
      /does not belong/,
    );
    const entities = await objects.listChildren('incidentEntities', SPRAY, { top: 10 });
    assert.deepEqual(
      entities.items.map((e) => e.kind),
      ['Ip', 'Account'],
    );
    const alert = await objects.getChild('incidentAlerts', SPRAY, '5E7F9A1B-3C2D-4E6F-8A0B-1C2D3E4F5A6B');
    assert.equal(alert.alertDisplayName, 'Password spray from 203.0.113.9 against OfficeHome');
    assert.deepEqual((await objects.listChildren('incidentComments', EXPORT, { top: 10 })).items, []);
    const relations = await objects.listChildren('incidentRelations', SPRAY, { top: 10 });
    assert.equal(relations.items[0]?.relatedResourceName, '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d');
  });

  it('lists watchlist items by alias', async () => {
    const items = await objects.listChildren('watchlistItems', 'HighValueAssets', { top: 10 });
    assert.deepEqual(
      items.items.map((i) => (i.itemsKeyValue as Record<string, string>).Hostname),
      ['web01.example.com', 'db01.example.com'],
    );
    const name = String(items.items[1]?.name);
    const item = await objects.getChild('watchlistItems', 'highvalueassets', name.toUpperCase());
    assert.deepEqual(item.itemsKeyValue, {
      Hostname: 'db01.example.com',
      Owner: 'dba',
      Criticality: 'Critical',
    });
  });

  it('NOT_FOUND for a missing parent (its kind) and a missing child (with the parent)', async () => {
    await rejectsWith(
      objects.listChildren('incidentAlerts', 'no-such-incident', { top: 10 }),
      'NOT_FOUND',
      /^No incident with id "no-such-incident" in this workspace$/,
    );
    await rejectsWith(
      objects.getChild('watchlistItems', 'NoList', 'x'),
      'NOT_FOUND',
      /^No watchlist with id "NoList"/,
    );
    const e = await rejectsWith(
      objects.getChild('incidentComments', SPRAY, 'nope'),
      'NOT_FOUND',
      new RegExp(`^No incident comment with id "nope" in incident "${SPRAY}"$`),
    );
    assert.match(e.hint ?? '', /sentinel_incident_get/);
    await rejectsWith(
      objects.listChildren('incidentAlerts', ODD, {
        top: 10,
        filter: { op: 'eq', path: 'name', value: 'x' },
      }),
      'INVALID_ARGUMENT',
      /no filter/,
    );
  });
});

describe('local objects: threat intelligence', () => {
  async function names(query: Omit<TiQuery, 'top'>): Promise<string[]> {
    const page = await objects.queryTiIndicators({ top: 50, ...query });
    return page.items.map((i) => String(i.name).slice(-1));
  }

  it('filters by pattern type, source, confidence, keywords, ids; revoked only on request', async () => {
    assert.deepEqual(await names({}), ['1', '2', '3', '5']);
    assert.deepEqual(await names({ includeDisabled: true }), ['1', '2', '3', '4', '5']);
    assert.deepEqual(await names({ patternTypes: ['ipv4-addr'] }), ['1']);
    assert.deepEqual(await names({ patternTypes: ['IPV4-ADDR'], includeDisabled: true }), ['1', '4']);
    assert.deepEqual(await names({ sources: ['premium feed'] }), ['2', '3', '5']);
    assert.deepEqual(await names({ minConfidence: 70 }), ['1', '2', '5']);
    assert.deepEqual(await names({ minConfidence: 50, maxConfidence: 80 }), ['2', '3']);
    assert.deepEqual(await names({ keywords: 'PHISH' }), ['2', '3']);
    assert.deepEqual(await names({ keywords: 'spray' }), ['1']);
    assert.deepEqual(await names({ keywords: "x' or 1 eq 1" }), ['5']);
    assert.deepEqual(await names({ keywords: '203.0.113.9' }), ['1']);
    assert.deepEqual(await names({ ids: ['1A1A1A1A-0000-4000-8000-000000000003'] }), ['3']);
    assert.deepEqual(await names({ sortBy: { field: 'confidence', direction: 'desc' } }), [
      '5',
      '1',
      '2',
      '3',
    ]);
    assert.deepEqual(await names({ sortBy: { field: 'lastUpdatedTimeUtc', direction: 'asc' } }), [
      '3',
      '2',
      '1',
      '5',
    ]);
  });

  it('pages with a cursor tied to the criteria', async () => {
    const first = await objects.queryTiIndicators({ top: 3, sources: ['Premium Feed'] });
    assert.equal(first.items.length, 3);
    assert.equal(first.cursor, undefined);
    const a = await objects.queryTiIndicators({ top: 2 });
    assert.ok(a.cursor);
    const b = await objects.queryTiIndicators({ top: 2, cursor: a.cursor });
    assert.deepEqual(
      [...a.items, ...b.items].map((i) => String(i.name).slice(-1)),
      ['1', '2', '3', '5'],
    );
    await rejectsWith(
      objects.queryTiIndicators({ top: 2, cursor: a.cursor, minConfidence: 10 }),
      'INVALID_ARGUMENT',
      /does not belong/,
    );
  });

  it('computes metrics from the indicators when the set has none', async () => {
    const [metrics] = await objects.tiMetrics();
    assert.equal(metrics?.lastUpdatedTimeUtc, '2024-06-01T07:00:00Z');
    assert.deepEqual(metrics?.sourceMetrics, [
      { metricName: 'Premium Feed', metricValue: 3 },
      { metricName: 'Microsoft Threat Intelligence', metricValue: 2 },
    ]);
    assert.deepEqual(metrics?.patternTypeMetrics, [
      { metricName: 'ipv4-addr', metricValue: 2 },
      { metricName: 'domain-name', metricValue: 1 },
      { metricName: 'file', metricValue: 1 },
      { metricName: 'url', metricValue: 1 },
    ]);
    assert.deepEqual(metrics?.threatTypeMetrics, [
      { metricName: 'malicious-activity', metricValue: 2 },
      { metricName: 'phishing', metricValue: 2 },
      { metricName: 'benign', metricValue: 1 },
    ]);
  });

  it("returns the set's own metrics, properties lifted", async () => {
    const set = emptyObjectSet();
    set.tiMetrics = [
      {
        properties: {
          lastUpdatedTimeUtc: '2020-09-01T19:44:44.117403Z',
          threatTypeMetrics: [{ metricName: 'compromised', metricValue: 20 }],
          patternTypeMetrics: [{ metricName: 'url', metricValue: 20 }],
          sourceMetrics: [{ metricName: 'Azure Sentinel', metricValue: 10315 }],
        },
      },
    ];
    const store = new LocalObjectStore(set);
    const [m] = await store.tiMetrics();
    assert.equal(m?.lastUpdatedTimeUtc, '2020-09-01T19:44:44.117403Z');
    assert.deepEqual(m?.sourceMetrics, [{ metricName: 'Azure Sentinel', metricValue: 10315 }]);
    assert.deepEqual(await new LocalObjectStore(emptyObjectSet()).tiMetrics(), []);
  });
});
