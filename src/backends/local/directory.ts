// Entra ID users and groups of a local workspace: the demo's organisation (org.ts), or a workspace
// folder's `entra/users.json` and `entra/groups.json` (Graph JSON: `{value: [...]}` or an array; see
// docs/local-workspace.md). Same semantics as Microsoft Graph: search is a case-insensitive
// starts-with over display name, given name, surname, UPN and mail (groups: display name and mail); keys are compared
// case-insensitively; lists are in display-name order and page with an opaque cursor.
// The HTTPS fake of Graph serves these same users and groups (`data()`), so both backends agree.
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ToolError } from '../../util/errors.js';
import type { CallOptions } from '../backend.js';
import {
  ambiguousGroup,
  badCursor,
  byDisplayName,
  decodeCursor,
  encodeCursor,
  equalsCi,
  GROUP_PROPERTIES,
  groupKeyKind,
  groupNotFound,
  matchesSearch,
  normalizeSearch,
  USER_PROPERTIES,
  userKeyKind,
  userNotFound,
  type DirectoryApi,
  type DirectoryGroup,
  type DirectoryGroupRef,
  type DirectoryKind,
  type DirectoryListQuery,
  type DirectoryPage,
  type DirectoryUser,
} from '../directory.js';
import { demoOrg, type DemoOrg } from './demo/org.js';
import { hashString } from './demo/random.js';

/** A group with its direct members' object ids (users or groups). */
export interface LocalGroup extends DirectoryGroup {
  members: string[];
}

/** Everything the directory holds: users and groups in display-name order. */
export interface DirectoryData {
  users: DirectoryUser[];
  groups: LocalGroup[];
}

const MAX_FILE_BYTES = 64 * 1024 * 1024;
const MAX_TOP = 999;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// The demo's organisation
// ---------------------------------------------------------------------------------------------

/** A fixed creation date per object (2019-2023), from its id: the same whatever the clock. */
function createdAt(id: string): string {
  const start = Date.UTC(2019, 0, 7);
  const days = hashString(`created:${id}`) % 1800;
  const seconds = hashString(`created-s:${id}`) % 86_400;
  return `${new Date(start + days * DAY_MS + seconds * 1000).toISOString().slice(0, 19)}Z`;
}

export function demoDirectoryData(org: DemoOrg = demoOrg()): DirectoryData {
  const users: DirectoryUser[] = org.users.map((u) => ({
    id: u.objectId,
    userPrincipalName: u.userPrincipalName,
    displayName: u.displayName,
    givenName: u.givenName,
    surname: u.surname,
    mail: u.mail,
    jobTitle: u.jobTitle,
    department: u.department,
    officeLocation: u.officeLocation,
    city: u.city,
    state: u.state,
    country: u.country,
    accountEnabled: u.accountEnabled,
    userType: 'Member',
    createdDateTime: createdAt(u.objectId),
    onPremisesSyncEnabled: true,
    onPremisesSamAccountName: u.samAccountName,
    onPremisesSecurityIdentifier: u.sid,
  }));
  const groups: LocalGroup[] = org.groups.map((g) => ({
    id: g.objectId,
    displayName: g.displayName,
    description: g.description,
    mail: g.mail ?? null,
    mailNickname: g.mailNickname,
    securityEnabled: g.securityEnabled,
    mailEnabled: g.mailEnabled,
    groupTypes: [...g.groupTypes],
    createdDateTime: createdAt(g.objectId),
    members: [...g.members],
  }));
  return { users: users.sort(byDisplayName), groups: groups.sort(byDisplayName) };
}

// ---------------------------------------------------------------------------------------------
// A workspace folder's entra/ files
// ---------------------------------------------------------------------------------------------

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'an object id (GUID)');
const text = z.string().max(4096).nullish();
const flag = z.boolean().nullish();

const userSchema = z.object({
  id: guid,
  userPrincipalName: z.string().min(3).max(320),
  displayName: text,
  givenName: text,
  surname: text,
  mail: text,
  jobTitle: text,
  department: text,
  officeLocation: text,
  city: text,
  state: text,
  country: text,
  accountEnabled: flag,
  userType: text,
  createdDateTime: text,
  onPremisesSyncEnabled: flag,
  onPremisesSamAccountName: text,
  onPremisesSecurityIdentifier: text,
});

