// Process creations, shared by DeviceProcessEvents and SecurityEvent 4688 so both tell the same story.
import { SYSTEM, serviceAccount, userAccount, type Account } from './accounts.js';
import { rngFor, type GenContext } from './context.js';
import type { DemoHost, DemoUser } from './org.js';
import { hashString, type Rng } from './random.js';
import { binary, type Binary } from './reference.js';
import { HOUR, MINUTE, SECOND, forEachHour, inWindow, startOfUtcDay, workFactor } from './time.js';

export interface ProcessEvent {
  time: number;
  host: DemoHost;
  account: Account;
  logonId: number;
  image: Binary;
  commandLine: string;
  processId: number;
  parent: Binary;
  parentCommandLine: string;
  parentId: number;
  parentCreated: number;
  grandParent: string;
  integrity: 'Medium' | 'High' | 'System';
}

interface Template {
  image: string;
  parent: string;
  grandParent: string;
  cmd: (u: string, rng: Rng) => string;
  system?: boolean;
  departments?: string[];
}

const EDGE = '"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe"';
const OFFICE = 'C:\\Program Files\\Microsoft Office\\root\\Office16';
const DOCS = [
  'Q3 Review.docx',
  'Meeting Notes.docx',
  'Proposal Draft.docx',
  'Budget.xlsx',
  'Forecast.xlsx',
  'Timesheet.xlsx',
];
const USER_TEMPLATES: readonly (readonly [Template, number])[] = [
  [
    {
      image: 'msedge.exe',
      parent: 'explorer.exe',
      grandParent: 'userinit.exe',
      cmd: () => `${EDGE} --profile-directory=Default`,
    },
    5,
  ],
  [
    {
      image: 'msedge.exe',
      parent: 'msedge.exe',
      grandParent: 'explorer.exe',
      cmd: (_u, r) =>
        `${EDGE} --type=renderer --lang=en-US --renderer-client-id=${r.int(5, 90)} --mojo-platform-channel-handle=${r.int(3000, 9000)} /prefetch:1`,
    },
    8,
  ],
  [
    {
      image: 'chrome.exe',
      parent: 'explorer.exe',
      grandParent: 'userinit.exe',
      cmd: () => '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"',
    },
    2,
  ],
  [
    {
      image: 'OUTLOOK.EXE',
      parent: 'explorer.exe',
      grandParent: 'userinit.exe',
      cmd: () => `"${OFFICE}\\OUTLOOK.EXE"`,
    },
    1.5,
  ],
  [
    {
      image: 'WINWORD.EXE',
      parent: 'explorer.exe',
      grandParent: 'userinit.exe',
      cmd: (u, r) =>
        `"${OFFICE}\\WINWORD.EXE" /n "C:\\Users\\${u}\\OneDrive - Fernbrook Labs\\Documents\\${r.pick(DOCS).replace('.xlsx', '.docx')}"`,
    },
    2,
  ],
  [
    {
      image: 'EXCEL.EXE',
      parent: 'explorer.exe',
      grandParent: 'userinit.exe',
      cmd: (u, r) =>
        `"${OFFICE}\\EXCEL.EXE" "C:\\Users\\${u}\\OneDrive - Fernbrook Labs\\Documents\\${r.pick(DOCS).replace('.docx', '.xlsx')}"`,
    },
    2,
  ],
  [
    {
      image: 'ms-teams.exe',
      parent: 'explorer.exe',
      grandParent: 'userinit.exe',
      cmd: () => 'ms-teams.exe --system-initiated',
    },
    1,
  ],
  [
    {
      image: 'OneDrive.exe',
      parent: 'explorer.exe',
      grandParent: 'userinit.exe',
      cmd: () => '"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe" /background',
    },
    0.5,
  ],
  [
    {
      image: 'taskhostw.exe',
      parent: 'svchost.exe',
      grandParent: 'services.exe',
      cmd: () => 'taskhostw.exe -RegisterDevice -ProtectionStateChanged -FreeNetworkOnly',
    },
    2,
  ],
  [
    {
      image: 'backgroundTaskHost.exe',
      parent: 'svchost.exe',
      grandParent: 'services.exe',
      cmd: () =>
        '"C:\\Windows\\system32\\backgroundTaskHost.exe" -ServerName:BackgroundTaskHost.WebAccountProvider',
    },
    2,
  ],
  [
    {
      image: 'RuntimeBroker.exe',
      parent: 'svchost.exe',
      grandParent: 'services.exe',
      cmd: () => 'C:\\Windows\\System32\\RuntimeBroker.exe -Embedding',
    },
    2,
  ],
  [
    {
      image: 'Code.exe',
      parent: 'explorer.exe',
      grandParent: 'userinit.exe',
      cmd: (u) => `"C:\\Users\\${u}\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe"`,
      departments: ['Engineering'],
    },
    1,
  ],
  [
    {
      image: 'git.exe',
      parent: 'Code.exe',
      grandParent: 'explorer.exe',
      cmd: (_u, r) =>
        `git.exe ${r.pick(['fetch origin', 'status -z -uall', 'pull --rebase', 'log --oneline -20'])}`,
      departments: ['Engineering'],
    },
    4,
  ],
  [
    {
      image: 'node.exe',
      parent: 'Code.exe',
      grandParent: 'explorer.exe',
      cmd: (_u, r) =>
        `node.exe ${r.pick(['node_modules\\.bin\\jest --watch', 'server.js', 'node_modules\\typescript\\bin\\tsc -w'])}`,
      departments: ['Engineering'],
    },
    2,
  ],
  [
    {
      image: 'cmd.exe',
      parent: 'explorer.exe',
      grandParent: 'userinit.exe',
      cmd: () => '"C:\\Windows\\system32\\cmd.exe"',
      departments: ['Engineering', 'IT'],
    },
    0.6,
  ],
  [
    {
      image: 'ipconfig.exe',
      parent: 'cmd.exe',
      grandParent: 'explorer.exe',
      cmd: () => 'ipconfig /all',
      departments: ['IT'],
    },
    0.4,
  ],
  [
    {
      image: 'powershell.exe',
      parent: 'explorer.exe',
      grandParent: 'userinit.exe',
      cmd: () => '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"',
      departments: ['IT', 'Engineering'],
    },
    0.4,
  ],
  [
    {
      image: 'mstsc.exe',
      parent: 'explorer.exe',
      grandParent: 'userinit.exe',
      cmd: (_u, r) => `"C:\\Windows\\system32\\mstsc.exe" /v:${r.pick(['FB-APP01', 'FB-SQL01', 'FB-FS01'])}`,
      departments: ['IT'],
    },
    0.4,
  ],
  [
    {
      image: 'Zoom.exe',
      parent: 'explorer.exe',
      grandParent: 'userinit.exe',
      cmd: () => '"C:\\Program Files\\Zoom\\bin\\Zoom.exe" --url=zoommtg://zoom.us/join',
      departments: ['Sales', 'Marketing'],
    },
    1,
  ],
];
const SYSTEM_TEMPLATES: readonly (readonly [Template, number])[] = [
  [
    {
      image: 'svchost.exe',
      parent: 'services.exe',
      grandParent: 'wininit.exe',
      cmd: (_u, r) =>
        `C:\\Windows\\system32\\svchost.exe -k ${r.pick(['netsvcs -p -s Schedule', 'LocalService -p -s EventSystem', 'NetworkService -p -s Dnscache', 'wsappx -p -s ClipSVC'])}`,
      system: true,
    },
    4,
  ],
  [
    {
      image: 'SearchProtocolHost.exe',
      parent: 'svchost.exe',
      grandParent: 'services.exe',
      cmd: () =>
        '"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe1_ Global\\UsGthrCtrlFltPipeMssGthrPipe1 1 -2147483646 "Software\\Microsoft\\Windows Search" "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 4.0 Robot)"',
      system: true,
    },
    2,
  ],
  [
    {
      image: 'MpCmdRun.exe',
      parent: 'svchost.exe',
      grandParent: 'services.exe',
      cmd: () =>
        '"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24040.4-0\\MpCmdRun.exe" -IdleTask -TaskName WdCleanup',
      system: true,
    },
    1,
  ],
  [
    {
      image: 'gpupdate.exe',
      parent: 'svchost.exe',
      grandParent: 'services.exe',
      cmd: () => 'gpupdate.exe /target:computer',
      system: true,
    },
    0.4,
  ],
  [
    {
      image: 'msiexec.exe',
      parent: 'services.exe',
      grandParent: 'wininit.exe',
      cmd: () => 'C:\\Windows\\system32\\msiexec.exe /V',
      system: true,
    },
    0.3,
  ],
  [
    {
      image: 'powershell.exe',
      parent: 'svchost.exe',
      grandParent: 'services.exe',
      cmd: () =>
        '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoProfile -ExecutionPolicy Bypass -File "C:\\Program Files (x86)\\Microsoft Intune Management Extension\\Policies\\Scripts\\Detect-BitLocker.ps1"',
      system: true,
    },
    0.3,
  ],
];

