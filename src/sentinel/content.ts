// Sentinel content metadata (what a solution or the content hub installed) and ML analytics settings
// (anomaly rules), from flattened ARM objects or SDK models.
import { z } from 'zod';
import type { ArmObject } from '../backends/objects.js';
import { bool, num, record, records, str, strings, time } from './arm.js';
import { boundedJson, lastSegment, nameOf } from './common.js';

export const metadataRowShape = z.object({
  name: z.string().describe('Metadata name; pass it as metadata_id'),
  kind: z
    .string()
    .nullable()
    .describe('Content kind (AnalyticsRule, Workbook, HuntingQuery, DataConnector, Solution, ...)'),
  content_id: z.string().nullable().describe('Content id of the item in its source'),
  parent: z.string().nullable().describe('Name of the object it describes (last segment of parent_id)'),
  source_kind: z.string().nullable().describe('LocalWorkspace, Community, Solution or SourceRepository'),
  source_name: z.string().nullable().describe('Name of the solution or repository'),
  version: z.string().nullable().describe('Content version'),
});

export function metadataRow(o: ArmObject): z.output<typeof metadataRowShape> {
  const source = record(o, 'source');
  return {
    name: nameOf(o),
    kind: str(o, 'kind') ?? null,
    content_id: str(o, 'contentId') ?? null,
    parent: lastSegment(str(o, 'parentId')),
    source_kind: str(source, 'kind') ?? null,
    source_name: str(source, 'name') ?? null,
    version: str(o, 'version') ?? null,
  };
}

const contactShape = z
  .object({
    name: z.string().nullable(),
    email: z.string().nullable(),
    link: z.string().nullable(),
  })
  .nullable();

function contactOf(o: ArmObject, key: string) {
  const c = record(o, key);
  return c
    ? { name: str(c, 'name') ?? null, email: str(c, 'email') ?? null, link: str(c, 'link') ?? null }
    : null;
}

export const metadataDetailShape = {
  ...metadataRowShape.shape,
  resource_id: z.string().nullable().describe('ARM resource id'),
  parent_id: z.string().nullable().describe('ARM id of the object it describes'),
  source_id: z.string().nullable().describe('Id of the source (solution id, repository id)'),
  custom_version: z.string().nullable().describe('Custom version'),
  content_schema_version: z.string().nullable().describe('Schema version of the content'),
  author: contactShape.describe('Author'),
  support: contactShape.describe('Support contact'),
  support_tier: z.string().nullable().describe('Microsoft, Partner or Community'),
  categories: z
    .object({ domains: z.array(z.string()), verticals: z.array(z.string()) })
    .describe('Domains and industry verticals'),
  providers: z.array(z.string()).describe('Providers of the content'),
  tactics: z.array(z.string()).describe('MITRE tactics it covers (threatAnalysisTactics)'),
  techniques: z.array(z.string()).describe('MITRE techniques it covers (threatAnalysisTechniques)'),
  dependencies: z.unknown().describe('Content it depends on (operator and criteria tree), bounded'),
  first_publish_date: z.string().nullable().describe('First published, ISO 8601'),
  last_publish_date: z.string().nullable().describe('Last published, ISO 8601'),
};

export function metadataDetail(o: ArmObject) {
  const categories = record(o, 'categories');
  const support = record(o, 'support');
  return {
    ...metadataRow(o),
    resource_id: str(o, 'id') ?? null,
    parent_id: str(o, 'parentId') ?? null,
    source_id: str(record(o, 'source'), 'sourceId') ?? null,
    custom_version: str(o, 'customVersion') ?? null,
    content_schema_version: str(o, 'contentSchemaVersion') ?? null,
    author: contactOf(o, 'author'),
    support: contactOf(o, 'support'),
    support_tier: str(support, 'tier') ?? null,
    categories: { domains: strings(categories, 'domains'), verticals: strings(categories, 'verticals') },
    providers: strings(o, 'providers'),
    tactics: strings(o, 'threatAnalysisTactics'),
    techniques: strings(o, 'threatAnalysisTechniques'),
    dependencies: boundedJson(o['dependencies'] ?? null, 4000),
    first_publish_date: time(o, 'firstPublishDate') ?? null,
    last_publish_date: time(o, 'lastPublishDate') ?? null,
  };
}

// ---- ML analytics settings ----

export const mlSettingRowShape = z.object({
  name: z.string().describe('Setting name (a GUID); pass it as setting_name'),
  display_name: z.string().nullable().describe('Display name'),
  kind: z.string().nullable().describe('Anomaly'),
  enabled: z.boolean().nullable().describe('Whether it runs'),
  status: z.string().nullable().describe('Production or Flighting'),
  tactics: z.array(z.string()).describe('MITRE tactics'),
  techniques: z.array(z.string()).describe('MITRE techniques'),
  frequency: z.string().nullable().describe('How often it runs (ISO 8601 duration)'),
  last_modified: z.string().nullable().describe('Last modified, ISO 8601'),
});

export function mlSettingRow(o: ArmObject): z.output<typeof mlSettingRowShape> {
  return {
    name: nameOf(o),
    display_name: str(o, 'displayName') ?? null,
    kind: str(o, 'kind') ?? null,
    enabled: bool(o, 'enabled') ?? null,
    status: str(o, 'settingsStatus') ?? null,
    tactics: strings(o, 'tactics'),
    techniques: strings(o, 'techniques'),
    frequency: str(o, 'frequency') ?? null,
    last_modified: time(o, 'lastModifiedUtc') ?? null,
  };
}

export const mlSettingDetailShape = {
  ...mlSettingRowShape.shape,
  resource_id: z.string().nullable().describe('ARM resource id'),
  description: z.string().nullable().describe('What it detects'),
  required_data_connectors: z
    .array(z.object({ connector_id: z.string().nullable(), data_types: z.array(z.string()) }))
    .describe('Data connectors and data types it needs'),
  anomaly_version: z.string().nullable().describe('Version of the anomaly model'),
  anomaly_settings_version: z.number().nullable().describe('Version of these settings'),
  is_default_settings: z.boolean().nullable().describe('True for the built-in settings'),
  settings_definition_id: z.string().nullable().describe('Id of the settings definition'),
  customizable_observations: z.unknown().describe('Tunable thresholds and selections, bounded'),
};

export function mlSettingDetail(o: ArmObject) {
  return {
    ...mlSettingRow(o),
    resource_id: str(o, 'id') ?? null,
    description: str(o, 'description') ?? null,
    required_data_connectors: records(o, 'requiredDataConnectors').map((c) => ({
      connector_id: str(c, 'connectorId') ?? null,
      data_types: strings(c, 'dataTypes'),
    })),
    anomaly_version: str(o, 'anomalyVersion') ?? null,
    anomaly_settings_version: num(o, 'anomalySettingsVersion') ?? null,
    is_default_settings: bool(o, 'isDefaultSettings') ?? null,
    settings_definition_id: str(o, 'settingsDefinitionId') ?? null,
    customizable_observations: boundedJson(o['customizableObservations'] ?? null, 8000),
  };
}
