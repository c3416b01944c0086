// The Azure doctor steps: configuration → token → ARM workspace read → `print 1` query → Microsoft
// Sentinel onboarding state → Microsoft Graph (read one user). Each step is timed and carries the fix
// when it fails; a step whose prerequisite failed is skipped rather than failing again for the same
// reason. The Graph step never fails the doctor: only the optional Entra ID tools need Graph, so a
// refusal (or any other Graph failure) is a warning that names the permission to grant.
import {
  runStep,
  skippedStep,
  type ConnectionTestOptions,
  type DoctorStep,
  type StepOutcome,
} from '../../doctor.js';
import { toToolError, ToolError } from '../../util/errors.js';
import type { WorkspaceInfo } from '../backend.js';
import { tokenClaims } from './credential.js';
import { GRAPH_PERMISSIONS, graphDirectory } from './graph.js';
import { queryLogs } from './logs.js';
import type { AzureSession } from './session.js';
import { getArmWorkspace } from './workspace.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The configuration check (pure): what is set, what is missing, which credential will be used. */
export function checkConfiguration(
  session: Pick<AzureSession, 'settings' | 'endpoints' | 'plan'>,
): StepOutcome {
  const s = session.settings;
  const e = session.endpoints;
  const problems: string[] = [];
  const fixes: string[] = [];
  const warnings: string[] = [];
  const arm = [
    ['AZURE_SUBSCRIPTION_ID', s.subscriptionId],
    ['AZURE_RESOURCE_GROUP', s.resourceGroup],
    ['AZURE_WORKSPACE_NAME', s.workspaceName],
  ]
    .filter(([, v]) => !v)
    .map(([k]) => k!);
  if (!s.workspaceId && arm.length) {
    problems.push('no workspace: AZURE_WORKSPACE_ID is not set and neither are the ARM coordinates');
    fixes.push(`Set AZURE_WORKSPACE_ID (the workspace id) and ${arm.join(', ')}.`);
  } else if (arm.length) {
    warnings.push(
      `${arm.join(', ')} not set: queries work, but workspace details, table plans and the Sentinel checks need them`,
    );
    fixes.push(`Set ${arm.join(', ')}.`);
  }
  const sp = session.plan.missingForServicePrincipal;
  if (session.plan.partialServicePrincipal) {
    problems.push(`a service principal is half configured: ${sp.join(', ')} missing`);
    fixes.push(`Set ${sp.join(', ')} too, or unset AZURE_CLIENT_SECRET to use your own sign-in.`);
  }
  if (!s.tenantId) {
    warnings.push('AZURE_TENANT_ID is not set: each credential uses its default tenant');
    fixes.push("Set AZURE_TENANT_ID to the workspace's tenant.");
  }
  const overrides = (['arm', 'logs', 'graph'] as const)
    .filter((k) => e.overridden[k])
    .map((k) => `${k} ${e[k]}`);
  const where = `cloud ${e.cloud}${overrides.length ? ` (overrides: ${overrides.join(', ')})` : ''}, authority ${e.authorityHost}${e.customAuthority ? ' (custom: instance discovery off, scopes follow the endpoints)' : ''}`;
  const workspace = s.workspaceId ? `workspace id ${s.workspaceId}` : 'workspace id from ARM';
  const detail = [
    `${workspace}; ${where}; credential: ${session.plan.description}`,
    ...problems,
    ...warnings,
  ].join('; ');
  if (problems.length) return { status: 'fail', detail, fix: fixes.join(' ') };
  if (warnings.length) return { status: 'warn', detail, fix: fixes.join(' ') };
  return { detail };
}

export interface DiagnosticsContext {
  session: AzureSession;
  workspaceId(options: { abortSignal?: AbortSignal }): Promise<string>;
}

