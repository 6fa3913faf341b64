import { LockError } from './errors.js';
import { holdAlive, releaseAlive } from './internal/keepalive.js';
import { allocWords, checkHandle, makeHandle, type SharedHandle } from './internal/handle.js';
import {
  checkFunction,
  checkInteger,
  checkOptions,
  parseWait,
  type ParsedWait,
  type WaitOptions,
} from './internal/options.js';
import type { ConditionLock } from './internal/permit-lock.js';
import { Lock, type SharedLock } from './lock.js';
import { RLock, type SharedRLock } from './rlock.js';
import { startTimer, stopTimer } from './timers.js';
import { linkToCurrentTask } from './internal/context.js';

/** What a wait that was not stopped early resolves with (see Condition.#park). */
const NOT_ABORTED = Symbol('not aborted');

/*
 * Waiters form one FIFO across all threads, kept in shared memory and changed only by whoever
 * holds the condition's lock (wait enqueues before releasing it, notify dequeues while holding
 * it, a waiter that timed out removes itself after taking it back):
 *   COUNT, HEAD   the ring of waiting slot numbers: RING[(HEAD + i) % CAPACITY], i < COUNT
 *   SLOT[s]       0 free, 1 waiting, 2 notified. The waiter parks on its own slot word;
 *                 notify stores 2 there and wakes it. Only the waiter frees its slot, and then
 *                 notifies the slot word so that a wait left pending by an abort goes away.
 */
const COUNT = 0;
const HEAD = 1;
const CAPACITY = 2;
const RING = 3;
const FREE = 0;
const WAITING = 1;
const NOTIFIED = 2;
const DEFAULT_MAX_WAITERS = 1024;

/** Options for {@link Condition}. */
export interface ConditionOptions {
  /** How many waiters (over all threads) may wait at once; default 1024. */
  maxWaiters?: number;
}

/** The shared form of a {@link Condition}. */
export interface SharedCondition extends SharedHandle<'Condition'> {
  readonly lock: SharedLock | SharedRLock;
}

/** The locks a Condition can use. */
export type ConditionLockType = Lock | RLock;

/**
 * A condition variable (Python's `threading.Condition`) over a {@link Lock} or {@link RLock}
 * (a new RLock by default), shared by async tasks and worker threads. `wait` releases the
 * lock, waits for a `notify`, and takes the lock back before it returns, whatever happened.
 * `notify(n)` wakes the `n` longest waiters, across threads.
 *
 * @example
 * ```ts
 * import { Condition } from '@skein/sync';
 * const cond = new Condition();
 * const items: number[] = [];
 * const consumer = cond.withLock(() => cond.waitFor(() => items.length > 0).then(() => items.shift()));
 * await cond.withLock(() => { items.push(7); cond.notify(); });
 * console.log(await consumer); // 7
 * ```
 */
export class Condition {
  /** The lock this condition waits with. */
  readonly lock: ConditionLockType;
  readonly #words: Int32Array;
  readonly #capacity: number;

  constructor(lock?: ConditionLockType, options?: ConditionOptions);
  /** @internal */
  constructor(
    lock: ConditionLockType,
    options: ConditionOptions | undefined,
    from: SharedCondition,
  );
  constructor(lock?: ConditionLockType, options?: ConditionOptions, from?: SharedCondition) {
    if (from !== undefined) {
      checkHandle(from, 'Condition', (RING + 1) * 4);
      this.#words = new Int32Array(from.buffer);
      this.#capacity = this.#words[CAPACITY]!;
      this.lock = lock!;
      return;
    }
    if (lock !== undefined && !(lock instanceof Lock) && !(lock instanceof RLock)) {
      throw new TypeError('new Condition(lock): lock must be a Lock or an RLock');
    }
    checkOptions(options, 'new Condition()');
    const max = options?.maxWaiters ?? DEFAULT_MAX_WAITERS;
    checkInteger(max, 'new Condition(): options.maxWaiters', 1, 1 << 20);
    this.lock = lock ?? new RLock();
    this.#capacity = max;
    this.#words = allocWords(RING + 2 * max);
    this.#words[CAPACITY] = max;
  }

