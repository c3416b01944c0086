// Clouds, endpoints and token scopes; which credential the settings choose; the client-secret token
// flow against a custom authority (instance discovery off) and what a wrong secret turns into.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLOUD_PROFILES, isKnownAuthorityHost, resolveEndpoints } from '../../src/backends/azure/clouds.js';
import { createCredential, planCredential, tokenClaims } from '../../src/backends/azure/credential.js';
import { toAzureToolError } from '../../src/backends/azure/errors.js';
import { loadAzureSdk } from '../../src/backends/azure/sdk.js';
import { ToolError } from '../../src/util/errors.js';
import { fakeJwt, StubHttp } from './azure-stub.js';

test('each cloud has its own ARM, Log Analytics, Graph endpoints, audiences and authority', () => {
  const gov = resolveEndpoints({ cloud: 'AzureUSGovernment', endpoints: {} });
  assert.equal(gov.arm, 'https://management.usgovcloudapi.net');
  assert.equal(gov.logs, 'https://api.loganalytics.us');
  assert.equal(gov.graph, 'https://graph.microsoft.us');
  assert.equal(gov.authorityHost, 'https://login.microsoftonline.us');
  assert.deepEqual(gov.scopes, {
    arm: 'https://management.usgovcloudapi.net/.default',
    logs: 'https://api.loganalytics.us/.default',
    graph: 'https://graph.microsoft.us/.default',
  });
  const china = resolveEndpoints({ cloud: 'AzureChina', endpoints: {} });
  assert.equal(china.arm, 'https://management.chinacloudapi.cn');
  assert.equal(china.logs, 'https://api.loganalytics.azure.cn');
  assert.equal(china.graph, 'https://microsoftgraph.chinacloudapi.cn');
  assert.equal(china.authorityHost, 'https://login.chinacloudapi.cn');
  assert.equal(china.customAuthority, false);
  const pub = resolveEndpoints({ cloud: 'AzurePublic', endpoints: {} });
  assert.equal(pub.scopes.arm, 'https://management.azure.com/.default');
  assert.equal(pub.scopes.logs, 'https://api.loganalytics.io/.default');
  assert.equal(Object.keys(CLOUD_PROFILES).length, 3);
});

test('with a Microsoft authority, overridden endpoints keep the cloud audience (private link, proxy)', () => {
  const e = resolveEndpoints({
    cloud: 'AzurePublic',
    endpoints: { logs: 'https://ws.privatelink.example.net/', arm: 'https://arm-proxy.corp.example' },
  });
  assert.equal(e.logs, 'https://ws.privatelink.example.net');
  assert.equal(e.arm, 'https://arm-proxy.corp.example');
  assert.equal(e.scopes.logs, 'https://api.loganalytics.io/.default');
  assert.equal(e.scopes.arm, 'https://management.azure.com/.default');
  assert.equal(e.customAuthority, false);
});

test('with a custom authority (Azure Stack, private cloud, the fake), scopes follow the endpoints', () => {
  const e = resolveEndpoints({
    cloud: 'AzurePublic',
    endpoints: { arm: 'https://127.0.0.1:8443', logs: 'https://127.0.0.1:8443' },
    authorityHost: 'https://127.0.0.1:8443',
  });
  assert.equal(e.customAuthority, true);
  assert.equal(e.scopes.arm, 'https://127.0.0.1:8443/.default');
  assert.equal(e.scopes.logs, 'https://127.0.0.1:8443/.default');
  assert.equal(isKnownAuthorityHost('https://login.microsoftonline.us/'), true);
  assert.equal(isKnownAuthorityHost('https://login.example.com'), false);
});

