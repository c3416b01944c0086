// The one credential the server uses for its whole life (tokens are cached and refreshed by
// @azure/identity and the SDK's bearer policies):
// - ClientSecretCredential when tenant, client id and secret are all set;
// - DefaultAzureCredential otherwise (environment, workload identity, managed identity, VS Code,
//   Azure CLI, Azure PowerShell, Azure Developer CLI);
// - with `auth: device-code | browser`, that interactive credential as a fallback when the first
//   one has nothing to offer.
// AZURE_TENANT_ID is passed explicitly to every credential (so `az` is asked for a token of the
// workspace's tenant, not of whatever tenant it logged in to last), and a custom authority host gets
// `disableInstanceDiscovery: true` (Azure Stack, private clouds and the test fake; instance
// discovery would go to login.microsoftonline.com and fail).
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import type { AzureSettings } from '../../config.js';
import type { ResolvedEndpoints } from './clouds.js';
import type { AzureSdk } from './sdk.js';

/** `--auth` / SENTINEL_MCP_AUTH: the default chain, or an interactive fallback. */
export type AzureAuthMode = AzureSettings['auth'];

/** The settings the credential reads. */
export type CredentialSettings = Pick<AzureSettings, 'tenantId' | 'clientId' | 'clientSecret'> & {
  auth?: AzureAuthMode;
};

export const DEFAULT_CHAIN = [
  'EnvironmentCredential',
  'WorkloadIdentityCredential',
  'ManagedIdentityCredential',
  'VisualStudioCodeCredential',
  'AzureCliCredential',
  'AzurePowerShellCredential',
  'AzureDeveloperCliCredential',
] as const;

/** How the credential was chosen, for messages (never holds the secret). */
export interface CredentialPlan {
  kind: 'ClientSecretCredential' | 'DefaultAzureCredential';
  interactive?: 'DeviceCodeCredential' | 'InteractiveBrowserCredential';
  tenantId?: string;
  clientId?: string;
  /** Service principal variables that are not set (for hints: what a service principal would need). */
  missingForServicePrincipal: string[];
  /** AZURE_CLIENT_SECRET is set but the tenant or client id is not: a configuration mistake. */
  partialServicePrincipal: boolean;
  /** e.g. `DefaultAzureCredential (EnvironmentCredential, ..., AzureDeveloperCliCredential) for tenant x` */
  description: string;
}

/** Picks the credential for the settings; pure, so that messages and tests can use it. */
export function planCredential(settings: CredentialSettings): CredentialPlan {
  const sp = {
    AZURE_TENANT_ID: settings.tenantId,
    AZURE_CLIENT_ID: settings.clientId,
    AZURE_CLIENT_SECRET: settings.clientSecret,
  };
  const missing = Object.entries(sp)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  const auth = settings.auth ?? 'default';
  const interactive =
    auth === 'device-code'
      ? ('DeviceCodeCredential' as const)
      : auth === 'browser'
        ? ('InteractiveBrowserCredential' as const)
        : undefined;
  const tenant = settings.tenantId
    ? ` for tenant ${settings.tenantId}`
    : " (no AZURE_TENANT_ID: each credential's default tenant)";
  const then = interactive ? `, then ${interactive}` : '';
  if (missing.length === 0) {
    return {
      kind: 'ClientSecretCredential',
      ...(interactive ? { interactive } : {}),
      tenantId: settings.tenantId!,
      clientId: settings.clientId!,
      missingForServicePrincipal: [],
      partialServicePrincipal: false,
      description: `ClientSecretCredential (client ${settings.clientId})${then}${tenant}`,
    };
  }
  return {
    kind: 'DefaultAzureCredential',
    ...(interactive ? { interactive } : {}),
    ...(settings.tenantId ? { tenantId: settings.tenantId } : {}),
    ...(settings.clientId ? { clientId: settings.clientId } : {}),
    missingForServicePrincipal: missing,
    partialServicePrincipal: Boolean(settings.clientSecret),
    description: `DefaultAzureCredential (${DEFAULT_CHAIN.join(', ')})${then}${tenant}`,
  };
}

export interface CredentialOptions {
  /** Where device-code instructions go; never stdout (it is the MCP stdio transport). */
  prompt?: (message: string) => void;
  /** Tests: the HTTP client identity's own requests use. */
  httpClient?: HttpClient;
  /** A CA to trust for the authority host (else NODE_EXTRA_CA_CERTS). */
  tlsOptions?: { ca: string };
}

/** Errors that mean "this credential has nothing to offer", after which a fallback may try. */
function isUnavailable(error: unknown): boolean {
  return (
    error instanceof Error &&
    ['CredentialUnavailableError', 'AggregateAuthenticationError', 'AuthenticationRequiredError'].includes(
      error.name,
    )
  );
}

