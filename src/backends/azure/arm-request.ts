// ARM requests the SDK packages we ship do not cover (Microsoft.Insights workbooks, data collection
// rules and endpoints), and the one check every ARM next-page link passes before it is followed.
//
// The requests go through a pipeline of the SDK's own @azure/core-rest-pipeline (a dependency
// already) with the session's credential asking for the configured cloud's ARM scope, and the
// session's pipeline configuration (session.configure): the same retries (429/5xx, Retry-After),
// deadline, cancellation and error mapping as every SDK call. Adding @azure/arm-monitor and
// @azure/arm-appinsights instead would bring two more SDKs (and their model layers, which drop
// properties they do not know) for three GETs.
//
// Links: a `nextLink` (from a response, or inside a cursor a caller hands back) is followed only
// when it is on the configured ARM endpoint (or the cloud's own ARM host, rewritten to the
// endpoint) and on the collection's own path; the bearer token never goes anywhere else.
import type { PipelineResponse } from '@azure/core-rest-pipeline';
import { CLOUD_PROFILES } from './clouds.js';
import type { AzureSession, BearerPipeline } from './session.js';

export class ArmClient {
  constructor(private readonly session: AzureSession) {}

  /** `https://management.azure.com` or the SENTINEL_MCP_ARM_ENDPOINT override (may carry a path). */
  get base(): string {
    return this.session.endpoints.arm;
  }

  /** The absolute URL of an ARM path (already percent-encoded) with its query parameters. */
  url(path: string, query: Record<string, string>): string {
    const url = new URL(`${this.base}${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return url.toString();
  }

  private load(): Promise<BearerPipeline> {
    return this.session.bearerPipeline(this.session.endpoints.scopes.arm);
  }

  /**
   * GET an ARM URL (inside session.run, which gives the call its deadline and retries) and parse its
   * JSON; a status of 400 or more throws a RestError that errors.ts maps like any SDK failure.
   */
  async getJson(url: string, signal: AbortSignal): Promise<unknown> {
    const { core, pipeline, httpClient } = await this.load();
    const request = core.createPipelineRequest({
      url,
      method: 'GET',
      headers: core.createHttpHeaders({ accept: 'application/json' }),
      abortSignal: signal,
    });
    const response: PipelineResponse = await pipeline.sendRequest(httpClient, request);
    if (response.status >= 400) {
      throw new core.RestError(`ARM answered ${response.status}`, {
        statusCode: response.status,
        request: response.request,
        response,
      });
    }
    return JSON.parse(response.bodyAsText ?? '') as unknown;
  }

  /**
   * The link as it may be followed: absolute https, on the configured ARM endpoint (or the cloud's
   * own ARM host, rewritten to the endpoint), without credentials or fragment, and on
   * `expectedPath` (the collection's path, compared ignoring case as ARM does); else undefined.
   */
  followable(link: string, expectedPath: string): string | undefined {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return undefined;
    }
    if (url.protocol !== 'https:' || url.username || url.password || url.hash) return undefined;
    const base = new URL(this.base);
    const cloud = new URL(CLOUD_PROFILES[this.session.endpoints.cloud].arm);
    const basePath = base.pathname.replace(/\/+$/, '');
    let path: string;
    if (url.origin === base.origin && url.pathname.toLowerCase().startsWith(basePath.toLowerCase())) {
      path = url.pathname.slice(basePath.length);
    } else if (url.origin === cloud.origin) {
      path = url.pathname;
    } else {
      return undefined;
    }
    if (comparable(path) !== comparable(expectedPath)) return undefined;
    return `${base.origin}${basePath}${path}${url.search}`;
  }
}

/** A path as ARM compares it: percent-decoded, without a trailing slash, ignoring case. */
function comparable(path: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    decoded = path;
  }
  return decoded.replace(/\/+$/, '').toLowerCase();
}

const clients = new WeakMap<AzureSession, ArmClient>();

/** The session's generic ARM client (one pipeline per session). */
export function armClient(session: AzureSession): ArmClient {
  let client = clients.get(session);
  if (!client) {
    client = new ArmClient(session);
    clients.set(session, client);
  }
  return client;
}
