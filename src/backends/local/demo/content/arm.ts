// Shared helpers for the demo's ARM objects: resource ids, etags, people as ARM shows them.
import type { ArmResource } from '../../../objects.js';
import type { DemoUser } from '../org.js';
import { stableHex, stableUuid } from '../random.js';
import type { DemoStory } from '../story.js';

/** `{workspace resource id}/providers/Microsoft.SecurityInsights/{collection}/{name}`. */
export function sentinelId(story: DemoStory, collection: string, name: string): string {
  return `${story.workspace.resourceId}/providers/Microsoft.SecurityInsights/${collection}/${name}`;
}

/** A resource group's id, for the resources that live beside the workspace (workbooks, DCR/DCE). */
export function resourceGroupId(story: DemoStory, group = story.workspace.resourceGroup): string {
  return `/subscriptions/${story.workspace.subscriptionId}/resourceGroups/${group}`;
}

/** An ARM etag as Sentinel writes them: a quoted GUID-like value that depends only on the label. */
export function etagOf(label: string): string {
  return `"${stableHex(`etag:${label}`, 8)}-0000-0d00-0000-${stableHex(`etag2:${label}`, 12)}"`;
}

/** The same without quotes (comments, relations and some other child resources carry it so). */
export function bareEtagOf(label: string): string {
  return etagOf(label).slice(1, -1);
}

export function guidOf(label: string): string {
  return stableUuid(`fernbrook:content:${label}`);
}

/** `{objectId, email, name}`: createdBy/updatedBy of watchlists and bookmarks. */
export function userInfo(user: DemoUser): { objectId: string; email: string; name: string } {
  return { objectId: user.objectId, email: user.mail, name: user.displayName };
}

export function userByName(story: DemoStory, displayName: string): DemoUser {
  const user = story.users.find((u) => u.displayName === displayName);
  if (!user) throw new Error(`demo content: no user named ${displayName}`);
  return user;
}

export function userBySam(story: DemoStory, sam: string): DemoUser {
  const user = story.users.find((u) => u.samAccountName === sam);
  if (!user) throw new Error(`demo content: no user ${sam}`);
  return user;
}

/** ISO time `ms` milliseconds after `time`. */
export function plus(time: string, ms: number): string {
  return new Date(Date.parse(time) + ms).toISOString();
}

/** A resource with the usual top-level keys, in the order ARM writes them. */
export function sentinelResource(
  story: DemoStory,
  collection: string,
  type: string,
  name: string,
  properties: Record<string, unknown>,
  extra: { kind?: string; etag?: string | false } = {},
): ArmResource {
  return {
    id: sentinelId(story, collection, name),
    name,
    type,
    ...(extra.etag === false ? {} : { etag: extra.etag ?? etagOf(`${collection}/${name}`) }),
    ...(extra.kind ? { kind: extra.kind } : {}),
    properties,
  };
}

/** 32 hex digits (workbook revisions and similar opaque version stamps). */
export function stableRevision(label: string): string {
  return stableHex(`revision:${label}`, 32);
}
