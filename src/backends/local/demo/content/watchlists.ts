// Watchlists of the demo and their items: high-value assets, VIP users, terminated employees and the
// organisation's own public IPs. Items come from the org, so they agree with the tables.
import type { ArmResource } from '../../../objects.js';
import type { DemoStory } from '../story.js';
import { DAY, HOUR, MINUTE, startOfUtcDay } from '../time.js';
import { etagOf, guidOf, sentinelId, userBySam, userInfo } from './arm.js';

interface WatchlistDef {
  alias: string;
  displayName: string;
  description: string;
  itemsSearchKey: string;
  labels: string[];
  createdDaysAgo: number;
  updatedDaysAgo: number;
  author: string;
  rows: Record<string, string>[];
}

function defs(story: DemoStory, now: number): WatchlistDef[] {
  const byRole = (roles: string[]) => story.hosts.filter((h) => roles.includes(h.role));
  const finance = ['daniel.whitaker', 'megan.ortiz', 'rosa.delgado', 'olivia.brennan'].map((sam) =>
    userBySam(story, sam),
  );
  const day = (daysAgo: number): string =>
    new Date(startOfUtcDay(now) - daysAgo * DAY).toISOString().slice(0, 10);
  const assetType: Record<string, string> = {
    'domain-controller': 'Domain controller',
    'rd-gateway': 'Remote access gateway',
    'file-server': 'File server',
    'sql-server': 'Database server',
    bastion: 'SSH bastion',
    workstation: 'Workstation',
  };
  return [
    {
      alias: 'HighValueAssets',
      displayName: 'High Value Assets',
      description:
        'Servers and workstations whose compromise would hurt most: identity, remote access, finance data and the accounts payable workstations.',
      itemsSearchKey: 'Hostname',
      labels: ['assets', 'tier0'],
      createdDaysAgo: 210,
      updatedDaysAgo: 35,
      author: 'kevin.park',
      rows: [
        ...byRole(['domain-controller', 'rd-gateway', 'file-server', 'sql-server', 'bastion']).map((h) => ({
          Hostname: h.name,
          FQDN: h.fqdn,
          IPAddress: h.ip,
          AssetType: assetType[h.role] ?? h.role,
          Owner: 'IT',
          Tags: h.role === 'domain-controller' ? 'Tier 0' : 'Tier 1',
        })),
        ...finance.map((u) => {
          const h = story.hosts.find((x) => x.name === u.workstation);
          return {
            Hostname: u.workstation,
            FQDN: h?.fqdn ?? '',
            IPAddress: h?.ip ?? '',
            AssetType: 'Workstation',
            Owner: u.userPrincipalName,
            Tags: 'Finance AP (payments)',
          };
        }),
      ],
    },
    {
      alias: 'VIPUsers',
      displayName: 'VIP Users',
      description:
        'Executives and finance approvers: phishing and account takeover targets that need a faster response.',
      itemsSearchKey: 'UserPrincipalName',
      labels: ['identity', 'vip'],
      createdDaysAgo: 190,
      updatedDaysAgo: 61,
      author: 'connor.walsh',
      rows: story.users
        .filter(
          (u) =>
            u.department === 'Executive' || ['olivia.brennan', 'daniel.whitaker'].includes(u.samAccountName),
        )
        .map((u) => ({
          UserPrincipalName: u.userPrincipalName,
          DisplayName: u.displayName,
          Title: u.jobTitle,
          Department: u.department,
          ObjectId: u.objectId,
        })),
    },
    {
      alias: 'TerminatedEmployees',
      displayName: 'Terminated Employees',
      description:
        'People who left Fernbrook Labs; their accounts are disabled and any activity by them is suspicious.',
      itemsSearchKey: 'UserPrincipalName',
      labels: ['identity', 'hr'],
      createdDaysAgo: 160,
      updatedDaysAgo: 19,
      author: 'laura.keane',
      rows: [
        ['jason.turner', 'Jason Turner', 'Sales', 133, 'marcus.reid'],
        ['elena.vasquez', 'Elena Vasquez', 'Engineering', 88, 'raj.patel'],
        ['mark.holloway', 'Mark Holloway', 'Finance', 47, 'daniel.whitaker'],
        ['priyanka.shah', 'Priyanka Shah', 'Marketing', 19, 'claire.dubois'],
      ].map(([sam, name, dept, daysAgo, manager]) => ({
        UserPrincipalName: `${String(sam)}@${story.organization.domain}`,
        DisplayName: String(name),
        Department: String(dept),
        TerminationDate: day(Number(daysAgo)),
        Manager: `${String(manager)}@${story.organization.domain}`,
      })),
    },
    {
      alias: 'CorporateEgressIPs',
      displayName: 'Corporate Egress IPs',
      description:
        'Public IP addresses of Fernbrook Labs (office NAT, published services, automation): trusted sources.',
      itemsSearchKey: 'IPAddress',
      labels: ['network'],
      createdDaysAgo: 240,
      updatedDaysAgo: 90,
      author: 'sara.lindgren',
      rows: [
        {
          IPAddress: '198.51.100.10',
          Location: 'Boston HQ',
          Description: 'Office internet NAT (FB-PA-EDGE01)',
        },
        {
          IPAddress: '198.51.100.20',
          Location: 'Azure eastus',
          Description: 'FB-RDGW01 Remote Desktop Gateway',
        },
        { IPAddress: '198.51.100.22', Location: 'Azure eastus', Description: 'fb-jump01 SSH bastion' },
        {
          IPAddress: '198.51.100.30',
          Location: 'Azure eastus',
          Description: 'fb-web01/fb-web02 load balancer',
        },
        { IPAddress: '20.42.65.92', Location: 'Azure eastus', Description: 'Azure Automation (runbooks)' },
      ],
    },
  ];
}

