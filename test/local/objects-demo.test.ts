// The demo's Sentinel objects through the local store: every kind served from demo.content in its
// order, paging through a large list, _GetWatchlist over the demo's watchlists in KQL, and the export
// of the objects to a workspace folder that reads back the same.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Cell } from '../../src/backends/backend.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { writeObjectFolders } from '../../src/backends/local/objects/index.js';
import { readWorkspaceFolder } from '../../src/backends/local/workspace-folder.js';
import { OBJECT_KINDS, type ArmResource, type ObjectSet } from '../../src/backends/objects.js';
import { silentLogger } from '../../src/util/logger.js';

let backend: LocalBackend;
const temps: string[] = [];
before(async () => {
  backend = await LocalBackend.open({ logger: silentLogger() });
});
after(async () => {
  await backend.close();
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function rows(query: string): Promise<Cell[][]> {
  return (await backend.logs.query({ query })).tables[0]?.rows ?? [];
}

describe('demo objects in the local store', () => {
  it("serves demo.content: every kind, in the set's order, paged with cursors", async () => {
    const set = backend.objectSet;
    assert.ok(set.objects.incidents.length > 0 && set.objects.watchlists.length > 0);
    for (const kind of OBJECT_KINDS) {
      const names: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await backend.objects.list(kind, { top: 50, ...(cursor ? { cursor } : {}) });
        names.push(...page.items.map((i) => String(i.name)));
        cursor = page.cursor;
        pages++;
      } while (cursor);
      assert.deepEqual(
        names,
        set.objects[kind].map((r) => r.name),
        kind,
      );
      assert.equal(pages, Math.max(1, Math.ceil(set.objects[kind].length / 50)), kind);
    }
    assert.ok(set.objects.tiIndicators.length > 50, 'the indicators take several pages');
  });

  it("gets the story's objects by name and lists their children", async () => {
    const incident = backend.objectSet.objects.incidents[0];
    assert.ok(incident);
    const got = await backend.objects.get('incidents', incident.name.toUpperCase());
    assert.equal(got.title, incident.properties.title);
    const alerts = backend.objectSet.children.incidentAlerts[incident.name] ?? [];
    const listed = await backend.objects.listChildren('incidentAlerts', incident.name, { top: 500 });
    assert.deepEqual(
      listed.items.map((a) => a.name),
      alerts.map((a) => a.name),
    );
    const vip = await backend.objects.listChildren('watchlistItems', 'vipusers', { top: 100 });
    assert.ok(
      vip.items.some((i) => (i.itemsKeyValue as Record<string, string>).Title === 'Chief Financial Officer'),
    );
  });
});

describe('_GetWatchlist on the demo', () => {
  it('finds the story host FB-WS-005 among SecurityEvent computers on HighValueAssets', async () => {
    const byFqdn = await rows(
      "SecurityEvent | where Computer in (_GetWatchlist('HighValueAssets') | project FQDN) | summarize by Computer | order by Computer asc",
    );
    const computers = byFqdn.map((r) => r[0]);
    assert.ok(computers.includes('FB-WS-005.corp.fernbrooklabs.com'), computers.join(', '));
    assert.ok(computers.includes('FB-DC01.corp.fernbrooklabs.com'));
    // The same hosts through SearchKey, whichever form (host name or FQDN) the watchlist keys on.
    const byKey = await rows(
      "let keys = _GetWatchlist('HighValueAssets') | project SearchKey; SecurityEvent | where Computer in (keys) or tostring(split(Computer, '.')[0]) in (keys) | summarize by Computer | order by Computer asc",
    );
    assert.deepEqual(byKey, byFqdn);
  });

  it('joins sign-ins with VIP users and lists the aliases', async () => {
    const vip = await rows(
      "SigninLogs | where UserPrincipalName in (_GetWatchlist('VIPUsers') | project SearchKey) | summarize by UserPrincipalName",
    );
    assert.ok(vip.length > 0);
    const aliases = (await rows('_GetWatchlistAlias')).map((r) => r[0]);
    assert.deepEqual(
      aliases,
      backend.objectSet.objects.watchlists.map((w) => w.name),
    );
    await assert.rejects(
      backend.logs.query({ query: "_GetWatchlist('HighValueAsset')" }),
      /No watchlist with alias "HighValueAsset"/,
    );
    const schema = await backend.validationSchema();
    const fn = schema.functions.find((f) => f.name === '_GetWatchlist');
    assert.match(fn?.body ?? '', /\['FQDN'\]:string/);
  });
});

describe("the demo's objects exported to a folder", () => {
  it('read back the same (watchlists: the fields a CSV header keeps)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sentinel-demo-objects-'));
    temps.push(dir);
    await writeFile(
      path.join(dir, 'workspace.yaml'),
      'name: demo-export\ntimeAnchor: 2025-06-11T15:20:00Z\n',
    );
    const set = backend.objectSet;
    await writeObjectFolders(set, dir);
    const back = (await readWorkspaceFolder(dir)).objects;
    for (const kind of OBJECT_KINDS) {
      if (kind === 'watchlists') continue;
      assert.deepEqual(back.objects[kind], set.objects[kind], kind);
    }
    const nonEmpty = (children: ObjectSet['children']) =>
      Object.fromEntries(
        Object.entries(children).map(([kind, byParent]) => [
          kind,
          Object.fromEntries(Object.entries(byParent).filter(([, list]) => list.length > 0)),
        ]),
      );
    const { watchlistItems: items, ...children } = nonEmpty(set.children);
    const { watchlistItems: itemsBack, ...childrenBack } = nonEmpty(back.children);
    assert.deepEqual(childrenBack, children);
    const kv = (byAlias: Record<string, ArmResource[]> | undefined) =>
      Object.fromEntries(
        Object.entries(byAlias ?? {}).map(([alias, list]) => [
          alias,
          list.map((i) => i.properties.itemsKeyValue),
        ]),
      );
    assert.deepEqual(kv(itemsBack), kv(items));
    const keep = [
      'displayName',
      'description',
      'itemsSearchKey',
      'labels',
      'watchlistId',
      'created',
      'updated',
      'source',
    ];
    // Watchlists are files named by alias: they read back in alias order.
    const pick = (list: ArmResource[]) =>
      [...list]
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .map((w) => [w.name, Object.fromEntries(keep.map((k) => [k, w.properties[k]]))]);
    assert.deepEqual(pick(back.objects.watchlists), pick(set.objects.watchlists));
    assert.deepEqual(back.tiMetrics, set.tiMetrics);
  });
});
