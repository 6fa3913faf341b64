import { Deque } from './internal/deque.js';
import { JoinableQueue } from './internal/joinable-queue.js';
import { readMaxsize } from './internal/validate.js';
import type { QueueOptions } from './types.js';

/**
 * A first-in, first-out queue between async tasks in one thread (Python's `queue.Queue` and
 * `asyncio.Queue`). Optionally bounded: with `maxsize` > 0, `put` waits while it is full.
 * Tracks unfinished tasks for `taskDone()`/`join()`, and supports Python 3.13's `shutdown()`.
 *
 * Calls that need no wait settle at once without allocating timers; waiting puts and gets are
 * served in FIFO order, each with an optional `timeout` and `signal`. Throws `RangeError` or
 * `TypeError` at the call for a bad `maxsize`.
 *
 * @example
 * ```ts
 * import { Queue } from '@skein/queue';
 * const q = new Queue<number>({ maxsize: 2 });
 * const consumer = (async () => {
 *   for await (const n of q) console.log('got', n); // calls taskDone() for each
 * })();
 * for (let n = 1; n <= 5; n++) await q.put(n); // waits while 2 are queued
 * await q.join(); // every item processed
 * q.shutdown();
 * await consumer;
 * ```
 */
export class Queue<T> extends JoinableQueue<T> {
  constructor(options?: QueueOptions) {
    super(new Deque<T>(), readMaxsize(options, 'Queue'), 'Queue');
  }
}
