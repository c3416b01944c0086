// Error mapping for the Azure backend, in one place: whatever the SDK, the credential or the
// network throws becomes a ToolError with the code DESIGN §5 lists and a hint that says the fix.
// Messages carry service error text (redacted, cut short), never tokens, secrets or headers.
import { ToolError } from '../../util/errors.js';
import { redactText } from '../../util/logger.js';
import { isAbortError, retryAfterInMs, type HeaderSource } from '../../util/retry.js';
import type { CredentialPlan } from './credential.js';
import { errorMessages, type WireError } from './mapping.js';

/** What the failing call was, for messages. */
export interface ErrorContext {
  /** e.g. "reading the workspace from ARM", "running the query" */
  operation: string;
  /** The permission the operation needs, named when a 403 body does not name one. */
  permission?: string;
  /** What a 404 means here, e.g. `Table "X"`. */
  notFound?: { what: string; hint: string };
  signal?: AbortSignal;
  deadline?: number;
  /** How the credential was chosen, for AUTH hints. */
  credential?: CredentialPlan;
  /** HTTP attempts made, and why retries happened. */
  attempts?: number;
  retried?: readonly string[];
  /** The last error response body the pipeline saw, when the SDK's error lacks it. */
  lastErrorBody?: string;
}

interface RestErrorLike extends Error {
  statusCode?: number;
  code?: string;
  details?: unknown;
  response?: { status: number; headers: HeaderSource; bodyAsText?: string | null };
}

const AUTH_ERROR_NAMES: ReadonlySet<string> = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
  'AuthenticationRequiredError',
]);

function isRestError(error: unknown): error is RestErrorLike {
  return error instanceof Error && error.name === 'RestError';
}

export function isCredentialError(error: unknown): error is Error {
  return error instanceof Error && AUTH_ERROR_NAMES.has(error.name);
}

/** Short, single-line, redacted text for a message. */
export function safeText(text: string, max = 400): string {
  const oneLine = redactText(text).replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

function asWireError(value: unknown): WireError | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as { error?: unknown; code?: unknown; message?: unknown };
  if (v.error && typeof v.error === 'object') return v.error as WireError;
  if (typeof v.code === 'string' || typeof v.message === 'string') return v as WireError;
  return undefined;
}

