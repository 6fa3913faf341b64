import { QueueEmpty, QueueFull, QueueShutDown } from '../errors.js';
import type { ShutdownOptions, WaitOptions } from '../types.js';
import { QueueIterator } from './iterator.js';
import type { Store } from './store.js';
import { checkObject, checkWait, describe } from './validate.js';
import type { Waiter } from './waiters.js';
import { WaiterList } from './waiters.js';

/** What `put` returns when it did not wait: one settled promise, shared, so the fast path allocates nothing. */
const PUT: Promise<void> = Promise.resolve();

function expireGet(waiter: Pick<Waiter<unknown>, 'fail'>): void {
  waiter.fail(new QueueEmpty());
}

function expirePut(waiter: Pick<Waiter<unknown>, 'fail'>): void {
  waiter.fail(new QueueFull());
}

function shutDown(): QueueShutDown {
  return new QueueShutDown();
}

/**
 * The machinery every in-thread queue shares, around a {@link Store} that decides the order
 * (Python's `queue.Queue` with its `_put`/`_get`): bounded puts, waiting gets, shutdown.
 *
 * Invariants: a get waits only while the store is empty, and a put only while it is full. So a
 * put first hands its item straight to the oldest waiting get, and a get that frees a slot
 * moves the oldest waiting put's item in at once: a woken waiter never has to race for its item
 * or slot, and waiters are served strictly FIFO. Calls that need no wait settle synchronously
 * (the promise is already resolved when returned); timers and abort listeners exist only while
 * a call actually waits.
 */
export abstract class QueueCore<T> {
  /**
   * How many items the queue holds before `put` waits; 0 means unbounded.
   *
   * @example
   * ```ts
   * import { Queue } from '@skein/queue';
   * console.log(new Queue({ maxsize: 3 }).maxsize, new Queue().maxsize); // 3 0
   * ```
   */
  readonly maxsize: number;
  /** Items put and not yet marked done (Python's `unfinished_tasks`). */
  protected unfinished = 0;
  private closed = false;
  private readonly getters = new WaiterList<T>(expireGet);
  private readonly putters = new WaiterList<void, T>(expirePut);

  protected constructor(
    private readonly store: Store<T>,
    maxsize: number,
    /** The class name, for error messages. */
    protected readonly label: string,
  ) {
    this.maxsize = maxsize;
  }

  /**
   * Puts `item` into the queue, waiting while the queue is full. Puts that wait are
   * served in the order they were called.
   *
   * Rejects with {@link QueueFull} when `timeout` runs out first, with {@link QueueShutDown}
   * once the queue is shut down (also while waiting), and with `signal.reason` when `signal`
   * aborts; a put that rejects inserted nothing. Bad options throw at the call.
   *
   * @example
   * ```ts
   * import { Queue } from '@skein/queue';
   * const q = new Queue<string>({ maxsize: 1 });
   * await q.put('a'); // room: resolves at once
   * const waiting = q.put('b'); // full: waits for a get
   * console.log(await q.get(), q.qsize()); // a 1 ('b' moved in when 'a' left)
   * await waiting;
   * await q.put('c', { timeout: 10 }).catch((e: Error) => console.log(e.name)); // QueueFull
   * ```
   */
  put(item: T, options?: WaitOptions): Promise<void> {
    return this.enqueue(item, undefined, options, 'put');
  }

  /**
   * Puts `item` only if that needs no wait (Python's `put_nowait`). Throws {@link QueueFull}
   * when the queue is full, {@link QueueShutDown} once it is shut down.
   *
   * @example
   * ```ts
   * import { Queue } from '@skein/queue';
   * const q = new Queue<number>({ maxsize: 1 });
   * q.putNowait(1);
   * try { q.putNowait(2); } catch (e) { console.log((e as Error).name); } // QueueFull
   * ```
   */
  putNowait(item: T): void {
    this.enqueueNowait(item, undefined);
  }

  /**
   * Takes the next item, waiting while the queue is empty. Gets that wait are served in the
   * order they were called, each handed its own item.
   *
   * Rejects with {@link QueueEmpty} when `timeout` runs out first, with {@link QueueShutDown}
   * once the queue is shut down and empty (at once after `shutdown({ immediate: true })`), and
   * with `signal.reason` when `signal` aborts; a get that rejects took nothing. Bad options
   * throw at the call.
   *
   * @example
   * ```ts
   * import { Queue } from '@skein/queue';
   * const q = new Queue<number>();
   * const next = q.get(); // empty: waits for a put
   * q.putNowait(42);
   * console.log(await next); // 42
   * const ac = new AbortController();
   * const aborted = q.get({ signal: ac.signal });
   * ac.abort(new Error('stop'));
   * await aborted.catch((e: Error) => console.log(e.message)); // stop
   * ```
   */
  get(options?: WaitOptions): Promise<T> {
    const aborted = checkWait(options, this.label, 'get');
    if (aborted !== undefined) return aborted;
    if (this.store.size > 0) return Promise.resolve(this.take());
    if (this.closed) return Promise.reject(new QueueShutDown());
    return this.getters.wait(options, undefined, undefined);
  }

