// The Sentinel objects of a workspace folder: analytics rules and templates (content-repository YAML or
// ARM JSON), hunting queries (YAML), watchlists (CSV + YAML header) and everything else as the JSON ARM
// returns (one resource per file, or `{"value": [...]}`). See docs/local-workspace.md.
import { readFile, stat } from 'node:fs/promises';
import {
  KIND_LABELS,
  type ArmResource,
  type ChildKind,
  type ObjectKind,
  type ObjectSet,
} from '../../objects.js';
import {
  extensionOf,
  invalid,
  isRecord,
  listFolder,
  readJsonFile,
  readYamlFile,
  type FolderFile,
} from './files.js';
import { HUNTING_HINT, huntingToArm } from './hunting-yaml.js';
import {
  ARM_TYPES,
  childResourceIdOf,
  emptyObjectSet,
  INCIDENT_CHILD_FILES,
  JSON_FOLDERS,
  resourceIdOf,
  TI_METRICS_FILE,
} from './kinds.js';
import { parseRuleYaml, RULE_HINT, ruleToArm, templateToArm } from './rule-yaml.js';
import { parseWatchlistHeader, WATCHLIST_ALIAS, WATCHLIST_HINT, watchlistFromCsv } from './watchlist-csv.js';

/** Every subfolder of a workspace folder that holds Sentinel objects. */
export const OBJECT_FOLDERS = [
  'rules',
  'templates',
  'hunting',
  'watchlists',
  ...JSON_FOLDERS.map(([folder]) => folder),
] as const;

const JSON_HINT =
  'Each file holds one ARM resource ({"name": ..., "properties": {...}}) or a list as ARM returns it ({"value": [...]}); see docs/local-workspace.md.';

export interface ObjectFolderContext {
  /** The ARM id the workspace's objects hang under. */
  workspaceId: string;
  /** The fixed time anchor, used as the time stamp of objects made from YAML or CSV; else file times. */
  anchor: Date | undefined;
}