export async function testConnection(
  ctx: DiagnosticsContext,
  options: ConnectionTestOptions = {},
): Promise<DoctorStep[]> {
  const { session } = ctx;
  const reporter = options.reporter;
  const call = options.abortSignal ? { abortSignal: options.abortSignal } : {};
  const steps: DoctorStep[] = [];

  const config = await runStep('config', 'Configuration', reporter, async () => checkConfiguration(session));
  steps.push(config);
  const noWorkspace =
    config.status === 'fail' && !session.settings.workspaceId && !session.hasArmCoordinates();

  const token = await runStep('token', 'Token', reporter, async () => {
    const arm = await session.run(
      { operation: 'getting a token for Azure Resource Manager' },
      call,
      (signal) => session.token(session.endpoints.scopes.arm, { abortSignal: signal }),
    );
    await session.run({ operation: 'getting a token for Log Analytics' }, call, (signal) =>
      session.token(session.endpoints.scopes.logs, { abortSignal: signal }),
    );
    const claims = tokenClaims(arm);
    const who = claims
      ? [
          claims.upn ?? claims.name ?? claims.appid,
          claims.oid ? `object id ${claims.oid}` : undefined,
          claims.tid ? `tenant ${claims.tid}` : undefined,
        ]
          .filter(Boolean)
          .join(', ')
      : 'identity not readable from the token';
    const until = claims?.exp ? `, valid until ${new Date(claims.exp * 1000).toISOString()}` : '';
    return { detail: `tokens for ARM and Log Analytics from ${session.plan.kind} (${who}${until})` };
  });
  steps.push(token);
  const noToken = token.status === 'fail';

  let workspace: WorkspaceInfo | undefined;
  if (noToken) steps.push(skippedStep('workspace', 'ARM workspace', 'skipped: no token', reporter));
  else if (!session.hasArmCoordinates()) {
    steps.push(
      skippedStep(
        'workspace',
        'ARM workspace',
        'skipped: AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP or AZURE_WORKSPACE_NAME not set',
        reporter,
      ),
    );
  } else {
    steps.push(
      await runStep('workspace', 'ARM workspace', reporter, async () => {
        workspace = await getArmWorkspace(session, call);
        const configured = session.settings.workspaceId;
        const summary = `${workspace.name} in ${workspace.location ?? '?'} (workspace id ${workspace.workspaceId}, SKU ${workspace.sku ?? '?'}, retention ${workspace.retentionInDays ?? '?'} days)`;
        if (
          configured &&
          GUID.test(workspace.workspaceId) &&
          workspace.workspaceId.toLowerCase() !== configured.toLowerCase()
        ) {
          return {
            status: 'fail',
            detail: `${summary}; but AZURE_WORKSPACE_ID is ${configured}`,
            fix: `AZURE_WORKSPACE_ID and the ARM coordinates name different workspaces: set AZURE_WORKSPACE_ID=${workspace.workspaceId}, or fix AZURE_WORKSPACE_NAME / AZURE_RESOURCE_GROUP.`,
          };
        }
        return { detail: summary };
      }),
    );
  }

  if (noToken || noWorkspace) {
    steps.push(
      skippedStep(
        'query',
        'Query (print 1)',
        noToken ? 'skipped: no token' : 'skipped: no workspace configured',
        reporter,
      ),
    );
  } else {
    steps.push(
      await runStep('query', 'Query (print 1)', reporter, async () => {
        const workspaceId = workspace?.workspaceId || (await ctx.workspaceId(call));
        const response = await queryLogs(
          session,
          { query: 'print x = 1', timespan: { duration: 'PT5M' }, ...call },
          { workspaceId, operation: 'running print 1' },
        );
        const value = response.tables[0]?.rows[0]?.[0];
        if (value !== 1) throw new ToolError('UPSTREAM', `print 1 returned ${JSON.stringify(value)}`);
        return { detail: `workspace ${workspaceId} answered in ${Math.round(response.executionMs)} ms` };
      }),
    );
  }

  if (noToken || !session.hasArmCoordinates()) {
    steps.push(
      skippedStep(
        'sentinel',
        'Microsoft Sentinel',
        noToken ? 'skipped: no token' : 'skipped: ARM coordinates not set',
        reporter,
      ),
    );
  } else {
    steps.push(
      await runStep('sentinel', 'Microsoft Sentinel', reporter, () => onboardingState(session, call)),
    );
  }

  if (noToken) steps.push(skippedStep('graph', GRAPH_STEP_TITLE, 'skipped: no token', reporter));
  else steps.push(await runStep('graph', GRAPH_STEP_TITLE, reporter, () => graphUsers(session, call)));
  return steps;
}

export const GRAPH_STEP_TITLE = 'Microsoft Graph: read users';

/** Reads one user through Microsoft Graph: pass, or a warning (never a failure) with the permission. */
async function graphUsers(session: AzureSession, call: { abortSignal?: AbortSignal }): Promise<StepOutcome> {
  const optional = 'only the Entra ID tools (entra toolset) need it; everything else works without it';
  try {
    const page = await graphDirectory(session).listUsers({ top: 1, ...call });
    return {
      detail: `users are readable (${page.items.length ? 'read one' : 'the directory has none'}) at ${session.endpoints.graph}: the Entra ID tools work`,
    };
  } catch (error) {
    const e = toToolError(error);
    if (e.code === 'CANCELLED') throw e;
    if (e.code === 'FORBIDDEN') {
      return {
        status: 'warn',
        code: e.code,
        detail: `FORBIDDEN: Microsoft Graph refused to list users: the identity lacks ${GRAPH_PERMISSIONS.users}; ${optional}`,
        fix:
          `To use the Entra ID tools, grant the identity the Microsoft Graph permission ${GRAPH_PERMISSIONS.users}: ` +
          'for a service principal or managed identity the application permission with admin consent; for a ' +
          'signed-in user the delegated one (or a directory reader role).',
      };
    }
    return {
      status: 'warn',
      code: e.code,
      detail: `${e.code}: ${e.message}; ${optional}`,
      ...(e.hint ? { fix: e.hint } : {}),
    };
  }
}

async function onboardingState(
  session: AzureSession,
  call: { abortSignal?: AbortSignal },
): Promise<StepOutcome> {
  const arm = session.armWorkspace();
  const enable = `Enable Microsoft Sentinel on ${arm.workspaceName} (portal: Microsoft Sentinel > Create > pick the workspace), or PUT ${arm.resourceId}/providers/Microsoft.SecurityInsights/onboardingStates/default.`;
  try {
    const states = await session.run(
      {
        operation: 'reading the Microsoft Sentinel onboarding state',
        permission: 'Microsoft.SecurityInsights/onboardingStates/read',
        notFound: { what: `Microsoft Sentinel on ${arm.workspaceName}`, hint: enable },
      },
      call,
      async (signal) => {
        const client = await session.securityInsights();
        return client.sentinelOnboardingStates.list(arm.resourceGroup, arm.workspaceName, {
          abortSignal: signal,
        });
      },
    );
    const names = (states.value ?? []).map((s) => s.name ?? '').filter(Boolean);
    if (names.length === 0)
      return { status: 'fail', detail: 'Microsoft Sentinel is not enabled on this workspace', fix: enable };
    return { detail: `enabled (onboarding state ${names.join(', ')})` };
  } catch (error) {
    if (error instanceof ToolError && error.code === 'NOT_FOUND') {
      return {
        status: 'fail',
        detail: 'Microsoft Sentinel is not enabled on this workspace (no onboarding state)',
        fix: enable,
      };
    }
    throw error;
  }
}
