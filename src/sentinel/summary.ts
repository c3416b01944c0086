// Log Analytics summary rules (`workspaces/{w}/summaryLogs`): query, bin size, destination, status.
import { z } from 'zod';
import type { ArmObject } from '../backends/objects.js';
import { bool, num, record, str, time } from './arm.js';
import { nameOf, systemDataOf, systemDataShape } from './common.js';
import { short } from './paging.js';

export const summaryRuleRowShape = z.object({
  name: z.string().describe('Summary rule name; pass it as rule_name'),
  display_name: z.string().nullable().describe('Display name'),
  destination_table: z.string().nullable().describe('Table the summaries are written to (…_CL)'),
  bin_size_minutes: z.number().nullable().describe('Aggregation interval in minutes (20 to 1440)'),
  active: z.boolean().nullable().describe('Whether the rule runs'),
  status_code: z
    .string()
    .nullable()
    .describe('Why it is inactive (e.g. UserAction, DataPlaneError), when it is'),
  provisioning_state: z.string().nullable().describe('Succeeded, Updating, ...'),
  query: z.string().nullable().describe('The KQL it runs (cut in lists)'),
});

export function summaryRuleRow(o: ArmObject): z.output<typeof summaryRuleRowShape> {
  const def = record(o, 'ruleDefinition');
  return {
    name: nameOf(o),
    display_name: str(o, 'displayName') ?? null,
    destination_table: str(def, 'destinationTable') ?? null,
    bin_size_minutes: num(def, 'binSize') ?? null,
    active: bool(o, 'isActive') ?? null,
    status_code: str(o, 'statusCode') ?? null,
    provisioning_state: str(o, 'provisioningState') ?? null,
    query: short(str(def, 'query')),
  };
}

export const summaryRuleDetailShape = {
  ...summaryRuleRowShape.shape,
  query: z.string().nullable().describe('The KQL it runs, whole'),
  resource_id: z.string().nullable().describe('ARM resource id'),
  description: z.string().nullable().describe('Description'),
  rule_type: z.string().nullable().describe('User'),
  bin_delay_minutes: z.number().nullable().describe('Minutes each bin waits for late data'),
  bin_start_time: z.string().nullable().describe('When the first bin starts, ISO 8601'),
  time_selector: z.string().nullable().describe('Time column the bins use (TimeGenerated)'),
  ...systemDataShape,
};

export function summaryRuleDetail(o: ArmObject) {
  const def = record(o, 'ruleDefinition');
  return {
    ...summaryRuleRow(o),
    query: str(def, 'query') ?? null,
    resource_id: str(o, 'id') ?? null,
    description: str(o, 'description') ?? null,
    rule_type: str(o, 'ruleType') ?? null,
    bin_delay_minutes: num(def, 'binDelay') ?? null,
    bin_start_time: time(def, 'binStartTime') ?? null,
    time_selector: str(def, 'timeSelector') ?? null,
    ...systemDataOf(o),
  };
}
