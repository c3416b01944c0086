// The entra tools through an MCP client on the local backend: the demo's organisation (Fernbrook Labs,
// the compromised megan.ortiz and her groups) and the fixture folder's entra/ files.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  call,
  connect,
  errorOf,
  FIXTURE_WORKSPACE,
  structured,
  text,
  type Connected,
} from '../helpers/mcp.js';

const MEGAN = 'megan.ortiz@fernbrooklabs.com';
const MEGAN_GROUPS = ['All Staff', 'Finance-AP', 'SG-Finance', 'SG-RDGW-Users'];

interface UserRow {
  id: string;
  display_name: string | null;
  user_principal_name: string;
  mail: string | null;
  job_title: string | null;
  department: string | null;
  account_enabled: boolean | null;
}
interface UserList {
  users: UserRow[];
  count: number;
  has_more: boolean;
  next_cursor: string | null;
}
interface User extends UserRow {
  on_premises_sam_account_name: string | null;
  on_premises_security_identifier: string | null;
  groups: { id: string; display_name: string }[] | null;
  groups_note: string | null;
}
interface GroupRow {
  id: string;
  display_name: string;
  kind: string;
  mail: string | null;
}
interface GroupList {
  groups: GroupRow[];
  count: number;
  has_more: boolean;
  next_cursor: string | null;
}
interface Group extends GroupRow {
  member_count: number | null;
  group_types: string[];
}

let demo: Connected;

before(async () => {
  demo = await connect();
});

after(async () => {
  await demo?.close();
});

