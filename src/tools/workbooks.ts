// Tools of the workbooks toolset: the Sentinel workbooks of this workspace.
import { z } from 'zod';
import { objectsOf } from '../sentinel/arm.js';
import {
  checkName,
  idArg,
  objectListTool,
  READ_ONLY,
  renderDetail,
  searchArg,
  textMatcher,
  withListHint,
} from '../sentinel/common.js';
import { workbookDetail, workbookDetailShape, workbookRow, workbookRowShape } from '../sentinel/workbooks.js';
import { defineTool } from './types.js';

const LIST = 'sentinel_workbook_list';

export const workbookListTool = objectListTool({
  name: LIST,
  title: 'List workbooks',
  description:
    'Lists the Sentinel workbooks saved for this workspace (display name, description, last change). Use ' +
    'sentinel_workbook_get for one workbook: its items and the KQL queries it runs.',
  toolset: 'workbooks',
  kind: 'workbooks',
  itemsKey: 'workbooks',
  itemsDescription: 'Matching workbooks, by display name',
  noun: 'workbooks',
  row: workbookRowShape,
  toRow: workbookRow,
  sortLabel: (r) => r.display_name,
  sortKey: (r) => r.id,
  filters: { search: searchArg('Case-insensitive text to find in the display name or description') },
  keep: (r, f) => textMatcher(f.search)(r.display_name, r.description, r.id),
  columns: ['id', 'display_name', 'time_modified', 'description'],
});

export const workbookGetTool = defineTool({
  name: 'sentinel_workbook_get',
  title: 'Get a workbook',
  description:
    'Returns one workbook: name, description, last change, its items by type and the KQL queries it runs ' +
    '(the first 25, each cut at 1,000 characters). The workbook JSON itself only with include_serialized_data ' +
    '(cut at 50,000 characters). Find ids with sentinel_workbook_list; run a query with sentinel_logs_search.',
  toolset: 'workbooks',
  input: {
    workbook_id: idArg('Workbook id (ARM name, a GUID), from sentinel_workbook_list'),
    include_serialized_data: z
      .boolean()
      .default(false)
      .describe('Also return the workbook JSON (large; cut at 50,000 characters)'),
  },
  output: workbookDetailShape,
  annotations: READ_ONLY,
  async run(ctx, args) {
    const name = checkName(args.workbook_id, 'workbook id');
    const backend = await ctx.backend();
    const o = await withListHint(LIST, () =>
      objectsOf(backend).get('workbooks', name, { abortSignal: ctx.signal, deadline: ctx.deadline }),
    );
    return workbookDetail(o, args.include_serialized_data);
  },
  render(r) {
    const { queries, serialized_data, ...rest } = r;
    const parts = [renderDetail(rest, ['description'])];
    queries.forEach((q, i) => parts.push(`query ${i + 1}${q.title ? ` (${q.title})` : ''}:\n${q.query}`));
    if (r.queries_total > queries.length)
      parts.push(`(${r.queries_total - queries.length} more queries not shown)`);
    if (serialized_data) parts.push(`serialized_data:\n${serialized_data}`);
    return parts.join('\n');
  },
});

export const workbooksTools = [workbookListTool, workbookGetTool];
