// The entra tools on both backends over the demo: the LocalBackend directly, and the AzureBackend
// through the HTTPS fake of Microsoft Graph (pages of 7, so lists span Graph pages). Same answers on
// both sides; what reached Graph is checked in fake.requests() (escaped literals, no injected OData).
import assert from 'node:assert/strict';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { after, before, describe, test } from 'node:test';
import { searchFilter } from '../../src/backends/azure/graph.js';
import { call, errorOf, structured } from '../helpers/mcp.js';
import { startParity, type ParitySides } from '../helpers/parity.js';

const MEGAN = 'megan.ortiz@fernbrooklabs.com';

let sides: ParitySides;

before(async () => {
  sides = await startParity({ fake: { graphPageSize: 7 } });
});

after(async () => {
  await sides?.close();
});

interface Paged {
  count: number;
  has_more: boolean;
  next_cursor: string | null;
  [key: string]: unknown;
}

/** Calls the tool on both sides; the results must be equal (cursors aside: each backend has its own). */
async function both(name: string, args: Record<string, unknown>): Promise<[CallToolResult, CallToolResult]> {
  const local = await call(sides.local, name, args);
  const azure = await call(sides.azure, name, args);
  if (local.isError || azure.isError) {
    assert.equal(Boolean(azure.isError), Boolean(local.isError), `${name} ${JSON.stringify(args)}`);
    const [l, a] = [errorOf(local), errorOf(azure)];
    assert.equal(a.code, l.code, `${name}: ${a.message} / ${l.message}`);
  } else {
    const strip = (r: CallToolResult) => ({ ...structured(r), next_cursor: null });
    assert.deepEqual(strip(azure), strip(local), `${name} ${JSON.stringify(args)}`);
  }
  return [local, azure];
}

function queryOf(route: string): URLSearchParams[] {
  return sides.fake
    .requests()
    .filter((r) => r.route === route)
    .map((r) => new URLSearchParams(r.query));
}