  /**
   * Revives a Condition sent from another thread with `toShared()`. Its lock is revived too,
   * unless you pass the lock already revived in this thread (for several conditions over one
   * lock, as `queue.Queue` has `not_empty` and `not_full`).
   *
   * @example
   * ```ts
   * import { Condition, Lock } from '@skein/sync';
   * const lock = new Lock();
   * const notEmpty = new Condition(lock), notFull = new Condition(lock);
   * const twinLock = Lock.fromShared(lock.toShared());
   * const a = Condition.fromShared(notEmpty.toShared(), twinLock);
   * const b = Condition.fromShared(notFull.toShared(), twinLock);
   * console.log(a.lock === b.lock); // true
   * ```
   */
  static fromShared(handle: SharedCondition, lock?: ConditionLockType): Condition {
    checkHandle(handle, 'Condition', (RING + 1) * 4);
    const own =
      handle.lock?.__skein === 'Lock'
        ? Lock.fromShared(handle.lock)
        : RLock.fromShared(handle.lock);
    if (
      lock !== undefined &&
      (lock.orderKey !== own.orderKey || lock.constructor !== own.constructor)
    ) {
      throw new TypeError('Condition.fromShared: the lock given is not the lock of this condition');
    }
    return new Condition(lock ?? own, undefined, handle);
  }

  /** Takes the underlying lock (see `Lock.acquire`). */
  acquire(options?: WaitOptions): Promise<boolean> {
    return this.lock.acquire(options);
  }

  /** Releases the underlying lock. */
  release(): void {
    this.lock.release();
  }

  /** Runs `fn` holding the underlying lock (see `Lock.withLock`). */
  withLock<R>(fn: () => R | PromiseLike<R>, options?: WaitOptions): Promise<Awaited<R>> {
    return this.lock.withLock(fn, options);
  }

  /**
   * Releases the lock, waits until notified, and re-takes the lock. Resolves `true` when
   * notified, `false` when `timeout` ms passed first; on abort it re-takes the lock, then
   * rejects with `signal.reason`. Throws {@link LockError} if the lock is not held.
   *
   * @example
   * ```ts
   * import { Condition } from '@skein/sync';
   * const c = new Condition();
   * console.log(await c.withLock(() => c.wait({ timeout: 5 }))); // false
   * ```
   */
  wait(options?: WaitOptions): Promise<boolean> {
    // Bad options and a lock not held throw at the call, as notify() does; the rest rejects.
    return this.#wait(parseWait(options, 'Condition.wait'), this.#owned('wait'));
  }

