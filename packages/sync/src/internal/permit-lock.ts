import { LockError, TimeoutError } from '../errors.js';
import { checkOrder, isDetecting, noteAcquired } from '../deadlock-detection.js';
import { runAsNewOwner, type TrackedLock } from './context.js';
import { allocWords, checkHandle, makeHandle, type SharedHandle } from './handle.js';
import {
  checkFunction,
  checkOptions,
  parseWait,
  type ParsedWait,
  type WaitOptions,
} from './options.js';
import { newOrderKey, readOrderKey } from './order-key.js';
import { Permits, PERMIT_WORDS } from './permits.js';

/** Word index of a lock's order key (two words) right after the permit core. */
const ORDER = PERMIT_WORDS;
/** First word a subclass may use. */
export const EXTRA = ORDER + 2;

/** Options every lock-like constructor takes. */
export interface LockOptions {
  /** A name for error messages and deadlock reports. */
  name?: string | undefined;
}

/** The shared form of a lock-like object. */
export interface LockHandle<K extends string = string> extends SharedHandle<K> {
  readonly name: string | undefined;
}

/**
 * What Lock, RLock and the Semaphores share: a permit core on shared memory, an order key,
 * a name, and the acquire/withLock plumbing. Subclasses decide what release means.
 */
export abstract class PermitLock<K extends string> implements TrackedLock {
  protected readonly words: Int32Array;
  protected readonly permits: Permits;
  /** The name given at construction, if any. */
  readonly name: string | undefined;
  /** A random key stable across threads: `acquireAll` takes locks in this order. */
  readonly orderKey: number;

  protected constructor(
    protected readonly kind: K,
    words: number,
    from: LockHandle<K> | undefined,
    options: LockOptions | undefined,
    init: (words: Int32Array) => void,
  ) {
    if (from === undefined) {
      checkOptions(options, `new ${kind}()`);
      const name = options?.name;
      if (name !== undefined && typeof name !== 'string') {
        throw new TypeError(`new ${kind}(): options.name must be a string`);
      }
      this.words = allocWords(words);
      newOrderKey(this.words, ORDER);
      init(this.words);
      this.name = name;
    } else {
      checkHandle(from, kind, words * 4);
      this.words = new Int32Array(from.buffer);
      this.name = typeof from.name === 'string' ? from.name : undefined;
    }
    this.permits = new Permits(this.words, from !== undefined);
    this.orderKey = readOrderKey(this.words, ORDER);
  }

  /** The name, or the kind and order key when unnamed. */
  get label(): string {
    return this.name ?? `${this.kind}#${this.orderKey.toString(36)}`;
  }

  /**
   * Waits for a permit. Resolves `true` once held, `false` if `timeout` ms passed first;
   * rejects with `signal.reason` if the signal aborts (holding nothing). Callers in one thread
   * are served first come, first served.
   *
   * @example
   * ```ts
   * import { Lock } from '@skein/sync';
   * const lock = new Lock();
   * if (await lock.acquire({ timeout: 100, signal: AbortSignal.timeout(1000) })) {
   *   try { console.log('held'); } finally { lock.release(); }
   * }
   * ```
   */
  acquire(options?: WaitOptions): Promise<boolean> {
    return this.acquireParsed(parseWait(options, this.kind, 'acquire'));
  }

  /** @internal {@link PermitLock.acquire} with options already checked. */
  protected acquireParsed(opts: ParsedWait): Promise<boolean> {
    if (!this.tracked || !isDetecting()) return this.permits.acquire(opts);
    checkOrder(this);
    return this.permits.acquire(opts).then((got) => {
      if (got) noteAcquired(this);
      return got;
    });
  }

  /**
   * Takes a permit if one is free right now; never waits (Python's `acquire(blocking=False)`).
   *
   * @example
   * ```ts
   * import { Semaphore } from '@skein/sync';
   * const s = new Semaphore(1);
   * console.log(s.tryAcquire(), s.tryAcquire()); // true false
   * ```
   */
  tryAcquire(): boolean {
    if (!this.permits.tryTake()) return false;
    if (this.tracked) noteAcquired(this);
    return true;
  }

