// Runs dependent tasks concurrently: each starts once the tasks it depends on have finished.

/**
 * Runs `run(item)` for every item, at most `concurrency` at once, each after the items it
 * `dependsOn` (keys of other items; keys not among the items are taken as done). When a task
 * fails, no new task starts; the running ones finish and the first error is thrown.
 * @template T
 * @param {readonly T[]} items
 * @param {{ key(item: T): string, dependsOn(item: T): readonly string[], run(item: T): Promise<void>, concurrency?: number }} options
 * @returns {Promise<void>}
 */
export async function runWithDependencies(items, { key, dependsOn, run, concurrency = 1 }) {
  const keys = new Set(items.map(key));
  const waiting = [...items];
  const done = new Set();
  const running = new Map();
  let failure;
  const ready = (item) => dependsOn(item).every((dependency) => !keys.has(dependency) || done.has(dependency));
  while (waiting.length > 0 || running.size > 0) {
    while (failure === undefined && running.size < Math.max(1, concurrency)) {
      const next = waiting.findIndex(ready);
      if (next < 0) break;
      const [item] = waiting.splice(next, 1);
      const id = key(item);
      running.set(
        id,
        Promise.resolve()
          .then(() => run(item))
          .then(
            () => done.add(id),
            (error) => (failure ??= error),
          )
          .finally(() => running.delete(id)),
      );
    }
    if (running.size === 0) {
      if (failure !== undefined) break;
      // Nothing runs and nothing can start: the rest wait on each other.
      throw new Error(`cannot order: ${waiting.map(key).join(', ')} depend on each other`);
    }
    await Promise.race(running.values());
  }
  if (failure !== undefined) throw failure;
}
