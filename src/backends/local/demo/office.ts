// OfficeActivity: Exchange Online, SharePoint/OneDrive and Teams audit events, with the attacker's
// mailbox rule, SMTP forwarding and file downloads, and an everyday mass download.
import { rngFor, type GenContext } from './context.js';
import type { DemoUser } from './org.js';
import { stableHex, stableUuid, type Rng } from './random.js';
import { TableRows, type Row } from './table.js';
import { HOUR, SECOND, forEachHour, inWindow, iso, workFactor } from './time.js';

const OWA_CLIENT = 'Client=OWA;Action=ViaProxy';
const OUTLOOK_CLIENT = 'Client=MSExchangeRPC;Outlook;16.0.17531.20152';
const EDGE_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80';
const SITES: Record<string, string[]> = {
  Finance: [
    'Budget FY25.xlsx',
    'AP Payment Run - Week 31.xlsx',
    'Vendor Invoices Q3.xlsx',
    'Expense Policy.docx',
    'Approved Vendors.pdf',
  ],
  Engineering: [
    'Design Review.pptx',
    'Test Plan.docx',
    'Architecture.vsdx',
    'Release Notes 4.2.md',
    'Requirements.docx',
    'Firmware Spec.pdf',
  ],
  Sales: ['Pipeline Q3.xlsx', 'Pricing 2024.xlsx', 'Proposal - Northbeam.docx', 'Customer List.xlsx'],
  Marketing: ['Campaign Plan.pptx', 'Brand Guidelines.pdf', 'Webinar Deck.pptx'],
  HR: ['Onboarding Checklist.docx', 'Benefits 2024.pdf', 'Org Chart.pptx'],
  Company: ['All Hands.pptx', 'Holiday Calendar.pdf', 'IT Security Policy.pdf'],
};
const SHAREPOINT = 'https://fernbrooklabs.sharepoint.com';

function base(ctx: GenContext, rng: Rng, time: number, user: DemoUser, ip: string): Row {
  return {
    TimeGenerated: iso(time),
    UserId: user.userPrincipalName,
    UserKey: `1003${stableHex(`puid:${user.userPrincipalName}`, 12).toUpperCase()}`,
    UserType: 'Regular',
    ClientIP: ip,
    OfficeId: rng.uuid(),
    OrganizationId: ctx.org.tenantId,
    OfficeTenantId: ctx.org.tenantId,
    OrganizationName: ctx.org.initialDomain,
    SourceSystem: 'OfficeActivityManager',
  };
}

function exchange(
  ctx: GenContext,
  rng: Rng,
  time: number,
  user: DemoUser,
  ip: string,
  operation: string,
  client: string,
): Row {
  const row = base(ctx, rng, time, user, ip);
  row['Operation'] = operation;
  row['OfficeWorkload'] = 'Exchange';
  row['RecordType'] = operation === 'MailItemsAccessed' ? 'ExchangeItemAggregated' : 'ExchangeItem';
  row['ResultStatus'] = 'Succeeded';
  row['MailboxOwnerUPN'] = user.userPrincipalName;
  row['MailboxGuid'] = stableUuid(`mailbox:${user.userPrincipalName}`);
  row['MailboxOwnerSid'] = `S-1-5-21-${stableHex(`mbx:${user.userPrincipalName}`, 8)}`;
  row['Logon_Type'] = 'Owner';
  row['ExternalAccess'] = 'false';
  row['ClientInfoString'] = client;
  row['OriginatingServer'] = 'BN8PR12MB3345 (15.20.7587.035)';
  row['OfficeObjectId'] = row['MailboxGuid'];
  if (operation === 'MailItemsAccessed') {
    row['OperationProperties'] = [
      { Name: 'MailAccessType', Value: 'Bind' },
      { Name: 'IsThrottled', Value: 'False' },
    ];
    row['Folders'] = JSON.stringify([
      {
        Id: rng.hex(40),
        Path: '\\Inbox',
        FolderItems: [{ InternetMessageId: `<${rng.hex(16)}@${ctx.org.domain}>` }],
      },
    ]);
  } else {
    const folder = operation === 'Send' ? '\\Sent Items' : '\\Deleted Items';
    row['Item'] = JSON.stringify({
      Id: rng.hex(40),
      InternetMessageId: `<${rng.hex(16)}@${ctx.org.domain}>`,
      ParentFolder: { Path: folder },
    });
  }
  return row;
}

