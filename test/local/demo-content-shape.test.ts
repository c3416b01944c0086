// The demo's Sentinel objects (src/backends/local/demo/content/) without a database: each object has
// the shape of the official REST example of its type (../shared/data/azure-specs): every property the
// example has, with its JSON type, and no property name the API does not have; the objects refer to
// each other consistently; generation is deterministic for a given "now" and fast.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ArmResource, ObjectSet } from '../../src/backends/objects.js';
import type { GenContext } from '../../src/backends/local/demo/context.js';
import { generateDemoContent } from '../../src/backends/local/demo/content/index.js';
import { DEMO_DAYS, DEMO_WORKSPACE_ID, DEMO_WORKSPACE_NAME } from '../../src/backends/local/demo/index.js';
import { demoOrg } from '../../src/backends/local/demo/org.js';
import { buildStory } from '../../src/backends/local/demo/story.js';
import { DAY } from '../../src/backends/local/demo/time.js';
import { shapeMismatches } from '../azure-fake/shape.js';

const NOW = new Date('2025-06-11T15:20:00.000Z');
const SPECS = fileURLToPath(new URL('../../../shared/data/azure-specs/', import.meta.url));
const skipShapes = existsSync(SPECS) ? false : `the official examples are not at ${SPECS}`;

type Json = Record<string, unknown>;

function contextAt(now: Date): GenContext {
  return {
    org: demoOrg(),
    story: buildStory(now, { name: DEMO_WORKSPACE_NAME, id: DEMO_WORKSPACE_ID }),
    window: { start: now.getTime() - DEMO_DAYS * DAY, end: now.getTime() },
    workspaceId: DEMO_WORKSPACE_ID,
    seed: 7,
  };
}

let ctx: GenContext;
let content: ObjectSet;
let generationMs = 0;

before(() => {
  ctx = contextAt(NOW);
  generateDemoContent(ctx); // warm up the modules before timing
  const start = performance.now();
  content = generateDemoContent(ctx);
  generationMs = performance.now() - start;
});

function children(kind: keyof ObjectSet['children']): ArmResource[] {
  return Object.values(content.children[kind]).flat();
}

function body(file: string): Json {
  const json = JSON.parse(readFileSync(`${SPECS}${file}`, 'utf8')) as {
    responses: Record<string, { body: Json }>;
  };
  return json.responses['200']!.body;
}

function items(file: string, key = 'value'): Json[] {
  return body(file)[key] as Json[];
}

/** Example keys spelled as the swagger does (the saved-search example capitalises them). */
function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camel(v)]),
  );
}

/**
 * Property names of the 2024-09-01 (SecurityInsights), 2025-07-01 (OperationalInsights), 2023-06-01
 * (workbooks) and 2024-03-11 (DCR/DCE) models that the examples do not show but our objects use.
 */
