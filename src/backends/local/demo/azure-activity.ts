// AzureActivity: control-plane operations on the production subscription.
import type { Cell } from '../../backend.js';
import { rngFor, type GenContext } from './context.js';
import type { DemoUser } from './org.js';
import { stableUuid, type Rng } from './random.js';
import { TableRows, type Row } from './table.js';
import { HOUR, SECOND, forEachHour, inWindow, iso, workFactor } from './time.js';

interface Operation {
  value: string;
  name: string;
  /** Resource type path under the provider, with `{n}` replaced by a resource name. */
  resource: (rng: Rng) => string;
  category?: 'Administrative' | 'Policy';
  automated?: boolean;
}

const VMS = [
  'FB-DC01',
  'FB-DC02',
  'FB-RDGW01',
  'FB-FS01',
  'FB-SQL01',
  'FB-APP01',
  'fb-web01',
  'fb-web02',
  'fb-db01',
  'fb-jump01',
  'fb-syslog01',
];
const vm = (rng: Rng): string => `Microsoft.Compute/virtualMachines/${rng.pick(VMS)}`;
const OPS: readonly (readonly [Operation, number])[] = [
  [
    {
      value: 'Microsoft.Compute/virtualMachines/write',
      name: 'Create or Update Virtual Machine',
      resource: vm,
    },
    3,
  ],
  [
    {
      value: 'Microsoft.Compute/virtualMachines/start/action',
      name: 'Start Virtual Machine',
      resource: vm,
      automated: true,
    },
    2,
  ],
  [
    {
      value: 'Microsoft.Compute/virtualMachines/deallocate/action',
      name: 'Deallocate Virtual Machine',
      resource: vm,
      automated: true,
    },
    2,
  ],
  [
    {
      value: 'Microsoft.Compute/snapshots/write',
      name: 'Create or Update Snapshot',
      resource: (r) => `Microsoft.Compute/snapshots/snap-${r.pick(VMS).toLowerCase()}-${r.int(100, 999)}`,
      automated: true,
    },
    3,
  ],
  [
    {
      value: 'Microsoft.Storage/storageAccounts/listKeys/action',
      name: 'List Storage Account Keys',
      resource: (r) =>
        `Microsoft.Storage/storageAccounts/${r.pick(['stfernbrookbackup', 'stfernbrookweb', 'stfernbrooklogs'])}`,
      automated: true,
    },
    4,
  ],
  [
    {
      value: 'Microsoft.Network/networkSecurityGroups/securityRules/write',
      name: 'Create or Update Security Rule',
      resource: (r) =>
        `Microsoft.Network/networkSecurityGroups/nsg-${r.pick(['web', 'mgmt', 'data'])}/securityRules/allow-${r.pick(['https', 'ssh-bastion', 'sql-app'])}`,
    },
    1,
  ],
  [
    {
      value: 'Microsoft.Resources/deployments/write',
      name: 'Create Deployment',
      resource: (r) => `Microsoft.Resources/deployments/web-release-${r.int(1000, 9999)}`,
    },
    2,
  ],
  [
    {
      value: 'Microsoft.Web/sites/restart/action',
      name: 'Restart Web App',
      resource: () => 'Microsoft.Web/sites/app-fernbrook-portal',
    },
    1,
  ],
  [
    {
      value: 'Microsoft.KeyVault/vaults/write',
      name: 'Update Key Vault',
      resource: () => 'Microsoft.KeyVault/vaults/kv-fernbrook-prod',
    },
    0.5,
  ],
  [
    {
      value: 'Microsoft.Sql/servers/firewallRules/write',
      name: 'Create/Update server firewall rule',
      resource: () => 'Microsoft.Sql/servers/sql-fernbrook-prod/firewallRules/office',
    },
    0.3,
  ],
  [
    {
      value: 'Microsoft.Authorization/policies/audit/action',
      name: "'audit' Policy action.",
      resource: vm,
      category: 'Policy',
      automated: true,
    },
    6,
  ],
];

const AUTOMATION = { id: stableUuid('fernbrook:sp:automation'), name: 'aa-fernbrook-ops' };

interface Op {
  time: number;
  op: Operation;
  resourcePath: string;
  caller: DemoUser | typeof AUTOMATION;
  ip: string;
}

