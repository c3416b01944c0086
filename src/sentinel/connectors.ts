// Sentinel data connectors: kind, data types and their state, from flattened ARM objects or SDK models.
import { z } from 'zod';
import type { ArmObject } from '../backends/objects.js';
import { record, records, str } from './arm.js';
import { boundedJson, nameOf } from './common.js';
import { short } from './paging.js';

/** Portal names of the common connector kinds (others show their kind, or their UI config's title). */
const KIND_TITLES: Record<string, string> = {
  AzureActiveDirectory: 'Microsoft Entra ID Protection',
  AzureAdvancedThreatProtection: 'Microsoft Defender for Identity',
  AzureSecurityCenter: 'Microsoft Defender for Cloud',
  MicrosoftCloudAppSecurity: 'Microsoft Defender for Cloud Apps',
  MicrosoftDefenderAdvancedThreatProtection: 'Microsoft Defender for Endpoint',
  MicrosoftThreatProtection: 'Microsoft Defender XDR',
  MicrosoftThreatIntelligence: 'Microsoft Defender Threat Intelligence',
  Office365: 'Office 365',
  OfficeATP: 'Microsoft Defender for Office 365',
  OfficeIRM: 'Microsoft 365 Insider Risk Management',
  Office365Project: 'Microsoft Project',
  OfficePowerBI: 'Microsoft Power BI',
  Dynamics365: 'Dynamics 365',
  ThreatIntelligence: 'Threat Intelligence Platforms',
  ThreatIntelligenceTaxii: 'Threat Intelligence - TAXII',
  AmazonWebServicesCloudTrail: 'Amazon Web Services',
  AmazonWebServicesS3: 'Amazon Web Services S3',
  IOT: 'Microsoft Defender for IoT',
};

export interface DataTypeState {
  name: string;
  state: string | null;
}

/** Data types and their state: `dataTypes: {alerts: {state}}`, or a UI config's `dataTypes: [{name}]`. */
export function connectorDataTypes(o: ArmObject): DataTypeState[] {
  const out: DataTypeState[] = [];
  const dataTypes = record(o, 'dataTypes');
  if (dataTypes) {
    for (const [name, value] of Object.entries(dataTypes)) {
      const v = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
      out.push({ name, state: str(v, 'state') ?? null });
    }
  }
  for (const dt of records(record(o, 'connectorUiConfig'), 'dataTypes')) {
    const name = str(dt, 'name');
    if (name && !out.some((d) => d.name === name)) out.push({ name, state: null });
  }
  return out;
}

export function connectorTitle(o: ArmObject): string | null {
  const ui = record(o, 'connectorUiConfig');
  const kind = str(o, 'kind');
  return str(ui, 'title') ?? str(o, 'friendlyName') ?? (kind ? (KIND_TITLES[kind] ?? kind) : null);
}

const dataTypeShape = z.object({
  name: z.string().describe('Data type (alerts, logs, exchange, indicators, ... or a table name)'),
  state: z.string().nullable().describe('Enabled or Disabled; null when the connector does not say'),
});

export const connectorRowShape = z.object({
  id: z.string().describe('Connector id (ARM name); pass it as connector_id'),
  kind: z.string().nullable().describe('Connector kind (AzureActiveDirectory, Office365, APIPolling, ...)'),
  title: z.string().nullable().describe('What the portal calls it'),
  data_types: z.array(dataTypeShape).describe('Data types it brings and their state'),
});

export function connectorRow(o: ArmObject): z.output<typeof connectorRowShape> {
  return {
    id: nameOf(o),
    kind: str(o, 'kind') ?? null,
    title: connectorTitle(o),
    data_types: connectorDataTypes(o),
  };
}

const SKIP_IN_PROPERTIES = new Set(['id', 'name', 'type', 'etag', 'kind', 'systemData']);

export const connectorDetailShape = {
  id: z.string().describe('Connector id (ARM name)'),
  resource_id: z.string().nullable().describe('ARM resource id'),
  kind: z.string().nullable().describe('Connector kind'),
  title: z.string().nullable().describe('What the portal calls it'),
  publisher: z.string().nullable().describe('Publisher (connectors with a UI config)'),
  description: z
    .string()
    .nullable()
    .describe('Description (connectors with a UI config; cut at 2,000 characters)'),
  data_types: z.array(dataTypeShape).describe('Data types and their state'),
  tenant_id: z.string().nullable().describe('Tenant the data comes from'),
  subscription_id: z.string().nullable().describe('Subscription (Defender for Cloud)'),
  aws_role_arn: z.string().nullable().describe('AWS role (AWS connectors)'),
  properties: z.unknown().describe('All properties as stored (bounded; cut as text when very large)'),
};

export function connectorDetail(o: ArmObject) {
  const ui = record(o, 'connectorUiConfig');
  const properties = Object.fromEntries(Object.entries(o).filter(([k]) => !SKIP_IN_PROPERTIES.has(k)));
  return {
    id: nameOf(o),
    resource_id: str(o, 'id') ?? null,
    kind: str(o, 'kind') ?? null,
    title: connectorTitle(o),
    publisher: str(ui, 'publisher') ?? null,
    description: short(str(ui, 'descriptionMarkdown'), 2000),
    data_types: connectorDataTypes(o),
    tenant_id: str(o, 'tenantId') ?? null,
    subscription_id: str(o, 'subscriptionId') ?? null,
    aws_role_arn: str(o, 'awsRoleArn') ?? str(o, 'roleArn') ?? null,
    properties: boundedJson(properties, 8000),
  };
}

/** "alerts: Enabled, logs: Disabled" for a text rendering. */
export function dataTypesText(dataTypes: readonly DataTypeState[]): string {
  return dataTypes.map((d) => (d.state ? `${d.name}: ${d.state}` : d.name)).join(', ');
}
