// The hunting bookmarks of the demo: what the analyst (Connor Walsh) kept while hunting the story.
// Facts only (no ARM): alerts.ts reads them for SecurityIncident.BookmarkIds, bookmarks-arm.ts renders
// them. They depend only on the story, so they are stable for a given "now".
import type { Cell } from '../../../backend.js';
import { HOUR, MINUTE } from '../time.js';
import type { DemoStory, DemoUser } from '../story.js';
import { guidOf, plus, userBySam } from './arm.js';

export interface DemoBookmark {
  /** The bookmark's GUID (ARM name). */
  id: string;
  displayName: string;
  created: string;
  author: DemoUser;
  /** The time of the row bookmarked. */
  eventTime: string;
  query: string;
  queryStartTime: string;
  queryEndTime: string;
  /** The row bookmarked, as the portal stores it (with `__entityMapping`). */
  row: Record<string, Cell>;
  notes: string;
  labels: string[];
  tactics: string[];
  techniques: string[];
  entityMappings: { entityType: string; fieldMappings: { identifier: string; value: string }[] }[];
  /** The incident it was added to (and when), if any. */
  incident?: { number: number; relationName: string; added: string };
}

export function storyBookmarks(story: DemoStory): DemoBookmark[] {
  const connor = userBySam(story, 'connor.walsh');
  const user = story.compromisedUser;
  const a = story.attackerSignIn;
  const n = story.incidentNumbers;
  const signInAt = a.time;
  const certutil = story.followUpProcesses.find((p) => p.fileName === 'certutil.exe');
  const certutilTime = certutil?.time ?? story.suspiciousProcess.time;
  const hostFqdn = story.host.fqdn.toLowerCase();
  const rdp = story.remoteLogon;
  const signIn: DemoBookmark = {
    id: guidOf('bookmark:nigeria-sign-in'),
    displayName: `Sign-in from Lagos, Nigeria by ${user.userPrincipalName}`,
    created: plus(signInAt, 3 * HOUR + 17 * MINUTE),
    author: connor,
    eventTime: signInAt,
    query: [
      'SigninLogs',
      '| where ResultType == "0"',
      '| extend Country = tostring(LocationDetails.countryOrRegion)',
      '| summarize FirstSeen = min(TimeGenerated) by UserPrincipalName, Country',
      '| join kind=inner (SigninLogs | where ResultType == "0" | summarize UserFirstSeen = min(TimeGenerated) by UserPrincipalName) on UserPrincipalName',
      '| where FirstSeen > UserFirstSeen + 3d',
    ].join('\n'),
    queryStartTime: plus(signInAt, -7 * 24 * HOUR),
    queryEndTime: plus(signInAt, 3 * HOUR + 10 * MINUTE),
    row: {
      TimeGenerated: signInAt,
      UserPrincipalName: user.userPrincipalName,
      IPAddress: a.address,
      Location: a.country,
      City: a.city,
      AutonomousSystemNumber: a.asn,
      AppDisplayName: 'OfficeHome',
      ResultType: '0',
      __entityMapping: { [user.userPrincipalName]: 'Account', [a.address]: 'IP' },
    },
    notes: `First sign-in from ${a.countryName} for ${user.displayName}, right after five denied MFA pushes from the same IP (AS${a.asn}). No travel on record.`,
    labels: ['compromised-account', 'mfa-fatigue'],
    tactics: ['InitialAccess'],
    techniques: ['T1078'],
    entityMappings: [
      { entityType: 'Account', fieldMappings: [{ identifier: 'FullName', value: user.userPrincipalName }] },
      { entityType: 'IP', fieldMappings: [{ identifier: 'Address', value: a.address }] },
    ],
    incident: {
      number: n.compromisedAccount,
      relationName: guidOf('relation:bookmark:nigeria-sign-in'),
      added: plus(signInAt, 3 * HOUR + 19 * MINUTE),
    },
  };
  const download: DemoBookmark = {
    id: guidOf('bookmark:certutil-download'),
    displayName: `certutil.exe downloaded ${story.payload.fileName} on ${story.host.name}`,
    created: plus(certutilTime, 2 * HOUR + 41 * MINUTE),
    author: connor,
    eventTime: certutilTime,
    query: [
      'DeviceProcessEvents',
      '| where FileName =~ "certutil.exe"',
      '| where ProcessCommandLine has_any ("urlcache", "-split", "verifyctl")',
      '| project TimeGenerated, DeviceName, AccountName, ProcessCommandLine, InitiatingProcessFileName',
    ].join('\n'),
    queryStartTime: plus(certutilTime, -24 * HOUR),
    queryEndTime: plus(certutilTime, 2 * HOUR + 35 * MINUTE),
    row: {
      TimeGenerated: certutilTime,
      DeviceName: hostFqdn,
      AccountName: user.samAccountName,
      ProcessCommandLine: certutil?.commandLine ?? '',
      InitiatingProcessFileName: 'powershell.exe',
      __entityMapping: {
        [hostFqdn]: 'Host',
        [user.samAccountName]: 'Account',
        [story.payload.downloadUrl]: 'URL',
      },
    },
    notes: `certutil -urlcache fetched ${story.payload.downloadUrl} into %TEMP%; the SHA-256 of upd.dll is in our TI feed (SyncLoader).`,
    labels: ['syncloader', 'lolbin'],
    tactics: ['CommandAndControl', 'DefenseEvasion'],
    techniques: ['T1105', 'T1218'],
    entityMappings: [
      { entityType: 'Host', fieldMappings: [{ identifier: 'FullName', value: hostFqdn }] },
      { entityType: 'URL', fieldMappings: [{ identifier: 'Url', value: story.payload.downloadUrl }] },
    ],
    incident: {
      number: n.hostCompromise,
      relationName: guidOf('relation:bookmark:certutil-download'),
      added: plus(certutilTime, 2 * HOUR + 44 * MINUTE),
    },
  };
  const lateral: DemoBookmark = {
    id: guidOf('bookmark:rdp-from-lagos'),
    displayName: `RDP to ${story.host.name} through ${rdp.gateway} from ${rdp.sourceIp}`,
    created: plus(rdp.time, 3 * HOUR + 2 * MINUTE),
    author: connor,
    eventTime: rdp.time,
    query: [
      'SecurityEvent',
      '| where EventID == 4624 and LogonType in (3, 10)',
      `| where IpAddress !startswith "10." and IpAddress != "-"`,
      '| project TimeGenerated, Computer, TargetAccount, IpAddress, LogonTypeName',
    ].join('\n'),
    queryStartTime: plus(rdp.time, -24 * HOUR),
    queryEndTime: plus(rdp.time, 3 * HOUR),
    row: {
      TimeGenerated: rdp.time,
      Computer: `${rdp.gateway}.corp.${story.organization.domain}`,
      TargetAccount: `${story.organization.netbiosDomain}\\${user.samAccountName}`,
      IpAddress: rdp.sourceIp,
      LogonTypeName: '3 - Network',
      __entityMapping: {
        [rdp.sourceIp]: 'IP',
        [`${story.organization.netbiosDomain}\\${user.samAccountName}`]: 'Account',
      },
    },
    notes: `The attacker IP of the Nigeria sign-in also logged on to ${rdp.gateway} as ${user.samAccountName}, three minutes before the encoded PowerShell on ${story.host.name}: links incidents ${n.compromisedAccount} and ${n.hostCompromise}.`,
    labels: ['lateral-movement'],
    tactics: ['LateralMovement'],
    techniques: ['T1021'],
    entityMappings: [
      { entityType: 'IP', fieldMappings: [{ identifier: 'Address', value: rdp.sourceIp }] },
      {
        entityType: 'Account',
        fieldMappings: [
          { identifier: 'Name', value: user.samAccountName },
          { identifier: 'NTDomain', value: story.organization.netbiosDomain },
        ],
      },
    ],
  };
  return [signIn, download, lateral];
}
