// Tools of the workspace toolset.
import { z } from 'zod';
import { cacheKeys } from '../util/cache.js';
import { renderKeyValues } from '../util/results.js';
import { defineTool } from './types.js';

export const workspaceGetTool = defineTool({
  name: 'sentinel_workspace_get',
  title: 'Get the workspace',
  description:
    'Returns the workspace this server reads: backend (azure or local), name, workspace (customer) id, ' +
    'location, SKU, retention, and for the local backend its source folder and time anchor. Use it to ' +
    'confirm which workspace you are querying.',
  toolset: 'workspace',
  input: {},
  output: {
    backend: z.enum(['local', 'azure']).describe('Which backend serves the workspace'),
    name: z.string().describe('Workspace name'),
    workspace_id: z.string().describe('Log Analytics workspace (customer) id'),
    resource_id: z.string().nullable().describe('ARM resource id (Azure)'),
    location: z.string().nullable().describe('Azure region'),
    sku: z.string().nullable().describe('Pricing tier'),
    retention_in_days: z.number().nullable().describe('Default retention'),
    created_at: z.string().nullable().describe('Creation time'),
    source: z.string().nullable().describe('Local backend: the workspace folder or "built-in demo"'),
    time_anchor: z.string().nullable().describe('Local backend: the instant now() is relative to'),
    table_count: z.number().nullable().describe('Tables with data, when known'),
  },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(ctx) {
    const backend = await ctx.backend();
    const w = await ctx.cache.getOrLoad(cacheKeys.workspace(backend.id), () =>
      backend.workspace.get({ abortSignal: ctx.signal }),
    );
    return {
      backend: w.backend,
      name: w.name,
      workspace_id: w.workspaceId,
      resource_id: w.resourceId ?? null,
      location: w.location ?? null,
      sku: w.sku ?? null,
      retention_in_days: w.retentionInDays ?? null,
      created_at: w.createdAt ?? null,
      source: w.source ?? null,
      time_anchor: w.timeAnchor ?? null,
      table_count: w.tableCount ?? null,
    };
  },
  render: (r) => renderKeyValues(Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null))),
});

export const workspaceTools = [workspaceGetTool];
