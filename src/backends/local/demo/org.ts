// The fictional organisation behind the demo: its tenant, people, groups and machines.
// Identities depend only on names (stableUuid), not on the seed, so that the story, incidents,
// rules and Entra-like users served later stay the same whatever seed the noise uses.
import { stableHex, stableUuid } from './random.js';

export interface DemoUser {
  objectId: string;
  userPrincipalName: string;
  mail: string;
  displayName: string;
  givenName: string;
  surname: string;
  /** On-premises account name (`FERNBROOK\megan.ortiz`), also the Windows logon name. */
  samAccountName: string;
  /** On-premises SID (hybrid identity). */
  sid: string;
  department: string;
  jobTitle: string;
  officeLocation: string;
  city: string;
  state: string;
  country: string;
  /** UPN of the manager, when the user has one. */
  manager?: string;
  accountEnabled: boolean;
  /** The user's own workstation (host name). */
  workstation: string;
  /** A stable home address (documentation range) used when working from home. */
  homeIp: string;
  isAdmin: boolean;
}

export interface DemoGroup {
  objectId: string;
  displayName: string;
  description: string;
  mailNickname: string;
  mail?: string;
  mailEnabled: boolean;
  securityEnabled: boolean;
  /** `Unified` for Microsoft 365 groups, empty for security groups. */
  groupTypes: string[];
  /** Object ids of the member users. */
  members: string[];
}

export interface DemoHost {
  /** NetBIOS-style name as Windows reports it (`FB-WS-017`), lower case for Linux. */
  name: string;
  /** Fully qualified name, as SecurityEvent.Computer and Heartbeat.Computer show it. */
  fqdn: string;
  os: 'Windows' | 'Linux';
  osName: string;
  osVersion: string;
  role:
    | 'workstation'
    | 'domain-controller'
    | 'rd-gateway'
    | 'file-server'
    | 'sql-server'
    | 'app-server'
    | 'web'
    | 'database'
    | 'bastion'
    | 'log-collector';
  ip: string;
  /** Public address the host is published on, if any. */
  publicIp?: string;
  /** Microsoft Defender for Endpoint device id (40 hex digits). */
  deviceId: string;
  /** Log Analytics agent id (SourceComputerId). */
  agentId: string;
  vmId: string;
  /** Azure resource id for servers (Azure VMs); workstations are not Azure resources. */
  resourceId?: string;
  /** UPN of the person who uses the workstation. */
  owner?: string;
}

export interface DemoOrg {
  name: string;
  domain: string;
  /** On-premises AD DNS domain. */
  adDomain: string;
  netbios: string;
  initialDomain: string;
  tenantId: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  /** Hours from UTC of the head office (no daylight saving in the demo). */
  utcOffsetHours: number;
  domainSid: string;
  /** The office's NAT address to the internet. */
  officeEgressIp: string;
  users: DemoUser[];
  groups: DemoGroup[];
  hosts: DemoHost[];
  serviceAccounts: string[];
}

const DOMAIN = 'fernbrooklabs.com';
const DOMAIN_SID = 'S-1-5-21-3021498632-1870534211-2210956731';
const SUBSCRIPTION = stableUuid('fernbrook:subscription');
const RESOURCE_GROUP = 'rg-fernbrook-prod';

