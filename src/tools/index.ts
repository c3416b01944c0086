// The one registry of tools: an explicit list (no file discovery), filtered by toolset and writes.
import { alertTools } from './alerts.js';
import { analyticsTools } from './analytics.js';
import { connectionTools } from './connection.js';
import { connectorsTools } from './connectors.js';
import { contentTools } from './content.js';
import { dcrTools } from './dcr.js';
import { enrichmentTools } from './enrichment.js';
import { entraTools } from './entra.js';
import { huntingTools } from './hunting.js';
import { incidentTools } from './incidents.js';
import { logsTools } from './logs.js';
import { repositoriesTools } from './repositories.js';
import { summaryTools } from './summary.js';
import { tablesTools } from './tables.js';
import { threatintelTools } from './threatintel.js';
import { watchlistsTools } from './watchlists.js';
import { workbooksTools } from './workbooks.js';
import { workspaceTools } from './workspace.js';
import type { Toolset } from './toolsets.js';
import type { AnyTool } from './types.js';

export { TOOLSETS, type Toolset } from './toolsets.js';

/** Every tool, in the order tools/list shows them. */
export const ALL_TOOLS: readonly AnyTool[] = [
  ...logsTools,
  ...tablesTools,
  ...workspaceTools,
  ...connectionTools,
  ...incidentTools,
  ...alertTools,
  ...analyticsTools,
  ...huntingTools,
  ...watchlistsTools,
  ...connectorsTools,
  ...workbooksTools,
  ...repositoriesTools,
  ...summaryTools,
  ...dcrTools,
  ...contentTools,
  ...threatintelTools,
  ...enrichmentTools,
  ...entraTools,
];

export interface ToolFilter {
  toolsets: readonly Toolset[];
  enableWrites: boolean;
}

/** The tools a server with these settings offers: in an enabled toolset, and read-only unless writes are on. */
export function selectTools(filter: ToolFilter, tools: readonly AnyTool[] = ALL_TOOLS): AnyTool[] {
  const enabled = new Set(filter.toolsets);
  return tools.filter((t) => enabled.has(t.toolset) && (t.annotations.readOnlyHint || filter.enableWrites));
}

/** Looks a tool up by name or alias. */
export function findTool(tools: readonly AnyTool[], name: string): AnyTool | undefined {
  return tools.find((t) => t.name === name || t.aliases?.includes(name));
}
