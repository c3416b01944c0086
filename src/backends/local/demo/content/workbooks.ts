// Sentinel workbooks of the demo (Microsoft.Insights/workbooks of category `sentinel` whose sourceId is
// the workspace), with short but valid workbook JSON whose queries run on the demo.
import type { ArmResource } from '../../../objects.js';
import type { DemoStory } from '../story.js';
import { DAY, HOUR, startOfUtcDay } from '../time.js';
import { guidOf, resourceGroupId, stableRevision, userBySam } from './arm.js';

interface WorkbookDef {
  displayName: string;
  description: string;
  author: string;
  modifiedDaysAgo: number;
  template?: string;
  items: { title: string; query: string; visualization: string }[];
}

function serialized(def: WorkbookDef, workspaceResourceId: string): string {
  const items: unknown[] = [
    { type: 1, content: { json: `## ${def.displayName}\n${def.description}` }, name: 'text - 0' },
    {
      type: 9,
      content: {
        version: 'KqlParameterItem/1.0',
        parameters: [
          {
            id: guidOf(`workbook-param:${def.displayName}`),
            version: 'KqlParameterItem/1.0',
            name: 'TimeRange',
            type: 4,
            isRequired: true,
            value: { durationMs: 7 * DAY },
            typeSettings: { allowCustom: true },
          },
        ],
        style: 'pills',
        queryType: 0,
        resourceType: 'microsoft.operationalinsights/workspaces',
      },
      name: 'parameters - 1',
    },
    ...def.items.map((item, i) => ({
      type: 3,
      content: {
        version: 'KqlItem/1.0',
        query: item.query,
        size: 0,
        title: item.title,
        timeContext: { durationMs: 7 * DAY },
        timeContextFromParameter: 'TimeRange',
        queryType: 0,
        resourceType: 'microsoft.operationalinsights/workspaces',
        crossComponentResources: [workspaceResourceId],
        visualization: item.visualization,
      },
      name: `query - ${i + 2}`,
    })),
  ];
  return JSON.stringify({
    version: 'Notebook/1.0',
    items,
    fallbackResourceIds: [workspaceResourceId],
    fromTemplateId: def.template ?? 'community-Workbooks/Sentinel/Custom',
    $schema: 'https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json',
  });
}

function defs(): WorkbookDef[] {
  return [
    {
      displayName: 'Fernbrook SOC overview',
      description: 'Incidents by severity and status, alerts by rule, and the noisiest entities of the week.',
      author: 'connor.walsh',
      modifiedDaysAgo: 12,
      items: [
        {
          title: 'Open incidents by severity',
          query:
            'SecurityIncident\n| summarize arg_max(TimeGenerated, *) by IncidentName\n| where Status != "Closed"\n| summarize Incidents = count() by Severity',
          visualization: 'piechart',
        },
        {
          title: 'Alerts by rule',
          query:
            'SecurityAlert\n| summarize arg_max(TimeGenerated, *) by SystemAlertId\n| summarize Alerts = count() by AlertName\n| top 10 by Alerts',
          visualization: 'barchart',
        },
      ],
    },
    {
      displayName: 'Microsoft Entra ID Sign-in logs',
      description: 'Sign-in analysis: failures by result, locations and applications.',
      author: 'kevin.park',
      modifiedDaysAgo: 95,
      template: 'sentinel-AzureADSigninLogs',
      items: [
        {
          title: 'Sign-ins by result',
          query:
            'SigninLogs\n| summarize SignIns = count() by ResultType, ResultDescription\n| order by SignIns desc',
          visualization: 'table',
        },
        {
          title: 'Sign-ins by country',
          query:
            'SigninLogs\n| extend Country = tostring(LocationDetails.countryOrRegion)\n| summarize SignIns = count(), Failures = countif(ResultType != "0") by Country',
          visualization: 'map',
        },
      ],
    },
    {
      displayName: 'Threat Intelligence',
      description: 'Indicators by type and source, and the events that matched them.',
      author: 'connor.walsh',
      modifiedDaysAgo: 40,
      template: 'sentinel-ThreatIntelligence',
      items: [
        {
          title: 'Indicators by threat type',
          query:
            'ThreatIntelligenceIndicator\n| summarize arg_max(TimeGenerated, *) by IndicatorId\n| summarize Indicators = count() by ThreatType',
          visualization: 'barchart',
        },
      ],
    },
  ];
}

export function workbookResources(story: DemoStory, now: number): ArmResource[] {
  return defs().map((def, i) => {
    const name = guidOf(`workbook:${def.displayName}`);
    const author = userBySam(story, def.author);
    const timeModified = new Date(
      startOfUtcDay(now) - def.modifiedDaysAgo * DAY + (15 + i) * HOUR,
    ).toISOString();
    return {
      id: `${resourceGroupId(story)}/providers/Microsoft.Insights/workbooks/${name}`,
      name,
      type: 'Microsoft.Insights/workbooks',
      location: story.workspace.location,
      tags: { 'hidden-title': def.displayName },
      kind: 'shared',
      properties: {
        displayName: def.displayName,
        userId: author.objectId,
        sourceId: story.workspace.resourceId,
        serializedData: serialized(def, story.workspace.resourceId),
        version: 'Notebook/1.0',
        category: 'sentinel',
        timeModified,
        storageUri: null,
        description: def.description,
        revision: stableRevision(`workbook:${name}:${timeModified}`),
      },
    };
  });
}
