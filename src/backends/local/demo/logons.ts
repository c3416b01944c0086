// Windows logons, shared by SecurityEvent (4624/4625) and DeviceLogonEvents.
import { machineAccount, serviceAccount, userAccount, type Account } from './accounts.js';
import { rngFor, type GenContext } from './context.js';
import { hostByName, type DemoHost } from './org.js';
import { sessionLogonId, STORY_LOGON_ID } from './processes.js';
import { stableHex, type Rng } from './random.js';
import { DAY, HOUR, MINUTE, SECOND, forEachHour, inWindow, startOfUtcDay, workFactor } from './time.js';

export interface LogonEvent {
  time: number;
  host: DemoHost;
  account: Account;
  success: boolean;
  /** 2 interactive, 3 network, 4 batch, 5 service, 7 unlock, 10 remote interactive, 11 cached. */
  logonType: number;
  protocol: 'Kerberos' | 'NTLM' | 'Negotiate';
  remoteIp: string;
  remoteHost: string;
  logonId: number;
  /** NTSTATUS of a failure, e.g. 0xc000006a (bad password), 0xc0000064 (no such user). */
  subStatus?: string;
}

export const LOGON_TYPE_NAMES: Record<number, string> = {
  2: 'Interactive',
  3: 'Network',
  4: 'Batch',
  5: 'Service',
  7: 'Unlock',
  10: 'RemoteInteractive',
  11: 'CachedInteractive',
};

function logonId(rng: Rng): number {
  return rng.int(0x100000, 0x9fffffff);
}

function userDays(ctx: GenContext, rng: Rng, out: LogonEvent[]): void {
  const dcs = [hostByName(ctx.org, 'FB-DC01'), hostByName(ctx.org, 'FB-DC02')];
  const fileServer = hostByName(ctx.org, 'FB-FS01');
  ctx.org.users.forEach((user) => {
    const ws = hostByName(ctx.org, user.workstation);
    const account = userAccount(ctx.org, user);
    for (let day = startOfUtcDay(ctx.window.start); day < ctx.window.end; day += DAY) {
      const start = day + (8 - ctx.org.utcOffsetHours) * HOUR + rng.int(-50, 70) * MINUTE;
      if (workFactor(start + 2 * HOUR, ctx.org.utcOffsetHours) < 0.5) continue;
      const session = sessionLogonId(user, start);
      const add = (e: Omit<LogonEvent, 'account'>): void => {
        if (inWindow(ctx.window, e.time)) out.push({ ...e, account });
      };
      if (rng.chance(0.03))
        add({
          time: start - 20 * SECOND,
          host: ws,
          success: false,
          logonType: 2,
          protocol: 'Negotiate',
          remoteIp: '127.0.0.1',
          remoteHost: ws.name,
          logonId: 0,
          subStatus: '0xc000006a',
        });
      add({
        time: start,
        host: ws,
        success: true,
        logonType: 2,
        protocol: 'Kerberos',
        remoteIp: '127.0.0.1',
        remoteHost: ws.name,
        logonId: session,
      });
      for (let i = rng.int(1, 4); i > 0; i--)
        add({
          time: start + rng.int(1, 9) * HOUR + rng.int(0, 59) * MINUTE,
          host: ws,
          success: true,
          logonType: 7,
          protocol: 'Negotiate',
          remoteIp: '127.0.0.1',
          remoteHost: ws.name,
          logonId: logonId(rng),
        });
      for (let i = rng.int(6, 14); i > 0; i--) {
        const time = start + rng.int(0, 9 * 60) * MINUTE + rng.int(0, 59) * SECOND;
        const target = rng.chance(0.7) ? rng.pick(dcs) : fileServer;
        add({
          time,
          host: target,
          success: true,
          logonType: 3,
          protocol: 'Kerberos',
          remoteIp: ws.ip,
          remoteHost: ws.name,
          logonId: logonId(rng),
        });
      }
    }
  });
}

function machines(ctx: GenContext, rng: Rng, out: LogonEvent[]): void {
  const dcs = [hostByName(ctx.org, 'FB-DC01'), hostByName(ctx.org, 'FB-DC02')];
  ctx.org.hosts.forEach((host, i) => {
    if (host.os !== 'Windows' || host.role === 'domain-controller') return;
    const account = machineAccount(ctx.org, host.name, 2000 + i);
    for (
      let t = ctx.window.start + rng.int(0, 8 * HOUR);
      t < ctx.window.end;
      t += 8 * HOUR + rng.int(-20, 20) * MINUTE
    ) {
      out.push({
        time: t,
        host: rng.pick(dcs),
        account,
        success: true,
        logonType: 3,
        protocol: 'Kerberos',
        remoteIp: host.ip,
        remoteHost: host.name,
        logonId: logonId(rng),
      });
    }
  });
}

