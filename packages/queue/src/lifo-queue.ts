import { JoinableQueue } from './internal/joinable-queue.js';
import { Stack } from './internal/stack.js';
import { readMaxsize } from './internal/validate.js';
import type { QueueOptions } from './types.js';

/**
 * A last-in, first-out queue, a stack (Python's `queue.LifoQueue`): `get` takes the item put
 * most recently. Everything else is as in {@link Queue}: `maxsize`, waiting with `timeout` and
 * `signal`, `taskDone()`/`join()`, `shutdown()`.
 *
 * @example
 * ```ts
 * import { LifoQueue } from '@skein/queue';
 * const q = new LifoQueue<string>();
 * for (const s of ['first', 'second', 'third']) q.putNowait(s);
 * console.log(q.getNowait(), q.getNowait(), q.getNowait()); // third second first
 * ```
 */
export class LifoQueue<T> extends JoinableQueue<T> {
  constructor(options?: QueueOptions) {
    super(new Stack<T>(), readMaxsize(options, 'LifoQueue'), 'LifoQueue');
  }
}
