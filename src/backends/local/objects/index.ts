// The local backend's Sentinel objects: the in-memory store (ObjectsApi), the workspace-folder formats,
// and _GetWatchlist.
export { LocalObjectStore, objectNotFound } from './store.js';
export { emptyObjectSet, localWorkspaceResourceId, ARM_TYPES } from './kinds.js';
export { readObjectFolders, OBJECT_FOLDERS, type ObjectFolderContext } from './folder-read.js';
export { writeObjectFolders } from './folder-write.js';
export {
  checkWatchlistAliases,
  GET_WATCHLIST,
  watchlistFunctions,
  WATCHLIST_ITEMS_TABLE,
  type WatchlistFunctions,
} from './get-watchlist.js';
