// Syslog from the Linux servers: sshd (with the internet's brute forcing on the bastion), sudo,
// cron, systemd and the kernel firewall.
import { rngFor, type GenContext } from './context.js';
import type { DemoHost } from './org.js';
import type { Rng } from './random.js';
import { SCANNER_IPS, SSH_BRUTE_FORCE_IPS } from './reference.js';
import { TableRows, type Row } from './table.js';
import { HOUR, MINUTE, SECOND, forEachHour, forEachTick, inWindow, iso, workFactor } from './time.js';

const GUESSED_USERS = [
  'root',
  'admin',
  'ubuntu',
  'test',
  'oracle',
  'postgres',
  'user',
  'git',
  'ftpuser',
  'deploy',
];
const OPERATORS = ['yusuf.demir', 'oscar.nilsson', 'aisha.bello', 'diana.popescu'];

function row(
  host: DemoHost,
  time: number,
  facility: string,
  severity: string,
  process: string,
  pid: number,
  message: string,
): Row {
  return {
    TimeGenerated: iso(time),
    EventTime: iso(time),
    Computer: host.name,
    HostName: host.name,
    HostIP: host.ip,
    Facility: facility,
    SeverityLevel: severity,
    ProcessName: process,
    ProcessID: pid,
    SyslogMessage: message,
    SourceSystem: 'Linux',
    _ResourceId: host.resourceId?.toLowerCase(),
  };
}

function cron(ctx: GenContext, rng: Rng, host: DemoHost, out: TableRows): void {
  forEachTick(ctx.window, 10 * MINUTE, rng.int(0, 59) * SECOND, (t) => {
    out.add(
      row(
        host,
        t,
        'cron',
        'info',
        'CRON',
        rng.int(10000, 99999),
        rng.pick([
          '(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)',
          '(root) CMD (/usr/local/bin/healthcheck.sh >/dev/null 2>&1)',
          '(www-data) CMD (php /var/www/app/artisan schedule:run >> /dev/null 2>&1)',
        ]),
      ),
    );
  });
}

function sshNoise(ctx: GenContext, rng: Rng, host: DemoHost, out: TableRows): void {
  const burst = ctx.story.incidents.find((i) => i.title.startsWith('SSH brute force'));
  const burstStart = burst ? Date.parse(burst.firstActivityTime) : 0;
  const burstEnd = burst ? Date.parse(burst.lastActivityTime) : 0;
  forEachHour(ctx.window, (hour) => {
    const inBurst = hour + HOUR > burstStart && hour < burstEnd;
    for (let i = rng.poisson(inBurst ? 400 : 14); i > 0; i--) {
      const time = inBurst ? burstStart + rng.int(0, burstEnd - burstStart) : hour + rng.int(0, HOUR - 1);
      if (!inWindow(ctx.window, time)) continue;
      const ip = inBurst ? rng.pick(SSH_BRUTE_FORCE_IPS) : rng.pick(SCANNER_IPS);
      const user = rng.pick(GUESSED_USERS);
      const port = rng.int(30000, 65000);
      const pid = rng.int(100000, 999999);
      const invalid = user !== 'root' && user !== 'ubuntu';
      out.add(
        row(
          host,
          time,
          'auth',
          'info',
          'sshd',
          pid,
          invalid
            ? `Invalid user ${user} from ${ip} port ${port}`
            : `Failed password for ${user} from ${ip} port ${port} ssh2`,
        ),
      );
      if (invalid)
        out.add(
          row(
            host,
            time + 2 * SECOND,
            'auth',
            'info',
            'sshd',
            pid,
            `Failed password for invalid user ${user} from ${ip} port ${port} ssh2`,
          ),
        );
      out.add(
        row(
          host,
          time + 3 * SECOND,
          'auth',
          'info',
          'sshd',
          pid,
          `Connection closed by ${invalid ? 'invalid user ' + user + ' ' : 'authenticating user ' + user + ' '}${ip} port ${port} [preauth]`,
        ),
      );
    }
  });
}

