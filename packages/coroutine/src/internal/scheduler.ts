/** Something to start on the next microtask. */
export interface Startable {
  start(): void;
}

const OWNER = Symbol.for('skein.ownerContext');
let queue: Startable[] = [];

function flush(): void {
  const batch = queue;
  queue = [];
  for (let i = 0; i < batch.length; i++) batch[i]!.start();
}

/**
 * Starts `job` on a microtask, as asyncio's `call_soon` starts a task on the next loop turn.
 * Jobs are batched into one microtask, unless another package (the RLock owner registry of
 * `@skein/sync`) tracks its own async context: then each job keeps its creator's context.
 */
export function scheduleStart(job: Startable): void {
  if ((globalThis as Record<symbol, unknown>)[OWNER] !== undefined) {
    queueMicrotask(() => job.start());
    return;
  }
  queue.push(job);
  if (queue.length === 1) queueMicrotask(flush);
}
