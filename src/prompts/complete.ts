// Completion (completion/complete) of prompt arguments: prefix-filtered, case-insensitive, never
// throwing. The SDK sends at most 100 values and reports the total and whether more exist.
import { num, str } from '../sentinel/arm.js';
import type { ArmObject } from '../backends/objects.js';
import { tableNames } from '../resources/tables.js';
import { workspaceTables } from './args.js';
import type { PromptEnv } from './types.js';

/** How long a completion may wait for the workspace (the user is typing). */
const COMPLETION_DEADLINE_MS = 10_000;

/** Values that start with the prefix (case-insensitive), without duplicates, in the given order. */
export function byPrefix<T extends string>(values: Iterable<T>, prefix: string): T[] {
  const p = prefix.trim().toLowerCase();
  const out = new Set<T>();
  for (const v of values) if (v.toLowerCase().startsWith(p)) out.add(v);
  return [...out];
}

/** A completer that never throws: a failure completes to nothing. */
export function safely<T extends string = string>(
  complete: (value: string, context?: { arguments?: Record<string, string> }) => Promise<T[]> | T[],
): (value: string | undefined, context?: { arguments?: Record<string, string> }) => Promise<T[]> {
  return async (value, context) => {
    try {
      return await complete(typeof value === 'string' ? value : '', context);
    } catch {
      return [];
    }
  };
}

export function fixedValues<T extends string>(values: readonly T[]) {
  return safely<T>((value) => byPrefix(values, value));
}

/** Table names, the workspace's first then the catalog's. */
export async function completeTableName(env: PromptEnv, prefix: string): Promise<string[]> {
  const names = await tableNames(async () => (await workspaceTables(env)) ?? []);
  return byPrefix(names, prefix);
}

/**
 * A list of tables ("SigninLogs, Aud"): completes the last name and keeps the ones before it, so a
 * client that replaces the whole value gets "SigninLogs, AuditLogs".
 */
export function tableListCompleter(env: PromptEnv) {
  return safely(async (value) => {
    const cut = Math.max(value.lastIndexOf(','), value.lastIndexOf(' '));
    const head = cut >= 0 ? value.slice(0, cut + 1) : '';
    const last = value.slice(cut + 1).trim();
    const before = new Set(
      head
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((n) => n.toLowerCase()),
    );
    const lead = head.trim() ? `${head.replace(/[\s,]+$/, '')}, ` : '';
    return (await completeTableName(env, last))
      .filter((n) => !before.has(n.toLowerCase()))
      .map((n) => `${lead}${n}`);
  });
}

export function tableCompleter(env: PromptEnv) {
  return safely((value) => completeTableName(env, value));
}

function incidentKeys(o: ArmObject): { number?: string; name?: string } {
  const n = num(o, 'incidentNumber');
  return { number: n === undefined ? undefined : String(n), name: str(o, 'name') };
}

/**
 * The workspace's incident numbers (the 50 newest), or their ids when the prefix is not a number.
 * Nothing when the backend has no incidents API or the call fails.
 */
export function incidentCompleter(env: PromptEnv) {
  return safely(async (value) => {
    const backend = await env.backend();
    if (!backend.objects) return [];
    const page = await backend.objects.list('incidents', {
      top: 50,
      orderBy: { path: 'properties/createdTimeUtc', direction: 'desc' },
      deadline: Date.now() + COMPLETION_DEADLINE_MS,
    });
    // ObjectsApi items are flattened (properties at the top level), as the Azure SDK's models are.
    const keys = page.items.map(incidentKeys);
    const prefix = value.trim();
    if (prefix === '' || /^\d+$/.test(prefix)) {
      const numbers = keys.flatMap((k) => (k.number ? [k.number] : []));
      numbers.sort((a, b) => Number(b) - Number(a));
      return byPrefix(numbers, prefix);
    }
    return byPrefix(
      keys.flatMap((k) => (k.name ? [k.name] : [])),
      prefix,
    );
  });
}
