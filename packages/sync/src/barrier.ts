import { Condition, type SharedCondition } from './condition.js';
import { BrokenBarrierError } from './errors.js';
import { allocWords, checkHandle, makeHandle, type SharedHandle } from './internal/handle.js';
import {
  checkFunction,
  checkInteger,
  checkOptions,
  checkTimeout,
  parseWait,
  type WaitOptions,
} from './internal/options.js';
import { isDetecting } from './deadlock-detection.js';
import { Lock } from './lock.js';
import { isThenable } from './options.js';

/*
 * CPython's Barrier, word for word, on shared memory. Every word is read and written only
 * while holding the barrier's condition lock:
 *   STATE    0 filling, 1 draining, -1 resetting, -2 broken
 *   COUNT    parties inside wait() right now
 *   PARTIES  how many parties trip the barrier
 *   TIMEOUT  the default timeout of wait(), set once: see encodeTimeout
 */
const STATE = 0;
const COUNT = 1;
const PARTIES = 2;
const TIMEOUT = 3;
const WORDS = 4;
const MAX_WORD = 2 ** 31 - 1;
const FILLING = 0;
const DRAINING = 1;
const RESETTING = -1;
const BROKEN = -2;

/** Options for {@link Barrier}. */
export interface BarrierOptions {
  /** Run by the last party to arrive, before the others are released. If it throws, the barrier breaks. */
  action?: (() => unknown) | undefined;
  /** Default timeout (ms) of every `wait`; beyond 24.8 days it is kept in whole seconds (rounded up). */
  timeout?: number | undefined;
}

/** The shared form of a {@link Barrier}. */
export interface SharedBarrier extends SharedHandle<'Barrier'> {
  readonly condition: SharedCondition;
}

/**
 * A barrier for a fixed number of parties (Python's `threading.Barrier`): each `wait()` blocks
 * until `parties` callers, in any threads, are waiting; then all are released together and the
 * barrier can be used again. A timeout, an abort, a failing action, `abort()` or `reset()`
 * breaks it: waiters reject with {@link BrokenBarrierError}.
 *
 * @example
 * ```ts
 * import { Barrier } from '@skein/sync';
 * const barrier = new Barrier(3, { action: () => console.log('all here') });
 * const indices = await Promise.all([barrier.wait(), barrier.wait(), barrier.wait()]);
 * console.log(indices.sort()); // [0, 1, 2]
 * ```
 */
export class Barrier {
  readonly #words: Int32Array;
  readonly #cond: Condition;
  readonly #action: (() => unknown) | undefined;

  constructor(parties: number, options?: BarrierOptions);
  /** @internal */
  constructor(parties: number, options: BarrierOptions | undefined, from: SharedBarrier);
  constructor(parties: number, options?: BarrierOptions, from?: SharedBarrier) {
    checkOptions(options, 'new Barrier()');
    if (options?.action !== undefined) checkFunction(options.action, 'Barrier: options.action');
    this.#action = options?.action;
    if (from !== undefined) {
      checkHandle(from, 'Barrier', WORDS * 4);
      this.#words = new Int32Array(from.buffer);
      this.#cond = Condition.fromShared(from.condition);
      return;
    }
    checkInteger(parties, 'new Barrier(parties)', 1);
    const timeout = options?.timeout;
    if (timeout !== undefined) checkTimeout(timeout, 'new Barrier(): options.timeout');
    this.#words = allocWords(WORDS);
    this.#words[PARTIES] = parties;
    this.#words[TIMEOUT] = encodeTimeout(timeout);
    this.#cond = new Condition(new Lock(), { maxWaiters: Math.max(parties * 2, 16) });
  }

  /**
   * Revives a barrier sent from another thread with `toShared()`. The action does not cross
   * threads: give this thread's own in `options.action` (it runs if this thread arrives last).
   *
   * @example
   * ```ts
   * import { Barrier } from '@skein/sync';
   * console.log(Barrier.fromShared(new Barrier(2).toShared()).parties); // 2
   * ```
   */
  static fromShared(handle: SharedBarrier, options?: Pick<BarrierOptions, 'action'>): Barrier {
    return new Barrier(0, options, handle);
  }

  /** How many parties trip the barrier. */
  get parties(): number {
    return this.#words[PARTIES]!;
  }

