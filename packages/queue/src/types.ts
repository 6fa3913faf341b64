/**
 * What every call that can wait accepts.
 *
 * @example
 * ```ts
 * import { Queue, type WaitOptions } from '@skein/queue';
 * const q = new Queue<number>();
 * const opts: WaitOptions = { timeout: 50, signal: new AbortController().signal };
 * await q.get(opts).catch((e: Error) => console.log(e.name)); // QueueEmpty
 * ```
 */
export interface WaitOptions {
  /** Give up after this many milliseconds (>= 0; 0 means "only if it needs no wait", Infinity waits forever). Omitted: wait forever. */
  readonly timeout?: number | undefined;
  /** Give up when this signal aborts: the call rejects with `signal.reason` and changes nothing. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Options of the queue constructors.
 *
 * @example
 * ```ts
 * import { Queue, type QueueOptions } from '@skein/queue';
 * const opts: QueueOptions = { maxsize: 100 };
 * console.log(new Queue<string>(opts).maxsize); // 100
 * ```
 */
export interface QueueOptions {
  /** How many items the queue holds before `put` waits: an integer >= 0, where 0 (the default) means unbounded. */
  readonly maxsize?: number | undefined;
}

/**
 * Options of {@link QueueLike.shutdown}.
 *
 * @example
 * ```ts
 * import { Queue, type ShutdownOptions } from '@skein/queue';
 * const q = new Queue<number>();
 * const opts: ShutdownOptions = { immediate: true };
 * q.shutdown(opts);
 * ```
 */
export interface ShutdownOptions {
  /** Also drop every item still queued, so gets throw `QueueShutDown` at once and `join()` stops waiting for them. Default `false`. */
  readonly immediate?: boolean | undefined;
}

/**
 * Options of `PriorityQueue.put`: the wait options plus the item's priority.
 *
 * @example
 * ```ts
 * import { PriorityQueue, type PriorityPutOptions } from '@skein/queue';
 * const q = new PriorityQueue<string>();
 * const urgent: PriorityPutOptions = { priority: 0, timeout: 100 };
 * await q.put('later', { priority: 5 });
 * await q.put('now', urgent);
 * console.log(q.getNowait()); // now
 * ```
 */
export interface PriorityPutOptions extends WaitOptions {
  /** Lower comes out first; equal priorities come out in the order they were put. Omitted: the item is its own priority. */
  readonly priority?: number | undefined;
}

/**
 * Options of the `PriorityQueue` constructor.
 *
 * @example
 * ```ts
 * import { PriorityQueue, type PriorityQueueOptions } from '@skein/queue';
 * interface Job { deadline: number; name: string }
 * const opts: PriorityQueueOptions<Job> = { compare: (a, b) => a.deadline - b.deadline };
 * const q = new PriorityQueue<Job>(opts);
 * q.putNowait({ deadline: 20, name: 'b' });
 * q.putNowait({ deadline: 10, name: 'a' });
 * console.log(q.getNowait().name); // a
 * ```
 */
export interface PriorityQueueOptions<T> extends QueueOptions {
  /**
   * Orders items instead of `{ priority }`: negative when `a` comes out before `b`, positive
   * after, 0 when equal (equal items come out in the order they were put). It must not throw.
   */
  readonly compare?: ((a: T, b: T) => number) | undefined;
}

/**
 * The one interface every Skein queue satisfies: the in-thread queues here, and the queues
 * between threads, processes and machines. Code written against it works with any of them.
 *
 * Members that a remote queue answers over the network may return a promise; `await` them in
 * code written against `QueueLike`. The in-thread queues answer synchronously and their own
 * types say so.
 *
 * @example
 * ```ts
 * import { LifoQueue, Queue, type QueueLike } from '@skein/queue';
 * async function drain<T>(q: QueueLike<T>): Promise<T[]> {
 *   await q.shutdown();
 *   const out: T[] = [];
 *   for await (const item of q) out.push(item);
 *   return out;
 * }
 * const fifo = new Queue<number>(), lifo = new LifoQueue<number>();
 * for (const q of [fifo, lifo]) for (const n of [1, 2, 3]) q.putNowait(n);
 * console.log(await drain(fifo), await drain(lifo)); // [ 1, 2, 3 ] [ 3, 2, 1 ]
 * ```
 */
export interface QueueLike<T> {
  /** How many items the queue holds before `put` waits; 0 means unbounded. */
  readonly maxsize: number;
  /** Puts `item`, waiting while the queue is full. Rejects with `QueueFull` on timeout, `QueueShutDown` once shut down. */
  put(item: T, options?: WaitOptions): Promise<void>;
  /** Takes the next item, waiting while the queue is empty. Rejects with `QueueEmpty` on timeout, `QueueShutDown` once shut down and empty. */
  get(options?: WaitOptions): Promise<T>;
  /** Puts `item` only if that needs no wait; throws `QueueFull` otherwise. */
  putNowait(item: T): void | Promise<void>;
  /** Takes the next item only if one is there; throws `QueueEmpty` otherwise. */
  getNowait(): T | Promise<T>;
  /** Marks one item taken with `get` as processed; throws `RangeError` when called more times than items were put. */
  taskDone(): void | Promise<void>;
  /** Waits until every item put has been marked with `taskDone()`; `false` if the timeout ran out first. */
  join(options?: WaitOptions): Promise<boolean>;
  /** How many items are queued now. */
  qsize(): number | Promise<number>;
  /** Whether no item is queued now. */
  empty(): boolean | Promise<boolean>;
  /** Whether a put would have to wait now. */
  full(): boolean | Promise<boolean>;
  /** Stops the queue (Python 3.13): later puts throw `QueueShutDown`; gets do too once it is empty. */
  shutdown(options?: ShutdownOptions): void | Promise<void>;
  /** Yields items until the queue is shut down and drained, calling `taskDone()` for each item when the loop asks for the next one or exits. */
  [Symbol.asyncIterator](): AsyncIterator<T>;
}
