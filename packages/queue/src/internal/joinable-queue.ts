import type { QueueLike, ShutdownOptions, WaitOptions } from '../types.js';
import { QueueCore } from './queue-core.js';
import { checkWait } from './validate.js';
import type { Waiter } from './waiters.js';
import { WaiterList } from './waiters.js';

/** What `join` returns when nothing is unfinished: one settled promise, shared. */
const JOINED: Promise<boolean> = Promise.resolve(true);

function expireJoin(waiter: Waiter<boolean>): void {
  waiter.settle(false);
}

/**
 * A queue that counts unfinished tasks (Python's `Queue` with `task_done`/`join`): every item
 * put adds one, every `taskDone()` removes one, and `join()` waits for zero.
 */
export abstract class JoinableQueue<T> extends QueueCore<T> implements QueueLike<T> {
  private readonly joiners = new WaiterList<boolean>(expireJoin);

  /**
   * Marks one item taken with `get` as processed (Python's `task_done`). When every item put
   * so far is marked, waiting `join()` calls resolve. Throws `RangeError` when called more
   * times than items were put (Python's `ValueError`).
   *
   * @example
   * ```ts
   * import { Queue } from '@skein/queue';
   * const q = new Queue<string>();
   * q.putNowait('job');
   * const job = await q.get();
   * console.log(`did ${job}`);
   * q.taskDone();
   * await q.join(); // resolves: nothing unfinished
   * ```
   */
  taskDone(): void {
    if (this.unfinished === 0) {
      throw new RangeError(`${this.label}.taskDone: called more times than items were put`);
    }
    if (--this.unfinished === 0) this.joiners.settleAll(true);
  }

  /**
   * Waits until every item put has been marked with `taskDone()` (Python's `join`). Resolves
   * `true` then, or `false` when `timeout` runs out first; rejects with `signal.reason` when
   * `signal` aborts. An immediate `shutdown` stops counting the items it drops.
   *
   * @example
   * ```ts
   * import { Queue } from '@skein/queue';
   * const q = new Queue<number>();
   * void (async () => { for await (const n of q) console.log('handled', n); })();
   * for (const n of [1, 2, 3]) await q.put(n);
   * console.log(await q.join()); // true, after "handled 3"
   * q.shutdown();
   * ```
   */
  join(options?: WaitOptions): Promise<boolean> {
    const aborted = checkWait(options, this.label, 'join');
    if (aborted !== undefined) return aborted;
    if (this.unfinished === 0) return JOINED;
    return this.joiners.wait(options, undefined, undefined);
  }

  /**
   * Shuts the queue down (Python 3.13's `shutdown`): puts throw `QueueShutDown` from now
   * on, gets drain what is queued and then throw it. With `immediate: true` the queued items
   * are dropped and no longer count as unfinished, so `join()` resolves once the items
   * consumers still hold are marked done.
   *
   * @example
   * ```ts
   * import { Queue } from '@skein/queue';
   * const q = new Queue<number>();
   * q.putNowait(1);
   * q.putNowait(2);
   * q.shutdown({ immediate: true });
   * console.log(q.qsize(), await q.join()); // 0 true
   * ```
   */
  override shutdown(options?: ShutdownOptions): void {
    super.shutdown(options);
    if (this.unfinished === 0) this.joiners.settleAll(true);
  }
}