  /** How many parties are waiting now. */
  get nWaiting(): number {
    return Atomics.load(this.#words, STATE) === FILLING ? Atomics.load(this.#words, COUNT) : 0;
  }

  /** Whether the barrier is broken. */
  get broken(): boolean {
    return Atomics.load(this.#words, STATE) === BROKEN;
  }

  /**
   * Waits until all parties wait, then resolves this party's arrival index (0 … parties-1).
   * Rejects with {@link BrokenBarrierError} if the barrier breaks (including by this call's
   * timeout), or with `signal.reason` on abort, which breaks the barrier for the others.
   *
   * @example
   * ```ts
   * import { Barrier } from '@skein/sync';
   * const b = new Barrier(1);
   * console.log(await b.wait()); // 0
   * ```
   */
  wait(options?: WaitOptions): Promise<number> {
    const opts = parseWait(options, 'Barrier.wait'); // bad options throw at the call
    const timeout = opts.timeout !== Infinity ? opts.timeout : this.#defaultTimeout();
    const signal = opts.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const lock = this.#cond.lock;
    // With the lock free, the arrival is counted and the party parked (the lock given back)
    // before wait() returns: nWaiting, abort() and reset() called next see it, as they see a
    // CPython thread blocked in wait().
    if (!isDetecting() && lock.takeIfFree()) return this.#arrive(timeout, signal, true);
    return lock.withLock(() => this.#arrive(timeout, signal, false));
  }

  /** CPython's Barrier.wait with the lock held; `unlock`: release it at the end. */
  async #arrive(
    timeout: number,
    signal: AbortSignal | undefined,
    unlock: boolean,
  ): Promise<number> {
    const w = this.#words;
    try {
      while (w[STATE] === DRAINING || w[STATE] === RESETTING) await this.#cond.wait({ signal });
      if (w[STATE]! < 0) throw new BrokenBarrierError();
      const index = w[COUNT]!;
      w[COUNT] = index + 1;
      try {
        if (index + 1 === w[PARTIES]) {
          const pending = this.#trip();
          if (pending !== undefined) await pending;
        } else {
          await this.#await(timeout, signal);
        }
        return index;
      } finally {
        w[COUNT] = w[COUNT] - 1;
        if (w[COUNT] === 0 && (w[STATE] === DRAINING || w[STATE] === RESETTING)) {
          w[STATE] = FILLING;
          this.#cond.notifyAll();
        }
      }
    } finally {
      if (unlock) this.#cond.lock.release();
    }
  }

  /**
   * Returns the barrier to its empty state; parties waiting now reject with
   * {@link BrokenBarrierError}.
   *
   * @example
   * ```ts
   * import { Barrier } from '@skein/sync';
   * const b = new Barrier(2);
   * b.abort();
   * await b.reset();
   * console.log(b.broken); // false
   * ```
   */
  reset(): Promise<void> {
    return this.#locked(() => {
      const w = this.#words;
      if (w[COUNT]! > 0) {
        if (w[STATE] === FILLING || w[STATE] === BROKEN) w[STATE] = RESETTING;
      } else {
        w[STATE] = FILLING;
      }
      this.#cond.notifyAll();
    });
  }

  /**
   * Breaks the barrier: current and later waits reject with {@link BrokenBarrierError} until
   * `reset()`. Takes effect at once when nobody holds the barrier's internal lock.
   *
   * @example
   * ```ts
   * import { Barrier } from '@skein/sync';
   * const b = new Barrier(2);
   * b.abort();
   * console.log(b.broken); // true
   * ```
   */
  abort(): Promise<void> {
    return this.#locked(() => this.#break());
  }

  /** The plain object that carries this barrier to another thread. */
  toShared(): SharedBarrier {
    return makeHandle('Barrier', this.#words.buffer as SharedArrayBuffer, {
      condition: this.#cond.toShared(),
    });
  }

  /** The last party arrived: run the action (awaited if it returns a promise), then release all. */
  #trip(): Promise<void> | undefined {
    let result: unknown;
    try {
      result = this.#action?.();
    } catch (e) {
      this.#break();
      throw e;
    }
    if (!isThenable(result)) {
      this.#drain();
      return undefined;
    }
    return Promise.resolve(result).then(
      () => this.#drain(),
      (e: unknown) => {
        this.#break();
        throw e;
      },
    );
  }

  #drain(): void {
    this.#words[STATE] = DRAINING;
    this.#cond.notifyAll();
  }

  /** CPython's `_wait`: `cond.wait_for(lambda: state != 0, timeout)`, parking at the call. */
  async #await(timeout: number, signal: AbortSignal | undefined): Promise<void> {
    const w = this.#words;
    const end = timeout === Infinity ? Infinity : performance.now() + timeout;
    let tripped = true;
    try {
      while (w[STATE] === FILLING) {
        const left = end - performance.now();
        if (left <= 0) {
          tripped = false;
          break;
        }
        await this.#cond.wait(end === Infinity ? { signal } : { timeout: left, signal });
      }
    } catch (e) {
      // Stopped (aborted, its Task cancelled) before the barrier tripped: it breaks for everyone.
      // After the trip the others are through already: this party just leaves with the error.
      if (w[STATE] === FILLING) this.#break();
      throw e;
    }
    if (!tripped) {
      this.#break();
      throw new BrokenBarrierError('the barrier broke: a wait timed out');
    }
    if (w[STATE]! < 0) throw new BrokenBarrierError();
  }

  #break(): void {
    this.#words[STATE] = BROKEN;
    this.#cond.notifyAll();
  }

  #defaultTimeout(): number {
    return decodeTimeout(this.#words[TIMEOUT]!);
  }

  /** Runs `fn` under the lock: synchronously when the lock is free, else once it is. */
  #locked(fn: () => void): Promise<void> {
    const lock = this.#cond.lock;
    if (!lock.tryAcquire()) return lock.withLock(fn);
    try {
      fn();
    } finally {
      lock.release();
    }
    return Promise.resolve();
  }
}

/**
 * The default timeout in one shared Int32 word: -1 none; 0 to 2^31-1 milliseconds; below -1, a
 * longer one in whole seconds (-1 - word), up to 68 years. Anything longer waits forever.
 */
function encodeTimeout(ms: number | undefined): number {
  if (ms === undefined || ms === Infinity) return -1;
  if (ms <= MAX_WORD) return Math.ceil(ms);
  const seconds = Math.ceil(ms / 1000);
  return seconds < MAX_WORD ? -1 - seconds : -1;
}

function decodeTimeout(word: number): number {
  if (word === -1) return Infinity;
  return word >= 0 ? word : (-1 - word) * 1000;
}