const memberSchema = z.union([guid, z.object({ id: guid })]);

const groupSchema = z.object({
  id: guid,
  displayName: z.string().min(1).max(256),
  description: text,
  mail: text,
  mailNickname: text,
  securityEnabled: flag,
  mailEnabled: flag,
  groupTypes: z.array(z.string().max(64)).max(16).nullish(),
  createdDateTime: text,
  members: z.array(memberSchema).max(1_000_000).nullish(),
});

function invalidFile(file: string, message: string): ToolError {
  return new ToolError('INVALID_ARGUMENT', `entra/${file}: ${message}`, {
    hint: 'Fix the file; docs/local-workspace.md ("Entra ID users and groups") shows the format.',
    retryable: false,
  });
}

/** The file's items (`{value: [...]}` or an array), or undefined when the file does not exist. */
async function readItems(root: string, file: string): Promise<unknown[] | undefined> {
  const candidate = path.join(root, 'entra', file);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return undefined;
  }
  if (!real.startsWith(root + path.sep)) {
    throw invalidFile(file, `resolves outside the workspace folder (${real})`);
  }
  const info = await stat(real);
  if (!info.isFile()) throw invalidFile(file, 'is not a file');
  if (info.size > MAX_FILE_BYTES) throw invalidFile(file, `is larger than ${MAX_FILE_BYTES / 1048576} MB`);
  let data: unknown;
  try {
    data = JSON.parse(await readFile(real, 'utf8'));
  } catch (error) {
    throw invalidFile(file, `is not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (Array.isArray(data)) return data;
  if (data && typeof data === 'object' && Array.isArray((data as { value?: unknown }).value)) {
    return (data as { value: unknown[] }).value;
  }
  throw invalidFile(file, 'must hold an array of objects, or an object with a "value" array (Graph JSON)');
}

function parseAll<S extends z.ZodType>(file: string, items: unknown[], schema: S): z.output<S>[] {
  return items.map((item, i) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : '(item)';
      throw invalidFile(file, `item ${i}: ${where}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  });
}

function unique<T extends { id: string }>(file: string, items: T[]): T[] {
  const seen = new Set<string>();
  for (const item of items) {
    const id = item.id.toLowerCase();
    if (seen.has(id)) throw invalidFile(file, `the id ${item.id} appears twice`);
    seen.add(id);
  }
  return items;
}

/** Every property present, null when unknown: what Graph answers for a property it has no value for. */
function complete<T extends object>(value: T, keys: readonly string[]): T {
  const out = { ...value } as Record<string, unknown>;
  for (const key of keys) out[key] ??= null;
  return out as T;
}

export async function folderDirectoryData(root: string): Promise<DirectoryData> {
  const realRoot = await realpath(root);
  const [userItems, groupItems] = await Promise.all([
    readItems(realRoot, 'users.json'),
    readItems(realRoot, 'groups.json'),
  ]);
  if (userItems === undefined && groupItems === undefined) {
    throw new ToolError('UNSUPPORTED', 'This workspace folder has no Entra ID users or groups', {
      hint: 'Add entra/users.json (and entra/groups.json) to the folder, in Microsoft Graph JSON; see docs/local-workspace.md.',
      retryable: false,
    });
  }
  const users: DirectoryUser[] = unique(
    'users.json',
    parseAll('users.json', userItems ?? [], userSchema),
  ).map((u) => complete(u as DirectoryUser, USER_PROPERTIES));
  const groups: LocalGroup[] = unique(
    'groups.json',
    parseAll('groups.json', groupItems ?? [], groupSchema),
  ).map((g) => {
    const { members, groupTypes, ...rest } = g;
    const ids = (members ?? []).map((m) => (typeof m === 'string' ? m : m.id).toLowerCase());
    return complete(
      { ...rest, groupTypes: groupTypes ?? [], members: [...new Set(ids)] } as LocalGroup,
      GROUP_PROPERTIES,
    );
  });
  return { users: users.sort(byDisplayName), groups: groups.sort(byDisplayName) };
}

// ---------------------------------------------------------------------------------------------
// The DirectoryApi over that data
// ---------------------------------------------------------------------------------------------

