// Microsoft Graph: the fake's Graph routes (strict query options, paging, errors, token audience) and
// the AzureBackend's Graph client against them, on the fixture workspace's entra/ files. The local
// backend serves the same files: every answer is compared with it.
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, test } from 'node:test';
import type { AzureBackend } from '../../src/backends/azure/azure-backend.js';
import { GraphDirectory, searchFilter } from '../../src/backends/azure/graph.js';
import { decodeCursor, encodeCursor, type DirectoryApi } from '../../src/backends/directory.js';
import { folderDirectoryData } from '../../src/backends/local/directory.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { ToolError } from '../../src/util/errors.js';
import { silentLogger } from '../../src/util/logger.js';
import { startAzureFake, type AzureFake, type Fault } from '../azure-fake/index.js';
import { parseGraphFilter } from '../azure-fake/graph.js';
import { openAzureBackend } from '../helpers/parity.js';
import { FIXTURE_WORKSPACE } from '../helpers/mcp.js';

const ANA = '6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7';
const LI = '7a2d3b4c-5e6f-4a71-9b82-a3c4d5e6f708';
const GUEST_UPN = "sam.o'neil_partner.example#EXT#@example.onmicrosoft.com";
const FINANCE = '1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b';

let local: LocalBackend;
let fake: AzureFake;
let azure: AzureBackend;
let graph: DirectoryApi;
let token: string;

function code(expected: string) {
  return (e: unknown) => {
    assert.ok(e instanceof ToolError, String(e));
    assert.equal(e.code, expected, `${e.code}: ${e.message}`);
    return true;
  };
}

