// AuditLogs: Entra ID directory changes, plus the attacker's new MFA method and the role grant.
import type { Cell } from '../../backend.js';
import { rngFor, type GenContext } from './context.js';
import type { DemoUser } from './org.js';
import { userByUpn } from './org.js';
import type { Rng } from './random.js';
import { TableRows, type Row } from './table.js';
import { DAY, HOUR, MINUTE, iso, startOfUtcDay, workFactor } from './time.js';

interface Change {
  time: number;
  activity: string;
  category: string;
  service: string;
  operationType: string;
  actor: DemoUser | 'app';
  actorIp?: string;
  target: Record<string, Cell>;
  reason?: string;
  extra?: Record<string, Cell>[];
}

const SYNC_APP = {
  appId: 'cb1056e2-e479-49de-ae31-7812af012ed8',
  displayName: 'Microsoft Azure AD Connect',
  servicePrincipalId: '6b6a0a2e-9f1f-4a8c-8a1e-0d4b7c2e5a11',
  servicePrincipalName: null,
};

function userTarget(u: DemoUser, modified: [string, string, string][] = []): Record<string, Cell> {
  return {
    id: u.objectId,
    displayName: null,
    type: 'User',
    userPrincipalName: u.userPrincipalName,
    modifiedProperties: modified.map(([displayName, oldValue, newValue]) => ({
      displayName,
      oldValue,
      newValue,
    })),
    administrativeUnits: [],
  };
}

function row(ctx: GenContext, rng: Rng, c: Change): Row {
  const initiatedBy: Cell =
    c.actor === 'app'
      ? { app: SYNC_APP }
      : {
          user: {
            id: c.actor.objectId,
            displayName: null,
            userPrincipalName: c.actor.userPrincipalName,
            ipAddress: c.actorIp ?? ctx.org.officeEgressIp,
            roles: [],
          },
        };
  const id = `Directory_${rng.uuid()}_${rng.hex(5).toUpperCase()}_${rng.int(10000000, 99999999)}`;
  return {
    TimeGenerated: iso(c.time),
    ActivityDateTime: iso(c.time),
    ActivityDisplayName: c.activity,
    OperationName: c.activity,
    OperationVersion: '1.0',
    AADOperationType: c.operationType,
    Category: c.category,
    LoggedByService: c.service,
    Result: 'success',
    ResultType: '',
    ResultSignature: 'None',
    ResultDescription: '',
    ResultReason: c.reason ?? '',
    Id: id,
    CorrelationId: rng.uuid(),
    DurationMs: 0,
    Identity: c.actor === 'app' ? SYNC_APP.displayName : '',
    InitiatedBy: initiatedBy,
    TargetResources: [c.target],
    AdditionalDetails: c.extra ?? [
      {
        key: 'User-Agent',
        value:
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80',
      },
    ],
    AADTenantId: ctx.org.tenantId,
    Level: '4',
    Location: 'US',
    Resource: 'Microsoft.aadiam',
    ResourceGroup: 'Microsoft.aadiam',
    ResourceId: `/tenants/${ctx.org.tenantId}/providers/Microsoft.aadiam`,
    ResourceProvider: 'Microsoft.aadiam',
    SourceSystem: 'Azure AD',
  };
}

type Maker = (rng: Rng, ctx: GenContext, time: number) => Change;

