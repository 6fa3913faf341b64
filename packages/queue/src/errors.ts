/*
 * Errors thrown by `@skein/queue`, Python's `queue.Full`, `queue.Empty` and `queue.ShutDown`.
 * Each has a stable `name` and `code`; branch on either (or on `instanceof`). They extend
 * `@skein/sync`'s `SkeinError`, so they carry the brand every Skein error carries:
 * `isSkeinError(e, 'ERR_QUEUE_FULL')` recognises them, and `instanceof` holds across two copies
 * of the package (by brand and name).
 *
 * Misuse is not a queue error: bad arguments throw `TypeError`/`RangeError` at the call, and
 * `taskDone()` called once too often throws `RangeError` (Python's `ValueError`).
 */
import { SkeinError } from '@skein/sync';

export { SkeinError, isSkeinError } from '@skein/sync';

/**
 * A put found the queue full: `putNowait()` on a full queue, or `put()` whose `timeout` ran out
 * before a slot freed up (Python's `queue.Full`).
 *
 * @example
 * ```ts
 * import { Queue, QueueFull } from '@skein/queue';
 * const q = new Queue<number>({ maxsize: 1 });
 * q.putNowait(1);
 * try { q.putNowait(2); } catch (e) { console.log(e instanceof QueueFull, (e as QueueFull).code); } // true ERR_QUEUE_FULL
 * await q.put(2, { timeout: 10 }).catch((e: Error) => console.log(e.name)); // QueueFull
 * ```
 */
export class QueueFull extends SkeinError {
  override readonly name = 'QueueFull';
  declare readonly code: 'ERR_QUEUE_FULL';
  constructor(message = 'the queue is full', options?: ErrorOptions) {
    super(message, 'ERR_QUEUE_FULL', options);
  }
}

/**
 * A get found the queue empty: `getNowait()` on an empty queue, or `get()` whose `timeout` ran
 * out before an item arrived (Python's `queue.Empty`).
 *
 * @example
 * ```ts
 * import { Queue, QueueEmpty } from '@skein/queue';
 * const q = new Queue<number>();
 * try { q.getNowait(); } catch (e) { console.log(e instanceof QueueEmpty, (e as QueueEmpty).code); } // true ERR_QUEUE_EMPTY
 * await q.get({ timeout: 10 }).catch((e: Error) => console.log(e.name)); // QueueEmpty
 * ```
 */
export class QueueEmpty extends SkeinError {
  override readonly name = 'QueueEmpty';
  declare readonly code: 'ERR_QUEUE_EMPTY';
  constructor(message = 'the queue is empty', options?: ErrorOptions) {
    super(message, 'ERR_QUEUE_EMPTY', options);
  }
}

/**
 * The queue was shut down (Python 3.13's `queue.ShutDown`): every put after `shutdown()` throws
 * it, waiting puts are rejected with it, and gets throw it once the queue is empty (at once after
 * `shutdown({ immediate: true })`, which drops what was left).
 *
 * @example
 * ```ts
 * import { Queue, QueueShutDown } from '@skein/queue';
 * const q = new Queue<string>();
 * q.putNowait('last');
 * q.shutdown();
 * console.log(await q.get()); // last
 * await q.get().catch((e) => console.log(e instanceof QueueShutDown)); // true
 * ```
 */
export class QueueShutDown extends SkeinError {
  override readonly name = 'QueueShutDown';
  declare readonly code: 'ERR_QUEUE_SHUT_DOWN';
  constructor(message = 'the queue is shut down', options?: ErrorOptions) {
    super(message, 'ERR_QUEUE_SHUT_DOWN', options);
  }
}

/**
 * A `SharedQueue` can no longer be used: one of its internal locks has been held for over
 * 10 s, which only happens when a thread was terminated (`worker.terminate()`) in the middle of
 * a call on the queue. Every later call that needs that lock throws it rather than freezing.
 *
 * @example
 * ```ts
 * import { BrokenQueueError, isSkeinError } from '@skein/queue';
 * const e = new BrokenQueueError('an internal lock has been held for over 10 s');
 * console.log(e.code, isSkeinError(e, 'ERR_BROKEN_QUEUE')); // ERR_BROKEN_QUEUE true
 * ```
 */
export class BrokenQueueError extends SkeinError {
  override readonly name = 'BrokenQueueError';
  declare readonly code: 'ERR_BROKEN_QUEUE';
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'ERR_BROKEN_QUEUE', options);
  }
}