/** A raw GET to the fake (for what the client never sends). */
function get(
  path: string,
  headers: Record<string, string> = {},
  bearer = token,
): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${fake.origin}${path}`,
      { method: 'GET', headers: { authorization: `Bearer ${bearer}`, ...headers }, ca: fake.certPem },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type'] ?? '') }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function tokenFor(scope: string): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: fake.clientId,
    client_secret: fake.clientSecret,
    scope,
  });
  const res = await fetch(`${fake.origin}/${fake.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: form,
  }).catch(() => undefined);
  if (res) return ((await res.json()) as { access_token: string }).access_token;
  // fetch may not trust the fake's CA when run outside the test runner: use https.request.
  return new Promise((resolve, reject) => {
    const body = form.toString();
    const req = httpsRequest(
      `${fake.origin}/${fake.tenantId}/oauth2/v2.0/token`,
      {
        method: 'POST',
        ca: fake.certPem,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length },
      },
      (r) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => resolve((JSON.parse(text) as { access_token: string }).access_token));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

before(async () => {
  local = await LocalBackend.open({ folder: FIXTURE_WORKSPACE, logger: silentLogger() });
  fake = await startAzureFake({ backend: local, graphPageSize: 2 });
  azure = await openAzureBackend(fake);
  graph = azure.directory;
  token = await tokenFor(`${fake.origin}/.default`);
});

after(async () => {
  await azure?.close();
  await fake?.close();
  await local?.close();
});

describe('local directory from entra/ files', () => {
  test('reads users (array) and groups ({value}, ids or {id} members) in display-name order', async () => {
    const data = await folderDirectoryData(FIXTURE_WORKSPACE);
    assert.deepEqual(
      data.users.map((u) => u.displayName),
      ['Ana Silva', 'Li Wei', 'Ola Nordmann', "Sam O'Neil (Partner)", 'svc-backup'],
    );
    assert.deepEqual(
      data.groups.map((g) => [g.displayName, g.members.length]),
      [
        ['All Staff', 4],
        ['Finance', 2],
        ['Partners', 1],
      ],
    );
  });

  test('a user by mail differing from the UPN, with groups', async () => {
    const li = await local.directory.getUser('WEI.LI@example.com');
    assert.equal(li.id, LI);
    assert.equal(li.userPrincipalName, 'li.wei@example.com');
    assert.deepEqual(
      li.memberOf?.map((g) => g.displayName),
      ['All Staff'],
    );
  });
});

describe('AzureBackend directory through the Graph fake', () => {
  test('lists users across Graph pages of 2, with cursors, as the local backend does', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let localCursor: string | undefined;
    let calls = 0;
    fake.clearRequests();
    do {
      const page = await graph.listUsers({ top: 3, ...(cursor ? { cursor } : {}) });
      const localPage = await local.directory.listUsers({
        top: 3,
        ...(localCursor ? { cursor: localCursor } : {}),
      });
      assert.deepEqual(
        page.items.map((u) => u.userPrincipalName),
        localPage.items.map((u) => u.userPrincipalName),
      );
      assert.equal(page.cursor !== undefined, localPage.cursor !== undefined);
      localCursor = localPage.cursor;
      seen.push(...page.items.map((u) => u.displayName ?? ''));
      cursor = page.cursor;
      calls++;
    } while (cursor);
    assert.equal(calls, 2);
    assert.deepEqual(seen, ['Ana Silva', 'Li Wei', 'Ola Nordmann', "Sam O'Neil (Partner)", 'svc-backup']);
    const lists = fake.requests().filter((r) => r.route === 'graph.users');
    // Page 1: 2 + 1 of the second Graph page (cursor inside it); page 2: that page again, then page 3.
    assert.equal(lists.length, 4);
    assert.ok(lists.every((r) => r.status === 200 && r.tokenScope === `${fake.origin}/.default`));
    assert.ok(lists.slice(1).every((r) => /\$skiptoken=/.test(r.query)));
  });

  test('search is one escaped startswith filter; an apostrophe stays a literal', async () => {
    fake.clearRequests();
    const page = await graph.listUsers({ top: 10, search: "sam o'" });
    assert.deepEqual(
      page.items.map((u) => u.id),
      ['9c4f5d6e-7081-4c93-9da4-c5e6f708192a'],
    );
    const sent = fake.requests().find((r) => r.route === 'graph.users');
    const filter = new URLSearchParams(sent?.query).get('$filter');
    assert.equal(filter, searchFilter('users', "sam o'"));
    assert.match(filter ?? '', /startswith\(displayName,'sam o'''\)/);
  });

  test('a guest UPN with #EXT# and an apostrophe is found by $filter, not as a path', async () => {
    fake.clearRequests();
    const guest = await graph.getUser(GUEST_UPN);
    assert.equal(guest.userType, 'Guest');
    assert.deepEqual(
      guest.memberOf?.map((g) => g.displayName),
      ['Partners'],
    );
    const routes = fake.requests().map((r) => r.route);
    assert.deepEqual(routes, ['graph.users', 'graph.user.memberOf']);
  });

  test('a user by mail: the UPN path 404s, then mail eq finds them; memberOf with ConsistencyLevel', async () => {
    fake.clearRequests();
    const li = await graph.getUser('wei.li@example.com');
    assert.equal(li.id, LI);
    assert.deepEqual(li.memberOf, (await local.directory.getUser('wei.li@example.com')).memberOf);
    const seen = fake.requests();
    assert.deepEqual(
      seen.map((r) => [r.route, r.status]),
      [
        ['graph.user', 404],
        ['graph.users', 200],
        ['graph.user.memberOf', 200],
      ],
    );
    assert.equal(new URLSearchParams(seen[1]?.query).get('$filter'), "mail eq 'wei.li@example.com'");
    assert.equal(seen[2]?.headers['consistencylevel'], 'eventual');
  });

  test('groups: list, get by id and by name, member count from $count', async () => {
    const groups = await graph.listGroups({ top: 10 });
    assert.deepEqual(
      groups.items.map((g) => g.displayName),
      ['All Staff', 'Finance', 'Partners'],
    );
    fake.clearRequests();
    const finance = await graph.getGroup(FINANCE);
    assert.equal(finance.memberCount, 2);
    assert.deepEqual(finance, await local.directory.getGroup(FINANCE));
    const count = fake.requests().find((r) => r.route === 'graph.group.membersCount');
    assert.equal(count?.headers['consistencylevel'], 'eventual');
    const byName = await graph.getGroup('all staff');
    assert.equal(byName.memberCount, 4);
    assert.deepEqual(byName.groupTypes, ['Unified']);
  });

  test('not found names the key', async () => {
    await assert.rejects(graph.getUser('nobody@example.com'), (e: unknown) => {
      assert.ok(e instanceof ToolError && e.code === 'NOT_FOUND');
      assert.match(e.message, /Entra ID user "nobody@example\.com" was not found/);
      return true;
    });
    await assert.rejects(graph.getUser('00000000-0000-4000-8000-000000000000'), code('NOT_FOUND'));
    await assert.rejects(graph.getGroup('00000000-0000-4000-8000-000000000000'), (e: unknown) => {
      assert.ok(e instanceof ToolError && e.code === 'NOT_FOUND');
      assert.match(e.message, /group "00000000-0000-4000-8000-000000000000"/);
      return true;
    });
    await assert.rejects(graph.getGroup('No Such Group'), code('NOT_FOUND'));
  });

  test('keys that are not ids, UPNs or mail addresses never reach Graph', async () => {
    fake.clearRequests();
    for (const key of ['../groups', 'a/b@example.com', "x') or startswith(mail,'", '', 'x@y']) {
      await assert.rejects(graph.getUser(key), code('INVALID_ARGUMENT'), key);
    }
    assert.equal(fake.requests().length, 0);
  });

  test('a 403 is FORBIDDEN naming the Graph permission; on memberOf only, the user comes without groups', async () => {
    fake.inject('graph.users', { kind: 'status', status: 403 }, 1);
    await assert.rejects(graph.listUsers({ top: 5 }), (e: unknown) => {
      assert.ok(e instanceof ToolError && e.code === 'FORBIDDEN', String(e));
      assert.match(e.hint ?? '', /User\.Read\.All/);
      assert.match(e.message, /Authorization_RequestDenied/);
      return true;
    });
    fake.inject('graph.groups', { kind: 'status', status: 403 }, 1);
    await assert.rejects(graph.listGroups({ top: 5 }), (e: unknown) => {
      assert.ok(e instanceof ToolError && e.code === 'FORBIDDEN');
      assert.match(e.hint ?? '', /Group\.Read\.All/);
      return true;
    });
    fake.inject('graph.user.memberOf', { kind: 'status', status: 403 }, 1);
    const ana = await graph.getUser(ANA);
    assert.equal(ana.memberOf, undefined);
    assert.match(ana.memberOfUnavailable ?? '', /GroupMember\.Read\.All/);
  });

  test('429 with Retry-After and 503 are retried within the call', async () => {
    fake.inject('graph.users', { kind: 'status', status: 429, retryAfterSeconds: 1 }, 1);
    fake.inject('graph.user.memberOf', { kind: 'status', status: 503 }, 1);
    fake.clearRequests();
    const started = Date.now();
    const ana = await graph.getUser('ana.silva@example.com');
    assert.equal(ana.id, ANA);
    const users = await graph.listUsers({ top: 1, search: 'ana' });
    assert.equal(users.items[0]?.id, ANA);
    assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
    const statuses = fake.requests().map((r) => `${r.route}:${r.status}`);
    assert.ok(
      statuses.includes('graph.user.memberOf:503') && statuses.includes('graph.users:429'),
      statuses.join(),
    );
  });

  test('a cursor whose link leaves the Graph endpoint or changes the filter is refused, unsent', async () => {
    const page = await graph.listUsers({ top: 1, search: 's' });
    assert.ok(page.cursor);
    const inner = decodeCursor(page.cursor);
    const link = new URL(String(inner['l']));
    const tampered: Record<string, unknown>[] = [
      { ...inner, l: String(inner['l']).replace(fake.origin, 'https://evil.example') },
      { ...inner, l: `${link.origin}/v1.0/groups${link.search}` },
      {
        ...inner,
        l: `${link.origin}${link.pathname}?$filter=${encodeURIComponent("startswith(jobTitle,'a')")}&$skiptoken=x`,
      },
      { ...inner, l: `${String(inner['l'])}&$expand=manager` },
      { ...inner, q: 'x' },
      { ...inner, k: 'groups' },
    ];
    fake.clearRequests();
    for (const c of tampered) {
      await assert.rejects(
        graph.listUsers({ top: 1, search: String(c['q']), cursor: encodeCursor(c) }),
        code('INVALID_ARGUMENT'),
      );
    }
    await assert.rejects(graph.listUsers({ top: 1, cursor: 'not a cursor' }), code('INVALID_ARGUMENT'));
    assert.equal(fake.requests().length, 0);
    const next = await graph.listUsers({ top: 5, search: 's', cursor: page.cursor });
    assert.deepEqual(
      next.items.map((u) => u.displayName),
      ["Sam O'Neil (Partner)", 'svc-backup'],
    );
  });

  test('a next-page link off the endpoint is not followed (the token goes nowhere else)', () => {
    const client = (graph as GraphDirectory).client;
    assert.equal(client.followable('https://evil.example/v1.0/users?$skiptoken=x', '/users'), undefined);
    assert.equal(client.followable(`${fake.origin}/v1.0/groups`, '/users'), undefined);
    assert.equal(client.followable(`https://u:p@${fake.origin.slice(8)}/v1.0/users`, '/users'), undefined);
    // The cloud's own host (an endpoint override in front of it) is rewritten to the endpoint.
    assert.equal(
      client.followable('https://graph.microsoft.com/v1.0/users?$skiptoken=x', '/users')?.href,
      `${fake.origin}/v1.0/users?$skiptoken=x`,
    );
  });
});

