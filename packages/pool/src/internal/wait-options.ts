import { startTimer, stopTimer, type TimerHandle } from '@skein/sync/timers';
import { TimeoutError } from '../errors.js';

/**
 * What every call that can wait accepts.
 *
 * @example
 * ```ts
 * import type { WaitOptions } from '@skein/pool';
 * const options: WaitOptions = { timeout: 1000, signal: AbortSignal.timeout(5000) };
 * ```
 */
export interface WaitOptions {
  /** Milliseconds to wait at most; then `TimeoutError` (or `false`/the partial result where the call says so). */
  timeout?: number | undefined;
  /** Aborting it rejects the wait with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/**
 * Checks `timeout` (a number >= 0 or undefined) and returns it, or undefined (no timeout) for
 * `Infinity`, as `@skein/sync` reads it. Timers of any length come from `@skein/sync/timers`.
 */
export function checkTimeout(timeout: unknown, where: string): number | undefined {
  if (timeout === undefined) return undefined;
  if (typeof timeout !== 'number' || Number.isNaN(timeout)) {
    throw new TypeError(
      `${where}: timeout must be a number of ms, got ${typeof timeout === 'number' ? timeout : typeof timeout}`,
    );
  }
  if (timeout < 0) throw new RangeError(`${where}: timeout must be >= 0, got ${timeout}`);
  return timeout === Infinity ? undefined : timeout;
}

/**
 * Checks a waiting call's `{ timeout, signal }` (as `@skein/sync` does, so a bad one throws at
 * the call) and returns the timeout: undefined when there is none.
 */
export function checkWait(options: unknown, where: string): number | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`${where}: options must be an object, got ${typeof options}`);
  const { timeout, signal } = options as WaitOptions;
  if (signal !== undefined && !(signal instanceof AbortSignal))
    throw new TypeError(`${where}: options.signal must be an AbortSignal`);
  return checkTimeout(timeout, where);
}

/**
 * Waits until `subscribe`'s callback fires, the timeout passes (rejects `TimeoutError`, or resolves
 * `false` when `quietTimeout`) or the signal aborts (rejects `signal.reason`). `subscribe` returns
 * its unsubscribe function. Timeouts use `setTimeout`, so fake timers drive them.
 */
export function waitFor(
  subscribe: (wake: () => void) => () => void,
  options: WaitOptions | undefined,
  where: string,
  quietTimeout = false,
): Promise<boolean> {
  const timeout = checkWait(options, where);
  const signal = options?.signal;
  if (signal?.aborted === true) return Promise.reject(signal.reason);
  return new Promise<boolean>((resolve, reject) => {
    let timer: TimerHandle | undefined;
    const finish = (): void => {
      stopTimer(timer);
      signal?.removeEventListener('abort', onAbort);
      unsubscribe();
    };
    const onAbort = (): void => {
      finish();
      reject(signal!.reason);
    };
    const unsubscribe = subscribe(() => {
      finish();
      resolve(true);
    });
    if (timeout !== undefined) {
      timer = startTimer(() => {
        finish();
        if (quietTimeout) resolve(false);
        else reject(new TimeoutError(`${where}: timed out after ${timeout} ms`));
      }, timeout);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
