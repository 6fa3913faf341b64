/**
 * Errors thrown by `@skein/sync`. Each has a stable `name` and `code`; branch on either.
 * `isSkeinError(e, 'ERR_LOCK')` also works when two copies of the package are loaded.
 *
 * @example
 * ```ts
 * import { Lock, LockError } from '@skein/sync';
 * try { new Lock().release(); } catch (e) { console.log(e instanceof LockError, (e as LockError).code); }
 * ```
 */
const brand = Symbol.for('skein.error');

/**
 * Base class of every error Skein defines: a stable `name`, a `code`, and an optional `cause`.
 * `instanceof` also recognises the same error made by another Skein package or another copy of
 * this one (by brand and name), so `e instanceof TimeoutError` holds whichever package threw it.
 */
export class SkeinError extends Error {
  readonly code: string;
  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, brand, { value: true });
  }

  static override [Symbol.hasInstance](x: unknown): boolean {
    return (
      (Function.prototype[Symbol.hasInstance] as (v: unknown) => boolean).call(this, x) ||
      (isSkeinError(x) && (this === SkeinError || (x as Error).name === this.name))
    );
  }
}

/** True when `e` is an error made by any copy of a Skein package, optionally with the given `code`. */
export function isSkeinError(e: unknown, code?: string): e is SkeinError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as Record<symbol, unknown>)[brand] === true &&
    (code === undefined || (e as SkeinError).code === code)
  );
}

/**
 * A lock was used in a way its state does not allow: releasing an unlocked `Lock`, releasing
 * an `RLock` from a context that does not own it, or `Condition.wait`/`notify` without the lock
 * (CPython's `RuntimeError`).
 *
 * @example
 * ```ts
 * import { Lock } from '@skein/sync';
 * try { new Lock().release(); } catch (e) { console.log((e as Error).name); } // LockError
 * ```
 */
export class LockError extends SkeinError {
  override readonly name = 'LockError';
  constructor(message: string) {
    super(message, 'ERR_LOCK');
  }
}

/**
 * `acquireAll`/`withAll` were asked for locks that sort before a lock the current context
 * already holds through them: taking them would break the global order that prevents deadlock.
 *
 * @example
 * ```ts
 * import { Lock, withAll, LockOrderError } from '@skein/sync';
 * const [a, b] = [new Lock(), new Lock()];
 * const [low, high] = a.orderKey < b.orderKey ? [a, b] : [b, a];
 * await withAll([high], () => withAll([low], () => {})).catch((e) => console.log(e instanceof LockOrderError));
 * ```
 */
export class LockOrderError extends SkeinError {
  override readonly name = 'LockOrderError';
  constructor(message: string) {
    super(message, 'ERR_LOCK_ORDER');
  }
}

/**
 * A `Barrier` was broken (a party timed out, was aborted, its action threw, or `abort()`/`reset()`
 * was called) while a party waited on it, or it was used while broken.
 *
 * @example
 * ```ts
 * import { Barrier, BrokenBarrierError } from '@skein/sync';
 * const b = new Barrier(2);
 * b.abort();
 * await b.wait().catch((e) => console.log(e instanceof BrokenBarrierError)); // true
 * ```
 */
export class BrokenBarrierError extends SkeinError {
  override readonly name = 'BrokenBarrierError';
  constructor(message = 'the barrier is broken') {
    super(message, 'ERR_BROKEN_BARRIER');
  }
}

/**
 * Deadlock detection saw two locks taken in both orders. `first`/`second` name the locks;
 * `earlierPlace` is where they were taken in one order, `place` where the other order was tried.
 *
 * @example
 * ```ts
 * import { Lock, enableDeadlockDetection, PotentialDeadlockError } from '@skein/sync';
 * enableDeadlockDetection();
 * const a = new Lock({ name: 'a' }), b = new Lock({ name: 'b' });
 * await a.withLock(() => b.withLock(() => {}));
 * await b.withLock(() => a.withLock(() => {})).catch((e) => console.log(e instanceof PotentialDeadlockError));
 * ```
 */
export class PotentialDeadlockError extends SkeinError {
  override readonly name = 'PotentialDeadlockError';
  readonly first: string;
  readonly second: string;
  readonly earlierPlace: string;
  readonly place: string;
  constructor(first: string, second: string, earlierPlace: string, place: string) {
    super(
      `potential deadlock: '${first}' is held while acquiring '${second}' at\n  ${place}\n` +
        `but '${second}' was held while acquiring '${first}' at\n  ${earlierPlace}`,
      'ERR_POTENTIAL_DEADLOCK',
    );
    this.first = first;
    this.second = second;
    this.earlierPlace = earlierPlace;
    this.place = place;
  }
}

/**
 * A wait with a `timeout` ran out where the API has no `false` to return (e.g. `withLock`).
 *
 * @example
 * ```ts
 * import { Lock, TimeoutError } from '@skein/sync';
 * const lock = new Lock();
 * await lock.acquire();
 * await lock.withLock(() => {}, { timeout: 10 }).catch((e) => console.log(e instanceof TimeoutError));
 * ```
 */
export class TimeoutError extends SkeinError {
  override readonly name = 'TimeoutError';
  constructor(message: string) {
    super(message, 'ERR_TIMEOUT');
  }
}
