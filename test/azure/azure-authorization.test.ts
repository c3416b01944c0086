// sentinel_authorization_summary end to end: the built server process (dist/cli.js), started with
// nothing but the HTTPS fake's environment, asked through a real MCP client. The fake holds role
// assignments for its own principal, a group it is in and other principals; the summary must show
// the caller's only, tell inherited from workspace scope, decide access from the roles' actions,
// fetch each role definition once, and turn a 403 into FORBIDDEN. The fake's authorization routes
// are checked against the official REST examples too.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { BUILT_IN_ROLES, type AuthorizationOptions } from '../azure-fake/arm-authorization.js';
import { startAzureFake, type AzureFake, type SeenRequest } from '../azure-fake/index.js';
import { raw, rawToken } from '../azure-fake/raw.js';
import { shapeMismatches } from '../azure-fake/shape.js';
import { errorOf, FIXTURE_WORKSPACE, ROOT, SHARED, text } from '../helpers/mcp.js';

const CLI = join(ROOT, 'dist', 'cli.js');
const QUERY_READ = 'Microsoft.OperationalInsights/workspaces/query/read';
/** Someone else in the tenant, and a group the fake's principal is a member of. */
const OTHER_PRINCIPAL = 'c0ffee00-1111-4222-8333-444455556666';
const SOC_GROUP = '5eedf00d-aaaa-4bbb-8ccc-ddddeeeeffff';
const CUSTOM_ROLE = 'b1a2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

interface Summary {
  backend: string;
  principal: { object_id: string | null; name: string | null; type: string; tenant_id: string | null };
  scope: string;
  assignments: {
    role: string;
    role_definition_id: string;
    scope: string;
    applies_to: string;
    via_group: boolean;
    conditional: boolean;
  }[];
  toolsets: { toolset: string; access: string; missing: string[]; note: string | null }[];
  query_access: boolean;
  notes: string[];
}

interface Served {
  fake: AzureFake;
  client: Client;
  stderr: () => string;
  close(): Promise<void>;
}

let backend: LocalBackend;
const running: Served[] = [];

