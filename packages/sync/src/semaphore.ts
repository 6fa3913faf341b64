import type { LockHandle, LockOptions } from './internal/permit-lock.js';
import { EXTRA, PermitLock } from './internal/permit-lock.js';
import { checkInteger, type WaitOptions } from './internal/options.js';
import { MAX_PERMITS, Permits } from './internal/permits.js';

/** Word holding the initial value (the bound of a BoundedSemaphore). */
const INITIAL = EXTRA;
const WORDS = EXTRA + 1;

type SemaphoreKind = 'Semaphore' | 'BoundedSemaphore';

/** The shared form of a {@link Semaphore}. */
export type SharedSemaphore = LockHandle<'Semaphore'>;
/** The shared form of a {@link BoundedSemaphore}. */
export type SharedBoundedSemaphore = LockHandle<'BoundedSemaphore'>;

const TRUE = Promise.resolve(true);

/**
 * A counting semaphore (Python's `threading.Semaphore`) for async tasks and worker threads:
 * at most `value` holders at once. `release` may raise the count above the initial value;
 * use {@link BoundedSemaphore} to forbid that.
 *
 * @example
 * ```ts
 * import { Semaphore } from '@skein/sync';
 * const slots = new Semaphore(2);
 * let running = 0, peak = 0;
 * await Promise.all([1, 2, 3, 4, 5].map(() => slots.withLock(async () => {
 *   peak = Math.max(peak, ++running); await new Promise((r) => setTimeout(r, 5)); running--;
 * })));
 * console.log(peak); // 2
 * ```
 */
export class Semaphore extends PermitLock<SemaphoreKind> {
  protected readonly tracked = false;
  /** The most permits that may be free: the initial value when bounded. */
  readonly #bound: number;

  constructor(value?: number, options?: LockOptions);
  /** @internal */
  constructor(
    value: number,
    options: LockOptions | undefined,
    from: LockHandle<SemaphoreKind> | undefined,
    kind: SemaphoreKind,
  );
  constructor(
    value = 1,
    options?: LockOptions,
    from?: LockHandle<SemaphoreKind>,
    kind: SemaphoreKind = 'Semaphore',
  ) {
    if (from === undefined) checkInteger(value, `new ${kind}(value)`, 0, MAX_PERMITS);
    super(kind, WORDS, from, options, (w) => {
      Permits.init(w, value);
      w[INITIAL] = value;
    });
    this.#bound = kind === 'BoundedSemaphore' ? this.words[INITIAL]! : MAX_PERMITS;
  }

  override acquire(options?: WaitOptions): Promise<boolean> {
    return options === undefined && this.permits.takeNow() ? TRUE : super.acquire(options);
  }

  /**
   * Revives a semaphore sent from another thread with `toShared()` (a bounded one comes back
   * as a {@link BoundedSemaphore}).
   *
   * @example
   * ```ts
   * import { Semaphore } from '@skein/sync';
   * console.log(Semaphore.fromShared(new Semaphore(3).toShared()).value); // 3
   * ```
   */
  static fromShared(handle: SharedSemaphore | SharedBoundedSemaphore): Semaphore {
    return handle?.__skein === 'BoundedSemaphore'
      ? new BoundedSemaphore(0, undefined, handle)
      : new Semaphore(0, undefined, handle, 'Semaphore');
  }

  /** Permits free right now. */
  get value(): number {
    return this.permits.available();
  }

  /**
   * Returns `n` permits (default 1), waking up to `n` waiters.
   *
   * @example
   * ```ts
   * import { Semaphore } from '@skein/sync';
   * const s = new Semaphore(0);
   * s.release(2);
   * console.log(s.value); // 2
   * ```
   */
  release(n = 1): void {
    if (n !== 1) checkInteger(n, `${this.kind}.release(n)`, 1, MAX_PERMITS);
    if (!this.permits.release(n, this.#bound)) {
      throw new RangeError(`${this.kind}.release: more than ${this.#bound} permits would be free`);
    }
  }
}

/**
 * A semaphore that refuses to be released above its initial value: `release` then throws
 * `RangeError` (Python's `ValueError`), which catches a release without a matching acquire.
 * A subclass of {@link Semaphore}, as in Python.
 *
 * @example
 * ```ts
 * import { BoundedSemaphore } from '@skein/sync';
 * const s = new BoundedSemaphore(1);
 * try { s.release(); } catch (e) { console.log(e instanceof RangeError); } // true
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  constructor(value?: number, options?: LockOptions);
  /** @internal */
  constructor(value: number, options: LockOptions | undefined, from: SharedBoundedSemaphore);
  constructor(value = 1, options?: LockOptions, from?: SharedBoundedSemaphore) {
    super(value, options, from, 'BoundedSemaphore');
  }

  /**
   * Revives a bounded semaphore sent from another thread with `toShared()`.
   *
   * @example
   * ```ts
   * import { BoundedSemaphore } from '@skein/sync';
   * console.log(BoundedSemaphore.fromShared(new BoundedSemaphore(2).toShared()).value); // 2
   * ```
   */
  static override fromShared(handle: SharedBoundedSemaphore): BoundedSemaphore {
    return new BoundedSemaphore(0, undefined, handle);
  }

  /** The plain object that carries this semaphore to another thread. */
  override toShared(): SharedBoundedSemaphore {
    return super.toShared() as SharedBoundedSemaphore;
  }
}
