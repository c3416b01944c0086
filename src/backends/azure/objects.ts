// The Azure backend's ObjectsApi: Sentinel and workspace objects from ARM.
//
// Which API serves each kind (api-version):
// - Microsoft.SecurityInsights (incidents and their alerts, entities, bookmarks, comments, relations;
//   alert rules and templates; watchlists and items; data connectors; source controls; metadata;
//   ML analytics settings; threat intelligence; bookmarks): @azure/arm-securityinsight with
//   api-version 2024-09-01 (session.ts), whose stable surface has every one of these routes.
// - Saved searches and summary rules (workspaces/summaryLogs): @azure/arm-operationalinsights 11
//   (api-version 2025-07-01).
// - Workbooks (2023-06-01) and data collection rules / endpoints (2024-03-11): generic ARM GETs
//   through the session's pipeline (arm-request.ts).
//
// Items are the wire JSON, flattened (properties lifted to the top, as the local backend does):
// the SDK calls run with `captureBody`, so the pipeline keeps each response body for us and hands
// the SDK a stub. The SDK's models would drop what their 2022 mappers do not know (analytics rules'
// `subTechniques` and `sentinelEntitiesMappings`, data connector kinds such as RestApiPoller) and turn
// dates into Date objects; the wire JSON keeps both backends' objects identical.
//
// Paging: each call follows `nextLink` until it has `top` items. The cursor it returns is opaque
// (base64url JSON: the listing, the link of the page to resume at, how many of that page's items
// were already returned, and a hash of the filter/order/criteria) and is checked on the way back in:
// the link must be on the configured ARM endpoint and the listing's own path (arm-request.ts), else
// INVALID_ARGUMENT; nothing in a cursor can send the bearer token elsewhere.
import { createHash } from 'node:crypto';
import type { SecurityInsights } from '@azure/arm-securityinsight';
import { pathSegment } from '../../kql/quote.js';
import { flatten } from '../../sentinel/arm.js';
import { ToolError } from '../../util/errors.js';
import { serializeFilter, serializeOrderBy } from '../../util/odata.js';
import type { CallOptions } from '../backend.js';
import {
  CHILD_KINDS,
  FILTERABLE_KINDS,
  KIND_LABELS,
  listHint,
  OBJECT_KINDS,
  type ArmObject,
  type ArmResource,
  type ChildKind,
  type ObjectKind,
  type ObjectListQuery,
  type ObjectPage,
  type ObjectsApi,
  type TiQuery,
} from '../objects.js';
import { armClient, type ArmClient } from './arm-request.js';
import type { ErrorContext } from './errors.js';
import type { AzureCallContext } from './pipeline.js';
import { deadlineOf, type ArmWorkspace, type AzureSession, type RunOptions } from './session.js';

export const WORKBOOKS_API_VERSION = '2023-06-01';
export const DATA_COLLECTION_API_VERSION = '2024-03-11';

/** Pages followed at most in one call (each page is at least one request; `top` bounds items anyway). */
const MAX_PAGES = 100;
/** `$top` sent at most (the service's own page cap is of this order). */
const MAX_SERVER_TOP = 1000;
const LIST_STUB = '{"value":[]}';
/** What the SDK parses instead of a single object (the new SDK's deserializers need `properties`). */
const GET_STUB = '{"properties":{}}';

const SI = '/providers/Microsoft.SecurityInsights';

/** The permission a 403 names when the service's body does not. */
const PERMISSIONS: Record<ObjectKind, string> = {
  incidents: 'Microsoft.SecurityInsights/incidents/read',
  alertRules: 'Microsoft.SecurityInsights/alertRules/read',
  alertRuleTemplates: 'Microsoft.SecurityInsights/alertRuleTemplates/read',
  savedSearches: 'Microsoft.OperationalInsights/workspaces/savedSearches/read',
  watchlists: 'Microsoft.SecurityInsights/watchlists/read',
  dataConnectors: 'Microsoft.SecurityInsights/dataConnectors/read',
  workbooks: 'Microsoft.Insights/workbooks/read',
  sourceControls: 'Microsoft.SecurityInsights/sourceControls/read',
  summaryRules: 'Microsoft.OperationalInsights/workspaces/summaryLogs/read',
  dataCollectionRules: 'Microsoft.Insights/dataCollectionRules/read',
  dataCollectionEndpoints: 'Microsoft.Insights/dataCollectionEndpoints/read',
  metadata: 'Microsoft.SecurityInsights/metadata/read',
  mlAnalyticsSettings: 'Microsoft.SecurityInsights/securityMLAnalyticsSettings/read',
  tiIndicators: 'Microsoft.SecurityInsights/threatIntelligence/indicators/read',
  bookmarks: 'Microsoft.SecurityInsights/bookmarks/read',
};
const TI_QUERY_PERMISSION = 'Microsoft.SecurityInsights/threatIntelligence/indicators/query/action';
const TI_METRICS_PERMISSION = 'Microsoft.SecurityInsights/threatIntelligence/metrics/action';

