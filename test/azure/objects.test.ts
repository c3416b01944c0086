// The Azure backend's ObjectsApi against the HTTPS fake serving a workspace folder (the fixture plus
// generated incidents, comments and watchlist items, so that every listing spans several pages of 3):
// every kind, child kind and threat-intelligence query gives the local backend's objects, through
// nextLink paging and cursors; NOT_FOUND names the kind and the id; filters and orders reach ARM as
// OData the fake parses back (injection attempts stay literals); cursors cannot send the token
// anywhere but the ARM endpoint; throttling and outages are retried.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AzureBackend } from '../../src/backends/azure/azure-backend.js';
import { armClient } from '../../src/backends/azure/arm-request.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import {
  CHILD_KINDS,
  KIND_LABELS,
  OBJECT_KINDS,
  type ArmObject,
  type ChildKind,
  type ObjectKind,
  type ObjectPage,
  type ObjectsApi,
  type TiQuery,
} from '../../src/backends/objects.js';
import { ToolError } from '../../src/util/errors.js';
import { silentLogger } from '../../src/util/logger.js';
import type { ODataFilter, ODataOrderBy } from '../../src/util/odata.js';
import { startAzureFake, type AzureFake } from '../azure-fake/index.js';
import { openAzureBackend } from '../helpers/parity.js';

const FIXTURE = new URL('../fixtures/workspace', import.meta.url).pathname;
const PAGE = 3;
const WORKSPACE =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.OperationalInsights/workspaces/fixture-workspace';
const SI = `${WORKSPACE}/providers/Microsoft.SecurityInsights`;
const PAGING_INCIDENT = '5a0c7e1d-9b2f-4c3a-8d4e-6f7a8b9c0d1e';

/** Titles that look like OData syntax: each must match only its own incident. */
const TRICKY_TITLES = [
  "O'Brien's laptop beaconing",
  "') or (properties/status eq 'Closed",
  "'' or ''1'' eq ''1",
  'contains(properties/title,x) or true',
  "Ends with a quote'",
  "Tab\tand 'quotes' and (parens), commas",
];

let folder: string;
let local: LocalBackend;
let fake: AzureFake;
let azure: AzureBackend;
let localObjects: ObjectsApi;
let azureObjects: ObjectsApi;

function guid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** The fixture, plus 12 incidents, an incident with many children and a watchlist of 8 items. */
function makeWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'azure-objects-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const severities = ['High', 'Medium', 'Low', 'Informational'];
  const statuses = ['New', 'Active', 'Closed'];
  const incidents = Array.from({ length: 12 }, (_, i) => ({
    id: `${SI}/incidents/${guid(100 + i)}`,
    name: guid(100 + i),
    type: 'Microsoft.SecurityInsights/incidents',
    etag: `"${guid(900 + i)}"`,
    properties: {
      title: TRICKY_TITLES[i] ?? `Generated incident ${i}`,
      severity: severities[i % severities.length],
      status: statuses[i % statuses.length],
      owner: i % 2 === 0 ? { assignedTo: 'Megan Ortiz', email: 'megan.ortiz@fernbrooklabs.com' } : {},
      labels: [],
      incidentNumber: 100 + i,
      createdTimeUtc: new Date(Date.UTC(2024, 4, 20, i, 30, 0)).toISOString(),
      lastModifiedTimeUtc: new Date(Date.UTC(2024, 4, 21, i, 0, 0)).toISOString(),
      additionalData: { alertsCount: 0, bookmarksCount: 0, commentsCount: 0, tactics: [] },
    },
  }));
  incidents.push({
    id: `${SI}/incidents/${PAGING_INCIDENT}`,
    name: PAGING_INCIDENT,
    type: 'Microsoft.SecurityInsights/incidents',
    etag: '"paging"',
    properties: {
      title: 'An incident with many children',
      severity: 'High',
      status: 'Active',
      owner: {},
      labels: [],
      incidentNumber: 200,
      createdTimeUtc: '2024-05-30T00:00:00.000Z',
      lastModifiedTimeUtc: '2024-05-30T01:00:00.000Z',
      additionalData: { alertsCount: 5, bookmarksCount: 0, commentsCount: 7, tactics: [] },
    },
  });
  writeFileSync(join(dir, 'incidents', 'generated.json'), JSON.stringify({ value: incidents }));
  const children = join(dir, 'incidents', PAGING_INCIDENT);
  mkdirSync(children);
  const child = (kind: string, type: string, n: number, properties: Record<string, unknown>, extra = {}) => ({
    id: `${SI}/incidents/${PAGING_INCIDENT}/${kind}/${guid(n)}`,
    name: guid(n),
    type,
    ...extra,
    properties,
  });
  writeFileSync(
    join(children, 'comments.json'),
    JSON.stringify({
      value: Array.from({ length: 7 }, (_, i) =>
        child('comments', 'Microsoft.SecurityInsights/incidents/comments', 300 + i, {
          message: `Comment ${i}: it's "quoted" (and parenthesised)`,
          createdTimeUtc: new Date(Date.UTC(2024, 4, 30, i)).toISOString(),
          author: { name: 'SOC Analyst' },
        }),
      ),
    }),
  );
  writeFileSync(
    join(children, 'alerts.json'),
    JSON.stringify({
      value: Array.from({ length: 5 }, (_, i) =>
        child(
          'alerts',
          'Microsoft.SecurityInsights/Entities',
          400 + i,
          { alertDisplayName: `Alert ${i}`, severity: 'High', friendlyName: `Alert ${i}` },
          { kind: 'SecurityAlert' },
        ),
      ),
    }),
  );
  writeFileSync(
    join(children, 'entities.json'),
    JSON.stringify({
      entities: Array.from({ length: 4 }, (_, i) =>
        child(
          'entities',
          'Microsoft.SecurityInsights/Entities',
          500 + i,
          i % 2 ? { address: `193.233.48.${i}` } : { accountName: `user${i}` },
          { kind: i % 2 ? 'Ip' : 'Account' },
        ),
      ),
      metaData: [],
    }),
  );
  writeFileSync(
    join(dir, 'watchlists', 'Hosts.csv'),
    [
      'Hostname,Owner',
      ...Array.from({ length: 8 }, (_, i) => `FB-WS-${String(i).padStart(3, '0')},owner${i}`),
    ].join('\n'),
  );
  return dir;
}

