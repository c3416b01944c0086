// The HTTPS fake of Azure, driven by the real Azure SDK clients (identity, monitor-query-logs,
// arm-operationalinsights) and by a bare HTTPS client for wire details and faults.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ClientSecretCredential } from '@azure/identity';
import { LogsQueryClient, LogsQueryResultStatus } from '@azure/monitor-query-logs';
import { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { startAzureFake, type AzureFake } from '../azure-fake/index.js';
import { parseTimespan } from '../azure-fake/query-wire.js';
import { raw, rawToken, workspacePath } from '../azure-fake/raw.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/workspace', import.meta.url));
const ARM_SCOPE = 'https://management.azure.com/.default';
const LOGS_SCOPE = 'https://api.loganalytics.io/.default';

let backend: LocalBackend;
let fake: AzureFake;

before(async () => {
  backend = await LocalBackend.open({ folder: FIXTURE, logger: silentLogger() });
  fake = await startAzureFake({ backend, armPageSize: 2 });
});

after(async () => {
  await fake?.close();
  await backend?.close();
});

/** In-process clients trust the fake through NODE_EXTRA_CA_CERTS under the runner, else through `ca`. */
function tls(target: AzureFake = fake): { tlsOptions?: { ca: string } } {
  const extra = process.env['NODE_EXTRA_CA_CERTS'];
  const trusted =
    extra !== undefined && existsSync(extra) && readFileSync(extra, 'utf8').includes(target.certPem.trim());
  return trusted ? {} : { tlsOptions: { ca: target.certPem } };
}

function credential(secret = fake.clientSecret): ClientSecretCredential {
  return new ClientSecretCredential(fake.tenantId, fake.clientId, secret, {
    authorityHost: fake.origin,
    disableInstanceDiscovery: true,
    ...tls(),
  });
}

function logsClient(): LogsQueryClient {
  return new LogsQueryClient(credential(), {
    endpoint: `${fake.origin}/v1`,
    credentials: { scopes: [LOGS_SCOPE] },
    ...tls(),
  });
}

