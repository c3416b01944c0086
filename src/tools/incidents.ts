// Tools of the incidents toolset: list incidents (OData filter built from validated parameters, server
// side paging) and get one incident with its alerts, entities, comments, bookmarks and relations.
import { z } from 'zod';
import type { QueryColumn } from '../backends/backend.js';
import type { ArmObject, ChildKind, ObjectsApi } from '../backends/objects.js';
import { objectsOf } from '../sentinel/arm.js';
import {
  GUID,
  INCIDENT_ORDERS,
  INCIDENT_STATUSES,
  SEVERITIES,
  incidentAlert,
  incidentAlertSchema,
  incidentBookmark,
  incidentBookmarkSchema,
  incidentComment,
  incidentCommentSchema,
  incidentDetail,
  incidentDetailSchema,
  incidentEntity,
  incidentEntitySchema,
  incidentFilter,
  incidentNumberFilter,
  incidentOrderBy,
  incidentRelation,
  incidentRelationSchema,
  incidentRow,
  incidentRowSchema,
  workspaceNow,
  type IncidentRow,
  type Severity,
} from '../sentinel/incidents.js';
import { fingerprint, pageInput, pageOutput } from '../sentinel/paging.js';
import { toToolError, ToolError } from '../util/errors.js';
import { allOf, type ODataFilter } from '../util/odata.js';
import { renderKeyValues, renderMarkdownTable } from '../util/results.js';
import { parseInstant, parseIsoDuration } from '../util/time.js';
import { defineTool, type ToolContext } from './types.js';

const ANNOTATIONS = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;

// ---- Cursors (the backend's opaque cursor, wrapped with what the listing was) ----

interface IncidentCursor {
  /** Fingerprint of the listing's arguments. */
  f: string;
  /** The backend's cursor within the current listing (or severity level). */
  c?: string;
  /** Severity ordering: the index of the level being listed. */
  s?: number;
  /** created_within, resolved on the first page so that later pages list the same incidents. */
  a?: string;
}

function badCursor(): ToolError {
  return new ToolError('INVALID_ARGUMENT', 'The cursor does not belong to this listing (or is damaged)', {
    hint: 'Pass back next_cursor unchanged, with the same filters as the call that returned it, or start again without cursor.',
    retryable: false,
  });
}

function encodeCursor(c: IncidentCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(text: string, listing: string): IncidentCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const c = parsed as Partial<IncidentCursor> | null;
  if (
    !c ||
    typeof c !== 'object' ||
    c.f !== listing ||
    (c.c !== undefined && typeof c.c !== 'string') ||
    (c.s !== undefined && (!Number.isInteger(c.s) || c.s < 0 || c.s > 3)) ||
    (c.a !== undefined && (typeof c.a !== 'string' || Number.isNaN(Date.parse(c.a))))
  )
    throw badCursor();
  return c as IncidentCursor;
}

// ---- sentinel_incident_list ----

const timeArg = (what: string) =>
  z.string().min(1).max(40).optional().describe(`${what}, ISO 8601 (e.g. 2024-05-01T00:00:00Z)`);

interface SeverityPage {
  items: ArmObject[];
  next?: { s: number; c?: string };
}

/** Incidents ordered by severity: one listing per level (in order), each newest first. */
async function listBySeverity(
  ctx: ToolContext,
  objects: ObjectsApi,
  base: ODataFilter | undefined,
  levels: readonly Severity[],
  top: number,
  start: { s: number; c?: string },
): Promise<SeverityPage> {
  const items: ArmObject[] = [];
  const query = (level: Severity, n: number, cursor?: string) =>
    objects.list('incidents', {
      top: n,
      filter: allOf([base, { op: 'eq', path: 'properties/severity', value: level }])!,
      orderBy: incidentOrderBy('created', 'desc'),
      abortSignal: ctx.signal,
      deadline: ctx.deadline,
      ...(cursor ? { cursor } : {}),
    });
  let s = start.s;
  let c = start.c;
  while (s < levels.length) {
    const page = await query(levels[s]!, top - items.length, c);
    items.push(...page.items);
    if (page.cursor) {
      c = page.cursor;
      if (items.length >= top) return { items, next: { s, c } };
      continue;
    }
    s++;
    c = undefined;
    if (items.length >= top) {
      // Full at a level's end: say whether a later level has any (so has_more is exact).
      for (let p = s; p < levels.length; p++) {
        if ((await query(levels[p]!, 1)).items.length > 0) return { items, next: { s: p } };
      }
      return { items };
    }
  }
  return { items };
}

