// Reading ARM objects (flattened, see backends/objects.ts) into our results: small typed readers that
// accept both wire JSON and the Azure SDK's models (dates as strings or Date objects).
import type { Backend } from '../backends/backend.js';
import type { ArmObject, ArmResource, ObjectsApi } from '../backends/objects.js';
import { ToolError } from '../util/errors.js';

/** An ARM resource with its properties lifted to the top level (what the SDK's models look like). */
export function flatten(resource: ArmResource): ArmObject {
  const { properties, ...top } = resource;
  return { ...properties, ...top };
}

export function str(o: ArmObject | Record<string, unknown> | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' ? v : undefined;
}

export function num(o: ArmObject | Record<string, unknown> | undefined, key: string): number | undefined {
  const v = o?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function bool(o: ArmObject | Record<string, unknown> | undefined, key: string): boolean | undefined {
  const v = o?.[key];
  return typeof v === 'boolean' ? v : undefined;
}

/** An ISO 8601 string from a string or Date property. */
export function time(o: ArmObject | Record<string, unknown> | undefined, key: string): string | undefined {
  const v = o?.[key];
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  if (typeof v === 'string' && v !== '') {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? v : new Date(ms).toISOString();
  }
  return undefined;
}

export function strings(o: ArmObject | Record<string, unknown> | undefined, key: string): string[] {
  const v = o?.[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function record(
  o: ArmObject | Record<string, unknown> | undefined,
  key: string,
): Record<string, unknown> | undefined {
  const v = o?.[key];
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
    ? (v as Record<string, unknown>)
    : undefined;
}

export function records(
  o: ArmObject | Record<string, unknown> | undefined,
  key: string,
): Record<string, unknown>[] {
  const v = o?.[key];
  return Array.isArray(v)
    ? v.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x))
    : [];
}

/** The backend's objects API, or UNSUPPORTED naming what is missing. */
export function objectsOf(backend: Backend): ObjectsApi {
  if (!backend.objects) {
    throw new ToolError('UNSUPPORTED', `The ${backend.kind} backend does not serve Sentinel objects`, {
      hint: 'Use the local demo workspace, a workspace folder, or an Azure workspace.',
      retryable: false,
    });
  }
  return backend.objects;
}
