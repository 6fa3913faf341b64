import { Deque } from './internal/deque.js';
import { QueueCore } from './internal/queue-core.js';
import type { QueueLike } from './types.js';

/**
 * An unbounded first-in, first-out queue without task tracking (Python's `queue.SimpleQueue`):
 * no `taskDone()`/`join()`, so nothing to forget to call. `put` never waits; `get` waits with
 * an optional `timeout` and `signal`; `shutdown()` and `for await` work as on {@link Queue}.
 *
 * @example
 * ```ts
 * import { SimpleQueue } from '@skein/queue';
 * const q = new SimpleQueue<string>();
 * setTimeout(() => q.putNowait('ping'), 10);
 * console.log(await q.get({ timeout: 1_000 })); // ping
 * ```
 */
export class SimpleQueue<T>
  extends QueueCore<T>
  implements Omit<QueueLike<T>, 'taskDone' | 'join'>
{
  constructor() {
    super(new Deque<T>(), 0, 'SimpleQueue');
  }
}
