import { checkTimeout as checkMilliseconds, checkWaitOptions } from '@skein/sync/options';
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
 * Checks a timeout (see `@skein/sync/options`; `what` names it) and returns it, or undefined (no
 * timeout) for undefined and `Infinity`. Timers of any length come from `@skein/sync/timers`.
 */
export function checkTimeout(timeout: unknown, what: string): number | undefined {
  if (timeout === undefined) return undefined;
  checkMilliseconds(timeout, what);
  return timeout === Infinity ? undefined : timeout;
}

/**
 * Checks a waiting call's `{ timeout, signal }` as every Skein package does (a bad one throws at
 * the call) and returns the timeout: undefined when there is none.
 */
export function checkWait(options: unknown, where: string): number | undefined {
  checkWaitOptions(options, where);
  const timeout = options?.timeout;
  return timeout === Infinity ? undefined : timeout;
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
