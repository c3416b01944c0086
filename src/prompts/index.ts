// The one registry of prompts: an explicit list, in the order prompts/list shows them.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createDetectionPrompt, createHuntingQueryPrompt } from './detection.js';
import { incidentRespondPrompt } from './incident.js';
import { investigateIpPrompt, securityInvestigationPrompt } from './investigation.js';
import { kqlBuildPrompt } from './kql-build.js';
import type { PromptDefinition, PromptEnv } from './types.js';
import { workspaceVisualizePrompt } from './visualize.js';

export type { PromptEnv } from './types.js';

export const ALL_PROMPTS: readonly PromptDefinition[] = [
  createDetectionPrompt,
  createHuntingQueryPrompt,
  kqlBuildPrompt,
  investigateIpPrompt,
  incidentRespondPrompt,
  securityInvestigationPrompt,
  workspaceVisualizePrompt,
];

/** Registers every prompt (and, through completable arguments, their completions). */
export function registerPrompts(server: McpServer, env: PromptEnv): void {
  for (const prompt of ALL_PROMPTS) prompt.register(server, env);
}
