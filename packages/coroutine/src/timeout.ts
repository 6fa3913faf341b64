import { TimeoutError } from './errors.js';
import type { Awaitable } from './gather.js';
import { Park } from './internal/park.js';
import { checkTimeout, describe } from './internal/validate.js';
import { createTask, toTask, type ResultOf, type Task } from './task.js';
import { startTimer, stopTimer, type TimerHandle } from './internal/timers.js';

/**
 * Awaits `aw` for at most `ms` milliseconds, as `asyncio.wait_for`. On timeout it cancels
 * `aw` (promises and work become tasks), waits until that task has finished its cleanup, then
 * throws `TimeoutError` (its `cause` is the `CancelledError`); if the task swallowed the
 * cancellation and returned a value, that value is returned. `ms` null, undefined or `Infinity`
 * waits forever (Python's `None`). Cancelling the awaiting task cancels `aw`, and then its
 * `CancelledError` is thrown even if the deadline passes while `aw` cleans up, as in asyncio.
 * Throws `TypeError`/`RangeError` at the call for bad input.
 *
 * @example
 * ```ts
 * import { waitFor, sleep, TimeoutError } from '@skein/coroutine';
 * console.log(await waitFor(sleep(5, 'ok'), 1000)); // 'ok'
 * await waitFor(sleep(1000), 5).catch((e) => console.log(e instanceof TimeoutError)); // true
 * ```
 */
export function waitFor<A extends Awaitable<any>>(
  aw: A,
  ms: number | null | undefined,
): Promise<ResultOf<A>> {
  if (ms != null) checkTimeout(ms, 'waitFor: ms');
  const inner = toTask<ResultOf<A>>(aw, 'waitFor');
  // As CPython's wait_for: a zero timeout cancels at once whatever has not finished.
  return deadline(inner, ms, 'waitFor', ms === 0);
}

/**
 * Runs `fn` as a child task with a deadline, as `async with asyncio.timeout(ms)`: when `ms`
 * passes, the task is cancelled (its signal aborts, what it awaits is cancelled), and once it
 * has cleaned up `timeout` throws `TimeoutError` (unless the task awaiting `timeout` was
 * cancelled too: then its `CancelledError`). `fn` is an async or generator function and
 * gets the task's `AbortSignal`. The child runs in a copy of the caller's context. With `ms` 0,
 * as `asyncio.timeout(0)` runs its block up to its first suspension, `fn` still starts and the
 * deadline passes on the next timer turn: a body that awaits nothing (or only settled promises)
 * returns its value; one that waits on a timer or I/O is cancelled there.
 *
 * @example
 * ```ts
 * import { timeout, sleep } from '@skein/coroutine';
 * const value = await timeout(1000, async (signal) => sleep(5, 'in time', { signal })); // 'in time'
 * ```
 */
export function timeout<R>(
  ms: number | null | undefined,
  fn:
    | ((signal: AbortSignal) => R | PromiseLike<R>)
    | ((signal: AbortSignal) => Generator<unknown, R, any>),
): Promise<Awaited<R>> {
  if (ms != null) checkTimeout(ms, 'timeout: ms');
  if (typeof fn !== 'function')
    throw new TypeError(`timeout: expected a function, got ${describe(fn)}`);
  const inner: Task<Awaited<R>> = createTask<R>(fn as (signal: AbortSignal) => R);
  return deadline(inner, ms, 'timeout', false);
}

function deadline<T>(
  inner: Task<T>,
  ms: number | null | undefined,
  where: string,
  cancelAtOnce: boolean,
): Promise<T> {
  let expired = false;
  // As asyncio.timeout counts the task's cancel requests: when the caller was cancelled too
  // (before or after the deadline), its CancelledError goes on, not a TimeoutError.
  let callerCancelled = false;
  const park = new Park<T>(undefined, (msg) => {
    callerCancelled = true;
    return inner.cancel(msg);
  });
  let timer: TimerHandle | undefined;
  if (cancelAtOnce) {
    expired = inner.cancel();
  } else if (ms != null && ms !== Infinity) {
    timer = startTimer(() => {
      expired = true;
      inner.cancel();
    }, ms);
  }
  inner.listen((t) => {
    stopTimer(timer);
    if (t.state === 'done') {
      if (t._failed()) park.reject(t.exception());
      else park.resolve(t.result());
      return;
    }
    let cancelled: unknown;
    try {
      t.result();
    } catch (error) {
      cancelled = error;
    }
    park.reject(
      expired && !callerCancelled
        ? new TimeoutError(`${where}: timed out after ${ms} ms`, { cause: cancelled })
        : cancelled,
    );
  });
  return park.promise;
}
