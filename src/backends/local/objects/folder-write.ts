// Writes an ObjectSet into a workspace folder in the formats folder-read.ts reads back: every kind as one
// ARM JSON list per folder (`{"value": [...]}`, in the set's order; analytics rules, templates and hunting
// queries too, since the content-repository YAML cannot carry every ARM field), incident children in
// incidents/<name>/, and watchlists as CSV plus a YAML header.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ObjectKind, ObjectSet } from '../../objects.js';
import { INCIDENT_CHILD_FILES, TI_METRICS_FILE } from './kinds.js';
import { WATCHLIST_ALIAS, watchlistToFiles } from './watchlist-csv.js';

async function writeJson(file: string, data: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`, 'utf8');
}

/** One list file per kind, so that the objects read back in the set's order. */
const LIST_FILES: Record<ObjectKind, string> = {
  incidents: 'incidents/incidents.json',
  alertRules: 'rules/alert-rules.json',
  alertRuleTemplates: 'templates/alert-rule-templates.json',
  savedSearches: 'saved-searches/saved-searches.json',
  watchlists: '',
  dataConnectors: 'connectors/connectors.json',
  workbooks: 'workbooks/workbooks.json',
  sourceControls: 'repositories/repositories.json',
  summaryRules: 'summary-rules/summary-rules.json',
  dataCollectionRules: 'dcr/dcr.json',
  dataCollectionEndpoints: 'dce/dce.json',
  metadata: 'metadata/metadata.json',
  mlAnalyticsSettings: 'ml-analytics/ml-analytics.json',
  tiIndicators: 'threat-intelligence/indicators.json',
  bookmarks: 'bookmarks/bookmarks.json',
};

/** Writes the objects of a set under `root` (an existing folder). */
export async function writeObjectFolders(set: ObjectSet, root: string): Promise<void> {
  for (const [kind, file] of Object.entries(LIST_FILES) as [ObjectKind, string][]) {
    const resources = set.objects[kind];
    if (file && resources.length) await writeJson(path.join(root, file), { value: resources });
  }
  if (set.tiMetrics.length)
    await writeJson(path.join(root, 'threat-intelligence', TI_METRICS_FILE), { value: set.tiMetrics });
  for (const incident of set.objects.incidents) {
    if (!/^[A-Za-z0-9_.-]+$/.test(incident.name) || /^\.+$/.test(incident.name))
      throw new Error(`Incident name "${incident.name}" cannot be a folder name`);
    for (const [file, childKind] of INCIDENT_CHILD_FILES) {
      const children = set.children[childKind][incident.name];
      if (children?.length)
        await writeJson(path.join(root, 'incidents', incident.name, `${file}.json`), { value: children });
    }
  }
  for (const watchlist of set.objects.watchlists) {
    const alias = watchlist.name;
    if (!WATCHLIST_ALIAS.test(alias)) throw new Error(`Watchlist alias "${alias}" cannot be a file name`);
    const { csv, header } = watchlistToFiles(watchlist, set.children.watchlistItems[alias] ?? []);
    await mkdir(path.join(root, 'watchlists'), { recursive: true });
    await writeFile(path.join(root, 'watchlists', `${alias}.csv`), csv, 'utf8');
    await writeFile(path.join(root, 'watchlists', `${alias}.yaml`), header, 'utf8');
  }
}
