// One error type for everything a tool can report, and one mapping to MCP `isError` results.

export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'KQL_SYNTAX',
  'KQL_SEMANTIC',
  'NOT_FOUND',
  'AUTH',
  'FORBIDDEN',
  'THROTTLED',
  'TIMEOUT',
  'UPSTREAM',
  'UNSUPPORTED',
  'CANCELLED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const RETRYABLE_BY_DEFAULT: ReadonlySet<ErrorCode> = new Set(['THROTTLED', 'TIMEOUT', 'UPSTREAM']);

export interface ToolErrorOptions {
  hint?: string;
  retryable?: boolean;
  /** Extra structured facts (e.g. diagnostics); must be JSON-safe and never hold secrets. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** An error a person can act on: what failed, why, and (in `hint`) what to try. */
export class ToolError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: ToolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ToolError';
    this.code = code;
    this.hint = options.hint;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.details = options.details;
  }
}

export interface StructuredError {
  code: ErrorCode;
  message: string;
  hint?: string;
  retryable: boolean;
  details?: Record<string, unknown>;
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'CanceledError');
}

/** Turns anything thrown into a ToolError; unknown errors become INTERNAL without their stack. */
export function toToolError(error: unknown): ToolError {
  if (error instanceof ToolError) return error;
  if (isAbortError(error)) {
    return new ToolError('CANCELLED', 'The request was cancelled before it finished.', {
      hint: 'Run it again if you still need the result.',
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ToolError('INTERNAL', `Unexpected failure: ${firstLine(message)}`, {
    hint: 'This is a bug in sentinel-mcp; the server log (stderr) has the details. Please report it.',
    retryable: false,
  });
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

export function structuredError(error: ToolError): StructuredError {
  return {
    code: error.code,
    message: error.message,
    ...(error.hint ? { hint: error.hint } : {}),
    retryable: error.retryable,
    ...(error.details ? { details: error.details } : {}),
  };
}

/** `Error [CODE]: what happened. Hint: what to do.` */
export function renderError(error: ToolError): string {
  const message = /[.!?]$/.test(error.message) ? error.message : `${error.message}.`;
  return `Error [${error.code}]: ${message}${error.hint ? ` Hint: ${error.hint}` : ''}`;
}
