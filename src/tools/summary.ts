// Tools of the summary toolset: Log Analytics summary rules.
import { z } from 'zod';
import { objectGetTool, objectListTool, searchArg, textMatcher } from '../sentinel/common.js';
import {
  summaryRuleDetail,
  summaryRuleDetailShape,
  summaryRuleRow,
  summaryRuleRowShape,
} from '../sentinel/summary.js';

const LIST = 'sentinel_summary_rule_list';

export const summaryRuleListTool = objectListTool({
  name: LIST,
  title: 'List summary rules',
  description:
    'Lists the Log Analytics summary rules of the workspace: destination table, bin size, whether active, and ' +
    'the query (cut). Use sentinel_summary_rule_get for one rule whole; query the destination table with ' +
    'sentinel_logs_search.',
  toolset: 'summary',
  kind: 'summaryRules',
  itemsKey: 'summary_rules',
  itemsDescription: 'Matching summary rules, by name',
  noun: 'summary rules',
  row: summaryRuleRowShape,
  toRow: summaryRuleRow,
  sortLabel: (r) => r.display_name ?? r.name,
  sortKey: (r) => r.name,
  filters: {
    active: z.boolean().optional().describe('Only active (true) or inactive (false) rules'),
    search: searchArg('Case-insensitive text to find in the name, destination table or query'),
  },
  keep: (r, f) =>
    (f.active === undefined || r.active === f.active) &&
    textMatcher(f.search)(r.name, r.display_name, r.destination_table, r.query),
  columns: ['name', 'destination_table', 'bin_size_minutes', 'active', 'status_code', 'query'],
});

export const summaryRuleGetTool = objectGetTool({
  name: 'sentinel_summary_rule_get',
  title: 'Get a summary rule',
  description:
    'Returns one summary rule: the whole query, bin size and delay, start time, destination table, whether it ' +
    'is active and why not. Find names with sentinel_summary_rule_list.',
  toolset: 'summary',
  kind: 'summaryRules',
  key: 'rule_name',
  keyDescription: 'Summary rule name, from sentinel_summary_rule_list',
  listTool: LIST,
  output: summaryRuleDetailShape,
  map: summaryRuleDetail,
  blocks: ['query', 'description'],
});

export const summaryTools = [summaryRuleListTool, summaryRuleGetTool];
