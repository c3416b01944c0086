// The everyday incidents of the demo: closed false and benign positives, and one left open.
import type { DemoOrg, DemoUser } from './org.js';
import { userByUpn } from './org.js';
import { SSH_BRUTE_FORCE_IPS } from './reference.js';
import {
  MDE,
  SCHEDULED,
  accountEntity,
  alert,
  hostEntity,
  ipEntity,
  ownerOf,
  type AlertSpec,
  type At,
  type DemoIncident,
  type Entity,
  type IncidentSpec,
  type Severity,
  type StoryFacts,
} from './incidents.js';
import { MINUTE, iso } from './time.js';

export function backgroundSpecs(s: StoryFacts, org: DemoOrg, at: At, ws: string): IncidentSpec[] {
  const u = (sam: string): DemoUser => userByUpn(org, `${sam}@${org.domain}`);
  const kevin = ownerOf(u('kevin.park'));
  const connor = ownerOf(u('connor.walsh'));
  const acct = (sam: string): Entity => accountEntity(u(sam), org.tenantId);
  const closed = (cls: DemoIncident['classification'], reason: string, comment: string, owner = connor) => ({
    status: 'Closed' as const,
    classification: cls,
    classificationReason: reason,
    classificationComment: comment,
    owner,
  });
  const b = (
    days: number,
    h: number,
    m: number,
    title: string,
    severity: Severity,
    spec: Partial<IncidentSpec>,
    a: Omit<
      AlertSpec,
      'timeGenerated' | 'startTime' | 'endTime' | 'displayName' | 'severity' | 'description'
    > & { description: string; span: number },
  ): IncidentSpec => {
    const end = at(days, h, m);
    const made = alert(
      {
        ...a,
        displayName: title,
        severity,
        startTime: iso(end - a.span * MINUTE),
        endTime: iso(end),
        timeGenerated: iso(end + 14 * MINUTE),
      },
      ws,
    );
    return {
      title,
      description: a.description,
      severity,
      status: 'New',
      labels: [],
      comments: [],
      partOfStory: false,
      alerts: [made],
      ...spec,
      ...(spec.status === 'Closed'
        ? { assignedTime: iso(end + 70 * MINUTE), closedTime: iso(end + 190 * MINUTE) }
        : {}),
    };
  };
  const traveler = u(s.traveler.user.split('@')[0] ?? '');
  return [
    b(
      12,
      4,
      10,
      'SSH brute force attempts on fb-jump01',
      'Low',
      closed(
        'TruePositive',
        'SuspiciousActivity',
        'Internet scanners; fail2ban banned the IPs; no successful logon.',
      ),
      {
        source: SCHEDULED,
        ruleName: 'SSH brute force attempts',
        description: 'Hundreds of failed SSH logons from a few IP addresses against the bastion host.',
        tactics: ['CredentialAccess'],
        techniques: ['T1110'],
        subTechniques: ['T1110.001'],
        entities: [hostEntity(org, 'fb-jump01'), ...SSH_BRUTE_FORCE_IPS.map((ip) => ipEntity(ip))],
        span: 55,
      },
    ),
    b(
      10,
      20,
      40,
      'Mass download by a single user from SharePoint',
      'Medium',
      closed(
        'BenignPositive',
        'SuspiciousButExpected',
        'Anna synced the design archive before travel; confirmed with her manager.',
      ),
      {
        source: SCHEDULED,
        description: 'A user downloaded an unusually large number of files from SharePoint in a short time.',
        tactics: ['Exfiltration', 'Collection'],
        techniques: ['T1530'],
        entities: [acct('anna.kowalski')],
        span: 25,
      },
    ),
    b(
      9,
      9,
      5,
      `Sign-in from a new country: United Kingdom (${traveler.userPrincipalName})`,
      'Medium',
      closed(
        'BenignPositive',
        'SuspiciousButExpected',
        'Business trip to London, confirmed by Marcus.',
        kevin,
      ),
      {
        source: SCHEDULED,
        ruleName: 'Sign-in from a new country',
        description: 'A user signed in from a country they have not signed in from in the last 30 days.',
        tactics: ['InitialAccess'],
        techniques: ['T1078'],
        entities: [accountEntity(traveler, org.tenantId), ipEntity(s.traveler.ip)],
        span: 60,
      },
    ),
    b(
      8,
      16,
      5,
      "'EICAR_Test_File' malware was prevented",
      'Informational',
      closed('BenignPositive', 'SuspiciousButExpected', 'Ben tested the antivirus with the EICAR file.'),
      {
        source: MDE,
        alertType: 'WindowsDefenderAv',
        description: 'Microsoft Defender Antivirus detected and quarantined the EICAR test file.',
        tactics: ['Execution'],
        techniques: ['T1204'],
        entities: [hostEntity(org, u('ben.carter').workstation), acct('ben.carter')],
        compromisedEntity: u('ben.carter').workstation,
        span: 1,
      },
    ),
    b(
      6,
      15,
      12,
      'User added to a privileged Entra ID role',
      'Medium',
      closed(
        'BenignPositive',
        'SuspiciousButExpected',
        'Approved change CHG-2291: Diana takes over Conditional Access administration.',
        kevin,
      ),
      {
        source: SCHEDULED,
        description: 'A user was added to a privileged directory role outside PIM.',
        tactics: ['Persistence', 'PrivilegeEscalation'],
        techniques: ['T1098'],
        subTechniques: ['T1098.003'],
        entities: [acct('kevin.park'), acct('diana.popescu')],
        span: 5,
      },
    ),
    b(
      4,
      16,
      30,
      'Role assignment created at subscription scope',
      'Low',
      closed(
        'BenignPositive',
        'SuspiciousButExpected',
        'Diana granted the backup automation account Reader for the new vault.',
        kevin,
      ),
      {
        source: SCHEDULED,
        description: 'A role assignment was created at subscription scope in Azure.',
        tactics: ['PrivilegeEscalation'],
        techniques: ['T1098'],
        entities: [
          acct('diana.popescu'),
          { ResourceId: `/subscriptions/${org.subscriptionId}`, Type: 'azure-resource' },
        ],
        span: 5,
      },
    ),
    b(
      1,
      14,
      0,
      'Repeated failed logons by service account svc-report on FB-SQL01',
      'Low',
      {},
      {
        source: SCHEDULED,
        ruleName: 'Repeated failed logons by a service account',
        description:
          'A service account fails to log on every hour; its stored password is probably out of date.',
        tactics: ['CredentialAccess'],
        techniques: ['T1110'],
        entities: [
          { Name: 'svc-report', NTDomain: 'FERNBROOK', Type: 'account' },
          hostEntity(org, 'FB-SQL01'),
        ],
        span: 24 * 60,
      },
    ),
  ];
}