function serviceAccounts(ctx: GenContext, rng: Rng, out: LogonEvent[]): void {
  const sql = hostByName(ctx.org, 'FB-SQL01');
  const fs = hostByName(ctx.org, 'FB-FS01');
  const report = serviceAccount(ctx.org, 'svc-report', 1303);
  const backup = serviceAccount(ctx.org, 'svc-backup', 1301);
  forEachHour(ctx.window, (hour) => {
    const time = hour + 2 * SECOND + rng.int(0, 900);
    if (inWindow(ctx.window, time))
      out.push({
        time,
        host: sql,
        account: report,
        success: false,
        logonType: 4,
        protocol: 'Negotiate',
        remoteIp: '-',
        remoteHost: sql.name,
        logonId: 0,
        subStatus: '0xc000006a',
      });
    if (
      new Date(hour + ctx.org.utcOffsetHours * HOUR).getUTCHours() === 2 &&
      inWindow(ctx.window, hour + SECOND)
    ) {
      out.push({
        time: hour + SECOND,
        host: fs,
        account: backup,
        success: true,
        logonType: 4,
        protocol: 'Negotiate',
        remoteIp: '-',
        remoteHost: fs.name,
        logonId: 0x7d2e1,
      });
    }
  });
}

/** Legitimate remote work through the RD Gateway, from home addresses. */
function gatewayUsers(ctx: GenContext, rng: Rng, out: LogonEvent[]): void {
  const gw = hostByName(ctx.org, 'FB-RDGW01');
  const members = new Set(ctx.org.groups.find((g) => g.displayName === 'SG-RDGW-Users')?.members ?? []);
  const users = ctx.org.users.filter(
    (u) => members.has(u.objectId) && u.objectId !== ctx.story.compromisedUser.objectId,
  );
  forEachHour(ctx.window, (hour) => {
    const n = rng.poisson(0.4 * workFactor(hour, ctx.org.utcOffsetHours) + 0.02);
    for (let i = 0; i < n; i++) {
      const user = rng.pick(users);
      const time = hour + rng.int(0, HOUR - 1);
      if (inWindow(ctx.window, time))
        out.push({
          time,
          host: gw,
          account: userAccount(ctx.org, user),
          success: true,
          logonType: 3,
          protocol: 'NTLM',
          remoteIp: user.homeIp,
          remoteHost: user.workstation,
          logonId: logonId(rng),
        });
    }
  });
}

function spray(ctx: GenContext, rng: Rng, out: LogonEvent[]): void {
  const s = ctx.story.passwordSpray;
  const gw = hostByName(ctx.org, s.gateway);
  const start = Date.parse(s.start);
  const span = Date.parse(s.end) - start;
  const names = [
    ...ctx.org.users.map((u) => ({ account: userAccount(ctx.org, u), exists: true })),
    ...s.nonexistentAccounts.map((upn) => ({
      account: {
        name: upn.split('@')[0] ?? upn,
        domain: ctx.org.netbios,
        sid: 'S-1-0-0',
        upn: '',
        objectId: '',
        isAdmin: false,
      },
      exists: false,
    })),
  ];
  for (let round = 0; round < 3; round++) {
    names.forEach(({ account, exists }, i) => {
      const ip = rng.pick(s.ips);
      const time = Math.floor(
        start +
          (round * span) / 3 +
          (i * (span / 3 - MINUTE)) / names.length +
          rng.int(0, 9000) +
          20 * SECOND,
      );
      const success = round === 2 && account.upn === ctx.story.compromisedUser.userPrincipalName;
      // The right password on the gateway is a success: the spray's one hit, the attacker's way in later.
      out.push({
        time,
        host: gw,
        account,
        success,
        logonType: 3,
        protocol: 'NTLM',
        remoteIp: ip.address,
        remoteHost: `DESKTOP-${stableHex(ip.address, 7).toUpperCase()}`,
        logonId: success ? logonId(rng) : 0,
        ...(success ? {} : { subStatus: exists ? '0xc000006a' : '0xc0000064' }),
      });
    });
  }
}

function attacker(ctx: GenContext, rng: Rng, out: LogonEvent[]): void {
  const s = ctx.story;
  const gw = hostByName(ctx.org, s.remoteLogon.gateway);
  const account = userAccount(ctx.org, s.compromisedUser);
  const time = Date.parse(s.remoteLogon.time);
  out.push({
    time,
    host: gw,
    account,
    success: true,
    logonType: 3,
    protocol: 'NTLM',
    remoteIp: s.remoteLogon.sourceIp,
    remoteHost: `DESKTOP-${stableHex(s.remoteLogon.sourceIp, 7).toUpperCase()}`,
    logonId: logonId(rng),
  });
  out.push({
    time: time + 19 * SECOND,
    host: s.host,
    account,
    success: true,
    logonType: 10,
    protocol: 'Negotiate',
    remoteIp: s.remoteLogon.gatewayIp,
    remoteHost: gw.name,
    logonId: STORY_LOGON_ID,
  });
}

export function generateLogonEvents(ctx: GenContext): LogonEvent[] {
  const out: LogonEvent[] = [];
  userDays(ctx, rngFor(ctx, 'logons:users'), out);
  machines(ctx, rngFor(ctx, 'logons:machines'), out);
  serviceAccounts(ctx, rngFor(ctx, 'logons:services'), out);
  gatewayUsers(ctx, rngFor(ctx, 'logons:gateway'), out);
  spray(ctx, rngFor(ctx, 'logons:spray'), out);
  attacker(ctx, rngFor(ctx, 'logons:attacker'), out);
  return out;
}
