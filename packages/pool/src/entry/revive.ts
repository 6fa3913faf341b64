// Task arguments made by `toShared()` (a Lock, a SharedQueue…) become objects again in the
// worker. The packages that know how are imported only when a task first brings such a handle:
// importing them takes longer than the rest of a worker's start-up.
import type * as Queue from '@skein/queue';
import type * as Sync from '@skein/sync';

let revivers: { sync: typeof Sync; queue: typeof Queue } | undefined;
let loading: Promise<void> | undefined;

/** The shape `@skein/sync`'s `isSharedHandle` checks, without importing it. */
function looksShared(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { __skein?: unknown }).__skein === 'string' &&
    (value as { buffer?: unknown }).buffer instanceof SharedArrayBuffer
  );
}

/**
 * True when `values` (a message's flat task list) holds a handle the revivers are not loaded
 * for yet: as an argument, an item of a map chunk, or an argument of a starmap item.
 */
export function needsRevivers(values: readonly unknown[]): boolean {
  if (revivers !== undefined) return false;
  for (const value of values) {
    if (looksShared(value)) return true;
    if (!Array.isArray(value)) continue;
    for (const item of value as unknown[])
      if (looksShared(item) || (Array.isArray(item) && item.some(looksShared))) return true;
  }
  return false;
}

/** Imports the revivers (once); resolves when `revive` can turn handles into objects. */
export function loadRevivers(): Promise<void> {
  loading ??= Promise.all([import('@skein/sync'), import('@skein/queue')]).then(
    ([sync, queue]) => void (revivers = { sync, queue }),
  );
  return loading;
}

/** Turns a handle made by `toShared()` back into the object it stands for; anything else as is. */
export function revive(arg: unknown): unknown {
  if (revivers === undefined || !revivers.sync.isSharedHandle(arg)) return arg;
  return arg.__skein === 'SharedQueue'
    ? revivers.queue.SharedQueue.fromShared(
        arg as Parameters<typeof Queue.SharedQueue.fromShared>[0],
      )
    : revivers.sync.fromShared(arg);
}
