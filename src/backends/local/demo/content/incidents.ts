// Incidents and their children (alerts, entities, comments, bookmarks, relations) in ARM form, from
// the story's incidents. Field by field the same as the last SecurityIncident/SecurityAlert versions
// alerts.ts writes: both read the same facts and the same version history (incidentVersions).
import type { ArmResource } from '../../../objects.js';
import {
  alertStatusOf,
  extendedPropertiesOf,
  incidentUrlOf,
  incidentVersions,
  vendorOriginalIdOf,
} from '../alerts.js';
import type { DemoAlert, DemoIncident } from '../incidents.js';
import type { DemoStory } from '../story.js';
import { bareEtagOf, etagOf, guidOf, sentinelId, userByName } from './arm.js';
import type { DemoBookmark } from './bookmarks.js';
import { incidentBookmarkEntity } from './bookmarks-arm.js';
import { incidentEntities } from './entities.js';

export interface IncidentContent {
  incidents: ArmResource[];
  alerts: Record<string, ArmResource[]>;
  entities: Record<string, ArmResource[]>;
  comments: Record<string, ArmResource[]>;
  bookmarks: Record<string, ArmResource[]>;
  relations: Record<string, ArmResource[]>;
}

const NO_OWNER = {
  objectId: null,
  email: null,
  assignedTo: null,
  userPrincipalName: null,
  ownerType: 'Unknown',
};

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

export function alertRuleId(story: DemoStory, ruleId: string): string {
  return sentinelId(story, 'alertRules', ruleId);
}

function incidentResource(
  story: DemoStory,
  inc: DemoIncident,
  alerts: DemoAlert[],
  bookmarks: DemoBookmark[],
): ArmResource {
  const versions = incidentVersions(inc, story.alerts, bookmarks);
  const last = versions.at(-1);
  if (!last) throw new Error(`demo content: incident ${inc.number} has no version`);
  const closed = last.closed;
  const comments = inc.comments.filter((c) => c.time <= last.time);
  return {
    id: sentinelId(story, 'incidents', inc.id),
    name: inc.id,
    type: 'Microsoft.SecurityInsights/incidents',
    etag: etagOf(`incident:${inc.id}:${last.time}`),
    properties: {
      title: inc.title,
      description: inc.description,
      severity: inc.severity,
      status: last.status,
      ...(closed
        ? {
            classification: inc.classification,
            classificationReason: inc.classificationReason,
            classificationComment: inc.classificationComment,
          }
        : {}),
      owner: last.owner && inc.owner ? { ...inc.owner, ownerType: 'User' } : NO_OWNER,
      labels: inc.labels.map((labelName) => ({ labelName, labelType: 'User' })),
      incidentNumber: inc.number,
      incidentUrl: incidentUrlOf(story.workspace.resourceId, inc.id),
      providerName: 'Azure Sentinel',
      providerIncidentId: String(inc.number),
      createdTimeUtc: inc.createdTime,
      lastModifiedTimeUtc: last.time,
      firstActivityTimeUtc: inc.firstActivityTime,
      lastActivityTimeUtc: inc.lastActivityTime,
      additionalData: {
        alertsCount: last.alertIds.length,
        bookmarksCount: last.bookmarkIds.length,
        commentsCount: comments.length,
        alertProductNames: uniq(alerts.map((a) => a.productName)),
        tactics: uniq(alerts.flatMap((a) => a.tactics)),
        techniques: uniq(alerts.flatMap((a) => a.techniques)),
      },
      relatedAnalyticRuleIds: uniq(alerts.map((a) => a.ruleId)).map((r) => alertRuleId(story, r)),
    },
  };
}

