// Hunting queries in the content repository's YAML (Hunting Queries/*.yaml) as the Log Analytics saved
// searches Sentinel keeps them as: category "Hunting Queries", and the description, tactics and
// techniques in tags (comma-separated values), which is how the portal stores them.
import type { Document } from 'yaml';
import { z } from 'zod';
import type { ArmResource } from '../../objects.js';
import { invalid, type FolderFile } from './files.js';
import { ARM_TYPES, resourceIdOf } from './kinds.js';
import { cleanDescription } from './rule-yaml.js';

export const HUNTING_CATEGORY = 'Hunting Queries';

export const HUNTING_HINT =
  'Hunting queries use the YAML format of the Azure-Sentinel content repository (id, name, description, ' +
  'tactics, relevantTechniques, query); see docs/local-workspace.md.';

const huntingSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform((v, ctx) => {
    const s = String(v).trim();
    if (s.length === 0 || s.length > 260 || /[/\\?#%\u0000-\u001f]/.test(s)) {
      ctx.addIssue({ code: 'custom', message: 'must be 1-260 characters without / \\ ? # % (a GUID)' });
      return z.NEVER;
    }
    return s;
  }),
  name: z.string().trim().min(1).max(260),
  description: z.string().nullish(),
  requiredDataConnectors: z.array(z.unknown()).nullish(),
  tactics: z.array(z.string()).nullish(),
  relevantTechniques: z.array(z.union([z.string(), z.number()]).transform(String)).nullish(),
  query: z.string().trim().min(1),
  entityMappings: z.array(z.unknown()).nullish(),
});

function issuesText(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`)
    .join('; ');
}

/** A savedSearches resource from one hunting YAML file; errors name the file and the field. */
export function huntingToArm(doc: Document, file: FolderFile, workspaceId: string): ArmResource {
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw invalid(
      `${file.rel} is not a hunting query: expected a YAML mapping (id: ..., name: ...).`,
      HUNTING_HINT,
    );
  const parsed = huntingSchema.safeParse(data);
  if (!parsed.success) throw invalid(`${file.rel} is invalid: ${issuesText(parsed.error)}`, HUNTING_HINT);
  const h = parsed.data;
  const tags: { name: string; value: string }[] = [];
  const description = cleanDescription(h.description);
  if (description) tags.push({ name: 'description', value: description });
  const tactics = (h.tactics ?? []).map((t) => t.replace(/\s+/g, '')).filter(Boolean);
  if (tactics.length) tags.push({ name: 'tactics', value: tactics.join(',') });
  const techniques = (h.relevantTechniques ?? []).map((t) => t.trim()).filter(Boolean);
  if (techniques.length) tags.push({ name: 'techniques', value: techniques.join(',') });
  return {
    id: resourceIdOf(workspaceId, 'savedSearches', h.id),
    name: h.id,
    type: ARM_TYPES.savedSearches,
    properties: {
      category: HUNTING_CATEGORY,
      displayName: h.name,
      query: h.query,
      version: 2,
      tags,
    },
  };
}
