import { QueueEmpty, QueueFull, QueueShutDown } from './errors.js';
import { Encoded, decode, encode } from './internal/codec.js';
import { QueueIterator } from './internal/iterator.js';
import { GetPump, PutPump } from './internal/pump.js';
import type { Waiter } from './internal/waiters.js';
import {
  CLOSED,
  JOIN_SEQ,
  NOTHING,
  OPEN,
  PUBLISHED,
  Ring,
  recordBytes,
} from './internal/shared-ring.js';
import { type Parking, waitSeq } from './internal/seq-wait.js';
import { linkToCurrentTask } from '@skein/sync';
import { startTimer, stopTimer } from '@skein/sync/timers';
import { checkObject, checkWait, describe, readMaxsize } from './internal/validate.js';
import type { QueueLike, QueueOptions, ShutdownOptions, WaitOptions } from './types.js';

/** A `join()` in progress: how to stop its park, and the Task cancellation that ended it, if any. */
interface JoinWait {
  readonly parking: Parking;
  cancelled: Error | undefined;
  unlink: (() => void) | undefined;
}

const LABEL = 'SharedQueue';
/** The default byte capacity: 1 MiB. */
const DEFAULT_CAPACITY = 1 << 20;
const MIN_CAPACITY = 16;
const MAX_CAPACITY = 1 << 30;
/** The largest `maxsize`: the ring counts its records in int32 words. */
const MAX_ITEMS = 2 ** 31 - 1;

const PUT: Promise<void> = Promise.resolve();
const JOINED: Promise<boolean> = Promise.resolve(true);

function expireGet(waiter: Pick<Waiter<unknown>, 'fail'>): void {
  waiter.fail(new QueueEmpty());
}

function expirePut(waiter: Pick<Waiter<unknown>, 'fail'>): void {
  waiter.fail(new QueueFull());
}

/**
 * Options of the {@link SharedQueue} constructor.
 *
 * @example
 * ```ts
 * import { SharedQueue, type SharedQueueOptions } from '@skein/queue';
 * const opts: SharedQueueOptions = { maxsize: 1000, capacity: 64 * 1024 };
 * const q = new SharedQueue<string>(opts);
 * console.log(q.maxsize, q.capacity); // 1000 65536
 * ```
 */
export interface SharedQueueOptions extends QueueOptions {
  /**
   * Bytes of shared memory for queued items (default 1 MiB, from 16 bytes to 1 GiB, rounded up
   * to a multiple of 4). `put` also waits while the items would not fit; an item whose record
   * (its encoded bytes plus a 5-byte header, padded to 4) exceeds it is refused with `RangeError`.
   */
  readonly capacity?: number | undefined;
}

/**
 * The plain, structured-cloneable form in which a {@link SharedQueue} crosses to another
 * thread: made by `toShared()`, revived by `SharedQueue.fromShared()`.
 *
 * @example
 * ```ts
 * import { SharedQueue, type SharedQueueHandle } from '@skein/queue';
 * const handle: SharedQueueHandle = new SharedQueue<number>().toShared();
 * console.log(handle.__skein, handle.buffer instanceof SharedArrayBuffer); // SharedQueue true
 * ```
 */
export interface SharedQueueHandle {
  readonly __skein: 'SharedQueue';
  readonly buffer: SharedArrayBuffer;
}

