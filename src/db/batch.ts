import DataLoader from 'dataloader';

/**
 * Concurrent interactions ask the same questions at the same moment: a General Meeting vote sends
 * hundreds of presses within a second, each needing its cluster, its person, its motion. A lookup
 * gathers the keys asked for in one event-loop turn into one query, so a burst costs a handful of
 * queries per step instead of one per press. Nothing is cached: every call reads the database.
 *
 * Inside a transaction there is no batching (the statement must run on the transaction's
 * connection, now), so the same fetch runs with the one key.
 */
export interface Lookup<K, V> {
  one(key: K): Promise<V | undefined>;
  all(key: K): Promise<V[]>;
}

/** Keys per query: well under SQLite's limits on bound parameters and expression depth. */
export const MAX_BATCH = 200;

export function lookup<K, V>(
  batched: boolean,
  fetch: (keys: K[]) => Promise<V[]>,
  keyOf: (key: K) => string,
  rowKey: (row: V) => string,
): Lookup<K, V> {
  const run = async (keys: readonly K[]): Promise<V[][]> => {
    const distinct = new Map(keys.map((k) => [keyOf(k), k]));
    const grouped = groupBy(await fetch([...distinct.values()]), rowKey);
    return keys.map((k) => grouped.get(keyOf(k)) ?? []);
  };
  if (!batched) {
    return {
      one: async (key) => (await run([key]))[0]![0],
      all: async (key) => (await run([key]))[0]!,
    };
  }
  // setImmediate rather than the next tick: presses arriving as separate events (one HTTP request
  // or gateway message each) land in the same batch.
  const loader = new DataLoader<K, V[], string>(run, { cache: false, maxBatchSize: MAX_BATCH, batchScheduleFn: (cb) => setImmediate(cb) });
  return {
    one: async (key) => (await loader.load(key))[0],
    all: (key) => loader.load(key),
  };
}

/**
 * Group commit: writes submitted while a batch is being committed wait and go together in the
 * next one, and `commit` answers each (a value, or an Error that rejects only that caller). A burst
 * of votes then costs one transaction per batch instead of one per vote, and batches of one
 * process never race each other for the same row.
 */
export function gather<T, R>(commit: (items: T[]) => Promise<(R | Error)[]>): (item: T) => Promise<R> {
  type Waiting = { item: T; resolve: (r: R) => void; reject: (e: unknown) => void };
  let pending: Waiting[] = [];
  let busy = false;
  const flush = async (): Promise<void> => {
    busy = true;
    while (pending.length) {
      const batch = pending.slice(0, MAX_BATCH);
      pending = pending.slice(batch.length);
      try {
        const results = await commit(batch.map((w) => w.item));
        batch.forEach((w, i) => {
          const r = results[i];
          if (r instanceof Error) w.reject(r);
          else w.resolve(r as R);
        });
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    busy = false;
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      // The first write waits one turn for the others pressed at the same moment.
      if (!busy) {
        busy = true;
        setImmediate(() => void flush());
      }
    });
}

/** Node 20 has no Map.groupBy. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
