// Read access decided from role definitions' actions (wildcards, notActions), never from role names;
// the caller's own assignments only; each role definition fetched once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scopeRelation, summarize } from '../../src/backends/azure/authorization.js';
import {
  actionMatches,
  blockGrants,
  rolesGrant,
  toolsetAccess,
} from '../../src/backends/azure/permissions.js';
import { ToolError } from '../../src/util/errors.js';
import { CALLER_OID, exampleBody, SETTINGS, StubCredential, StubHttp, stubBackend } from './azure-stub.js';

const WS =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-sec/providers/Microsoft.OperationalInsights/workspaces/ws-sentinel';

/** Built-in role definitions as Azure publishes them (actions only; names play no part in the decision). */
const SENTINEL_READER = {
  roleName: 'Microsoft Sentinel Reader',
  permissions: [
    {
      actions: [
        'Microsoft.SecurityInsights/*/read',
        'Microsoft.OperationalInsights/workspaces/analytics/query/action',
        'Microsoft.OperationalInsights/workspaces/*/read',
        'Microsoft.OperationalInsights/workspaces/savedSearches/read',
        'Microsoft.OperationalInsights/workspaces/query/read',
        'Microsoft.OperationalInsights/workspaces/query/*/read',
        'Microsoft.Insights/workbooks/read',
        'Microsoft.Authorization/*/read',
      ],
      notActions: [],
      dataActions: [],
      notDataActions: [],
    },
  ],
};
const LOG_ANALYTICS_READER = {
  roleName: 'Log Analytics Reader',
  permissions: [
    {
      actions: ['*/read', 'Microsoft.OperationalInsights/workspaces/search/action', 'Microsoft.Support/*'],
      notActions: ['Microsoft.OperationalInsights/workspaces/sharedKeys/read'],
      dataActions: [],
      notDataActions: [],
    },
  ],
};
const MISLEADINGLY_NAMED = {
  roleName: 'Sentinel Full Reader (custom)',
  permissions: [
    {
      actions: ['Microsoft.OperationalInsights/workspaces/read'],
      notActions: [],
      dataActions: ['Microsoft.OperationalInsights/workspaces/query/read'],
      notDataActions: [],
    },
  ],
};

test('wildcards match across segments, ignore case, and notActions subtract', () => {
  assert.equal(actionMatches('*/read', 'Microsoft.OperationalInsights/workspaces/query/read'), true);
  assert.equal(
    actionMatches(
      'Microsoft.SecurityInsights/*/read',
      'microsoft.securityinsights/enrichment/ip/geodata/read',
    ),
    true,
  );
  assert.equal(
    actionMatches('Microsoft.SecurityInsights/*/read', 'Microsoft.SecurityInsights/incidents/write'),
    false,
  );
  assert.equal(
    actionMatches(
      'Microsoft.OperationalInsights/workspaces/query/read',
      'Microsoft.OperationalInsights/workspaces/query/SecurityEvent/read',
    ),
    false,
  );
  assert.equal(actionMatches('*', 'anything/at/all'), true);
  assert.equal(actionMatches('a.b/c', 'aXb/c'), false, 'dots are literal');
  const block = LOG_ANALYTICS_READER.permissions[0]!;
  assert.equal(blockGrants(block, 'Microsoft.OperationalInsights/workspaces/query/read'), true);
  assert.equal(blockGrants(block, 'Microsoft.OperationalInsights/workspaces/sharedKeys/read'), false);
  assert.equal(
    rolesGrant([MISLEADINGLY_NAMED], 'Microsoft.OperationalInsights/workspaces/query/read'),
    false,
    'a data action is not an action',
  );
  assert.equal(
    rolesGrant([MISLEADINGLY_NAMED], 'Microsoft.OperationalInsights/workspaces/query/read', true),
    true,
  );
});

test('per toolset: full, partial, none, unknown, with what is missing', () => {
  const access = toolsetAccess([MISLEADINGLY_NAMED], ['logs', 'workspace', 'incidents', 'entra']);
  const by = Object.fromEntries(access.map((a) => [a.toolset, a]));
  assert.equal(by.logs!.access, 'none');
  assert.deepEqual(by.logs!.missing, ['Microsoft.OperationalInsights/workspaces/query/read']);
  assert.equal(by.workspace!.access, 'partial');
  assert.equal(by.incidents!.access, 'none');
  assert.equal(by.entra!.access, 'unknown');
  const reader = toolsetAccess(
    [SENTINEL_READER],
    ['logs', 'tables', 'incidents', 'analytics', 'watchlists', 'enrichment'],
  );
  assert.ok(
    reader.every((a) => a.access === 'full'),
    JSON.stringify(reader),
  );
});

test('scopes: at, above and below the workspace', () => {
  assert.equal(scopeRelation(WS, WS), 'workspace');
  assert.equal(scopeRelation(WS.toLowerCase(), WS), 'workspace');
  assert.equal(scopeRelation('/subscriptions/00000000-0000-0000-0000-000000000001', WS), 'inherited');
  assert.equal(scopeRelation('/', WS), 'inherited');
  assert.equal(scopeRelation(`${WS}/tables/SecurityEvent`, WS), 'child');
});