function admin(
  ctx: GenContext,
  rng: Rng,
  time: number,
  user: DemoUser,
  ip: string,
  operation: string,
  parameters: [string, string][],
  objectId: string,
): Row {
  const row = base(ctx, rng, time, user, ip);
  row['Operation'] = operation;
  row['OfficeWorkload'] = 'Exchange';
  row['RecordType'] = 'ExchangeAdmin';
  row['ResultStatus'] = 'True';
  row['ExternalAccess'] = 'false';
  row['OriginatingServer'] = 'BN8PR12MB3345 (15.20.7587.035)';
  row['OfficeObjectId'] = objectId;
  row['Parameters'] = JSON.stringify(parameters.map(([Name, Value]) => ({ Name, Value })));
  return row;
}

function file(
  ctx: GenContext,
  rng: Rng,
  time: number,
  user: DemoUser,
  ip: string,
  operation: string,
  site: string,
  fileName: string,
  userAgent = EDGE_UA,
): Row {
  const row = base(ctx, rng, time, user, ip);
  const oneDrive = site === 'OneDrive';
  const siteUrl = oneDrive
    ? `https://fernbrooklabs-my.sharepoint.com/personal/${user.samAccountName.replace('.', '_')}_fernbrooklabs_com/`
    : `${SHAREPOINT}/sites/${site}/`;
  const folder = oneDrive ? 'Documents' : 'Shared Documents';
  const extension = fileName.split('.').at(-1) ?? '';
  row['Operation'] = operation;
  row['OfficeWorkload'] = oneDrive ? 'OneDrive' : 'SharePoint';
  row['RecordType'] = 'SharePointFileOperation';
  row['EventSource'] = 'SharePoint';
  row['ItemType'] = 'File';
  row['Site_Url'] = siteUrl;
  row['Site_'] = stableUuid(`site:${siteUrl}`);
  row['SourceRelativeUrl'] = folder;
  row['SourceFileName'] = fileName;
  row['SourceFileExtension'] = extension;
  row['OfficeObjectId'] = `${siteUrl}${folder}/${fileName}`;
  row['UserAgent'] = userAgent;
  row['ResultStatus'] = 'Succeeded';
  return row;
}

function teams(ctx: GenContext, rng: Rng, time: number, user: DemoUser, ip: string): Row {
  const row = base(ctx, rng, time, user, ip);
  row['Operation'] = 'TeamsSessionStarted';
  row['OfficeWorkload'] = 'MicrosoftTeams';
  row['RecordType'] = 'MicrosoftTeams';
  row['ResultStatus'] = 'Succeeded';
  row['ClientInfoString'] = 'Teams/24102.2223.2870.9480 (Windows 10.0.22631)';
  return row;
}

function everyday(ctx: GenContext, rng: Rng, out: TableRows): void {
  forEachHour(ctx.window, (hour) => {
    const factor = workFactor(hour, ctx.org.utcOffsetHours);
    for (const user of ctx.org.users) {
      const n = rng.poisson(2.4 * factor);
      const ip = factor >= 0.7 && rng.chance(0.7) ? ctx.org.officeEgressIp : user.homeIp;
      for (let i = 0; i < n; i++) {
        const time = hour + rng.int(0, HOUR - 1);
        if (inWindow(ctx.window, time)) out.add(everydayEvent(ctx, rng, time, user, ip));
      }
    }
  });
}

