// Tools of the alerts toolset: alerts from the SecurityAlert table (the latest version of each alert).
import { z } from 'zod';
import type { Backend, QueryColumn } from '../backends/backend.js';
import {
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  alertDetail,
  alertDetailSchema,
  alertGetQuery,
  alertIncidentQuery,
  alertListQuery,
  alertRow,
  alertRowSchema,
  tableObjects,
  type AlertRow,
} from '../sentinel/alerts.js';
import { GUID, workspaceNow } from '../sentinel/incidents.js';
import { fingerprint, pageInput, pageOutput } from '../sentinel/paging.js';
import { ToolError } from '../util/errors.js';
import { renderKeyValues, renderMarkdownTable } from '../util/results.js';
import { formatIsoDuration, parseInstant, parseIsoDuration } from '../util/time.js';
import { defineTool, type ToolContext } from './types.js';

const ANNOTATIONS = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;

/** Rows a listing may skip at most (offset paging re-reads the skipped rows). */
export const MAX_ALERT_OFFSET = 2000;
const DEFAULT_ALERT_WINDOW = 'P7D';
const DEFAULT_GET_WINDOW = 'P90D';

interface AlertCursor {
  /** Offset of the next row. */
  o: number;
  /** Fingerprint of the listing. */
  f: string;
  /** The window, fixed on the first page. */
  s: string;
  e: string;
}

function badCursor(): ToolError {
  return new ToolError('INVALID_ARGUMENT', 'The cursor does not belong to this listing (or is damaged)', {
    hint: 'Pass back next_cursor unchanged, with the same filters as the call that returned it, or start again without cursor.',
    retryable: false,
  });
}

function decodeCursor(text: string, listing: string): AlertCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const c = parsed as Partial<AlertCursor> | null;
  if (
    !c ||
    typeof c !== 'object' ||
    c.f !== listing ||
    typeof c.o !== 'number' ||
    !Number.isInteger(c.o) ||
    c.o < 0 ||
    c.o > MAX_ALERT_OFFSET ||
    typeof c.s !== 'string' ||
    typeof c.e !== 'string' ||
    Number.isNaN(Date.parse(c.s)) ||
    Number.isNaN(Date.parse(c.e))
  )
    throw badCursor();
  return c as AlertCursor;
}

const timeArgs = (defaultWindow: string) => ({
  timespan: z
    .string()
    .min(2)
    .max(40)
    .optional()
    .describe(
      `Window ending now as an ISO 8601 duration (default ${defaultWindow}), e.g. PT24H, P30D. Or give start/end.`,
    ),
  start: z.string().min(1).max(40).optional().describe('Start of the window, ISO 8601'),
  end: z.string().min(1).max(40).optional().describe('End of the window, ISO 8601 (default now)'),
});

/** The absolute window of a call: timespan ending at the workspace's now, or start/end. */
async function windowOf(
  ctx: ToolContext,
  backend: Backend,
  args: { timespan?: string | undefined; start?: string | undefined; end?: string | undefined },
  defaultWindow: string,
): Promise<{ start: Date; end: Date }> {
  if (args.timespan && (args.start || args.end)) {
    throw new ToolError('INVALID_ARGUMENT', 'Give either timespan or start/end, not both');
  }
  if (args.end && !args.start) {
    throw new ToolError('INVALID_ARGUMENT', 'end needs a start', {
      hint: 'Give start too, or use timespan.',
    });
  }
  if (args.start) {
    const start = parseInstant(args.start, 'start');
    const end = args.end
      ? parseInstant(args.end, 'end')
      : await workspaceNow(backend, { abortSignal: ctx.signal });
    if (end <= start) throw new ToolError('INVALID_ARGUMENT', 'end must be after start');
    return { start, end };
  }
  const ms = parseIsoDuration(args.timespan ?? defaultWindow);
  if (ms <= 0) throw new ToolError('INVALID_ARGUMENT', 'timespan must be longer than zero');
  const end = await workspaceNow(backend, { abortSignal: ctx.signal });
  return { start: new Date(end.getTime() - ms), end };
}

/**
 * Which of SecurityAlert and SecurityIncident the workspace has. Without SecurityAlert there is
 * nothing to read: NOT_FOUND says so, instead of a KQL error about the tool's own query.
 */
async function alertTables(ctx: ToolContext, backend: Backend): Promise<{ incidents: boolean }> {
  const { tables } = await backend.validationSchema({ abortSignal: ctx.signal, deadline: ctx.deadline });
  const names = new Set(tables.map((t) => t.name));
  if (!names.has('SecurityAlert')) {
    throw new ToolError(
      'NOT_FOUND',
      'This workspace has no SecurityAlert table: no alert has been recorded in it',
      {
        hint:
          'Microsoft Sentinel writes alerts to SecurityAlert once it is enabled and a rule or product raises one; ' +
          'check the workspace with sentinel_connection_test, or look at incidents with sentinel_incident_list.',
        retryable: false,
      },
    );
  }
  return { incidents: names.has('SecurityIncident') };
}

