// One TTL cache for the server: size-bounded, keys namespaced by workspace (`tables:{id}:{filter}`).
// Errors are never cached: a rejected load leaves no entry behind.
import { LRUCache } from 'lru-cache';

export const DEFAULT_CACHE_TTL_MS = 10 * 60 * 1000;

export interface CacheOptions {
  ttlMs?: number;
  /** Entries at most. */
  max?: number;
}

export class TtlCache {
  private readonly entries: LRUCache<string, { value: unknown }>;
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(options: CacheOptions = {}) {
    this.entries = new LRUCache({ max: options.max ?? 500, ttl: options.ttlMs ?? DEFAULT_CACHE_TTL_MS });
  }

  /** The cached value for key, or the result of load (shared by concurrent callers, cached on success). */
  async getOrLoad<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) return hit.value as T;
    const pending = this.inflight.get(key);
    if (pending) return pending as Promise<T>;
    const promise = load().then((value) => {
      this.entries.set(key, { value });
      return value;
    });
    this.inflight.set(key, promise);
    try {
      return await promise;
    } finally {
      this.inflight.delete(key);
    }
  }

  /** Removes every key starting with prefix (a write invalidates what it affects). */
  invalidate(prefix: string): number {
    let removed = 0;
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(prefix)) {
        this.entries.delete(key);
        removed++;
      }
    }
    return removed;
  }

  get size(): number {
    return this.entries.size;
  }
}

export const cacheKeys = {
  workspace: (id: string) => `workspace:${id}`,
  tables: (id: string, filter: string, stats: boolean) =>
    `tables:${id}:${filter}:${stats ? 'stats' : 'plain'}`,
  schema: (id: string, table: string) => `schema:${id}:${table}`,
  details: (id: string, table: string) => `details:${id}:${table}`,
  validation: (id: string) => `validation:${id}`,
};