describe('the Graph fake itself', () => {
  test('a token for another audience is 401 InvalidAuthenticationToken', async () => {
    const arm = await tokenFor('https://management.azure.com/.default');
    const res = await get('/v1.0/users', {}, arm);
    assert.equal(res.status, 401);
    assert.equal(JSON.parse(res.body).error.code, 'InvalidAuthenticationToken');
    const ok = await get('/v1.0/users?$top=1', {}, await tokenFor('https://graph.microsoft.com/.default'));
    assert.equal(ok.status, 200);
  });

  test('@odata.context, $select, default properties, nextLink', async () => {
    const res = await get('/v1.0/users?$select=id,displayName&$top=1');
    const body = JSON.parse(res.body);
    assert.equal(body['@odata.context'], `${fake.origin}/v1.0/$metadata#users(id,displayName)`);
    assert.deepEqual(body.value, [{ id: ANA, displayName: 'Ana Silva' }]);
    assert.match(
      body['@odata.nextLink'],
      /^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/users\?\$select=id%2CdisplayName&\$top=1&\$skiptoken=/,
    );
    const plain = JSON.parse((await get(`/v1.0/users/${ANA}`)).body);
    assert.equal(plain['@odata.context'], `${fake.origin}/v1.0/$metadata#users/$entity`);
    assert.deepEqual(Object.keys(plain).sort().slice(0, 3), [
      '@odata.context',
      'businessPhones',
      'displayName',
    ]);
  });

  test('unsupported filters, properties, options and page sizes are Graph 400s', async () => {
    const cases: [string, string][] = [
      ["$filter=startswith(jobTitle,'a')", 'Request_UnsupportedQuery'],
      ["$filter=startswith(displayName,'a') and startswith(mail,'a')", 'Request_UnsupportedQuery'],
      ['$filter=1 eq 1', 'BadRequest'],
      ["$filter=displayName eq 'a' or 1 eq 1", 'BadRequest'],
      ["$filter=startswith(displayName,'a'", 'BadRequest'],
      ["$filter=startswith(displayName,'a)", 'BadRequest'],
      ['$filter=accountEnabled eq true', 'Request_UnsupportedQuery'],
      ['$select=id,password', 'Request_BadRequest'],
      ['$top=0', 'Request_BadRequest'],
      ['$top=1000', 'Request_BadRequest'],
      ['$expand=manager', 'Request_UnsupportedQuery'],
      ['$search="displayName:ana"', 'Request_UnsupportedQuery'],
      ['$skiptoken=garbage', 'Directory_ExpiredPageToken'],
    ];
    for (const [query, expected] of cases) {
      const res = await get(`/v1.0/users?${query.replace(/ /g, '%20')}`);
      assert.equal(res.status, 400, query);
      const error = JSON.parse(res.body).error;
      assert.equal(error.code, expected, `${query}: ${error.message}`);
      assert.ok(error.innerError['request-id'], 'Graph error body carries innerError');
    }
    const groupByName = await get('/v1.0/groups/Finance');
    assert.equal(groupByName.status, 400);
  });

  test('$count and the OData cast need ConsistencyLevel: eventual; the count is text/plain', async () => {
    const bare = await get(`/v1.0/groups/${FINANCE}/members/$count`);
    assert.equal(bare.status, 400);
    const counted = await get(`/v1.0/groups/${FINANCE}/members/$count`, { consistencylevel: 'eventual' });
    assert.equal(counted.status, 200);
    assert.match(counted.type, /^text\/plain/);
    assert.equal(counted.body, '2');
    const cast = `/v1.0/users/${ANA}/memberOf/microsoft.graph.group?$select=id,displayName&$count=true`;
    assert.equal((await get(cast)).status, 400);
    const body = JSON.parse((await get(cast, { consistencylevel: 'eventual' })).body);
    assert.equal(body['@odata.count'], 2);
    assert.deepEqual(
      body.value.map((g: { displayName: string }) => g.displayName),
      ['All Staff', 'Finance'],
    );
    assert.equal(body.value[0]['@odata.type'], '#microsoft.graph.group');
  });

  test('the filter parser reads doubled quotes as one and keeps the text a literal', () => {
    assert.deepEqual(parseGraphFilter("startswith(displayName,''' or 1 eq 1')", 'users'), [
      { op: 'startswith', property: 'displayName', value: "' or 1 eq 1" },
    ]);
    assert.deepEqual(parseGraphFilter("mail eq 'x'') or startswith(mail,'''", 'users'), [
      { op: 'eq', property: 'mail', value: "x') or startswith(mail,'" },
    ]);
  });
});

