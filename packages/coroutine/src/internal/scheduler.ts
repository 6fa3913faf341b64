/** Something the scheduler runs on a microtask: a task starting, or a generator step resuming. */
export interface Resumable {
  resume(step: number, value: unknown): void;
}

/** The `step` that asks a {@link Resumable} to start. */
export const START = -1;
/** The `step` that asks a generator task to throw its `CancelledError` at its current `yield`. */
export const CANCEL = -2;

/**
 * Another package's async context to carry across a batch: `@skein/sync` keeps its lock
 * scopes in its own AsyncLocalStorage and publishes this pair in its owner registry (see its
 * internal/context.ts).
 */
interface ContextCarrier {
  capture(): unknown;
  restore(saved: unknown): void;
}

const carrierKey = Symbol.for('skein.ownerContext.v1');

let carrierFound: ContextCarrier | undefined;

/** The carrier, once `@skein/sync` is loaded (it may load after this package). */
function carrier(): ContextCarrier | undefined {
  return (carrierFound ??= findCarrier());
}

function findCarrier(): ContextCarrier | undefined {
  const c = (globalThis as Record<symbol, unknown>)[carrierKey] as
    Partial<ContextCarrier> | undefined;
  return typeof c?.capture === 'function' && typeof c.restore === 'function'
    ? (c as ContextCarrier)
    : undefined;
}

/**
 * Flat quadruples (job, step, value, carried context): one array instead of an object per entry.
 * Two arrays take turns: one collects jobs while the other's batch runs; a batch that has run is
 * emptied slot by slot (its capacity kept) and collects the next. A burst of 100k new tasks
 * regrew a fresh array from empty every turn: ~110 bytes of garbage per task.
 */
let queue: unknown[] = [];
let spare: unknown[] = [];
let queued = 0;

function flush(): void {
  const batch = queue;
  const end = queued;
  queue = spare;
  queued = 0;
  const c = carrier();
  let failure: { error: unknown } | undefined;
  for (let i = 0; i < end; i += 4) {
    try {
      c?.restore(batch[i + 3]);
      (batch[i] as Resumable).resume(batch[i + 1] as number, batch[i + 2]);
    } catch (error) {
      // Only an internal listener can throw here (work errors are caught by the task): the rest
      // of the batch still runs, then the error surfaces.
      failure ??= { error };
    }
  }
  batch.fill(undefined, 0, end);
  spare = batch;
  if (failure !== undefined) throw failure.error;
}

/**
 * Runs `job.resume(step, value)` on a microtask, as asyncio's `call_soon` runs a task's next
 * step on the next loop turn. Jobs are batched into one microtask (Node's `queueMicrotask`
 * makes an async resource per call), so each job restores its own context: the task enters
 * its own, and another package's is carried from here (see {@link ContextCarrier}), or left
 * empty without `carry`.
 */
export function scheduleResume(job: Resumable, step: number, value: unknown, carry = true): void {
  const at = queued;
  queued += 4;
  queue[at] = job;
  queue[at + 1] = step;
  queue[at + 2] = value;
  queue[at + 3] = carry ? carrier()?.capture() : undefined;
  if (at === 0) queueMicrotask(flush);
}