test('the credential plan: client secret when all three are set, else the default chain, tenant always passed', () => {
  const sp = planCredential({ tenantId: 't', clientId: 'c', clientSecret: 's' });
  assert.equal(sp.kind, 'ClientSecretCredential');
  assert.doesNotMatch(sp.description, /\bs\b.*secret/);
  const user = planCredential({ tenantId: 't' });
  assert.equal(user.kind, 'DefaultAzureCredential');
  assert.equal(user.partialServicePrincipal, false);
  assert.match(user.description, /AzureCliCredential.*for tenant t/);
  const half = planCredential({ clientSecret: 's' });
  assert.equal(half.partialServicePrincipal, true);
  assert.deepEqual(half.missingForServicePrincipal, ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID']);
  assert.equal(planCredential({ auth: 'device-code' }).interactive, 'DeviceCodeCredential');
  assert.equal(planCredential({ auth: 'browser' }).interactive, 'InteractiveBrowserCredential');
});

const ORIGIN = 'https://fake.test:8443';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

function entraStub(): StubHttp {
  return new StubHttp()
    .on('GET', /\/v2\.0\/\.well-known\/openid-configuration$/, {
      body: {
        token_endpoint: `${ORIGIN}/${TENANT}/oauth2/v2.0/token`,
        issuer: `${ORIGIN}/${TENANT}/v2.0`,
        authorization_endpoint: `${ORIGIN}/${TENANT}/oauth2/v2.0/authorize`,
        jwks_uri: `${ORIGIN}/${TENANT}/discovery/v2.0/keys`,
        end_session_endpoint: `${ORIGIN}/${TENANT}/oauth2/v2.0/logout`,
        response_types_supported: ['code'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
      },
    })
    .on('POST', /\/oauth2\/v2\.0\/token$/, (request) =>
      String(request.body).includes('client_secret=right')
        ? {
            body: {
              token_type: 'Bearer',
              expires_in: 3600,
              access_token: fakeJwt({ oid: 'o', tid: TENANT }),
            },
          }
        : {
            status: 401,
            body: {
              error: 'invalid_client',
              error_description: 'AADSTS7000215: Invalid client secret provided.',
              error_codes: [7000215],
            },
          },
    );
}

test('client secret against a custom authority: only OIDC metadata and the token endpoint are asked', async () => {
  const sdk = await loadAzureSdk();
  const http = entraStub();
  const endpoints = resolveEndpoints({
    cloud: 'AzurePublic',
    endpoints: { arm: ORIGIN },
    authorityHost: ORIGIN,
  });
  const { credential } = createCredential(
    sdk.identity,
    { tenantId: TENANT, clientId: 'app', clientSecret: 'right' },
    endpoints,
    { httpClient: http },
  );
  const token = await credential.getToken(endpoints.scopes.arm);
  assert.equal(tokenClaims(token!.token)?.tid, TENANT);
  assert.deepEqual(
    http.requests.map((r) => `${r.method} ${r.url.pathname}`),
    [`GET /${TENANT}/v2.0/.well-known/openid-configuration`, `POST /${TENANT}/oauth2/v2.0/token`],
  );
  assert.match(http.requests[1]!.body ?? '', /scope=https%3A%2F%2Ffake\.test%3A8443%2F\.default/);
});

test('a wrong secret becomes AUTH naming the credential and the fix, without the secret', async () => {
  const sdk = await loadAzureSdk();
  const endpoints = resolveEndpoints({
    cloud: 'AzurePublic',
    endpoints: { arm: ORIGIN },
    authorityHost: ORIGIN,
  });
  const settings = { tenantId: TENANT, clientId: 'app-id', clientSecret: 'wrong-secret-value' };
  const { credential, plan } = createCredential(sdk.identity, settings, endpoints, {
    httpClient: entraStub(),
  });
  const error = await credential.getToken(endpoints.scopes.arm).then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e,
  );
  const mapped = toAzureToolError(error, { operation: 'getting a token', credential: plan });
  assert.equal(mapped.code, 'AUTH');
  assert.match(mapped.message, /ClientSecretCredential/);
  assert.match(mapped.hint ?? '', /client secret was rejected.*AZURE_CLIENT_ID=app-id.*AZURE_CLIENT_SECRET/);
  assert.doesNotMatch(`${mapped.message} ${mapped.hint}`, /wrong-secret-value/);
});

test('an empty default chain becomes AUTH with az login --tenant and the missing variables', () => {
  const unavailable = (message: string) =>
    Object.assign(new Error(message), { name: 'CredentialUnavailableError' });
  const aggregate = Object.assign(new Error('ChainedTokenCredential authentication failed.'), {
    name: 'AggregateAuthenticationError',
    errors: [
      unavailable('EnvironmentCredential is unavailable. No underlying credential could be used.'),
      unavailable(
        'ManagedIdentityCredential: Authentication failed. Message Attempted to use the IMDS endpoint.',
      ),
      unavailable(
        "Azure CLI could not be found. Please visit https://aka.ms/azure-cli for installation instructions and then, once installed, authenticate to your Azure account using 'az login'.",
      ),
    ],
  });
  const plan = planCredential({ tenantId: TENANT });
  const mapped = toAzureToolError(aggregate, { operation: 'running the query', credential: plan });
  assert.ok(mapped instanceof ToolError);
  assert.equal(mapped.code, 'AUTH');
  assert.match(mapped.message, /Tried DefaultAzureCredential \(EnvironmentCredential, .*AzureCliCredential/);
  assert.match(mapped.message, /EnvironmentCredential: .*unavailable/);
  assert.match(mapped.hint ?? '', new RegExp(`az login --tenant ${TENANT}`));
  assert.match(mapped.hint ?? '', /AZURE_CLIENT_ID, AZURE_CLIENT_SECRET/);
  const noTenant = toAzureToolError(aggregate, { operation: 'x', credential: planCredential({}) });
  assert.match(noTenant.hint ?? '', /az login --tenant <tenant-id>.*set AZURE_TENANT_ID/);
});
