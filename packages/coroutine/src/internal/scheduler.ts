/** Something the scheduler runs on a microtask: a task starting, or a generator step resuming. */
export interface Resumable {
  resume(step: number, value: unknown): void;
}

/** The `step` that asks a {@link Resumable} to start. */
export const START = -1;

/** Flat triples (job, step, value): one array instead of an object per entry. */
let queue: unknown[] = [];

function flush(): void {
  const batch = queue;
  queue = [];
  for (let i = 0; i < batch.length; i += 3) {
    (batch[i] as Resumable).resume(batch[i + 1] as number, batch[i + 2]);
  }
}

/**
 * Runs `job.resume(step, value)` on a microtask, as asyncio's `call_soon` runs a task's next
 * step on the next loop turn. Jobs are batched into one microtask (Node's `queueMicrotask`
 * makes an async resource per call), so each job must restore its own context.
 */
export function scheduleResume(job: Resumable, step: number, value: unknown): void {
  queue.push(job, step, value);
  if (queue.length === 3) queueMicrotask(flush);
}
