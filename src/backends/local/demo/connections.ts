// Network connections from Windows hosts, shared by DeviceNetworkEvents and the firewall log.
import { SYSTEM, userAccount, type Account } from './accounts.js';
import { rngFor, type GenContext } from './context.js';
import { hostByName, type DemoHost } from './org.js';
import type { Rng } from './random.js';
import { WEB_DESTINATIONS, binary, type Binary, type WebDestination } from './reference.js';
import { HOUR, SECOND, forEachHour, inWindow, workFactor } from './time.js';

export interface Connection {
  time: number;
  host: DemoHost;
  account: Account;
  process: Binary;
  processId: number;
  commandLine: string;
  remoteIp: string;
  remotePort: number;
  remoteUrl: string;
  localPort: number;
  protocol: 'Tcp' | 'Udp';
  success: boolean;
  sentBytes: number;
  receivedBytes: number;
  /** PAN-OS App-ID, for the firewall's view. */
  app: string;
  /** Firewall URL category, when the firewall logs the URL. */
  urlCategory?: string;
}

const INTERNAL: readonly [string, number, string][] = [
  ['FB-DC01', 389, 'ldap'],
  ['FB-DC01', 88, 'kerberos'],
  ['FB-DC02', 445, 'ms-ds-smb'],
  ['FB-FS01', 445, 'ms-ds-smb'],
  ['FB-APP01', 443, 'ssl'],
];

function destinationFor(rng: Rng, host: DemoHost, department: string | undefined): WebDestination {
  for (;;) {
    const d = rng.pick(WEB_DESTINATIONS);
    if (
      d.processes.some((p) => p === 'Code.exe' || p === 'git.exe' || p === 'node.exe') &&
      department !== 'Engineering' &&
      !d.processes.includes('msedge.exe')
    )
      continue;
    if (
      host.role !== 'workstation' &&
      !d.processes.includes('svchost.exe') &&
      !d.processes.includes('MsSense.exe')
    )
      continue;
    return d;
  }
}

function everyday(ctx: GenContext, rng: Rng, out: Connection[]): void {
  const owners = new Map(ctx.org.users.map((u) => [u.workstation, u]));
  forEachHour(ctx.window, (hour) => {
    const factor = workFactor(hour, ctx.org.utcOffsetHours);
    for (const host of ctx.org.hosts) {
      if (host.os !== 'Windows') continue;
      const owner = owners.get(host.name);
      const n = rng.poisson(owner ? 3.2 * factor + 0.1 : 0.8);
      for (let i = 0; i < n; i++) {
        const time = hour + rng.int(0, HOUR - 1);
        if (!inWindow(ctx.window, time)) continue;
        if (owner && rng.chance(0.15)) {
          const [name, port, app] = rng.pick(INTERNAL);
          const target = hostByName(ctx.org, name);
          out.push(
            connection(
              rng,
              time,
              host,
              userAccount(ctx.org, owner),
              binary('svchost.exe'),
              target.ip,
              port,
              '',
              app,
            ),
          );
          continue;
        }
        const d = destinationFor(rng, host, owner?.department);
        const proc = rng.pick(d.processes.filter((p) => owner || p === 'svchost.exe' || p === 'MsSense.exe'));
        const account =
          owner && proc !== 'svchost.exe' && proc !== 'MsSense.exe' ? userAccount(ctx.org, owner) : SYSTEM;
        out.push(
          connection(rng, time, host, account, binary(proc), rng.pick(d.ips), d.port, d.domain, d.app),
        );
      }
    }
  });
}

function connection(
  rng: Rng,
  time: number,
  host: DemoHost,
  account: Account,
  process: Binary,
  remoteIp: string,
  remotePort: number,
  remoteUrl: string,
  app: string,
): Connection {
  return {
    time,
    host,
    account,
    process,
    processId: rng.int(250, 5000) * 4,
    commandLine: process.fileName,
    remoteIp,
    remotePort,
    remoteUrl,
    localPort: rng.int(49152, 65535),
    protocol: 'Tcp',
    success: rng.chance(0.985),
    sentBytes: rng.int(600, 24000),
    receivedBytes: rng.int(2000, 900000),
    app,
  };
}

function story(ctx: GenContext, rng: Rng, out: Connection[]): void {
  const s = ctx.story;
  const account = userAccount(ctx.org, s.compromisedUser);
  const certutil = s.followUpProcesses.find((p) => p.fileName === 'certutil.exe');
  const rundll = s.followUpProcesses.find((p) => p.fileName === 'rundll32.exe');
  if (certutil) {
    out.push({
      ...connection(
        rng,
        Date.parse(certutil.time) + SECOND,
        s.host,
        account,
        binary('certutil.exe'),
        s.beacon.address,
        80,
        s.beacon.domain,
        'web-browsing',
      ),
      processId: certutil.processId,
      commandLine: certutil.commandLine,
      success: true,
      sentBytes: 412,
      receivedBytes: 318976,
      urlCategory: 'newly-registered-domain',
    });
  }
  for (const t of s.beacon.times) {
    out.push({
      ...connection(
        rng,
        Date.parse(t),
        s.host,
        account,
        binary(s.beacon.process),
        s.beacon.address,
        s.beacon.port,
        s.beacon.domain,
        'ssl',
      ),
      processId: rundll?.processId ?? 5120,
      commandLine: rundll?.commandLine ?? 'rundll32.exe',
      success: true,
      sentBytes: rng.int(1180, 1420),
      receivedBytes: rng.int(310, 520),
    });
  }
}

export function generateConnections(ctx: GenContext): Connection[] {
  const out: Connection[] = [];
  everyday(ctx, rngFor(ctx, 'connections'), out);
  story(ctx, rngFor(ctx, 'connections:story'), out);
  return out;
}