function pid(rng: Rng): number {
  return rng.int(250, 5000) * 4;
}

function make(
  ctx: GenContext,
  rng: Rng,
  host: DemoHost,
  time: number,
  t: Template,
  account: Account,
  logonId: number,
): ProcessEvent {
  return {
    time,
    host,
    account,
    logonId,
    image: binary(t.image),
    commandLine: t.cmd(account.name, rng),
    processId: pid(rng),
    parent: binary(t.parent),
    parentCommandLine:
      t.parent === 'explorer.exe'
        ? 'C:\\Windows\\Explorer.EXE'
        : t.parent === 'services.exe'
          ? 'C:\\Windows\\system32\\services.exe'
          : binary(t.parent).fileName,
    parentId: pid(rng),
    parentCreated: time - rng.int(2 * MINUTE, 9 * HOUR),
    grandParent: t.grandParent,
    integrity: account === SYSTEM ? 'System' : 'Medium',
  };
}

/** The session id of a user's interactive logon on a given day (stable, so logons and processes agree). */
export function sessionLogonId(user: DemoUser, time: number): number {
  return 0x3a0000 + (hashString(`${user.sid}:${startOfUtcDay(time)}`) % 0xfffff);
}

export function generateProcessEvents(ctx: GenContext): ProcessEvent[] {
  const rng = rngFor(ctx, 'processes');
  const out: ProcessEvent[] = [];
  const users = new Map(ctx.org.users.map((u) => [u.workstation, u]));
  const backup = serviceAccount(ctx.org, 'svc-backup', 1301);
  forEachHour(ctx.window, (hour) => {
    const factor = workFactor(hour, ctx.org.utcOffsetHours);
    for (const host of ctx.org.hosts) {
      if (host.os !== 'Windows') continue;
      const user = users.get(host.name);
      const userCount = user ? rng.poisson(2.6 * factor) : 0;
      const systemCount = rng.poisson(user ? 0.25 : 0.9);
      for (let i = 0; i < userCount + systemCount; i++) {
        const time = hour + rng.int(0, HOUR - 1);
        if (!inWindow(ctx.window, time)) continue;
        if (i < userCount && user) {
          const t = pickUserTemplate(rng, user);
          out.push(make(ctx, rng, host, time, t, userAccount(ctx.org, user), sessionLogonId(user, hour)));
        } else {
          out.push(make(ctx, rng, host, time, rng.weighted(SYSTEM_TEMPLATES), SYSTEM, 999));
        }
      }
      if (host.name === 'FB-FS01' && new Date(hour + ctx.org.utcOffsetHours * HOUR).getUTCHours() === 2) {
        const t: Template = {
          image: 'powershell.exe',
          parent: 'svchost.exe',
          grandParent: 'services.exe',
          cmd: () =>
            'powershell.exe -NoProfile -File C:\\Scripts\\Backup-Shares.ps1 -Target \\\\FB-FS01\\backup$',
        };
        out.push(make(ctx, rng, host, hour + 5 * SECOND, t, backup, 0x7d2e1));
      }
    }
  });
  out.push(...storyProcesses(ctx));
  return out;
}

