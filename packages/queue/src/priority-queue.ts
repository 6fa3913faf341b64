import { JoinableQueue } from './internal/joinable-queue.js';
import { PriorityStore } from './internal/priority-store.js';
import { checkObject, describe, readMaxsize } from './internal/validate.js';
import type { PriorityPutOptions, PriorityQueueOptions } from './types.js';

/**
 * A queue that hands out the item with the lowest priority first (Python's
 * `queue.PriorityQueue`); equal priorities come out in the order they were put.
 *
 * Priorities come from one of three places:
 * - `put(item, { priority })`: a number, lower first;
 * - a `compare(a, b)` constructor option, ordering the items themselves;
 * - neither: the item is its own priority, ordered as Python orders it: numbers, bigints and
 *   strings by value, arrays element by element like tuples, so `put([2, 'write'])` works as
 *   `put((2, 'write'))` does in Python (objects inside arrays tie, and ties go to FIFO).
 *
 * An item that cannot be ordered (an object put without `priority` and without `compare`), a
 * `NaN` priority, or `priority` together with `compare` throws at the call. Everything else is
 * as in {@link Queue}.
 *
 * @example
 * ```ts
 * import { PriorityQueue } from '@skein/queue';
 * const q = new PriorityQueue<string>();
 * q.putNowait('eventually', { priority: 3 });
 * q.putNowait('now', { priority: 1 });
 * q.putNowait('soon', { priority: 2 });
 * q.putNowait('also now', { priority: 1 });
 * console.log(q.getNowait(), q.getNowait(), q.getNowait(), q.getNowait()); // now also now soon eventually
 *
 * const tuples = new PriorityQueue<[number, string]>();
 * tuples.putNowait([20, 'a']);
 * tuples.putNowait([10, 'b']);
 * console.log(tuples.getNowait()); // [ 10, 'b' ]
 * ```
 */
export class PriorityQueue<T> extends JoinableQueue<T> {
  private readonly order: PriorityStore<T>;

  constructor(options?: PriorityQueueOptions<T>) {
    const order = new PriorityStore<T>(readCompare(options));
    super(order, readMaxsize(options, 'PriorityQueue'), 'PriorityQueue');
    this.order = order;
  }

  /**
   * Puts `item` with an optional `priority` (lower first), waiting while the queue is full; see
   * {@link Queue.put} for waiting, timeouts and errors.
   *
   * @example
   * ```ts
   * import { PriorityQueue } from '@skein/queue';
   * const q = new PriorityQueue<string>();
   * await q.put('low', { priority: 9 });
   * await q.put('high', { priority: 0 });
   * console.log(await q.get()); // high
   * ```
   */
  override put(item: T, options?: PriorityPutOptions): Promise<void> {
    this.order.check(item, options?.priority, 'PriorityQueue.put');
    return this.enqueue(item, options?.priority, options, 'put');
  }

  /**
   * Puts `item` with an optional `priority` only if that needs no wait; see
   * {@link Queue.putNowait}.
   *
   * @example
   * ```ts
   * import { PriorityQueue } from '@skein/queue';
   * const q = new PriorityQueue<string>();
   * q.putNowait('b', { priority: 2 });
   * q.putNowait('a', { priority: 1 });
   * console.log(q.getNowait()); // a
   * ```
   */
  override putNowait(item: T, options?: Pick<PriorityPutOptions, 'priority'>): void {
    if (options !== undefined) checkObject(options, 'PriorityQueue.putNowait');
    this.order.check(item, options?.priority, 'PriorityQueue.putNowait');
    this.enqueueNowait(item, options?.priority);
  }
}

function readCompare<T>(
  options: PriorityQueueOptions<T> | undefined,
): ((a: T, b: T) => number) | undefined {
  if (options === undefined) return undefined;
  checkObject(options, 'PriorityQueue');
  const { compare } = options;
  if (compare !== undefined && typeof compare !== 'function') {
    throw new TypeError(
      `PriorityQueue: options.compare must be a function, got ${describe(compare)}`,
    );
  }
  return compare;
}