interface OffsetCursor {
  /** Which listing. */
  k: DirectoryKind;
  /** Offset of the next item. */
  o: number;
  /** The search the listing was made with. */
  q: string | null;
}

function readCursor(cursor: string, kind: DirectoryKind, search: string | undefined): number {
  const c = decodeCursor(cursor) as Partial<OffsetCursor>;
  if (
    c.k !== kind ||
    typeof c.o !== 'number' ||
    !Number.isInteger(c.o) ||
    c.o < 0 ||
    (c.q ?? null) !== (search ?? null)
  ) {
    throw badCursor();
  }
  return c.o;
}

function page<T>(
  kind: DirectoryKind,
  items: readonly T[],
  query: DirectoryListQuery,
  search: string | undefined,
): DirectoryPage<T> {
  if (!Number.isInteger(query.top) || query.top < 1 || query.top > MAX_TOP) {
    throw new ToolError('INVALID_ARGUMENT', `top must be an integer from 1 to ${MAX_TOP}`);
  }
  const offset = query.cursor === undefined ? 0 : readCursor(query.cursor, kind, search);
  const slice = items.slice(offset, offset + query.top);
  const next = offset + slice.length;
  return {
    items: slice,
    ...(next < items.length
      ? { cursor: encodeCursor({ k: kind, o: next, q: search ?? null } satisfies OffsetCursor) }
      : {}),
  };
}

function withoutMembers(group: LocalGroup): DirectoryGroup {
  const { members: _members, ...rest } = group;
  return rest;
}

export class LocalDirectory implements DirectoryApi {
  private loaded: Promise<DirectoryData> | undefined;

  constructor(private readonly load: () => Promise<DirectoryData>) {}

  /** The demo's organisation. */
  static demo(): LocalDirectory {
    return new LocalDirectory(async () => demoDirectoryData());
  }

  /** A workspace folder's entra/ files, read on first use (UNSUPPORTED when the folder has none). */
  static folder(root: string): LocalDirectory {
    return new LocalDirectory(() => folderDirectoryData(root));
  }

  /** Every user and group (the fake of Graph serves these). */
  data(): Promise<DirectoryData> {
    this.loaded ??= this.load().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  async listUsers(query: DirectoryListQuery): Promise<DirectoryPage<DirectoryUser>> {
    query.abortSignal?.throwIfAborted();
    const search = normalizeSearch(query.search);
    const { users } = await this.data();
    return page(
      'users',
      users.filter((u) => matchesSearch('users', { ...u }, search)),
      query,
      search,
    );
  }

  async getUser(key: string, options: CallOptions = {}): Promise<DirectoryUser> {
    options.abortSignal?.throwIfAborted();
    const kind = userKeyKind(key);
    const { users, groups } = await this.data();
    const user =
      kind === 'id'
        ? users.find((u) => equalsCi(u.id, key))
        : (users.find((u) => equalsCi(u.userPrincipalName, key)) ?? users.find((u) => equalsCi(u.mail, key)));
    if (!user) throw userNotFound(key);
    const id = user.id.toLowerCase();
    const memberOf: DirectoryGroupRef[] = groups
      .filter((g) => g.members.some((m) => m.toLowerCase() === id))
      .map((g) => ({ id: g.id, displayName: g.displayName }));
    return { ...user, memberOf };
  }

  async listGroups(query: DirectoryListQuery): Promise<DirectoryPage<DirectoryGroup>> {
    query.abortSignal?.throwIfAborted();
    const search = normalizeSearch(query.search);
    const { groups } = await this.data();
    const matched = groups.filter((g) => matchesSearch('groups', { ...g }, search)).map(withoutMembers);
    return page('groups', matched, query, search);
  }

  async getGroup(key: string, options: CallOptions = {}): Promise<DirectoryGroup> {
    options.abortSignal?.throwIfAborted();
    const kind = groupKeyKind(key);
    const { groups } = await this.data();
    const found =
      kind === 'id'
        ? groups.filter((g) => equalsCi(g.id, key))
        : groups.filter((g) => equalsCi(g.displayName, key));
    if (found.length === 0) throw groupNotFound(key);
    if (found.length > 1)
      throw ambiguousGroup(
        key,
        found.map((g) => g.id),
      );
    const group = found[0]!;
    return { ...withoutMembers(group), memberCount: group.members.length };
  }
}
