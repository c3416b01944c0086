// The demo workspace's Sentinel objects (incidents, rules, hunting queries, watchlists, ...) in ARM
// wire JSON, derived from the story so they agree with the tables; deterministic for a given "now".
import { CHILD_KINDS, OBJECT_KINDS, type ObjectSet } from '../../../objects.js';
import type { GenContext } from '../context.js';
import { storyBookmarks } from './bookmarks.js';
import { bookmarkResource } from './bookmarks-arm.js';
import { dataConnectorResources } from './connectors.js';
import { dcrContent } from './dcr.js';
import { savedSearchResources } from './hunting.js';
import { incidentContent } from './incidents.js';
import { metadataResources } from './metadata.js';
import { mlSettingResources } from './ml-settings.js';
import { alertRuleResources, queryRules, templateUse } from './rules.js';
import { sourceControlResources } from './source-controls.js';
import { summaryRuleResources } from './summary-rules.js';
import { templateResources } from './templates.js';
import { tiContent } from './threat-intel.js';
import { watchlistContent } from './watchlists.js';
import { workbookResources } from './workbooks.js';

export { huntingQueryDefs } from './hunting.js';
export { queryRules } from './rules.js';

export function generateDemoContent(ctx: GenContext): ObjectSet {
  const story = ctx.story;
  const now = ctx.window.end;
  const domain = story.organization.domain;
  const set = emptyObjectSet();
  const o = set.objects;
  const c = set.children;

  const bookmarks = storyBookmarks(story);
  const incidents = incidentContent(story, bookmarks);
  o.incidents = incidents.incidents;
  o.bookmarks = bookmarks.map((b) => bookmarkResource(story, b, story.incidents));
  c.incidentAlerts = incidents.alerts;
  c.incidentEntities = incidents.entities;
  c.incidentComments = incidents.comments;
  c.incidentBookmarks = incidents.bookmarks;
  c.incidentRelations = incidents.relations;

  o.alertRuleTemplates = templateResources(story, queryRules(domain), templateUse(domain), now);
  o.alertRules = alertRuleResources(story, now, o.alertRuleTemplates);
  o.savedSearches = savedSearchResources(story, now);

  const watchlists = watchlistContent(story, now);
  o.watchlists = watchlists.watchlists;
  c.watchlistItems = watchlists.items;

  o.dataConnectors = dataConnectorResources(story);
  o.workbooks = workbookResources(story, now);
  o.sourceControls = sourceControlResources(story, now);
  o.summaryRules = summaryRuleResources(story, now);
  const dcr = dcrContent(story, now);
  o.dataCollectionRules = dcr.rules;
  o.dataCollectionEndpoints = dcr.endpoints;
  o.metadata = metadataResources(story, now, o.alertRules, o.alertRuleTemplates, o.workbooks);
  o.mlAnalyticsSettings = mlSettingResources(story, now);

  const ti = tiContent(ctx);
  o.tiIndicators = ti.indicators;
  set.tiMetrics = ti.metrics;
  return set;
}

export function emptyObjectSet(): ObjectSet {
  const objects = Object.fromEntries(OBJECT_KINDS.map((k) => [k, []])) as unknown as ObjectSet['objects'];
  const children = Object.fromEntries(
    Object.keys(CHILD_KINDS).map((k) => [k, {}]),
  ) as unknown as ObjectSet['children'];
  return { objects, children, tiMetrics: [] };
}
