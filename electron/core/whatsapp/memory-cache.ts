import type { CacheStore } from '@whiskeysockets/baileys';
import type { Clock } from '../kernel/clock';

export interface MemoryCacheOptions {
  clock: Clock;
  ttlMs: number;
  /** Oldest entries go first past this many: memory stays bounded however long the app runs. */
  maxEntries: number;
}

/** A small TTL cache with Baileys' CacheStore shape, without a timer (entries expire when read or evicted). */
export function createMemoryCache(options: MemoryCacheOptions): CacheStore & { size(): number } {
  const entries = new Map<string, { value: unknown; expiresAt: number }>();
  return {
    get<T>(key: string): T | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= options.clock.now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value as T;
    },
    set<T>(key: string, value: T) {
      entries.delete(key);
      // A deleted signal key is set to null: forget it rather than answer null from memory.
      if (value === null || value === undefined) return;
      entries.set(key, { value, expiresAt: options.clock.now() + options.ttlMs });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    del(key: string) {
      entries.delete(key);
    },
    flushAll() {
      entries.clear();
    },
    size() {
      return entries.size;
    },
  };
}
