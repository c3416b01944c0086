// Microsoft Graph v1.0: users, a user's group memberships, groups and a group's member count, served
// from the LocalBackend's directory (the same users and groups the local backend serves, so parity
// holds). Query options are parsed strictly: `$select` (known properties only), `$top` (1-999),
// `$filter` (only `startswith(p,'v')` and `p eq 'v'` joined by `or`, over the properties Graph
// supports them on; anything else is Graph's 400), `$count`, `$skiptoken` (from our own nextLink).
// Pages hold at most `graphPageSize` items and carry `@odata.nextLink`; every answer has
// `@odata.context`. Tokens must be for Graph (`{origin}/.default` or graph.microsoft.com), else 401.
import { randomUUID } from 'node:crypto';
import {
  equalsCi,
  GROUP_PROPERTIES,
  GUID_PATTERN,
  startsWithCi,
  USER_PROPERTIES,
  type DirectoryUser,
} from '../../src/backends/directory.js';
import type { LocalGroup } from '../../src/backends/local/directory.js';
import { invalidToken } from './auth.js';
import { graphError } from './errors.js';
import { header, type FakeContext, type FakeRequest, type FakeResponse } from './http.js';
import type { Route } from './router.js';

type Kind = 'users' | 'groups';
type Json = Record<string, unknown>;

/** Properties `$select` accepts per type (ours plus the default ones Graph returns for users). */
const SELECTABLE: Record<Kind, readonly string[]> = {
  users: [...USER_PROPERTIES, 'businessPhones', 'mobilePhone', 'preferredLanguage'],
  groups: [...GROUP_PROPERTIES],
};
/** What Graph returns without `$select`. */
const DEFAULT_SELECT: Record<Kind, readonly string[]> = {
  users: [
    'businessPhones',
    'displayName',
    'givenName',
    'jobTitle',
    'mail',
    'mobilePhone',
    'officeLocation',
    'preferredLanguage',
    'surname',
    'userPrincipalName',
    'id',
  ],
  groups: [...GROUP_PROPERTIES],
};
/** Where Graph supports `startswith` and `eq` without advanced queries (the subset the fake accepts). */
const FILTERABLE: Record<Kind, { startswith: readonly string[]; eq: readonly string[] }> = {
  users: {
    startswith: ['displayName', 'userPrincipalName', 'mail', 'givenName', 'surname'],
    eq: ['id', 'userPrincipalName', 'mail', 'displayName'],
  },
  groups: { startswith: ['displayName', 'mail', 'mailNickname'], eq: ['id', 'displayName', 'mail'] },
};
const TYPE_NAME: Record<Kind, string> = { users: 'microsoft.graph.user', groups: 'microsoft.graph.group' };
const RESOURCE_NAME: Record<Kind, string> = { users: 'User', groups: 'Group' };
const DEFAULT_TOP = 100;
const MAX_TOP = 999;

/** A 400 (or other) answer, thrown by the parsers and caught by `handler()`. */
class GraphFailure extends Error {
  constructor(readonly response: FakeResponse) {
    super(response.body);
  }
}

function fail(status: number, code: string, message: string): never {
  throw new GraphFailure(graphError(status, code, message));
}

function graphHeaders(request: FakeRequest): Record<string, string> {
  const requestId = randomUUID();
  return {
    'request-id': requestId,
    'client-request-id': header(request, 'client-request-id') ?? requestId,
    'odata-version': '4.0',
    'cache-control': 'no-cache',
    'x-ms-ags-diagnostic': JSON.stringify({ ServerInfo: { DataCenter: 'Fake', Slice: 'E', Ring: '0' } }),
  };
}

function ok(request: FakeRequest, body: unknown): FakeResponse {
  return {
    status: 200,
    headers: {
      'content-type':
        'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
      ...graphHeaders(request),
    },
    body: JSON.stringify(body),
  };
}

// ---------------------------------------------------------------------------------------------
// Query options
// ---------------------------------------------------------------------------------------------

function checkOptions(request: FakeRequest, allowed: readonly string[]): void {
  for (const key of new Set(request.query.keys())) {
    if (!key.startsWith('$')) continue; // Graph ignores parameters that are not query options
    if (!allowed.includes(key)) {
      fail(400, 'Request_UnsupportedQuery', `Query option '${key}' is not supported by this request.`);
    }
    if (request.query.getAll(key).length > 1) {
      fail(
        400,
        'BadRequest',
        `Query option '${key}' was specified more than once, but it must be specified at most once.`,
      );
    }
  }
}