function rows(ctx: GenContext, rng: Rng, o: Op): Row[] {
  const sub = ctx.org.subscriptionId;
  const rg = ctx.org.resourceGroup;
  const provider = o.op.value.split('/')[0] ?? '';
  const resourceId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/${o.resourcePath}`;
  const name = o.resourcePath.split('/').at(-1) ?? '';
  const caller = 'userPrincipalName' in o.caller ? o.caller.userPrincipalName : o.caller.id;
  const claims: Record<string, Cell> =
    'userPrincipalName' in o.caller
      ? {
          name: o.caller.displayName,
          'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': o.caller.userPrincipalName,
          'http://schemas.microsoft.com/identity/claims/objectidentifier': o.caller.objectId,
          ipaddr: o.ip,
          appid: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
        }
      : {
          'http://schemas.microsoft.com/identity/claims/objectidentifier': o.caller.id,
          appid: stableUuid('fernbrook:app:automation'),
          idtyp: 'app',
        };
  const authorization = {
    action: o.op.value,
    scope: resourceId,
    evidence: {
      role: 'Contributor',
      roleAssignmentScope: `/subscriptions/${sub}`,
      principalType: 'userPrincipalName' in o.caller ? 'User' : 'ServicePrincipal',
    },
  };
  const correlation = rng.uuid();
  const operationId = rng.uuid();
  const policy = o.op.category === 'Policy';
  const phases: [string, string, string, number][] = policy
    ? [['Success', 'Succeeded', '', 0]]
    : [
        ['Start', 'Started', '', 0],
        ['Success', 'Succeeded', o.op.value.endsWith('write') ? 'Created' : 'OK', rng.int(2, 90) * SECOND],
      ];
  return phases.map(([statusValue, status, substatus, delay]) => {
    const properties = {
      eventCategory: policy ? 'Policy' : 'Administrative',
      entity: resourceId,
      message: o.op.value,
      hierarchy: `${ctx.org.tenantId}/${sub}`,
      ...(substatus ? { statusCode: substatus } : {}),
    };
    return {
      TimeGenerated: iso(o.time + delay),
      EventSubmissionTimestamp: iso(o.time + delay + 4 * SECOND),
      OperationNameValue: o.op.value.toUpperCase(),
      OperationName: o.op.name,
      OperationId: operationId,
      CorrelationId: correlation,
      EventDataId: rng.uuid(),
      ActivityStatusValue: statusValue,
      ActivityStatus: status,
      ActivitySubstatusValue: substatus,
      ActivitySubstatus: substatus,
      Caller: caller,
      CallerIpAddress: o.ip,
      Category: policy ? 'Policy' : 'Administrative',
      CategoryValue: policy ? 'Policy' : 'Administrative',
      Level: policy ? 'Warning' : 'Informational',
      Resource: name,
      ResourceGroup: rg.toUpperCase(),
      ResourceProvider: provider,
      ResourceProviderValue: provider.toUpperCase(),
      ResourceId: resourceId,
      _ResourceId: resourceId.toLowerCase(),
      SubscriptionId: sub,
      Hierarchy: `${ctx.org.tenantId}/${sub}`,
      HTTPRequest: JSON.stringify({
        clientRequestId: correlation,
        clientIpAddress: o.ip,
        method: o.op.value.endsWith('write') ? 'PUT' : 'POST',
      }),
      Authorization: JSON.stringify(authorization),
      Authorization_d: authorization,
      Claims: JSON.stringify(claims),
      Claims_d: claims,
      Properties: JSON.stringify(properties),
      Properties_d: properties,
      SourceSystem: 'Azure',
    };
  });
}

export function generateAzureActivity(ctx: GenContext): TableRows {
  const rng = rngFor(ctx, 'AzureActivity');
  const out = new TableRows('AzureActivity');
  const people = ctx.org.users.filter(
    (u) => u.isAdmin || u.samAccountName === 'yusuf.demir' || u.samAccountName === 'oscar.nilsson',
  );
  forEachHour(ctx.window, (hour) => {
    const n = rng.poisson(10 * workFactor(hour, ctx.org.utcOffsetHours) + 1.5);
    for (let i = 0; i < n; i++) {
      const time = hour + rng.int(0, HOUR - 1);
      if (!inWindow(ctx.window, time)) continue;
      const op = rng.weighted(OPS);
      const person = op.automated && rng.chance(0.8) ? AUTOMATION : rng.pick(people);
      const ip =
        person === AUTOMATION
          ? '20.42.65.92'
          : 'homeIp' in person && rng.chance(0.4)
            ? person.homeIp
            : ctx.org.officeEgressIp;
      for (const r of rows(ctx, rng, { time, op, resourcePath: op.resource(rng), caller: person, ip }))
        out.add(r);
    }
  });
  const grant = ctx.story.incidents.find((i) => i.title.startsWith('Role assignment created'));
  const diana = ctx.org.users.find((u) => u.samAccountName === 'diana.popescu');
  if (grant && diana) {
    const op: Operation = {
      value: 'Microsoft.Authorization/roleAssignments/write',
      name: 'Create role assignment',
      resource: () => '',
    };
    const path = `Microsoft.Authorization/roleAssignments/${stableUuid('fernbrook:roleassignment:backup')}`;
    for (const r of rows(ctx, rng, {
      time: Date.parse(grant.firstActivityTime) + SECOND,
      op,
      resourcePath: path,
      caller: diana,
      ip: ctx.org.officeEgressIp,
    })) {
      r['ResourceId'] = `/subscriptions/${ctx.org.subscriptionId}/providers/${path}`;
      r['_ResourceId'] = String(r['ResourceId']).toLowerCase();
      r['ResourceGroup'] = '';
      out.add(r);
    }
  }
  return out;
}
