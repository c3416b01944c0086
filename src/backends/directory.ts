// Entra ID users and groups: Microsoft Graph on Azure, the workspace folder or the demo's story locally.
// The shapes are Microsoft Graph v1.0's (a subset of `microsoft.graph.user` / `microsoft.graph.group`),
// so that the Azure backend reads Graph's JSON as it is and the local backend serves the same fields.
// Both backends share here: the properties read, the search semantics, the key kinds and the cursor
// envelope.
import { ToolError } from '../util/errors.js';
import type { CallOptions } from './backend.js';

export interface DirectoryUser {
  id: string;
  userPrincipalName: string;
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  officeLocation?: string | null;
  city?: string | null;
  state?: string | null;
  country?: string | null;
  accountEnabled?: boolean | null;
  userType?: string | null;
  createdDateTime?: string | null;
  onPremisesSyncEnabled?: boolean | null;
  /** `megan.ortiz`: the on-premises logon name (SecurityEvent's TargetUserName). */
  onPremisesSamAccountName?: string | null;
  /** The on-premises SID (SecurityEvent's TargetUserSid). */
  onPremisesSecurityIdentifier?: string | null;
  /** On get only: the groups the user is a direct member of, by display name. */
  memberOf?: DirectoryGroupRef[];
  /** On get only: why memberOf is missing (e.g. Graph refused the memberships). */
  memberOfUnavailable?: string;
}

export interface DirectoryGroupRef {
  id: string;
  displayName: string;
}

export interface DirectoryGroup {
  id: string;
  displayName: string;
  description?: string | null;
  mail?: string | null;
  mailNickname?: string | null;
  securityEnabled?: boolean | null;
  mailEnabled?: boolean | null;
  /** `Unified` for Microsoft 365 groups; empty for security and distribution groups. */
  groupTypes?: string[];
  createdDateTime?: string | null;
  /** On get: the number of direct members (users, groups, devices, service principals). */
  memberCount?: number;
  /** On get: why memberCount is missing. */
  memberCountUnavailable?: string;
}

export interface DirectoryPage<T> {
  items: T[];
  /** Present when more items match: pass it back (with the same search) for the next page. */
  cursor?: string;
}

export interface DirectoryListQuery extends CallOptions {
  /**
   * Text the items start with (case-insensitive, as Graph's `startswith`): users by display name, given
   * name, surname, UPN or mail; groups by display name or mail. Empty or absent: every item.
   */
  search?: string;
  /** 1-999 (Graph's largest page). */
  top: number;
  cursor?: string;
}

export interface DirectoryApi {
  listUsers(query: DirectoryListQuery): Promise<DirectoryPage<DirectoryUser>>;
  /** By object id, UPN or mail, with `memberOf`; NOT_FOUND naming the key. */
  getUser(key: string, options?: CallOptions): Promise<DirectoryUser>;
  listGroups(query: DirectoryListQuery): Promise<DirectoryPage<DirectoryGroup>>;
  /** By object id or exact display name, with `memberCount`; NOT_FOUND naming the key. */
  getGroup(key: string, options?: CallOptions): Promise<DirectoryGroup>;
}

/** The user properties every backend reads (Graph `$select`), in Graph's names. */
export const USER_PROPERTIES = [
  'id',
  'userPrincipalName',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'jobTitle',
  'department',
  'officeLocation',
  'city',
  'state',
  'country',
  'accountEnabled',
  'userType',
  'createdDateTime',
  'onPremisesSyncEnabled',
  'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier',
] as const satisfies readonly (keyof DirectoryUser)[];

export const GROUP_PROPERTIES = [
  'id',
  'displayName',
  'description',
  'mail',
  'mailNickname',
  'securityEnabled',
  'mailEnabled',
  'groupTypes',
  'createdDateTime',
] as const satisfies readonly (keyof DirectoryGroup)[];

/** The properties `search` is matched against (`startswith`, case-insensitive), per kind. */
export const SEARCH_PROPERTIES = {
  users: ['displayName', 'givenName', 'surname', 'userPrincipalName', 'mail'],
  groups: ['displayName', 'mail'],
} as const;

export type DirectoryKind = keyof typeof SEARCH_PROPERTIES;