function parseSelect(request: FakeRequest, kind: Kind): readonly string[] | undefined {
  const raw = request.query.get('$select');
  if (raw === null) return undefined;
  const props = raw.split(',').map((p) => p.trim());
  for (const p of props) {
    const known = SELECTABLE[kind].find((s) => s.toLowerCase() === p.toLowerCase());
    if (!known)
      fail(400, 'Request_BadRequest', `Could not find a property named '${p}' on type '${TYPE_NAME[kind]}'.`);
  }
  return props.map((p) => SELECTABLE[kind].find((s) => s.toLowerCase() === p.toLowerCase())!);
}

function parseTop(request: FakeRequest): number | undefined {
  const raw = request.query.get('$top');
  if (raw === null) return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_TOP) {
    fail(
      400,
      'Request_BadRequest',
      `Invalid page size specified: '${raw}'. Must be between 1 and ${MAX_TOP} inclusive.`,
    );
  }
  return n;
}

function parseCount(request: FakeRequest): boolean {
  const raw = request.query.get('$count');
  if (raw === null) return false;
  if (raw !== 'true' && raw !== 'false') fail(400, 'BadRequest', `Invalid value '${raw}' for $count.`);
  return raw === 'true';
}

function eventual(request: FakeRequest): boolean {
  return (header(request, 'consistencylevel') ?? '').toLowerCase() === 'eventual';
}

const SKIP_PREFIX = 'RkFLRV9TVA'; // "FAKE_ST" in base64: real skip tokens are opaque too

function encodeSkipToken(offset: number): string {
  return `${SKIP_PREFIX}${Buffer.from(JSON.stringify({ o: offset })).toString('base64url')}`;
}

function parseSkipToken(request: FakeRequest): number {
  const raw = request.query.get('$skiptoken') ?? request.query.get('$skipToken');
  if (raw === null) return 0;
  try {
    if (!raw.startsWith(SKIP_PREFIX)) throw new Error('prefix');
    const value = JSON.parse(Buffer.from(raw.slice(SKIP_PREFIX.length), 'base64url').toString('utf8')) as {
      o?: unknown;
    };
    if (typeof value.o === 'number' && Number.isInteger(value.o) && value.o >= 0) return value.o;
  } catch {
    // falls through to the 400
  }
  fail(
    400,
    'Directory_ExpiredPageToken',
    'The specified page token value has expired and can no longer be included in your request.',
  );
}

// ---------------------------------------------------------------------------------------------
// $filter: `startswith(prop,'text')` and `prop eq 'text'`, joined by `or`
// ---------------------------------------------------------------------------------------------

export interface FilterTerm {
  op: 'startswith' | 'eq';
  property: string;
  value: string;
}

/** Parses the subset of OData `$filter` the fake serves; Graph's 400 for anything else. */
export function parseGraphFilter(text: string, kind: Kind): FilterTerm[] {
  let i = 0;
  const syntax = (what: string): never =>
    fail(400, 'BadRequest', `Invalid filter clause: Syntax error at position ${i} in '${text}'. ${what}`);
  const unsupported = (): never =>
    fail(400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified.');
  const spaces = () => {
    while (text[i] === ' ') i++;
  };
  const identifier = (): string => {
    spaces();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (!m) return syntax('Expected a property or function name.');
    i += m[0].length;
    return m[0];
  };
  const expect = (ch: string) => {
    spaces();
    if (text[i] !== ch) syntax(`Expected '${ch}'.`);
    i++;
  };
  const literal = (): string => {
    spaces();
    if (text[i] !== "'") return unsupported(); // numbers, null, true, nested expressions: not served
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length) return syntax('Unterminated string literal.');
      const ch = text[i]!;
      if (ch === "'") {
        if (text[i + 1] === "'") {
          out += "'";
          i += 2;
          continue;
        }
        i++;
        return out;
      }
      out += ch;
      i++;
    }
  };
  const property = (name: string, op: FilterTerm['op']): string => {
    const found = FILTERABLE[kind][op].find((p) => p.toLowerCase() === name.toLowerCase());
    if (!found) {
      fail(
        400,
        'Request_UnsupportedQuery',
        `Unsupported or invalid query filter clause specified for property '${name}' of resource '${RESOURCE_NAME[kind]}'.`,
      );
    }
    return found;
  };
  const terms: FilterTerm[] = [];
  for (;;) {
    const name = identifier();
    spaces();
    if (text[i] === '(') {
      if (name.toLowerCase() !== 'startswith') return unsupported();
      i++;
      const prop = property(identifier(), 'startswith');
      expect(',');
      const value = literal();
      expect(')');
      terms.push({ op: 'startswith', property: prop, value });
    } else {
      const op = identifier();
      if (op !== 'eq') return unsupported();
      const prop = property(name, 'eq');
      terms.push({ op: 'eq', property: prop, value: literal() });
    }
    spaces();
    if (i >= text.length) return terms;
    const joiner = identifier();
    if (joiner !== 'or') return unsupported(); // `and`, `not`, anything else
  }
}

