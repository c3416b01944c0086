// Tools of the connectors toolset: Sentinel data connectors and the state of their data types.
import { objectGetTool, objectListTool, sameText, searchArg, textMatcher } from '../sentinel/common.js';
import {
  connectorDetail,
  connectorDetailShape,
  connectorRow,
  connectorRowShape,
} from '../sentinel/connectors.js';

const LIST = 'sentinel_connectors_list';

export const connectorsListTool = objectListTool({
  name: LIST,
  title: 'List data connectors',
  description:
    'Lists the Sentinel data connectors of the workspace with their kind and the state (Enabled/Disabled) of ' +
    'each data type they bring. Use it to see which sources feed the workspace; for when data last arrived ' +
    'in a table use sentinel_logs_table_details_get. One connector whole: sentinel_connectors_get.',
  toolset: 'connectors',
  kind: 'dataConnectors',
  itemsKey: 'connectors',
  itemsDescription: 'Matching data connectors, by title',
  noun: 'data connectors',
  row: connectorRowShape,
  toRow: connectorRow,
  sortLabel: (r) => r.title,
  sortKey: (r) => r.id,
  filters: {
    kind: searchArg('Only connectors of this kind (case-insensitive), e.g. AzureActiveDirectory, Office365'),
    search: searchArg('Case-insensitive text to find in id, kind, title or data type names'),
  },
  keep: (r, f) =>
    (f.kind === undefined || sameText(r.kind, f.kind)) &&
    textMatcher(f.search)(r.id, r.kind, r.title, ...r.data_types.map((d) => d.name)),
  columns: ['id', 'kind', 'title', 'data_types'],
});

export const connectorGetTool = objectGetTool({
  name: 'sentinel_connectors_get',
  title: 'Get a data connector',
  description:
    'Returns one data connector: kind, title, data types and their state, tenant or subscription, and all its ' +
    'properties as stored (bounded). Find ids with sentinel_connectors_list.',
  toolset: 'connectors',
  kind: 'dataConnectors',
  key: 'connector_id',
  keyDescription: 'Data connector id (ARM name, often a GUID), from sentinel_connectors_list',
  listTool: LIST,
  output: connectorDetailShape,
  map: connectorDetail,
});

export const connectorsTools = [connectorsListTool, connectorGetTool];
