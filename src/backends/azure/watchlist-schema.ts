// `_GetWatchlist` for KQL validation on Azure: Sentinel defines it in every workspace, so the validator
// must know it, with the columns of this workspace's watchlists (from each watchlist's first item).
// Best effort: without access to watchlists the function is declared with its fixed columns only
// (a cancelled call rejects instead, so that nothing partial is cached).
import type { SchemaFunction } from '../../kql/analysis.js';
import type { CallOptions } from '../backend.js';
import type { ArmObject, ArmResource, ObjectsApi } from '../objects.js';
import { emptyObjectSet } from '../local/objects/kinds.js';
import { watchlistFunctions } from '../local/objects/get-watchlist.js';
import type { Logger } from '../../util/logger.js';

/** Watchlists read for their columns at most (each costs one items call). */
const MAX_WATCHLISTS = 50;

/** A flattened object back in wire form: the properties are the object itself. */
function asResource(o: ArmObject): ArmResource {
  return {
    id: o.id ?? '',
    name: o.name ?? '',
    type: o.type ?? '',
    properties: o as Record<string, unknown>,
  };
}

export async function watchlistValidationFunctions(
  objects: ObjectsApi,
  options: CallOptions,
  logger: Logger,
): Promise<SchemaFunction[]> {
  const set = emptyObjectSet();
  try {
    const lists = await objects.list('watchlists', { ...options, top: MAX_WATCHLISTS });
    set.objects.watchlists = lists.items.map(asResource);
    await Promise.all(
      set.objects.watchlists.map(async (w) => {
        const page = await objects.listChildren('watchlistItems', w.name, { ...options, top: 1 });
        set.children.watchlistItems[w.name] = page.items.map(asResource);
      }),
    );
  } catch (error) {
    options.abortSignal?.throwIfAborted();
    logger.debug(
      { error: error instanceof Error ? error.message : String(error) },
      'watchlist columns unavailable; _GetWatchlist declared with its fixed columns',
    );
    set.objects.watchlists = [];
    set.children.watchlistItems = {};
  }
  return watchlistFunctions(set).validation;
}