function alertResource(story: DemoStory, a: DemoAlert): ArmResource {
  const ws = story.workspace;
  const scheduled = a.productName === 'Azure Sentinel';
  return {
    id: sentinelId(story, 'entities', a.systemAlertId),
    name: a.systemAlertId,
    type: 'Microsoft.SecurityInsights/entities',
    kind: 'SecurityAlert',
    properties: {
      alertDisplayName: a.displayName,
      alertType: a.alertType,
      severity: a.severity,
      status: alertStatusOf(a, story.incidents),
      systemAlertId: a.systemAlertId,
      providerAlertId: vendorOriginalIdOf(a),
      productName: a.productName,
      productComponentName: a.productComponentName,
      vendorName: 'Microsoft',
      startTimeUtc: a.startTime,
      endTimeUtc: a.endTime,
      timeGenerated: a.timeGenerated,
      processingEndTime: a.timeGenerated,
      tactics: a.tactics,
      techniques: a.techniques,
      subTechniques: a.subTechniques,
      description: a.description,
      compromisedEntity: a.compromisedEntity,
      remediationSteps: a.remediationSteps,
      confidenceLevel: 'Unknown',
      alertLink: scheduled ? '' : `https://security.microsoft.com/alerts/${a.systemAlertId}`,
      resourceIdentifiers: [
        {
          type: 'LogAnalytics',
          workspaceId: ws.id,
          subscriptionId: ws.subscriptionId,
          resourceGroup: ws.resourceGroup,
        },
      ],
      additionalData: extendedPropertiesOf(a, story.organization.domain),
      friendlyName: a.displayName,
    },
  };
}

function commentResources(story: DemoStory, inc: DemoIncident): ArmResource[] {
  const incidentId = sentinelId(story, 'incidents', inc.id);
  return inc.comments.map((c, i) => {
    const name = guidOf(`comment:${inc.id}:${i}`);
    const author = userByName(story, c.author);
    return {
      id: `${incidentId}/comments/${name}`,
      name,
      type: 'Microsoft.SecurityInsights/incidents/comments',
      etag: bareEtagOf(`comment:${name}`),
      properties: {
        message: c.message,
        createdTimeUtc: c.time,
        lastModifiedTimeUtc: c.time,
        author: {
          objectId: author.objectId,
          email: author.mail,
          userPrincipalName: author.userPrincipalName,
          name: author.displayName,
        },
      },
    };
  });
}

function relationResources(
  story: DemoStory,
  inc: DemoIncident,
  alerts: DemoAlert[],
  bookmarks: DemoBookmark[],
): ArmResource[] {
  const incidentId = sentinelId(story, 'incidents', inc.id);
  const relation = (name: string, properties: Record<string, unknown>): ArmResource => ({
    id: `${incidentId}/relations/${name}`,
    name,
    type: 'Microsoft.SecurityInsights/incidents/relations',
    etag: bareEtagOf(`relation:${name}`),
    properties,
  });
  return [
    ...alerts.map((a) =>
      relation(guidOf(`relation:${inc.id}:${a.systemAlertId}`), {
        relatedResourceId: sentinelId(story, 'entities', a.systemAlertId),
        relatedResourceName: a.systemAlertId,
        relatedResourceType: 'Microsoft.SecurityInsights/entities',
        relatedResourceKind: 'SecurityAlert',
      }),
    ),
    ...bookmarks.map((b) =>
      relation(b.incident?.relationName ?? guidOf(`relation:${inc.id}:${b.id}`), {
        relatedResourceId: sentinelId(story, 'bookmarks', b.id),
        relatedResourceName: b.id,
        relatedResourceType: 'Microsoft.SecurityInsights/bookmarks',
      }),
    ),
  ];
}

export function incidentContent(story: DemoStory, bookmarks: DemoBookmark[]): IncidentContent {
  const out: IncidentContent = {
    incidents: [],
    alerts: {},
    entities: {},
    comments: {},
    bookmarks: {},
    relations: {},
  };
  const newestFirst = [...story.incidents].sort(
    (x, y) => y.createdTime.localeCompare(x.createdTime) || y.number - x.number,
  );
  for (const inc of newestFirst) {
    const alerts = story.alerts
      .filter((a) => a.incidentNumber === inc.number)
      .sort((x, y) => x.timeGenerated.localeCompare(y.timeGenerated));
    const marks = bookmarks.filter((b) => b.incident?.number === inc.number);
    out.incidents.push(incidentResource(story, inc, alerts, bookmarks));
    out.alerts[inc.id] = alerts.map((a) => alertResource(story, a));
    out.entities[inc.id] = incidentEntities(story, alerts);
    out.comments[inc.id] = commentResources(story, inc);
    out.bookmarks[inc.id] = marks.map((b) => incidentBookmarkEntity(story, b));
    out.relations[inc.id] = relationResources(story, inc, alerts, marks);
  }
  return out;
}
