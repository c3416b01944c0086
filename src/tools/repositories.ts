// Tools of the repositories toolset: Sentinel repositories (source controls).
import { objectGetTool, objectListTool, searchArg, textMatcher } from '../sentinel/common.js';
import {
  repositoryDetail,
  repositoryDetailShape,
  repositoryRow,
  repositoryRowShape,
} from '../sentinel/repositories.js';

const LIST = 'sentinel_repository_list';

export const repositoryListTool = objectListTool({
  name: LIST,
  title: 'List repositories',
  description:
    'Lists the Sentinel repositories (source controls) that deploy content to this workspace: repository type, ' +
    'URL, branch, content types and the last deployment. Use sentinel_repository_get for one repository whole.',
  toolset: 'repositories',
  kind: 'sourceControls',
  itemsKey: 'repositories',
  itemsDescription: 'Matching repositories, by display name',
  noun: 'repositories',
  row: repositoryRowShape,
  toRow: repositoryRow,
  sortLabel: (r) => r.display_name,
  sortKey: (r) => r.id,
  filters: { search: searchArg('Case-insensitive text to find in the display name, URL or branch') },
  keep: (r, f) => textMatcher(f.search)(r.display_name, r.url, r.branch, r.id),
  columns: ['id', 'display_name', 'repo_type', 'url', 'branch', 'content_types', 'last_deployment_result'],
});

export const repositoryGetTool = objectGetTool({
  name: 'sentinel_repository_get',
  title: 'Get a repository',
  description:
    'Returns one Sentinel repository (source control): type, URL, branch, content types and path mapping, the ' +
    'last deployment (state, result, time, logs) and any open pull request. Find ids with sentinel_repository_list.',
  toolset: 'repositories',
  kind: 'sourceControls',
  key: 'repository_id',
  keyDescription: 'Repository (source control) id, from sentinel_repository_list',
  listTool: LIST,
  output: repositoryDetailShape,
  map: repositoryDetail,
  blocks: ['description'],
});

export const repositoriesTools = [repositoryListTool, repositoryGetTool];
