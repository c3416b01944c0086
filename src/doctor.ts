// The `doctor` checks: configuration, credentials, workspace and permissions, step by step, each
// with pass/fail, time and the fix. One function serves the `sentinel-mcp doctor` command (a line
// per step on stderr as it goes, the summary for stdout, exit code 1 on failure) and the tool
// sentinel_connection_test (structured steps). The Azure backend runs its own steps (config, token,
// ARM workspace read, `print 1` query, Sentinel onboarding, and Microsoft Graph, which only warns:
// the Entra ID tools are optional); on the local backend the doctor checks the local workspace.
import type { Backend, BackendKind, CallOptions } from './backends/backend.js';
import type { DoctorStep, StepReporter, StepStatus } from './backends/connection.js';
import type { Config } from './config.js';
import { toToolError, type ErrorCode } from './util/errors.js';

export type {
  Access,
  AuthorizationSummary,
  ConnectionApi,
  ConnectionTestOptions,
  DoctorStep,
  RoleAssignmentSummary,
  StepReporter,
  StepStatus,
  ToolsetAccessSummary,
} from './backends/connection.js';

export interface StepOutcome {
  detail: string;
  status?: 'pass' | 'warn' | 'fail';
  fix?: string;
  /** The error code behind a warning (a failure's comes from the error thrown). */
  code?: ErrorCode;
}

/** Runs one step: times it, turns a thrown error into a failure with the error's hint as the fix. */
export async function runStep(
  id: string,
  title: string,
  reporter: StepReporter | undefined,
  check: () => Promise<StepOutcome>,
): Promise<DoctorStep> {
  reporter?.started?.(id, title);
  const started = performance.now();
  let step: DoctorStep;
  try {
    const outcome = await check();
    step = {
      id,
      title,
      status: outcome.status ?? 'pass',
      ms: Math.round(performance.now() - started),
      detail: outcome.detail,
      ...(outcome.fix ? { fix: outcome.fix } : {}),
      ...(outcome.code ? { code: outcome.code } : {}),
    };
  } catch (error) {
    const e = toToolError(error);
    step = {
      id,
      title,
      status: 'fail',
      ms: Math.round(performance.now() - started),
      detail: `${e.code}: ${e.message}`,
      ...(e.hint ? { fix: e.hint } : {}),
      code: e.code,
    };
  }
  reporter?.finished?.(step);
  return step;
}

export function skippedStep(id: string, title: string, why: string, reporter?: StepReporter): DoctorStep {
  const step: DoctorStep = { id, title, status: 'skip', ms: 0, detail: why };
  reporter?.finished?.(step);
  return step;
}

export interface DoctorReport {
  ok: boolean;
  backend: BackendKind;
  steps: DoctorStep[];
  totalMs: number;
}

export interface DoctorOptions extends CallOptions {
  config: Config;
  backend: () => Promise<Backend>;
  reporter?: StepReporter;
}

async function localSteps(config: Config, backend: Backend, options: DoctorOptions): Promise<DoctorStep[]> {
  const { reporter } = options;
  const call = options.abortSignal ? { abortSignal: options.abortSignal } : {};
  const steps: DoctorStep[] = [];
  steps.push(
    await runStep('config', 'Configuration', reporter, async () => ({
      detail: `local backend, workspace: ${config.workspaceDir ?? 'the built-in demo'}`,
    })),
  );
  steps.push(
    await runStep('workspace', 'Local workspace', reporter, async () => {
      const w = await backend.workspace.get(call);
      return {
        detail: `${w.name} (${w.source ?? 'local'}), ${w.tableCount ?? '?'} tables, now() = ${w.timeAnchor ?? 'the clock'}`,
      };
    }),
  );
  steps.push(
    await runStep('tables', 'Tables', reporter, async () => {
      const tables = await backend.tables.list({ ...call, includeStats: true });
      const rows = tables.reduce((n, t) => n + (t.rowCount ?? 0), 0);
      return tables.length
        ? { detail: `${tables.length} tables, ${rows} rows` }
        : {
            detail: 'no tables',
            status: 'warn',
            fix: 'Add table files to the workspace folder (see the README).',
          };
    }),
  );
  steps.push(
    await runStep('query', 'Query (print 1)', reporter, async () => {
      const response = await backend.logs.query({ query: 'print x = 1', ...call });
      const value = response.tables[0]?.rows[0]?.[0];
      if (value !== 1) throw new Error(`print 1 returned ${JSON.stringify(value)}`);
      return { detail: `answered in ${Math.round(response.executionMs)} ms` };
    }),
  );
  return steps;
}

/** Runs every check for the configured backend. Never throws for a failed check: it is a step. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const started = performance.now();
  const { config, reporter } = options;
  let backend: Backend | undefined;
  const opening = await runStep(
    'open',
    config.backend === 'azure' ? 'Load the Azure SDK' : 'Open the workspace',
    reporter,
    async () => {
      const t = performance.now();
      backend = await options.backend();
      return { detail: `${backend.kind} backend ready in ${Math.round(performance.now() - t)} ms` };
    },
  );
  const steps: DoctorStep[] = [opening];
  if (backend) {
    const connection = backend.connection;
    const call = {
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
      ...(reporter ? { reporter } : {}),
    };
    steps.push(...(connection ? await connection.test(call) : await localSteps(config, backend, options)));
  }
  return {
    ok: steps.every((s) => s.status !== 'fail'),
    backend: backend?.kind ?? config.backend,
    steps,
    totalMs: Math.round(performance.now() - started),
  };
}

const MARK: Readonly<Record<StepStatus, string>> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };

/** One line per step (and its fix, indented), as the command prints them. */
export function formatStep(step: DoctorStep): string {
  const head = `${MARK[step.status]}  ${step.title} (${step.ms} ms): ${step.detail}`;
  return step.fix && step.status !== 'pass' ? `${head}\n      fix: ${step.fix}` : head;
}

/** The closing summary. */
export function formatReport(report: DoctorReport): string {
  const failed = report.steps.filter((s) => s.status === 'fail');
  const warned = report.steps.filter((s) => s.status === 'warn');
  const counted = report.steps.filter((s) => s.status !== 'skip').length;
  const lines = [
    report.ok
      ? `sentinel-mcp doctor: all ${counted} checks passed${warned.length ? ` (${warned.length} warning${warned.length === 1 ? '' : 's'})` : ''} on the ${report.backend} backend in ${report.totalMs} ms.`
      : `sentinel-mcp doctor: ${failed.length} of ${counted} checks failed on the ${report.backend} backend.`,
  ];
  for (const s of [...failed, ...warned]) {
    lines.push(`- ${s.title}: ${s.detail}`);
    if (s.fix) lines.push(`  fix: ${s.fix}`);
  }
  return lines.join('\n');
}

/**
 * What `sentinel-mcp doctor` does: opens the configured backend, writes a line per step to
 * `progress` (stderr) as it goes, and returns the summary (for stdout) and the exit code.
 */
export async function doctorCommand(
  config: Config,
  io: { progress: NodeJS.WritableStream; backend: () => Promise<Backend>; abortSignal?: AbortSignal },
): Promise<{ exitCode: number; summary: string; report: DoctorReport }> {
  const report = await runDoctor({
    config,
    backend: io.backend,
    ...(io.abortSignal ? { abortSignal: io.abortSignal } : {}),
    reporter: { finished: (step) => io.progress.write(`${formatStep(step)}\n`) },
  });
  return { exitCode: report.ok ? 0 : 1, summary: formatReport(report), report };
}