describe('Graph routes × faults (as the fault matrix does for ARM)', () => {
  const DEADLINE_MS = 1500;
  const faults: { name: string; fault: Fault; once: boolean }[] = [
    { name: 'latency', fault: { kind: 'latency', ms: DEADLINE_MS + 2000 }, once: false },
    { name: '429', fault: { kind: 'status', status: 429, retryAfterSeconds: 1 }, once: true },
    { name: '500', fault: { kind: 'status', status: 500 }, once: true },
    { name: '503', fault: { kind: 'status', status: 503 }, once: true },
    { name: 'reset', fault: { kind: 'reset' }, once: true },
    { name: 'malformed', fault: { kind: 'malformed' }, once: false },
    { name: 'truncated', fault: { kind: 'truncated' }, once: false },
    { name: '401', fault: { kind: 'status', status: 401 }, once: false },
    { name: '403', fault: { kind: 'status', status: 403 }, once: false },
    { name: '404', fault: { kind: 'status', status: 404 }, once: false },
  ];
  const expected: Record<string, string> = {
    latency: 'TIMEOUT',
    '429': 'ok',
    '500': 'ok',
    '503': 'ok',
    reset: 'ok',
    malformed: 'UPSTREAM',
    truncated: 'UPSTREAM',
    '401': 'AUTH',
    '403': 'FORBIDDEN',
    '404': 'NOT_FOUND',
  };
  const routes: {
    name: string;
    drive: (deadline: number) => Promise<unknown>;
    expect?: Record<string, string>;
  }[] = [
    { name: 'graph.users', drive: (deadline) => graph.listUsers({ top: 3, search: 'a', deadline }) },
    { name: 'graph.user', drive: (deadline) => graph.getUser(ANA, { deadline }) },
    {
      name: 'graph.user.memberOf',
      drive: (deadline) => graph.getUser(ANA, { deadline }),
      // Memberships refused: the user without groups, saying why.
      expect: { '403': 'ok' },
    },
    { name: 'graph.groups', drive: (deadline) => graph.listGroups({ top: 3, deadline }) },
    { name: 'graph.group', drive: (deadline) => graph.getGroup(FINANCE, { deadline }) },
    {
      name: 'graph.group.membersCount',
      drive: (deadline) => graph.getGroup(FINANCE, { deadline }),
      // The count refused: the group without it, saying why. A garbled count is UPSTREAM like any
      // other malformed answer (the fake garbles bodies too short to cut in half).
      expect: { '403': 'ok' },
    },
  ];
  for (const route of routes) {
    test(route.name, async () => {
      const outcomes: string[] = [];
      for (const { name, fault, once } of faults) {
        fake.clearFaults();
        fake.inject(route.name, fault, once ? 1 : undefined);
        const started = Date.now();
        const outcome = await route.drive(started + DEADLINE_MS).then(
          () => 'ok',
          (e: unknown) => (e instanceof ToolError ? e.code : `thrown ${String(e)}`),
        );
        fake.clearFaults();
        const ms = Date.now() - started;
        const want = route.expect?.[name] ?? expected[name];
        outcomes.push(`${name}: ${outcome}`);
        assert.equal(outcome, want, `${route.name} × ${name}: ${outcomes.join(', ')}`);
        assert.ok(ms < DEADLINE_MS + 1500, `${route.name} × ${name} took ${ms} ms`);
      }
    });
  }
});
