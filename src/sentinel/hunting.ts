// Log Analytics saved searches and Sentinel hunting queries (saved searches of category "Hunting
// Queries"; tactics, techniques and description live in their tags, as Sentinel stores them).
import { z } from 'zod';
import type { ArmObject } from '../backends/objects.js';
import { num } from './arm.js';
import { cutText } from '../util/results.js';
import { nameOf, sameText } from './common.js';
import { short } from './paging.js';

export const HUNTING_CATEGORY = 'Hunting Queries';

/**
 * A property read case-insensitively: the REST examples write saved-search properties in PascalCase
 * (`Category`, `DisplayName`, `Query`, `Tags`), the service and the SDK in camelCase.
 */
function prop(o: ArmObject, key: string): unknown {
  if (key in o) return o[key];
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(o)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function text(o: ArmObject, key: string): string | undefined {
  const v = prop(o, key);
  return typeof v === 'string' ? v : undefined;
}

/** Saved-search tags as [name, value] pairs (`[{name, value}]`, either case). */
export function savedSearchTags(o: ArmObject): [string, string][] {
  const v = prop(o, 'tags');
  if (!Array.isArray(v)) return [];
  const out: [string, string][] = [];
  for (const t of v) {
    if (t === null || typeof t !== 'object') continue;
    const tag = t as Record<string, unknown>;
    const name = tag['name'] ?? tag['Name'];
    const value = tag['value'] ?? tag['Value'];
    if (typeof name === 'string') out.push([name, typeof value === 'string' ? value : String(value ?? '')]);
  }
  return out;
}

/** Values of the tags of these names (case-insensitive), split on commas, trimmed, de-duplicated. */
function tagList(tags: [string, string][], names: string[]): string[] {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const out: string[] = [];
  for (const [name, value] of tags) {
    if (!wanted.has(name.toLowerCase())) continue;
    for (const part of value.split(/[,;]/)) {
      const p = part.trim();
      if (p && !out.includes(p)) out.push(p);
    }
  }
  return out;
}

function tagValue(tags: [string, string][], name: string): string | undefined {
  return tags.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

export function savedSearchCategory(o: ArmObject): string | null {
  return text(o, 'category')?.trim() ?? null;
}

export function isHuntingQuery(o: ArmObject): boolean {
  return sameText(savedSearchCategory(o), HUNTING_CATEGORY);
}

export interface SavedSearchFacts {
  id: string;
  resource_id: string | null;
  display_name: string | null;
  category: string | null;
  query: string | null;
  function_alias: string | null;
  function_parameters: string | null;
  version: number | null;
  tags: [string, string][];
  tactics: string[];
  techniques: string[];
  description: string | null;
}

/** Everything we read from a saved search (flattened ARM object or SDK model). */
export function savedSearchFacts(o: ArmObject): SavedSearchFacts {
  const tags = savedSearchTags(o);
  return {
    id: nameOf(o),
    resource_id: typeof o.id === 'string' ? o.id : null,
    display_name: text(o, 'displayName') ?? null,
    category: savedSearchCategory(o),
    query: text(o, 'query') ?? null,
    function_alias: text(o, 'functionAlias') ?? null,
    function_parameters: text(o, 'functionParameters') ?? null,
    version: num(o, 'version') ?? num(o, 'Version') ?? null,
    tags,
    tactics: tagList(tags, ['tactics', 'tactic']),
    techniques: tagList(tags, ['techniques', 'relevantTechniques', 'technique']),
    description: tagValue(tags, 'description') ?? text(o, 'description') ?? null,
  };
}

/** Tactic names compare without case and spaces ("Initial Access" = "InitialAccess"). */
function tacticKey(t: string): string {
  return t.replace(/[\s_-]/g, '').toLowerCase();
}

/** True when the query has any of the tactics (none asked: true). */
export function hasAnyTactic(facts: SavedSearchFacts, tactics: readonly string[] | undefined): boolean {
  if (!tactics || tactics.length === 0) return true;
  const own = new Set(facts.tactics.map(tacticKey));
  return tactics.some((t) => own.has(tacticKey(t)));
}

/** True when the query has any of the techniques; T1078 also matches its sub-techniques (T1078.004). */
export function hasAnyTechnique(facts: SavedSearchFacts, techniques: readonly string[] | undefined): boolean {
  if (!techniques || techniques.length === 0) return true;
  const own = facts.techniques.map((t) => t.trim().toUpperCase());
  return techniques.some((wanted) => {
    const w = wanted.trim().toUpperCase();
    return own.some((t) => t === w || t.startsWith(`${w}.`));
  });
}

// ---- Result shapes ----

export const huntingRowShape = z.object({
  id: z.string().describe('Saved-search name (id); pass it as query_id'),
  display_name: z.string().nullable().describe('Display name'),
  tactics: z.array(z.string()).describe('MITRE ATT&CK tactics (from the tactics tag)'),
  techniques: z.array(z.string()).describe('MITRE ATT&CK techniques (from the techniques tag)'),
  description: z.string().nullable().describe('Description (cut in lists)'),
  query: z.string().nullable().describe('KQL (cut in lists; the get tool shows it whole)'),
});

export function huntingRow(o: ArmObject): z.output<typeof huntingRowShape> {
  const f = savedSearchFacts(o);
  return {
    id: f.id,
    display_name: f.display_name,
    tactics: f.tactics,
    techniques: f.techniques,
    description: short(f.description ?? undefined),
    query: short(f.query ?? undefined),
  };
}

const tagsShape = z
  .array(z.object({ name: z.string(), value: z.string() }))
  .describe('All tags of the saved search, as stored');

export const huntingDetailShape = {
  id: z.string().describe('Saved-search name (id)'),
  resource_id: z.string().nullable().describe('ARM resource id'),
  display_name: z.string().nullable().describe('Display name'),
  category: z.string().nullable().describe('Category (Hunting Queries)'),
  description: z.string().nullable().describe('Description (from the description tag)'),
  tactics: z.array(z.string()).describe('MITRE ATT&CK tactics'),
  techniques: z.array(z.string()).describe('MITRE ATT&CK techniques'),
  query: z.string().nullable().describe('The KQL, whole'),
  tags: tagsShape,
  version: z.number().nullable().describe('Query language version'),
};

function tagsOf(f: SavedSearchFacts): { name: string; value: string }[] {
  return f.tags.map(([name, value]) => ({ name, value: cutText(value, 2000).text }));
}

export function huntingDetail(o: ArmObject) {
  const f = savedSearchFacts(o);
  return {
    id: f.id,
    resource_id: f.resource_id,
    display_name: f.display_name,
    category: f.category,
    description: f.description,
    tactics: f.tactics,
    techniques: f.techniques,
    query: f.query,
    tags: tagsOf(f),
    version: f.version,
  };
}

export const savedSearchRowShape = z.object({
  id: z.string().describe('Saved-search name (id); pass it as saved_search_id'),
  display_name: z.string().nullable().describe('Display name'),
  category: z.string().nullable().describe('Category (e.g. Hunting Queries, Log Management)'),
  function_alias: z.string().nullable().describe('Function alias when the query serves as a function'),
  query: z.string().nullable().describe('KQL (cut in lists)'),
});

export function savedSearchRow(o: ArmObject): z.output<typeof savedSearchRowShape> {
  const f = savedSearchFacts(o);
  return {
    id: f.id,
    display_name: f.display_name,
    category: f.category,
    function_alias: f.function_alias,
    query: short(f.query ?? undefined),
  };
}

export const savedSearchDetailShape = {
  id: z.string().describe('Saved-search name (id)'),
  resource_id: z.string().nullable().describe('ARM resource id'),
  display_name: z.string().nullable().describe('Display name'),
  category: z.string().nullable().describe('Category'),
  query: z.string().nullable().describe('The KQL, whole'),
  function_alias: z.string().nullable().describe('Function alias, when the query serves as a function'),
  function_parameters: z.string().nullable().describe('Function parameters ("name:type = default, ...")'),
  version: z.number().nullable().describe('Query language version'),
  tags: tagsShape,
};

export function savedSearchDetail(o: ArmObject) {
  const f = savedSearchFacts(o);
  return {
    id: f.id,
    resource_id: f.resource_id,
    display_name: f.display_name,
    category: f.category,
    query: f.query,
    function_alias: f.function_alias,
    function_parameters: f.function_parameters,
    version: f.version,
    tags: tagsOf(f),
  };
}
