// Content hub metadata: the solutions installed, and the analytics rules and workbooks that came from
// them (kind Solution, AnalyticsRule, Workbook; parentId = the content item's resource id).
import type { ArmResource } from '../../../objects.js';
import type { DemoStory } from '../story.js';
import { DAY, startOfUtcDay } from '../time.js';
import { etagOf, sentinelId } from './arm.js';

interface SolutionDef {
  contentId: string;
  name: string;
  version: string;
  domains: string[];
  published: number;
}

const SOLUTIONS: Record<string, SolutionDef> = {
  entra: {
    contentId: 'azuresentinel.azure-sentinel-solution-azureactivedirectory',
    name: 'Microsoft Entra ID',
    version: '3.0.9',
    domains: ['Identity', 'Security - Threat Protection'],
    published: 900,
  },
  office: {
    contentId: 'azuresentinel.azure-sentinel-solution-office365',
    name: 'Microsoft 365',
    version: '3.0.5',
    domains: ['Security - Threat Protection', 'IT Operations'],
    published: 800,
  },
  ti: {
    contentId: 'azuresentinel.azure-sentinel-solution-threatintelligence-taxii',
    name: 'Threat Intelligence',
    version: '3.0.7',
    domains: ['Security - Threat Intelligence'],
    published: 700,
  },
  syslog: {
    contentId: 'azuresentinel.azure-sentinel-solution-syslog',
    name: 'Syslog',
    version: '3.0.6',
    domains: ['IT Operations', 'Platform'],
    published: 650,
  },
  windows: {
    contentId: 'azuresentinel.azure-sentinel-solution-securityevents',
    name: 'Windows Security Events',
    version: '3.0.8',
    domains: ['Security - Threat Protection'],
    published: 680,
  },
};

/** Which solution each template-derived rule and each workbook came from (by display name). */
const RULE_SOLUTION: Record<string, keyof typeof SOLUTIONS> = {
  'Password spray attack against Microsoft Entra ID': 'entra',
  'User added to Microsoft Entra ID Privileged Groups': 'entra',
  'Account Created and Deleted in Short Timeframe': 'entra',
  'Malicious Inbox Rule': 'office',
  'TI map IP entity to DeviceNetworkEvents': 'ti',
  'TI map IP entity to CommonSecurityLog': 'ti',
  'SSH - Potential Brute Force': 'syslog',
  'NRT Security Event log cleared': 'windows',
};
const WORKBOOK_SOLUTION: Record<string, keyof typeof SOLUTIONS> = {
  'Microsoft Entra ID Sign-in logs': 'entra',
  'Threat Intelligence': 'ti',
};

const SUPPORT = {
  name: 'Microsoft Corporation',
  email: 'support@microsoft.com',
  tier: 'Microsoft',
  link: 'https://support.microsoft.com/',
};
const AUTHOR = { name: 'Microsoft', email: 'support@microsoft.com' };

export function metadataResources(
  story: DemoStory,
  now: number,
  rules: ArmResource[],
  templates: ArmResource[],
  workbooks: ArmResource[],
): ArmResource[] {
  const date = (daysAgo: number): string =>
    new Date(startOfUtcDay(now) - daysAgo * DAY).toISOString().slice(0, 10);
  const item = (name: string, properties: Record<string, unknown>): ArmResource => ({
    id: sentinelId(story, 'metadata', name),
    name,
    type: 'Microsoft.SecurityInsights/metadata',
    etag: etagOf(`metadata:${name}`),
    properties,
  });
  const source = (s: SolutionDef) => ({ kind: 'Solution', name: s.name, sourceId: s.contentId });
  const out: ArmResource[] = Object.values(SOLUTIONS).map((s) =>
    item(`${s.contentId}`, {
      contentId: s.contentId,
      parentId: s.contentId,
      version: s.version,
      kind: 'Solution',
      source: source(s),
      author: AUTHOR,
      support: SUPPORT,
      categories: { domains: s.domains },
      providers: ['Microsoft'],
      firstPublishDate: date(s.published),
      lastPublishDate: date(Math.floor(s.published / 5)),
      contentSchemaVersion: '3.0.0',
    }),
  );
  for (const rule of rules) {
    const templateName = rule.properties['alertRuleTemplateName'];
    const template = templates.find((t) => t.name === templateName);
    const solutionKey = RULE_SOLUTION[String(template?.properties['displayName'] ?? '')];
    if (!template || !solutionKey) continue;
    const s = SOLUTIONS[solutionKey];
    if (!s) continue;
    out.push(
      item(`analyticsrule-${rule.name}`, {
        contentId: template.name,
        parentId: rule.id,
        version: String(rule.properties['templateVersion'] ?? '1.0.0'),
        kind: 'AnalyticsRule',
        source: source(s),
        author: AUTHOR,
        support: SUPPORT,
        categories: { domains: s.domains },
        threatAnalysisTactics: ((rule.properties['tactics'] as string[] | undefined) ?? []).map((t) =>
          t.toLowerCase(),
        ),
        threatAnalysisTechniques: (rule.properties['techniques'] as string[] | undefined) ?? [],
      }),
    );
  }
  for (const wb of workbooks) {
    const key = WORKBOOK_SOLUTION[String(wb.properties['displayName'])];
    const s = key ? SOLUTIONS[key] : undefined;
    if (!s) continue;
    out.push(
      item(`workbook-${wb.name}`, {
        contentId: `${s.contentId.split('-solution-')[1] ?? 'workbook'}-workbook`,
        parentId: wb.id,
        version: '2.0.1',
        kind: 'Workbook',
        source: source(s),
        author: AUTHOR,
        support: SUPPORT,
        categories: { domains: s.domains },
      }),
    );
  }
  return out;
}