const KNOWN_KINDS: ReadonlySet<string> = new Set(OBJECT_KINDS);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What a 404 on `kind`/`name` (of `parent`) means, for errors.ts. */
function notFoundOf(kind: ObjectKind | ChildKind, name: string, parent?: string): ErrorContext['notFound'] {
  const of = parent === undefined ? '' : ` of ${KIND_LABELS[CHILD_KINDS[kind as ChildKind]]} "${parent}"`;
  return { what: `${capitalized(KIND_LABELS[kind])} "${name}"${of}`, hint: listHint(kind) };
}

function notFound(kind: ObjectKind | ChildKind, name: string, where: string): ToolError {
  return new ToolError('NOT_FOUND', `No ${KIND_LABELS[kind]} with id "${name}" ${where}`, {
    hint: listHint(kind),
  });
}

/** A raw ARM resource with its properties at the top (a non-object `properties` is dropped). */
function flat(raw: Json): ArmObject {
  const properties = raw['properties'];
  if (isObject(properties)) return flatten(raw as ArmResource);
  const { properties: _dropped, ...rest } = raw;
  return rest;
}

interface RawPage {
  items: Json[];
  nextLink?: string;
}

function unreadable(what: string): TypeError {
  return new TypeError(`ARM sent ${what}`);
}

function asObject(body: unknown): Json {
  if (!isObject(body)) throw unreadable('a body that is not a JSON object');
  return body;
}

/** `{value, nextLink}` (or another array property, e.g. the entities answer's `entities`). */
function rawPage(body: unknown, itemsKey = 'value'): RawPage {
  const object = asObject(body);
  const value = object[itemsKey];
  if (value !== undefined && value !== null && !Array.isArray(value))
    throw unreadable(`a "${itemsKey}" that is not an array`);
  const nextLink = object['nextLink'];
  return {
    items: (value ?? []).filter(isObject),
    ...(typeof nextLink === 'string' && nextLink !== '' ? { nextLink } : {}),
  };
}

/** The body the pipeline kept for the last request of this call (captureBody), parsed. */
function takeBody(call: AzureCallContext): unknown {
  const text = call.capture?.body;
  if (call.capture) delete call.capture.body;
  if (text === undefined) throw unreadable('no response body');
  return JSON.parse(text) as unknown;
}

// ---- Cursors ----

interface CursorBody {
  /** The listing: kind, `kind:parent`, or `ti`. */
  k: string;
  /** The page to resume at: an ARM link, or (threat intelligence) a skip token; absent = first page. */
  l?: string;
  /** Items of that page already returned. */
  s: number;
  /** Hash of the filter, order or criteria the listing was made with. */
  h: string;
}

function stableJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isObject(value)) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function queryHash(parts: unknown): string {
  return createHash('sha256').update(stableJson(parts)).digest('base64url').slice(0, 16);
}