const EXTRA_PROPERTIES: Record<string, string[]> = {
  incidents: [],
  incidentAlerts: [
    'providerAlertId',
    'productComponentName',
    'description',
    'compromisedEntity',
    'remediationSteps',
    'techniques',
    'subTechniques',
    'alertLink',
  ],
  incidentEntities: [
    'accountName',
    'upnSuffix',
    'ntDomain',
    'sid',
    'aadTenantId',
    'aadUserId',
    'displayName',
    'isDomainJoined',
    'address',
    'location',
    'hostName',
    'dnsDomain',
    'netBiosName',
    'osFamily',
    'osVersion',
    'azureID',
    'omsAgentID',
    'additionalData',
    'processId',
    'commandLine',
    'creationTimeUtc',
    'imageFileEntityId',
    'hostEntityId',
    'accountEntityId',
    'fileName',
    'directory',
    'fileHashEntityIds',
    'algorithm',
    'hashValue',
    'url',
    'domainName',
    'mailboxPrimaryAddress',
    'upn',
    'resourceId',
    'subscriptionId',
  ],
  incidentComments: [],
  incidentBookmarks: ['notes'],
  incidentRelations: [],
  bookmarks: ['eventTime', 'queryStartTime', 'queryEndTime', 'entityMappings', 'tactics', 'techniques'],
  alertRules: [
    'techniques',
    'subTechniques',
    'templateVersion',
    'displayNamesExcludeFilter',
    'sourceSettings',
    'scenarioExclusionPatterns',
  ],
  alertRuleTemplates: [
    'techniques',
    'subTechniques',
    'entityMappings',
    'eventGroupingSettings',
    'customDetails',
    'alertDetailsOverride',
    'productFilter',
    'query',
    'queryFrequency',
    'queryPeriod',
    'triggerOperator',
    'triggerThreshold',
    'version',
    'requiredDataConnectors',
    'severity',
    'tactics',
  ],
  savedSearches: ['functionAlias', 'functionParameters'],
  watchlists: ['sourceType', 'numberOfLinesToSkip', 'contentType', 'uploadStatus'],
  watchlistItems: [],
  dataConnectors: ['tipLookbackPeriod', 'subscriptionId', 'tenantId'],
  workbooks: ['sourceId'],
  sourceControls: ['version'],
  summaryRules: ['displayName', 'description', 'statusCode'],
  dataCollectionRules: ['description', 'dataCollectionEndpointId', 'provisioningState'],
  dataCollectionEndpoints: [],
  metadata: [],
  mlAnalyticsSettings: [],
  tiIndicators: ['labels', 'patternVersion', 'validUntil'],
};

/** Example properties a demo object may leave out (absent from some objects by nature). */
const OPTIONAL: Record<string, string[]> = {
  incidents: [
    'properties.classification',
    'properties.classificationComment',
    'properties.classificationReason',
  ],
  incidentAlerts: [],
  alertRuleTemplates: ['properties.customDetails', 'properties.alertDetailsOverride'],
  bookmarks: ['properties.incidentInfo'],
  sourceControls: ['properties.workloadIdentityFederation', 'properties.pullRequest'],
  summaryRules: ['properties.ruleDefinition.binStartTime', 'properties.statusCode'],
  metadata: [
    'properties.categories.verticals',
    'properties.dependencies',
    'properties.previewImages',
    'properties.previewImagesDark',
    'properties.customVersion',
    'properties.providers',
    'properties.firstPublishDate',
    'properties.lastPublishDate',
    'properties.contentSchemaVersion',
    'properties.threatAnalysisTactics',
    'properties.threatAnalysisTechniques',
  ],
  tiIndicators: [],
};

/** Maps whose keys are data, not schema: only their presence and type are compared. */
const FREE_FORM = new Set(['customDetails', 'tags', 'itemsKeyValue', 'additionalData', 'verticals']);

function freeForm(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(freeForm);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      FREE_FORM.has(k) && v !== null && typeof v === 'object' ? (Array.isArray(v) ? [] : {}) : freeForm(v),
    ]),
  );
}

function checkShape(kind: string, example: Json, item: ArmResource, ignore: string[] = []): string[] {
  const optional = OPTIONAL[kind] ?? [];
  // A null where the example has a value is the API's way to say "not set": allowed.
  const missing = shapeMismatches(freeForm(example), item, ignore).filter(
    (m) =>
      !/: null where the example has /.test(m) &&
      !optional.some((o) => m.startsWith(`${o}:`) || m.startsWith(`${o}.`) || m.startsWith(`${o}[`)),
  );
  const exampleProps = new Set(Object.keys((example['properties'] as Json | undefined) ?? {}));
  const allowed = new Set([...exampleProps, ...(EXTRA_PROPERTIES[kind] ?? [])]);
  const unknown = Object.keys(item.properties)
    .filter((k) => !allowed.has(k))
    .map((k) => `properties.${k}: not a property of the example or the model`);
  const frame = Object.keys(item).filter(
    (k) => !(k in example) && !['etag', 'kind', 'systemData', 'tags', 'location'].includes(k),
  );
  return [...missing, ...unknown, ...frame.map((k) => `${k}: not a top-level key of the example`)].map(
    (m) => `${kind} ${item.name}: ${m}`,
  );
}

function byKind(examples: Json[], item: ArmResource): Json {
  return examples.find((e) => e['kind'] === item.kind) ?? examples[0]!;
}