const NAME = /^[^/\\?#%\u0000-\u001f]{1,260}$/;

/** The ARM resources of a JSON file: a resource, `{"value": [...]}` (or `entities` for entity lists). */
function resourcesOf(
  data: unknown,
  file: FolderFile,
  kind: ObjectKind | ChildKind,
  idOf: (name: string) => string,
): ArmResource[] {
  let list: unknown[];
  let where: (i: number) => string;
  if (Array.isArray(data)) {
    list = data;
    where = (i) => `[${i}]`;
  } else if (isRecord(data) && Array.isArray(data.value)) {
    list = data.value;
    where = (i) => `value[${i}]`;
  } else if (isRecord(data) && Array.isArray(data.entities) && !('properties' in data)) {
    list = data.entities;
    where = (i) => `entities[${i}]`;
  } else {
    list = [data];
    where = () => '';
  }
  return list.map((item, i) => {
    const at = where(i);
    const prefix = `${file.rel}${at ? ` ${at}` : ''}`;
    if (!isRecord(item)) throw invalid(`${prefix} is not an ARM resource (a JSON object).`, JSON_HINT);
    if (typeof item.name !== 'string' || !NAME.test(item.name))
      throw invalid(
        `${prefix} has no valid "name" (1-260 characters without / \\ ? # %).`,
        `${JSON_HINT} The name is the object's id (a GUID, a rule id, an alias...).`,
      );
    if (!isRecord(item.properties)) throw invalid(`${prefix} has no "properties" object.`, JSON_HINT);
    if (item.id !== undefined && typeof item.id !== 'string')
      throw invalid(`${prefix}: "id" must be a string.`, JSON_HINT);
    const { id, name, type, ...rest } = item;
    return {
      id: typeof id === 'string' && id !== '' ? id : idOf(name),
      name,
      type: typeof type === 'string' && type !== '' ? type : ARM_TYPES[kind],
      ...rest,
      properties: item.properties,
    } as ArmResource;
  });
}

interface Sourced {
  resource: ArmResource;
  file: FolderFile;
}

function unknownFile(file: FolderFile, expected: string, hint: string): never {
  throw invalid(`${file.rel}: unknown file type (expected ${expected}).`, hint);
}

/** Adds resources to a kind, refusing a second object of the same name (ARM names ignore case). */
function addAll(
  target: Map<string, Sourced>,
  resources: ArmResource[],
  file: FolderFile,
  label: string,
): void {
  for (const resource of resources) {
    const key = resource.name.toLowerCase();
    const before = target.get(key);
    if (before)
      throw invalid(
        `${file.rel}: ${label} "${resource.name}" is also defined in ${before.file.rel}.`,
        'Names are case-insensitive and unique per kind; rename or remove one of them.',
      );
    target.set(key, { resource, file });
  }
}

async function timeOf(file: FolderFile, context: ObjectFolderContext): Promise<string> {
  if (context.anchor) return context.anchor.toISOString();
  return (await stat(file.path)).mtime.toISOString();
}

/** Reads every object folder of `root` (a realpath); absent folders are empty. */
export async function readObjectFolders(root: string, context: ObjectFolderContext): Promise<ObjectSet> {
  const set = emptyObjectSet();
  const byKind = new Map<ObjectKind, Map<string, Sourced>>();
  const kindMap = (kind: ObjectKind): Map<string, Sourced> => {
    let m = byKind.get(kind);
    if (!m) byKind.set(kind, (m = new Map()));
    return m;
  };
  const jsonOf = async (file: FolderFile, kind: ObjectKind): Promise<ArmResource[]> =>
    resourcesOf(await readJsonFile(file, JSON_HINT), file, kind, (name) =>
      resourceIdOf(context.workspaceId, kind, name),
    );

  // Analytics rules and templates: content-repository YAML, or ARM JSON.
  for (const [folder, kind] of [
    ['rules', 'alertRules'],
    ['templates', 'alertRuleTemplates'],
  ] as const) {
    const { files } = await listFolder(root, folder, { recursive: true });
    for (const file of files) {
      const ext = extensionOf(file.name);
      if (ext === 'yaml' || ext === 'yml') {
        const rule = parseRuleYaml(await readYamlFile(file, RULE_HINT), file);
        const time = await timeOf(file, context);
        const make = kind === 'alertRules' ? ruleToArm : templateToArm;
        addAll(kindMap(kind), [make(rule, context.workspaceId, time)], file, KIND_LABELS[kind]);
      } else if (ext === 'json') addAll(kindMap(kind), await jsonOf(file, kind), file, KIND_LABELS[kind]);
      else unknownFile(file, '.yaml, .yml or .json', RULE_HINT);
    }
  }

  // Hunting queries: content-repository YAML, kept as saved searches.
  {
    const { files } = await listFolder(root, 'hunting', { recursive: true });
    for (const file of files) {
      const ext = extensionOf(file.name);
      if (ext !== 'yaml' && ext !== 'yml') unknownFile(file, '.yaml or .yml', HUNTING_HINT);
      const search = huntingToArm(await readYamlFile(file, HUNTING_HINT), file, context.workspaceId);
      addAll(kindMap('savedSearches'), [search], file, 'saved search');
    }
  }

  // Watchlists: <alias>.csv with an optional <alias>.yaml header.
  {
    const { files } = await listFolder(root, 'watchlists', { recursive: false });
    const csvs = new Map<string, FolderFile>();
    const headers = new Map<string, FolderFile>();
    for (const file of files) {
      const ext = extensionOf(file.name);
      const alias = file.name.slice(0, file.name.length - ext.length - 1);
      if (ext !== 'csv' && ext !== 'yaml' && ext !== 'yml')
        unknownFile(file, '.csv, .yaml or .yml', WATCHLIST_HINT);
      if (!WATCHLIST_ALIAS.test(alias))
        throw invalid(
          `${file.rel}: "${alias}" is not a valid watchlist alias.`,
          'Aliases are letters, digits, _, - and . (up to 100 characters), starting with a letter or digit: the file name is the alias.',
        );
      const target = ext === 'csv' ? csvs : headers;
      const other = target.get(alias);
      if (other)
        throw invalid(
          `${file.rel} and ${other.rel} are both the ${ext === 'csv' ? 'items' : 'header'} of "${alias}".`,
          WATCHLIST_HINT,
        );
      target.set(alias, file);
    }
    for (const [alias, file] of headers)
      if (!csvs.has(alias)) throw invalid(`${file.rel} has no ${alias}.csv beside it.`, WATCHLIST_HINT);
    for (const [alias, csvFile] of csvs) {
      const headerFile = headers.get(alias);
      const header = headerFile
        ? parseWatchlistHeader(await readYamlFile(headerFile, WATCHLIST_HINT), headerFile)
        : {};
      const loaded = watchlistFromCsv(alias, await readFile(csvFile.path, 'utf8'), csvFile, header, {
        workspaceId: context.workspaceId,
        time: await timeOf(csvFile, context),
      });
      addAll(kindMap('watchlists'), [loaded.watchlist], csvFile, 'watchlist');
      set.children.watchlistItems[alias] = loaded.items;
    }
  }

  // ARM JSON folders; incident children in incidents/<incident-name>/.
  const incidentFolders: FolderFile[] = [];
  for (const [folder, kind] of JSON_FOLDERS) {
    const { files, folders } = await listFolder(root, folder, { recursive: false });
    for (const sub of folders) {
      if (kind === 'incidents') incidentFolders.push(sub);
      else
        throw invalid(
          `${sub.rel}: subfolders of ${folder}/ are not read.`,
          `Put the JSON files directly in ${folder}/.`,
        );
    }
    for (const file of files) {
      if (extensionOf(file.name) !== 'json') unknownFile(file, '.json', JSON_HINT);
      if (kind === 'tiIndicators' && file.name.toLowerCase() === TI_METRICS_FILE) {
        const data = await readJsonFile(file, JSON_HINT);
        const value =
          isRecord(data) && Array.isArray(data.value) ? data.value : Array.isArray(data) ? data : [data];
        if (!value.every(isRecord))
          throw invalid(
            `${file.rel} is not a metrics answer.`,
            'threat-intelligence/metrics.json is the answer of threatIntelligence/main/metrics: {"value": [{"properties": {...}}]}.',
          );
        set.tiMetrics = value;
        continue;
      }
      addAll(kindMap(kind), await jsonOf(file, kind), file, KIND_LABELS[kind]);
    }
  }

  for (const [kind, map] of byKind) set.objects[kind] = [...map.values()].map((s) => s.resource);

  for (const sub of incidentFolders) {
    const incident = set.objects.incidents.find((i) => i.name.toLowerCase() === sub.name.toLowerCase());
    if (!incident)
      throw invalid(
        `${sub.rel}/ belongs to no incident: no incidents/*.json defines an incident named "${sub.name}".`,
        'Name the folder after the incident\'s "name" (its GUID), e.g. incidents/<name>/alerts.json.',
      );
    const { files, folders } = await listFolder(root, sub.rel, { recursive: false });
    if (folders[0])
      throw invalid(`${folders[0].rel}: subfolders of an incident folder are not read.`, JSON_HINT);
    for (const file of files) {
      const base = file.name.replace(/\.json$/i, '').toLowerCase();
      const entry = INCIDENT_CHILD_FILES.find(([name]) => name === base);
      if (!entry || extensionOf(file.name) !== 'json')
        throw invalid(
          `${file.rel}: unknown file (expected ${INCIDENT_CHILD_FILES.map(([n]) => `${n}.json`).join(', ')}).`,
          JSON_HINT,
        );
      const kind = entry[1];
      const children = resourcesOf(await readJsonFile(file, JSON_HINT), file, kind, (name) =>
        childResourceIdOf(incident.id, kind, name),
      );
      const seen = new Set<string>();
      for (const child of children) {
        if (seen.has(child.name.toLowerCase()))
          throw invalid(`${file.rel}: "${child.name}" appears twice.`, 'Names are unique within a list.');
        seen.add(child.name.toLowerCase());
      }
      set.children[kind][incident.name] = children;
    }
  }

  finish(set);
  return set;
}

function timeValue(resource: ArmResource, key: string): number {
  const v = resource.properties[key];
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isNaN(ms) ? -Infinity : ms;
}

/** Orders as Azure lists them (incidents: newest first) and counts the rules made from each template. */
export function finish(set: ObjectSet): void {
  set.objects.incidents = [...set.objects.incidents].sort(
    (a, b) => timeValue(b, 'createdTimeUtc') - timeValue(a, 'createdTimeUtc'),
  );
  const fromTemplate = new Map<string, number>();
  for (const rule of set.objects.alertRules) {
    const t = rule.properties.alertRuleTemplateName;
    if (typeof t === 'string' && t)
      fromTemplate.set(t.toLowerCase(), (fromTemplate.get(t.toLowerCase()) ?? 0) + 1);
  }
  for (const template of set.objects.alertRuleTemplates) {
    if (template.properties.alertRulesCreatedByTemplateCount === 0)
      template.properties.alertRulesCreatedByTemplateCount =
        fromTemplate.get(template.name.toLowerCase()) ?? 0;
  }
}