function encodeCursor(body: CursorBody): string {
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function foreignCursor(reason = 'This cursor does not belong to this listing'): ToolError {
  return new ToolError('INVALID_ARGUMENT', `${reason}; start again without cursor.`, {
    hint: 'Pass back the cursor of the previous page with the same filters and order, or omit cursor to start from the first page.',
  });
}

function decodeCursor(cursor: string, listing: string, hash: string): { link?: string; skip: number } {
  if (cursor.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw foreignCursor();
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw foreignCursor();
  }
  if (!isObject(body)) throw foreignCursor();
  const { k, l, s, h } = body as Partial<CursorBody>;
  if (k !== listing || h !== hash || typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0)
    throw foreignCursor();
  if (l !== undefined && (typeof l !== 'string' || l === '')) throw foreignCursor();
  return { ...(l !== undefined ? { link: l } : {}), skip: s };
}

function checkTop(top: number): number {
  if (!Number.isFinite(top) || top < 1)
    throw new ToolError('INVALID_ARGUMENT', `top must be at least 1 (got ${top})`, {
      hint: 'Ask for 1 or more items.',
    });
  return Math.floor(top);
}

// ---- One listing: how to get its first page and the page behind a link ----

interface Call {
  signal: AbortSignal;
  call: AzureCallContext;
}

interface Listing {
  /** The cursor's listing key. */
  key: string;
  /** Hash of what must not change between pages. */
  hash: string;
  operation: string;
  permission: string;
  notFound?: ErrorContext['notFound'];
  /** Whether the SDK's body is kept for us (SDK calls) or read directly (generic ARM calls). */
  capture: boolean;
  /** POST reads may be sent again (incident alerts/entities/bookmarks, queryIndicators). */
  postReads?: boolean;
  first(c: Call): Promise<RawPage>;
  /** The page behind a link (or skip token); absent when the API answers in one page. */
  next?(c: Call, link: string): Promise<RawPage>;
  /** The link as it may be followed (validated and normalised); undefined when it must not be. */
  followable(link: string): string | undefined;
}

/** A paged SDK list: `byPage` of the old and the new SDK generations alike. */
interface Paged {
  byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<unknown>;
}

async function sdkPage(c: Call, paged: Paged, link?: string, itemsKey?: string): Promise<RawPage> {
  const pages = paged.byPage(link === undefined ? undefined : { continuationToken: link });
  await pages.next();
  return rawPage(takeBody(c.call), itemsKey);
}

export class AzureObjects implements ObjectsApi {
  private readonly arm: ArmClient;

  constructor(private readonly session: AzureSession) {
    this.arm = armClient(session);
  }

  private ws(): ArmWorkspace {
    return this.session.armWorkspace('Reading Sentinel objects needs');
  }

  private si(): Promise<SecurityInsights> {
    return this.session.securityInsights();
  }

  /** Runs one listing: follows pages within `top`, resuming from and returning cursors. */
  private async page(listing: Listing, query: ObjectListQuery | TiQuery): Promise<ObjectPage> {
    const top = checkTop(query.top);
    let link: string | undefined;
    let skip = 0;
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor, listing.key, listing.hash);
      skip = cursor.skip;
      if (cursor.link !== undefined) {
        link = listing.followable(cursor.link);
        if (link === undefined)
          throw foreignCursor("This cursor's next-page link is not on the configured ARM endpoint");
      }
    }
    const options: RunOptions = {
      ...(query.abortSignal ? { abortSignal: query.abortSignal } : {}),
      ...deadlineOf(query),
      ...(listing.capture ? { captureBody: { stubBody: LIST_STUB } } : {}),
      ...(listing.postReads ? { retryUnsafeMethods: true } : {}),
    };
    const context = {
      operation: listing.operation,
      permission: listing.permission,
      ...(listing.notFound ? { notFound: listing.notFound } : {}),
    };
    return this.session.run(context, options, async (signal, call) => {
      const c = { signal, call };
      const items: ArmObject[] = [];
      const cursorAt = (l: string | undefined, s: number) =>
        encodeCursor({ k: listing.key, ...(l !== undefined ? { l } : {}), s, h: listing.hash });
      for (let pages = 0; ; pages++) {
        const page =
          link === undefined || !listing.next ? await listing.first(c) : await listing.next(c, link);
        const rest = page.items.slice(skip);
        const room = top - items.length;
        if (rest.length > room) {
          items.push(...rest.slice(0, room).map(flat));
          return { items, cursor: cursorAt(link, skip + room) };
        }
        items.push(...rest.map(flat));
        if (page.nextLink === undefined || !listing.next) return { items };
        const next = listing.followable(page.nextLink);
        if (next === undefined) throw strayLink(listing.operation);
        link = next;
        skip = 0;
        if (items.length >= top || pages + 1 >= MAX_PAGES) return { items, cursor: cursorAt(link, 0) };
      }
    });
  }

  /** Runs one GET-like read of a single object; `fn` returns its raw JSON. */
  private async one(
    context: Omit<
      ErrorContext,
      'signal' | 'deadline' | 'credential' | 'attempts' | 'retried' | 'lastErrorBody'
    >,
    options: CallOptions | undefined,
    capture: boolean,
    fn: (c: Call) => Promise<Json>,
  ): Promise<ArmObject> {
    const run: RunOptions = {
      ...(options?.abortSignal ? { abortSignal: options.abortSignal } : {}),
      ...deadlineOf(options ?? {}),
      ...(capture ? { captureBody: { stubBody: GET_STUB } } : {}),
    };
    return flat(await this.session.run(context, run, (signal, call) => fn({ signal, call })));
  }

  // ---- Paths ----

  /** The workspace's ARM path, percent-encoded. */
  private workspacePath(): string {
    const arm = this.ws();
    return (
      `${this.groupPath()}/providers/Microsoft.OperationalInsights/workspaces/` +
      encodeURIComponent(arm.workspaceName)
    );
  }

  private groupPath(): string {
    const arm = this.ws();
    return `/subscriptions/${encodeURIComponent(arm.subscriptionId)}/resourceGroups/${encodeURIComponent(arm.resourceGroup)}`;
  }

  /** The path of a collection (percent-encoded), for requests and link checks. */
  private collectionPath(kind: ObjectKind): string {
    const workspace = this.workspacePath();
    const si = `${workspace}${SI}`;
    const subscription = `/subscriptions/${encodeURIComponent(this.ws().subscriptionId)}`;
    switch (kind) {
      case 'savedSearches':
        return `${workspace}/savedSearches`;
      case 'summaryRules':
        return `${workspace}/summaryLogs`;
      case 'workbooks':
        return `${this.groupPath()}/providers/Microsoft.Insights/workbooks`;
      case 'dataCollectionRules':
        return `${subscription}/providers/Microsoft.Insights/dataCollectionRules`;
      case 'dataCollectionEndpoints':
        return `${subscription}/providers/Microsoft.Insights/dataCollectionEndpoints`;
      case 'sourceControls':
        return `${si}/sourcecontrols`;
      case 'tiIndicators':
        return `${si}/threatIntelligence/main/indicators`;
      case 'mlAnalyticsSettings':
        return `${si}/securityMLAnalyticsSettings`;
      default:
        return `${si}/${kind}`;
    }
  }

  private linkCheck(path: string): (link: string) => string | undefined {
    return (link) => this.arm.followable(link, path);
  }

  // ---- ObjectsApi ----

  async list(kind: ObjectKind, query: ObjectListQuery): Promise<ObjectPage> {
    if (!KNOWN_KINDS.has(kind))
      throw new ToolError('INVALID_ARGUMENT', `"${kind}" is not an object kind`, {
        hint: `Kinds: ${OBJECT_KINDS.join(', ')}.`,
      });
    if ((query.filter || query.orderBy) && !FILTERABLE_KINDS.has(kind)) {
      throw new ToolError(
        'INVALID_ARGUMENT',
        `The ${KIND_LABELS[kind]} list takes no server-side filter or order`,
        {
          hint: `Only ${[...FILTERABLE_KINDS].join(' and ')} accept $filter and $orderby; filter the listed items instead.`,
        },
      );
    }
    const filter = query.filter ? serializeFilter(query.filter) : undefined;
    const orderby = query.orderBy ? serializeOrderBy(query.orderBy) : undefined;
    const top = Math.min(checkTop(query.top), MAX_SERVER_TOP);
    const arm = this.ws();
    const path = this.collectionPath(kind);
    const base = {
      key: kind,
      hash: queryHash({ filter: query.filter, orderBy: query.orderBy }),
      operation: `listing ${KIND_LABELS[kind]}s`,
      permission: PERMISSIONS[kind],
      capture: true,
      followable: this.linkCheck(path),
    };
    const { resourceGroup: rg, workspaceName: ws } = arm;
    const sdkListing = (make: (si: SecurityInsights, signal: AbortSignal) => Paged): Listing => ({
      ...base,
      first: async (c) => sdkPage(c, make(await this.si(), c.signal)),
      next: async (c, link) => sdkPage(c, make(await this.si(), c.signal), link),
    });
    const odata = { ...(filter ? { filter } : {}), ...(orderby ? { orderby } : {}), top };
    let listing: Listing;
    switch (kind) {
      case 'incidents':
        listing = sdkListing((si, abortSignal) => si.incidents.list(rg, ws, { ...odata, abortSignal }));
        break;
      case 'metadata':
        listing = sdkListing((si, abortSignal) => si.metadata.list(rg, ws, { ...odata, abortSignal }));
        break;
      case 'alertRules':
        listing = sdkListing((si, abortSignal) => si.alertRules.list(rg, ws, { abortSignal }));
        break;
      case 'alertRuleTemplates':
        listing = sdkListing((si, abortSignal) => si.alertRuleTemplates.list(rg, ws, { abortSignal }));
        break;
      case 'watchlists':
        listing = sdkListing((si, abortSignal) => si.watchlists.list(rg, ws, { abortSignal }));
        break;
      case 'dataConnectors':
        listing = sdkListing((si, abortSignal) => si.dataConnectors.list(rg, ws, { abortSignal }));
        break;
      case 'sourceControls':
        listing = sdkListing((si, abortSignal) => si.sourceControls.list(rg, ws, { abortSignal }));
        break;
      case 'mlAnalyticsSettings':
        listing = sdkListing((si, abortSignal) =>
          si.securityMLAnalyticsSettings.list(rg, ws, { abortSignal }),
        );
        break;
      case 'tiIndicators':
        listing = sdkListing((si, abortSignal) =>
          si.threatIntelligenceIndicators.list(rg, ws, { abortSignal }),
        );
        break;
      case 'bookmarks':
        listing = sdkListing((si, abortSignal) => si.bookmarks.list(rg, ws, { abortSignal }));
        break;
      case 'savedSearches':
        // One answer, no paging (SavedSearches_ListByWorkspace).
        listing = {
          ...base,
          first: async (c) => {
            await this.session
              .operationalInsights()
              .savedSearches.listByWorkspace(rg, ws, { abortSignal: c.signal });
            return rawPage(takeBody(c.call));
          },
        };
        break;
      case 'summaryRules': {
        const paged = (signal: AbortSignal) =>
          this.session.operationalInsights().summaryLogs.listByWorkspace(rg, ws, { abortSignal: signal });
        listing = {
          ...base,
          first: (c) => sdkPage(c, paged(c.signal)),
          next: (c, link) => sdkPage(c, paged(c.signal), link),
        };
        break;
      }
      case 'workbooks': {
        const first = this.arm.url(path, {
          category: 'sentinel',
          sourceId: arm.resourceId,
          canFetchContent: 'false',
          'api-version': WORKBOOKS_API_VERSION,
        });
        listing = {
          ...base,
          capture: false,
          first: async (c) => rawPage(await this.arm.getJson(first, c.signal)),
          next: async (c, link) => rawPage(await this.arm.getJson(link, c.signal)),
        };
        break;
      }
      case 'dataCollectionRules': {
        const first = this.arm.url(path, { 'api-version': DATA_COLLECTION_API_VERSION });
        const mine = (page: RawPage): RawPage => ({
          ...page,
          items: page.items.filter((r) => this.sendsHere(r)),
        });
        listing = {
          ...base,
          capture: false,
          first: async (c) => mine(rawPage(await this.arm.getJson(first, c.signal))),
          next: async (c, link) => mine(rawPage(await this.arm.getJson(link, c.signal))),
        };
        break;
      }
      case 'dataCollectionEndpoints': {
        const first = this.arm.url(path, { 'api-version': DATA_COLLECTION_API_VERSION });
        let used: Promise<Set<string>> | undefined;
        const mine = async (c: Call, page: RawPage): Promise<RawPage> => {
          used ??= this.usedEndpoints(c);
          const ids = await used;
          return {
            ...page,
            items: page.items.filter((r) => typeof r['id'] === 'string' && ids.has(r['id'].toLowerCase())),
          };
        };
        listing = {
          ...base,
          permission: `${PERMISSIONS.dataCollectionEndpoints} and ${PERMISSIONS.dataCollectionRules}`,
          capture: false,
          first: async (c) => mine(c, rawPage(await this.arm.getJson(first, c.signal))),
          next: async (c, link) => mine(c, rawPage(await this.arm.getJson(link, c.signal))),
        };
        break;
      }
    }
    return this.page(listing, query);
  }

  async get(kind: ObjectKind, name: string, options?: CallOptions): Promise<ArmObject> {
    if (!KNOWN_KINDS.has(kind))
      throw new ToolError('INVALID_ARGUMENT', `"${kind}" is not an object kind`, {
        hint: `Kinds: ${OBJECT_KINDS.join(', ')}.`,
      });
    const segment = pathSegment(name, `${KIND_LABELS[kind]} name`);
    const arm = this.ws();
    const { resourceGroup: rg, workspaceName: ws } = arm;
    const context = {
      operation: `reading ${KIND_LABELS[kind]} "${name}"`,
      permission: PERMISSIONS[kind],
      notFound: notFoundOf(kind, name),
    };
    const sdk = (fn: (si: SecurityInsights, abortSignal: AbortSignal) => Promise<unknown>) =>
      this.one(context, options, true, async (c) => {
        await fn(await this.si(), c.signal);
        return asObject(takeBody(c.call));
      });
    switch (kind) {
      case 'incidents':
        return sdk((si, abortSignal) => si.incidents.get(rg, ws, name, { abortSignal }));
      case 'alertRules':
        return sdk((si, abortSignal) => si.alertRules.get(rg, ws, name, { abortSignal }));
      case 'alertRuleTemplates':
        return sdk((si, abortSignal) => si.alertRuleTemplates.get(rg, ws, name, { abortSignal }));
      case 'watchlists':
        return sdk((si, abortSignal) => si.watchlists.get(rg, ws, name, { abortSignal }));
      case 'dataConnectors':
        return sdk((si, abortSignal) => si.dataConnectors.get(rg, ws, name, { abortSignal }));
      case 'sourceControls':
        return sdk((si, abortSignal) => si.sourceControls.get(rg, ws, name, { abortSignal }));
      case 'metadata':
        return sdk((si, abortSignal) => si.metadata.get(rg, ws, name, { abortSignal }));
      case 'mlAnalyticsSettings':
        return sdk((si, abortSignal) => si.securityMLAnalyticsSettings.get(rg, ws, name, { abortSignal }));
      case 'tiIndicators':
        return sdk((si, abortSignal) => si.threatIntelligenceIndicator.get(rg, ws, name, { abortSignal }));
      case 'bookmarks':
        return sdk((si, abortSignal) => si.bookmarks.get(rg, ws, name, { abortSignal }));
      case 'savedSearches':
        return this.one(context, options, true, async (c) => {
          await this.session.operationalInsights().savedSearches.get(rg, ws, name, { abortSignal: c.signal });
          return asObject(takeBody(c.call));
        });
      case 'summaryRules':
        return this.one(context, options, true, async (c) => {
          await this.session.operationalInsights().summaryLogs.get(rg, ws, name, { abortSignal: c.signal });
          return asObject(takeBody(c.call));
        });
      case 'workbooks': {
        const url = this.arm.url(`${this.collectionPath('workbooks')}/${segment}`, {
          canFetchContent: 'true',
          'api-version': WORKBOOKS_API_VERSION,
        });
        const workbook = await this.one(context, options, false, async (c) =>
          asObject(await this.arm.getJson(url, c.signal)),
        );
        if (!this.isSentinelWorkbook(workbook))
          throw notFound(kind, name, 'among the Sentinel workbooks of this workspace');
        return workbook;
      }
      case 'dataCollectionRules':
      case 'dataCollectionEndpoints':
        return this.findByName(kind, name, options ?? {});
    }
  }

  async listChildren(kind: ChildKind, parent: string, query: ObjectListQuery): Promise<ObjectPage> {
    if (!Object.hasOwn(CHILD_KINDS, kind))
      throw new ToolError('INVALID_ARGUMENT', `"${kind}" is not a child object kind`, {
        hint: `Kinds: ${Object.keys(CHILD_KINDS).join(', ')}.`,
      });
    if (query.filter || query.orderBy)
      throw new ToolError('INVALID_ARGUMENT', `The ${KIND_LABELS[kind]} list takes no filter or order`, {
        hint: 'Filter the listed items instead.',
      });
    const parentKind = CHILD_KINDS[kind];
    const segment = pathSegment(parent, `${KIND_LABELS[parentKind]} name`);
    const { resourceGroup: rg, workspaceName: ws } = this.ws();
    const parentPath = `${this.workspacePath()}${SI}/${parentKind}/${segment}`;
    const base = {
      key: `${kind}:${parent.toLowerCase()}`,
      hash: '',
      operation: `listing the ${KIND_LABELS[kind]}s of ${KIND_LABELS[parentKind]} "${parent}"`,
      permission: PERMISSIONS[parentKind],
      notFound: notFoundOf(parentKind, parent),
      capture: true,
    };
    const once = (
      fn: (si: SecurityInsights, abortSignal: AbortSignal) => Promise<unknown>,
      itemsKey = 'value',
    ): Listing => ({
      ...base,
      postReads: true,
      followable: () => undefined,
      first: async (c) => {
        await fn(await this.si(), c.signal);
        return rawPage(takeBody(c.call), itemsKey);
      },
    });
    const paged = (path: string, make: (si: SecurityInsights, signal: AbortSignal) => Paged): Listing => ({
      ...base,
      followable: this.linkCheck(path),
      first: async (c) => sdkPage(c, make(await this.si(), c.signal)),
      next: async (c, link) => sdkPage(c, make(await this.si(), c.signal), link),
    });
    let listing: Listing;
    switch (kind) {
      case 'incidentAlerts':
        listing = once((si, abortSignal) => si.incidents.listAlerts(rg, ws, parent, { abortSignal }));
        break;
      case 'incidentEntities':
        listing = once(
          (si, abortSignal) => si.incidents.listEntities(rg, ws, parent, { abortSignal }),
          'entities',
        );
        break;
      case 'incidentBookmarks':
        listing = once((si, abortSignal) => si.incidents.listBookmarks(rg, ws, parent, { abortSignal }));
        break;
      case 'incidentComments':
        listing = paged(`${parentPath}/comments`, (si, abortSignal) =>
          si.incidentComments.list(rg, ws, parent, { abortSignal }),
        );
        break;
      case 'incidentRelations':
        listing = paged(`${parentPath}/relations`, (si, abortSignal) =>
          si.incidentRelations.list(rg, ws, parent, { abortSignal }),
        );
        break;
      case 'watchlistItems':
        listing = paged(`${parentPath}/watchlistItems`, (si, abortSignal) =>
          si.watchlistItems.list(rg, ws, parent, { abortSignal }),
        );
        break;
    }
    return this.page(listing, query);
  }

  async getChild(kind: ChildKind, parent: string, name: string, options?: CallOptions): Promise<ArmObject> {
    if (!Object.hasOwn(CHILD_KINDS, kind))
      throw new ToolError('INVALID_ARGUMENT', `"${kind}" is not a child object kind`, {
        hint: `Kinds: ${Object.keys(CHILD_KINDS).join(', ')}.`,
      });
    const parentKind = CHILD_KINDS[kind];
    pathSegment(parent, `${KIND_LABELS[parentKind]} name`);
    pathSegment(name, `${KIND_LABELS[kind]} name`);
    const { resourceGroup: rg, workspaceName: ws } = this.ws();
    const context = {
      operation: `reading ${KIND_LABELS[kind]} "${name}" of ${KIND_LABELS[parentKind]} "${parent}"`,
      permission: PERMISSIONS[parentKind],
      notFound: notFoundOf(kind, name, parent),
    };
    const sdk = (fn: (si: SecurityInsights, abortSignal: AbortSignal) => Promise<unknown>) =>
      this.one(context, options, true, async (c) => {
        await fn(await this.si(), c.signal);
        return asObject(takeBody(c.call));
      });
    switch (kind) {
      case 'incidentComments':
        return sdk((si, abortSignal) => si.incidentComments.get(rg, ws, parent, name, { abortSignal }));
      case 'incidentRelations':
        return sdk((si, abortSignal) => si.incidentRelations.get(rg, ws, parent, name, { abortSignal }));
      case 'watchlistItems':
        return sdk((si, abortSignal) => si.watchlistItems.get(rg, ws, parent, name, { abortSignal }));
      default: {
        // Alerts, entities and bookmarks of an incident have no GET of their own: find it in the list.
        let cursor: string | undefined;
        for (let pages = 0; pages < MAX_PAGES; pages++) {
          const page = await this.listChildren(kind, parent, {
            top: 1000,
            ...(cursor ? { cursor } : {}),
            ...(options?.abortSignal ? { abortSignal: options.abortSignal } : {}),
            ...deadlineOf(options ?? {}),
          });
          const found = page.items.find(
            (i) => typeof i.name === 'string' && i.name.toLowerCase() === name.toLowerCase(),
          );
          if (found) return found;
          if (!page.cursor) break;
          cursor = page.cursor;
        }
        throw notFound(kind, name, `in ${KIND_LABELS[parentKind]} "${parent}"`);
      }
    }
  }

  async queryTiIndicators(query: TiQuery): Promise<ObjectPage> {
    // Everything but paging and call options must stay the same between pages.
    const {
      top: _top,
      cursor: _cursor,
      abortSignal: _signal,
      deadline: _deadline,
      ...criteria
    } = query as TiQuery & { deadline?: unknown };
    const top = Math.min(checkTop(query.top), MAX_SERVER_TOP);
    const { resourceGroup: rg, workspaceName: ws } = this.ws();
    const body = {
      pageSize: top,
      ...(query.patternTypes?.length ? { patternTypes: query.patternTypes } : {}),
      ...(query.sources?.length ? { sources: query.sources } : {}),
      ...(query.minConfidence !== undefined ? { minConfidence: query.minConfidence } : {}),
      ...(query.maxConfidence !== undefined ? { maxConfidence: query.maxConfidence } : {}),
      ...(query.keywords?.trim() ? { keywords: [query.keywords.trim()] } : {}),
      ...(query.ids?.length ? { ids: query.ids } : {}),
      ...(query.includeDisabled !== undefined ? { includeDisabled: query.includeDisabled } : {}),
      ...(query.sortBy
        ? {
            sortBy: [
              {
                itemKey: query.sortBy.field,
                sortOrder:
                  query.sortBy.direction === 'asc' ? ('ascending' as const) : ('descending' as const),
              },
            ],
          }
        : {}),
    };
    const post = async (c: Call, skipToken?: string): Promise<RawPage> => {
      const si = await this.si();
      const pages = si.threatIntelligenceIndicator.listQueryIndicators(
        rg,
        ws,
        { ...body, ...(skipToken !== undefined ? { skipToken } : {}) },
        { abortSignal: c.signal },
      );
      await pages.byPage().next();
      const page = rawPage(takeBody(c.call));
      // The next page is the same POST with the skip token of `nextLink` (a GET of the link would
      // lose the criteria).
      if (page.nextLink === undefined) return page;
      const token = skipTokenOf(page.nextLink);
      const { nextLink: _link, ...rest } = page;
      return token === undefined ? rest : { ...rest, nextLink: token };
    };
    return this.page(
      {
        key: 'ti',
        hash: queryHash(criteria),
        operation: 'querying threat intelligence indicators',
        permission: TI_QUERY_PERMISSION,
        capture: true,
        postReads: true,
        first: (c) => post(c),
        next: (c, token) => post(c, token),
        followable: (token) => (token.length <= 4096 ? token : undefined),
      },
      query,
    );
  }

  async tiMetrics(options?: CallOptions): Promise<ArmObject[]> {
    const { resourceGroup: rg, workspaceName: ws } = this.ws();
    const run: RunOptions = {
      ...(options?.abortSignal ? { abortSignal: options.abortSignal } : {}),
      ...deadlineOf(options ?? {}),
      captureBody: { stubBody: LIST_STUB },
    };
    const page = await this.session.run(
      { operation: 'reading threat intelligence metrics', permission: TI_METRICS_PERMISSION },
      run,
      async (_signal, call) => {
        await (await this.si()).threatIntelligenceIndicatorMetrics.list(rg, ws, { abortSignal: call.signal });
        return rawPage(takeBody(call));
      },
    );
    return page.items.map(flat);
  }

  // ---- Workbooks, DCR and DCE: which belong to this workspace ----

  private isSentinelWorkbook(workbook: ArmObject): boolean {
    const sourceId = workbook['sourceId'];
    const category = workbook['category'];
    return (
      typeof sourceId === 'string' &&
      sourceId.toLowerCase() === this.ws().resourceId.toLowerCase() &&
      typeof category === 'string' &&
      category.toLowerCase() === 'sentinel'
    );
  }

  /** Does a raw DCR have a Log Analytics destination that is this workspace? */
  private sendsHere(dcr: Json): boolean {
    const workspace = this.ws().resourceId.toLowerCase();
    const properties = dcr['properties'];
    const destinations = isObject(properties) ? properties['destinations'] : undefined;
    const logAnalytics = isObject(destinations) ? destinations['logAnalytics'] : undefined;
    return (
      Array.isArray(logAnalytics) &&
      logAnalytics.some(
        (d) =>
          isObject(d) &&
          typeof d['workspaceResourceId'] === 'string' &&
          d['workspaceResourceId'].toLowerCase() === workspace,
      )
    );
  }

  /** The ids (lower case) of the endpoints this workspace's DCRs use, over every DCR page. */
  private async usedEndpoints(c: Call): Promise<Set<string>> {
    const used = new Set<string>();
    const path = this.collectionPath('dataCollectionRules');
    let url: string | undefined = this.arm.url(path, { 'api-version': DATA_COLLECTION_API_VERSION });
    for (let pages = 0; url !== undefined && pages < MAX_PAGES; pages++) {
      const page = rawPage(await this.arm.getJson(url, c.signal));
      for (const dcr of page.items) {
        const properties = dcr['properties'];
        const endpoint = isObject(properties) ? properties['dataCollectionEndpointId'] : undefined;
        if (this.sendsHere(dcr) && typeof endpoint === 'string') used.add(endpoint.toLowerCase());
      }
      if (page.nextLink === undefined) break;
      url = this.arm.followable(page.nextLink, path);
      if (url === undefined) throw strayLink('listing data collection rules');
    }
    return used;
  }

  /** A DCR or DCE of this workspace by name: they live in any resource group, so from the list. */
  private async findByName(
    kind: 'dataCollectionRules' | 'dataCollectionEndpoints',
    name: string,
    options: CallOptions,
  ): Promise<ArmObject> {
    let cursor: string | undefined;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const page = await this.list(kind, {
        top: MAX_SERVER_TOP,
        ...(cursor ? { cursor } : {}),
        ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
        ...deadlineOf(options),
      });
      const found = page.items.find(
        (i) => typeof i.name === 'string' && i.name.toLowerCase() === name.toLowerCase(),
      );
      if (found) return found;
      if (!page.cursor) break;
      cursor = page.cursor;
    }
    const where =
      kind === 'dataCollectionRules'
        ? 'among the data collection rules sending to this workspace'
        : "among the data collection endpoints this workspace's rules use";
    throw notFound(kind, name, where);
  }
}

/** A next-page link from ARM that points elsewhere: never followed (it would carry the token). */
function strayLink(operation: string): ToolError {
  return new ToolError(
    'UPSTREAM',
    `ARM sent a next-page link that is not on the configured endpoint while ${operation}`,
    { hint: 'Check SENTINEL_MCP_ARM_ENDPOINT and any proxy in between.' },
  );
}

/** The `$skipToken` (or `skipToken`) of a next-page link. */
function skipTokenOf(link: string): string | undefined {
  try {
    const url = new URL(link);
    return url.searchParams.get('$skipToken') ?? url.searchParams.get('skipToken') ?? undefined;
  } catch {
    return undefined;
  }
}