function sessions(ctx: GenContext, rng: Rng, host: DemoHost, jump: DemoHost, out: TableRows): void {
  forEachHour(ctx.window, (hour) => {
    for (let i = rng.poisson(0.9 * workFactor(hour, ctx.org.utcOffsetHours)); i > 0; i--) {
      const time = hour + rng.int(0, HOUR - 1);
      if (!inWindow(ctx.window, time)) continue;
      const user = rng.pick(OPERATORS);
      const pid = rng.int(100000, 999999);
      const from = host === jump ? `203.0.113.${rng.int(30, 80)}` : jump.ip;
      out.add(
        row(
          host,
          time,
          'auth',
          'info',
          'sshd',
          pid,
          `Accepted publickey for ${user} from ${from} port ${rng.int(30000, 65000)} ssh2: ED25519 SHA256:${rng.hex(43)}`,
        ),
      );
      out.add(
        row(
          host,
          time + SECOND,
          'authpriv',
          'info',
          'sshd',
          pid,
          `pam_unix(sshd:session): session opened for user ${user}(uid=${1001 + OPERATORS.indexOf(user)}) by (uid=0)`,
        ),
      );
      out.add(
        row(
          host,
          time + 2 * SECOND,
          'daemon',
          'info',
          'systemd',
          1,
          `Started Session ${rng.int(100, 9999)} of User ${user}.`,
        ),
      );
      if (rng.chance(0.6)) {
        const cmd = rng.pick([
          '/usr/bin/systemctl restart nginx',
          '/usr/bin/apt-get update',
          '/usr/bin/journalctl -u app --since today',
          '/usr/bin/docker ps',
          '/usr/bin/tail -n 200 /var/log/nginx/error.log',
        ]);
        out.add(
          row(
            host,
            time + rng.int(20, 600) * SECOND,
            'authpriv',
            'notice',
            'sudo',
            rng.int(100000, 999999),
            `${user} : TTY=pts/${rng.int(0, 3)} ; PWD=/home/${user} ; USER=root ; COMMAND=${cmd}`,
          ),
        );
      }
      out.add(
        row(
          host,
          time + rng.int(10, 50) * MINUTE,
          'authpriv',
          'info',
          'sshd',
          pid,
          `pam_unix(sshd:session): session closed for user ${user}`,
        ),
      );
    }
  });
}

function kernel(ctx: GenContext, rng: Rng, host: DemoHost, out: TableRows): void {
  forEachHour(ctx.window, (hour) => {
    for (let i = rng.poisson(3); i > 0; i--) {
      const time = hour + rng.int(0, HOUR - 1);
      if (!inWindow(ctx.window, time)) continue;
      const src = rng.pick(SCANNER_IPS);
      out.add(
        row(
          host,
          time,
          'kern',
          'warning',
          'kernel',
          0,
          `[UFW BLOCK] IN=eth0 OUT= MAC=00:0d:3a:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)} SRC=${src} DST=${host.ip} LEN=44 TOS=0x00 PREC=0x00 TTL=${rng.int(40, 250)} ID=${rng.int(1, 65535)} PROTO=TCP SPT=${rng.int(1024, 65535)} DPT=${rng.pick([23, 445, 3389, 5432, 6379, 8080])} WINDOW=1024 RES=0x00 SYN URGP=0`,
        ),
      );
    }
    if (rng.chance(0.05)) {
      const time = hour + rng.int(0, HOUR - 1);
      if (inWindow(ctx.window, time))
        out.add(
          row(
            host,
            time,
            'daemon',
            'err',
            'systemd',
            1,
            'app.service: Main process exited, code=exited, status=1/FAILURE',
          ),
        );
    }
  });
}

export function generateSyslog(ctx: GenContext): TableRows {
  const rng = rngFor(ctx, 'Syslog');
  const out = new TableRows('Syslog');
  const linux = ctx.org.hosts.filter((h) => h.os === 'Linux');
  const jump = linux.find((h) => h.role === 'bastion');
  if (!jump) throw new Error('demo: no bastion host');
  for (const host of linux) {
    cron(ctx, rng, host, out);
    sessions(ctx, rng, host, jump, out);
    kernel(ctx, rng, host, out);
  }
  sshNoise(ctx, rng, jump, out);
  return out;
}
