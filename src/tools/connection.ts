// Tools of the workspace toolset that check the connection and the caller's access.
import { z } from 'zod';
import { runDoctor, type AuthorizationSummary, type DoctorStep } from '../doctor.js';
import { renderMarkdownTable } from '../util/results.js';
import { TOOLSETS } from './toolsets.js';
import { defineTool } from './types.js';

const stepShape = z.object({
  id: z
    .string()
    .describe(
      'Step id: open, config, token, workspace, query, sentinel (Azure); open, config, workspace, tables, query (local)',
    ),
  title: z.string().describe('What the step checks'),
  status: z
    .enum(['pass', 'fail', 'warn', 'skip'])
    .describe('fail makes the test fail; warn does not; skip: a prerequisite failed'),
  ms: z.number().describe('Time the step took'),
  detail: z.string().describe('What was found, or what went wrong'),
  fix: z.string().nullable().describe('What to do about a failure or warning'),
  code: z.string().nullable().describe('Error code of a failed step (AUTH, FORBIDDEN, NOT_FOUND, ...)'),
});

function toStep(s: DoctorStep): z.output<typeof stepShape> {
  return {
    id: s.id,
    title: s.title,
    status: s.status,
    ms: s.ms,
    detail: s.detail,
    fix: s.fix ?? null,
    code: s.code ?? null,
  };
}

export const connectionTestTool = defineTool({
  name: 'sentinel_connection_test',
  title: 'Test the connection',
  description:
    'Checks, step by step, that the server can work with its workspace: on Azure the configuration, getting a ' +
    'token, reading the workspace from ARM, running "print 1", and whether Microsoft Sentinel is enabled; on the ' +
    'local backend the local workspace. Each step has pass/fail, its time and the fix for a failure. Use it when ' +
    'other tools fail with AUTH, FORBIDDEN, NOT_FOUND or connection errors. For which roles you hold, use ' +
    'sentinel_authorization_summary.',
  toolset: 'workspace',
  input: {},
  output: {
    ok: z.boolean().describe('True when no step failed'),
    backend: z.enum(['local', 'azure']).describe('Which backend was tested'),
    steps: z.array(stepShape).describe('The checks, in order'),
    total_ms: z.number().describe('Time the whole test took'),
  },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(ctx) {
    let done = 0;
    const report = await runDoctor({
      config: ctx.config,
      backend: ctx.backend,
      abortSignal: ctx.signal,
      reporter: {
        finished: (step) => {
          done++;
          void ctx.progress.report(done, undefined, `${step.title}: ${step.status}`);
        },
      },
    });
    return {
      ok: report.ok,
      backend: report.backend,
      steps: report.steps.map(toStep),
      total_ms: report.totalMs,
    };
  },
  render: (r) =>
    [
      `${r.ok ? 'All checks passed' : 'Some checks failed'} (${r.backend} backend, ${r.total_ms} ms).`,
      ...r.steps.map(
        (s) =>
          `- ${s.status.toUpperCase()} ${s.title} (${s.ms} ms): ${s.detail}${s.fix && s.status !== 'pass' ? `\n  fix: ${s.fix}` : ''}`,
      ),
    ].join('\n'),
});

const accessShape = z.enum(['full', 'partial', 'none', 'unknown']);

/**
 * On the local backend there is no Azure RBAC: everything the local workspace holds is readable by
 * whoever runs the server, so the summary says so (full access, no assignments) rather than failing
 * with UNSUPPORTED, which would read as "something is broken" to an assistant asking "can I read?".
 */
function localSummary(toolsets: readonly (typeof TOOLSETS)[number][]): AuthorizationSummary {
  return {
    backend: 'local',
    principal: { objectId: null, name: null, type: 'LocalUser', tenantId: null },
    scope: 'local workspace',
    assignments: [],
    toolsets: toolsets.map((toolset) => ({ toolset, access: 'full' as const, missing: [] })),
    queryAccess: true,
    notes: [
      'Local workspace: there are no Azure role assignments; whoever runs the server can read everything the workspace holds.',
    ],
  };
}