describe('demo content: shapes of the official examples', { skip: skipShapes }, () => {
  test('incidents and their children', () => {
    const problems = [
      ...content.objects.incidents.flatMap((i) =>
        checkShape('incidents', body('securityinsights/GetIncidentById.json'), i),
      ),
      ...children('incidentAlerts').flatMap((a) =>
        checkShape('incidentAlerts', items('securityinsights/GetAllIncidentAlerts.json')[0]!, a),
      ),
      ...children('incidentComments').flatMap((c) =>
        checkShape('incidentComments', items('securityinsights/GetAllIncidentComments.json')[0]!, c),
      ),
      ...children('incidentBookmarks').flatMap((b) =>
        checkShape('incidentBookmarks', items('securityinsights/GetAllIncidentBookmarks.json')[0]!, b),
      ),
      ...children('incidentRelations').flatMap((r) => {
        const examples = items('securityinsights/GetAllIncidentRelations.json');
        const same = examples.find(
          (e) =>
            ((e['properties'] as Json)['relatedResourceKind'] !== undefined) ===
            (r.properties['relatedResourceKind'] !== undefined),
        );
        return checkShape('incidentRelations', same ?? examples[0]!, r);
      }),
      ...children('incidentEntities').flatMap((e) => {
        const example =
          e.kind === 'Ip'
            ? body('securityinsights/GetIpEntityById.json')
            : items('securityinsights/GetAllIncidentEntities.json', 'entities')[0]!;
        // Entities of other kinds share only the frame and friendlyName with the Account example.
        return checkShape(
          'incidentEntities',
          example,
          e,
          e.kind === 'Account' || e.kind === 'Ip'
            ? []
            : ['kind', 'properties.accountName', 'properties.ntDomain'],
        );
      }),
      ...content.objects.bookmarks.flatMap((b) =>
        checkShape('bookmarks', items('securityinsights/GetBookmarks.json')[0]!, b),
      ),
    ];
    assert.deepEqual(problems, []);
    assert.equal(content.objects.incidents.length, 10);
    assert.ok(children('incidentEntities').some((e) => e.kind === 'Ip'));
  });

  test('analytics rules and templates', () => {
    const rules = items('securityinsights/GetAllAlertRules.json');
    const scheduled = body('securityinsights/GetScheduledAlertRule.json');
    const templates = items('securityinsights/GetAlertRuleTemplates.json');
    const problems = [
      ...content.objects.alertRules.flatMap((r) =>
        r.kind === 'NRT'
          ? checkShape('alertRules', scheduled, r, [
              'properties.queryFrequency',
              'properties.queryPeriod',
              'properties.triggerOperator',
              'properties.triggerThreshold',
            ])
          : [
              ...checkShape('alertRules', byKind(rules, r), r),
              ...(r.kind === 'Scheduled' ? checkShape('alertRules', scheduled, r) : []),
            ],
      ),
      ...content.objects.alertRuleTemplates.flatMap((t) => {
        const same = templates.find((e) => e['kind'] === t.kind);
        if (same) return checkShape('alertRuleTemplates', same, t);
        if (t.kind === 'NRT')
          return checkShape('alertRuleTemplates', templates[0]!, t, [
            'properties.queryFrequency',
            'properties.queryPeriod',
          ]);
        // ML behavior analytics and threat intelligence templates: the Fusion example's fields.
        return checkShape(
          'alertRuleTemplates',
          templates.find((e) => e['kind'] === 'Fusion')!,
          t,
          ['kind'],
        );
      }),
      ...content.objects.alertRuleTemplates
        .filter((t) => t.kind === 'Scheduled')
        .flatMap((t) =>
          checkShape('alertRuleTemplates', body('securityinsights/GetAlertRuleTemplateById.json'), t),
        ),
    ];
    assert.deepEqual(problems, []);
    const kinds = new Set(content.objects.alertRules.map((r) => r.kind));
    assert.deepEqual([...kinds].sort(), ['Fusion', 'MicrosoftSecurityIncidentCreation', 'NRT', 'Scheduled']);
    const templateKinds = new Set(content.objects.alertRuleTemplates.map((r) => r.kind));
    assert.deepEqual([...templateKinds].sort(), [
      'Fusion',
      'MLBehaviorAnalytics',
      'MicrosoftSecurityIncidentCreation',
      'NRT',
      'Scheduled',
      'ThreatIntelligence',
    ]);
    assert.ok(
      content.objects.alertRuleTemplates.length >= 25,
      `${content.objects.alertRuleTemplates.length} templates`,
    );
  });

  test('saved searches, watchlists, connectors, workbooks, repositories', () => {
    const saved = camel(items('operationalinsights/SavedSearchesListByWorkspace.json')[0]) as Json;
    const problems = [
      // The example has no name/type (every real answer does): compare properties and id only.
      ...content.objects.savedSearches.flatMap((s) =>
        checkShape('savedSearches', { ...saved, name: '', type: '' }, s),
      ),
      ...content.objects.watchlists.flatMap((w) =>
        checkShape('watchlists', items('securityinsights/GetWatchlists.json')[0]!, w),
      ),
      ...content.objects.watchlists.flatMap((w) =>
        checkShape('watchlists', body('securityinsights/GetWatchlistByAlias.json'), w),
      ),
      ...children('watchlistItems').flatMap((i) =>
        checkShape('watchlistItems', items('securityinsights/GetWatchlistItems.json')[0]!, i, [
          'properties.itemsKeyValue.Header-1',
          'properties.itemsKeyValue.Header-2',
          'properties.itemsKeyValue.Header-3',
          'properties.itemsKeyValue.Header-4',
          'properties.itemsKeyValue.Header-5',
        ]),
      ),
      ...content.objects.dataConnectors.flatMap((c) => {
        const same = byKind(items('securityinsights/GetDataConnectors.json'), c);
        return checkShape(
          'dataConnectors',
          same,
          c,
          c.kind === 'Office365' ? [] : ['properties.dataTypes.alerts'],
        );
      }),
      ...content.objects.workbooks.flatMap((w) =>
        checkShape('workbooks', items('workbooks/WorkbooksList.json')[0]!, w),
      ),
      ...content.objects.workbooks.flatMap((w) =>
        checkShape('workbooks', body('workbooks/WorkbookGet.json'), w),
      ),
      ...content.objects.sourceControls.flatMap((s) =>
        checkShape('sourceControls', items('securityinsights/GetSourceControls.json')[0]!, s, [
          'properties.repositoryResourceInfo.gitHubResourceInfo',
          'properties.repositoryResourceInfo.azureDevOpsResourceInfo',
        ]),
      ),
    ];
    assert.deepEqual(problems, []);
    assert.ok(
      content.objects.savedSearches.filter((s) => s.properties['category'] === 'Hunting Queries').length >=
        12,
    );
    assert.ok(content.objects.savedSearches.some((s) => typeof s.properties['functionAlias'] === 'string'));
    for (const w of content.objects.workbooks) {
      assert.equal(w.properties['category'], 'sentinel');
      assert.equal(w.properties['sourceId'], ctx.story.workspace.resourceId);
      const data = JSON.parse(String(w.properties['serializedData'])) as {
        version: string;
        items: unknown[];
      };
      assert.equal(data.version, 'Notebook/1.0');
      assert.ok(data.items.length >= 3);
    }
  });

  test('summary rules, DCR/DCE, metadata, ML settings, threat intelligence', () => {
    const problems = [
      ...content.objects.summaryRules.flatMap((s) =>
        checkShape('summaryRules', { ...items('operationalinsights/SummaryLogsList.json')[0]!, type: '' }, s),
      ),
      ...content.objects.dataCollectionRules.flatMap((d) =>
        checkShape('dataCollectionRules', body('monitor/DataCollectionRulesGet.json'), d, [
          'properties.dataSources.performanceCounters',
          'properties.dataSources.windowsEventLogs',
          'properties.dataSources.syslog',
        ]),
      ),
      ...content.objects.dataCollectionEndpoints.flatMap((d) =>
        checkShape('dataCollectionEndpoints', body('monitor/DataCollectionEndpointsGet.json'), d),
      ),
      ...content.objects.metadata.flatMap((m) =>
        checkShape('metadata', body('securityinsights/GetMetadata.json'), m),
      ),
      ...content.objects.mlAnalyticsSettings.flatMap((m) =>
        checkShape(
          'mlAnalyticsSettings',
          items('securityinsights/GetAllSecurityMLAnalyticsSettings.json')[0]!,
          m,
          ['properties.customizableObservations.singleSelectObservations'],
        ),
      ),
      ...content.objects.tiIndicators.flatMap((i) =>
        checkShape('tiIndicators', body('securityinsights/GetThreatIntelligenceById.json'), i),
      ),
    ];
    assert.deepEqual(problems, []);
    const metrics = items('securityinsights/CollectThreatIntelligenceMetrics.json')[0]!;
    assert.deepEqual(shapeMismatches(metrics, content.tiMetrics[0]), []);
  });
});

