// The built-in demo workspace: a deterministic, generated Sentinel workspace whose tables tell one
// attack story (password spray, compromised account, mail forwarding, malware and C2 beaconing)
// among two weeks of everyday noise, anchored to "now".
import type { InlineTable } from '../../backend.js';
import type { ObjectSet } from '../../objects.js';
import { generateSecurityAlert, generateSecurityIncident } from './alerts.js';
import { generateAuditLogs } from './audit.js';
import { generateAzureActivity } from './azure-activity.js';
import { generateConnections } from './connections.js';
import { generateDemoContent } from './content/index.js';
import type { GenContext } from './context.js';
import { generateDefenderTables } from './defender.js';
import { generateCommonSecurityLog } from './firewall.js';
import { generateLogonEvents } from './logons.js';
import { generateOfficeActivity } from './office.js';
import { demoOrg } from './org.js';
import { billingOf, generateHeartbeat, generateUsage } from './platform.js';
import { generateProcessEvents } from './processes.js';
import { stableUuid } from './random.js';
import { generateSigninLogs } from './signin.js';
import { buildStory, type DemoStory } from './story.js';
import { generateSyslog } from './syslog.js';
import { toInlineTable, type TableRows } from './table.js';
import { DAY, iso } from './time.js';
import { generateThreatIntelligence } from './threat-intel.js';
import { generateSecurityEvent } from './windows.js';

export type { DemoStory } from './story.js';

export interface DemoWorkspace {
  name: string;
  id: string;
  timeAnchor: Date;
  /** Columns are only those the generator fills; names and types are the catalog's. */
  tables: InlineTable[];
  story: DemoStory;
  /** The Sentinel objects (incidents, rules, watchlists, ...) in ARM wire JSON. */
  content: ObjectSet;
}

export const DEMO_WORKSPACE_NAME = 'fernbrook-sentinel-demo';
export const DEMO_WORKSPACE_ID = stableUuid('fernbrook:workspace');
export const DEFAULT_DEMO_SEED = 7;
/** How far back the data goes from "now". */
export const DEMO_DAYS = 14;

export function generateDemoWorkspace(options: { now: Date; seed?: number }): DemoWorkspace {
  const now = options.now.getTime();
  if (!Number.isFinite(now)) throw new RangeError('generateDemoWorkspace: now is not a valid date');
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const story = buildStory(options.now, { name: DEMO_WORKSPACE_NAME, id: DEMO_WORKSPACE_ID });
  const ctx: GenContext = {
    org: demoOrg(),
    story,
    window: { start: now - DEMO_DAYS * DAY, end: now },
    workspaceId: DEMO_WORKSPACE_ID,
    seed,
  };
  const processes = generateProcessEvents(ctx);
  const logons = generateLogonEvents(ctx);
  const connections = generateConnections(ctx);
  const tables: TableRows[] = [
    generateSecurityEvent(ctx, logons, processes),
    generateSigninLogs(ctx),
    generateAuditLogs(ctx),
    generateAzureActivity(ctx),
    generateOfficeActivity(ctx),
    generateSyslog(ctx),
    generateCommonSecurityLog(ctx, connections),
    ...generateDefenderTables(ctx, processes, connections, logons),
    generateSecurityAlert(ctx),
    generateSecurityIncident(ctx),
    generateHeartbeat(ctx),
    generateThreatIntelligence(ctx),
  ];
  const first = iso(ctx.window.start);
  const end = iso(ctx.window.end);
  const constants = (name: string) => ({ TenantId: DEMO_WORKSPACE_ID, Type: name });
  const inline = tables.map((table) => {
    clipToWindow(table, first, end);
    return toInlineTable(table, constants(table.name), billingOf(table.name));
  });
  const usage = generateUsage(ctx, inline);
  clipToWindow(usage, first, end);
  inline.push(toInlineTable(usage, constants('Usage')));
  return {
    name: DEMO_WORKSPACE_NAME,
    id: DEMO_WORKSPACE_ID,
    timeAnchor: new Date(now),
    tables: inline,
    story,
    content: generateDemoContent(ctx),
  };
}

/** Drops rows outside [start, end): ISO strings of one format compare like the instants they name. */
function clipToWindow(table: TableRows, start: string, end: string): void {
  let kept = 0;
  for (const row of table.rows) {
    const t = table.cell(row, 'TimeGenerated');
    if (typeof t === 'string' && t >= start && t < end) table.rows[kept++] = row;
  }
  table.rows.length = kept;
}