function armClient(): OperationalInsightsManagementClient {
  return new OperationalInsightsManagementClient(credential(), fake.subscriptionId, {
    endpoint: fake.origin,
    credentials: { scopes: [ARM_SCOPE] },
    ...tls(),
  });
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

function errorCode(body: string): string | undefined {
  const parsed = JSON.parse(body) as { error?: { code?: string } | string };
  return typeof parsed.error === 'string' ? parsed.error : parsed.error?.code;
}

describe('token endpoint (Entra ID as MSAL calls it)', () => {
  test('ClientSecretCredential gets a token through OpenID discovery and the v2.0 token endpoint', async () => {
    fake.clearRequests();
    const token = await credential().getToken(ARM_SCOPE);
    assert.ok(token.expiresOnTimestamp > Date.now() + 3000_000);
    const claims = claimsOf(token.token);
    assert.equal(claims['oid'], fake.principalId);
    assert.equal(claims['tid'], fake.tenantId);
    assert.equal(claims['aud'], 'https://management.azure.com');
    const routes = fake.requests().map((r) => r.route);
    assert.deepEqual(routes, ['token.discovery', 'token']);
    assert.equal(
      fake.requests()[1]?.body,
      undefined,
      'the token request body (client secret) is not recorded',
    );
  });

  test('a wrong secret fails with the AADSTS7000215 error Entra returns', async () => {
    // @azure/identity turns MSAL's ServerError into AuthenticationRequiredError, keeping Entra's text.
    await assert.rejects(credential('not-the-secret').getToken(ARM_SCOPE), (error: Error) => {
      assert.equal(error.name, 'AuthenticationRequiredError');
      assert.match(error.message, /invalid_client/);
      assert.match(error.message, /AADSTS7000215/);
      return true;
    });
    const last = fake.requests().at(-1);
    assert.equal(last?.route, 'token');
    assert.equal(last?.status, 401);
  });

  test('client_credentials needs a /.default scope and a known client', async () => {
    const post = (form: Record<string, string>): Promise<{ status: number; body: string }> =>
      raw(fake, `/${fake.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', ...form }).toString(),
      });
    const base = { client_id: fake.clientId, client_secret: fake.clientSecret };
    const badScope = await post({ ...base, scope: 'https://management.azure.com/user_impersonation' });
    assert.equal(badScope.status, 400);
    assert.match(badScope.body, /AADSTS1002012/);
    const unknownClient = await post({
      ...base,
      client_id: '11111111-1111-1111-1111-111111111111',
      scope: ARM_SCOPE,
    });
    assert.match(unknownClient.body, /AADSTS700016/);
    const otherTenant = await raw(
      fake,
      '/00000000-0000-0000-0000-000000000000/v2.0/.well-known/openid-configuration',
    );
    assert.equal(otherTenant.status, 400);
    assert.match(otherTenant.body, /AADSTS90002/);
  });
});

describe('Log Analytics query API', () => {
  test('LogsQueryClient runs a query and gets typed rows back', async () => {
    fake.clearRequests();
    const result = await logsClient().queryWorkspace(
      fake.workspaceId,
      'AppAudit_CL | order by TimeGenerated asc | project TimeGenerated, User, Succeeded, LatencyMs',
      { duration: 'P7D' },
      { serverTimeoutInSeconds: 60, includeQueryStatistics: true },
    );
    assert.equal(result.status, LogsQueryResultStatus.Success);
    if (result.status !== LogsQueryResultStatus.Success) return;
    const table = result.tables[0];
    assert.ok(table);
    assert.deepEqual(
      table.columnDescriptors.map((c) => `${c.name}:${c.type}`),
      ['TimeGenerated:datetime', 'User:string', 'Succeeded:bool', 'LatencyMs:long'],
    );
    assert.deepEqual(table.rows[0], [new Date('2024-06-01T08:00:00Z'), 'ana.silva', true, 120]);
    assert.ok(result.statistics);
    const seen = fake.requests().find((r) => r.route === 'query');
    assert.equal(seen?.tokenScope, LOGS_SCOPE);
    assert.equal(seen?.headers['prefer'], 'wait=60,include-statistics=true');
    assert.deepEqual(JSON.parse(seen?.body ?? '{}'), {
      query: 'AppAudit_CL | order by TimeGenerated asc | project TimeGenerated, User, Succeeded, LatencyMs',
      timespan: 'P7D',
    });
  });

  test('dynamic cells travel as JSON text and come back as objects', async () => {
    const answer = await raw(fake, `/v1/workspaces/${fake.workspaceId}/query`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await rawToken(fake, LOGS_SCOPE)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        query: 'SigninLogs | order by TimeGenerated asc | take 1 | project LocationDetails',
      }),
    });
    assert.equal(answer.status, 200);
    const body = JSON.parse(answer.body) as { tables: { columns: { type: string }[]; rows: unknown[][] }[] };
    assert.equal(body.tables[0]?.columns[0]?.type, 'dynamic');
    const cell = body.tables[0]?.rows[0]?.[0];
    assert.equal(typeof cell, 'string');
    assert.deepEqual(JSON.parse(cell as string), { city: 'Lisbon', countryOrRegion: 'PT' });
  });

  test('the GET form takes query and timespan from the query string', async () => {
    const token = await rawToken(fake, LOGS_SCOPE);
    const query = encodeURIComponent('AppAudit_CL | count');
    const answer = await raw(fake, `/v1/workspaces/${fake.workspaceId}/query?query=${query}&timespan=P30D`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(answer.status, 200);
    assert.deepEqual((JSON.parse(answer.body) as { tables: { rows: unknown[][] }[] }).tables[0]?.rows, [[2]]);
  });

  test('KQL errors come back in the API error format (SyntaxError, SemanticError)', async () => {
    const client = logsClient();
    const reasons: string[] = [];
    for (const query of ['AppAudit_CL | where', 'AppAudit_CL | where NoSuchColumn == 1']) {
      await assert.rejects(
        client.queryWorkspace(fake.workspaceId, query, { duration: 'P1D' }),
        (error: Error & { statusCode?: number; details?: unknown }) => {
          assert.equal(error.statusCode, 400);
          const details = error.details as { error: { code: string; innererror: { code: string } } };
          assert.equal(details.error.code, 'BadArgumentError');
          reasons.push(details.error.innererror.code);
          return true;
        },
      );
    }
    assert.deepEqual(reasons, ['SyntaxError', 'SemanticError']);
  });

  test('a result past the row cap is a 200 with rows and a PartialError beside them', async () => {
    const capped = await startAzureFake({ backend, maxResultRows: 1 });
    try {
      const client = new LogsQueryClient(
        new ClientSecretCredential(capped.tenantId, capped.clientId, capped.clientSecret, {
          authorityHost: capped.origin,
          disableInstanceDiscovery: true,
          ...tls(capped),
        }),
        { endpoint: `${capped.origin}/v1`, credentials: { scopes: [LOGS_SCOPE] }, ...tls(capped) },
      );
      const result = await client.queryWorkspace(capped.workspaceId, 'AppAudit_CL', { duration: 'P30D' });
      assert.equal(result.status, LogsQueryResultStatus.PartialFailure);
      if (result.status !== LogsQueryResultStatus.PartialFailure) return;
      assert.equal(result.partialTables[0]?.rows.length, 1);
      assert.equal(result.partialError.code, 'PartialError');
    } finally {
      await capped.close();
    }
  });

  test('longs are JSON numbers on the wire, every digit kept', async () => {
    const answer = await raw(
      fake,
      `/v1/workspaces/${fake.workspaceId}/query?query=${encodeURIComponent('print big = long(9007199254740993)')}`,
      {
        headers: { authorization: `Bearer ${await rawToken(fake, LOGS_SCOPE)}` },
      },
    );
    assert.match(answer.body, /"rows":\[\[9007199254740993\]\]/);
  });

  test('include-render returns the render object with every key', async () => {
    const result = await logsClient().queryWorkspace(
      fake.workspaceId,
      'AppAudit_CL | summarize n = count() by User | render piechart with (title="Users")',
      { duration: 'P30D' },
      { includeVisualization: true },
    );
    assert.equal(result.status, LogsQueryResultStatus.Success);
    assert.equal(result.visualization?.['visualization'], 'piechart');
    assert.equal(result.visualization?.['title'], 'Users');
    assert.equal(result.visualization?.['yMin'], 'NaN');
    assert.ok('anomalyColumns' in (result.visualization ?? {}));
  });

  test('the timespan narrows the rows', async () => {
    const answer = await raw(fake, `/v1/workspaces/${fake.workspaceId}/query`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await rawToken(fake, LOGS_SCOPE)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        query: 'AppAudit_CL | count',
        timespan: '2024-06-01T08:01:00Z/2024-06-01T09:00:00Z',
      }),
    });
    assert.deepEqual((JSON.parse(answer.body) as { tables: { rows: unknown[][] }[] }).tables[0]?.rows, [[1]]);
  });

  test('an unknown workspace id is a 404 WorkspaceNotFoundError', async () => {
    const answer = await raw(fake, '/v1/workspaces/00000000-0000-0000-0000-000000000000/query', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await rawToken(fake, LOGS_SCOPE)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ query: 'print 1' }),
    });
    assert.equal(answer.status, 404);
    assert.equal(errorCode(answer.body), 'WorkspaceNotFoundError');
  });

  test('timespans in every ISO 8601 form the API takes', () => {
    assert.deepEqual(parseTimespan('PT12H'), { duration: 'PT12H' });
    const start = new Date('2024-06-01T00:00:00Z');
    const end = new Date('2024-06-01T12:00:00Z');
    assert.deepEqual(parseTimespan('2024-06-01T00:00:00.000Z/2024-06-01T12:00:00.000Z'), { start, end });
    assert.deepEqual(parseTimespan('2024-06-01T00:00:00Z/PT12H'), { start, end });
    assert.deepEqual(parseTimespan('PT12H/2024-06-01T12:00:00Z'), { start, end });
    assert.throws(() => parseTimespan('yesterday'));
  });
});

describe('ARM: workspace and tables', () => {
  test('the workspace, from OperationalInsightsManagementClient', async () => {
    const workspace = await armClient().workspaces.get(fake.resourceGroup, fake.workspaceName);
    assert.equal(workspace.customerId, fake.workspaceId);
    assert.equal(workspace.name, fake.workspaceName);
    assert.equal(workspace.sku?.name, 'PerGB2018');
    assert.equal(workspace.retentionInDays, 90);
    assert.equal(workspace.location, 'eastus');
  });

  test('tables are listed page by page (nextLink) and each records its api-version', async () => {
    fake.clearRequests();
    const names: string[] = [];
    for await (const table of armClient().tables.listByWorkspace(fake.resourceGroup, fake.workspaceName))
      names.push(table.name ?? '');
    assert.deepEqual(names.sort(), ['AppAudit_CL', 'Heartbeat', 'Inventory_CL', 'SigninLogs']);
    const pages = fake.requests().filter((r) => r.route === 'arm.tables');
    assert.equal(pages.length, 2);
    assert.deepEqual(
      pages.map((p) => p.apiVersion),
      ['2025-07-01', '2025-07-01'],
    );
    assert.match(pages[1]?.query ?? '', /skipToken=2/);
    assert.ok(pages.every((p) => p.tokenScope === ARM_SCOPE));
  });

  test('a table with its schema, and a 404 ResourceNotFound for a missing one', async () => {
    const client = armClient();
    const table = await client.tables.get(fake.resourceGroup, fake.workspaceName, 'AppAudit_CL');
    assert.equal(table.schema?.tableType, 'CustomLog');
    const columns = [...(table.schema?.columns ?? []), ...(table.schema?.standardColumns ?? [])].map(
      (c) => `${c.name}:${c.type}`,
    );
    assert.deepEqual(columns, [
      'TimeGenerated:dateTime',
      'User:string',
      'Action:string',
      'Succeeded:boolean',
      'LatencyMs:long',
    ]);
    await assert.rejects(
      client.tables.get(fake.resourceGroup, fake.workspaceName, 'NoSuchTable'),
      (error: Error & { statusCode?: number; code?: string }) => {
        assert.equal(error.statusCode, 404);
        assert.equal(error.code, 'ResourceNotFound');
        return true;
      },
    );
  });

  test('api-version: missing, malformed and unsupported get ARM’s 400 bodies', async () => {
    const authorization = `Bearer ${await rawToken(fake)}`;
    const cases: [string | null, string][] = [
      [null, 'MissingApiVersionParameter'],
      ['latest', 'InvalidApiVersionParameter'],
      ['2019-01-01', 'NoRegisteredProviderFound'],
    ];
    for (const [version, code] of cases) {
      const answer = await raw(fake, workspacePath(fake, '', version), { headers: { authorization } });
      assert.equal(answer.status, 400, `${version}`);
      assert.equal(errorCode(answer.body), code);
    }
  });

  test('unknown resource group and workspace are ARM 404s', async () => {
    const authorization = `Bearer ${await rawToken(fake)}`;
    const group = await raw(fake, workspacePath(fake).replace(fake.resourceGroup, 'rg-nope'), {
      headers: { authorization },
    });
    assert.equal(group.status, 404);
    assert.equal(errorCode(group.body), 'ResourceGroupNotFound');
    const workspace = await raw(
      fake,
      workspacePath(fake).replace(`/workspaces/${fake.workspaceName}`, '/workspaces/nope'),
      { headers: { authorization } },
    );
    assert.equal(workspace.status, 404);
    assert.equal(errorCode(workspace.body), 'ResourceNotFound');
  });

  test('Sentinel onboarding state', async () => {
    const answer = await raw(
      fake,
      workspacePath(fake, '/providers/Microsoft.SecurityInsights/onboardingStates', '2024-09-01'),
      {
        headers: { authorization: `Bearer ${await rawToken(fake)}` },
      },
    );
    assert.equal(answer.status, 200);
    const body = JSON.parse(answer.body) as { value: { name: string }[] };
    assert.deepEqual(
      body.value.map((v) => v.name),
      ['default'],
    );
  });
});

describe('bearer tokens', () => {
  test('no Authorization header is a 401 in each service’s format', async () => {
    const arm = await raw(fake, workspacePath(fake));
    assert.equal(arm.status, 401);
    assert.equal(errorCode(arm.body), 'AuthenticationFailed');
    assert.match(String(arm.headers['www-authenticate']), /^Bearer authorization_uri=/);
    const logs = await raw(fake, `/v1/workspaces/${fake.workspaceId}/query?query=print%201`);
    assert.equal(logs.status, 401);
    assert.equal(errorCode(logs.body), 'AuthorizationRequiredError');
  });

  test('a token the fake did not issue is refused', async () => {
    const answer = await raw(fake, workspacePath(fake), {
      headers: { authorization: 'Bearer eyJmYWtlIjp0cnVlfQ.e30.x' },
    });
    assert.equal(answer.status, 401);
    assert.equal(errorCode(answer.body), 'InvalidAuthenticationToken');
  });

  test('tokens expire for real after their lifetime', async () => {
    const shortLived = await startAzureFake({ backend, tokenLifetimeSeconds: 1 });
    try {
      const token = await rawToken(shortLived);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const answer = await raw(shortLived, workspacePath(shortLived), {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(answer.status, 401);
      assert.equal(errorCode(answer.body), 'ExpiredAuthenticationToken');
    } finally {
      await shortLived.close();
    }
  });

  test('requests() keeps the Authorization scheme only', async () => {
    await raw(fake, workspacePath(fake), { headers: { authorization: `Bearer ${await rawToken(fake)}` } });
    const last = fake.requests().at(-1);
    assert.equal(last?.headers['authorization'], 'Bearer [redacted]');
    assert.equal(last?.tokenScope, ARM_SCOPE);
  });
});

describe('fault injection', () => {
  test('429 with Retry-After: seen on the wire, retried to success by the SDK', async () => {
    fake.clearFaults();
    fake.inject('arm.workspace', { kind: 'status', status: 429, retryAfterSeconds: 1 }, 1);
    const answer = await raw(fake, workspacePath(fake), {
      headers: { authorization: `Bearer ${await rawToken(fake)}` },
    });
    assert.equal(answer.status, 429);
    assert.equal(answer.headers['retry-after'], '1');
    assert.equal(errorCode(answer.body), 'SubscriptionRequestsThrottled');
    fake.inject('arm.workspace', { kind: 'status', status: 429, retryAfterSeconds: 0 }, 1);
    fake.clearRequests();
    const workspace = await armClient().workspaces.get(fake.resourceGroup, fake.workspaceName);
    assert.equal(workspace.customerId, fake.workspaceId);
    const statuses = fake
      .requests()
      .filter((r) => r.route === 'arm.workspace')
      .map((r) => r.status);
    assert.deepEqual(statuses, [429, 200]);
  });

  test('500 and 503 carry the service’s error body; `times` limits them', async () => {
    fake.clearFaults();
    const authorization = `Bearer ${await rawToken(fake)}`;
    fake.inject('arm.tables', { kind: 'status', status: 500 }, 1);
    fake.inject('arm.table', { kind: 'status', status: 503 }, 1);
    const list = await raw(fake, workspacePath(fake, '/tables'), { headers: { authorization } });
    assert.deepEqual([list.status, errorCode(list.body)], [500, 'InternalServerError']);
    const get = await raw(fake, workspacePath(fake, '/tables/Heartbeat'), { headers: { authorization } });
    assert.deepEqual([get.status, errorCode(get.body)], [503, 'ServiceUnavailable']);
    const again = await raw(fake, workspacePath(fake, '/tables/Heartbeat'), { headers: { authorization } });
    assert.equal(again.status, 200);
  });

  test('a reset drops the connection', async () => {
    fake.clearFaults();
    fake.inject('query', { kind: 'reset' }, 1);
    await assert.rejects(
      raw(fake, `/v1/workspaces/${fake.workspaceId}/query?query=print%201`),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'ECONNRESET');
        return true;
      },
    );
  });

  test('malformed: a 200 whose body is not JSON, which the SDK reports as a parse error', async () => {
    fake.clearFaults();
    fake.inject('query', { kind: 'malformed' });
    try {
      const answer = await raw(fake, `/v1/workspaces/${fake.workspaceId}/query?query=print%201`, {
        headers: { authorization: `Bearer ${await rawToken(fake, LOGS_SCOPE)}` },
      });
      assert.equal(answer.status, 200);
      assert.throws(() => JSON.parse(answer.body) as unknown, SyntaxError);
      await assert.rejects(
        logsClient().queryWorkspace(fake.workspaceId, 'print 1', { duration: 'P1D' }),
        /JSON|parse/i,
      );
    } finally {
      fake.clearFaults();
    }
  });

  test('truncated: the body stops short of its Content-Length and the connection closes', async () => {
    fake.clearFaults();
    fake.inject('arm.workspace', { kind: 'truncated' }, 1);
    await assert.rejects(
      raw(fake, workspacePath(fake), { headers: { authorization: `Bearer ${await rawToken(fake)}` } }),
    );
    assert.equal(fake.requests().at(-1)?.fault, 'truncated');
  });

  test('expired-token, 403 and 404 faults', async () => {
    fake.clearFaults();
    const authorization = `Bearer ${await rawToken(fake)}`;
    fake.inject('arm.workspace', { kind: 'expired-token' }, 1);
    const expired = await raw(fake, workspacePath(fake), { headers: { authorization } });
    assert.deepEqual([expired.status, errorCode(expired.body)], [401, 'ExpiredAuthenticationToken']);
    assert.match(String(expired.headers['www-authenticate']), /error="invalid_token"/);
    fake.inject('arm.workspace', { kind: 'status', status: 403 }, 1);
    const denied = await raw(fake, workspacePath(fake), { headers: { authorization } });
    assert.deepEqual([denied.status, errorCode(denied.body)], [403, 'AuthorizationFailed']);
    assert.match(denied.body, /Microsoft\.OperationalInsights\/workspaces\/read/);
    fake.inject('arm.*', { kind: 'status', status: 404 }, 1);
    const missing = await raw(fake, workspacePath(fake), { headers: { authorization } });
    assert.deepEqual([missing.status, errorCode(missing.body)], [404, 'ResourceNotFound']);
    fake.inject('query', { kind: 'expired-token' }, 1);
    const query = await raw(fake, `/v1/workspaces/${fake.workspaceId}/query?query=print%201`, {
      headers: { authorization: `Bearer ${await rawToken(fake, LOGS_SCOPE)}` },
    });
    assert.deepEqual([query.status, errorCode(query.body)], [401, 'InvalidTokenError']);
    assert.match(String(query.headers['www-authenticate']), /The access token has expired/);
  });

  test('an expired client secret fails the credential (AADSTS7000222)', async () => {
    fake.clearFaults();
    fake.inject('token', { kind: 'expired-token' }, 1);
    await assert.rejects(credential().getToken(ARM_SCOPE), /AADSTS7000222/);
  });

  test('latency delays the answer', async () => {
    fake.clearFaults();
    fake.inject('token.keys', { kind: 'latency', ms: 150 }, 1);
    const started = Date.now();
    const answer = await raw(fake, `/${fake.tenantId}/discovery/v2.0/keys`);
    assert.equal(answer.status, 200);
    assert.ok(Date.now() - started >= 140);
    const slow = await startAzureFake({ backend, latencyMs: 100 });
    try {
      const begun = Date.now();
      await raw(slow, `/${slow.tenantId}/discovery/v2.0/keys`);
      assert.ok(Date.now() - begun >= 90, 'latencyMs applies to every answer');
    } finally {
      await slow.close();
    }
  });

  test('injecting on an unknown route is a mistake', () => {
    assert.throws(() => fake.inject('arm.nope', { kind: 'reset' }), /No route matches/);
  });
});

describe('certificate', () => {
  test('a process started with NODE_EXTRA_CA_CERTS from env() trusts the fake; one without does not', async () => {
    const probe = `fetch(process.argv[1]).then((r) => console.log(r.status), (e) => console.log(e.cause?.code ?? e.message))`;
    const run = (extra: Record<string, string>): Promise<string> =>
      new Promise((resolve, reject) => {
        const env: Record<string, string | undefined> = { ...process.env, ...extra };
        if (!extra['NODE_EXTRA_CA_CERTS']) delete env['NODE_EXTRA_CA_CERTS'];
        const child = spawn(
          process.execPath,
          ['-e', probe, `${fake.origin}/${fake.tenantId}/discovery/v2.0/keys`],
          { env },
        );
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.on('error', reject);
        child.on('exit', () => resolve(out.trim()));
      });
    assert.equal(await run({ NODE_EXTRA_CA_CERTS: fake.env()['NODE_EXTRA_CA_CERTS'] ?? '' }), '200');
    assert.equal(await run({}), 'DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  test('env() names every variable sentinel-mcp reads to reach the fake', () => {
    const env = fake.env();
    for (const name of [
      'AZURE_AUTHORITY_HOST',
      'SENTINEL_MCP_ARM_ENDPOINT',
      'SENTINEL_MCP_LOGS_ENDPOINT',
      'SENTINEL_MCP_GRAPH_ENDPOINT',
    ]) {
      assert.equal(env[name], fake.origin, name);
    }
    assert.equal(env['AZURE_WORKSPACE_ID'], fake.workspaceId);
    assert.equal(env['AZURE_CLIENT_SECRET'], fake.clientSecret);
  });
});
