// Log Analytics summary rules (workspaces/{w}/summaryLogs, api 2025-07-01): hourly sign-in failures
// and daily denied firewall sessions, aggregated into _CL tables.
import type { ArmResource } from '../../../objects.js';
import type { DemoStory } from '../story.js';
import { DAY, HOUR, startOfUtcDay } from '../time.js';
import { userBySam } from './arm.js';

export function summaryRuleResources(story: DemoStory, now: number): ArmResource[] {
  const at = (daysAgo: number, h: number): string =>
    new Date(startOfUtcDay(now) - daysAgo * DAY + h * HOUR).toISOString();
  const by = (sam: string): string => userBySam(story, sam).objectId;
  const rule = (
    name: string,
    displayName: string,
    description: string,
    definition: Record<string, unknown>,
    createdDaysAgo: number,
    author: string,
    isActive: boolean,
  ): ArmResource => ({
    id: `${story.workspace.resourceId}/summaryLogs/${name}`,
    name,
    type: 'Microsoft.OperationalInsights/workspaces/summaryLogs',
    systemData: {
      createdBy: by(author),
      createdByType: 'User',
      createdAt: at(createdDaysAgo, 14),
      lastModifiedBy: by(author),
      lastModifiedByType: 'User',
      lastModifiedAt: at(createdDaysAgo - 3, 10),
    },
    properties: {
      ruleType: 'User',
      displayName,
      description,
      ruleDefinition: definition,
      provisioningState: 'Succeeded',
      isActive,
      ...(isActive ? {} : { statusCode: 'UserAction' }),
    },
  });
  return [
    rule(
      'SigninFailuresHourly',
      'Sign-in failures per hour',
      'Failed Entra ID sign-ins by IP, result and application, kept for a year in the Auxiliary tier for spray hunting.',
      {
        query:
          'SigninLogs\n| where ResultType != "0"\n| summarize Failures = count(), Accounts = dcount(UserPrincipalName) by IPAddress, ResultType, AppDisplayName, Country = tostring(LocationDetails.countryOrRegion)',
        binSize: 60,
        binDelay: 10,
        binStartTime: at(45, 0),
        destinationTable: 'SigninFailuresHourly_CL',
      },
      45,
      'connor.walsh',
      true,
    ),
    rule(
      'FirewallDeniedDaily',
      'Denied firewall sessions per day',
      'Denied and dropped sessions of the perimeter firewall by source and destination port. Paused while the firewall logs move to the Basic plan.',
      {
        query:
          'CommonSecurityLog\n| where DeviceVendor == "Palo Alto Networks" and DeviceAction in ("deny", "drop")\n| summarize Sessions = count(), Destinations = dcount(DestinationIP) by SourceIP, DestinationPort, ApplicationProtocol',
        binSize: 1440,
        binDelay: 60,
        destinationTable: 'FirewallDeniedDaily_CL',
      },
      70,
      'sara.lindgren',
      false,
    ),
  ];
}