/** The longest search text and key accepted. */
export const MAX_SEARCH_CHARS = 256;
export const MAX_KEY_CHARS = 320;

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// No control characters anywhere in a key or search text.
const CONTROL = /[\u0000-\u001f\u007f]/;
/** A UPN or mail address: one @, no whitespace, no / \ ? (never a path), a dotted domain. */
export const USER_NAME_PATTERN = /^[^\s@/\\?]{1,113}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Graph compares directory strings case-insensitively; so do the local backend and the fake. */
export function startsWithCi(value: string | null | undefined, prefix: string): boolean {
  return typeof value === 'string' && value.toLowerCase().startsWith(prefix.toLowerCase());
}

export function equalsCi(value: string | null | undefined, other: string): boolean {
  return typeof value === 'string' && value.toLowerCase() === other.toLowerCase();
}

/** The search text as both backends use it: trimmed; empty means none. */
export function normalizeSearch(search: string | undefined): string | undefined {
  if (search === undefined) return undefined;
  const trimmed = search.trim();
  if (trimmed === '') return undefined;
  if (trimmed.length > MAX_SEARCH_CHARS || CONTROL.test(trimmed)) {
    throw new ToolError(
      'INVALID_ARGUMENT',
      `The search text must be 1-${MAX_SEARCH_CHARS} characters without control characters`,
      { hint: 'Give the start of a display name, UPN or mail address, e.g. "megan".' },
    );
  }
  return trimmed;
}

export function matchesSearch(
  kind: DirectoryKind,
  item: Record<string, unknown>,
  search: string | undefined,
): boolean {
  if (search === undefined) return true;
  return SEARCH_PROPERTIES[kind].some((p) => {
    const value = item[p];
    return typeof value === 'string' && startsWithCi(value, search);
  });
}

/** What a user key is: an object id, or a UPN / mail address; INVALID_ARGUMENT otherwise. */
export function userKeyKind(key: string): 'id' | 'name' {
  if (GUID_PATTERN.test(key)) return 'id';
  if (key.length <= MAX_KEY_CHARS && !CONTROL.test(key) && USER_NAME_PATTERN.test(key)) return 'name';
  throw new ToolError('INVALID_ARGUMENT', `"${shown(key)}" is not a user object id, UPN or mail address`, {
    hint: 'Give the object id (a GUID), the user principal name or the mail address, e.g. megan.ortiz@fernbrooklabs.com; entra_id_list_users finds users by the start of their name.',
  });
}

/** What a group key is: an object id, or an exact display name; INVALID_ARGUMENT otherwise. */
export function groupKeyKind(key: string): 'id' | 'name' {
  if (GUID_PATTERN.test(key)) return 'id';
  if (key.trim() !== '' && key.length <= MAX_SEARCH_CHARS && !CONTROL.test(key)) return 'name';
  throw new ToolError('INVALID_ARGUMENT', `"${shown(key)}" is not a group object id or display name`, {
    hint: 'Give the group object id (a GUID) or its exact display name; entra_id_list_groups lists groups.',
  });
}

export function userNotFound(key: string): ToolError {
  return new ToolError('NOT_FOUND', `Entra ID user "${shown(key)}" was not found`, {
    hint: 'Check the object id, UPN or mail address; entra_id_list_users finds users by the start of their display name, UPN or mail.',
    retryable: false,
  });
}

export function groupNotFound(key: string): ToolError {
  return new ToolError('NOT_FOUND', `Entra ID group "${shown(key)}" was not found`, {
    hint: 'Check the group object id or exact display name; entra_id_list_groups lists groups.',
    retryable: false,
  });
}

export function ambiguousGroup(key: string, ids: readonly string[]): ToolError {
  return new ToolError(
    'INVALID_ARGUMENT',
    `${ids.length} Entra ID groups are named "${shown(key)}" (${ids.join(', ')})`,
    { hint: 'Give the group object id instead of its name.', retryable: false },
  );
}

export function badCursor(): ToolError {
  return new ToolError('INVALID_ARGUMENT', 'The cursor does not belong to this listing (or is damaged)', {
    hint: 'Pass back next_cursor unchanged, with the same filter as the call that returned it, or start again without cursor.',
    retryable: false,
  });
}

/** A cursor is base64url JSON; what is inside is each backend's business (and checked by it). */
export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): Record<string, unknown> {
  if (cursor.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor();
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw badCursor();
}

/** Direct members' groups and lists are shown in this order: display name, then id. */
export function byDisplayName<T extends { displayName?: string | null; id: string }>(a: T, b: T): number {
  const x = (a.displayName ?? '').toLowerCase();
  const y = (b.displayName ?? '').toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function shown(value: string): string {
  const cut = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return cut.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