// [given, surname, jobTitle] per department; the first of each department is its manager.
const PEOPLE: Record<string, [string, string, string][]> = {
  Executive: [
    ['Helena', 'Marsh', 'Chief Executive Officer'],
    ['Victor', 'Okafor', 'Chief Financial Officer'],
    ['Priya', 'Raman', 'Chief Operating Officer'],
  ],
  Finance: [
    ['Daniel', 'Whitaker', 'Finance Manager'],
    ['Megan', 'Ortiz', 'Accounts Payable Specialist'],
    ['Tomasz', 'Nowak', 'Financial Analyst'],
    ['Grace', 'Liu', 'Accounts Receivable Specialist'],
    ['Samuel', 'Adeyemi', 'Payroll Administrator'],
    ['Olivia', 'Brennan', 'Controller'],
    ['Ethan', 'Caldwell', 'Financial Analyst'],
    ['Rosa', 'Delgado', 'Accounts Payable Clerk'],
  ],
  Sales: [
    ['Marcus', 'Reid', 'VP Sales'],
    ['Chloe', 'Bennett', 'Account Executive'],
    ['Jamal', 'Hughes', 'Account Executive'],
    ['Isabel', 'Ferreira', 'Sales Engineer'],
    ['Noah', 'Fischer', 'Account Executive'],
    ['Ava', 'Thompson', 'Sales Development Representative'],
    ['Liam', 'Gallagher', 'Regional Sales Manager'],
    ['Sofia', 'Rossi', 'Sales Operations Analyst'],
    ['Kenji', 'Watanabe', 'Account Executive'],
    ['Emma', 'Lindqvist', 'Sales Development Representative'],
  ],
  Engineering: [
    ['Raj', 'Patel', 'Director of Engineering'],
    ['Anna', 'Kowalski', 'Senior Software Engineer'],
    ['Ben', 'Carter', 'Software Engineer'],
    ['Yusuf', 'Demir', 'DevOps Engineer'],
    ['Lucy', 'Zhang', 'Software Engineer'],
    ['Mateo', 'Alvarez', 'QA Engineer'],
    ['Hannah', 'Schmidt', 'Senior Software Engineer'],
    ['Oscar', 'Nilsson', 'Site Reliability Engineer'],
    ['Fatima', 'Haddad', 'Data Engineer'],
    ['Greg', 'Sullivan', 'Software Engineer'],
    ['Mia', 'Novak', 'Product Manager'],
    ['Tariq', 'Aziz', 'Software Engineer'],
    ['Julia', 'Moreau', 'UX Designer'],
    ['Sean', 'OBrien', 'Embedded Engineer'],
    ['Nina', 'Petrova', 'Data Scientist'],
    ['Leo', 'Martins', 'Software Engineer'],
    ['Ines', 'Duarte', 'QA Engineer'],
    ['Paul', 'Jensen', 'Principal Engineer'],
  ],
  IT: [
    ['Kevin', 'Park', 'IT Manager'],
    ['Aisha', 'Bello', 'Systems Administrator'],
    ['Connor', 'Walsh', 'Security Analyst'],
    ['Diana', 'Popescu', 'Cloud Engineer'],
    ['Ray', 'Mendoza', 'Help Desk Technician'],
    ['Sara', 'Lindgren', 'Network Engineer'],
  ],
  HR: [
    ['Laura', 'Keane', 'HR Director'],
    ['Michael', 'Grant', 'HR Business Partner'],
    ['Zoe', 'Harper', 'Recruiter'],
    ['Ahmed', 'Farouk', 'HR Coordinator'],
  ],
  Marketing: [
    ['Claire', 'Dubois', 'Marketing Director'],
    ['Jordan', 'Blake', 'Content Strategist'],
    ['Elif', 'Yilmaz', 'Digital Marketing Specialist'],
    ['Nathan', 'Cole', 'Graphic Designer'],
    ['Maya', 'Singh', 'Marketing Analyst'],
    ['Felix', 'Wagner', 'Events Coordinator'],
  ],
  Operations: [
    ['Tom', 'Hayes', 'Operations Manager'],
    ['Lena', 'Vogel', 'Procurement Specialist'],
    ['Carlos', 'Rivera', 'Facilities Coordinator'],
    ['Beth', 'Morgan', 'Office Manager'],
    ['Ivan', 'Sokolov', 'Logistics Coordinator'],
  ],
};