export function matchesFilter(item: Json, terms: readonly FilterTerm[]): boolean {
  return terms.some((t) => {
    const value = item[t.property];
    if (typeof value !== 'string') return false;
    return t.op === 'startswith' ? startsWithCi(value, t.value) : equalsCi(value, t.value);
  });
}

// ---------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------

function project(item: Json, props: readonly string[]): Json {
  const out: Json = {};
  for (const p of props) {
    if (p === 'businessPhones') out[p] = [];
    else if (p === 'groupTypes') out[p] = item[p] ?? [];
    else out[p] = item[p] ?? null;
  }
  return out;
}

function contextUrl(
  context: FakeContext,
  set: string,
  select: readonly string[] | undefined,
  entity = false,
): string {
  return `${context.origin}/v1.0/$metadata#${set}${select ? `(${select.join(',')})` : ''}${entity ? '/$entity' : ''}`;
}

/** `$select`, `$filter`, `$top`, `$count`, `$skiptoken` kept as they came, with a new `$skiptoken`. */
function nextLink(request: FakeRequest, context: FakeContext, offset: number): string {
  const parts: string[] = [];
  for (const key of ['$select', '$filter', '$top', '$count']) {
    const value = request.query.get(key);
    if (value !== null) parts.push(`${key}=${encodeURIComponent(value)}`);
  }
  parts.push(`$skiptoken=${encodeSkipToken(offset)}`);
  return `${context.origin}${request.url.pathname}?${parts.join('&')}`;
}

/** One page of a collection, with `@odata.count` when asked and `@odata.nextLink` when more remain. */
function collection(
  request: FakeRequest,
  context: FakeContext,
  items: readonly Json[],
  contextLink: string,
  count: boolean,
): FakeResponse {
  const top = parseTop(request) ?? DEFAULT_TOP;
  const offset = parseSkipToken(request);
  const size = Math.min(top, context.graphPageSize);
  const page = items.slice(offset, offset + size);
  const next = offset + page.length;
  return ok(request, {
    '@odata.context': contextLink,
    ...(count ? { '@odata.count': items.length } : {}),
    ...(next < items.length ? { '@odata.nextLink': nextLink(request, context, next) } : {}),
    value: page,
  });
}

async function directory(context: FakeContext) {
  return context.backend.directory.data();
}

function userJson(user: DirectoryUser): Json {
  const { memberOf: _m, memberOfUnavailable: _u, ...rest } = user;
  return rest as Json;
}

function groupJson(group: LocalGroup): Json {
  const { members: _m, ...rest } = group;
  return rest as Json;
}