function describeWindow(w: { start: Date; end: Date }): string {
  return `${w.start.toISOString()}/${w.end.toISOString()} (${formatIsoDuration(w.end.getTime() - w.start.getTime())})`;
}

const ALERT_COLUMNS: QueryColumn[] = [
  { name: 'first_seen', type: 'datetime' },
  { name: 'time_generated', type: 'datetime' },
  { name: 'name', type: 'string' },
  { name: 'severity', type: 'string' },
  { name: 'status', type: 'string' },
  { name: 'product', type: 'string' },
  { name: 'tactics', type: 'string' },
  { name: 'compromised_entity', type: 'string' },
  { name: 'system_alert_id', type: 'string' },
];

function alertCells(a: AlertRow) {
  return [
    a.first_seen,
    a.time_generated,
    a.name,
    a.severity,
    a.status,
    a.product,
    a.tactics.join(', '),
    a.compromised_entity,
    a.system_alert_id,
  ];
}

export const alertListTool = defineTool({
  name: 'sentinel_alert_list',
  title: 'List alerts',
  description:
    'Lists security alerts from the SecurityAlert table, the latest version of each alert (newest first): ' +
    'name, severity, status, product, tactics, compromised entity, id. Filters: severity, status, product, ' +
    'provider, tactic, text in the name or description, an entity (IP, account, host ... anywhere in the ' +
    'entities), incident number, and a time window (default the last 7 days). Paged with top and cursor. ' +
    'Use it to see what fired; sentinel_alert_get for one alert with its entities and extended properties; ' +
    'sentinel_incident_list for incidents.',
  toolset: 'alerts',
  input: {
    severity: z.array(z.enum(ALERT_SEVERITIES)).min(1).max(4).optional().describe('Only these severities'),
    status: z
      .array(z.enum(ALERT_STATUSES))
      .min(1)
      .max(5)
      .optional()
      .describe('Only alerts whose latest status is one of these'),
    product: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('ProductName, exact but case-insensitive, e.g. "Azure Sentinel"'),
    provider: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('ProviderName, exact but case-insensitive, e.g. "ASI Scheduled Alerts", "MDATP", "IPC"'),
    tactic: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z]+$/, 'a MITRE ATT&CK tactic name such as CredentialAccess')
      .optional()
      .describe('MITRE ATT&CK tactic, e.g. CredentialAccess, InitialAccess, CommandAndControl'),
    search: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe('Text the alert name or description contains (case-insensitive)'),
    entity: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe('Text the compromised entity or the entities contain: an IP, UPN, host name, file hash ...'),
    incident_number: z
      .number()
      .int()
      .min(1)
      .max(1e12)
      .optional()
      .describe('Only the alerts of this incident (from SecurityIncident.AlertIds)'),
    ...timeArgs(DEFAULT_ALERT_WINDOW),
    ...pageInput(25, 200),
  },
  output: {
    alerts: z.array(alertRowSchema).describe('Matching alerts, newest first'),
    ...pageOutput,
    window: z.string().describe('The time window searched'),
  },
  annotations: ANNOTATIONS,
  async run(ctx, args) {
    const { top, cursor, ...listingArgs } = args;
    const listing = fingerprint(['sentinel_alert_list', listingArgs]);
    const state = cursor !== undefined ? decodeCursor(cursor, listing) : undefined;
    const backend = await ctx.backend();
    const { incidents: hasIncidents } = await alertTables(ctx, backend);
    if (args.incident_number !== undefined && !hasIncidents) {
      throw new ToolError(
        'NOT_FOUND',
        'This workspace has no SecurityIncident table to find the incident in',
        {
          hint: 'List the alerts without incident_number, or the incidents with sentinel_incident_list.',
          retryable: false,
        },
      );
    }
    const window = state
      ? { start: new Date(state.s), end: new Date(state.e) }
      : await windowOf(ctx, backend, args, DEFAULT_ALERT_WINDOW);
    const offset = state?.o ?? 0;
    if (offset + top > MAX_ALERT_OFFSET + 200) {
      throw new ToolError('INVALID_ARGUMENT', `Alert listings page at most ${MAX_ALERT_OFFSET} rows deep`, {
        hint: 'Narrow the window (start/end) or add filters (severity, status, product, search).',
      });
    }
    const take = offset + top + 1;
    const query = alertListQuery(
      {
        ...(args.severity ? { severity: args.severity } : {}),
        ...(args.status ? { status: args.status } : {}),
        ...(args.product ? { product: args.product } : {}),
        ...(args.provider ? { provider: args.provider } : {}),
        ...(args.tactic ? { tactic: args.tactic } : {}),
        ...(args.search ? { search: args.search } : {}),
        ...(args.entity ? { entity: args.entity } : {}),
        ...(args.incident_number !== undefined ? { incidentNumber: args.incident_number } : {}),
      },
      take,
    );
    const response = await backend.logs.query({
      query,
      timespan: window,
      maxRows: take,
      abortSignal: ctx.signal,
      deadline: ctx.deadline,
    });
    const rows = tableObjects(response.tables[0]);
    const alerts = rows.slice(offset, offset + top).map(alertRow);
    const hasMore = rows.length > offset + top && offset + top <= MAX_ALERT_OFFSET;
    const next = hasMore
      ? Buffer.from(
          JSON.stringify({
            o: offset + top,
            f: listing,
            s: window.start.toISOString(),
            e: window.end.toISOString(),
          } satisfies AlertCursor),
        ).toString('base64url')
      : null;
    return {
      alerts,
      count: alerts.length,
      has_more: hasMore,
      next_cursor: next,
      window: describeWindow(window),
    };
  },
  render(r) {
    if (r.count === 0) return `No alerts match in ${r.window}.`;
    return [
      `${r.count} alert${r.count === 1 ? '' : 's'} in ${r.window}, newest first`,
      renderMarkdownTable(ALERT_COLUMNS, r.alerts.map(alertCells)),
      r.has_more
        ? 'More alerts match: call again with the same filters and cursor = next_cursor.'
        : 'No more alerts match.',
    ].join('\n');
  },
});

