import { isDetecting, noteReleased } from './deadlock-detection.js';
import { UNCANCELLABLE, type WaitOptions } from './internal/options.js';
import type { ConditionLock, LockHandle, LockOptions } from './internal/permit-lock.js';
import { EXTRA, PermitLock, notHeld } from './internal/permit-lock.js';
import { Permits } from './internal/permits.js';

/** The shared form of a {@link Lock}: pass it to another thread and revive it with `Lock.fromShared`. */
export type SharedLock = LockHandle<'Lock'>;

const TRUE = Promise.resolve(true);

/**
 * A mutual-exclusion lock (Python's `threading.Lock`) that works between async tasks in one
 * thread and between worker threads: the same object, on shared memory. Not reentrant; any
 * context may release it. Waiters in one thread are served in FIFO order, and a waiter that
 * keeps losing to other threads switches the lock to direct hand-off so nobody starves.
 *
 * Waiting never blocks the event loop (`acquire`), except `acquireSync`, which blocks the
 * calling thread on purpose (for worker code).
 *
 * @example
 * ```ts
 * import { Lock } from '@skein/sync';
 * const lock = new Lock();
 * let balance = 0;
 * await Promise.all([1, 2, 3].map((n) => lock.withLock(async () => { const b = balance; await null; balance = b + n; })));
 * console.log(balance); // 6
 * ```
 *
 * @example Across threads
 * ```ts
 * import { Worker } from 'node:worker_threads';
 * import { Lock } from '@skein/sync';
 * const lock = new Lock();
 * new Worker(new URL('./worker.js', import.meta.url), { workerData: lock.toShared() });
 * // worker.js: const lock = Lock.fromShared(workerData); await lock.withLock(() => …);
 * ```
 */
export class Lock extends PermitLock<'Lock'> implements ConditionLock {
  protected readonly tracked = true;

  constructor(options?: LockOptions);
  /** @internal */
  constructor(options: LockOptions | undefined, from: SharedLock);
  constructor(options?: LockOptions, from?: SharedLock) {
    super('Lock', EXTRA, from, options, (w) => Permits.init(w, 1));
  }

  /**
   * Revives a lock sent from another thread with `toShared()`.
   *
   * @example
   * ```ts
   * import { Lock } from '@skein/sync';
   * const same = Lock.fromShared(new Lock().toShared());
   * console.log(same.locked()); // false
   * ```
   */
  static fromShared(handle: SharedLock): Lock {
    return new Lock(undefined, handle);
  }

  /**
   * Releases the lock. Throws {@link LockError} if it is not locked.
   *
   * @example
   * ```ts
   * import { Lock } from '@skein/sync';
   * const lock = new Lock();
   * lock.tryAcquire();
   * lock.release();
   * ```
   */
  release(): void {
    if (!this.permits.release(1, 1)) throw notHeld('Lock', this.label);
    noteReleased(this);
  }

  override acquire(options?: WaitOptions): Promise<boolean> {
    return options === undefined && !isDetecting() && this.permits.takeNow()
      ? TRUE
      : super.acquire(options);
  }

  override acquireSync(options?: WaitOptions): boolean {
    return (
      (options === undefined && !isDetecting() && this.permits.takeNow()) ||
      super.acquireSync(options)
    );
  }

  /**
   * Whether some context holds the lock now.
   *
   * @example
   * ```ts
   * import { Lock } from '@skein/sync';
   * const lock = new Lock();
   * lock.tryAcquire();
   * console.log(lock.locked()); // true
   * ```
   */
  locked(): boolean {
    return this.permits.available() === 0;
  }

  /** @internal */
  isOwned(): boolean {
    return this.locked();
  }

  /** @internal */
  releaseSave(): number {
    this.release();
    return 0;
  }

  /** @internal */
  async acquireRestore(): Promise<void> {
    // Uncancellable: a cancelled Condition.wait takes its lock back before it throws, as asyncio's.
    await this.acquireParsed(UNCANCELLABLE);
  }
}