function everydayEvent(ctx: GenContext, rng: Rng, time: number, user: DemoUser, ip: string): Row {
  const kind = rng.weighted([
    ['mail', 10],
    ['send', 4],
    ['delete', 1.5],
    ['file', 8],
    ['teams', 2],
    ['rule', 0.03],
  ] as const);
  const client = rng.chance(0.7) ? OUTLOOK_CLIENT : OWA_CLIENT;
  switch (kind) {
    case 'mail':
      return exchange(ctx, rng, time, user, ip, 'MailItemsAccessed', client);
    case 'send':
      return exchange(ctx, rng, time, user, ip, 'Send', client);
    case 'delete':
      return exchange(ctx, rng, time, user, ip, rng.pick(['MoveToDeletedItems', 'SoftDelete']), client);
    case 'teams':
      return teams(ctx, rng, time, user, ip);
    case 'rule':
      return admin(
        ctx,
        rng,
        time,
        user,
        ip,
        'New-InboxRule',
        [
          ['Name', 'Newsletters'],
          ['From', 'newsletter@industryweekly.com'],
          ['MoveToFolder', 'Newsletters'],
          ['StopProcessingRules', 'False'],
        ],
        `${ctx.org.initialDomain}\\${user.samAccountName}\\Newsletters`,
      );
    case 'file': {
      const site = rng.chance(0.3)
        ? 'OneDrive'
        : rng.chance(0.6) && SITES[user.department]
          ? user.department
          : 'Company';
      const files = SITES[site === 'OneDrive' ? user.department : site] ?? SITES['Company'] ?? [];
      const op = rng.weighted([
        ['FileAccessed', 8],
        ['FileModified', 3],
        ['FilePreviewed', 2],
        ['FileDownloaded', 1.5],
        ['FileUploaded', 1],
      ] as const);
      return file(ctx, rng, time, user, ip, op, site, rng.pick(files));
    }
  }
}

function storyRows(ctx: GenContext, rng: Rng, out: TableRows): void {
  const s = ctx.story;
  const victim = s.compromisedUser;
  const ip = s.attackerSignIn.address;
  const signIn = Date.parse(s.attackerSignIn.time);
  for (let i = 0; i < 14; i++)
    out.add(
      exchange(ctx, rng, signIn + 60 * SECOND + i * 97 * SECOND, victim, ip, 'MailItemsAccessed', OWA_CLIENT),
    );
  const rule = s.inboxRule;
  out.add(
    admin(
      ctx,
      rng,
      Date.parse(rule.time),
      victim,
      ip,
      'New-InboxRule',
      [
        ['AlwaysDeleteOutlookRulesBlob', 'False'],
        ['Force', 'False'],
        ['Name', rule.name],
        ['SubjectOrBodyContainsWords', rule.keywords.join(';')],
        ['ForwardTo', rule.forwardTo],
        ['MoveToFolder', rule.moveToFolder],
        ['MarkAsRead', 'True'],
        ['StopProcessingRules', 'True'],
      ],
      `${ctx.org.initialDomain}\\${victim.samAccountName}\\${rule.name}`,
    ),
  );
  out.add(
    admin(
      ctx,
      rng,
      Date.parse(s.mailForwarding.time),
      victim,
      ip,
      'Set-Mailbox',
      [
        ['Identity', victim.userPrincipalName],
        ['ForwardingSmtpAddress', `smtp:${s.mailForwarding.address}`],
        ['DeliverToMailboxAndForward', 'True'],
      ],
      `${ctx.org.initialDomain}\\${victim.samAccountName}`,
    ),
  );
  s.fileDownloads.files.forEach((name, i) => {
    out.add(
      file(
        ctx,
        rng,
        Date.parse(s.fileDownloads.time) + i * 41 * SECOND,
        victim,
        ip,
        'FileDownloaded',
        'Finance',
        name,
        s.attackerSignIn.userAgent,
      ),
    );
  });
  massDownload(ctx, rng, out);
}

/** The everyday "mass download" incident: Anna syncing an archive before a trip. */
function massDownload(ctx: GenContext, rng: Rng, out: TableRows): void {
  const incident = ctx.story.incidents.find((i) => i.title.startsWith('Mass download'));
  const anna = ctx.org.users.find((u) => u.samAccountName === 'anna.kowalski');
  if (!incident || !anna) return;
  const start = Date.parse(incident.firstActivityTime);
  const span = Date.parse(incident.lastActivityTime) - start;
  for (let i = 0; i < 180; i++) {
    const time = start + Math.floor((span * i) / 180);
    out.add(
      file(
        ctx,
        rng,
        time,
        anna,
        anna.homeIp,
        'FileDownloaded',
        'Engineering',
        `Archive/Design-${String(i + 1).padStart(3, '0')}.pdf`,
      ),
    );
  }
}

export function generateOfficeActivity(ctx: GenContext): TableRows {
  const out = new TableRows('OfficeActivity');
  everyday(ctx, rngFor(ctx, 'OfficeActivity'), out);
  storyRows(ctx, rngFor(ctx, 'OfficeActivity:story'), out);
  return out;
}
