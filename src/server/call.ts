// Runs one tool call: validates arguments, applies the deadline and cancellation, shapes the
// result (structuredContent + text) and maps every failure to an isError result.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { AnyTool, ProgressReporter, ToolContext } from '../tools/types.js';
import { renderError, structuredError, toToolError, ToolError } from '../util/errors.js';
import { renderKeyValues } from '../util/results.js';

export type CallEnvironment = Omit<ToolContext, 'signal' | 'deadline' | 'progress'> & {
  timeoutMs: number;
};

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.length ? issue.path.join('.') : 'arguments';
      if (issue.code === 'unrecognized_keys') return `unknown parameter(s) ${issue.keys.join(', ')}`;
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

function parseArguments(tool: AnyTool, args: unknown): Record<string, unknown> {
  const parsed = z.strictObject(tool.input).safeParse(args ?? {});
  if (parsed.success) return parsed.data as Record<string, unknown>;
  throw new ToolError(
    'INVALID_ARGUMENT',
    `Invalid arguments for ${tool.name}: ${describeIssues(parsed.error)}`,
    {
      hint: `Parameters: ${Object.keys(tool.input).join(', ') || '(none)'}. See the tool's input schema.`,
    },
  );
}

/** Where an error result carries its structured form (see errorResult). */
export const ERROR_META_KEY = 'sentinel-mcp/error';

/**
 * An isError result: the text `Error [CODE]: ... Hint: ...`, and the structured error in `_meta`.
 * Not in structuredContent: clients (the SDK's among them) validate structuredContent against the
 * tool's output schema even on errors, and an error does not match a result schema.
 */
export function errorResult(error: unknown): CallToolResult {
  const toolError = toToolError(error);
  return {
    isError: true,
    content: [{ type: 'text', text: renderError(toolError) }],
    _meta: { [ERROR_META_KEY]: structuredError(toolError) },
  };
}

function deadlineError(timeoutMs: number): ToolError {
  return new ToolError('TIMEOUT', `The call did not finish within ${Math.round(timeoutMs / 1000)} s`, {
    hint: 'Narrow the time range or the query, or raise SENTINEL_MCP_QUERY_TIMEOUT.',
  });
}

/** Runs a tool with the client's AbortSignal and the configured deadline. */
export async function callTool(
  tool: AnyTool,
  rawArgs: unknown,
  env: CallEnvironment,
  clientSignal: AbortSignal,
  progress: ProgressReporter,
): Promise<CallToolResult> {
  const started = Date.now();
  // A deadline that is cleared when the call ends (AbortSignal.timeout would hold the signal and its
  // listeners until it fires, minutes after the call). The backend gets the combined signal.
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), env.timeoutMs);
  const signal = AbortSignal.any([clientSignal, timeout.signal]);
  let onAbort: (() => void) | undefined;
  try {
    const args = parseArguments(tool, rawArgs);
    const ctx: ToolContext = { ...env, signal, deadline: started + env.timeoutMs, progress };
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () =>
        reject(timeout.signal.aborted ? deadlineError(env.timeoutMs) : toToolError(abortError()));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    const structured = await Promise.race([tool.run(ctx, args), aborted]);
    const output = z.object(tool.output).safeParse(structured);
    if (!output.success) {
      env.logger.error(
        { tool: tool.name, issues: output.error.issues.slice(0, 5) },
        'tool output does not match its schema',
      );
      throw new Error(`output of ${tool.name} does not match its schema`);
    }
    const text = tool.render
      ? tool.render(output.data, args)
      : renderKeyValues(output.data as Record<string, unknown>);
    env.logger.info({ tool: tool.name, ms: Date.now() - started }, 'tool call');
    return { content: [{ type: 'text', text }], structuredContent: output.data as Record<string, unknown> };
  } catch (error) {
    const mapped =
      timeout.signal.aborted && !(error instanceof ToolError)
        ? deadlineError(env.timeoutMs)
        : toToolError(error);
    const level = mapped.code === 'INTERNAL' ? 'error' : 'info';
    env.logger[level](
      {
        tool: tool.name,
        ms: Date.now() - started,
        code: mapped.code,
        ...(mapped.code === 'INTERNAL' ? { err: error } : {}),
      },
      'tool call failed',
    );
    return errorResult(mapped);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function abortError(): Error {
  const error = new Error('cancelled');
  error.name = 'AbortError';
  return error;
}
