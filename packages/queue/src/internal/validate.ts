import { checkWaitOptions, describe } from '@skein/sync/options';
import type { WaitOptions } from '../types.js';

export { describe };

/**
 * Checks the options of a call that can wait, at the call (`@skein/sync/options`: a TypeError or
 * RangeError naming the bad field). Returns the call's rejection when its signal is already
 * aborted (the call must then change nothing), otherwise `undefined`.
 */
export function checkWait(
  options: WaitOptions | undefined,
  owner: string,
  method: string,
): Promise<never> | undefined {
  if (options === undefined) return undefined;
  checkWaitOptions(options, owner, method);
  const signal = options.signal;
  return signal?.aborted === true ? Promise.reject(signal.reason as Error) : undefined;
}

/** Reads `maxsize` from constructor options: an integer; 0 or less (or omitted) is unbounded, as in CPython. */
export function readMaxsize(
  options: { readonly maxsize?: number | undefined } | undefined,
  where: string,
): number {
  if (options === undefined) return 0;
  checkObject(options, where);
  const { maxsize } = options;
  if (maxsize === undefined) return 0;
  if (typeof maxsize !== 'number' || Number.isNaN(maxsize)) {
    throw new TypeError(`${where}: options.maxsize must be an integer, got ${describe(maxsize)}`);
  }
  if (!Number.isSafeInteger(maxsize)) {
    throw new RangeError(`${where}: options.maxsize must be an integer, got ${maxsize}`);
  }
  return Math.max(maxsize, 0);
}

/** Throws a TypeError unless `options` is an object. */
export function checkObject(options: unknown, where: string): asserts options is object {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  }
}
