/**
 * Error classes thrown by `@skein/coroutine`. Each has a stable `name` and `code`; `instanceof`
 * also accepts a Skein error of the same name from another package or copy (by brand), and an
 * error with the class's `code`, so it keeps working across packages, copies and threads.
 * They carry the Skein brand (`Symbol.for('skein.error')`, on the prototype) that
 * `isSkeinError` of the other Skein packages recognises.
 */

const brand = Symbol.for('skein.error');

function markSkein(...classes: Array<{ prototype: object }>): void {
  for (const c of classes) Object.defineProperty(c.prototype, brand, { value: true });
}

function hasCode(value: unknown, code: string): boolean {
  return typeof value === 'object' && value !== null && (value as { code?: unknown }).code === code;
}

const ordinaryHasInstance = Function.prototype[Symbol.hasInstance] as (
  this: unknown,
  value: unknown,
) => boolean;

/**
 * `value instanceof cls`, as every Skein package answers it: the prototype chain, or a Skein
 * error (by brand) of the same name, whichever package or copy made it (`@skein/sync`'s
 * `TimeoutError` is a `TimeoutError` here); for the package's own classes also an error with
 * their `code` (an error rebuilt on another thread without the brand).
 */
function isInstance(cls: { name: string }, own: unknown, code: string, value: unknown): boolean {
  if (ordinaryHasInstance.call(cls, value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  if (
    (value as Record<symbol, unknown>)[brand] === true &&
    (value as { name?: unknown }).name === cls.name
  )
    return true;
  return cls === own && hasCode(value, code);
}

/**
 * Thrown into (or out of) a task that was cancelled; what a cancelled task's `result()` throws.
 *
 * @example
 * ```ts
 * import { createTask, sleep, CancelledError } from '@skein/coroutine';
 * const task = createTask(() => sleep(1000));
 * task.cancel('bye');
 * await task.then(undefined, (e) => console.log(e instanceof CancelledError, e.message)); // true 'bye'
 * ```
 */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  readonly code = 'ERR_CANCELLED';
  /** Cancellation is control flow, not a fault: it is made without a costly stack trace. */
  constructor(message = '', options?: ErrorOptions) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message, options);
    Error.stackTraceLimit = limit;
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isInstance(this, CancelledError, 'ERR_CANCELLED', value);
  }
}

/**
 * Thrown when a deadline passes: `waitFor`, `timeout`, `asCompleted`, `Greenlet.get`.
 *
 * @example
 * ```ts
 * import { waitFor, sleep, TimeoutError } from '@skein/coroutine';
 * await waitFor(sleep(1000), 10).catch((e) => console.log(e instanceof TimeoutError)); // true
 * ```
 */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly code = 'ERR_TIMEOUT';
  constructor(message = 'timed out', options?: ErrorOptions) {
    super(message, options);
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isInstance(this, TimeoutError, 'ERR_TIMEOUT', value);
  }
}

/**
 * Thrown when an operation does not fit an object's state, e.g. `task.result()` before the task
 * is done, or adding a task to a `TaskGroup` that has finished.
 *
 * @example
 * ```ts
 * import { createTask, InvalidStateError } from '@skein/coroutine';
 * const task = createTask(async () => 1);
 * try { task.result(); } catch (e) { console.log(e instanceof InvalidStateError); } // true
 * ```
 */
export class InvalidStateError extends Error {
  override readonly name = 'InvalidStateError';
  readonly code = 'ERR_INVALID_STATE';
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isInstance(this, InvalidStateError, 'ERR_INVALID_STATE', value);
  }
}

/**
 * Thrown by `ContextVar.get()` when the variable has no value and no default (Python's `LookupError`).
 *
 * @example
 * ```ts
 * import { ContextVar, LookupError } from '@skein/coroutine';
 * const v = new ContextVar<number>('v');
 * try { v.get(); } catch (e) { console.log(e instanceof LookupError); } // true
 * ```
 */
export class LookupError extends Error {
  override readonly name = 'LookupError';
  readonly code = 'ERR_LOOKUP';
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isInstance(this, LookupError, 'ERR_LOOKUP', value);
  }
}

/**
 * Every failure of a `TaskGroup`, in the order they happened. It is an `AggregateError`, so
 * `errors` holds them; `exceptions` is the same array under Python's name.
 *
 * @example
 * ```ts
 * import { TaskGroup, ExceptionGroup } from '@skein/coroutine';
 * try {
 *   await TaskGroup.run((tg) => { tg.createTask(async () => { throw new Error('boom'); }); });
 * } catch (e) {
 *   if (e instanceof ExceptionGroup) console.log(e.errors.map((x) => (x as Error).message)); // ['boom']
 * }
 * ```
 */
export class ExceptionGroup extends AggregateError {
  override readonly name = 'ExceptionGroup';
  readonly code = 'ERR_EXCEPTION_GROUP';
  /**
   * Throws `TypeError` for a `message` that is not a string or `errors` that is not iterable, and
   * `RangeError` for no errors at all, as Python's `ExceptionGroup` (TypeError, ValueError).
   */
  constructor(message: string, errors: Iterable<unknown>) {
    if (typeof message !== 'string') {
      throw new TypeError(`ExceptionGroup: message must be a string, got ${typeof message}`);
    }
    const list =
      typeof (errors as { [Symbol.iterator]?: unknown } | null)?.[Symbol.iterator] === 'function'
        ? [...errors]
        : undefined;
    if (list === undefined) {
      throw new TypeError('ExceptionGroup: errors must be an iterable of errors');
    }
    if (list.length === 0) throw new RangeError('ExceptionGroup: errors must not be empty');
    super(list, `${message} (${list.length} sub-exception${list.length === 1 ? '' : 's'})`);
  }
  /** The failures, as Python names them. */
  get exceptions(): unknown[] {
    return this.errors;
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isInstance(this, ExceptionGroup, 'ERR_EXCEPTION_GROUP', value);
  }
}

/**
 * The loop thread `startLoopThread` started exited (its module called `process.exit` while
 * loading, or the thread was terminated) before its loop was ready. `exitCode` is the thread's
 * exit code.
 *
 * @example
 * ```ts
 * import { LoopThreadExitedError } from '@skein/coroutine';
 * const e = new LoopThreadExitedError(3);
 * console.log(e.name, e.code, e.exitCode); // LoopThreadExitedError ERR_LOOP_THREAD_EXITED 3
 * ```
 */
export class LoopThreadExitedError extends Error {
  override readonly name = 'LoopThreadExitedError';
  readonly code = 'ERR_LOOP_THREAD_EXITED';
  readonly exitCode: number;
  constructor(exitCode: number, message = `the loop thread exited with code ${exitCode}`) {
    super(message);
    this.exitCode = exitCode;
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isInstance(this, LoopThreadExitedError, 'ERR_LOOP_THREAD_EXITED', value);
  }
}

markSkein(
  CancelledError,
  TimeoutError,
  InvalidStateError,
  LookupError,
  ExceptionGroup,
  LoopThreadExitedError,
);