const MAKERS: readonly (readonly [Maker, number])[] = [
  [
    (rng, ctx, time) => ({
      time,
      activity: 'Update user',
      category: 'UserManagement',
      service: 'Core Directory',
      operationType: 'Update',
      actor: 'app',
      target: userTarget(rng.pick(ctx.org.users), [
        ['LastDirSyncTime', '', ''],
        ['Included Updated Properties', '', '"LastDirSyncTime"'],
      ]),
    }),
    10,
  ],
  [
    (rng, ctx, time) => {
      const u = rng.pick(ctx.org.users);
      return {
        time,
        activity: 'Change user password',
        category: 'UserManagement',
        service: 'Core Directory',
        operationType: 'Update',
        actor: u,
        actorIp: u.homeIp,
        target: userTarget(u),
      };
    },
    1,
  ],
  [
    (rng, ctx, time) => {
      const u = rng.pick(ctx.org.users);
      return {
        time,
        activity: 'Reset password (self-service)',
        category: 'UserManagement',
        service: 'Self-service Password Management',
        operationType: 'Update',
        actor: u,
        target: userTarget(u),
        reason: 'User successfully reset password',
      };
    },
    0.5,
  ],
  [
    (rng, ctx, time) => {
      const admin = rng.pick(ctx.org.users.filter((u) => u.department === 'IT'));
      const g = rng.pick(ctx.org.groups.filter((x) => x.groupTypes.length === 0));
      const u = rng.pick(ctx.org.users);
      return {
        time,
        activity: 'Add member to group',
        category: 'GroupManagement',
        service: 'Core Directory',
        operationType: 'Assign',
        actor: admin,
        target: {
          ...userTarget(u, [
            ['Group.ObjectID', '', `"${g.objectId}"`],
            ['Group.DisplayName', '', `"${g.displayName}"`],
          ]),
        },
      };
    },
    1,
  ],
  [
    (rng, ctx, time) => {
      const u = rng.pick(ctx.org.users);
      return {
        time,
        activity: 'Update device',
        category: 'Device',
        service: 'Core Directory',
        operationType: 'Update',
        actor: 'app',
        target: {
          id: u.objectId,
          displayName: u.workstation,
          type: 'Device',
          modifiedProperties: [
            { displayName: 'ApproximateLastLogonTimestamp', oldValue: null, newValue: null },
          ],
          administrativeUnits: [],
        },
      };
    },
    4,
  ],
  [
    (rng, ctx, time) => {
      const u = rng.pick(ctx.org.users);
      return {
        time,
        activity: 'User registered security info',
        category: 'UserManagement',
        service: 'Authentication Methods',
        operationType: 'Add',
        actor: u,
        actorIp: u.homeIp,
        target: userTarget(u),
        reason: 'User registered Mobile Phone SMS',
      };
    },
    0.3,
  ],
];

function everyday(ctx: GenContext, rng: Rng, out: TableRows): void {
  for (let day = startOfUtcDay(ctx.window.start); day < ctx.window.end; day += DAY) {
    for (let h = 0; h < 24; h++) {
      const hour = day + h * HOUR;
      const n = rng.poisson(3 * workFactor(hour, ctx.org.utcOffsetHours) + 0.3);
      for (let i = 0; i < n; i++) {
        const time = hour + rng.int(0, HOUR - 1);
        if (time < ctx.window.start || time >= ctx.window.end) continue;
        out.add(row(ctx, rng, rng.weighted(MAKERS)(rng, ctx, time)));
      }
    }
  }
}

function storyRows(ctx: GenContext, rng: Rng, out: TableRows): void {
  const s = ctx.story;
  const victim = s.compromisedUser;
  out.add(
    row(ctx, rng, {
      time: Date.parse(s.mfaRegistration.time),
      activity: 'User registered security info',
      category: 'UserManagement',
      service: 'Authentication Methods',
      operationType: 'Add',
      actor: victim,
      actorIp: s.attackerSignIn.address,
      target: userTarget(victim),
      reason: 'User registered Authenticator App with Notification and Code',
      extra: [{ key: 'User-Agent', value: s.attackerSignIn.userAgent }],
    }),
  );
  const grant = s.incidents.find((i) => i.title.startsWith('User added to a privileged'));
  if (grant) {
    const kevin = userByUpn(ctx.org, `kevin.park@${ctx.org.domain}`);
    const diana = userByUpn(ctx.org, `diana.popescu@${ctx.org.domain}`);
    const time = Date.parse(grant.firstActivityTime) + MINUTE;
    const roleProps: [string, string, string][] = [
      ['Role.DisplayName', '', '"Conditional Access Administrator"'],
      ['Role.TemplateId', '', '"b1be1c3e-b65d-4f19-8427-f6fa0d97feb9"'],
    ];
    out.add(
      row(ctx, rng, {
        time,
        activity: 'Add member to role',
        category: 'RoleManagement',
        service: 'Core Directory',
        operationType: 'Assign',
        actor: kevin,
        target: userTarget(diana, roleProps),
      }),
    );
  }
}

export function generateAuditLogs(ctx: GenContext): TableRows {
  const out = new TableRows('AuditLogs');
  everyday(ctx, rngFor(ctx, 'AuditLogs'), out);
  storyRows(ctx, rngFor(ctx, 'AuditLogs:story'), out);
  return out;
}