function pickUserTemplate(rng: Rng, user: DemoUser): Template {
  for (;;) {
    const t = rng.weighted(USER_TEMPLATES);
    if (!t.departments || t.departments.includes(user.department)) return t;
  }
}

/** The RDP session's logon id on the compromised workstation. */
export const STORY_LOGON_ID = 0x5c3a1f2;

function storyProcesses(ctx: GenContext): ProcessEvent[] {
  const s = ctx.story;
  const account = userAccount(ctx.org, s.compromisedUser);
  const explorerCreated = Date.parse(s.remoteLogon.time) + 26 * SECOND;
  const explorerPid = 4420;
  const all = [s.suspiciousProcess, ...s.followUpProcesses];
  return all.map((p) => {
    const parent = all.find((q) => q.fileName === p.parentFileName && q !== p);
    return {
      time: Date.parse(p.time),
      host: s.host,
      account,
      logonId: STORY_LOGON_ID,
      image: binary(p.fileName),
      commandLine: p.commandLine,
      processId: p.processId,
      parent: binary(p.parentFileName),
      parentCommandLine: parent ? parent.commandLine : 'C:\\Windows\\Explorer.EXE',
      parentId: parent ? parent.processId : explorerPid,
      parentCreated: parent ? Date.parse(parent.time) : explorerCreated,
      grandParent: parent ? parent.parentFileName : 'userinit.exe',
      integrity: 'Medium' as const,
    };
  });
}