/** The service's error object (`{code, message, innererror, details}`), from the SDK or the raw body. */
export function serviceError(error: RestErrorLike, lastErrorBody?: string): WireError | undefined {
  const fromDetails = asWireError(error.details);
  if (fromDetails) return fromDetails;
  const body = error.response?.bodyAsText ?? lastErrorBody;
  if (body) {
    try {
      return asWireError(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function codesOf(error: WireError | undefined): string[] {
  const out: string[] = [];
  const visit = (e: WireError | undefined, depth: number) => {
    if (!e || depth > 8) return;
    if (e.code) out.push(e.code);
    visit(e.innererror, depth + 1);
    for (const d of e.details ?? []) visit(d, depth + 1);
  };
  visit(error, 0);
  return out;
}

function describe(error: RestErrorLike, body: WireError | undefined): string {
  const messages = errorMessages(body);
  const text = messages.length ? messages.slice(0, 2).join(' / ') : error.message;
  return safeText(text || 'no details');
}

/** Was the call stopped by its deadline (TIMEOUT) rather than by the caller (CANCELLED)? */
function timedOut(ctx: ErrorContext): boolean {
  const reason = ctx.signal?.reason as { name?: unknown } | undefined;
  if (reason && reason.name === 'TimeoutError') return true;
  return ctx.deadline !== undefined && Date.now() >= ctx.deadline - 20;
}

function abortToToolError(ctx: ErrorContext, cause: unknown): ToolError {
  if (timedOut(ctx)) {
    const tries = ctx.retried?.length
      ? ` after ${ctx.retried.length} retr${ctx.retried.length === 1 ? 'y' : 'ies'} (${ctx.retried.join(', ')})`
      : '';
    return new ToolError('TIMEOUT', `The deadline passed while ${ctx.operation}${tries}`, {
      hint: 'Narrow the time range or the query, or raise SENTINEL_MCP_QUERY_TIMEOUT.',
      cause,
    });
  }
  return new ToolError('CANCELLED', `The request was cancelled while ${ctx.operation}`, {
    hint: 'Run it again if you still need the result.',
    cause,
  });
}

const AAD_HINTS: readonly [RegExp, (plan: CredentialPlan | undefined) => string][] = [
  [
    /AADSTS7000215|AADSTS7000222|invalid_client/i,
    (p) =>
      `The client secret was rejected (wrong or expired) for AZURE_CLIENT_ID=${p?.clientId ?? '?'}: create a new secret for the app registration and set AZURE_CLIENT_SECRET.`,
  ],
  [
    /AADSTS700016|unauthorized_client/i,
    (p) =>
      `The application AZURE_CLIENT_ID=${p?.clientId ?? '?'} was not found in tenant ${p?.tenantId ?? '?'}: check AZURE_CLIENT_ID and AZURE_TENANT_ID (and SENTINEL_MCP_CLOUD).`,
  ],
  [
    /AADSTS90002|AADSTS900023|tenant .* not found/i,
    () => 'The tenant was not found: check AZURE_TENANT_ID and SENTINEL_MCP_CLOUD / AZURE_AUTHORITY_HOST.',
  ],
  [
    /AADSTS500011/,
    () =>
      'The token audience is unknown in this tenant: check SENTINEL_MCP_CLOUD, and that the endpoint overrides belong to that cloud.',
  ],
  [
    /AADSTS50076|AADSTS50079|AADSTS50158|interaction_required/i,
    (p) =>
      `The tenant requires an interactive sign-in: run "az login --tenant ${p?.tenantId ?? '<tenant-id>'}" or start with --auth device-code.`,
  ],
];

/** The fix for a credential failure: which sign-in to run, or which variables are missing. */
export function authHint(plan: CredentialPlan | undefined, detail = ''): string {
  for (const [pattern, hint] of AAD_HINTS) if (pattern.test(detail)) return hint(plan);
  const tenant = plan?.tenantId ?? '<tenant-id>';
  if (plan?.kind === 'ClientSecretCredential') {
    return `Check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET for the service principal (tenant ${tenant}).`;
  }
  const missing = plan?.missingForServicePrincipal ?? [
    'AZURE_TENANT_ID',
    'AZURE_CLIENT_ID',
    'AZURE_CLIENT_SECRET',
  ];
  const parts = [
    `Sign in with "az login --tenant ${tenant}" (or "azd auth login", or Connect-AzAccount)`,
    `or use a service principal (set ${missing.join(', ')})`,
    'or start with --auth device-code',
  ];
  if (!plan?.tenantId) parts.push("and set AZURE_TENANT_ID so every credential uses the workspace's tenant");
  return `${parts.join(', ')}.`;
}

function credentialName(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const m = /^(\w+Credential)\b/.exec(message) ?? /\b(\w+Credential)\b/.exec(message);
  return m?.[1] ?? (error instanceof Error ? error.name : 'credential');
}

/** AUTH for a credential failure, naming the credentials tried and the fix. */
const NETWORK_FAILURE = /network_error|ECONNRESET|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|socket hang up|EAI_AGAIN/i;

export function credentialToToolError(error: Error, ctx: ErrorContext): ToolError {
  const plan = ctx.credential;
  const inner = (error as { errors?: unknown[] }).errors;
  let detail: string;
  if (Array.isArray(inner) && inner.length > 0) {
    detail = inner
      .map(
        (e) =>
          `${credentialName(e)}: ${safeText(e instanceof Error ? e.message.replace(/^\w+Credential:?\s*/, '') : String(e), 160)}`,
      )
      .join('; ');
  } else {
    const response = (error as { errorResponse?: { error?: string; errorDescription?: string } })
      .errorResponse;
    detail = safeText(
      response?.errorDescription ? `${response.error ?? ''} ${response.errorDescription}` : error.message,
      300,
    );
  }
  // MSAL wraps Entra's answer in timestamps and trace ids; the AADSTS sentence is what matters.
  const aad = /AADSTS\d+:[^.]*\./.exec(detail)?.[0];
  if (aad && !(Array.isArray(inner) && inner.length > 1)) detail = aad;
  const tried = plan ? `Tried ${plan.description}. ` : '';
  if (NETWORK_FAILURE.test(`${error.message} ${detail}`) && !aad) {
    // The sign-in endpoint did not answer properly (reset, cut or garbled response): not a
    // credentials problem, and worth retrying.
    return new ToolError('UPSTREAM', `The sign-in endpoint failed while ${ctx.operation}: ${detail}`, {
      hint: 'Check the network path to the authority host (proxy, firewall, AZURE_AUTHORITY_HOST), then try again.',
      retryable: true,
      cause: error,
    });
  }
  return new ToolError('AUTH', `Could not get a token while ${ctx.operation}. ${tried}${detail}`, {
    hint: authHint(plan, `${error.message} ${detail}`),
    retryable: false,
    cause: error,
  });
}

function forbidden(error: RestErrorLike, body: WireError | undefined, ctx: ErrorContext): ToolError {
  const text = describe(error, body);
  const action = /perform action '([^']+)'/i.exec(errorMessages(body).join(' ') || error.message)?.[1];
  const permission = action ?? ctx.permission;
  return new ToolError('FORBIDDEN', `Access denied while ${ctx.operation}: ${text}`, {
    hint: permission
      ? `The signed-in identity lacks ${permission} on the workspace: ask for a role that grants it (e.g. Microsoft Sentinel Reader, or Log Analytics Reader for queries); sentinel_authorization_summary shows your roles.`
      : 'Ask for a role on the workspace that grants read access (e.g. Microsoft Sentinel Reader); sentinel_authorization_summary shows your roles.',
    retryable: false,
    cause: error,
  });
}

function fromStatus(error: RestErrorLike, status: number, ctx: ErrorContext): ToolError {
  const body = serviceError(error, ctx.lastErrorBody);
  const codes = codesOf(body);
  const text = describe(error, body);
  const attempts = ctx.attempts && ctx.attempts > 1 ? ` (after ${ctx.attempts} attempts)` : '';
  if (status === 400 || status === 422) {
    if (codes.some((c) => /SyntaxError|^SYN/i.test(c))) {
      return new ToolError('KQL_SYNTAX', `The query has a syntax error: ${text}`, {
        hint: 'Check it with sentinel_query_validate, which gives line and column.',
        cause: error,
      });
    }
    if (codes.some((c) => /SemanticError|^SEM/i.test(c))) {
      return new ToolError('KQL_SEMANTIC', `The query does not fit the workspace: ${text}`, {
        hint: 'Check table and column names with sentinel_logs_table_schema_get, or run sentinel_query_validate.',
        cause: error,
      });
    }
    return new ToolError(
      'INVALID_ARGUMENT',
      `The service rejected the request while ${ctx.operation}: ${text}`,
      {
        cause: error,
      },
    );
  }
  if (status === 401) {
    return new ToolError('AUTH', `The token was rejected while ${ctx.operation}: ${text}`, {
      hint: `${authHint(ctx.credential, text)} If the clock of this machine is wrong, fix it: tokens are time-bound.`,
      retryable: false,
      cause: error,
    });
  }
  if (status === 403) return forbidden(error, body, ctx);
  if (status === 404) {
    return new ToolError('NOT_FOUND', `${ctx.notFound?.what ?? 'The resource'} was not found (${text})`, {
      hint:
        ctx.notFound?.hint ??
        'Check AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP, AZURE_WORKSPACE_NAME and AZURE_WORKSPACE_ID.',
      cause: error,
    });
  }
  if (status === 429) {
    const after = error.response ? retryAfterInMs(error.response.headers) : undefined;
    return new ToolError(
      'THROTTLED',
      `Azure throttled the request while ${ctx.operation}${attempts}: ${text}`,
      {
        hint:
          after !== undefined
            ? `Wait ${Math.ceil(after / 1000)} s before trying again, or run fewer queries at once.`
            : 'Wait a little before trying again, or run fewer queries at once.',
        retryable: true,
        cause: error,
      },
    );
  }
  if (status === 504 || status === 408) {
    return new ToolError('TIMEOUT', `The service timed out while ${ctx.operation}${attempts}: ${text}`, {
      hint: 'Narrow the time range or the query; summarize rather than fetch raw rows.',
      cause: error,
    });
  }
  return new ToolError('UPSTREAM', `Azure answered ${status} while ${ctx.operation}${attempts}: ${text}`, {
    hint:
      status >= 500
        ? 'A service-side failure: try again in a moment.'
        : 'Try again; if it persists, check the endpoint settings.',
    retryable: status >= 500,
    cause: error,
  });
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/i;

function fromNetwork(error: RestErrorLike, ctx: ErrorContext): ToolError {
  const code = error.code ?? '';
  const attempts = ctx.attempts && ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : '';
  if (code === 'PARSE_ERROR') {
    return new ToolError('UPSTREAM', `Azure sent a response that is not valid JSON while ${ctx.operation}`, {
      hint: 'A service or proxy fault: try again; if it persists, check the endpoint settings and any proxy.',
      cause: error,
    });
  }
  if (TLS_CODES.test(code) || TLS_CODES.test(error.message)) {
    return new ToolError(
      'UPSTREAM',
      `The TLS certificate of the endpoint was not trusted while ${ctx.operation} (${safeText(code || error.message, 120)})`,
      {
        hint: 'If a proxy or private endpoint uses its own CA, point NODE_EXTRA_CA_CERTS at the CA certificate (PEM) and restart.',
        retryable: false,
        cause: error,
      },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ToolError('UPSTREAM', `The endpoint's host name did not resolve while ${ctx.operation}`, {
      hint: 'Check SENTINEL_MCP_CLOUD and the SENTINEL_MCP_*_ENDPOINT settings, DNS and proxy (HTTPS_PROXY).',
      cause: error,
    });
  }
  return new ToolError(
    'UPSTREAM',
    `The connection to Azure failed${attempts} while ${ctx.operation}: ${safeText(code || error.message, 200)}`,
    {
      hint: 'A network fault (reset, refused or timed-out connection): try again; check the network and any proxy if it persists.',
      cause: error,
    },
  );
}

/** Maps anything an Azure call threw to a ToolError. */
export function toAzureToolError(error: unknown, ctx: ErrorContext): ToolError {
  if (error instanceof ToolError) return error;
  if (isAbortError(error) || ctx.signal?.aborted) return abortToToolError(ctx, error);
  if (isCredentialError(error)) return credentialToToolError(error, ctx);
  if (isRestError(error)) {
    const status = error.statusCode ?? error.response?.status;
    if (!error.code && status === undefined) {
      return new ToolError(
        'UPSTREAM',
        `Azure sent an unexpected response while ${ctx.operation}: ${safeText(error.message, 200)}`,
        {
          hint: 'A service or proxy fault: try again; if it persists, check the endpoint settings.',
          cause: error,
        },
      );
    }
    if (error.code === 'PARSE_ERROR' || status === undefined || status < 400) return fromNetwork(error, ctx);
    return fromStatus(error, status, ctx);
  }
  if (error instanceof SyntaxError || error instanceof TypeError) {
    return new ToolError('UPSTREAM', `Azure sent a response that could not be read while ${ctx.operation}`, {
      hint: 'A service or proxy fault: try again; if it persists, check the endpoint settings.',
      cause: error,
    });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof Error && typeof code === 'string') return fromNetwork(error as RestErrorLike, ctx);
  const message = error instanceof Error ? error.message : String(error);
  return new ToolError('UPSTREAM', `Unexpected failure while ${ctx.operation}: ${safeText(message, 200)}`, {
    hint: 'Try again; the server log (stderr) has the details.',
    cause: error,
  });
}