describe('entra tools on the demo', () => {
  test('megan.ortiz by UPN, by mail (any case) and by object id: the same user, with her groups', async () => {
    const byUpn = structured<User>(await call(demo.client, 'entra_id_get_user', { user: MEGAN }));
    assert.equal(byUpn.display_name, 'Megan Ortiz');
    assert.equal(byUpn.job_title, 'Accounts Payable Specialist');
    assert.equal(byUpn.department, 'Finance');
    assert.equal(byUpn.on_premises_sam_account_name, 'megan.ortiz');
    assert.match(
      byUpn.on_premises_security_identifier ?? '',
      /^S-1-5-21-3021498632-1870534211-2210956731-\d+$/,
    );
    assert.deepEqual(
      byUpn.groups?.map((g) => g.display_name),
      MEGAN_GROUPS,
    );
    assert.equal(byUpn.groups_note, null);
    const byMail = structured<User>(
      await call(demo.client, 'entra_id_get_user', { user: 'Megan.Ortiz@FernbrookLabs.com' }),
    );
    const byId = structured<User>(await call(demo.client, 'entra_id_get_user', { user: byUpn.id }));
    assert.deepEqual(byMail, byUpn);
    assert.deepEqual(byId, byUpn);
    const rendered = text(await call(demo.client, 'entra_id_get_user', { user: MEGAN }));
    assert.match(rendered, /user_principal_name: megan\.ortiz@fernbrooklabs\.com/);
    assert.match(rendered, /groups \(4\): All Staff, Finance-AP, SG-Finance, SG-RDGW-Users/);
  });

  test('filter: starts-with over name, surname, UPN and mail, case-insensitive', async () => {
    for (const filter of ['megan', 'ORTIZ', 'Megan O', 'megan.ortiz@']) {
      const r = structured<UserList>(await call(demo.client, 'entra_id_list_users', { filter }));
      assert.deepEqual(
        r.users.map((u) => u.user_principal_name),
        [MEGAN],
        filter,
      );
      assert.equal(r.has_more, false);
    }
    const finance = structured<UserList>(await call(demo.client, 'entra_id_list_users', { filter: 'rtiz' }));
    assert.equal(finance.count, 0, 'starts-with, not contains');
  });

  test('paging: 60 people in pages of 25 with cursors, in display-name order, no repeats', async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const page: UserList = structured<UserList>(
        await call(demo.client, 'entra_id_list_users', cursor ? { cursor } : {}),
      );
      sizes.push(page.count);
      names.push(...page.users.map((u) => u.display_name ?? ''));
      assert.equal(page.has_more, page.next_cursor !== null);
      cursor = page.next_cursor;
    } while (cursor);
    assert.deepEqual(sizes, [25, 25, 10]);
    assert.equal(new Set(names).size, 60);
    assert.deepEqual(
      names,
      [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)),
    );
    const rendered = text(await call(demo.client, 'entra_id_list_users', { top: 2 }));
    assert.match(rendered, /^2 users \(more: call again with cursor = next_cursor\)/);
  });

  test('a cursor only fits its own listing', async () => {
    const first = structured<UserList>(
      await call(demo.client, 'entra_id_list_users', { filter: 'a', top: 2 }),
    );
    assert.ok(first.next_cursor);
    const other = errorOf(
      await call(demo.client, 'entra_id_list_users', { filter: 'b', top: 2, cursor: first.next_cursor }),
    );
    assert.equal(other.code, 'INVALID_ARGUMENT');
    const groups = errorOf(await call(demo.client, 'entra_id_list_groups', { cursor: first.next_cursor }));
    assert.equal(groups.code, 'INVALID_ARGUMENT');
    assert.equal(
      errorOf(await call(demo.client, 'entra_id_list_users', { cursor: 'eyJrIjoidXNlcnMiLCJvIjotMX0' })).code,
      'INVALID_ARGUMENT',
    );
  });

  test('not found names the user or group', async () => {
    const user = errorOf(await call(demo.client, 'entra_id_get_user', { user: 'nobody@fernbrooklabs.com' }));
    assert.equal(user.code, 'NOT_FOUND');
    assert.match(user.message, /Entra ID user "nobody@fernbrooklabs\.com" was not found/);
    const group = errorOf(
      await call(demo.client, 'entra_id_get_group', { group_id: '00000000-0000-4000-8000-000000000000' }),
    );
    assert.equal(group.code, 'NOT_FOUND');
    assert.match(group.message, /group "00000000-0000-4000-8000-000000000000"/);
  });

  test('injection attempts: rejected as keys, literal (no match) as filter text', async () => {
    for (const user of ["' or 1 eq 1", "x') or startswith(mail,'", '../groups', 'a/../b@x.com', '*']) {
      const e = errorOf(await call(demo.client, 'entra_id_get_user', { user }));
      assert.equal(e.code, 'INVALID_ARGUMENT', user);
    }
    for (const filter of ["' or 1 eq 1", "x') or startswith(mail,'", '*', '../groups']) {
      const r = structured<UserList>(await call(demo.client, 'entra_id_list_users', { filter }));
      assert.equal(r.count, 0, filter);
      const g = structured<GroupList>(await call(demo.client, 'entra_id_list_groups', { filter }));
      assert.equal(g.count, 0, filter);
    }
    const e = errorOf(await call(demo.client, 'entra_id_list_users', { filter: 'a\u0000b' }));
    assert.equal(e.code, 'INVALID_ARGUMENT');
    const g = errorOf(await call(demo.client, 'entra_id_get_group', { group_id: "' or 1 eq 1" }));
    assert.equal(g.code, 'NOT_FOUND');
  });

  test('groups: list by prefix, get by id and by display name with member counts', async () => {
    const sg = structured<GroupList>(await call(demo.client, 'entra_id_list_groups', { filter: 'sg-' }));
    assert.deepEqual(
      sg.groups.map((g) => g.display_name),
      [
        'SG-Azure-Contributors',
        'SG-Engineering',
        'SG-Executive',
        'SG-Finance',
        'SG-HR',
        'SG-IT',
        'SG-Marketing',
        'SG-MFA-Exclusion',
        'SG-Operations',
        'SG-Privileged-Admins',
        'SG-RDGW-Users',
        'SG-Sales',
      ],
    );
    assert.ok(sg.groups.every((g) => g.kind === 'Security'));
    const admins = sg.groups.find((g) => g.display_name === 'SG-Privileged-Admins')!;
    const got = structured<Group>(await call(demo.client, 'entra_id_get_group', { group_id: admins.id }));
    assert.equal(got.member_count, 5);
    const ap = structured<Group>(await call(demo.client, 'entra_id_get_group', { group_id: 'finance-ap' }));
    assert.equal(ap.member_count, 4);
    assert.equal(ap.kind, 'Microsoft 365');
    assert.equal(ap.mail, 'ap@fernbrooklabs.com');
    assert.deepEqual(ap.group_types, ['Unified']);
    const all = structured<GroupList>(await call(demo.client, 'entra_id_list_groups', { top: 200 }));
    assert.equal(all.count, 14);
    assert.match(
      text(await call(demo.client, 'entra_id_get_group', { group_id: admins.id })),
      /member_count: 5/,
    );
  });
});

describe('entra tools on a workspace folder', () => {
  let folder: Connected;
  before(async () => {
    folder = await connect({ workspace: FIXTURE_WORKSPACE });
  });
  after(async () => {
    await folder?.close();
  });

  test('users and groups from entra/users.json and entra/groups.json', async () => {
    const li = structured<User>(
      await call(folder.client, 'entra_id_get_user', { user: 'wei.li@example.com' }),
    );
    assert.equal(li.user_principal_name, 'li.wei@example.com');
    assert.deepEqual(
      li.groups?.map((g) => g.display_name),
      ['All Staff'],
    );
    const guest = structured<User>(
      await call(folder.client, 'entra_id_get_user', {
        user: "sam.o'neil_partner.example#EXT#@example.onmicrosoft.com",
      }),
    );
    assert.equal(guest.display_name, "Sam O'Neil (Partner)");
    const disabled = structured<UserList>(
      await call(folder.client, 'entra_id_list_users', { filter: 'ola' }),
    );
    assert.equal(disabled.users[0]?.account_enabled, false);
    const groups = structured<GroupList>(await call(folder.client, 'entra_id_list_groups', {}));
    assert.deepEqual(
      groups.groups.map((g) => [g.display_name, g.kind]),
      [
        ['All Staff', 'Microsoft 365'],
        ['Finance', 'Security'],
        ['Partners', 'Security'],
      ],
    );
  });
});
