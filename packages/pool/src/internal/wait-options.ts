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

/** The longest delay `setTimeout` takes; it fires a longer one after 1 ms. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Checks `timeout` (a number >= 0 or undefined) and returns it, or undefined (no timeout) for
 * `Infinity`, as `@skein/sync` reads it. A finite timeout beyond `setTimeout`'s limit (~24.8 days)
 * is cut to it.
 */
export function checkTimeout(timeout: unknown, where: string): number | undefined {
  if (timeout === undefined) return undefined;
  if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) {
    throw new RangeError(
      `${where}: timeout must be a number >= 0 (ms), got ${typeof timeout === 'number' ? timeout : typeof timeout}`,
    );
  }
  if (timeout === Infinity) return undefined;
  return Math.min(timeout, MAX_DELAY);
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
  const timeout = checkTimeout(options?.timeout, where);
  const signal = options?.signal;
  if (signal?.aborted === true) return Promise.reject(signal.reason);
  return new Promise<boolean>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): void => {
      if (timer !== undefined) clearTimeout(timer);
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
      timer = setTimeout(() => {
        finish();
        if (quietTimeout) resolve(false);
        else reject(new TimeoutError(`${where}: timed out after ${timeout} ms`));
      }, timeout);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