/**
 * A first-in, first-out queue between worker threads (Python's `multiprocessing.Queue` for
 * threads): items are structured-cloned into a ring buffer on a `SharedArrayBuffer`, so any
 * thread holding the queue can put and get, with the whole `QueueLike` contract: waiting
 * `put`/`get` with `{ timeout, signal }`, `taskDone`/`join` and Python 3.13's `shutdown`
 * counted across every thread.
 *
 * Send it to a worker with `q.toShared()` (in `workerData` or a message) and revive it there
 * with `SharedQueue.fromShared(handle)`. Bounded by `maxsize` items (0: only by bytes) and by
 * `capacity` bytes. Waiting never blocks the event loop (`Atomics.waitAsync`); a waiting call
 * keeps its thread alive. An item that cannot be cloned throws a `DataCloneError` (a
 * `DOMException`, as `structuredClone` throws) at `put`, and one too large for `capacity` a
 * `RangeError`; both synchronously, inserting nothing. Items come out as clones: class
 * instances as plain objects, typed arrays as copies of their view's bytes (a `Buffer` as a
 * `Uint8Array`); `SharedArrayBuffer`s and transferables cannot be sent, nor can `@skein/sync`
 * objects or other SharedQueues (a `DataCloneError` that says how to hand them over instead).
 *
 * Waiters within one thread are served in FIFO order; across threads a woken waiter may lose
 * to a newer call. The ring's internal mutexes are held only while one record is copied; a call
 * that meets another thread's copy in progress waits that long synchronously (spinning, then
 * `Atomics.wait`), which is the only time any call blocks its thread. A thread terminated in
 * the middle of such a copy leaves the queue broken (as with any lock; calls then fail after
 * 10 s), so end workers by shutting the queue down or with a message, not `terminate()`.
 *
 * @example
 * ```ts
 * import { SharedQueue } from '@skein/queue';
 * const q = new SharedQueue<{ id: number; tags: string[] }>({ maxsize: 100 });
 * await q.put({ id: 1, tags: ['a'] });
 * const same = SharedQueue.fromShared<{ id: number; tags: string[] }>(q.toShared()); // as a worker would
 * console.log(await same.get()); // { id: 1, tags: [ 'a' ] }
 * same.taskDone();
 * await q.join();
 * ```
 */
export class SharedQueue<T> implements QueueLike<T> {
  /**
   * How many items the queue holds before `put` waits; 0 means no item limit (only bytes).
   *
   * @example
   * ```ts
   * import { SharedQueue } from '@skein/queue';
   * console.log(new SharedQueue({ maxsize: 3 }).maxsize); // 3
   * ```
   */
  readonly maxsize: number;
  /**
   * Bytes of shared memory for queued items.
   *
   * @example
   * ```ts
   * import { SharedQueue } from '@skein/queue';
   * console.log(new SharedQueue().capacity); // 1048576
   * ```
   */
  readonly capacity: number;
  private readonly ring: Ring;
  private readonly scratch = new Encoded();
  private readonly putters: PutPump;
  private readonly getters: GetPump<T>;

  constructor(options?: SharedQueueOptions);
  /** @internal */
  constructor(options: undefined, from: SharedQueueHandle);
  constructor(options?: SharedQueueOptions, from?: SharedQueueHandle) {
    if (from === undefined) {
      const maxsize = readMaxsize(options, `new ${LABEL}()`);
      if (maxsize > MAX_ITEMS) {
        throw new RangeError(
          `new ${LABEL}(): options.maxsize must be at most ${MAX_ITEMS}, got ${maxsize}`,
        );
      }
      const capacity = readCapacity(options);
      this.ring = new Ring(Ring.allocate(capacity, maxsize), MAX_ITEMS);
    } else {
      this.ring = new Ring(from.buffer, MAX_ITEMS);
    }
    this.maxsize = this.ring.maxsize;
    this.capacity = this.ring.capacity;
    this.putters = new PutPump(this.ring, expirePut);
    this.getters = new GetPump<T>(this.ring, expireGet);
  }

  /**
   * Revives a queue sent from another thread with `toShared()`: both objects then work on the
   * same items. Throws `TypeError` for anything but such a handle.
   *
   * @example
   * ```ts
   * import { SharedQueue } from '@skein/queue';
   * const q = new SharedQueue<string>();
   * q.putNowait('hi');
   * console.log(SharedQueue.fromShared<string>(q.toShared()).getNowait()); // hi
   * ```
   */
  static fromShared<T>(handle: SharedQueueHandle): SharedQueue<T> {
    checkHandle(handle);
    return new SharedQueue<T>(undefined, handle);
  }

  /**
   * The plain object that carries this queue to another thread (see {@link SharedQueue.fromShared}).
   *
   * @example
   * ```ts
   * import { once } from 'node:events';
   * import { Worker } from 'node:worker_threads';
   * import { SharedQueue } from '@skein/queue';
   * const q = new SharedQueue<number>();
   * // A real worker would import @skein/queue and call SharedQueue.fromShared(workerData).
   * const worker = new Worker(
   *   `const { parentPort, workerData } = require('node:worker_threads');
   *    parentPort.postMessage(workerData.__skein);`,
   *   { eval: true, workerData: q.toShared() },
   * );
   * const [kind] = await once(worker, 'message');
   * console.log(kind); // SharedQueue
   * ```
   */
  toShared(): SharedQueueHandle {
    return { __skein: 'SharedQueue', buffer: this.ring.buffer };
  }

