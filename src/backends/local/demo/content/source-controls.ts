// Sentinel repositories (source controls): the detection-as-code repositories that deploy content to
// the workspace, one on GitHub and one on Azure DevOps.
import type { ArmResource } from '../../../objects.js';
import type { DemoStory } from '../story.js';
import { DAY, HOUR, MINUTE, startOfUtcDay } from '../time.js';
import { etagOf, guidOf, sentinelId, userBySam } from './arm.js';

export function sourceControlResources(story: DemoStory, now: number): ArmResource[] {
  const tenantId = story.organization.tenantId;
  const at = (daysAgo: number, h: number, m: number): string =>
    new Date(startOfUtcDay(now) - daysAgo * DAY + h * HOUR + m * MINUTE).toISOString();
  const connor = userBySam(story, 'connor.walsh').userPrincipalName;
  const yusuf = userBySam(story, 'yusuf.demir').userPrincipalName;
  const github = guidOf('sourceControl:github');
  const devops = guidOf('sourceControl:devops');
  const appId = guidOf('sourceControl:app');
  const webhook = (id: string, kind: string): string =>
    `https://cac.sentinel.azure.com/workspaces/${story.workspace.id}/webhooks/${kind}/sourceControl/${id}`;
  return [
    {
      id: sentinelId(story, 'sourcecontrols', github),
      version: 'V2',
      name: github,
      type: 'Microsoft.SecurityInsights/SourceControls',
      etag: etagOf(`sourceControl:${github}`),
      properties: {
        id: github,
        version: 'V2',
        displayName: 'fernbrook-detections (GitHub)',
        description: 'Analytics rules, hunting queries and workbooks of the SOC, deployed from main.',
        repoType: 'Github',
        contentTypes: ['AnalyticsRule', 'HuntingQuery', 'Workbook', 'Parser'],
        repository: {
          url: 'https://github.com/fernbrooklabs/fernbrook-detections',
          branch: 'main',
          displayUrl: 'https://github.com/fernbrooklabs/fernbrook-detections',
          deploymentLogsUrl: 'https://github.com/fernbrooklabs/fernbrook-detections/actions',
        },
        servicePrincipal: { id: guidOf('sourceControl:sp'), tenantId, appId },
        repositoryResourceInfo: {
          webhook: {
            webhookId: '471902553',
            webhookUrl: webhook(github, 'github'),
            webhookSecretUpdateTime: at(120, 10, 4),
          },
          gitHubResourceInfo: { appInstallationId: '52894417' },
          azureDevOpsResourceInfo: null,
        },
        lastDeploymentInfo: {
          deploymentFetchStatus: 'Success',
          deployment: {
            deploymentId: '9843321175',
            deploymentState: 'Completed',
            deploymentResult: 'Success',
            deploymentTime: at(23, 16, 12),
            deploymentLogsUrl:
              'https://github.com/fernbrooklabs/fernbrook-detections/actions/runs/9843321175',
          },
          message: 'Successful deployment',
        },
      },
      systemData: {
        createdBy: connor,
        createdByType: 'User',
        createdAt: at(120, 10, 2),
        lastModifiedBy: connor,
        lastModifiedByType: 'User',
        lastModifiedAt: at(23, 16, 10),
      },
    },
    {
      id: sentinelId(story, 'sourcecontrols', devops),
      version: 'V2',
      name: devops,
      type: 'Microsoft.SecurityInsights/SourceControls',
      etag: etagOf(`sourceControl:${devops}`),
      properties: {
        id: devops,
        version: 'V2',
        displayName: 'secops-automation (Azure DevOps)',
        description: 'Playbooks and automation rules maintained by the cloud team.',
        repoType: 'DevOps',
        contentTypes: ['Playbook', 'AutomationRule'],
        repository: {
          url: 'https://dev.azure.com/fernbrooklabs/SecOps/_git/secops-automation',
          branch: 'release',
          displayUrl: 'https://dev.azure.com/fernbrooklabs/SecOps/_git/secops-automation?version=GBrelease',
          deploymentLogsUrl: 'https://dev.azure.com/fernbrooklabs/SecOps/_build?definitionId=14',
        },
        servicePrincipal: {
          id: guidOf('sourceControl:sp-devops'),
          tenantId,
          appId: guidOf('sourceControl:app-devops'),
        },
        repositoryResourceInfo: {
          webhook: {
            webhookId: guidOf('sourceControl:webhook-devops'),
            webhookUrl: webhook(devops, 'ado'),
            webhookSecretUpdateTime: at(75, 9, 31),
          },
          gitHubResourceInfo: null,
          azureDevOpsResourceInfo: {
            pipelineId: '14',
            serviceConnectionId: guidOf('sourceControl:ado-connection'),
          },
        },
        lastDeploymentInfo: {
          deploymentFetchStatus: 'Success',
          deployment: {
            deploymentId: '20417',
            deploymentState: 'Completed',
            deploymentResult: 'Failed',
            deploymentTime: at(6, 11, 47),
            deploymentLogsUrl: 'https://dev.azure.com/fernbrooklabs/SecOps/_build/results?buildId=20417',
          },
          message: 'Deployment failed: playbook Isolate-MDE-Device references a missing API connection',
        },
      },
      systemData: {
        createdBy: yusuf,
        createdByType: 'User',
        createdAt: at(75, 9, 30),
        lastModifiedBy: yusuf,
        lastModifiedByType: 'User',
        lastModifiedAt: at(6, 11, 40),
      },
    },
  ];
}
