// One Azure session per backend: the SDK modules, the endpoints, the credential, the clients (all
// sharing the credential and the pipeline configuration), and `run()`, which gives each backend call
// its AbortSignal, deadline and error mapping.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights';
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { SecurityInsights } from '@azure/arm-securityinsight';
import type { HttpClient, Pipeline } from '@azure/core-rest-pipeline';

type CoreRestPipeline = typeof import('@azure/core-rest-pipeline');

/** A pipeline for plain REST calls to one service (what the SDK clients do not cover). */
export interface BearerPipeline {
  core: CoreRestPipeline;
  pipeline: Pipeline;
  httpClient: HttpClient;
}
import type { TokenCredential } from '@azure/identity';
import type { LogsQueryClient } from '@azure/monitor-query-logs';
import type { AzureSettings } from '../../config.js';
import { ToolError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from '../../util/retry.js';
import type { CallOptions } from '../backend.js';
import { resolveEndpoints, type ResolvedEndpoints } from './clouds.js';
import { createCredential, planCredential, type AzureAuthMode, type CredentialPlan } from './credential.js';
import { safeText, toAzureToolError, type ErrorContext } from './errors.js';
import { configurePipeline, type AzureCallContext } from './pipeline.js';
import { azureSdkExtras, loadAzureSdk, type AzureSdk, type AzureSdkExtras } from './sdk.js';

/** api-version for Microsoft.SecurityInsights (the SDK's default is 2022-09-01-preview). */
export const SECURITY_INSIGHTS_API_VERSION = '2024-09-01';

export type AzureBackendSettings = AzureSettings & { auth?: AzureAuthMode };

export interface AzureSessionOptions {
  settings: AzureBackendSettings;
  /** The deadline of a call when the caller gives none (the tool timeout). */
  queryTimeoutMs: number;
  logger: Logger;
  /** Tests: a credential instead of the one the settings choose. */
  credential?: TokenCredential;
  /** Tests: the HTTP client every SDK client (and the credential) sends through. */
  httpClient?: HttpClient;
  /** A CA to trust besides the system's (PEM), for every client and the credential (else NODE_EXTRA_CA_CERTS). */
  tlsOptions?: { ca: string };
  retry?: Partial<RetryOptions>;
  /** Where device-code sign-in instructions go (default: stderr). */
  prompt?: (message: string) => void;
}

/** The ARM coordinates of the workspace. */
export interface ArmWorkspace {
  subscriptionId: string;
  resourceGroup: string;
  workspaceName: string;
  /** `/subscriptions/.../workspaces/{name}` */
  resourceId: string;
}

export interface RunOptions extends CallOptions {
  /** Epoch ms; default now + queryTimeoutMs. */
  deadline?: number;
  /** The call's POST requests are reads and may be retried (Logs queries). */
  retryUnsafeMethods?: boolean;
  /** Keep the final body (see pipeline.ts); the SDK gets `stubBody` instead. */
  captureBody?: { stubBody: string };
}

/**
 * The call's deadline when the caller passes one (`deadline`, epoch ms, as in ToolContext), else
 * nothing and the backend uses now + the query timeout. CallOptions does not declare it yet.
 */
export function deadlineOf(options: CallOptions): { deadline?: number } {
  const deadline = (options as CallOptions & { deadline?: unknown }).deadline;
  return typeof deadline === 'number' && Number.isFinite(deadline) ? { deadline } : {};
}

export class AzureSession {
  readonly endpoints: ResolvedEndpoints;
  readonly credential: TokenCredential;
  readonly plan: CredentialPlan;
  readonly logs: LogsQueryClient;
  private readonly calls = new AsyncLocalStorage<AzureCallContext>();
  private readonly retry: RetryOptions;
  private readonly extras: AzureSdkExtras = azureSdkExtras();
  private arm: OperationalInsightsManagementClient | undefined;
  private securityInsightsClient: Promise<SecurityInsights> | undefined;
  private authorizationClient: Promise<AuthorizationManagementClient> | undefined;
  private readonly bearerPipelines = new Map<string, Promise<BearerPipeline>>();

  private constructor(
    readonly sdk: AzureSdk,
    readonly options: AzureSessionOptions,
  ) {
    this.endpoints = resolveEndpoints(options.settings);
    this.retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
    if (options.credential) {
      this.credential = options.credential;
      this.plan = planCredential(options.settings);
    } else {
      const made = createCredential(sdk.identity, options.settings, this.endpoints, {
        ...(options.prompt ? { prompt: options.prompt } : {}),
        ...(options.httpClient ? { httpClient: options.httpClient } : {}),
        ...(options.tlsOptions ? { tlsOptions: options.tlsOptions } : {}),
      });
      this.credential = made.credential;
      this.plan = made.plan;
    }
    this.logs = new sdk.logs.LogsQueryClient(this.credential, {
      endpoint: `${this.endpoints.logs}/v1`,
      credentials: { scopes: [this.endpoints.scopes.logs] },
      ...this.commonClientOptions(),
    });
    this.configure(this.logs.pipeline);
  }

  /** Loads the SDK (dynamic import) and builds the clients; no network I/O. */
  static async open(options: AzureSessionOptions): Promise<AzureSession> {
    return new AzureSession(await loadAzureSdk(), options);
  }

  get settings(): AzureBackendSettings {
    return this.options.settings;
  }

  private commonClientOptions() {
    return {
      retryOptions: { maxRetries: 0 },
      userAgentOptions: { userAgentPrefix: 'sentinel-mcp' },
      ...(this.options.httpClient ? { httpClient: this.options.httpClient } : {}),
      ...(this.options.tlsOptions ? { tlsOptions: this.options.tlsOptions } : {}),
    };
  }

  /** Gives a pipeline our retries, Retry-After, deadline and abort handling (the Graph client's too). */
  configure(pipeline: Pipeline): void {
    configurePipeline(pipeline, { calls: this.calls, retry: this.retry, logger: this.options.logger });
  }

  /** The workspace's ARM coordinates, or INVALID_ARGUMENT naming the missing settings. */
  armWorkspace(what = 'This needs'): ArmWorkspace {
    const s = this.settings;
    const missing = [
      ['AZURE_SUBSCRIPTION_ID', s.subscriptionId],
      ['AZURE_RESOURCE_GROUP', s.resourceGroup],
      ['AZURE_WORKSPACE_NAME', s.workspaceName],
    ]
      .filter(([, v]) => !v)
      .map(([k]) => k!);
    if (missing.length) {
      throw new ToolError(
        'INVALID_ARGUMENT',
        `${what} the workspace's ARM coordinates; ${missing.join(', ')} not set`,
        {
          hint: `Set ${missing.join(', ')} (the workspace's subscription, resource group and name).`,
          retryable: false,
          details: { missingSettings: missing },
        },
      );
    }
    return {
      subscriptionId: s.subscriptionId!,
      resourceGroup: s.resourceGroup!,
      workspaceName: s.workspaceName!,
      resourceId:
        `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}` +
        `/providers/Microsoft.OperationalInsights/workspaces/${s.workspaceName}`,
    };
  }

  hasArmCoordinates(): boolean {
    const s = this.settings;
    return Boolean(s.subscriptionId && s.resourceGroup && s.workspaceName);
  }

  operationalInsights(): OperationalInsightsManagementClient {
    if (!this.arm) {
      const { subscriptionId } = this.armWorkspace();
      this.arm = new this.sdk.operationalInsights.OperationalInsightsManagementClient(
        this.credential,
        subscriptionId,
        {
          endpoint: this.endpoints.arm,
          credentials: { scopes: [this.endpoints.scopes.arm] },
          ...this.commonClientOptions(),
        },
      );
      this.configure(this.arm.pipeline);
    }
    return this.arm;
  }

  securityInsights(): Promise<SecurityInsights> {
    this.securityInsightsClient ??= this.extras.securityInsight().then((m) => {
      const { subscriptionId } = this.armWorkspace();
      const client = new m.SecurityInsights(this.credential, subscriptionId, {
        endpoint: this.endpoints.arm,
        credentialScopes: [this.endpoints.scopes.arm],
        apiVersion: SECURITY_INSIGHTS_API_VERSION,
        ...this.commonClientOptions(),
      });
      this.configure(client.pipeline);
      return client;
    });
    return this.securityInsightsClient.catch((error: unknown) => {
      this.securityInsightsClient = undefined;
      throw error;
    });
  }

  authorization(): Promise<AuthorizationManagementClient> {
    this.authorizationClient ??= this.extras.authorization().then((m) => {
      const { subscriptionId } = this.armWorkspace();
      const client = new m.AuthorizationManagementClient(this.credential, subscriptionId, {
        endpoint: this.endpoints.arm,
        credentialScopes: [this.endpoints.scopes.arm],
        ...this.commonClientOptions(),
      });
      this.configure(client.pipeline);
      return client;
    });
    return this.authorizationClient.catch((error: unknown) => {
      this.authorizationClient = undefined;
      throw error;
    });
  }

  /**
   * A core-rest-pipeline for plain REST calls with a bearer token for `scope`: the same retries,
   * deadline and cancellation as the SDK clients (configure), and no redirects (a redirect would carry
   * the token wherever it points). One per scope, made on first use.
   */
  bearerPipeline(scope: string): Promise<BearerPipeline> {
    let made = this.bearerPipelines.get(scope);
    if (!made) {
      made = import('@azure/core-rest-pipeline').then((core) => {
        const { tlsOptions, httpClient } = this.options;
        const pipeline = core.createPipelineFromOptions({
          userAgentOptions: { userAgentPrefix: 'sentinel-mcp' },
          redirectOptions: { maxRetries: 0 },
          ...(tlsOptions ? { tlsOptions: { ca: tlsOptions.ca } } : {}),
        });
        pipeline.addPolicy(
          core.bearerTokenAuthenticationPolicy({ credential: this.credential, scopes: scope }),
        );
        this.configure(pipeline);
        return { core, pipeline, httpClient: httpClient ?? core.createDefaultHttpClient() };
      });
      made.catch(() => this.bearerPipelines.delete(scope));
      this.bearerPipelines.set(scope, made);
    }
    return made;
  }

  /**
   * Runs one backend call: its AbortSignal (the caller's, plus the deadline), the call context the
   * pipeline policy reads, and error mapping. `fn` gets the signal to pass to SDK calls.
   */
  async run<T>(
    context: Omit<
      ErrorContext,
      'signal' | 'deadline' | 'credential' | 'attempts' | 'retried' | 'lastErrorBody'
    >,
    options: RunOptions,
    fn: (signal: AbortSignal, call: AzureCallContext) => Promise<T>,
  ): Promise<T> {
    const deadline = options.deadline ?? Date.now() + this.options.queryTimeoutMs;
    const remaining = Math.max(1, deadline - Date.now());
    const signals = [AbortSignal.timeout(remaining)];
    if (options.abortSignal) signals.unshift(options.abortSignal);
    const signal = signals.length === 1 ? signals[0]! : AbortSignal.any(signals);
    const call: AzureCallContext = {
      signal,
      deadline,
      retryUnsafeMethods: options.retryUnsafeMethods ?? false,
      ...(options.captureBody ? { capture: { stubBody: options.captureBody.stubBody } } : {}),
      attempts: 0,
      retried: [],
    };
    try {
      signal.throwIfAborted();
      return await this.calls.run(call, () => fn(signal, call));
    } catch (error) {
      const mapped = toAzureToolError(error, {
        ...context,
        signal,
        deadline,
        credential: this.plan,
        attempts: call.attempts,
        retried: call.retried,
        ...(call.lastErrorBody !== undefined ? { lastErrorBody: call.lastErrorBody } : {}),
      });
      if (mapped.code === 'UPSTREAM' && !(error instanceof ToolError)) {
        // Not the error object itself: SDK errors can hold requests; the redacted message is enough.
        const e = error as { name?: unknown; code?: unknown; message?: unknown; stack?: unknown };
        this.options.logger.warn(
          {
            operation: context.operation,
            name: e?.name,
            code: e?.code,
            message: safeText(String(e?.message ?? error), 500),
            stack: typeof e?.stack === 'string' ? safeText(e.stack, 2000) : undefined,
          },
          'Azure call failed',
        );
      }
      throw mapped;
    }
  }

  /** A token for a service (ARM by default), through the credential. */
  async token(scope: string = this.endpoints.scopes.arm, options: CallOptions = {}): Promise<string> {
    const token = await this.credential.getToken(
      scope,
      options.abortSignal ? { abortSignal: options.abortSignal } : {},
    );
    if (!token) throw new ToolError('AUTH', 'The credential returned no token', { hint: 'Sign in again.' });
    return token.token;
  }
}