  /**
   * Puts a clone of `item` into the queue, waiting while it holds `maxsize` items or the item
   * does not fit in the free bytes. Puts of this object that wait are served in call order.
   *
   * Throws at the call (inserting nothing) a `DataCloneError` when `item` cannot be cloned, a
   * `RangeError` when it is larger than `capacity`, and `TypeError`/`RangeError` for bad options.
   * Rejects with {@link QueueFull} when `timeout` runs out, with {@link QueueShutDown} once the
   * queue is shut down (also while waiting), with `signal.reason` when `signal` aborts; a put
   * that rejects inserted nothing.
   *
   * @example
   * ```ts
   * import { SharedQueue } from '@skein/queue';
   * const q = new SharedQueue<number[]>({ maxsize: 1 });
   * await q.put([1, 2]);
   * await q.put([3], { timeout: 10 }).catch((e: Error) => console.log(e.name)); // QueueFull
   * try { await q.put([() => 1] as never); } catch (e) { console.log((e as Error).name); } // DataCloneError
   * ```
   */
  put(item: T, options?: WaitOptions): Promise<void> {
    const aborted = checkWait(options, LABEL, 'put');
    this.encode(item, 'put');
    if (aborted !== undefined) return aborted;
    if (this.putters.head === null) {
      let outcome: number;
      try {
        // A put that may wait watches the ring briefly before it parks (see publishSoon).
        outcome =
          options?.timeout === 0
            ? this.ring.publish(this.scratch)
            : this.ring.publishSoon(this.scratch);
      } catch (error) {
        return Promise.reject(error);
      }
      if (outcome === PUBLISHED) return PUT;
      if (outcome === CLOSED) return Promise.reject(new QueueShutDown());
    } else if (this.ring.state() !== OPEN) {
      return Promise.reject(new QueueShutDown());
    }
    if (options?.timeout === 0) return Promise.reject(new QueueFull());
    return this.putters.park(this.scratch.copy(), options);
  }

  /**
   * Puts a clone of `item` only if that needs no wait (Python's `put_nowait`). Throws
   * {@link QueueFull} when the queue is full (or the item does not fit now),
   * {@link QueueShutDown} once it is shut down, and like `put` for items that cannot be sent.
   *
   * @example
   * ```ts
   * import { SharedQueue } from '@skein/queue';
   * const q = new SharedQueue<string>({ maxsize: 1 });
   * q.putNowait('a');
   * try { q.putNowait('b'); } catch (e) { console.log((e as Error).name); } // QueueFull
   * ```
   */
  putNowait(item: T): void {
    this.encode(item, 'putNowait');
    const outcome = this.ring.publish(this.scratch);
    if (outcome === PUBLISHED) return;
    throw outcome === CLOSED ? new QueueShutDown() : new QueueFull();
  }

