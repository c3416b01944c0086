// Structured, levelled logging to stderr only: stdout belongs to the MCP stdio transport.
import { pino, type Logger } from 'pino';

export type { Logger };
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Property paths that never reach a log line, wherever they appear in a logged object. */
export const REDACTED_PATHS = [
  'secret',
  'password',
  'token',
  'accessToken',
  'access_token',
  'clientSecret',
  'client_secret',
  'authorization',
  'headers.authorization',
  '*.secret',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.access_token',
  '*.clientSecret',
  '*.client_secret',
  '*.authorization',
  '*.headers.authorization',
  'config.azure.clientSecret',
  'config.http.token',
];

const SECRET_IN_TEXT =
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}|((?:client_secret|access_token|password|token)=)[^&\s"]+/gi;

/** Masks bearer tokens and secret query parameters inside free text (error messages, URLs). */
export function redactText(text: string): string {
  return text.replace(
    SECRET_IN_TEXT,
    (_m, bearer?: string, param?: string) => `${bearer ?? param ?? ''}[REDACTED]`,
  );
}

export function createLogger(
  level: LogLevel = 'info',
  destination: NodeJS.WritableStream = process.stderr,
): Logger {
  return pino(
    {
      name: 'sentinel-mcp',
      level,
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as typeof args;
          method.apply(this, redacted);
        },
      },
    },
    destination,
  );
}

/** A logger that writes nothing (tests, library use). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