const HOME_CITIES: [string, string][] = [
  ['Boston', 'Massachusetts'],
  ['Cambridge', 'Massachusetts'],
  ['Somerville', 'Massachusetts'],
  ['Quincy', 'Massachusetts'],
  ['Newton', 'Massachusetts'],
  ['Brookline', 'Massachusetts'],
];

function buildUsers(): DemoUser[] {
  const users: DemoUser[] = [];
  let index = 0;
  for (const [department, people] of Object.entries(PEOPLE)) {
    const managerUpn = upnOf(people[0]?.[0] ?? '', people[0]?.[1] ?? '');
    for (const [given, surname, jobTitle] of people) {
      index++;
      const sam = `${given}.${surname}`.toLowerCase();
      const upn = `${sam}@${DOMAIN}`;
      const [city, state] = HOME_CITIES[index % HOME_CITIES.length] ?? ['Boston', 'Massachusetts'];
      users.push({
        objectId: stableUuid(`fernbrook:user:${upn}`),
        userPrincipalName: upn,
        mail: upn,
        displayName: `${given} ${surname === 'OBrien' ? "O'Brien" : surname}`,
        givenName: given,
        surname: surname === 'OBrien' ? "O'Brien" : surname,
        samAccountName: sam,
        sid: `${DOMAIN_SID}-${1100 + index}`,
        department,
        jobTitle,
        officeLocation: department === 'Sales' && index % 3 === 0 ? 'Chicago' : 'Boston HQ',
        city,
        state,
        country: 'US',
        ...(upn !== managerUpn
          ? { manager: managerUpn }
          : department !== 'Executive'
            ? { manager: upnOf('Helena', 'Marsh') }
            : {}),
        accountEnabled: true,
        workstation: `FB-WS-${String(index).padStart(3, '0')}`,
        homeIp: `203.0.113.${10 + index}`,
        isAdmin: department === 'IT' && jobTitle !== 'Help Desk Technician',
      });
    }
  }
  return users;
}

function upnOf(given: string, surname: string): string {
  return `${given}.${surname}@${DOMAIN}`.toLowerCase();
}

function group(
  name: string,
  description: string,
  members: DemoUser[],
  mail?: string,
  unified = false,
): DemoGroup {
  const nickname = name.replace(/[^A-Za-z0-9-]/g, '');
  return {
    objectId: stableUuid(`fernbrook:group:${name}`),
    displayName: name,
    description,
    mailNickname: nickname,
    ...(mail ? { mail } : {}),
    mailEnabled: mail !== undefined,
    securityEnabled: !unified,
    groupTypes: unified ? ['Unified'] : [],
    members: members.map((u) => u.objectId),
  };
}

function buildGroups(users: DemoUser[]): DemoGroup[] {
  const byDept = (d: string): DemoUser[] => users.filter((u) => u.department === d);
  const named = (...sams: string[]): DemoUser[] => users.filter((u) => sams.includes(u.samAccountName));
  const groups = [group('All Staff', 'Everyone at Fernbrook Labs', users, `allstaff@${DOMAIN}`, true)];
  for (const d of Object.keys(PEOPLE)) groups.push(group(`SG-${d}`, `${d} department`, byDept(d)));
  groups.push(
    group(
      'SG-Privileged-Admins',
      'Holders of Entra ID and Azure admin roles (PIM eligible)',
      users.filter((u) => u.isAdmin),
    ),
    group('SG-RDGW-Users', 'May connect through the Remote Desktop Gateway (FB-RDGW01)', [
      ...byDept('Finance'),
      ...byDept('IT'),
      ...named('raj.patel', 'paul.jensen', 'yusuf.demir', 'oscar.nilsson'),
    ]),
    group(
      'Finance-AP',
      'Accounts payable shared mailbox and approvals',
      named('daniel.whitaker', 'megan.ortiz', 'rosa.delgado', 'olivia.brennan'),
      `ap@${DOMAIN}`,
      true,
    ),
    group('SG-Azure-Contributors', 'Contributor on the production subscription', [
      ...users.filter((u) => u.isAdmin),
      ...named('yusuf.demir', 'oscar.nilsson'),
    ]),
    group('SG-MFA-Exclusion', 'Break-glass and legacy exclusions from the MFA policy (review quarterly)', []),
  );
  return groups;
}

