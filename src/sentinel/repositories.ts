// Sentinel repositories (source controls): where content deploys from, and the last deployment.
import { z } from 'zod';
import type { ArmObject } from '../backends/objects.js';
import { record, records, str, strings, time } from './arm.js';
import { nameOf, systemDataOf, systemDataShape } from './common.js';
import { short } from './paging.js';

export const repositoryRowShape = z.object({
  id: z.string().describe('Repository (source control) id; pass it as repository_id'),
  display_name: z.string().nullable().describe('Display name'),
  repo_type: z.string().nullable().describe('Github or AzureDevOps'),
  url: z.string().nullable().describe('Repository URL'),
  branch: z.string().nullable().describe('Branch deployed from'),
  content_types: z.array(z.string()).describe('Content types deployed (AnalyticsRule, Workbook, ...)'),
  last_deployment_state: z
    .string()
    .nullable()
    .describe('State of the last deployment (Completed, Running, ...)'),
  last_deployment_result: z
    .string()
    .nullable()
    .describe('Result of the last deployment (Success, Failed, ...)'),
  last_deployment_time: z.string().nullable().describe('When the last deployment ran, ISO 8601'),
});

function deploymentOf(o: ArmObject) {
  const info = record(o, 'lastDeploymentInfo');
  const d = record(info, 'deployment');
  return { info, d };
}

export function repositoryRow(o: ArmObject): z.output<typeof repositoryRowShape> {
  const repo = record(o, 'repository');
  const { d } = deploymentOf(o);
  return {
    id: nameOf(o),
    display_name: str(o, 'displayName') ?? null,
    repo_type: str(o, 'repoType') ?? null,
    url: str(repo, 'url') ?? null,
    branch: str(repo, 'branch') ?? null,
    content_types: strings(o, 'contentTypes'),
    last_deployment_state: str(d, 'deploymentState') ?? null,
    last_deployment_result: str(d, 'deploymentResult') ?? null,
    last_deployment_time: time(d, 'deploymentTime') ?? null,
  };
}

export const repositoryDetailShape = {
  ...repositoryRowShape.shape,
  resource_id: z.string().nullable().describe('ARM resource id'),
  description: z.string().nullable().describe('Description'),
  version: z.string().nullable().describe('Source control version (V1, V2)'),
  display_url: z.string().nullable().describe('Repository URL for people'),
  path_mapping: z
    .array(z.object({ content_type: z.string().nullable(), path: z.string().nullable() }))
    .describe('Folders per content type, when set'),
  last_deployment: z
    .object({
      fetch_status: z.string().nullable().describe('Success, Unauthorized or NotFound'),
      deployment_id: z.string().nullable(),
      state: z.string().nullable(),
      result: z.string().nullable(),
      time: z.string().nullable(),
      logs_url: z.string().nullable(),
      message: z.string().nullable(),
    })
    .nullable()
    .describe('The last deployment, when one ran'),
  pull_request: z
    .object({ url: z.string().nullable(), state: z.string().nullable() })
    .nullable()
    .describe('The pull request the service opened, when any'),
  app_id: z.string().nullable().describe('App (service principal or federated identity) it deploys with'),
  ...systemDataShape,
};

export function repositoryDetail(o: ArmObject) {
  const repo = record(o, 'repository');
  const { info, d } = deploymentOf(o);
  const pr = record(o, 'pullRequest');
  const identity = record(o, 'workloadIdentityFederation') ?? record(o, 'servicePrincipal');
  return {
    ...repositoryRow(o),
    resource_id: str(o, 'id') ?? null,
    description: str(o, 'description') ?? null,
    version: str(o, 'version') ?? null,
    display_url: str(repo, 'displayUrl') ?? null,
    path_mapping: records(repo, 'pathMapping').map((p) => ({
      content_type: str(p, 'contentType') ?? null,
      path: str(p, 'path') ?? null,
    })),
    last_deployment: info
      ? {
          fetch_status: str(info, 'deploymentFetchStatus') ?? null,
          deployment_id: str(d, 'deploymentId') ?? null,
          state: str(d, 'deploymentState') ?? null,
          result: str(d, 'deploymentResult') ?? null,
          time: time(d, 'deploymentTime') ?? null,
          logs_url: str(d, 'deploymentLogsUrl') ?? str(repo, 'deploymentLogsUrl') ?? null,
          message: short(str(info, 'message'), 1000),
        }
      : null,
    pull_request: pr ? { url: str(pr, 'url') ?? null, state: str(pr, 'state') ?? null } : null,
    app_id: str(identity, 'appId') ?? null,
    ...systemDataOf(o),
  };
}