export const authorizationSummaryTool = defineTool({
  name: 'sentinel_authorization_summary',
  title: 'Summarize your access',
  description:
    'Lists your own Azure role assignments on the workspace (direct, through groups, and inherited from the resource ' +
    "group or subscription) and, from the roles' actions, whether they grant what each toolset needs (e.g. " +
    'Microsoft.OperationalInsights/workspaces/query/read to run queries), naming what is missing. Use it when a tool ' +
    "fails with FORBIDDEN, or before relying on a toolset. It shows only your own access, never other users'.",
  toolset: 'workspace',
  input: {},
  output: {
    backend: z.enum(['local', 'azure']),
    principal: z
      .object({
        object_id: z.string().nullable().describe('Your object id in Microsoft Entra ID'),
        name: z.string().nullable().describe('User principal name or application id'),
        type: z.string().describe('User, ServicePrincipal, LocalUser or Unknown'),
        tenant_id: z.string().nullable(),
      })
      .describe('Who the server acts as'),
    scope: z.string().describe('The workspace resource id the assignments were listed at'),
    assignments: z
      .array(
        z.object({
          role: z.string().describe('Role name'),
          role_definition_id: z.string(),
          scope: z.string().describe('Where the role is assigned'),
          applies_to: z
            .enum(['workspace', 'inherited', 'child'])
            .describe('At the workspace, inherited from above, or only on something below it'),
          via_group: z.boolean().describe('Assigned to a group you are in'),
          conditional: z.boolean().describe('The assignment has a condition'),
        }),
      )
      .describe('Your role assignments that reach the workspace'),
    toolsets: z
      .array(
        z.object({
          toolset: z.string(),
          access: accessShape.describe('full, partial, none, or unknown (not decided by Azure roles)'),
          missing: z.array(z.string()).describe('Permissions no role of yours grants'),
          note: z.string().nullable(),
        }),
      )
      .describe('Read access per enabled toolset'),
    query_access: z.boolean().describe('Whether you can run KQL queries on the workspace'),
    notes: z.array(z.string()),
  },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(ctx) {
    const backend = await ctx.backend();
    const toolsets = ctx.config.toolsets.length ? ctx.config.toolsets : [...TOOLSETS];
    const connection = backend.connection;
    const s = connection
      ? await connection.authorizationSummary({ abortSignal: ctx.signal, toolsets })
      : localSummary(toolsets);
    return {
      backend: s.backend,
      principal: {
        object_id: s.principal.objectId,
        name: s.principal.name,
        type: s.principal.type,
        tenant_id: s.principal.tenantId,
      },
      scope: s.scope,
      assignments: s.assignments.map((a) => ({
        role: a.role,
        role_definition_id: a.roleDefinitionId,
        scope: a.scope,
        applies_to: a.appliesTo,
        via_group: a.viaGroup,
        conditional: a.conditional,
      })),
      toolsets: s.toolsets.map((t) => ({
        toolset: t.toolset,
        access: t.access,
        missing: t.missing,
        note: t.note ?? null,
      })),
      query_access: s.queryAccess,
      notes: s.notes,
    };
  },
  render(r) {
    const who = r.principal.name ?? r.principal.object_id ?? 'local user';
    const lines = [
      `${who} (${r.principal.type}) on ${r.scope}: ${r.query_access ? 'can' : 'cannot'} run queries.`,
    ];
    if (r.assignments.length) {
      lines.push(
        renderMarkdownTable(
          [
            { name: 'role', type: 'string' },
            { name: 'scope', type: 'string' },
            { name: 'applies_to', type: 'string' },
            { name: 'via_group', type: 'bool' },
          ],
          r.assignments.map((a) => [a.role, a.scope, a.applies_to, a.via_group]),
        ),
      );
    }
    for (const t of r.toolsets) {
      lines.push(
        `- ${t.toolset}: ${t.access}${t.missing.length ? ` (missing ${t.missing.join(', ')})` : ''}${t.note ? ` ${t.note}` : ''}`,
      );
    }
    for (const n of r.notes) lines.push(`Note: ${n}`);
    return lines.join('\n');
  },
});

export const connectionTools = [connectionTestTool, authorizationSummaryTool];
