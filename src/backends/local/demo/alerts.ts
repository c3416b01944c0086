// SecurityAlert and SecurityIncident rows, rendered from the story's alerts and incidents.
// Both tables keep one row per version, as Sentinel does: read them with arg_max(TimeGenerated, *).
import type { Cell } from '../../backend.js';
import { storyBookmarks, type DemoBookmark } from './content/bookmarks.js';
import { isoToTimespan } from './content/rule-types.js';
import { queryRuleByName } from './content/rules.js';
import type { GenContext } from './context.js';
import type { DemoAlert, DemoIncident, Entity } from './incidents.js';
import { TableRows, type Row } from './table.js';
import { MINUTE, SECOND, iso } from './time.js';

function entitiesJson(entities: Entity[]): string {
  return JSON.stringify(entities.map((e, i) => ({ $id: String(i + 2), ...e })));
}

/**
 * SecurityAlert.ExtendedProperties (the incidents API's `additionalData` of the alert); a scheduled
 * alert's settings are those of its rule (content/rules.ts).
 */
export function extendedPropertiesOf(a: DemoAlert, domain: string): Record<string, string> {
  const scheduled = a.productName === 'Azure Sentinel';
  const rule = scheduled ? queryRuleByName(a.ruleName, domain) : undefined;
  return scheduled
    ? {
        'Analytic Rule Ids': JSON.stringify([a.ruleId]),
        'Analytic Rule Name': a.ruleName,
        'Event Grouping': rule?.aggregationKind ?? 'SingleAlert',
        'Query Period': isoToTimespan(rule?.queryPeriod ?? 'PT1H'),
        'Trigger Operator': rule?.triggerOperator ?? 'GreaterThan',
        'Trigger Threshold': String(rule?.triggerThreshold ?? 0),
        'Search Query Results Overall Count': String(a.entities.length),
        ProcessedBySentinel: 'True',
        'Alert generation status': 'Full alert created',
      }
    : { MicrosoftDefenderId: a.systemAlertId.replace(/-/g, '').slice(0, 20), ProcessedBySentinel: 'True' };
}

/** SecurityAlert.VendorOriginalId (the API's `providerAlertId`). */
export function vendorOriginalIdOf(a: DemoAlert): string {
  return a.systemAlertId.split('').reverse().join('');
}

/** The alert's status once its incident is in its last state (SecurityAlert's last version). */
export function alertStatusOf(a: DemoAlert, incidents: DemoIncident[]): 'New' | 'Resolved' {
  const inc = incidents.find((i) => i.number === a.incidentNumber);
  return inc?.status === 'Closed' && inc.closedTime ? 'Resolved' : 'New';
}

function alertRow(ctx: GenContext, a: DemoAlert, time: string, status: string): Row {
  const ws = ctx.story.workspace;
  const scheduled = a.productName === 'Azure Sentinel';
  const extended = extendedPropertiesOf(a, ctx.story.organization.domain);
  return {
    TimeGenerated: time,
    DisplayName: a.displayName,
    AlertName: a.displayName,
    AlertSeverity: a.severity,
    Description: a.description,
    ProviderName: a.providerName,
    VendorName: 'Microsoft',
    VendorOriginalId: vendorOriginalIdOf(a),
    SystemAlertId: a.systemAlertId,
    ResourceId: '',
    SourceComputerId: '',
    AlertType: a.alertType,
    ConfidenceLevel: '',
    IsIncident: false,
    StartTime: a.startTime,
    EndTime: a.endTime,
    ProcessingEndTime: a.timeGenerated,
    RemediationSteps: JSON.stringify(a.remediationSteps),
    ExtendedProperties: JSON.stringify(extended),
    Entities: entitiesJson(a.entities),
    WorkspaceSubscriptionId: ws.subscriptionId,
    WorkspaceResourceGroup: ws.resourceGroup,
    ExtendedLinks: '',
    ProductName: a.productName,
    ProductComponentName: a.productComponentName,
    AlertLink: scheduled ? '' : `https://security.microsoft.com/alerts/${a.systemAlertId}`,
    Status: status,
    CompromisedEntity: a.compromisedEntity,
    Tactics: a.tactics.join(', '),
    Techniques: a.techniques.join(', '),
    SubTechniques: a.subTechniques.join(', '),
  };
}

/** One version of an incident, as one SecurityIncident row records it. */
export interface IncidentVersion {
  time: string;
  status: string;
  alertIds: string[];
  bookmarkIds: string[];
  owner: boolean;
  closed: boolean;
  modifiedBy: string;
}

/** The portal link of an incident, as both the incidents API and SecurityIncident.IncidentUrl give it. */
export function incidentUrlOf(workspaceResourceId: string, incidentId: string): string {
  return `https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident${workspaceResourceId}/providers/Microsoft.SecurityInsights/incidents/${incidentId}`;
}