  /**
   * Takes the next item only if one is there (Python's `get_nowait`). Throws
   * {@link QueueEmpty} when the queue is empty, {@link QueueShutDown} when it is also shut down.
   *
   * @example
   * ```ts
   * import { Queue } from '@skein/queue';
   * const q = new Queue<number>();
   * q.putNowait(1);
   * console.log(q.getNowait()); // 1
   * try { q.getNowait(); } catch (e) { console.log((e as Error).name); } // QueueEmpty
   * ```
   */
  getNowait(): T {
    if (this.store.size > 0) return this.take();
    throw this.closed ? new QueueShutDown() : new QueueEmpty();
  }

  /**
   * How many items are queued now (not counting puts still waiting for room).
   *
   * @example
   * ```ts
   * import { Queue } from '@skein/queue';
   * const q = new Queue<string>();
   * q.putNowait('x');
   * console.log(q.qsize()); // 1
   * ```
   */
  qsize(): number {
    return this.store.size;
  }

  /**
   * Whether no item is queued now.
   *
   * @example
   * ```ts
   * import { Queue } from '@skein/queue';
   * console.log(new Queue().empty()); // true
   * ```
   */
  empty(): boolean {
    return this.store.size === 0;
  }

  /**
   * Whether the queue holds `maxsize` items, so a put would have to wait. Never true when
   * unbounded.
   *
   * @example
   * ```ts
   * import { Queue } from '@skein/queue';
   * const q = new Queue<number>({ maxsize: 1 });
   * q.putNowait(1);
   * console.log(q.full()); // true
   * ```
   */
  full(): boolean {
    return this.maxsize > 0 && this.store.size >= this.maxsize;
  }

  /**
   * Shuts the queue down (Python 3.13's `shutdown`). Puts from now on throw
   * {@link QueueShutDown} and waiting puts reject with it (their items are not inserted).
   * Gets keep taking what is queued and throw `QueueShutDown` once the queue is empty; gets
   * waiting on an empty queue reject with it now. With `immediate: true` the queued items are
   * dropped too, so every get throws at once, and they no longer count for `join()`.
   * Calling it again is harmless (and can make a shutdown immediate).
   *
   * @example
   * ```ts
   * import { Queue } from '@skein/queue';
   * const q = new Queue<number>();
   * q.putNowait(1);
   * q.shutdown();
   * console.log(await q.get()); // 1: queued items still come out
   * await q.put(2).catch((e: Error) => console.log(e.name)); // QueueShutDown
   * ```
   */
  shutdown(options?: ShutdownOptions): void {
    let immediate = false;
    if (options !== undefined) {
      checkObject(options, `${this.label}.shutdown`);
      const value = options.immediate;
      if (value !== undefined && typeof value !== 'boolean') {
        throw new TypeError(
          `${this.label}.shutdown: options.immediate must be a boolean, got ${describe(value)}`,
        );
      }
      immediate = value === true;
    }
    this.closed = true;
    if (immediate) {
      this.unfinished = Math.max(0, this.unfinished - this.store.size);
      this.store.clear();
    }
    this.putters.failAll(shutDown);
    this.getters.failAll(shutDown);
  }

  /**
   * Iterates the queue with `for await`: yields items until the queue is shut down and drained.
   * On a queue that tracks tasks, the item yielded last is marked with `taskDone()` when the
   * loop asks for the next one or exits (`break`, `return` or a throw), so a producer's
   * `join()` sees each item done once the loop body ran for it.
   *
   * @example
   * ```ts
   * import { Queue } from '@skein/queue';
   * const q = new Queue<string>();
   * q.putNowait('a');
   * q.putNowait('b');
   * q.shutdown();
   * for await (const item of q) console.log(item); // a, then b
   * await q.join(); // both were marked done by the loop
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<T, undefined, undefined> {
    // Queues that track tasks (`JoinableQueue`) have `taskDone`, which the iterator calls.
    return new QueueIterator<T>(this);
  }

  /** `put` with the item's priority (for `PriorityQueue`, already checked). */
  protected enqueue(
    item: T,
    priority: number | undefined,
    options: WaitOptions | undefined,
    method: string,
  ): Promise<void> {
    const aborted = checkWait(options, this.label, method);
    if (aborted !== undefined) return aborted;
    if (this.closed) return Promise.reject(new QueueShutDown());
    if (this.offer(item, priority)) return PUT;
    return this.putters.wait(options, item, priority);
  }

  /** `putNowait` with the item's priority (for `PriorityQueue`, already checked). */
  protected enqueueNowait(item: T, priority: number | undefined): void {
    if (this.closed) throw new QueueShutDown();
    if (!this.offer(item, priority)) throw new QueueFull();
  }

  /** Accepts `item` if that needs no wait: hands it to the oldest waiting get, or stores it. */
  private offer(item: T, priority: number | undefined): boolean {
    const getter = this.getters.head;
    if (getter !== null) {
      this.unfinished++;
      getter.settle(item);
      return true;
    }
    if (this.maxsize > 0 && this.store.size >= this.maxsize) return false;
    this.store.add(item, priority);
    this.unfinished++;
    return true;
  }

  /** Takes the next stored item and lets the oldest waiting put, if any, into the freed slot. */
  private take(): T {
    const item = this.store.take();
    const putter = this.putters.head;
    if (putter !== null) {
      this.store.add(putter.item, putter.priority);
      this.unfinished++;
      putter.settle(undefined);
    }
    return item;
  }
}