  async #wait(opts: ParsedWait, lock: ConditionLock): Promise<boolean> {
    if (opts.signal?.aborted) throw opts.signal.reason;
    const slot = this.#enqueue();
    const saved = lock.releaseSave();
    let outcome: unknown;
    try {
      outcome = await this.#park(slot, opts);
    } finally {
      await lock.acquireRestore(saved); // also when cancelled: the lock is held again first
    }
    const w = this.#words;
    const notified = Atomics.load(w, slot) === NOTIFIED;
    if (!notified) this.#remove(slot);
    Atomics.store(w, slot, FREE);
    Atomics.notify(w, slot);
    if (outcome !== NOT_ABORTED) {
      // Stopped first, notified after: hand the notification on, as asyncio's Condition does.
      if (notified) this.notify(1);
      throw outcome;
    }
    return notified;
  }

  /**
   * Waits until `predicate()` is truthy, re-checking after every notify; returns its last value
   * (falsy only when `timeout` ran out). The lock must be held.
   *
   * @example
   * ```ts
   * import { Condition } from '@skein/sync';
   * const c = new Condition();
   * console.log(await c.withLock(() => c.waitFor(() => 'ready'))); // 'ready'
   * ```
   */
  waitFor<T>(predicate: () => T | PromiseLike<T>, options?: WaitOptions): Promise<T> {
    checkFunction(predicate, 'Condition.waitFor: predicate');
    return this.#waitFor(predicate, parseWait(options, 'Condition.waitFor'), options);
  }

  async #waitFor<T>(
    predicate: () => T | PromiseLike<T>,
    opts: ParsedWait,
    options: WaitOptions | undefined,
  ): Promise<T> {
    if (opts.signal?.aborted === true) throw opts.signal.reason; // before the predicate, as wait()
    const end = performance.now() + opts.timeout;
    let result = await predicate();
    while (!result) {
      const left = end - performance.now();
      if (left <= 0) break;
      await this.wait(opts.timeout === Infinity ? options : { ...options, timeout: left });
      result = await predicate();
    }
    return result;
  }

  /**
   * Wakes up to `n` waiters (default 1), longest-waiting first. The lock must be held.
   *
   * @example
   * ```ts
   * import { Condition } from '@skein/sync';
   * const c = new Condition();
   * await c.withLock(() => c.notify(2));
   * ```
   */
  notify(n = 1): void {
    checkInteger(n, 'Condition.notify(n)', 0);
    this.#owned('notify');
    const w = this.#words;
    const cap = this.#capacity;
    let count = w[COUNT]!;
    let head = w[HEAD]!;
    for (; n > 0 && count > 0; n--, count--) {
      const slot = w[RING + head]!;
      head = (head + 1) % cap;
      Atomics.store(w, slot, NOTIFIED);
      Atomics.notify(w, slot);
    }
    w[COUNT] = count;
    w[HEAD] = head;
  }

  /**
   * Wakes every waiter. The lock must be held.
   *
   * @example
   * ```ts
   * import { Condition } from '@skein/sync';
   * const c = new Condition();
   * await c.withLock(() => c.notifyAll());
   * ```
   */
  notifyAll(): void {
    this.notify(this.#words[COUNT]);
  }

  /** The plain object that carries this Condition and its lock to another thread. */
  toShared(): SharedCondition {
    return makeHandle('Condition', this.#words.buffer as SharedArrayBuffer, {
      lock: this.lock.toShared(),
    });
  }

  #owned(what: string): ConditionLock {
    if (!this.lock.isOwned()) throw new LockError(`Condition.${what}: the lock is not held`);
    return this.lock;
  }

  /** Takes a free slot and appends it to the waiter ring (lock held). Returns its word index. */
  #enqueue(): number {
    const w = this.#words;
    const cap = this.#capacity;
    const count = w[COUNT]!;
    if (count >= cap) {
      throw new RangeError(
        `Condition.wait: ${cap} waiters already wait (raise options.maxWaiters)`,
      );
    }
    // Notified waiters keep their slot until they hold the lock again, so look for a free one.
    const end = RING + 2 * cap;
    let slot = RING + cap;
    while (slot < end && Atomics.load(w, slot) !== FREE) slot++;
    if (slot === end) {
      throw new RangeError(
        `Condition.wait: ${cap} waiters already wait (raise options.maxWaiters)`,
      );
    }
    Atomics.store(w, slot, WAITING);
    w[RING + ((w[HEAD]! + count) % cap)] = slot;
    w[COUNT] = count + 1;
    return slot;
  }

  /** Takes a timed-out or aborted waiter's slot out of the ring (lock held). */
  #remove(slot: number): void {
    const w = this.#words;
    const cap = this.#capacity;
    const head = w[HEAD]!;
    const count = w[COUNT]!;
    let i = 0;
    while (i < count && w[RING + ((head + i) % cap)] !== slot) i++;
    for (; i < count - 1; i++) w[RING + ((head + i) % cap)] = w[RING + ((head + i + 1) % cap)]!;
    w[COUNT] = count - 1;
  }

  /**
   * Waits on the slot word until notified, timed out, aborted or (given no signal) cancelled
   * with the running coroutine Task; resolves NOT_ABORTED or the reason it was stopped.
   */
  #park(slot: number, opts: ParsedWait): Promise<unknown> {
    const r = Atomics.waitAsync(this.#words, slot, WAITING);
    if (!r.async) return Promise.resolve(NOT_ABORTED);
    let settle!: (outcome: unknown) => void;
    let unlink: (() => void) | undefined;
    const parked = new Promise<unknown>((resolve) => {
      const timer = startTimer(() => settle(NOT_ABORTED), opts.timeout);
      let settled = false;
      settle = (outcome) => {
        if (settled) return;
        settled = true;
        stopTimer(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        unlink?.();
        releaseAlive();
        resolve(outcome);
      };
      const onAbort = (): void => settle(opts.signal!.reason);
      holdAlive();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      void r.value.then(() => settle(NOT_ABORTED));
    });
    if (opts.signal === undefined) unlink = linkToCurrentTask(parked, settle);
    return parked;
  }
}
