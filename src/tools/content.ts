// Tools of the content toolset: content metadata and ML analytics (anomaly) settings.
import { z } from 'zod';
import { str } from '../sentinel/arm.js';
import { objectGetTool, objectListTool, sameText, searchArg, textMatcher } from '../sentinel/common.js';
import {
  metadataDetail,
  metadataDetailShape,
  metadataRow,
  metadataRowShape,
  mlSettingDetail,
  mlSettingDetailShape,
  mlSettingRow,
  mlSettingRowShape,
} from '../sentinel/content.js';

const METADATA_LIST = 'sentinel_metadata_list';
const ML_LIST = 'sentinel_ml_analytics_settings_list';

export const metadataListTool = objectListTool({
  name: METADATA_LIST,
  title: 'List content metadata',
  description:
    'Lists the Sentinel content metadata of the workspace: which rules, workbooks, hunting queries, connectors ' +
    'and solutions came from where (solution, repository, community), with versions. Filter by kind, source ' +
    'and text. sentinel_metadata_get shows one item whole (author, support, dependencies, MITRE coverage).',
  toolset: 'content',
  kind: 'metadata',
  itemsKey: 'metadata',
  itemsDescription: 'Matching metadata items, by kind then name',
  noun: 'metadata items',
  row: metadataRowShape,
  toRow: metadataRow,
  sortLabel: (r) => `${r.kind ?? ''}/${r.parent ?? r.name}`,
  sortKey: (r) => r.name,
  filters: {
    kind: searchArg(
      'Only this content kind (case-insensitive), e.g. AnalyticsRule, Workbook, HuntingQuery, Solution',
    ),
    source: searchArg(
      'Only content from this source: a source kind (Solution, SourceRepository, Community, LocalWorkspace) or text in the source name',
    ),
    search: searchArg('Case-insensitive text to find in the name, content id, parent or source name'),
  },
  keep: (r, f) =>
    (f.kind === undefined || sameText(r.kind, f.kind)) &&
    (f.source === undefined || sameText(r.source_kind, f.source) || textMatcher(f.source)(r.source_name)) &&
    textMatcher(f.search)(r.name, r.content_id, r.parent, r.source_name),
  columns: ['name', 'kind', 'parent', 'source_kind', 'source_name', 'version'],
});

export const metadataGetTool = objectGetTool({
  name: 'sentinel_metadata_get',
  title: 'Get content metadata',
  description:
    'Returns one content metadata item: kind, the object it describes, source, version, author, support, ' +
    'categories, MITRE tactics and techniques, and dependencies. Find names with sentinel_metadata_list.',
  toolset: 'content',
  kind: 'metadata',
  key: 'metadata_id',
  keyDescription: 'Metadata name, from sentinel_metadata_list',
  listTool: METADATA_LIST,
  output: metadataDetailShape,
  map: metadataDetail,
});

export const mlSettingsListTool = objectListTool({
  name: ML_LIST,
  title: 'List ML analytics settings',
  description:
    'Lists the ML analytics settings (anomaly rules) of the workspace: name, enabled, Production or Flighting, ' +
    'MITRE tactics and techniques, frequency. sentinel_ml_analytics_setting_get shows one whole (thresholds, ' +
    'required connectors).',
  toolset: 'content',
  kind: 'mlAnalyticsSettings',
  itemsKey: 'settings',
  itemsDescription: 'Matching ML analytics settings, by display name',
  noun: 'ML analytics settings',
  row: mlSettingRowShape,
  toRow: mlSettingRow,
  sortLabel: (r) => r.display_name,
  sortKey: (r) => r.name,
  filters: {
    enabled: z.boolean().optional().describe('Only enabled (true) or disabled (false) settings'),
    search: searchArg(
      'Case-insensitive text to find in the display name, description, tactics or techniques',
    ),
  },
  keep: (r, f, o) =>
    (f.enabled === undefined || r.enabled === f.enabled) &&
    textMatcher(f.search)(r.display_name, r.name, str(o, 'description'), ...r.tactics, ...r.techniques),
  columns: ['name', 'display_name', 'enabled', 'status', 'tactics', 'frequency'],
});

export const mlSettingGetTool = objectGetTool({
  name: 'sentinel_ml_analytics_setting_get',
  title: 'Get an ML analytics setting',
  description:
    'Returns one ML analytics setting (anomaly rule): description, enabled, status, required data connectors, ' +
    'MITRE coverage and its tunable observations. Find names with sentinel_ml_analytics_settings_list.',
  toolset: 'content',
  kind: 'mlAnalyticsSettings',
  key: 'setting_name',
  keyDescription: 'ML analytics setting name (a GUID), from sentinel_ml_analytics_settings_list',
  listTool: ML_LIST,
  output: mlSettingDetailShape,
  map: mlSettingDetail,
  blocks: ['description'],
});

export const contentTools = [metadataListTool, metadataGetTool, mlSettingsListTool, mlSettingGetTool];