export const alertGetTool = defineTool({
  name: 'sentinel_alert_get',
  title: 'Get an alert',
  description:
    'Returns one alert from SecurityAlert (its latest version) in full: description, severity, status, ' +
    'product, tactics, techniques and sub-techniques, entities (parsed), extended properties (analytics rule ' +
    'ids, query period, custom details), remediation steps, and the incidents it belongs to. Pass the ' +
    'SystemAlertId (a GUID) that sentinel_alert_list or sentinel_incident_get show. Searches the last 90 days ' +
    'unless timespan or start/end say otherwise.',
  toolset: 'alerts',
  input: {
    alert_id: z.string().min(1).max(100).describe('The SystemAlertId (GUID) of the alert'),
    ...timeArgs(DEFAULT_GET_WINDOW),
  },
  output: { ...alertDetailSchema.shape, window: z.string().describe('The time window searched') },
  annotations: ANNOTATIONS,
  async run(ctx, args) {
    const id = args.alert_id.trim();
    if (!GUID.test(id)) {
      throw new ToolError('INVALID_ARGUMENT', `alert_id "${id.slice(0, 80)}" is not a SystemAlertId (GUID)`, {
        hint: 'Pass the system_alert_id that sentinel_alert_list or sentinel_incident_get show.',
      });
    }
    const backend = await ctx.backend();
    const { incidents: hasIncidents } = await alertTables(ctx, backend);
    const window = await windowOf(ctx, backend, args, DEFAULT_GET_WINDOW);
    const run = (query: string) =>
      backend.logs.query({
        query,
        timespan: window,
        maxRows: 50,
        abortSignal: ctx.signal,
        deadline: ctx.deadline,
      });
    const [alert, incidents] = await Promise.all([
      run(alertGetQuery(id)),
      hasIncidents ? run(alertIncidentQuery(id)) : Promise.resolve(undefined),
    ]);
    const row = tableObjects(alert.tables[0])[0];
    if (!row) {
      throw new ToolError('NOT_FOUND', `No alert with SystemAlertId ${id} in ${describeWindow(window)}`, {
        hint: 'Check the id with sentinel_alert_list, or widen the window with timespan or start/end.',
        retryable: false,
      });
    }
    return { ...alertDetail(row, tableObjects(incidents?.tables[0])), window: describeWindow(window) };
  },
  render(r) {
    const { entities, extended_properties, incidents, versions_note, ...main } = r;
    void versions_note;
    const lines = [
      renderKeyValues(
        Object.fromEntries(
          Object.entries({
            ...main,
            incidents: incidents.map((i) => `${i.number ?? i.id}: ${i.title ?? ''} (${i.status ?? ''})`),
          }).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0)),
        ),
        1500,
      ),
    ];
    if (Object.keys(extended_properties).length)
      lines.push(`extended_properties: ${JSON.stringify(extended_properties).slice(0, 3000)}`);
    lines.push(`entities (${entities.length}):`);
    for (const e of entities) lines.push(`- ${JSON.stringify(e).slice(0, 600)}`);
    return lines.join('\n');
  },
});

export const alertTools = [alertListTool, alertGetTool];