before(async () => {
  folder = makeWorkspace();
  local = await LocalBackend.open({ folder, logger: silentLogger() });
  fake = await startAzureFake({ backend: local, armPageSize: PAGE });
  azure = await openAzureBackend(fake);
  localObjects = local.objects;
  azureObjects = azure.objects;
});

after(async () => {
  await azure?.close();
  await fake?.close();
  await local?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

function code(expected: string, ...inMessage: string[]) {
  return (e: unknown) => {
    assert.ok(e instanceof ToolError, String(e));
    assert.equal(e.code, expected, `${e.code}: ${e.message}`);
    for (const text of inMessage)
      assert.ok(e.message.toLowerCase().includes(text.toLowerCase()), `"${text}" in: ${e.message}`);
    return true;
  };
}

/** Every item, page by page (cursor after cursor), with the pages' sizes. */
async function drain(
  next: (cursor: string | undefined) => Promise<ObjectPage>,
  top: number,
): Promise<{ items: ArmObject[]; pages: number[] }> {
  const items: ArmObject[] = [];
  const pages: number[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await next(cursor);
    assert.ok(page.items.length <= top, `a page holds at most top=${top} items`);
    items.push(...page.items);
    pages.push(page.items.length);
    if (!page.cursor) return { items, pages };
    cursor = page.cursor;
  }
  throw new Error('no end of the listing after 100 pages');
}

function names(items: ArmObject[]): string[] {
  return items.map((i) => String(i.name));
}

/** The list answer omits a workbook's content (canFetchContent=false), as ARM does. */
function listed(kind: ObjectKind, item: ArmObject): ArmObject {
  if (kind !== 'workbooks') return item;
  const { serializedData: _content, ...rest } = item;
  return rest;
}

function routeRequests(route: string) {
  return fake.requests().filter((r) => r.route === route);
}

describe('every kind: the local backend objects, through pages', () => {
  test('lists: all items, in order, whatever top (smaller, equal, larger than a page)', async () => {
    for (const kind of OBJECT_KINDS) {
      const expected = (
        await drain((cursor) => localObjects.list(kind, { top: 1000, ...(cursor ? { cursor } : {}) }), 1000)
      ).items;
      assert.ok(expected.length > 0, `the workspace has ${kind}`);
      for (const top of [1, 2, PAGE, PAGE + 2, 1000]) {
        const got = await drain(
          (cursor) => azureObjects.list(kind, { top, ...(cursor ? { cursor } : {}) }),
          top,
        );
        assert.deepEqual(
          got.items,
          expected.map((i) => listed(kind, i)),
          `${kind} with top=${top}`,
        );
        assert.equal(
          new Set(names(got.items)).size,
          got.items.length,
          `${kind}: no duplicates with top=${top}`,
        );
        if (top < expected.length)
          assert.ok(
            got.pages.slice(0, -1).every((n) => n === top),
            `${kind}: full pages of ${top} until the last`,
          );
      }
    }
  });

  test('paging really happens: nextLink followed within one call, a cursor resumes mid-page', async () => {
    fake.clearRequests();
    const all = await azureObjects.list('incidents', { top: 10 });
    assert.equal(all.items.length, 10);
    assert.ok(all.cursor, 'more incidents remain');
    const calls = routeRequests('arm.incidents');
    assert.equal(calls.length, 4, '3 + 3 + 3 + 1 of the 4th page');
    assert.ok(calls.slice(1).every((r) => /\$skipToken=\d+/.test(decodeURIComponent(r.query))));
    const rest = await drain(
      (cursor) => azureObjects.list('incidents', { top: 10, cursor: cursor ?? all.cursor! }),
      10,
    );
    const local = await localObjects.list('incidents', { top: 1000 });
    assert.deepEqual(names([...all.items, ...rest.items]), names(local.items));
  });

  test('gets: every object as the local backend has it', async () => {
    for (const kind of OBJECT_KINDS) {
      const { items } = await localObjects.list(kind, { top: 1000 });
      for (const item of items) {
        const name = String(item.name);
        assert.deepEqual(
          await azureObjects.get(kind, name),
          await localObjects.get(kind, name),
          `${kind} ${name}`,
        );
      }
    }
  });

  test('children of every incident and watchlist, listed through pages and got one by one', async () => {
    const parents: Record<ChildKind, string[]> = {
      incidentAlerts: [],
      incidentEntities: [],
      incidentComments: [],
      incidentBookmarks: [],
      incidentRelations: [],
      watchlistItems: [],
    };
    for (const kind of Object.keys(CHILD_KINDS) as ChildKind[]) {
      parents[kind] = names((await localObjects.list(CHILD_KINDS[kind], { top: 1000 })).items);
    }
    let seen = 0;
    for (const kind of Object.keys(CHILD_KINDS) as ChildKind[]) {
      let kindSeen = 0;
      for (const parent of parents[kind]) {
        const expected = (
          await drain(
            (cursor) => localObjects.listChildren(kind, parent, { top: 1000, ...(cursor ? { cursor } : {}) }),
            1000,
          )
        ).items;
        for (const top of [2, 1000]) {
          const got = await drain(
            (cursor) => azureObjects.listChildren(kind, parent, { top, ...(cursor ? { cursor } : {}) }),
            top,
          );
          assert.deepEqual(got.items, expected, `${kind} of ${parent}, top=${top}`);
        }
        for (const item of expected) {
          const name = String(item.name);
          assert.deepEqual(
            await azureObjects.getChild(kind, parent, name),
            await localObjects.getChild(kind, parent, name),
            `${kind} ${name} of ${parent}`,
          );
        }
        kindSeen += expected.length;
      }
      assert.ok(kindSeen > 0, `the workspace has ${kind}`);
      seen += kindSeen;
    }
    assert.ok(seen >= 7 + 5 + 4 + 8, 'the generated children are among them');
    const comments = await azureObjects.listChildren('incidentComments', PAGING_INCIDENT, { top: 5 });
    assert.equal(comments.items.length, 5);
    assert.ok(comments.cursor);
  });

  test('threat intelligence: queryIndicators criteria and paging, metrics', async () => {
    const queries: Omit<TiQuery, 'top'>[] = [
      {},
      { patternTypes: ['ipv4-addr'] },
      { sources: ['Microsoft Threat Intelligence'], minConfidence: 50 },
      { maxConfidence: 80, includeDisabled: true },
      { keywords: 'spray' },
      { sortBy: { field: 'confidence', direction: 'asc' } },
      { sortBy: { field: 'displayName', direction: 'desc' }, includeDisabled: true },
    ];
    let nonEmpty = 0;
    for (const q of queries) {
      const expected = (
        await drain(
          (cursor) => localObjects.queryTiIndicators({ ...q, top: 1000, ...(cursor ? { cursor } : {}) }),
          1000,
        )
      ).items;
      const got = await drain(
        (cursor) => azureObjects.queryTiIndicators({ ...q, top: 2, ...(cursor ? { cursor } : {}) }),
        2,
      );
      assert.deepEqual(got.items, expected, JSON.stringify(q));
      if (expected.length > 0) nonEmpty++;
    }
    assert.ok(nonEmpty >= 5, 'the criteria select indicators');
    const tiQuery = routeRequests('arm.tiQuery').at(-1);
    assert.equal(tiQuery?.method, 'POST');
    assert.deepEqual(await azureObjects.tiMetrics(), await localObjects.tiMetrics());
    assert.ok((await azureObjects.tiMetrics()).length > 0);
  });

  test('api-versions: 2024-09-01 for Sentinel, 2025-07-01 for Log Analytics, 2023-06-01 workbooks, 2024-03-11 DCR/DCE', async () => {
    fake.clearRequests();
    for (const kind of OBJECT_KINDS) await azureObjects.list(kind, { top: 1 });
    const versions = new Map(fake.requests().map((r) => [r.route, r.apiVersion]));
    assert.equal(versions.get('arm.incidents'), '2024-09-01');
    assert.equal(versions.get('arm.sourceControls'), '2024-09-01');
    assert.equal(versions.get('arm.tiIndicators'), '2024-09-01');
    assert.equal(versions.get('arm.savedSearches'), '2025-07-01');
    assert.equal(versions.get('arm.summaryRules'), '2025-07-01');
    assert.equal(versions.get('arm.workbooks'), '2023-06-01');
    assert.equal(versions.get('arm.dataCollectionRules'), '2024-03-11');
    assert.equal(versions.get('arm.dataCollectionEndpoints'), '2024-03-11');
    const workbooks = routeRequests('arm.workbooks')[0]!;
    const query = new URLSearchParams(workbooks.query);
    assert.equal(query.get('category'), 'sentinel');
    assert.equal(query.get('sourceId'), WORKSPACE);
    assert.equal(query.get('canFetchContent'), 'false');
  });
});

describe('NOT_FOUND names the kind and the id', () => {
  test('every kind', async () => {
    for (const kind of OBJECT_KINDS) {
      const id = `no-such-${kind}`;
      await assert.rejects(azureObjects.get(kind, id), code('NOT_FOUND', KIND_LABELS[kind], id), kind);
      await assert.rejects(localObjects.get(kind, id), code('NOT_FOUND', KIND_LABELS[kind], id), kind);
    }
  });

  test('children of a missing parent, and missing children', async () => {
    for (const kind of Object.keys(CHILD_KINDS) as ChildKind[]) {
      const parentLabel = KIND_LABELS[CHILD_KINDS[kind]];
      await assert.rejects(
        azureObjects.listChildren(kind, 'no-such-parent', { top: 5 }),
        code('NOT_FOUND', parentLabel, 'no-such-parent'),
        kind,
      );
      const parent = kind === 'watchlistItems' ? 'Hosts' : PAGING_INCIDENT;
      await assert.rejects(
        azureObjects.getChild(kind, parent, 'no-such-child'),
        code('NOT_FOUND', KIND_LABELS[kind], 'no-such-child'),
        kind,
      );
    }
  });

  test('names that cannot be a path segment are refused before any request', async () => {
    fake.clearRequests();
    for (const bad of ['../incidents', 'a/b', 'x?api-version=1', '%2e%2e', '']) {
      await assert.rejects(azureObjects.get('incidents', bad), code('INVALID_ARGUMENT'), bad);
      await assert.rejects(
        azureObjects.listChildren('incidentComments', bad, { top: 1 }),
        code('INVALID_ARGUMENT'),
      );
    }
    assert.equal(fake.requests().filter((r) => r.route?.startsWith('arm.')).length, 0);
  });
});

describe('incidents: OData filters and orders', () => {
  const filters: [string, ODataFilter, ODataOrderBy?][] = [
    ['severity', { op: 'eq', path: 'properties/severity', value: 'High' }],
    [
      'not closed, newest first',
      { op: 'ne', path: 'properties/status', value: 'Closed' },
      { path: 'properties/createdTimeUtc', direction: 'desc' },
    ],
    [
      'created in a window',
      {
        op: 'and',
        args: [
          { op: 'ge', path: 'properties/createdTimeUtc', value: new Date('2024-05-20T03:00:00Z') },
          { op: 'lt', path: 'properties/createdTimeUtc', value: new Date('2024-05-20T09:00:00Z') },
        ],
      },
    ],
    [
      'owner',
      { op: 'eq', path: 'properties/owner/assignedTo', value: 'Megan Ortiz' },
      { path: 'properties/incidentNumber', direction: 'asc' },
    ],
    ['title contains, any case', { op: 'contains', path: 'properties/title', value: 'GENERATED' }],
    [
      'severity in (High, Medium) and not New',
      {
        op: 'and',
        args: [
          {
            op: 'or',
            args: [
              { op: 'eq', path: 'properties/severity', value: 'High' },
              { op: 'eq', path: 'properties/severity', value: 'Medium' },
            ],
          },
          { op: 'not', arg: { op: 'eq', path: 'properties/status', value: 'New' } },
        ],
      },
      { path: 'properties/title', direction: 'asc' },
    ],
  ];

  for (const [label, filter, orderBy] of filters) {
    test(label, async () => {
      const query = { filter, ...(orderBy ? { orderBy } : {}) };
      const expected = await localObjects.list('incidents', { top: 1000, ...query });
      assert.ok(expected.items.length > 0 && expected.items.length < 16, `${label} selects some`);
      const got = await drain(
        (cursor) => azureObjects.list('incidents', { top: 2, ...query, ...(cursor ? { cursor } : {}) }),
        2,
      );
      assert.deepEqual(names(got.items), names(expected.items));
    });
  }

  test('the filter travels as $filter, $orderby and $top', async () => {
    fake.clearRequests();
    await azureObjects.list('incidents', {
      top: 2,
      filter: { op: 'eq', path: 'properties/severity', value: 'High' },
      orderBy: { path: 'properties/createdTimeUtc', direction: 'desc' },
    });
    const q = new URLSearchParams(routeRequests('arm.incidents')[0]!.query);
    assert.equal(q.get('$filter'), "properties/severity eq 'High'");
    assert.equal(q.get('$orderby'), 'properties/createdTimeUtc desc');
    assert.equal(q.get('$top'), '2');
  });

  test('injection attempts: a title with quotes, parentheses or operators matches only itself', async () => {
    const all = (await localObjects.list('incidents', { top: 1000 })).items;
    for (const title of [...TRICKY_TITLES, "x' or 1 eq 1"]) {
      const expected = all.filter((i) => i['title'] === title).map((i) => String(i.name));
      assert.equal(expected.length, 1, `one incident titled ${JSON.stringify(title)}`);
      for (const op of ['eq', 'contains', 'startswith'] as const) {
        const filter = { op, path: 'properties/title', value: title } as ODataFilter;
        const got = await azureObjects.list('incidents', { top: 50, filter });
        assert.deepEqual(names(got.items), expected, `${op} ${JSON.stringify(title)}`);
        assert.deepEqual(names((await localObjects.list('incidents', { top: 50, filter })).items), expected);
      }
    }
  });

  test('a filter or order on a kind that takes none is INVALID_ARGUMENT on both backends', async () => {
    const filter: ODataFilter = { op: 'eq', path: 'properties/enabled', value: true };
    await assert.rejects(azureObjects.list('alertRules', { top: 5, filter }), code('INVALID_ARGUMENT'));
    await assert.rejects(localObjects.list('alertRules', { top: 5, filter }), code('INVALID_ARGUMENT'));
    await assert.rejects(
      azureObjects.listChildren('incidentComments', PAGING_INCIDENT, {
        top: 5,
        orderBy: { path: 'name', direction: 'asc' },
      }),
      code('INVALID_ARGUMENT'),
    );
    await assert.rejects(azureObjects.list('incidents', { top: 0 }), code('INVALID_ARGUMENT'));
  });

  test('metadata takes filters too', async () => {
    const filter: ODataFilter = { op: 'eq', path: 'properties/kind', value: 'AnalyticsRule' };
    const expected = await localObjects.list('metadata', { top: 100, filter });
    assert.ok(expected.items.length > 0);
    assert.deepEqual((await azureObjects.list('metadata', { top: 100, filter })).items, expected.items);
  });
});

/** A cursor's JSON, and one made from edited JSON. */
function cursorBody(cursor: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
}
function makeCursor(body: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

describe('cursors', () => {
  test('a cursor holding a link elsewhere is refused before any request', async () => {
    const first = await azureObjects.list('incidents', { top: PAGE });
    const body = cursorBody(first.cursor!);
    const link = new URL(String(body['l']));
    assert.equal(link.origin, fake.origin, 'the cursor holds the next link');
    const foreign = [
      `https://evil.example.com${link.pathname}${link.search}`,
      `http://127.0.0.1:${link.port}${link.pathname}${link.search}`,
      `https://user:pass@${link.host}${link.pathname}${link.search}`,
      `${fake.origin}${link.pathname.replace('/incidents', '/watchlists')}${link.search}`,
      `${fake.origin}/subscriptions/other/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w/providers/Microsoft.SecurityInsights/incidents${link.search}`,
      'not a url',
    ];
    fake.clearRequests();
    for (const l of foreign) {
      await assert.rejects(
        azureObjects.list('incidents', { top: PAGE, cursor: makeCursor({ ...body, l }) }),
        code('INVALID_ARGUMENT'),
        l,
      );
    }
    assert.equal(fake.requests().length, 0, 'no request was sent, so no token either');
  });

  test("a link on the cloud's own ARM host is followed on the configured endpoint", async () => {
    const first = await azureObjects.list('incidents', { top: PAGE });
    const body = cursorBody(first.cursor!);
    const link = new URL(String(body['l']));
    const cloud = makeCursor({
      ...body,
      l: `https://management.azure.com:443${link.pathname}${link.search}`,
    });
    const viaCloud = await azureObjects.list('incidents', { top: PAGE, cursor: cloud });
    const direct = await azureObjects.list('incidents', { top: PAGE, cursor: first.cursor! });
    assert.deepEqual(names(viaCloud.items), names(direct.items));
  });

  test('next-page links, from ARM or a cursor, are followed only on the ARM endpoint and the listing path', () => {
    const arm = armClient(azure.session);
    const path = `${fake.workspaceResourceId}/providers/Microsoft.SecurityInsights/incidents`;
    const query = '?api-version=2024-09-01&%24skipToken=3';
    const ok = `${fake.origin}${path}${query}`;
    assert.equal(arm.followable(ok, path), ok);
    assert.equal(
      arm.followable(`${fake.origin}${path.toLowerCase()}/${query}`, path),
      `${fake.origin}${path.toLowerCase()}/${query}`,
    );
    assert.equal(
      arm.followable(`https://management.azure.com:443${path}${query}`, path),
      ok,
      'cloud host → endpoint',
    );
    for (const bad of [
      `https://evil.example.com${path}${query}`,
      `https://management.azure.com.evil.example.com${path}${query}`,
      `http://${new URL(fake.origin).host}${path}${query}`,
      `https://x:y@${new URL(fake.origin).host}${path}${query}`,
      `${fake.origin}${path}${query}#frag`,
      `${fake.origin}${path}/../../../../other${query}`,
      `${fake.origin}${path}/extra${query}`,
      `${fake.origin}/subscriptions/other${query}`,
      `//evil.example.com${path}`,
      path,
    ]) {
      assert.equal(arm.followable(bad, path), undefined, bad);
    }
  });

  test('garbled cursors, other listings, other filters', async () => {
    const first = await azureObjects.list('incidents', { top: 2 });
    const body = cursorBody(first.cursor!);
    const cases: [string, Promise<unknown>][] = [
      ['garbage', azureObjects.list('incidents', { top: 2, cursor: 'not*base64' })],
      [
        'not JSON',
        azureObjects.list('incidents', { top: 2, cursor: Buffer.from('{').toString('base64url') }),
      ],
      ['negative skip', azureObjects.list('incidents', { top: 2, cursor: makeCursor({ ...body, s: -1 }) })],
      ['another kind', azureObjects.list('bookmarks', { top: 2, cursor: first.cursor! })],
      [
        'another filter',
        azureObjects.list('incidents', {
          top: 2,
          cursor: first.cursor!,
          filter: { op: 'eq', path: 'properties/severity', value: 'Low' },
        }),
      ],
      [
        'a local cursor',
        azureObjects.list('incidents', {
          top: 2,
          cursor: (await localObjects.list('incidents', { top: 2 })).cursor!,
        }),
      ],
      [
        'a child listing',
        azureObjects.listChildren('incidentComments', PAGING_INCIDENT, { top: 2, cursor: first.cursor! }),
      ],
      ['threat intelligence', azureObjects.queryTiIndicators({ top: 2, cursor: first.cursor! })],
    ];
    for (const [label, call] of cases) await assert.rejects(call, code('INVALID_ARGUMENT'), label);
  });
});

describe('faults: transient ones retried, others mapped', () => {
  test('429 and 503 on list, get, POST reads and the generic ARM GETs are retried', async () => {
    const expected = await localObjects.list('incidents', { top: 1000 });
    fake.inject('arm.incidents', { kind: 'status', status: 429, retryAfterSeconds: 1 }, 1);
    fake.inject('arm.incidents', { kind: 'status', status: 503 }, 1);
    const got = await drain(
      (cursor) => azureObjects.list('incidents', { top: 5, ...(cursor ? { cursor } : {}) }),
      5,
    );
    assert.deepEqual(names(got.items), names(expected.items));

    fake.clearRequests();
    fake.inject('arm.incidentAlerts', { kind: 'status', status: 503 }, 2);
    const alerts = await azureObjects.listChildren('incidentAlerts', PAGING_INCIDENT, { top: 10 });
    assert.equal(alerts.items.length, 5);
    assert.deepEqual(
      routeRequests('arm.incidentAlerts').map((r) => [r.method, r.status]),
      [
        ['POST', 503],
        ['POST', 503],
        ['POST', 200],
      ],
    );

    fake.inject('arm.workbooks', { kind: 'status', status: 429, retryAfterSeconds: 1 }, 1);
    fake.inject('arm.dataCollectionRules', { kind: 'reset' }, 1);
    assert.equal((await azureObjects.list('workbooks', { top: 10 })).items.length, 1);
    assert.equal((await azureObjects.list('dataCollectionEndpoints', { top: 10 })).items.length, 1);
    fake.inject('arm.tiQuery', { kind: 'status', status: 500 }, 1);
    assert.ok((await azureObjects.queryTiIndicators({ top: 10 })).items.length > 0);
  });

  test('403 is FORBIDDEN naming the permission; 404 of the collection NOT_FOUND; garbled bodies UPSTREAM', async () => {
    fake.inject('arm.alertRules', { kind: 'status', status: 403 }, 1);
    await assert.rejects(
      azureObjects.list('alertRules', { top: 5 }),
      (e: unknown) =>
        code('FORBIDDEN')(e) && (e as ToolError).hint!.includes('Microsoft.SecurityInsights/alertRules/read'),
    );
    fake.inject('arm.workbook', { kind: 'status', status: 403 }, 1);
    const workbook = String((await localObjects.list('workbooks', { top: 1 })).items[0]!.name);
    await assert.rejects(
      azureObjects.get('workbooks', workbook),
      (e: unknown) =>
        code('FORBIDDEN')(e) && (e as ToolError).hint!.includes('Microsoft.Insights/workbooks/read'),
    );
    fake.inject('arm.incident', { kind: 'status', status: 404 }, 1);
    await assert.rejects(
      azureObjects.get('incidents', PAGING_INCIDENT),
      code('NOT_FOUND', 'Incident', PAGING_INCIDENT),
    );
    fake.inject('arm.watchlists', { kind: 'malformed' }, 3);
    await assert.rejects(azureObjects.list('watchlists', { top: 5 }), code('UPSTREAM'));
    fake.clearFaults();
  });

  test('an aborted call is CANCELLED', async () => {
    fake.inject('arm.incidents', { kind: 'latency', ms: 2000 }, 1);
    const controller = new AbortController();
    const call = azureObjects.list('incidents', { top: 5, abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(call, code('CANCELLED'));
    fake.clearFaults();
  });

  test("the caller's deadline bounds the whole paged call: TIMEOUT", async () => {
    fake.inject('arm.incidents', { kind: 'latency', ms: 400 });
    const started = Date.now();
    const options = { top: 1000, deadline: Date.now() + 700 } as { top: number };
    await assert.rejects(azureObjects.list('incidents', options), code('TIMEOUT'));
    assert.ok(Date.now() - started < 2000, 'ended near its deadline, not after every page');
    fake.clearFaults();
  });
});
