/*
 * Errors thrown by `@skein/queue`, Python's `queue.Full`, `queue.Empty` and `queue.ShutDown`.
 * Each has a stable `name` and `code`; branch on either (or on `instanceof`). They carry the
 * brand every Skein error carries, so `isSkeinError(e, 'ERR_QUEUE_FULL')` from `@skein/sync`
 * recognises them too, even across two copies of the package.
 *
 * Misuse is not a queue error: bad arguments throw `TypeError`/`RangeError` at the call, and
 * `taskDone()` called once too often throws `RangeError` (Python's `ValueError`).
 */
const brand = Symbol.for('skein.error');

/** The part every queue error shares: a `code` and the Skein brand. */
abstract class QueueError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    Object.defineProperty(this, brand, { value: true });
  }
}

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
export class QueueFull extends QueueError {
  override readonly name = 'QueueFull';
  readonly code = 'ERR_QUEUE_FULL';
  constructor(message = 'the queue is full', options?: ErrorOptions) {
    super(message, options);
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
export class QueueEmpty extends QueueError {
  override readonly name = 'QueueEmpty';
  readonly code = 'ERR_QUEUE_EMPTY';
  constructor(message = 'the queue is empty', options?: ErrorOptions) {
    super(message, options);
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
export class QueueShutDown extends QueueError {
  override readonly name = 'QueueShutDown';
  readonly code = 'ERR_QUEUE_SHUT_DOWN';
  constructor(message = 'the queue is shut down', options?: ErrorOptions) {
    super(message, options);
  }
}