test('the official example bodies parse into the summary; group and child assignments are told apart', () => {
  const listed = exampleBody('authorization/RoleAssignments_ListForScope.json') as {
    value: { properties: { roleDefinitionId: string; principalId: string; scope: string } }[];
  };
  const official = listed.value[0]!.properties;
  const summary = summarize(
    { objectId: CALLER_OID, name: 'analyst@contoso.com', type: 'User', tenantId: 't' },
    WS,
    {
      assignments: [
        {
          ...official,
          scope: '/subscriptions/00000000-0000-0000-0000-000000000001',
          principalId: 'group-object-id',
        },
        {
          roleDefinitionId: '/x/roleDefinitions/ta',
          principalId: official.principalId,
          scope: `${WS}/tables/SecurityEvent`,
        },
      ],
      roles: new Map<string, never>([
        [official.roleDefinitionId.toLowerCase(), SENTINEL_READER as never],
        ['/x/roledefinitions/ta', LOG_ANALYTICS_READER as never],
      ]),
    },
    ['logs', 'incidents'],
  );
  assert.equal(summary.assignments.length, 2);
  assert.equal(summary.assignments[0]!.role, 'Microsoft Sentinel Reader');
  assert.equal(summary.assignments[0]!.appliesTo, 'inherited');
  assert.equal(summary.assignments[0]!.viaGroup, true);
  assert.equal(summary.assignments[1]!.appliesTo, 'child');
  assert.equal(summary.assignments[1]!.viaGroup, false);
  assert.equal(summary.queryAccess, true);
  assert.deepEqual(
    summary.toolsets.map((t) => [t.toolset, t.access]),
    [
      ['logs', 'full'],
      ['incidents', 'full'],
    ],
  );
});

test('a role assigned only on a table does not grant the workspace, and the note says where it applies', () => {
  const summary = summarize(
    { objectId: CALLER_OID, name: null, type: 'User', tenantId: null },
    WS,
    {
      assignments: [
        { roleDefinitionId: '/r/la', principalId: CALLER_OID, scope: `${WS}/tables/SecurityEvent` },
      ],
      roles: new Map<string, never>([['/r/la', LOG_ANALYTICS_READER as never]]),
    },
    ['logs'],
  );
  assert.equal(summary.queryAccess, false);
  assert.equal(summary.toolsets[0]!.access, 'none');
  assert.match(summary.toolsets[0]!.note ?? '', /granted only below the workspace .*tables\/SecurityEvent/);
});

test('through the SDK: the caller oid filters the list, each role definition is fetched once', async () => {
  const definition = exampleBody('authorization/GetRoleDefinitionById.json') as Record<string, unknown>;
  const readerBody = {
    ...definition,
    properties: {
      roleName: 'Microsoft Sentinel Reader',
      type: 'BuiltInRole',
      permissions: SENTINEL_READER.permissions,
    },
  };
  const listed = exampleBody('authorization/RoleAssignments_ListForScope.json') as {
    value: { properties: Record<string, string> }[];
  };
  const assignment = listed.value[0]!;
  const http = new StubHttp()
    .on('GET', /\/providers\/Microsoft\.Authorization\/roleAssignments$/, {
      body: {
        value: [
          { ...assignment, properties: { ...assignment.properties, scope: WS } },
          {
            ...assignment,
            name: 'second',
            properties: {
              ...assignment.properties,
              scope: '/subscriptions/00000000-0000-0000-0000-000000000001',
            },
          },
        ],
      },
    })
    .on('GET', /\/roleDefinitions\/[^/]+$/, { body: readerBody });
  const backend = await stubBackend(http);
  const summary = await backend.connection.authorizationSummary({ toolsets: ['logs', 'analytics'] });
  const list = http.requests.find((r) => r.url.pathname.endsWith('/roleAssignments'))!;
  assert.equal(list.url.searchParams.get('$filter'), `assignedTo('${CALLER_OID}')`);
  assert.equal(list.url.pathname, `${WS}/providers/Microsoft.Authorization/roleAssignments`);
  assert.equal(http.requests.filter((r) => /roleDefinitions/.test(r.url.pathname)).length, 1);
  assert.equal(summary.principal.objectId, CALLER_OID);
  assert.equal(summary.principal.type, 'User');
  assert.equal(summary.assignments.length, 2);
  assert.deepEqual(
    summary.toolsets.map((t) => t.access),
    ['full', 'full'],
  );
  await backend.close();
});

test('no oid claim: UNSUPPORTED, not a guess', async () => {
  const backend = await stubBackend(new StubHttp(), { credential: new StubCredential({ appid: 'x' }) });
  await assert.rejects(
    backend.connection.authorizationSummary(),
    (e: unknown) => e instanceof ToolError && e.code === 'UNSUPPORTED',
  );
  assert.equal(SETTINGS.workspaceName, 'ws-sentinel');
});
