// The one registry of tools: an explicit list (no file discovery), filtered by toolset and writes.
import { connectionTools } from './connection.js';
import { logsTools } from './logs.js';
import { tablesTools } from './tables.js';
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