function host(name: string, role: DemoHost['role'], ip: string, extra: Partial<DemoHost> = {}): DemoHost {
  const linux = role === 'web' || role === 'database' || role === 'bastion' || role === 'log-collector';
  const server = role !== 'workstation';
  const fqdn = linux ? `${name}.${DOMAIN}` : `${name}.corp.${DOMAIN}`;
  return {
    name,
    fqdn,
    os: linux ? 'Linux' : 'Windows',
    osName: linux ? 'Ubuntu' : server ? 'Windows Server 2022 Datacenter' : 'Windows 11 Enterprise',
    osVersion: linux ? '22.04' : server ? '10.0.20348' : '10.0.22631',
    role,
    ip,
    deviceId: stableHex(`fernbrook:device:${name}`, 40),
    agentId: stableUuid(`fernbrook:agent:${name}`),
    vmId: stableUuid(`fernbrook:vm:${name}`),
    ...(server
      ? {
          resourceId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.Compute/virtualMachines/${name}`,
        }
      : {}),
    ...extra,
  };
}

function buildHosts(users: DemoUser[]): DemoHost[] {
  const servers = [
    host('FB-DC01', 'domain-controller', '10.20.1.10'),
    host('FB-DC02', 'domain-controller', '10.20.1.11'),
    host('FB-RDGW01', 'rd-gateway', '10.20.1.15', { publicIp: '198.51.100.20' }),
    host('FB-FS01', 'file-server', '10.20.1.20'),
    host('FB-SQL01', 'sql-server', '10.20.1.30'),
    host('FB-APP01', 'app-server', '10.20.1.40'),
    host('fb-web01', 'web', '10.20.2.10', { publicIp: '198.51.100.30' }),
    host('fb-web02', 'web', '10.20.2.11', { publicIp: '198.51.100.30' }),
    host('fb-db01', 'database', '10.20.2.20'),
    host('fb-jump01', 'bastion', '10.20.2.5', { publicIp: '198.51.100.22' }),
    host('fb-syslog01', 'log-collector', '10.20.2.30'),
  ];
  const workstations = users.map((u, i) =>
    host(u.workstation, 'workstation', `10.20.10.${11 + i}`, { owner: u.userPrincipalName }),
  );
  return [...servers, ...workstations];
}

/** The organisation; it depends on neither the seed nor the time. */
export function demoOrg(): DemoOrg {
  const users = buildUsers();
  return {
    name: 'Fernbrook Labs',
    domain: DOMAIN,
    adDomain: `corp.${DOMAIN}`,
    netbios: 'FERNBROOK',
    initialDomain: 'fernbrooklabs.onmicrosoft.com',
    tenantId: stableUuid('fernbrook:tenant'),
    subscriptionId: SUBSCRIPTION,
    resourceGroup: RESOURCE_GROUP,
    location: 'eastus',
    utcOffsetHours: -5,
    domainSid: DOMAIN_SID,
    officeEgressIp: '198.51.100.10',
    users,
    groups: buildGroups(users),
    hosts: buildHosts(users),
    serviceAccounts: ['svc-backup', 'svc-sql', 'svc-report', 'svc-scan'],
  };
}

export function userByUpn(org: DemoOrg, upn: string): DemoUser {
  const user = org.users.find((u) => u.userPrincipalName === upn);
  if (!user) throw new Error(`demo: no user ${upn}`);
  return user;
}

export function hostByName(org: DemoOrg, name: string): DemoHost {
  const found = org.hosts.find((h) => h.name === name);
  if (!found) throw new Error(`demo: no host ${name}`);
  return found;
}
