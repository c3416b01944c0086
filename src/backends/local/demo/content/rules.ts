// Analytics rules in ARM form: the scheduled/NRT rules (story, background, quiet), the Microsoft
// incident-creation rules (one per product) and the built-in Fusion rule. Rule ids are ruleIdOf(name),
// the ids the demo's alerts and incidents carry.
import type { ArmResource } from '../../../objects.js';
import { MS_INCIDENT_RULES, ruleIdOf } from '../incidents.js';
import type { DemoStory } from '../story.js';
import { DAY, HOUR, MINUTE, startOfUtcDay } from '../time.js';
import { etagOf, sentinelId } from './arm.js';
import type { QueryRuleDef } from './rule-types.js';
import { backgroundRules } from './rules-background.js';
import { quietRules } from './rules-quiet.js';
import { storyRules } from './rules-story.js';
import { templateIdOf } from './templates.js';

/** Every scheduled and NRT rule of the demo. */
export function queryRules(domain: string): QueryRuleDef[] {
  return [...storyRules(domain), ...backgroundRules(), ...quietRules()];
}

/** The scheduled rule of this name (the rule that raised an alert), if the demo has one. */
export function queryRuleByName(name: string, domain: string): QueryRuleDef | undefined {
  return queryRules(domain).find((r) => r.displayName === name);
}

function modified(now: number, daysAgo: number, salt: number): string {
  return new Date(
    startOfUtcDay(now) - daysAgo * DAY + (13 + (salt % 6)) * HOUR + ((salt * 7) % 60) * MINUTE,
  ).toISOString();
}

function templateVersionOf(rule: QueryRuleDef, templates: ArmResource[]): string | undefined {
  const t = templates.find((x) => x.properties['displayName'] === rule.template);
  const v = t?.properties['version'];
  return typeof v === 'string' ? v : undefined;
}

function queryRuleResource(
  story: DemoStory,
  r: QueryRuleDef,
  now: number,
  i: number,
  templates: ArmResource[],
): ArmResource {
  const name = ruleIdOf(r.displayName);
  const lastModifiedUtc = modified(now, r.modifiedDaysAgo, i);
  return {
    id: sentinelId(story, 'alertRules', name),
    name,
    type: 'Microsoft.SecurityInsights/alertRules',
    kind: r.kind,
    etag: etagOf(`alertRule:${name}:${lastModifiedUtc}`),
    properties: {
      alertRuleTemplateName: r.template ? templateIdOf(r.template) : null,
      templateVersion: r.template ? (templateVersionOf(r, templates) ?? null) : null,
      displayName: r.displayName,
      description: r.description,
      severity: r.severity,
      enabled: r.enabled,
      tactics: r.tactics,
      techniques: r.techniques,
      subTechniques: r.subTechniques,
      query: r.query,
      ...(r.kind === 'Scheduled'
        ? {
            queryFrequency: r.queryFrequency,
            queryPeriod: r.queryPeriod,
            triggerOperator: r.triggerOperator,
            triggerThreshold: r.triggerThreshold,
          }
        : {}),
      suppressionDuration: r.suppressionDuration,
      suppressionEnabled: r.suppressionEnabled,
      lastModifiedUtc,
      eventGroupingSettings: { aggregationKind: r.aggregationKind },
      customDetails: r.customDetails ?? null,
      entityMappings: r.entityMappings,
      alertDetailsOverride: r.alertDetailsOverride
        ? {
            alertDisplayNameFormat: r.alertDetailsOverride.alertDisplayNameFormat ?? null,
            alertDescriptionFormat: r.alertDetailsOverride.alertDescriptionFormat ?? null,
            alertTacticsColumnName: r.alertDetailsOverride.alertTacticsColumnName ?? null,
            alertSeverityColumnName: r.alertDetailsOverride.alertSeverityColumnName ?? null,
          }
        : null,
      incidentConfiguration: { createIncident: true, groupingConfiguration: r.grouping },
    },
  };
}

function incidentCreationRules(story: DemoStory, now: number): ArmResource[] {
  return Object.entries(MS_INCIDENT_RULES).map(([productFilter, displayName], i) => {
    const name = ruleIdOf(displayName);
    const lastModifiedUtc = modified(now, 300 + 11 * i, i + 3);
    return {
      id: sentinelId(story, 'alertRules', name),
      name,
      type: 'Microsoft.SecurityInsights/alertRules',
      kind: 'MicrosoftSecurityIncidentCreation',
      etag: etagOf(`alertRule:${name}:${lastModifiedUtc}`),
      properties: {
        productFilter,
        severitiesFilter: null,
        displayNamesFilter: null,
        displayNamesExcludeFilter: null,
        displayName,
        enabled: true,
        description: `Create incidents based on all alerts generated in ${productFilter}`,
        alertRuleTemplateName: templateIdOf(displayName),
        lastModifiedUtc,
      },
    };
  });
}

function fusionRule(story: DemoStory, now: number, template: ArmResource | undefined): ArmResource {
  const name = 'BuiltInFusion';
  const lastModifiedUtc = modified(now, 320, 5);
  const props = template?.properties ?? {};
  return {
    id: sentinelId(story, 'alertRules', name),
    name,
    type: 'Microsoft.SecurityInsights/alertRules',
    kind: 'Fusion',
    etag: etagOf(`alertRule:${name}:${lastModifiedUtc}`),
    properties: {
      displayName: 'Advanced Multi-Stage Attack Detection',
      description: props['description'],
      alertRuleTemplateName: templateIdOf('Advanced Multi-Stage Attack Detection'),
      tactics: props['tactics'],
      techniques: props['techniques'] ?? [],
      severity: 'High',
      enabled: true,
      sourceSettings: [
        { sourceName: 'Anomalies', enabled: true, sourceSubTypes: null },
        {
          sourceName: 'Alert providers',
          enabled: true,
          sourceSubTypes: [
            { sourceSubTypeName: 'Azure Active Directory Identity Protection', enabled: true },
            { sourceSubTypeName: 'Microsoft Defender Advanced Threat Protection', enabled: true },
            { sourceSubTypeName: 'Azure Sentinel scheduled analytics rules', enabled: true },
          ],
        },
      ],
      scenarioExclusionPatterns: [],
      lastModifiedUtc,
    },
  };
}

export function alertRuleResources(story: DemoStory, now: number, templates: ArmResource[]): ArmResource[] {
  const rules = queryRules(story.organization.domain);
  const fusionTemplate = templates.find((t) => t.kind === 'Fusion');
  return [
    ...rules.map((r, i) => queryRuleResource(story, r, now, i, templates)),
    ...incidentCreationRules(story, now),
    fusionRule(story, now, fusionTemplate),
  ];
}

/** How many rules were created from each template (by template display name). */
export function templateUse(domain: string): Map<string, number> {
  const used = new Map<string, number>();
  const add = (t: string): void => {
    used.set(t, (used.get(t) ?? 0) + 1);
  };
  for (const r of queryRules(domain)) if (r.template) add(r.template);
  for (const name of Object.values(MS_INCIDENT_RULES)) add(name);
  add('Advanced Multi-Stage Attack Detection');
  return used;
}