function notFound(key: string): FakeResponse {
  return graphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

function findUser(users: readonly DirectoryUser[], key: string): DirectoryUser | undefined {
  return GUID_PATTERN.test(key)
    ? users.find((u) => equalsCi(u.id, key))
    : users.find((u) => equalsCi(u.userPrincipalName, key));
}

// ---------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------

/** The scopes a Graph token may have been issued for. */
function graphScopes(context: FakeContext): string[] {
  return [`${context.origin}/.default`, 'https://graph.microsoft.com/.default'];
}

function handler(fn: (request: FakeRequest, context: FakeContext) => Promise<FakeResponse>): Route['handle'] {
  return async (request, context) => {
    if (!request.token || !graphScopes(context).includes(request.token.scope))
      return invalidToken('graph', context);
    try {
      return await fn(request, context);
    } catch (error) {
      if (error instanceof GraphFailure) return error.response;
      throw error;
    }
  };
}

function listOf(kind: Kind) {
  return handler(async (request, context) => {
    checkOptions(request, ['$select', '$top', '$filter', '$count', '$skiptoken', '$skipToken']);
    const select = parseSelect(request, kind);
    const filterText = request.query.get('$filter');
    const terms = filterText === null ? undefined : parseGraphFilter(filterText, kind);
    const count = parseCount(request);
    if (count && !eventual(request)) {
      fail(
        400,
        'Request_BadRequest',
        'Count is not currently supported without the ConsistencyLevel:eventual header.',
      );
    }
    parseTop(request);
    const data = await directory(context);
    const all: Json[] = kind === 'users' ? data.users.map(userJson) : data.groups.map(groupJson);
    const matched = terms ? all.filter((item) => matchesFilter(item, terms)) : all;
    const props = select ?? DEFAULT_SELECT[kind];
    return collection(
      request,
      context,
      matched.map((item) => project(item, props)),
      contextUrl(context, kind, select),
      count,
    );
  });
}

const getUser = handler(async (request, context) => {
  checkOptions(request, ['$select']);
  const select = parseSelect(request, 'users');
  const key = request.params['key'] ?? '';
  const user = findUser((await directory(context)).users, key);
  if (!user) return notFound(key);
  return ok(request, {
    '@odata.context': contextUrl(context, 'users', select, true),
    ...project(userJson(user), select ?? DEFAULT_SELECT.users),
  });
});

const getMemberOf = handler(async (request, context) => {
  checkOptions(request, ['$select', '$top', '$count', '$skiptoken', '$skipToken']);
  const cast = request.params['cast'] !== undefined;
  const count = parseCount(request);
  if ((cast || count) && !(eventual(request) && count)) {
    fail(
      400,
      'Request_UnsupportedQuery',
      'This request requires the ConsistencyLevel:eventual header and $count=true (OData cast or $count on directory objects).',
    );
  }
  const select = parseSelect(request, 'groups');
  parseTop(request);
  const key = request.params['key'] ?? '';
  const data = await directory(context);
  const user = findUser(data.users, key);
  if (!user) return notFound(key);
  const id = user.id.toLowerCase();
  const groups = data.groups
    .filter((g) => g.members.some((m) => m.toLowerCase() === id))
    .map((g) => ({
      '@odata.type': '#microsoft.graph.group',
      ...project(groupJson(g), select ?? DEFAULT_SELECT.groups),
    }));
  return collection(
    request,
    context,
    groups,
    contextUrl(context, cast ? 'groups' : 'directoryObjects', select),
    count,
  );
});

function findGroup(groups: readonly LocalGroup[], key: string): LocalGroup | undefined {
  if (!GUID_PATTERN.test(key)) fail(400, 'Request_BadRequest', `Invalid object identifier '${key}'.`);
  return groups.find((g) => equalsCi(g.id, key));
}

const getGroup = handler(async (request, context) => {
  checkOptions(request, ['$select']);
  const select = parseSelect(request, 'groups');
  const key = request.params['key'] ?? '';
  const group = findGroup((await directory(context)).groups, key);
  if (!group) return notFound(key);
  return ok(request, {
    '@odata.context': contextUrl(context, 'groups', select, true),
    ...project(groupJson(group), select ?? DEFAULT_SELECT.groups),
  });
});

const countMembers = handler(async (request, context) => {
  checkOptions(request, []);
  if (!eventual(request)) {
    fail(
      400,
      'Request_BadRequest',
      'Count is not currently supported without the ConsistencyLevel:eventual header.',
    );
  }
  const key = request.params['key'] ?? '';
  const group = findGroup((await directory(context)).groups, key);
  if (!group) return notFound(key);
  return {
    status: 200,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...graphHeaders(request) },
    body: String(group.members.length),
  };
});

const V1 = '^/v1\\.0';

export const graphRoutes: Route[] = [
  {
    name: 'graph.users',
    family: 'graph',
    method: 'GET',
    pattern: new RegExp(`${V1}/users/?$`, 'i'),
    auth: true,
    action: 'User.Read.All',
    handle: listOf('users'),
  },
  {
    name: 'graph.user.memberOf',
    family: 'graph',
    method: 'GET',
    pattern: new RegExp(`${V1}/users/(?<key>[^/]+)/memberOf(?<cast>/microsoft\\.graph\\.group)?/?$`, 'i'),
    auth: true,
    action: 'GroupMember.Read.All',
    handle: getMemberOf,
  },
  {
    name: 'graph.user',
    family: 'graph',
    method: 'GET',
    pattern: new RegExp(`${V1}/users/(?<key>[^/]+)/?$`, 'i'),
    auth: true,
    action: 'User.Read.All',
    handle: getUser,
  },
  {
    name: 'graph.groups',
    family: 'graph',
    method: 'GET',
    pattern: new RegExp(`${V1}/groups/?$`, 'i'),
    auth: true,
    action: 'Group.Read.All',
    handle: listOf('groups'),
  },
  {
    name: 'graph.group.membersCount',
    family: 'graph',
    method: 'GET',
    pattern: new RegExp(`${V1}/groups/(?<key>[^/]+)/members/\\$count$`, 'i'),
    auth: true,
    action: 'GroupMember.Read.All',
    handle: countMembers,
  },
  {
    name: 'graph.group',
    family: 'graph',
    method: 'GET',
    pattern: new RegExp(`${V1}/groups/(?<key>[^/]+)/?$`, 'i'),
    auth: true,
    action: 'Group.Read.All',
    handle: getGroup,
  },
];