function incidentRow(ctx: GenContext, inc: DemoIncident, version: IncidentVersion): Row {
  const ws = ctx.story.workspace;
  const alerts = ctx.story.alerts.filter((a) => version.alertIds.includes(a.systemAlertId));
  const owner: Cell =
    version.owner && inc.owner
      ? { ...inc.owner }
      : { objectId: null, email: null, assignedTo: null, userPrincipalName: null };
  return {
    TimeGenerated: version.time,
    IncidentName: inc.id,
    IncidentNumber: inc.number,
    Title: inc.title,
    Description: inc.description,
    Severity: inc.severity,
    Status: version.status,
    Classification: version.closed ? (inc.classification ?? '') : '',
    ClassificationReason: version.closed ? (inc.classificationReason ?? '') : '',
    ClassificationComment: version.closed ? (inc.classificationComment ?? '') : '',
    Owner: owner,
    ProviderName: 'Azure Sentinel',
    ProviderIncidentId: String(inc.number),
    FirstActivityTime: inc.firstActivityTime,
    LastActivityTime: inc.lastActivityTime,
    FirstModifiedTime: inc.createdTime,
    LastModifiedTime: version.time,
    CreatedTime: inc.createdTime,
    ...(version.closed && inc.closedTime ? { ClosedTime: inc.closedTime } : {}),
    AlertIds: version.alertIds,
    BookmarkIds: version.bookmarkIds,
    Comments: inc.comments
      .filter((c) => c.time <= version.time)
      .map((c) => ({ message: c.message, createdTimeUtc: c.time, author: { name: c.author } })),
    Labels: inc.labels.map((labelName) => ({ labelName, labelType: 'User' })),
    Tasks: [],
    RelatedAnalyticRuleIds: [...new Set(alerts.map((a) => a.ruleId))],
    AdditionalData: {
      alertsCount: version.alertIds.length,
      bookmarksCount: version.bookmarkIds.length,
      commentsCount: inc.comments.filter((c) => c.time <= version.time).length,
      alertProductNames: [...new Set(alerts.map((a) => a.productName))],
      tactics: [...new Set(alerts.flatMap((a) => a.tactics))],
      techniques: [...new Set(alerts.flatMap((a) => a.techniques))],
    },
    IncidentUrl: incidentUrlOf(ws.resourceId, inc.id),
    ModifiedBy: version.modifiedBy,
    SourceSystem: 'Azure',
  };
}

/**
 * Creation, one update per further alert, assignment, comments, bookmarks added, then closing, as the
 * table records them (oldest first). The incidents API shows the last one.
 */
export function incidentVersions(
  inc: DemoIncident,
  alerts: DemoAlert[],
  bookmarks: DemoBookmark[],
): IncidentVersion[] {
  const mine = alerts
    .filter((a) => a.incidentNumber === inc.number)
    .sort((x, y) => x.timeGenerated.localeCompare(y.timeGenerated));
  const marks = bookmarks.filter((b) => b.incident?.number === inc.number);
  const bookmarkIds = (time: string): string[] =>
    marks.filter((b) => (b.incident?.added ?? '') <= time).map((b) => b.id);
  const out: Omit<IncidentVersion, 'bookmarkIds'>[] = [];
  mine.forEach((a, i) => {
    const time = i === 0 ? inc.createdTime : iso(Date.parse(a.timeGenerated) + 20 * SECOND);
    out.push({
      time,
      status: 'New',
      alertIds: mine.slice(0, i + 1).map((x) => x.systemAlertId),
      owner: false,
      closed: false,
      modifiedBy: i === 0 ? 'Incident created from alert' : 'Alert added to incident',
    });
  });
  const all = mine.map((a) => a.systemAlertId);
  const by = inc.owner?.assignedTo ?? 'Microsoft Sentinel';
  if (inc.assignedTime)
    out.push({
      time: inc.assignedTime,
      status: 'Active',
      alertIds: all,
      owner: true,
      closed: false,
      modifiedBy: by,
    });
  for (const c of inc.comments)
    out.push({
      time: iso(Date.parse(c.time) + SECOND),
      status: inc.status === 'New' ? 'New' : 'Active',
      alertIds: all,
      owner: inc.assignedTime !== undefined,
      closed: false,
      modifiedBy: c.author,
    });
  for (const b of marks)
    out.push({
      time: b.incident?.added ?? b.created,
      status: inc.status === 'New' ? 'New' : 'Active',
      alertIds: all,
      owner: inc.assignedTime !== undefined && inc.assignedTime <= (b.incident?.added ?? b.created),
      closed: false,
      modifiedBy: b.author.displayName,
    });
  if (inc.status === 'Closed' && inc.closedTime)
    out.push({
      time: inc.closedTime,
      status: 'Closed',
      alertIds: all,
      owner: true,
      closed: true,
      modifiedBy: by,
    });
  return out
    .sort((x, y) => x.time.localeCompare(y.time))
    .map((v) => ({ ...v, bookmarkIds: bookmarkIds(v.time) }));
}

export function generateSecurityAlert(ctx: GenContext): TableRows {
  const out = new TableRows('SecurityAlert');
  for (const a of ctx.story.alerts) {
    out.add(alertRow(ctx, a, a.timeGenerated, 'New'));
    const inc = ctx.story.incidents.find((i) => i.number === a.incidentNumber);
    if (inc?.status === 'Closed' && inc.closedTime)
      out.add(alertRow(ctx, a, iso(Date.parse(inc.closedTime) + MINUTE), 'Resolved'));
  }
  return out;
}

export function generateSecurityIncident(ctx: GenContext): TableRows {
  const out = new TableRows('SecurityIncident');
  const bookmarks = storyBookmarks(ctx.story);
  for (const inc of ctx.story.incidents) {
    for (const v of incidentVersions(inc, ctx.story.alerts, bookmarks)) out.add(incidentRow(ctx, inc, v));
  }
  return out;
}
