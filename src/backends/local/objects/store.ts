// The local backend's ObjectsApi: an in-memory store over an ObjectSet (raw ARM JSON from a workspace
// folder or the demo). Filters and orders are evaluated over the raw resources (paths such as
// `properties/status`), pages come with opaque cursors, and items are handed out flattened.
import {
  CHILD_KINDS,
  FILTERABLE_KINDS,
  KIND_LABELS,
  OBJECT_KINDS,
  listHint,
  type ArmObject,
  type ArmResource,
  type ChildKind,
  type ObjectKind,
  type ObjectListQuery,
  type ObjectPage,
  type ObjectSet,
  type ObjectsApi,
  type TiQuery,
} from '../../objects.js';
import type { CallOptions } from '../../backend.js';
import { flatten } from '../../../sentinel/arm.js';
import { ToolError } from '../../../util/errors.js';
import { matchesFilter, sortByOrder } from '../../../util/odata.js';
import { pageOf, queryHash } from './cursor.js';
import { computeTiMetrics, queryIndicators } from './ti.js';

const KNOWN_KINDS: ReadonlySet<string> = new Set(OBJECT_KINDS);

function checkKind(kind: string): void {
  if (!KNOWN_KINDS.has(kind))
    throw new ToolError('INVALID_ARGUMENT', `"${kind}" is not an object kind`, {
      hint: `Kinds: ${OBJECT_KINDS.join(', ')}.`,
    });
}

function checkChildKind(kind: string): void {
  if (!Object.hasOwn(CHILD_KINDS, kind))
    throw new ToolError('INVALID_ARGUMENT', `"${kind}" is not a child object kind`, {
      hint: `Kinds: ${Object.keys(CHILD_KINDS).join(', ')}.`,
    });
}

/** NOT_FOUND naming the kind and the name, with the tool that lists that kind. */
export function objectNotFound(kind: ObjectKind | ChildKind, name: string, parent?: string): ToolError {
  const where = parent === undefined ? 'in this workspace' : `in ${parentLabel(kind)} "${parent}"`;
  return new ToolError('NOT_FOUND', `No ${KIND_LABELS[kind]} with id "${name}" ${where}`, {
    hint: listHint(kind),
  });
}

function parentLabel(kind: ObjectKind | ChildKind): string {
  return Object.hasOwn(CHILD_KINDS, kind) ? KIND_LABELS[CHILD_KINDS[kind as ChildKind]] : 'this workspace';
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function aborted(options: CallOptions | undefined): void {
  options?.abortSignal?.throwIfAborted();
}

export class LocalObjectStore implements ObjectsApi {
  constructor(private readonly set: ObjectSet) {}

  async list(kind: ObjectKind, query: ObjectListQuery): Promise<ObjectPage> {
    aborted(query);
    checkKind(kind);
    if ((query.filter || query.orderBy) && !FILTERABLE_KINDS.has(kind)) {
      throw new ToolError(
        'INVALID_ARGUMENT',
        `The ${KIND_LABELS[kind]} list takes no server-side filter or order`,
        {
          hint: `Only ${[...FILTERABLE_KINDS].join(' and ')} accept $filter and $orderby; filter the listed items instead.`,
        },
      );
    }
    let items: readonly ArmResource[] = this.set.objects[kind] ?? [];
    const filter = query.filter;
    if (filter) items = items.filter((item) => matchesFilter(filter, item));
    if (query.orderBy) items = sortByOrder(items, query.orderBy);
    const hash = queryHash({ filter: query.filter, orderBy: query.orderBy });
    const page = pageOf(items, query.top, query.cursor, kind, hash);
    return { ...page, items: page.items.map(flatten) };
  }

  async get(kind: ObjectKind, name: string, options?: CallOptions): Promise<ArmObject> {
    aborted(options);
    return flatten(this.find(kind, name));
  }

  async listChildren(kind: ChildKind, parent: string, query: ObjectListQuery): Promise<ObjectPage> {
    aborted(query);
    checkChildKind(kind);
    if (query.filter || query.orderBy)
      throw new ToolError('INVALID_ARGUMENT', `The ${KIND_LABELS[kind]} list takes no filter or order`, {
        hint: 'Filter the listed items instead.',
      });
    const { parentName, children } = this.childrenOf(kind, parent);
    const page = pageOf(children, query.top, query.cursor, `${kind}:${parentName.toLowerCase()}`, '');
    return { ...page, items: page.items.map(flatten) };
  }

  async getChild(kind: ChildKind, parent: string, name: string, options?: CallOptions): Promise<ArmObject> {
    aborted(options);
    checkChildKind(kind);
    const { parentName, children } = this.childrenOf(kind, parent);
    const child = children.find(
      (c) =>
        sameName(c.name, name) ||
        (kind === 'watchlistItems' &&
          typeof c.properties.watchlistItemId === 'string' &&
          sameName(c.properties.watchlistItemId, name)),
    );
    if (!child) throw objectNotFound(kind, name, parentName);
    return flatten(child);
  }

  async queryTiIndicators(query: TiQuery): Promise<ObjectPage> {
    aborted(query);
    const { top: _top, cursor, abortSignal: _signal, deadline: _deadline, ...criteria } = query;
    const matched = queryIndicators(this.set.objects.tiIndicators ?? [], query);
    const page = pageOf(matched, query.top, cursor, 'ti', queryHash(criteria));
    return { ...page, items: page.items.map(flatten) };
  }

  async tiMetrics(options?: CallOptions): Promise<ArmObject[]> {
    aborted(options);
    const value =
      this.set.tiMetrics.length > 0 ? this.set.tiMetrics : computeTiMetrics(this.set.objects.tiIndicators);
    return value.map(liftProperties);
  }

  /** The raw resource of that kind and name (ARM names ignore case; a watchlist's name is its alias). */
  private find(kind: ObjectKind, name: string): ArmResource {
    checkKind(kind);
    const items = this.set.objects[kind] ?? [];
    const found =
      items.find((item) => item.name === name) ??
      items.find(
        (item) =>
          sameName(item.name, name) ||
          (kind === 'watchlists' &&
            typeof item.properties.watchlistAlias === 'string' &&
            sameName(item.properties.watchlistAlias, name)),
      );
    if (!found) throw objectNotFound(kind, name);
    return found;
  }

  private childrenOf(kind: ChildKind, parent: string): { parentName: string; children: ArmResource[] } {
    const parentResource = this.find(CHILD_KINDS[kind], parent);
    const byParent = this.set.children[kind] ?? {};
    const key =
      byParent[parentResource.name] !== undefined
        ? parentResource.name
        : Object.keys(byParent).find((k) => sameName(k, parentResource.name));
    return { parentName: parentResource.name, children: key === undefined ? [] : (byParent[key] ?? []) };
  }
}

/** A metrics entry (`{properties: {...}}`) with its properties at the top level, like other objects. */
function liftProperties(entry: Record<string, unknown>): ArmObject {
  const { properties, ...rest } = entry;
  return properties !== null && typeof properties === 'object' && !Array.isArray(properties)
    ? { ...(properties as Record<string, unknown>), ...rest }
    : { ...rest };
}
