// SecurityAlert and SecurityIncident rows, rendered from the story's alerts and incidents.
// Both tables keep one row per version, as Sentinel does: read them with arg_max(TimeGenerated, *).
import type { Cell } from '../../backend.js';
import type { GenContext } from './context.js';
import type { DemoAlert, DemoIncident, Entity } from './incidents.js';
import { TableRows, type Row } from './table.js';
import { MINUTE, SECOND, iso } from './time.js';

function entitiesJson(entities: Entity[]): string {
  return JSON.stringify(entities.map((e, i) => ({ $id: String(i + 2), ...e })));
}

function alertRow(ctx: GenContext, a: DemoAlert, time: string, status: string): Row {
  const ws = ctx.story.workspace;
  const scheduled = a.productName === 'Azure Sentinel';
  const extended: Record<string, string> = scheduled
    ? {
        'Analytic Rule Ids': JSON.stringify([a.ruleId]),
        'Analytic Rule Name': a.ruleName,
        'Event Grouping': 'SingleAlert',
        'Query Period': '01:00:00',
        'Trigger Operator': 'GreaterThan',
        'Trigger Threshold': '0',
        'Search Query Results Overall Count': String(a.entities.length),
        ProcessedBySentinel: 'True',
        'Alert generation status': 'Full alert created',
      }
    : { MicrosoftDefenderId: a.systemAlertId.replace(/-/g, '').slice(0, 20), ProcessedBySentinel: 'True' };
  return {
    TimeGenerated: time,
    DisplayName: a.displayName,
    AlertName: a.displayName,
    AlertSeverity: a.severity,
    Description: a.description,
    ProviderName: a.providerName,
    VendorName: 'Microsoft',
    VendorOriginalId: a.systemAlertId.split('').reverse().join(''),
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

function incidentRow(
  ctx: GenContext,
  inc: DemoIncident,
  version: {
    time: string;
    status: string;
    alertIds: string[];
    owner: boolean;
    closed: boolean;
    modifiedBy: string;
  },
): Row {
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
    BookmarkIds: [],
    Comments: inc.comments
      .filter((c) => c.time <= version.time)
      .map((c) => ({ message: c.message, createdTimeUtc: c.time, author: { name: c.author } })),
    Labels: inc.labels.map((labelName) => ({ labelName, labelType: 'User' })),
    Tasks: [],
    RelatedAnalyticRuleIds: [...new Set(alerts.map((a) => a.ruleId))],
    AdditionalData: {
      alertsCount: version.alertIds.length,
      bookmarksCount: 0,
      commentsCount: inc.comments.filter((c) => c.time <= version.time).length,
      alertProductNames: [...new Set(alerts.map((a) => a.productName))],
      tactics: [...new Set(alerts.flatMap((a) => a.tactics))],
      techniques: [...new Set(alerts.flatMap((a) => a.techniques))],
    },
    IncidentUrl: `https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident${ws.resourceId}/providers/Microsoft.SecurityInsights/Incidents/${inc.id}`,
    ModifiedBy: version.modifiedBy,
    SourceSystem: 'Azure',
  };
}

/** Creation, one update per further alert, assignment, then closing, as the table records them. */
function versions(inc: DemoIncident, alerts: DemoAlert[]): Parameters<typeof incidentRow>[2][] {
  const mine = alerts
    .filter((a) => a.incidentNumber === inc.number)
    .sort((x, y) => x.timeGenerated.localeCompare(y.timeGenerated));
  const out: Parameters<typeof incidentRow>[2][] = [];
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
  if (inc.status === 'Closed' && inc.closedTime)
    out.push({
      time: inc.closedTime,
      status: 'Closed',
      alertIds: all,
      owner: true,
      closed: true,
      modifiedBy: by,
    });
  return out.sort((x, y) => x.time.localeCompare(y.time));
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
  for (const inc of ctx.story.incidents) {
    for (const v of versions(inc, ctx.story.alerts)) out.add(incidentRow(ctx, inc, v));
  }
  return out;
}