const INCIDENT_COLUMNS: QueryColumn[] = [
  { name: 'number', type: 'long' },
  { name: 'severity', type: 'string' },
  { name: 'status', type: 'string' },
  { name: 'title', type: 'string' },
  { name: 'owner', type: 'string' },
  { name: 'created', type: 'datetime' },
  { name: 'last_modified', type: 'datetime' },
  { name: 'alerts', type: 'long' },
  { name: 'tactics', type: 'string' },
  { name: 'classification', type: 'string' },
];

function incidentCells(r: IncidentRow) {
  return [
    r.number,
    r.severity,
    r.status,
    r.title,
    r.owner,
    r.created,
    r.last_modified,
    r.alerts,
    r.tactics.join(', '),
    r.classification,
  ];
}

function pagingLine(r: { count: number; has_more: boolean }): string {
  return r.has_more
    ? 'More incidents match: call again with the same filters and cursor = next_cursor.'
    : 'No more incidents match.';
}

export const incidentListTool = defineTool({
  name: 'sentinel_incident_list',
  title: 'List incidents',
  description:
    'Lists Microsoft Sentinel incidents with compact rows (number, severity, status, title, owner, created, ' +
    'alert count, tactics), filtered by status, severity, owner, creation/modification time and title text, ' +
    'ordered by created (default, newest first), modified, severity or number, paged with top and cursor. ' +
    'Use it to triage or find an incident; then sentinel_incident_get for one incident with its alerts and ' +
    'entities. For the raw alert records use sentinel_alert_list; for incident history use sentinel_logs_search ' +
    'on SecurityIncident.',
  toolset: 'incidents',
  input: {
    status: z
      .array(z.enum(INCIDENT_STATUSES))
      .min(1)
      .max(3)
      .optional()
      .describe('Only incidents in these statuses, e.g. ["New","Active"]'),
    severity: z
      .array(z.enum(SEVERITIES))
      .min(1)
      .max(4)
      .optional()
      .describe('Only incidents of these severities, e.g. ["High"]'),
    owner: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe(
        'Only incidents assigned to this owner: exact UPN, mail, display name or object id; or "unassigned"',
      ),
    created_after: timeArg('Only incidents created at or after this time'),
    created_before: timeArg('Only incidents created before this time'),
    created_within: z
      .string()
      .min(2)
      .max(40)
      .optional()
      .describe('Only incidents created within this ISO 8601 duration before now, e.g. P7D, PT24H'),
    modified_after: timeArg('Only incidents modified at or after this time'),
    search: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe('Text the title contains (case-insensitive), e.g. "password spray"'),
    order_by: z
      .enum(INCIDENT_ORDERS)
      .default('created')
      .describe('Sort key: created (default), modified, severity (High first when desc) or number'),
    order: z.enum(['asc', 'desc']).default('desc').describe('Sort direction (default desc: newest first)'),
    ...pageInput(25, 200),
  },
  output: {
    incidents: z.array(incidentRowSchema).describe('Matching incidents, in the order asked'),
    ...pageOutput,
    order: z.string().describe('The order applied, e.g. "created desc"'),
  },
  annotations: ANNOTATIONS,
  async run(ctx, args) {
    const backend = await ctx.backend();
    const objects = objectsOf(backend);
    const { top, cursor, ...listingArgs } = args;
    const listing = fingerprint(['sentinel_incident_list', listingArgs]);
    const state = cursor !== undefined ? decodeCursor(cursor, listing) : undefined;

    const createdAfterArg = args.created_after
      ? parseInstant(args.created_after, 'created_after')
      : undefined;
    const createdBefore = args.created_before
      ? parseInstant(args.created_before, 'created_before')
      : undefined;
    const modifiedAfter = args.modified_after
      ? parseInstant(args.modified_after, 'modified_after')
      : undefined;
    let within: Date | undefined;
    if (args.created_within) {
      const ms = parseIsoDuration(args.created_within);
      if (ms <= 0) throw new ToolError('INVALID_ARGUMENT', 'created_within must be longer than zero');
      within = state?.a
        ? new Date(state.a)
        : new Date((await workspaceNow(backend, { abortSignal: ctx.signal })).getTime() - ms);
    }
    const createdAfter =
      createdAfterArg && within
        ? new Date(Math.max(createdAfterArg.getTime(), within.getTime()))
        : (createdAfterArg ?? within);
    if (createdAfter && createdBefore && createdBefore <= createdAfter) {
      throw new ToolError(
        'INVALID_ARGUMENT',
        'created_before must be after created_after (and created_within)',
      );
    }

    const order = `${args.order_by} ${args.order}`;
    const base = {
      ...(args.status ? { status: args.status } : {}),
      ...(args.owner ? { owner: args.owner } : {}),
      ...(createdAfter ? { createdAfter } : {}),
      ...(createdBefore ? { createdBefore } : {}),
      ...(modifiedAfter ? { modifiedAfter } : {}),
      ...(args.search ? { search: args.search } : {}),
    };
    const keep = (c: Omit<IncidentCursor, 'f' | 'a'>): string =>
      encodeCursor({ f: listing, ...c, ...(within ? { a: within.toISOString() } : {}) });

    let items: ArmObject[];
    let next: string | null;
    if (args.order_by === 'severity') {
      const wanted = new Set(args.severity ?? SEVERITIES);
      const levels = (args.order === 'desc' ? [...SEVERITIES] : [...SEVERITIES].reverse()).filter((l) =>
        wanted.has(l),
      );
      const page = await listBySeverity(ctx, objects, incidentFilter(base), levels, top, {
        s: state?.s ?? 0,
        ...(state?.c ? { c: state.c } : {}),
      });
      items = page.items;
      next = page.next ? keep(page.next) : null;
    } else {
      const filter = incidentFilter({ ...base, ...(args.severity ? { severity: args.severity } : {}) });
      const page = await objects.list('incidents', {
        top,
        orderBy: incidentOrderBy(args.order_by, args.order),
        abortSignal: ctx.signal,
        deadline: ctx.deadline,
        ...(filter ? { filter } : {}),
        ...(state?.c ? { cursor: state.c } : {}),
      });
      items = page.items;
      next = page.cursor ? keep({ c: page.cursor }) : null;
    }
    const incidents = items.slice(0, top).map(incidentRow);
    return { incidents, count: incidents.length, has_more: next !== null, next_cursor: next, order };
  },
  render(r) {
    if (r.count === 0) return `No incidents match (order ${r.order}).`;
    return [
      `${r.count} incident${r.count === 1 ? '' : 's'} (order ${r.order})`,
      renderMarkdownTable(INCIDENT_COLUMNS, r.incidents.map(incidentCells)),
      pagingLine(r),
    ].join('\n');
  },
});