export function watchlistContent(
  story: DemoStory,
  now: number,
): { watchlists: ArmResource[]; items: Record<string, ArmResource[]> } {
  const watchlists: ArmResource[] = [];
  const items: Record<string, ArmResource[]> = {};
  const tenantId = story.organization.tenantId;
  const at = (daysAgo: number, salt: number): string =>
    new Date(
      startOfUtcDay(now) - daysAgo * DAY + (14 + (salt % 4)) * HOUR + ((salt * 13) % 60) * MINUTE,
    ).toISOString();
  defs(story, now).forEach((w, index) => {
    const author = userInfo(userBySam(story, w.author));
    const created = at(w.createdDaysAgo, index);
    const updated = at(w.updatedDaysAgo, index + 1);
    const id = sentinelId(story, 'watchlists', w.alias);
    watchlists.push({
      id,
      name: w.alias,
      type: 'Microsoft.SecurityInsights/Watchlists',
      etag: etagOf(`watchlist:${w.alias}:${updated}`),
      properties: {
        watchlistId: guidOf(`watchlist:${w.alias}`),
        displayName: w.displayName,
        provider: 'Microsoft',
        source: `${w.alias}.csv`,
        sourceType: 'Local',
        created,
        updated,
        createdBy: author,
        updatedBy: author,
        description: w.description,
        watchlistType: 'watchlist',
        watchlistAlias: w.alias,
        itemsSearchKey: w.itemsSearchKey,
        isDeleted: false,
        labels: w.labels,
        defaultDuration: 'P1000Y',
        tenantId,
        numberOfLinesToSkip: 0,
        contentType: 'text/csv',
        uploadStatus: 'Complete',
      },
    });
    items[w.alias] = w.rows.map((row, i) => {
      const name = guidOf(`watchlistItem:${w.alias}:${row[w.itemsSearchKey] ?? i}`);
      const time = i < w.rows.length - 1 || w.updatedDaysAgo === w.createdDaysAgo ? created : updated;
      return {
        id: `${id}/watchlistItems/${name}`,
        name,
        etag: etagOf(`watchlistItem:${name}:${time}`),
        type: 'Microsoft.SecurityInsights/Watchlists/WatchlistItems',
        properties: {
          watchlistItemType: 'watchlist-item',
          watchlistItemId: name,
          tenantId,
          isDeleted: false,
          created: time,
          updated: time,
          createdBy: author,
          updatedBy: author,
          itemsKeyValue: row,
          entityMapping: {},
        },
      };
    });
  });
  return { watchlists, items };
}