describe('entra parity: local backend and Azure through the Graph fake', () => {
  test('megan.ortiz by UPN, mail and object id, with her groups, on both sides', async () => {
    const [local] = await both('entra_id_get_user', { user: MEGAN });
    const megan = structured<{ id: string; groups: { display_name: string }[] }>(local);
    assert.deepEqual(
      megan.groups.map((g) => g.display_name),
      ['All Staff', 'Finance-AP', 'SG-Finance', 'SG-RDGW-Users'],
    );
    sides.fake.clearRequests();
    await both('entra_id_get_user', { user: 'MEGAN.ORTIZ@fernbrooklabs.com' });
    await both('entra_id_get_user', { user: megan.id });
    const seen = sides.fake.requests();
    assert.deepEqual(
      seen.map((r) => r.route),
      ['graph.user', 'graph.user.memberOf', 'graph.user', 'graph.user.memberOf'],
    );
    assert.equal(seen[0]?.path, '/v1.0/users/MEGAN.ORTIZ%40fernbrooklabs.com');
    assert.equal(seen[2]?.path, `/v1.0/users/${megan.id}`);
    assert.ok(seen.every((r) => r.tokenScope === `${sides.fake.origin}/.default` && r.status === 200));
  });

  test('filters give the same users and groups', async () => {
    for (const filter of ['megan', 'ortiz', 'S', 'sean', 'Megan O', 'fernbrook', 'zzz']) {
      await both('entra_id_list_users', { filter, top: 50 });
    }
    for (const filter of ['SG-', 'all', 'ap@', 'finance']) {
      await both('entra_id_list_groups', { filter });
    }
    const sent = queryOf('graph.users').at(-1);
    assert.equal(sent?.get('$top'), '50');
    assert.match(
      sent?.get('$filter') ?? '',
      /^startswith\(displayName,'zzz'\) or startswith\(givenName,'zzz'\)/,
    );
  });

  test('paging across Graph pages with cursors: 60 users, same pages on both sides', async () => {
    sides.fake.clearRequests();
    const pages: string[][] = [];
    let cursors: [string | null, string | null] = [null, null];
    do {
      const local = structured<Paged & { users: { id: string }[] }>(
        await call(sides.local, 'entra_id_list_users', {
          top: 25,
          ...(cursors[0] ? { cursor: cursors[0] } : {}),
        }),
      );
      const azure = structured<Paged & { users: { id: string }[] }>(
        await call(sides.azure, 'entra_id_list_users', {
          top: 25,
          ...(cursors[1] ? { cursor: cursors[1] } : {}),
        }),
      );
      assert.deepEqual(
        azure.users.map((u) => u.id),
        local.users.map((u) => u.id),
      );
      assert.equal(azure.has_more, local.has_more);
      pages.push(azure.users.map((u) => u.id));
      cursors = [local.next_cursor, azure.next_cursor];
    } while (cursors[0] || cursors[1]);
    assert.deepEqual(
      pages.map((p) => p.length),
      [25, 25, 10],
    );
    assert.equal(new Set(pages.flat()).size, 60);
    const lists = queryOf('graph.users');
    // 25 = 7+7+7+4 (four Graph pages), then the fourth page again from the cursor, ...
    assert.ok(lists.length >= 9, `${lists.length} Graph pages read`);
    assert.ok(lists.slice(1).every((q) => q.get('$skiptoken')));
    assert.ok(
      lists.every((q) => q.get('$top') === '25' && q.get('$select')?.startsWith('id,userPrincipalName')),
    );
  });

  test('groups: the same lists and gets (by id and by name), member counts from $count', async () => {
    const [local] = await both('entra_id_list_groups', { top: 200 });
    const groups = structured<{ groups: { id: string; display_name: string }[] }>(local).groups;
    assert.equal(groups.length, 14);
    for (const g of groups) await both('entra_id_get_group', { group_id: g.id });
    const [byName] = await both('entra_id_get_group', { group_id: 'sg-privileged-admins' });
    assert.equal(structured<{ member_count: number }>(byName).member_count, 5);
    const filters = queryOf('graph.groups').map((q) => q.get('$filter'));
    assert.ok(filters.includes("displayName eq 'sg-privileged-admins'"));
  });

  test('not found on both sides, naming the key', async () => {
    const [, azure] = await both('entra_id_get_user', { user: 'nobody@fernbrooklabs.com' });
    assert.match(errorOf(azure).message, /Entra ID user "nobody@fernbrooklabs\.com" was not found/);
    const [, missing] = await both('entra_id_get_user', { user: '00000000-0000-4000-8000-000000000000' });
    assert.equal(errorOf(missing).code, 'NOT_FOUND');
    const [, group] = await both('entra_id_get_group', { group_id: '00000000-0000-4000-8000-000000000000' });
    assert.equal(errorOf(group).code, 'NOT_FOUND');
  });

  test('injection attempts: rejected before Graph, or sent as escaped literals that match nothing', async () => {
    sides.fake.clearRequests();
    for (const user of ["' or 1 eq 1", "x') or startswith(mail,'", '../groups', '..%2Fgroups@x.com/..']) {
      const [, azure] = await both('entra_id_get_user', { user });
      assert.equal(errorOf(azure).code, 'INVALID_ARGUMENT', user);
    }
    assert.equal(sides.fake.requests().length, 0, 'no request reached Graph');

    for (const filter of ["' or 1 eq 1", "x') or startswith(mail,'", '../groups']) {
      const [local] = await both('entra_id_list_users', { filter });
      assert.equal(structured<Paged>(local).count, 0, filter);
    }
    const filters = queryOf('graph.users').map((q) => q.get('$filter'));
    assert.deepEqual(filters, [
      searchFilter('users', "' or 1 eq 1"),
      searchFilter('users', "x') or startswith(mail,'"),
      searchFilter('users', '../groups'),
    ]);
    assert.ok(filters[0]?.startsWith("startswith(displayName,''' or 1 eq 1') or startswith(givenName,"));
    assert.ok(filters[1]?.startsWith("startswith(displayName,'x'') or startswith(mail,''') or "));
    assert.ok(sides.fake.requests().every((r) => r.status === 200 && r.path === '/v1.0/users'));

    // A group name is a filter literal too.
    sides.fake.clearRequests();
    const [, azure] = await both('entra_id_get_group', { group_id: "x' or displayName eq 'SG-IT" });
    assert.equal(errorOf(azure).code, 'NOT_FOUND');
    assert.equal(
      queryOf('graph.groups')[0]?.get('$filter'),
      "displayName eq 'x'' or displayName eq ''SG-IT'",
    );
  });

  test('403 from Graph is FORBIDDEN naming User.Read.All; on memberOf, the user comes without groups', async () => {
    sides.fake.inject('graph.users', { kind: 'status', status: 403 });
    try {
      const e = errorOf(await call(sides.azure, 'entra_id_list_users', { filter: 'megan' }));
      assert.equal(e.code, 'FORBIDDEN');
      assert.match(e.hint ?? '', /User\.Read\.All/);
      assert.equal(e.retryable, false);
    } finally {
      sides.fake.clearFaults();
    }
    sides.fake.inject('graph.user.memberOf', { kind: 'status', status: 403 }, 1);
    const megan = structured<{ user_principal_name: string; groups: unknown; groups_note: string }>(
      await call(sides.azure, 'entra_id_get_user', { user: MEGAN }),
    );
    assert.equal(megan.user_principal_name, MEGAN);
    assert.equal(megan.groups, null);
    assert.match(megan.groups_note, /GroupMember\.Read\.All/);
  });
});