describe('demo content: consistency', () => {
  test('generation is deterministic for a given now, and follows now', () => {
    assert.deepEqual(generateDemoContent(contextAt(NOW)), content);
    const later = generateDemoContent(contextAt(new Date(NOW.getTime() + 3 * DAY)));
    const first = (set: ObjectSet) => set.objects.incidents.at(-1)?.properties['createdTimeUtc'];
    assert.equal(Date.parse(String(first(later))) - Date.parse(String(first(content))), 3 * DAY);
  });

  test(`generation takes well under 200 ms`, () => {
    assert.ok(generationMs < 200, `${Math.round(generationMs)} ms`);
  });

  test('ids are ARM ids of this workspace, unique per kind', () => {
    const ws = ctx.story.workspace.resourceId;
    for (const [kind, list] of Object.entries(content.objects)) {
      assert.equal(new Set(list.map((r) => r.name)).size, list.length, `${kind} names are unique`);
      for (const r of list) {
        assert.ok(r.id.endsWith(`/${r.name}`), `${kind} ${r.id} ends with its name`);
        if (!['workbooks', 'dataCollectionRules', 'dataCollectionEndpoints'].includes(kind))
          assert.ok(r.id.startsWith(`${ws}/`), `${kind} ${r.id} is under the workspace`);
      }
    }
    const si = `${ws}/providers/Microsoft.SecurityInsights/`;
    assert.ok(content.objects.incidents.every((i) => i.id === `${si}incidents/${i.name}`));
    assert.ok(content.objects.alertRules.every((r) => r.id === `${si}alertRules/${r.name}`));
  });

  test('incidents: numbers 1041-1050 newest first, rules and relations that exist', () => {
    const incidents = content.objects.incidents;
    assert.deepEqual(
      incidents.map((i) => i.properties['incidentNumber']),
      [1050, 1049, 1048, 1047, 1046, 1045, 1044, 1043, 1042, 1041],
    );
    const created = incidents.map((i) => String(i.properties['createdTimeUtc']));
    assert.deepEqual(created, [...created].sort().reverse());
    const ruleIds = new Set(content.objects.alertRules.map((r) => r.id));
    for (const i of incidents) {
      for (const id of i.properties['relatedAnalyticRuleIds'] as string[])
        assert.ok(ruleIds.has(id), `${id} exists`);
      const alerts = content.children.incidentAlerts[i.name] ?? [];
      const data = i.properties['additionalData'] as Json;
      assert.equal(data['alertsCount'], alerts.length);
      assert.equal(data['commentsCount'], (content.children.incidentComments[i.name] ?? []).length);
      assert.equal(data['bookmarksCount'], (content.children.incidentBookmarks[i.name] ?? []).length);
      const relations = content.children.incidentRelations[i.name] ?? [];
      assert.deepEqual(
        relations.map((r) => r.properties['relatedResourceName']).sort(),
        [
          ...alerts.map((a) => a.name),
          ...(content.children.incidentBookmarks[i.name] ?? []).map((b) => b.name),
        ].sort(),
      );
      assert.ok(
        (content.children.incidentEntities[i.name] ?? []).length > 0,
        `incident ${i.name} has entities`,
      );
    }
    const story = ctx.story;
    const compromised = incidents.find(
      (i) => i.properties['incidentNumber'] === story.incidentNumbers.compromisedAccount,
    )!;
    const entities = content.children.incidentEntities[compromised.name]!;
    assert.ok(
      entities.some((e) => e.kind === 'Ip' && e.properties['address'] === story.attackerSignIn.address),
    );
    assert.ok(
      entities.some(
        (e) => e.kind === 'Account' && e.properties['aadUserId'] === story.compromisedUser.objectId,
      ),
    );
    assert.ok(entities.some((e) => e.kind === 'Mailbox'));
    const host = incidents.find(
      (i) => i.properties['incidentNumber'] === story.incidentNumbers.hostCompromise,
    )!;
    const hostEntities = content.children.incidentEntities[host.name]!;
    for (const kind of ['Host', 'Account', 'Process', 'File', 'FileHash', 'Url', 'Ip', 'DnsResolution'])
      assert.ok(
        hostEntities.some((e) => e.kind === kind),
        `incident ${story.incidentNumbers.hostCompromise} has a ${kind} entity`,
      );
    const keys = hostEntities.map((e) => `${e.kind}:${JSON.stringify(e.properties)}`);
    assert.equal(new Set(keys).size, keys.length, 'entities are deduplicated');
  });

  test('bookmarks: the hunter kept the Nigeria sign-in, added to the compromised-account incident', () => {
    const story = ctx.story;
    const signIn = content.objects.bookmarks.find((b) =>
      String(b.properties['queryResult']).includes(story.attackerSignIn.address),
    );
    assert.ok(signIn, 'a bookmark of the attacker sign-in');
    const info = signIn.properties['incidentInfo'] as Json;
    const incident = content.objects.incidents.find((i) => i.name === info['incidentId'])!;
    assert.equal(incident.properties['incidentNumber'], story.incidentNumbers.compromisedAccount);
    assert.ok(
      (content.children.incidentRelations[incident.name] ?? []).some((r) => r.name === info['relationName']),
      'the relation named in incidentInfo exists',
    );
    assert.ok(
      content.objects.bookmarks.some((b) => b.properties['incidentInfo'] === undefined),
      'one bookmark is not in an incident',
    );
  });

  test('rules: every alert has its rule; templates counted; incident creation per product', () => {
    const rules = new Map(content.objects.alertRules.map((r) => [r.name, r]));
    for (const a of ctx.story.alerts) {
      const rule = rules.get(a.ruleId);
      assert.ok(rule, `rule of ${a.displayName}`);
      if (a.productName === 'Azure Sentinel') {
        assert.equal(rule.kind, 'Scheduled');
        assert.equal(rule.properties['displayName'], a.ruleName);
        assert.deepEqual(rule.properties['tactics'], a.tactics, `tactics of ${a.ruleName}`);
        assert.deepEqual(rule.properties['techniques'], a.techniques, `techniques of ${a.ruleName}`);
        assert.equal(rule.properties['severity'], a.severity);
        const format = (rule.properties['alertDetailsOverride'] as Json | null)?.['alertDisplayNameFormat'];
        if (a.displayName !== a.ruleName)
          assert.ok(typeof format === 'string', `${a.ruleName} names its alerts`);
      } else {
        assert.equal(rule.kind, 'MicrosoftSecurityIncidentCreation');
        assert.equal(rule.properties['productFilter'], a.productName);
      }
    }
    const templates = new Map(content.objects.alertRuleTemplates.map((t) => [t.name, t]));
    const counts = new Map<string, number>();
    for (const r of content.objects.alertRules) {
      const t = r.properties['alertRuleTemplateName'];
      if (typeof t !== 'string') continue;
      assert.ok(templates.has(t), `template ${t} of ${String(r.properties['displayName'])}`);
      counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    for (const t of content.objects.alertRuleTemplates)
      assert.equal(
        t.properties['alertRulesCreatedByTemplateCount'],
        counts.get(t.name) ?? 0,
        String(t.properties['displayName']),
      );
    const enabled = content.objects.alertRules.filter((r) => r.properties['enabled'] === false);
    assert.equal(enabled.length, 1, 'one disabled rule');
  });

  test('watchlists, DCR/DCE and metadata refer to what exists', () => {
    const story = ctx.story;
    const hosts = new Set(story.hosts.map((h) => h.name));
    const assets = content.children.watchlistItems['HighValueAssets']!;
    assert.ok(assets.every((i) => hosts.has(String((i.properties['itemsKeyValue'] as Json)['Hostname']))));
    assert.ok(
      assets.some((i) => (i.properties['itemsKeyValue'] as Json)['Hostname'] === story.host.name),
      'the AP workstation is a high-value asset',
    );
    const upns = new Set(story.users.map((u) => u.userPrincipalName));
    const vips = content.children.watchlistItems['VIPUsers']!;
    assert.ok(
      vips.length >= 3 &&
        vips.every((i) => upns.has(String((i.properties['itemsKeyValue'] as Json)['UserPrincipalName']))),
    );
    const gone = content.children.watchlistItems['TerminatedEmployees']!;
    assert.ok(
      gone.every((i) => !upns.has(String((i.properties['itemsKeyValue'] as Json)['UserPrincipalName']))),
    );
    for (const w of content.objects.watchlists) {
      const key = String(w.properties['itemsSearchKey']);
      assert.ok(
        (content.children.watchlistItems[w.name] ?? []).every(
          (i) => key in (i.properties['itemsKeyValue'] as Json),
        ),
      );
    }
    const endpoints = new Set(content.objects.dataCollectionEndpoints.map((e) => e.id));
    const mine = content.objects.dataCollectionRules.filter((d) =>
      ((d.properties['destinations'] as Json)['logAnalytics'] as Json[]).some(
        (l) => l['workspaceResourceId'] === story.workspace.resourceId,
      ),
    );
    assert.equal(mine.length, 2);
    assert.ok(
      content.objects.dataCollectionRules.every((d) =>
        endpoints.has(String(d.properties['dataCollectionEndpointId'])),
      ),
    );
    const streams = mine.flatMap((d) =>
      (d.properties['dataFlows'] as Json[]).flatMap((f) => f['streams'] as string[]),
    );
    assert.deepEqual([...new Set(streams)].sort(), [
      'Microsoft-CommonSecurityLog',
      'Microsoft-SecurityEvent',
      'Microsoft-Syslog',
    ]);
    const parents = new Set([...content.objects.alertRules, ...content.objects.workbooks].map((r) => r.id));
    for (const m of content.objects.metadata)
      if (m.properties['kind'] !== 'Solution')
        assert.ok(parents.has(String(m.properties['parentId'])), `parent of ${m.name}`);
    assert.deepEqual([...new Set(content.objects.metadata.map((m) => m.properties['kind']))].sort(), [
      'AnalyticsRule',
      'Solution',
      'Workbook',
    ]);
  });

  test('threat intelligence: the story indicators, metrics that add up', () => {
    const story = ctx.story;
    const patterns = new Set(content.objects.tiIndicators.map((i) => i.properties['pattern']));
    assert.ok(patterns.has(`[ipv4-addr:value = '${story.beacon.address}']`));
    assert.ok(patterns.has(`[domain-name:value = '${story.beacon.domain}']`));
    assert.ok(patterns.has(`[url:value = '${story.payload.downloadUrl}']`));
    assert.ok(patterns.has(`[file:hashes.'SHA-256' = '${story.payload.sha256}']`));
    const ids = new Set(content.objects.tiIndicators.map((i) => i.properties['externalId']));
    for (const id of Object.values(story.threatIntel.indicatorIds)) assert.ok(ids.has(id), id);
    const m = content.tiMetrics[0]!['properties'] as Record<string, { metricValue: number }[]>;
    for (const key of ['threatTypeMetrics', 'patternTypeMetrics', 'sourceMetrics'])
      assert.equal(
        m[key]!.reduce((n, x) => n + x.metricValue, 0),
        content.objects.tiIndicators.length,
        key,
      );
  });
});
