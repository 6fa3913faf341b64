import { checkOrder, isDetecting, noteAcquired, noteReleased } from './deadlock-detection.js';
import { LockError } from './errors.js';
import { currentContext, runAsNewOwner, THREAD_ID } from './internal/context.js';
import type { ConditionLock, LockHandle, LockOptions } from './internal/permit-lock.js';
import { EXTRA, PermitLock } from './internal/permit-lock.js';
import { checkFunction, parseWait, UNCANCELLABLE, type WaitOptions } from './internal/options.js';
import { Permits } from './internal/permits.js';

/*
 * Ownership words, written only by the owner while it holds the permit:
 *   OWNER_THREAD  threadId + 1 of the owner (0: nobody)
 *   OWNER_TOKEN   the owner's context token within that thread
 *   COUNT         how many times the owner holds it
 * A non-owner may read stale values, but they can never match its own (thread, token).
 */
const OWNER_THREAD = EXTRA;
const OWNER_TOKEN = EXTRA + 1;
const COUNT = EXTRA + 2;
const WORDS = EXTRA + 3;
const TRUE = Promise.resolve(true);

/** The shared form of an {@link RLock}. */
export type SharedRLock = LockHandle<'RLock'>;

/**
 * A reentrant lock (Python's `threading.RLock`): its owner may take it again and must release
 * it as many times. The owner is the thread, across threads; within a thread it is the current
 * async context: the `withLock` scope (or `@skein/coroutine` Task) the call runs in, or the
 * thread itself outside any scope. Releasing from a context that does not own it throws
 * {@link LockError}.
 *
 * @example
 * ```ts
 * import { RLock } from '@skein/sync';
 * const lock = new RLock();
 * const total = await lock.withLock(() => lock.withLock(() => 42)); // re-entered, no deadlock
 * console.log(total); // 42
 * ```
 */
export class RLock extends PermitLock<'RLock'> implements ConditionLock {
  protected readonly tracked = true;

  constructor(options?: LockOptions);
  /** @internal */
  constructor(options: LockOptions | undefined, from: SharedRLock);
  constructor(options?: LockOptions, from?: SharedRLock) {
    super('RLock', WORDS, from, options, (w) => Permits.init(w, 1));
  }

  /**
   * Revives an RLock sent from another thread with `toShared()`.
   *
   * @example
   * ```ts
   * import { RLock } from '@skein/sync';
   * console.log(RLock.fromShared(new RLock().toShared()).locked()); // false
   * ```
   */
  static fromShared(handle: SharedRLock): RLock {
    return new RLock(undefined, handle);
  }

  override acquire(options?: WaitOptions): Promise<boolean> {
    const opts = parseWait(options, 'RLock.acquire');
    // An aborted signal rejects even a re-entry, as every other waiting call does.
    if (opts.signal?.aborted === true) return Promise.reject(opts.signal.reason as Error);
    const token = currentContext().token;
    if (this.reenter(token)) return TRUE;
    if (isDetecting()) checkOrder(this);
    return this.permits.acquire(opts).then((got) => {
      if (got) this.own(token, 1);
      return got;
    });
  }

  override tryAcquire(): boolean {
    const token = currentContext().token;
    if (this.reenter(token)) return true;
    if (!this.permits.tryTake()) return false;
    this.own(token, 1);
    return true;
  }

  override acquireSync(options?: WaitOptions): boolean {
    const opts = parseWait(options, 'RLock.acquireSync');
    const token = currentContext().token;
    if (this.reenter(token)) return true;
    checkOrder(this);
    if (!this.permits.acquireSync(opts)) return false;
    this.own(token, 1);
    return true;
  }

  /**
   * Releases one hold; the last release by the owner frees the lock.
   * Throws {@link LockError} when the current context does not own it.
   *
   * @example
   * ```ts
   * import { RLock } from '@skein/sync';
   * const lock = new RLock();
   * await lock.acquire(); await lock.acquire();
   * lock.release(); lock.release();
   * console.log(lock.locked()); // false
   * ```
   */
  release(): void {
    if (!this.ownedBy(currentContext().token)) {
      throw new LockError(`RLock.release: '${this.label}' is not owned by the current context`);
    }
    const w = this.words;
    const count = w[COUNT]! - 1;
    w[COUNT] = count;
    if (count > 0) return;
    Atomics.store(w, OWNER_TOKEN, 0);
    Atomics.store(w, OWNER_THREAD, 0);
    noteReleased(this);
    this.permits.release(1, 1);
  }

  /**
   * Whether anyone holds the lock.
   *
   * @example
   * ```ts
   * import { RLock } from '@skein/sync';
   * console.log(new RLock().locked()); // false
   * ```
   */
  locked(): boolean {
    return this.permits.available() === 0;
  }

  override withLock<R>(fn: () => R | PromiseLike<R>, options?: WaitOptions): Promise<Awaited<R>> {
    checkFunction(fn, 'RLock.withLock: fn');
    return this.ownedBy(currentContext().token)
      ? this.holding(fn, options)
      : runAsNewOwner(() => this.holding(fn, options));
  }

  /** @internal */
  isOwned(): boolean {
    return this.ownedBy(currentContext().token);
  }

  /** @internal */
  releaseSave(): number {
    const count = this.words[COUNT]!;
    this.words[COUNT] = 1;
    this.release();
    return count;
  }

  /** @internal */
  async acquireRestore(saved: number): Promise<void> {
    const token = currentContext().token;
    // Uncancellable: a cancelled Condition.wait takes its lock back before it throws, as asyncio's.
    await this.permits.acquire(UNCANCELLABLE);
    this.own(token, saved);
  }

  private ownedBy(token: number): boolean {
    const w = this.words;
    return Atomics.load(w, OWNER_THREAD) === THREAD_ID && Atomics.load(w, OWNER_TOKEN) === token;
  }

  private reenter(token: number): boolean {
    if (!this.ownedBy(token)) return false;
    this.words[COUNT] = this.words[COUNT]! + 1;
    return true;
  }

  private own(token: number, count: number): void {
    const w = this.words;
    w[COUNT] = count;
    Atomics.store(w, OWNER_TOKEN, token);
    Atomics.store(w, OWNER_THREAD, THREAD_ID);
    noteAcquired(this);
  }
}