/** Tries `primary`; when it is unavailable, `fallback` (and keeps using the fallback once it worked). */
class FallbackCredential implements TokenCredential {
  private useFallback = false;

  constructor(
    private readonly primary: TokenCredential,
    private readonly fallback: TokenCredential,
    private readonly aggregate: (errors: unknown[], message: string) => Error,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    let first: unknown;
    if (!this.useFallback) {
      try {
        return await this.primary.getToken(scopes, options);
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        first = error;
      }
    }
    try {
      const token = await this.fallback.getToken(scopes, options);
      this.useFallback = true;
      return token;
    } catch (error) {
      if (first === undefined) throw error;
      const inner = (first as { errors?: unknown[] }).errors;
      throw this.aggregate(
        [...(Array.isArray(inner) ? inner : [first]), error],
        'No credential could get a token.',
      );
    }
  }
}

/** Builds the credential the plan describes. */
export function createCredential(
  identity: AzureSdk['identity'],
  settings: CredentialSettings,
  endpoints: ResolvedEndpoints,
  options: CredentialOptions = {},
): { credential: TokenCredential; plan: CredentialPlan } {
  const plan = planCredential(settings);
  const common = {
    authorityHost: endpoints.authorityHost,
    ...(endpoints.customAuthority ? { disableInstanceDiscovery: true } : {}),
    ...(options.httpClient ? { httpClient: options.httpClient } : {}),
    ...(options.tlsOptions ? { tlsOptions: options.tlsOptions } : {}),
  };
  const tenant = settings.tenantId ? { tenantId: settings.tenantId } : {};
  let credential: TokenCredential =
    plan.kind === 'ClientSecretCredential'
      ? new identity.ClientSecretCredential(
          settings.tenantId!,
          settings.clientId!,
          settings.clientSecret!,
          common,
        )
      : new identity.DefaultAzureCredential({
          ...common,
          ...tenant,
          ...(settings.clientId
            ? { managedIdentityClientId: settings.clientId, workloadIdentityClientId: settings.clientId }
            : {}),
        });
  if (plan.interactive) {
    const prompt = options.prompt ?? ((message: string) => process.stderr.write(`${message}\n`));
    const interactive: TokenCredential =
      plan.interactive === 'DeviceCodeCredential'
        ? new identity.DeviceCodeCredential({
            ...common,
            ...tenant,
            ...(settings.clientId && !settings.clientSecret ? { clientId: settings.clientId } : {}),
            userPromptCallback: (info) => prompt(info.message),
          })
        : new identity.InteractiveBrowserCredential({
            ...common,
            ...tenant,
            ...(settings.clientId && !settings.clientSecret ? { clientId: settings.clientId } : {}),
          });
    credential = new FallbackCredential(
      credential,
      interactive,
      (errors, message) => new identity.AggregateAuthenticationError(errors, message),
    );
  }
  return { credential: new AbortableCredential(credential), plan };
}

/**
 * Ends a token request when the call's signal aborts (cancellation or the tool's deadline):
 * MSAL does not honour abortSignal, so a stalled sign-in endpoint would otherwise hold the call.
 */
class AbortableCredential implements TokenCredential {
  constructor(private readonly inner: TokenCredential) {}

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const signal = options?.abortSignal;
    const request = this.inner.getToken(scopes, options);
    if (!signal) return request;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const error = new Error('The token request was cancelled');
        error.name = 'AbortError';
        reject(error);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      request.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }
}

/** The claims of a JWT access token we may show or filter by (never the token itself). */
export interface TokenClaims {
  oid?: string;
  tid?: string;
  upn?: string;
  appid?: string;
  name?: string;
  idtyp?: string;
  exp?: number;
}

/** Reads the payload of a JWT without verifying it (we only use it to ask ARM, never to decide access). */
export function tokenClaims(token: string): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const text = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : undefined);
    const claims: TokenClaims = {};
    const oid = text('oid');
    const tid = text('tid');
    const upn = text('upn') ?? text('unique_name') ?? text('preferred_username');
    const appid = text('appid') ?? text('azp');
    const name = text('name');
    const idtyp = text('idtyp');
    if (oid) claims.oid = oid;
    if (tid) claims.tid = tid;
    if (upn) claims.upn = upn;
    if (appid) claims.appid = appid;
    if (name) claims.name = name;
    if (idtyp) claims.idtyp = idtyp;
    if (typeof payload.exp === 'number') claims.exp = payload.exp;
    return claims;
  } catch {
    return undefined;
  }
}