// ---- sentinel_incident_get ----

export const INCIDENT_PARTS = ['alerts', 'entities', 'comments', 'bookmarks', 'relations'] as const;
type IncidentPart = (typeof INCIDENT_PARTS)[number];

/** Items of each included list at most. */
export const CHILD_LIMIT = 50;

const PART_KINDS: Record<IncidentPart, ChildKind> = {
  alerts: 'incidentAlerts',
  entities: 'incidentEntities',
  comments: 'incidentComments',
  bookmarks: 'incidentBookmarks',
  relations: 'incidentRelations',
};

function section<T extends z.ZodTypeAny>(item: T, what: string) {
  return z
    .object({
      items: z.array(item),
      count: z.number().int().describe('Items shown'),
      has_more: z.boolean().describe(`True when the incident has more than ${CHILD_LIMIT} ${what}`),
      error: z.string().nullable().describe('Why this list could not be read, else null'),
    })
    .nullable()
    .describe(`The incident's ${what} (at most ${CHILD_LIMIT}); null when not included`);
}

/** The incident number from incident_id, or undefined when it is a GUID; INVALID_ARGUMENT otherwise. */
export function parseIncidentId(value: number | string): { number: number } | { id: string } {
  if (typeof value === 'number') return { number: value };
  const text = value.trim();
  if (/^\d{1,12}$/.test(text)) return { number: Number(text) };
  const id = text.includes('/') ? (text.split('/').filter(Boolean).at(-1) ?? '') : text;
  if (GUID.test(id)) return { id: id.toLowerCase() };
  throw new ToolError(
    'INVALID_ARGUMENT',
    `"${text.slice(0, 80)}" is neither an incident number nor an incident id (GUID)`,
    { hint: 'Pass the incident number (e.g. 1048) or its id (a GUID) as sentinel_incident_list shows them.' },
  );
}

