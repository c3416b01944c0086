// Bookmarks in ARM form: the `bookmarks` collection, and the same bookmarks as an incident's
// `bookmarks` answer gives them (kind Bookmark, an entity).
import type { ArmResource } from '../../../objects.js';
import type { DemoIncident } from '../incidents.js';
import type { DemoStory } from '../story.js';
import { etagOf, sentinelId, userInfo } from './arm.js';
import type { DemoBookmark } from './bookmarks.js';

function queryResult(b: DemoBookmark): string {
  return JSON.stringify(b.row);
}

export function bookmarkResource(story: DemoStory, b: DemoBookmark, incidents: DemoIncident[]): ArmResource {
  const inc = b.incident ? incidents.find((i) => i.number === b.incident?.number) : undefined;
  return {
    id: sentinelId(story, 'bookmarks', b.id),
    name: b.id,
    type: 'Microsoft.SecurityInsights/bookmarks',
    etag: etagOf(`bookmark:${b.id}`),
    properties: {
      displayName: b.displayName,
      created: b.created,
      createdBy: userInfo(b.author),
      updated: b.incident?.added ?? b.created,
      updatedBy: userInfo(b.author),
      eventTime: b.eventTime,
      notes: b.notes,
      labels: b.labels,
      query: b.query,
      queryResult: queryResult(b),
      queryStartTime: b.queryStartTime,
      queryEndTime: b.queryEndTime,
      entityMappings: b.entityMappings,
      tactics: b.tactics,
      techniques: b.techniques,
      ...(inc && b.incident
        ? {
            incidentInfo: {
              incidentId: inc.id,
              severity: inc.severity,
              title: inc.title,
              relationName: b.incident.relationName,
            },
          }
        : {}),
    },
  };
}

/** The bookmark as `POST .../incidents/{id}/bookmarks` lists it. */
export function incidentBookmarkEntity(story: DemoStory, b: DemoBookmark): ArmResource {
  return {
    id: sentinelId(story, 'bookmarks', b.id),
    name: b.id,
    type: 'Microsoft.SecurityInsights/Entities',
    kind: 'Bookmark',
    properties: {
      displayName: b.displayName,
      created: b.created,
      updated: b.incident?.added ?? b.created,
      createdBy: userInfo(b.author),
      updatedBy: userInfo(b.author),
      eventTime: b.eventTime,
      labels: b.labels,
      notes: b.notes,
      query: b.query,
      queryResult: queryResult(b),
      additionalData: { ETag: etagOf(`bookmark:${b.id}`), EntityId: b.id },
      friendlyName: b.displayName,
    },
  };
}
