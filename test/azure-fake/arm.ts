// What every ARM route shares: api-version checks, the subscription / resource group / workspace lookup
// with ARM's 404 bodies, response headers, and `value` + `nextLink` paging.
import { armError } from './errors.js';
import { header, json, newRequestId, type FakeContext, type FakeRequest, type FakeResponse } from './http.js';

/** Microsoft.SecurityInsights api-versions (stable and preview) ARM accepts for its resource types. */
const SECURITY_INSIGHTS_VERSIONS = [
  '2022-09-01-preview',
  '2022-11-01',
  '2023-02-01',
  '2023-11-01',
  '2024-01-01-preview',
  '2024-03-01',
  '2024-09-01',
  '2025-06-01',
  '2025-09-01',
] as const;

/** api-versions ARM accepts per resource type (the SDKs' defaults among them). */
export const API_VERSIONS = {
  workspaces: [
    '2015-11-01-preview',
    '2020-03-01-preview',
    '2020-08-01',
    '2020-10-01',
    '2021-06-01',
    '2022-10-01',
    '2023-09-01',
    '2025-02-01',
    '2025-07-01',
  ],
  'workspaces/tables': [
    '2017-04-26-preview',
    '2020-03-01-preview',
    '2020-08-01',
    '2021-12-01-preview',
    '2022-10-01',
    '2023-09-01',
    '2025-02-01',
    '2025-07-01',
  ],
  onboardingStates: [
    '2021-03-01-preview',
    '2022-09-01-preview',
    '2023-02-01',
    '2024-03-01',
    '2024-09-01',
    '2025-06-01',
    '2025-09-01',
  ],
  // Sentinel objects (arm-objects.ts).
  incidents: SECURITY_INSIGHTS_VERSIONS,
  alertRules: SECURITY_INSIGHTS_VERSIONS,
  alertRuleTemplates: SECURITY_INSIGHTS_VERSIONS,
  watchlists: SECURITY_INSIGHTS_VERSIONS,
  dataConnectors: SECURITY_INSIGHTS_VERSIONS,
  sourcecontrols: SECURITY_INSIGHTS_VERSIONS,
  metadata: SECURITY_INSIGHTS_VERSIONS,
  securityMLAnalyticsSettings: SECURITY_INSIGHTS_VERSIONS,
  threatIntelligence: SECURITY_INSIGHTS_VERSIONS,
  bookmarks: SECURITY_INSIGHTS_VERSIONS,
  'workspaces/savedSearches': ['2015-03-20', '2020-03-01-preview', '2020-08-01', '2025-02-01', '2025-07-01'],
  'workspaces/summaryLogs': ['2023-01-01-preview', '2025-02-01', '2025-07-01'],
  workbooks: ['2021-03-08', '2021-08-01', '2022-04-01', '2023-06-01'],
  dataCollectionRules: ['2021-04-01', '2022-06-01', '2023-03-11', '2024-03-11'],
  dataCollectionEndpoints: ['2021-04-01', '2022-06-01', '2023-03-11', '2024-03-11'],
} as const;

export type ArmResourceType = keyof typeof API_VERSIONS;

const API_VERSION_FORMAT = /^\d{4}-\d{2}-\d{2}(-(preview|alpha|beta|privatepreview))?$/;

/** ARM's answer to a missing, malformed or unsupported api-version; undefined when it is fine. */
export function checkApiVersion(
  request: FakeRequest,
  type: ArmResourceType,
  location: string,
): FakeResponse | undefined {
  const version = request.query.get('api-version');
  if (!version) {
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  const supported: readonly string[] = API_VERSIONS[type];
  if (!API_VERSION_FORMAT.test(version)) {
    return armError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid. The supported versions are '${supported.join(',')}'.`,
    );
  }
  if (!supported.includes(version)) {
    return armError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${location}' and API version '${version}' for type ` +
        `'${type}'. The supported api-versions are '${supported.join(', ')}'. The supported locations are '${location}'.`,
    );
  }
  return undefined;
}

/** The 404 ARM gives when the subscription, resource group or workspace in the path is not the fake's. */
export function checkWorkspacePath(request: FakeRequest, context: FakeContext): FakeResponse | undefined {
  const { identity } = context;
  const same = (a: string | undefined, b: string): boolean => a?.toLowerCase() === b.toLowerCase();
  const subscription = request.params['subscriptionId'];
  if (!same(subscription, identity.subscriptionId)) {
    return armError(
      404,
      'SubscriptionNotFound',
      `The subscription '${subscription ?? ''}' could not be found.`,
    );
  }
  const group = request.params['resourceGroup'];
  if (!same(group, identity.resourceGroup)) {
    return armError(404, 'ResourceGroupNotFound', `Resource group '${group ?? ''}' could not be found.`);
  }
  const workspace = request.params['workspaceName'];
  if (!same(workspace, identity.workspaceName)) {
    return armError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.OperationalInsights/workspaces/${workspace ?? ''}' under resource group '${group ?? ''}' ` +
        'was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix',
    );
  }
  return undefined;
}

/** Canonical ARM id of the workspace. */
export function workspaceResourceId(context: FakeContext): string {
  const { subscriptionId, resourceGroup, workspaceName } = context.identity;
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${workspaceName}`;
}

export function armHeaders(request: FakeRequest): Record<string, string> {
  const requestId = newRequestId();
  return {
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': header(request, 'x-ms-correlation-request-id') ?? requestId,
    'x-ms-ratelimit-remaining-subscription-reads': '11999',
    'cache-control': 'no-cache',
  };
}

export function armOk(request: FakeRequest, body: unknown): FakeResponse {
  return json(200, body, armHeaders(request));
}

/**
 * One page of a list: `value`, and `nextLink` (same URL with `$skipToken`) while more remain. Pages
 * hold `size` items (default: armPageSize).
 */
export function armPage<T>(
  request: FakeRequest,
  context: FakeContext,
  items: T[],
  pageSize = context.armPageSize,
): { value: T[]; nextLink?: string } {
  const skip = Math.max(0, Number.parseInt(request.query.get('$skipToken') ?? '0', 10) || 0);
  const size = Math.max(1, pageSize);
  const value = items.slice(skip, skip + size);
  if (skip + size >= items.length) return { value };
  const next = new URL(request.url.pathname, context.origin);
  for (const [key, val] of request.query) if (key !== '$skipToken') next.searchParams.append(key, val);
  next.searchParams.set('$skipToken', String(skip + size));
  return { value, nextLink: next.toString() };
}