async function findIncident(ctx: ToolContext, objects: ObjectsApi, key: ReturnType<typeof parseIncidentId>) {
  if ('id' in key)
    return objects.get('incidents', key.id, { abortSignal: ctx.signal, deadline: ctx.deadline });
  const page = await objects.list('incidents', {
    top: 1,
    filter: incidentNumberFilter(key.number),
    abortSignal: ctx.signal,
    deadline: ctx.deadline,
  });
  const found = page.items[0];
  if (!found) {
    throw new ToolError('NOT_FOUND', `No incident number ${key.number} in this workspace`, {
      hint: 'List incidents with sentinel_incident_list to see their numbers.',
      retryable: false,
    });
  }
  return found;
}

export const incidentGetTool = defineTool({
  name: 'sentinel_incident_get',
  title: 'Get an incident',
  description:
    'Returns one incident in full (description, severity, status, owner, classification, labels, times, ' +
    'tactics, related analytics rules, portal link) with its alerts, entities, comments, bookmarks and ' +
    'relations (up to 50 each, read in parallel; pick them with include). Pass the incident number (e.g. 1048) ' +
    'or id (GUID). Use it to investigate an incident found with sentinel_incident_list; for one alert in full ' +
    '(entities, extended properties) use sentinel_alert_get.',
  toolset: 'incidents',
  input: {
    incident_id: z
      .union([z.number().int().min(1).max(1e12), z.string().min(1).max(300)])
      .describe('Incident number (e.g. 1048 or "1048") or incident id (GUID)'),
    include: z
      .array(z.enum(INCIDENT_PARTS))
      .max(5)
      .default([...INCIDENT_PARTS])
      .describe('Related lists to fetch (default all): alerts, entities, comments, bookmarks, relations'),
  },
  output: {
    ...incidentDetailSchema.shape,
    alerts: section(incidentAlertSchema, 'alerts'),
    entities: section(incidentEntitySchema, 'entities'),
    comments: section(incidentCommentSchema, 'comments'),
    bookmarks: section(incidentBookmarkSchema, 'bookmarks'),
    relations: section(incidentRelationSchema, 'relations'),
  },
  annotations: ANNOTATIONS,
  async run(ctx, args) {
    const key = parseIncidentId(args.incident_id);
    const objects = objectsOf(await ctx.backend());
    const incident = await findIncident(ctx, objects, key);
    const detail = incidentDetail(incident);
    const wanted = new Set(args.include);
    const fetchPart = async <T>(part: IncidentPart, map: (o: ArmObject) => T) => {
      if (!wanted.has(part)) return null;
      try {
        const page = await objects.listChildren(PART_KINDS[part], detail.id, {
          top: CHILD_LIMIT,
          abortSignal: ctx.signal,
          deadline: ctx.deadline,
        });
        const items = page.items.slice(0, CHILD_LIMIT).map(map);
        return {
          items,
          count: items.length,
          has_more: page.cursor !== undefined || page.items.length > CHILD_LIMIT,
          error: null,
        };
      } catch (error) {
        const e = toToolError(error);
        if (ctx.signal.aborted || e.code === 'CANCELLED' || e.code === 'TIMEOUT') throw e;
        ctx.logger.warn({ part, code: e.code }, 'incident part could not be read');
        return { items: [], count: 0, has_more: false, error: `${e.code}: ${e.message}` };
      }
    };
    const [alerts, entities, comments, bookmarks, relations] = await Promise.all([
      fetchPart('alerts', incidentAlert),
      fetchPart('entities', incidentEntity),
      fetchPart('comments', incidentComment),
      fetchPart('bookmarks', incidentBookmark),
      fetchPart('relations', incidentRelation),
    ]);
    return { ...detail, alerts, entities, comments, bookmarks, relations };
  },
  render(r) {
    const { alerts, entities, comments, bookmarks, relations, additional_data, owner, ...main } = r;
    const lines = [
      renderKeyValues(
        Object.fromEntries(
          Object.entries({
            ...main,
            owner: owner ? (owner.name ?? owner.user_principal_name ?? owner.email) : 'unassigned',
            ...(Object.keys(additional_data).length ? { additional_data } : {}),
          }).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0)),
        ),
        1500,
      ),
    ];
    const head = (name: string, s: { count: number; has_more: boolean; error: string | null }) =>
      `\n${name} (${s.count}${s.has_more ? `, more exist` : ''})${s.error ? `: not read (${s.error})` : ':'}`;
    const col = (name: string, type: QueryColumn['type'] = 'string'): QueryColumn => ({ name, type });
    if (alerts) {
      lines.push(head('Alerts', alerts));
      if (alerts.count)
        lines.push(
          renderMarkdownTable(
            [
              col('time_generated', 'datetime'),
              col('name'),
              col('severity'),
              col('status'),
              col('product_name'),
              col('tactics'),
              col('system_alert_id'),
            ],
            alerts.items.map((a) => [
              a.time_generated,
              a.name,
              a.severity,
              a.status,
              a.product_name,
              a.tactics.join(', '),
              a.system_alert_id,
            ]),
          ),
        );
    }
    if (entities) {
      lines.push(head('Entities', entities));
      if (entities.count)
        lines.push(
          renderMarkdownTable(
            [col('kind'), col('friendly_name'), col('properties')],
            entities.items.map((e) => [e.kind, e.friendly_name, JSON.stringify(e.properties).slice(0, 300)]),
          ),
        );
    }
    if (comments) {
      lines.push(head('Comments', comments));
      if (comments.count)
        lines.push(
          renderMarkdownTable(
            [col('created', 'datetime'), col('author'), col('message')],
            comments.items.map((c) => [c.created, c.author, c.message]),
          ),
        );
    }
    if (bookmarks) {
      lines.push(head('Bookmarks', bookmarks));
      if (bookmarks.count)
        lines.push(
          renderMarkdownTable(
            [col('display_name'), col('created', 'datetime'), col('created_by'), col('query')],
            bookmarks.items.map((b) => [b.display_name, b.created, b.created_by, b.query]),
          ),
        );
    }
    if (relations) {
      lines.push(head('Relations', relations));
      if (relations.count)
        lines.push(
          renderMarkdownTable(
            [col('related_resource_type'), col('related_resource_kind'), col('related_resource_name')],
            relations.items.map((x) => [
              x.related_resource_type,
              x.related_resource_kind,
              x.related_resource_name,
            ]),
          ),
        );
    }
    return lines.join('\n');
  },
});

export const incidentTools = [incidentListTool, incidentGetTool];
