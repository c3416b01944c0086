// Entra ID endpoints as MSAL (under @azure/identity's ClientSecretCredential, with a custom authority
// host and disableInstanceDiscovery) calls them: OpenID discovery, then the v2.0 token endpoint with the
// client_credentials grant. Errors carry the AADSTS codes Entra returns for each mistake.
import { timingSafeEqual } from 'node:crypto';
import { aadError } from './errors.js';
import { json, newRequestId, type FakeContext, type FakeRequest, type FakeResponse } from './http.js';
import type { Route } from './router.js';

function unknownTenant(tenant: string): FakeResponse {
  return aadError(
    400,
    'invalid_tenant',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the ` +
      'correct cloud. Check with your subscription administrator, this may happen if there are no active ' +
      'subscriptions for the tenant.',
  );
}

function tenantMatches(request: FakeRequest, context: FakeContext): boolean {
  return request.params['tenant']?.toLowerCase() === context.identity.tenantId.toLowerCase();
}

function openIdConfiguration(request: FakeRequest, context: FakeContext): FakeResponse {
  const tenant = request.params['tenant'] ?? '';
  if (!tenantMatches(request, context)) return unknownTenant(tenant);
  const base = `${context.origin}/${context.identity.tenantId}`;
  return json(200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${context.origin}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'tid', 'ver', 'oid'],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'NA',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  });
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function issueToken(request: FakeRequest, context: FakeContext): FakeResponse {
  const { identity } = context;
  if (!tenantMatches(request, context)) return unknownTenant(request.params['tenant'] ?? '');
  const form = new URLSearchParams(request.body);
  const grant = form.get('grant_type') ?? '';
  if (grant !== 'client_credentials') {
    return aadError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grant}'.`,
    );
  }
  const clientId = form.get('client_id') ?? '';
  if (clientId.toLowerCase() !== identity.clientId.toLowerCase()) {
    return aadError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${identity.tenantId}'. This can ` +
        'happen if the application has not been installed by the administrator of the tenant or consented to by ' +
        'any user in the tenant. You may have sent your authentication request to the wrong tenant.',
    );
  }
  const secret = form.get('client_secret');
  if (secret === null) {
    return aadError(
      401,
      'invalid_client',
      7000216,
      "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
    );
  }
  if (!sameSecret(secret, identity.clientSecret)) {
    return aadError(
      401,
      'invalid_client',
      7000215,
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, ' +
        `not the client secret ID, for a secret added to app '${identity.clientId}'.`,
    );
  }
  const scope = form.get('scope');
  if (!scope) {
    return aadError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'scope'.",
    );
  }
  const resourceScopes = scope.split(' ').filter((s) => !['openid', 'profile', 'offline_access'].includes(s));
  const bad = resourceScopes.find((s) => !s.endsWith('/.default'));
  if (bad !== undefined || resourceScopes.length !== 1) {
    return aadError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${bad ?? scope} is not valid. Client credential flows must have a scope value ` +
        'with /.default suffixed to the resource identifier (application ID URI).',
    );
  }
  const token = context.tokens.issue(clientId, resourceScopes[0] ?? scope);
  return json(
    200,
    {
      token_type: 'Bearer',
      expires_in: context.tokens.lifetime,
      ext_expires_in: context.tokens.lifetime,
      access_token: token.accessToken,
    },
    { 'x-ms-request-id': newRequestId(), 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
  );
}

const TENANT = '^/(?<tenant>[^/]+)';

export const tokenRoutes: Route[] = [
  {
    name: 'token.discovery',
    family: 'token',
    method: 'GET',
    pattern: new RegExp(`${TENANT}/v2\\.0/\\.well-known/openid-configuration$`),
    auth: false,
    action: 'openid-configuration',
    handle: openIdConfiguration,
  },
  {
    name: 'token.keys',
    family: 'token',
    method: 'GET',
    pattern: new RegExp(`${TENANT}/discovery/v2\\.0/keys$`),
    auth: false,
    action: 'keys',
    handle: () => json(200, { keys: [] }),
  },
  {
    name: 'token',
    family: 'token',
    method: 'POST',
    pattern: new RegExp(`${TENANT}/oauth2/v2\\.0/token$`),
    auth: false,
    action: 'token',
    handle: issueToken,
  },
];