  /**
   * Takes the next item, waiting while the queue is empty. Gets of this object that wait are
   * served in call order.
   *
   * Rejects with {@link QueueEmpty} when `timeout` runs out, with {@link QueueShutDown} once the
   * queue is shut down and empty (at once after `shutdown({ immediate: true })`), with
   * `signal.reason` when `signal` aborts; a get that rejects took nothing. Bad options throw at
   * the call.
   *
   * @example
   * ```ts
   * import { SharedQueue } from '@skein/queue';
   * const q = new SharedQueue<string>();
   * const next = q.get(); // empty: waits
   * q.putNowait('ready');
   * console.log(await next); // ready
   * await q.get({ timeout: 10 }).catch((e: Error) => console.log(e.name)); // QueueEmpty
   * ```
   */
  get(options?: WaitOptions): Promise<T> {
    const aborted = checkWait(options, LABEL, 'get');
    if (aborted !== undefined) return aborted;
    if (this.getters.head === null) {
      try {
        // A get that may wait watches the ring briefly before it parks (see takeSoon).
        const raw = options?.timeout === 0 ? this.ring.take() : this.ring.takeSoon();
        if (raw !== NOTHING) return Promise.resolve(decode(raw) as T);
        if (this.ring.state() !== OPEN) return Promise.resolve(this.lastChance());
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (options?.timeout === 0) return Promise.reject(new QueueEmpty());
    return this.getters.park(undefined, options);
  }

  /**
   * Takes the next item only if one is there (Python's `get_nowait`). Throws {@link QueueEmpty}
   * when the queue is empty, {@link QueueShutDown} when it is also shut down.
   *
   * @example
   * ```ts
   * import { SharedQueue } from '@skein/queue';
   * const q = new SharedQueue<bigint>();
   * q.putNowait(10n ** 20n);
   * console.log(q.getNowait()); // 100000000000000000000n
   * try { q.getNowait(); } catch (e) { console.log((e as Error).name); } // QueueEmpty
   * ```
   */
  getNowait(): T {
    const raw = this.ring.take();
    if (raw !== NOTHING) return decode(raw) as T;
    if (this.ring.state() !== OPEN) return this.lastChance();
    throw new QueueEmpty();
  }

  /**
   * Marks one item taken with `get` as processed, in any thread (Python's `task_done`). When
   * every item put so far is marked, `join()` calls in every thread resolve. Throws
   * `RangeError` when called more times than items were put.
   *
   * @example
   * ```ts
   * import { SharedQueue } from '@skein/queue';
   * const q = new SharedQueue<string>();
   * q.putNowait('job');
   * console.log(`did ${await q.get()}`);
   * q.taskDone();
   * try { q.taskDone(); } catch (e) { console.log(e instanceof RangeError); } // true
   * ```
   */
  taskDone(): void {
    if (!this.ring.taskDone()) {
      throw new RangeError(`${LABEL}.taskDone: called more times than items were put`);
    }
  }

  /**
   * Waits until every item put (by any thread) has been marked with `taskDone()` (by any
   * thread). Resolves `true` then, `false` when `timeout` runs out first; rejects with
   * `signal.reason` when `signal` aborts. An immediate `shutdown` stops counting the items it
   * drops.
   *
   * @example
   * ```ts
   * import { SharedQueue } from '@skein/queue';
   * const q = new SharedQueue<number>();
   * q.putNowait(1);
   * console.log(await q.join({ timeout: 10 })); // false: 1 is not done
   * q.getNowait();
   * q.taskDone();
   * console.log(await q.join()); // true
   * ```
   */
  join(options?: WaitOptions): Promise<boolean> {
    const aborted = checkWait(options, LABEL, 'join');
    if (aborted !== undefined) return aborted;
    if (this.ring.unfinished() === 0) return JOINED;
    if (options?.timeout === 0) return Promise.resolve(false);
    const signal = options?.signal;
    const join: JoinWait = {
      parking: { stop: undefined },
      cancelled: undefined,
      unlink: undefined,
    };
    const promise = this.joinSlow(options?.timeout, signal, join);
    // Given no signal, the coroutine Task running now can cancel the join (linkToCurrentTask).
    if (signal === undefined) {
      join.unlink = linkToCurrentTask(promise, (reason) => {
        join.cancelled = reason;
        join.parking.stop?.();
      });
    }
    return promise;
  }

  private async joinSlow(
    timeout: number | undefined,
    signal: AbortSignal | undefined,
    join: JoinWait,
  ): Promise<boolean> {
    const ring = this.ring;
    const parking = join.parking;
    let expired = false;
    // Timed with setTimeout, as every other wait here, so fake timers drive it too.
    const timer =
      timeout === undefined
        ? undefined
        : startTimer(() => {
            expired = true;
            parking.stop?.();
          }, timeout);
    ring.joinWaiters(1);
    try {
      // The first look is a turn later, after `join` linked this wait to the running Task.
      await Promise.resolve();
      for (;;) {
        const seq = Atomics.load(ring.ctl, JOIN_SEQ);
        if (join.cancelled !== undefined) throw join.cancelled;
        if (ring.unfinished() === 0) return true;
        if (expired) return false;
        if (signal?.aborted === true) throw signal.reason;
        await waitSeq(ring.ctl, JOIN_SEQ, seq, signal, parking);
      }
    } finally {
      join.unlink?.();
      stopTimer(timer);
      ring.joinWaiters(-1);
    }
  }

  /**
   * How many items are queued now, across all threads.
   *
   * @example
   * ```ts
   * import { SharedQueue } from '@skein/queue';
   * const q = new SharedQueue<string>();
   * q.putNowait('x');
   * console.log(q.qsize()); // 1
   * ```
   */
  qsize(): number {
    return Math.max(0, this.ring.size());
  }

  /**
   * Whether no item is queued now.
   *
   * @example
   * ```ts
   * import { SharedQueue } from '@skein/queue';
   * console.log(new SharedQueue().empty()); // true
   * ```
   */
  empty(): boolean {
    return this.qsize() === 0;
  }

  /**
   * Whether the queue holds `maxsize` items, so a put would have to wait (a large item may
   * also wait for bytes while this is false). Never true when `maxsize` is 0.
   *
   * @example
   * ```ts
   * import { SharedQueue } from '@skein/queue';
   * const q = new SharedQueue<number>({ maxsize: 1 });
   * q.putNowait(1);
   * console.log(q.full()); // true
   * ```
   */
  full(): boolean {
    return this.maxsize > 0 && this.qsize() >= this.maxsize;
  }

  /**
   * Shuts the queue down for every thread (Python 3.13's `shutdown`): puts from now on throw
   * {@link QueueShutDown} and waiting puts reject with it; gets keep taking what is queued and
   * throw it once the queue is empty, and gets waiting in any thread are woken to do so. With
   * `immediate: true` the queued items are dropped too and no longer count for `join()`.
   * Calling it again is harmless (and can make a shutdown immediate).
   *
   * @example
   * ```ts
   * import { SharedQueue } from '@skein/queue';
   * const q = new SharedQueue<number>();
   * q.putNowait(1);
   * q.shutdown();
   * console.log(await q.get()); // 1
   * await q.get().catch((e: Error) => console.log(e.name)); // QueueShutDown
   * ```
   */
  shutdown(options?: ShutdownOptions): void {
    let immediate = false;
    if (options !== undefined) {
      checkObject(options, `${LABEL}.shutdown`);
      const value = options.immediate;
      if (value !== undefined && typeof value !== 'boolean') {
        throw new TypeError(
          `${LABEL}.shutdown: options.immediate must be a boolean, got ${describe(value)}`,
        );
      }
      immediate = value === true;
    }
    this.ring.shutdown(immediate);
    this.putters.drive();
    this.getters.drive();
  }

  /**
   * Iterates the queue with `for await`: yields items until the queue is shut down and drained,
   * marking the item yielded last with `taskDone()` when the loop asks for the next one or
   * exits.
   *
   * @example
   * ```ts
   * import { SharedQueue } from '@skein/queue';
   * const q = new SharedQueue<string>();
   * q.putNowait('a');
   * q.putNowait('b');
   * q.shutdown();
   * for await (const item of q) console.log(item); // a, then b
   * await q.join();
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<T, undefined, undefined> {
    return new QueueIterator<T>(this);
  }

  /** Encodes `item` into the scratch record, or throws why it cannot be put. */
  private encode(item: T, method: string): void {
    encode(item, this.scratch);
    const bytes = recordBytes(this.scratch.length);
    if (bytes > this.capacity) {
      throw new RangeError(
        `${LABEL}.${method}: the item takes ${bytes} bytes, more than the queue's capacity of ${this.capacity}`,
      );
    }
  }

  /**
   * The ring was empty and the queue is shut down: no record can be published any more, but
   * one may have been just before the shutdown, so look once more; else throw QueueShutDown.
   */
  private lastChance(): T {
    const raw = this.ring.take();
    if (raw === NOTHING) throw new QueueShutDown();
    return decode(raw) as T;
  }
}

function readCapacity(options: SharedQueueOptions | undefined): number {
  const capacity = options?.capacity;
  if (capacity === undefined) return DEFAULT_CAPACITY;
  if (typeof capacity !== 'number' || Number.isNaN(capacity)) {
    throw new TypeError(
      `new ${LABEL}(): options.capacity must be a number of bytes, got ${describe(capacity)}`,
    );
  }
  if (!Number.isInteger(capacity) || capacity < MIN_CAPACITY || capacity > MAX_CAPACITY) {
    throw new RangeError(
      `new ${LABEL}(): options.capacity must be an integer from ${MIN_CAPACITY} to ${MAX_CAPACITY}, got ${capacity}`,
    );
  }
  return (capacity + 3) & ~3;
}

function checkHandle(handle: unknown): asserts handle is SharedQueueHandle {
  const h = handle as Partial<SharedQueueHandle> | null;
  if (
    typeof h !== 'object' ||
    h === null ||
    h.__skein !== 'SharedQueue' ||
    !(h.buffer instanceof SharedArrayBuffer) ||
    !Ring.fits(h.buffer)
  ) {
    throw new TypeError(
      `${LABEL}.fromShared: expected the result of ${LABEL}.toShared(), got ${describe(handle)}`,
    );
  }
}