  /**
   * @internal A permit now if one is free and nobody in this thread queues for it (the fast
   * path of `acquire`, FIFO included); never waits, and records nothing for deadlock detection.
   */
  takeIfFree(): boolean {
    return this.permits.takeNow();
  }

  /**
   * Blocks this thread until a permit is free (or `timeout` ms pass: then `false`). Simple for
   * worker code with no other work to do; on the main thread it freezes the event loop.
   *
   * @example
   * ```ts
   * // worker.js
   * import { workerData } from 'node:worker_threads';
   * import { Lock } from '@skein/sync';
   * const lock = Lock.fromShared(workerData.lock);
   * lock.acquireSync();
   * try {
   *   // … critical section …
   * } finally {
   *   lock.release();
   * }
   * ```
   */
  acquireSync(options?: WaitOptions): boolean {
    const opts = parseWait(options, this.kind, 'acquireSync');
    if (this.tracked) checkOrder(this);
    const got = this.permits.acquireSync(opts);
    if (got && this.tracked) noteAcquired(this);
    return got;
  }

  /** Release one hold. */
  abstract release(): void;

  /**
   * Runs `fn` while holding a permit and releases it afterwards, also when `fn` throws.
   * Resolves with `fn`'s result; rejects with {@link TimeoutError} if `timeout` passes first.
   *
   * @example
   * ```ts
   * import { Lock } from '@skein/sync';
   * const lock = new Lock();
   * console.log(await lock.withLock(async () => 'done', { timeout: 1000 })); // 'done'
   * ```
   */
  withLock<R>(fn: () => R | PromiseLike<R>, options?: WaitOptions): Promise<Awaited<R>> {
    if (typeof fn !== 'function') checkFunction(fn, `${this.kind}.withLock: fn`);
    // A scope of its own lets deadlock detection see what is taken inside it.
    return this.tracked && isDetecting()
      ? runAsNewOwner(() => this.holding(fn, options))
      : this.holding(fn, options);
  }

  /** Acquire, run `fn`, release: the body of `withLock`. */
  protected async holding<R>(
    fn: () => R | PromiseLike<R>,
    options?: WaitOptions,
  ): Promise<Awaited<R>> {
    if (!(await this.acquire(options))) {
      throw new TimeoutError(`${this.kind}.withLock: timed out after ${options?.timeout} ms`);
    }
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /**
   * The plain object that carries this lock to another thread (see `fromShared`).
   *
   * @example
   * ```ts
   * import { Worker } from 'node:worker_threads';
   * import { Lock } from '@skein/sync';
   * const lock = new Lock();
   * new Worker(new URL('./worker.js', import.meta.url), { workerData: { lock: lock.toShared() } });
   * ```
   */
  toShared(): LockHandle<K> {
    this.permits.share();
    return makeHandle(this.kind, this.words.buffer as SharedArrayBuffer, { name: this.name });
  }

  /** Whether deadlock detection follows this kind (locks yes, semaphores no). */
  protected abstract readonly tracked: boolean;
}

/** Thrown by `release()` of locks that are not held. */
export function notHeld(kind: string, label: string): LockError {
  return new LockError(`${kind}.release: '${label}' is not locked`);
}

/** What a Condition needs from its lock to wait on it (CPython's _release_save/_acquire_restore). */
export interface ConditionLock {
  /** Whether the current context holds the lock (for a plain Lock: whether anyone does). */
  isOwned(): boolean;
  /** Releases the lock completely; returns what `acquireRestore` needs to take it back. */
  releaseSave(): number;
  /** Takes the lock back after a wait, whatever happens: no timeout, no signal. */
  acquireRestore(saved: number): Promise<void>;
  toShared(): LockHandle;
}
