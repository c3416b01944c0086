// Entra ID through Microsoft Graph v1.0: a thin typed client on the Azure SDK's own HTTP pipeline
// (@azure/core-rest-pipeline, already a dependency), with the session's credential asking for the
// Graph scope of the configured cloud, and the session's pipeline configuration, so that Graph calls
// get the same retries (429/5xx, Retry-After), deadline and cancellation as the ARM and Logs clients.
// (@microsoft/microsoft-graph-client would bring a second retry and auth stack for four GETs.)
//
// Safety: every caller value reaches Graph through odataString (filter literals) or pathSegment (path
// keys); next-page links are followed only on the Graph endpoint (the bearer token goes nowhere else),
// and a cursor (which holds such a link) is accepted only when its link is on that endpoint, on the
// listing's path, and carries no filter or $select but the ones this client builds for its search.
// Errors: 403 is FORBIDDEN naming the Graph permission the refused request needs (decided from the
// request that got the 403, never from the token's claims), 404 NOT_FOUND naming the key, 400
// INVALID_ARGUMENT; the rest (401, 429, 5xx, network) maps as every Azure call does (errors.ts).
import type { PipelineResponse } from '@azure/core-rest-pipeline';
import { odataString, pathSegment } from '../../kql/quote.js';
import { ToolError } from '../../util/errors.js';
import type { CallOptions } from '../backend.js';
import {
  ambiguousGroup,
  badCursor,
  byDisplayName,
  decodeCursor,
  encodeCursor,
  GROUP_PROPERTIES,
  groupKeyKind,
  groupNotFound,
  normalizeSearch,
  SEARCH_PROPERTIES,
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
import { CLOUD_PROFILES } from './clouds.js';
import { safeText } from './errors.js';
import { deadlineOf, type AzureSession, type BearerPipeline } from './session.js';

export const GRAPH_VERSION = 'v1.0';
/** Graph's largest page for users and groups. */
const MAX_TOP = 999;
/** Pages followed at most in one call (a page is at least one item, so `top` bounds it anyway). */
const MAX_PAGES = 100;
/** Group memberships read at most for one user. */
const MAX_MEMBER_OF = 2000;
/** UPNs that are safe as a path key (`/users/{upn}`); others (`#EXT#`, `'`, a leading `$`) go by $filter. */
const PATH_SAFE_UPN = /^[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+$/;

/** The Graph permissions (application; delegated has the same names) each request needs. */
export const GRAPH_PERMISSIONS = {
  users: 'User.Read.All (or Directory.Read.All)',
  groups: 'Group.Read.All (or GroupMember.Read.All, Directory.Read.All)',
  memberOf: 'GroupMember.Read.All (or Group.Read.All, Directory.Read.All)',
  members: 'GroupMember.Read.All (or Group.Read.All, Directory.Read.All)',
} as const;

/** What a failing request was, for the error a person reads. */
interface RequestPurpose {
  operation: string;
  permission: string;
  notFound?: () => ToolError;
}

/** A GET through the session's configured pipeline, returning whatever status Graph answered. */
export class GraphClient {
  constructor(private readonly session: AzureSession) {}

  /** The configured Graph origin (cloud default or SENTINEL_MCP_GRAPH_ENDPOINT). */
  get origin(): string {
    return new URL(this.session.endpoints.graph).origin;
  }

  /** `/users?...` → `https://graph.microsoft.com/v1.0/users?...` */
  url(pathAndQuery: string): string {
    return `${this.origin}/${GRAPH_VERSION}${pathAndQuery}`;
  }

  private load(): Promise<BearerPipeline> {
    return this.session.bearerPipeline(this.session.endpoints.scopes.graph);
  }

  /**
   * Sends a GET (inside session.run, which gives the call its deadline and retries). `eventual` adds
   * `ConsistencyLevel: eventual`, which `$count` and OData casts on directory objects need.
   */
  async get(url: string, signal: AbortSignal, eventual = false): Promise<PipelineResponse> {
    const { core, pipeline, httpClient } = await this.load();
    const request = core.createPipelineRequest({
      url,
      method: 'GET',
      headers: core.createHttpHeaders({
        accept: 'application/json',
        ...(eventual ? { ConsistencyLevel: 'eventual' } : {}),
      }),
      abortSignal: signal,
    });
    return pipeline.sendRequest(httpClient, request);
  }

  /** A RestError for a status errors.ts maps (401, 429, 5xx...). */
  async restError(response: PipelineResponse, message: string): Promise<Error> {
    const { core } = await this.load();
    return new core.RestError(message, {
      statusCode: response.status,
      request: response.request,
      response,
    });
  }

  /**
   * The link as this client may send it: on the Graph endpoint (or, when the endpoint is overridden,
   * the cloud's own Graph host, rewritten to the endpoint) and on `expectedPath`; undefined otherwise.
   */
  followable(link: string, expectedPath: string): URL | undefined {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return undefined;
    }
    if (url.username || url.password || url.hash) return undefined;
    const cloudGraph = new URL(CLOUD_PROFILES[this.session.endpoints.cloud].graph).origin;
    if (url.origin !== this.origin && url.origin !== cloudGraph) return undefined;
    if (url.pathname.toLowerCase() !== `/${GRAPH_VERSION}${expectedPath}`.toLowerCase()) return undefined;
    return new URL(`${url.pathname}${url.search}`, this.origin);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading Graph's JSON
// ---------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

function unreadable(what: string): TypeError {
  return new TypeError(`Microsoft Graph sent ${what}`);
}

function parseObject(text: string | undefined): Json {
  const value: unknown = JSON.parse(text ?? '');
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw unreadable('a body that is not an object');
  return value as Json;
}

function valueArray(body: Json): Json[] {
  const value = body['value'];
  if (!Array.isArray(value)) throw unreadable('a collection without "value"');
  return value.filter((v): v is Json => Boolean(v) && typeof v === 'object' && !Array.isArray(v));
}

function pick<K extends string>(
  raw: Json,
  keys: readonly K[],
): Partial<Record<K, string | boolean | string[] | null>> {
  const out: Partial<Record<K, string | boolean | string[] | null>> = {};
  for (const key of keys) {
    if (!(key in raw)) continue;
    const v = raw[key];
    if (v === null || typeof v === 'string' || typeof v === 'boolean') out[key] = v;
    else if (Array.isArray(v)) out[key] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

export function toDirectoryUser(raw: Json): DirectoryUser {
  const id = raw['id'];
  const upn = raw['userPrincipalName'];
  if (typeof id !== 'string' || typeof upn !== 'string') throw unreadable('a user without id or UPN');
  return { ...(pick(raw, USER_PROPERTIES) as Partial<DirectoryUser>), id, userPrincipalName: upn };
}

export function toDirectoryGroup(raw: Json): DirectoryGroup {
  const id = raw['id'];
  const name = raw['displayName'];
  if (typeof id !== 'string') throw unreadable('a group without id');
  return {
    ...(pick(raw, GROUP_PROPERTIES) as Partial<DirectoryGroup>),
    id,
    displayName: typeof name === 'string' ? name : '',
  };
}

/** The `$filter` for a search: `startswith(p,'text') or ...` over the kind's search properties. */
export function searchFilter(kind: DirectoryKind, search: string): string {
  const literal = odataString(search);
  return SEARCH_PROPERTIES[kind].map((p) => `startswith(${p},${literal})`).join(' or ');
}

const SELECT = { users: USER_PROPERTIES.join(','), groups: GROUP_PROPERTIES.join(',') } as const;

interface LinkCursor {
  k: DirectoryKind;
  /** The Graph URL of the page the next item is on. */
  l: string;
  /** Items of that page already returned. */
  s: number;
  q: string | null;
}

// ---------------------------------------------------------------------------------------------
// The DirectoryApi
// ---------------------------------------------------------------------------------------------

export class GraphDirectory implements DirectoryApi {
  readonly client: GraphClient;

  constructor(private readonly session: AzureSession) {
    this.client = new GraphClient(session);
  }

  private run<T>(
    operation: string,
    options: CallOptions,
    fn: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    return this.session.run(
      { operation },
      { ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}), ...deadlineOf(options) },
      (signal) => fn(signal),
    );
  }

  /** The error for a non-2xx answer. */
  private async failure(response: PipelineResponse, purpose: RequestPurpose): Promise<Error> {
    let code = '';
    let message = '';
    try {
      const error = parseObject(response.bodyAsText ?? '')['error'] as { code?: unknown; message?: unknown };
      if (typeof error?.code === 'string') code = error.code;
      if (typeof error?.message === 'string') message = error.message;
    } catch {
      // a body that is not Graph's error JSON: the status says enough
    }
    const detail = safeText([code, message].filter(Boolean).join(': ') || `HTTP ${response.status}`, 300);
    switch (response.status) {
      case 400:
        return new ToolError(
          'INVALID_ARGUMENT',
          `Microsoft Graph rejected the request while ${purpose.operation}: ${detail}`,
          {
            hint: 'Give plain text: the start of a display name, UPN or mail address, or an object id.',
            retryable: false,
          },
        );
      case 403:
        return new ToolError(
          'FORBIDDEN',
          `Microsoft Graph denied access while ${purpose.operation}: ${detail}`,
          {
            hint:
              `The identity needs the Microsoft Graph permission ${purpose.permission}: for a service principal or ` +
              'managed identity, the application permission with admin consent; for a signed-in user, the delegated ' +
              'one (or a directory reader role). sentinel_connection_test shows which identity is used.',
            retryable: false,
            details: { graphPermission: purpose.permission },
          },
        );
      case 404:
        return (
          purpose.notFound?.() ??
          new ToolError('NOT_FOUND', `Microsoft Graph found nothing while ${purpose.operation}: ${detail}`, {
            hint: 'Check SENTINEL_MCP_GRAPH_ENDPOINT and SENTINEL_MCP_CLOUD.',
            retryable: false,
          })
        );
      default:
        return this.client.restError(
          response,
          `Microsoft Graph answered ${response.status} while ${purpose.operation}: ${detail}`,
        );
    }
  }

  private async getJson(url: string, signal: AbortSignal, purpose: RequestPurpose, eventual = false) {
    const response = await this.client.get(url, signal, eventual);
    if (response.status >= 200 && response.status < 300) return parseObject(response.bodyAsText ?? '');
    throw await this.failure(response, purpose);
  }

  /** Like getJson, but undefined on 404. */
  private async findJson(
    url: string,
    signal: AbortSignal,
    purpose: RequestPurpose,
  ): Promise<Json | undefined> {
    const response = await this.client.get(url, signal);
    if (response.status === 404) return undefined;
    if (response.status >= 200 && response.status < 300) return parseObject(response.bodyAsText ?? '');
    throw await this.failure(response, purpose);
  }

  private nextLink(body: Json, path: string): URL | undefined {
    const link = body['@odata.nextLink'];
    if (link === undefined || link === null) return undefined;
    const url = typeof link === 'string' ? this.client.followable(link, path) : undefined;
    if (!url) {
      throw new ToolError(
        'UPSTREAM',
        'Microsoft Graph sent a next-page link outside its endpoint; not followed',
        {
          hint: 'Check SENTINEL_MCP_GRAPH_ENDPOINT and any proxy between this server and Microsoft Graph.',
          retryable: false,
        },
      );
    }
    return url;
  }

  private readCursor(
    cursor: string,
    kind: DirectoryKind,
    search: string | undefined,
  ): { url: URL; skip: number } {
    const c = decodeCursor(cursor) as Partial<LinkCursor>;
    if (
      c.k !== kind ||
      typeof c.l !== 'string' ||
      typeof c.s !== 'number' ||
      !Number.isInteger(c.s) ||
      c.s < 0 ||
      c.s > MAX_TOP ||
      (c.q ?? null) !== (search ?? null)
    ) {
      throw badCursor();
    }
    const url = this.client.followable(c.l, `/${kind}`);
    if (!url) throw badCursor();
    // Only $skiptoken may differ from what this client sends for the search: no caller-made OData.
    const expected: Record<string, string | undefined> = {
      $select: SELECT[kind],
      $filter: search === undefined ? undefined : searchFilter(kind, search),
    };
    for (const [key, value] of url.searchParams) {
      if (key === '$skiptoken' || key === '$skipToken') continue;
      if (key === '$top') {
        if (!/^\d{1,3}$/.test(value) || Number(value) < 1) throw badCursor();
        continue;
      }
      if (!(key in expected) || expected[key] !== value) throw badCursor();
    }
    if (
      search !== undefined &&
      url.searchParams.get('$filter') === null &&
      !url.searchParams.has('$skiptoken')
    )
      throw badCursor();
    return { url, skip: c.s };
  }

  private async list<T>(
    kind: DirectoryKind,
    query: DirectoryListQuery,
    map: (raw: Json) => T,
  ): Promise<DirectoryPage<T>> {
    const search = normalizeSearch(query.search);
    const top = query.top;
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) {
      throw new ToolError('INVALID_ARGUMENT', `top must be an integer from 1 to ${MAX_TOP}`);
    }
    let url: URL;
    let skip = 0;
    if (query.cursor !== undefined) ({ url, skip } = this.readCursor(query.cursor, kind, search));
    else {
      const filter = search === undefined ? '' : `&$filter=${encodeURIComponent(searchFilter(kind, search))}`;
      url = new URL(this.client.url(`/${kind}?$select=${SELECT[kind]}&$top=${top}${filter}`));
    }
    const purpose: RequestPurpose = {
      operation: `listing Entra ID ${kind} from Microsoft Graph`,
      permission: GRAPH_PERMISSIONS[kind],
    };
    const cursorAt = (link: URL, s: number) =>
      encodeCursor({ k: kind, l: link.href, s, q: search ?? null } satisfies LinkCursor);
    return this.run(purpose.operation, query, async (signal) => {
      const items: T[] = [];
      for (let pages = 0; pages < MAX_PAGES; pages++) {
        const body = await this.getJson(url.href, signal, purpose);
        const rest = valueArray(body).slice(skip);
        const room = top - items.length;
        items.push(...rest.slice(0, room).map(map));
        if (rest.length > room) return { items, cursor: cursorAt(url, skip + room) };
        const next = this.nextLink(body, `/${kind}`);
        if (!next) return { items };
        if (items.length >= top) return { items, cursor: cursorAt(next, 0) };
        url = next;
        skip = 0;
      }
      return { items, cursor: cursorAt(url, 0) };
    });
  }

  listUsers(query: DirectoryListQuery): Promise<DirectoryPage<DirectoryUser>> {
    return this.list('users', query, toDirectoryUser);
  }

  listGroups(query: DirectoryListQuery): Promise<DirectoryPage<DirectoryGroup>> {
    return this.list('groups', query, toDirectoryGroup);
  }

  async getUser(key: string, options: CallOptions = {}): Promise<DirectoryUser> {
    const kind = userKeyKind(key);
    const purpose: RequestPurpose = {
      operation: 'reading an Entra ID user from Microsoft Graph',
      permission: GRAPH_PERMISSIONS.users,
      notFound: () => userNotFound(key),
    };
    return this.run(purpose.operation, options, async (signal) => {
      const select = `$select=${SELECT.users}`;
      let raw: Json | undefined;
      if (kind === 'id') {
        raw = await this.getJson(
          this.client.url(`/users/${pathSegment(key, 'user id')}?${select}`),
          signal,
          purpose,
        );
      } else {
        const pathSafe = PATH_SAFE_UPN.test(key);
        if (pathSafe) {
          raw = await this.findJson(
            this.client.url(`/users/${pathSegment(key, 'user')}?${select}`),
            signal,
            purpose,
          );
        }
        if (!raw) {
          // By mail (and, for UPNs that cannot be a path key, by UPN too).
          const literal = odataString(key);
          const filter = pathSafe
            ? `mail eq ${literal}`
            : `userPrincipalName eq ${literal} or mail eq ${literal}`;
          const url = this.client.url(`/users?${select}&$top=2&$filter=${encodeURIComponent(filter)}`);
          raw = valueArray(await this.getJson(url, signal, purpose))[0];
        }
      }
      if (!raw) throw userNotFound(key);
      const user = toDirectoryUser(raw);
      try {
        return { ...user, memberOf: await this.memberOf(user.id, signal) };
      } catch (error) {
        if (error instanceof ToolError && error.code === 'FORBIDDEN') {
          return { ...user, memberOfUnavailable: `${error.message}. ${error.hint ?? ''}`.trim() };
        }
        throw error;
      }
    });
  }

  /** The user's direct group memberships (the OData cast needs ConsistencyLevel: eventual and $count). */
  private async memberOf(id: string, signal: AbortSignal): Promise<DirectoryGroupRef[]> {
    const path = `/users/${pathSegment(id, 'user id')}/memberOf/microsoft.graph.group`;
    const purpose: RequestPurpose = {
      operation: "reading the user's group memberships from Microsoft Graph",
      permission: GRAPH_PERMISSIONS.memberOf,
    };
    let url: URL | undefined = new URL(
      this.client.url(`${path}?$select=id,displayName&$count=true&$top=${MAX_TOP}`),
    );
    const groups: DirectoryGroupRef[] = [];
    for (let pages = 0; url && pages < MAX_PAGES && groups.length < MAX_MEMBER_OF; pages++) {
      const body = await this.getJson(url.href, signal, purpose, true);
      for (const g of valueArray(body)) {
        if (typeof g['id'] === 'string') {
          groups.push({
            id: g['id'],
            displayName: typeof g['displayName'] === 'string' ? g['displayName'] : '',
          });
        }
      }
      url = this.nextLink(body, path);
    }
    return groups.sort(byDisplayName);
  }

  async getGroup(key: string, options: CallOptions = {}): Promise<DirectoryGroup> {
    const kind = groupKeyKind(key);
    const purpose: RequestPurpose = {
      operation: 'reading an Entra ID group from Microsoft Graph',
      permission: GRAPH_PERMISSIONS.groups,
      notFound: () => groupNotFound(key),
    };
    return this.run(purpose.operation, options, async (signal) => {
      const select = `$select=${SELECT.groups}`;
      let raw: Json;
      if (kind === 'id') {
        raw = await this.getJson(
          this.client.url(`/groups/${pathSegment(key, 'group id')}?${select}`),
          signal,
          purpose,
        );
      } else {
        const filter = encodeURIComponent(`displayName eq ${odataString(key)}`);
        const found = valueArray(
          await this.getJson(this.client.url(`/groups?${select}&$top=2&$filter=${filter}`), signal, purpose),
        );
        if (found.length === 0) throw groupNotFound(key);
        if (found.length > 1)
          throw ambiguousGroup(
            key,
            found.map((g) => String(g['id'])),
          );
        raw = found[0]!;
      }
      const group = toDirectoryGroup(raw);
      try {
        return { ...group, memberCount: await this.memberCount(group.id, signal) };
      } catch (error) {
        if (error instanceof ToolError && error.code === 'FORBIDDEN') {
          return { ...group, memberCountUnavailable: `${error.message}. ${error.hint ?? ''}`.trim() };
        }
        throw error;
      }
    });
  }

  /** `GET /groups/{id}/members/$count` (text/plain), which needs ConsistencyLevel: eventual. */
  private async memberCount(id: string, signal: AbortSignal): Promise<number> {
    const purpose: RequestPurpose = {
      operation: "counting the group's members in Microsoft Graph",
      permission: GRAPH_PERMISSIONS.members,
      notFound: () => groupNotFound(id),
    };
    const response = await this.client.get(
      this.client.url(`/groups/${pathSegment(id, 'group id')}/members/$count`),
      signal,
      true,
    );
    if (response.status < 200 || response.status >= 300) throw await this.failure(response, purpose);
    const text = (response.bodyAsText ?? '').replace(/^\uFEFF/, '').trim();
    if (!/^\d{1,9}$/.test(text)) throw unreadable('a member count that is not a number');
    return Number(text);
  }
}

export function graphDirectory(session: AzureSession): DirectoryApi {
  return new GraphDirectory(session);
}