before(async () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run "npm run build" first`);
  backend = await LocalBackend.open({ folder: FIXTURE_WORKSPACE, logger: silentLogger() });
});

after(async () => {
  for (const s of running.splice(0)) await s.close();
  await backend?.close();
});

/** A fake with these role assignments, and the built server started with only the fake's environment. */
async function serve(options: AuthorizationOptions & { armPageSize?: number } = {}): Promise<Served> {
  const fake = await startAzureFake({ backend, ...options });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'serve', '--transport', 'stdio', '--log-level', 'warn'],
    env: fake.env(),
    cwd: ROOT,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client({ name: 'azure-authorization-test', version: '1.0.0' });
  await client.connect(transport);
  const served: Served = {
    fake,
    client,
    stderr: () => stderr,
    async close() {
      await client.close();
      await fake.close();
    },
  };
  running.push(served);
  return served;
}

async function summarize(served: Served): Promise<CallToolResult> {
  return (await served.client.callTool({
    name: 'sentinel_authorization_summary',
    arguments: {},
  })) as CallToolResult;
}

function summaryOf(result: CallToolResult, served: Served): Summary {
  assert.notEqual(result.isError, true, `${text(result)}\nserver stderr:\n${served.stderr()}`);
  return result.structuredContent as unknown as Summary;
}

function routeRequests(fake: AzureFake, route: string): SeenRequest[] {
  return fake.requests().filter((r) => r.route === route);
}

/** The role definition GUID each roleDefinitions request asked for. */
function definitionsFetched(fake: AzureFake): string[] {
  return routeRequests(fake, 'arm.roleDefinition').map((r) => r.path.split('/').pop()!.toLowerCase());
}

function groupScope(fake: AzureFake): string {
  return `/subscriptions/${fake.subscriptionId}/resourceGroups/${fake.resourceGroup}`;
}

describe('sentinel_authorization_summary through the server process', () => {
  test("reports the caller's own assignments (direct, via a group, inherited), never another principal's", async () => {
    const served = await serve({
      // One item per ARM page: the summary must follow nextLink to see all of the caller's assignments.
      armPageSize: 1,
      principalGroups: [SOC_GROUP],
      roleAssignments: [
        { roleDefinitionId: BUILT_IN_ROLES.sentinelReader, scope: 'resourceGroup' },
        { roleDefinitionId: BUILT_IN_ROLES.logAnalyticsReader, scope: 'workspace' },
        // The same role twice (resource group and workspace): its definition is still fetched once.
        { roleDefinitionId: BUILT_IN_ROLES.logAnalyticsReader, scope: 'resourceGroup' },
        { roleDefinitionId: BUILT_IN_ROLES.sentinelResponder, scope: 'workspace', principalId: SOC_GROUP },
        // Another principal's assignments, at the workspace and above it: never shown, never fetched.
        { roleDefinitionId: BUILT_IN_ROLES.reader, scope: 'subscription', principalId: OTHER_PRINCIPAL },
        { roleDefinitionId: BUILT_IN_ROLES.reader, scope: 'workspace', principalId: OTHER_PRINCIPAL },
      ],
    });
    const { fake } = served;
    const result = await summarize(served);
    const s = summaryOf(result, served);

    assert.equal(s.backend, 'azure');
    assert.deepEqual(s.principal, {
      object_id: fake.principalId,
      name: fake.clientId,
      type: 'ServicePrincipal',
      tenant_id: fake.tenantId,
    });
    assert.equal(s.scope, fake.workspaceResourceId);

    const byRole = [...s.assignments].sort((a, b) =>
      `${a.role}${a.scope}`.localeCompare(`${b.role}${b.scope}`),
    );
    assert.deepEqual(
      byRole.map((a) => [a.role, a.scope, a.applies_to, a.via_group]),
      [
        ['Log Analytics Reader', groupScope(fake), 'inherited', false],
        ['Log Analytics Reader', fake.workspaceResourceId, 'workspace', false],
        ['Microsoft Sentinel Reader', groupScope(fake), 'inherited', false],
        ['Microsoft Sentinel Responder', fake.workspaceResourceId, 'workspace', true],
      ],
    );
    assert.ok(
      s.assignments.every((a) => a.role !== 'Reader' && !a.conditional),
      'no assignment of another principal',
    );
    assert.doesNotMatch(JSON.stringify(s), new RegExp(OTHER_PRINCIPAL));
    assert.doesNotMatch(text(result), /\| Reader \|/);

    // Access decided from the roles' actions: every Azure-RBAC toolset is fully readable.
    assert.equal(s.query_access, true);
    for (const t of s.toolsets) {
      if (t.toolset === 'entra') assert.equal(t.access, 'unknown', 'Graph permissions, not Azure roles');
      else assert.deepEqual([t.toolset, t.access, t.missing], [t.toolset, 'full', []]);
    }
    assert.deepEqual(
      s.toolsets
        .map((t) => t.toolset)
        .filter((t) => ['logs', 'tables', 'workspace', 'incidents'].includes(t)),
      ['logs', 'tables', 'workspace', 'incidents'],
    );

    // What went over the wire: assignedTo(the caller's oid) at the workspace scope, api-version 2022-04-01,
    // pages followed; each distinct role definition fetched exactly once, other principals' roles never.
    const listed = routeRequests(fake, 'arm.roleAssignments');
    assert.ok(listed.length >= 4, `one page per assignment (armPageSize 1), got ${listed.length}`);
    for (const r of listed) {
      assert.equal(r.status, 200);
      assert.equal(r.apiVersion, '2022-04-01');
      assert.equal(
        decodeURIComponent(r.path).toLowerCase(),
        `${fake.workspaceResourceId}/providers/Microsoft.Authorization/roleAssignments`.toLowerCase(),
      );
      assert.equal(new URLSearchParams(r.query).get('$filter'), `assignedTo('${fake.principalId}')`);
    }
    const fetched = definitionsFetched(fake);
    assert.deepEqual(
      [...fetched].sort(),
      [
        BUILT_IN_ROLES.sentinelResponder,
        BUILT_IN_ROLES.logAnalyticsReader,
        BUILT_IN_ROLES.sentinelReader,
      ].sort(),
      `each role definition once: ${fetched.join(', ')}`,
    );
    assert.ok(
      routeRequests(fake, 'arm.roleDefinition').every(
        (r) => r.status === 200 && r.apiVersion === '2022-04-01',
      ),
    );
  });

  test('default fake: Sentinel Reader inherited from the resource group, Log Analytics Reader on the workspace', async () => {
    const served = await serve();
    const result = await summarize(served);
    const s = summaryOf(result, served);
    assert.deepEqual(s.assignments.map((a) => [a.role, a.applies_to]).sort(), [
      ['Log Analytics Reader', 'workspace'],
      ['Microsoft Sentinel Reader', 'inherited'],
    ]);
    assert.equal(s.query_access, true);
    const rendered = text(result);
    assert.match(rendered, /can run queries/);
    assert.match(rendered, /Microsoft Sentinel Reader/);
  });

  test('a custom role without workspaces/query/read: no query access, and the summary names what is missing', async () => {
    const served = await serve({
      roleDefinitions: [
        {
          id: CUSTOM_ROLE,
          roleName: 'Workspace Metadata Reader',
          description: 'Sees the workspace and its tables, cannot query them',
          permissions: [
            {
              actions: [
                'Microsoft.OperationalInsights/workspaces/*/read',
                'Microsoft.OperationalInsights/workspaces/read',
                'Microsoft.Authorization/*/read',
              ],
              // The wildcard above would grant query/read; this takes it away again.
              notActions: ['Microsoft.OperationalInsights/workspaces/query/*'],
            },
          ],
        },
      ],
      roleAssignments: [{ roleDefinitionId: CUSTOM_ROLE, scope: 'workspace' }],
    });
    const result = await summarize(served);
    const s = summaryOf(result, served);
    assert.deepEqual(
      s.assignments.map((a) => [a.role, a.applies_to]),
      [['Workspace Metadata Reader', 'workspace']],
    );
    assert.equal(s.query_access, false);
    const access = new Map(s.toolsets.map((t) => [t.toolset, t]));
    assert.deepEqual(access.get('logs'), {
      toolset: 'logs',
      access: 'none',
      missing: [QUERY_READ],
      note: null,
    });
    assert.equal(
      access.get('tables')?.access,
      'partial',
      'tables/read is granted, the row-count query is not',
    );
    assert.deepEqual(access.get('tables')?.missing, [QUERY_READ]);
    assert.equal(access.get('incidents')?.access, 'none');
    assert.deepEqual(access.get('incidents')?.missing, ['Microsoft.SecurityInsights/incidents/read']);
    const rendered = text(result);
    assert.match(rendered, /cannot run queries/);
    assert.match(
      rendered,
      /- logs: none \(missing Microsoft\.OperationalInsights\/workspaces\/query\/read\)/,
    );
    assert.deepEqual(definitionsFetched(served.fake), [CUSTOM_ROLE]);
  });

  test('403 on the role assignments: FORBIDDEN naming the permission, no retry, no definitions fetched', async () => {
    const served = await serve();
    const { fake } = served;
    fake.inject('arm.roleAssignments', { kind: 'status', status: 403 });
    const result = await summarize(served);
    const error = errorOf(result);
    assert.equal(error.code, 'FORBIDDEN');
    assert.equal(error.retryable, false);
    assert.match(error.message, /Access denied while listing your role assignments on the workspace/);
    assert.match(error.message, /Microsoft\.Authorization\/roleAssignments\/read/);
    assert.match(error.hint ?? '', /lacks Microsoft\.Authorization\/roleAssignments\/read/);
    assert.equal(routeRequests(fake, 'arm.roleAssignments').length, 1, 'a 403 is not retried');
    assert.equal(routeRequests(fake, 'arm.roleDefinition').length, 0);

    fake.clearFaults();
    const recovered = summaryOf(await summarize(served), served);
    assert.equal(recovered.assignments.length, 2);
  });
});

describe('the fake: authorization routes', () => {
  let fake: AzureFake;
  let token: string;

  before(async () => {
    fake = await startAzureFake({
      backend,
      principalGroups: [SOC_GROUP],
      roleAssignments: [
        { roleDefinitionId: BUILT_IN_ROLES.sentinelReader, scope: 'resourceGroup' },
        { roleDefinitionId: BUILT_IN_ROLES.logAnalyticsReader, scope: 'workspace' },
        { roleDefinitionId: BUILT_IN_ROLES.sentinelResponder, scope: 'workspace', principalId: SOC_GROUP },
        { roleDefinitionId: BUILT_IN_ROLES.reader, scope: 'subscription', principalId: OTHER_PRINCIPAL },
      ],
    });
    token = await rawToken(fake);
  });

  after(async () => {
    await fake?.close();
  });

  const auth = (): { headers: Record<string, string> } => ({ headers: { authorization: `Bearer ${token}` } });

  function assignmentsPath(scope: string, filter?: string, apiVersion: string | null = '2022-04-01'): string {
    const q = new URLSearchParams();
    if (filter !== undefined) q.set('$filter', filter);
    if (apiVersion !== null) q.set('api-version', apiVersion);
    return `${scope}/providers/Microsoft.Authorization/roleAssignments?${q.toString()}`;
  }

  async function listed(
    path: string,
  ): Promise<{ principalId: string; scope: string; roleDefinitionId: string }[]> {
    const answer = await raw(fake, path, auth());
    assert.equal(answer.status, 200, answer.body);
    const body = JSON.parse(answer.body) as { value: { properties: Record<string, string> }[] };
    return body.value.map((v) => ({
      principalId: v.properties['principalId']!,
      scope: v.properties['scope']!,
      roleDefinitionId: v.properties['roleDefinitionId']!,
    }));
  }

  test('role assignments and definitions have the shape of the official examples', async (t) => {
    const base = join(SHARED, 'data', 'azure-specs', 'authorization');
    if (!existsSync(base)) return t.skip(`the official examples are not at ${base}`);
    const read = (file: string): unknown =>
      (JSON.parse(readFileSync(join(base, file), 'utf8')) as { responses: Record<string, { body: unknown }> })
        .responses['200']!.body;
    const list = await raw(
      fake,
      assignmentsPath(fake.workspaceResourceId, `assignedTo('${fake.principalId}')`),
      auth(),
    );
    assert.equal(list.status, 200, list.body);
    assert.deepEqual(shapeMismatches(read('RoleAssignments_ListForScope.json'), JSON.parse(list.body)), []);
    const roleId = BUILT_IN_ROLES.sentinelReader;
    for (const path of [
      `/subscriptions/${fake.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId}?api-version=2022-04-01`,
      `/providers/Microsoft.Authorization/roleDefinitions/${roleId}?api-version=2022-04-01`,
    ]) {
      const def = await raw(fake, path, auth());
      assert.equal(def.status, 200, def.body);
      const body = JSON.parse(def.body) as { id: string; name: string; properties: { roleName: string } };
      assert.deepEqual(shapeMismatches(read('GetRoleDefinitionById.json'), body), [], path);
      assert.equal(body.id, path.slice(0, path.indexOf('?')));
      assert.equal(body.name, roleId);
      assert.equal(body.properties.roleName, 'Microsoft Sentinel Reader');
    }
  });

  test('assignedTo includes the principal’s groups; principalId eq does not; atScope() drops what is below', async () => {
    const me = fake.principalId;
    const mine = await listed(assignmentsPath(fake.workspaceResourceId, `assignedTo('${me}')`));
    assert.deepEqual(mine.map((a) => a.principalId).sort(), [me, me, SOC_GROUP].sort());
    const direct = await listed(assignmentsPath(fake.workspaceResourceId, `principalId eq '${me}'`));
    assert.deepEqual(
      direct.map((a) => a.principalId),
      [me, me],
    );
    // At the resource group, the workspace's assignments are below: listed unless atScope() is asked.
    const below = await listed(assignmentsPath(groupScope(fake), `assignedTo('${me}')`));
    assert.equal(below.length, 3);
    const atOrAbove = await listed(assignmentsPath(groupScope(fake), `atScope() and assignedTo('${me}')`));
    assert.deepEqual(
      atOrAbove.map((a) => a.scope),
      [groupScope(fake)],
    );
    // No filter: everyone's, the other principal's subscription-wide Reader included.
    const everyone = await listed(assignmentsPath(fake.workspaceResourceId));
    assert.ok(everyone.some((a) => a.principalId === OTHER_PRINCIPAL));
    assert.ok(
      everyone.every((a) =>
        a.roleDefinitionId.startsWith(`/subscriptions/${fake.subscriptionId}/providers/`),
      ),
    );
  });

  test('ARM errors: api-version, unsupported filters, unknown roles, foreign scopes', async () => {
    const missing = await raw(fake, assignmentsPath(fake.workspaceResourceId, undefined, null), auth());
    assert.equal(missing.status, 400);
    assert.match(missing.body, /"code":"MissingApiVersionParameter"/);
    const old = await raw(fake, assignmentsPath(fake.workspaceResourceId, undefined, '2019-01-01'), auth());
    assert.equal(old.status, 400);
    assert.match(old.body, /NoRegisteredProviderFound/);
    const filter = await raw(fake, assignmentsPath(fake.workspaceResourceId, `roleName eq 'Reader'`), auth());
    assert.equal(filter.status, 400);
    assert.match(filter.body, /"code":"UnsupportedQuery"/);
    const unknownRole = await raw(
      fake,
      '/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-4000-8000-000000000000?api-version=2022-04-01',
      auth(),
    );
    assert.equal(unknownRole.status, 404);
    assert.match(unknownRole.body, /"code":"RoleDefinitionDoesNotExist"/);
    const foreign = await raw(
      fake,
      assignmentsPath(
        '/subscriptions/11111111-2222-4333-8444-555555555555',
        `assignedTo('${fake.principalId}')`,
      ),
      auth(),
    );
    assert.equal(foreign.status, 404);
    assert.match(foreign.body, /"code":"SubscriptionNotFound"/);
    const anonymous = await raw(fake, assignmentsPath(fake.workspaceResourceId));
    assert.equal(anonymous.status, 401);
  });
});
