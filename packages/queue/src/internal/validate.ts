import type { WaitOptions } from '../types.js';

/**
 * Checks the options of a call that can wait, at the call: throws a TypeError/RangeError
 * naming the bad field. Returns the call's rejection when its signal is already aborted (the
 * call must then change nothing), otherwise `undefined`. Runs on every such call, so it builds
 * its `owner.method` label only when a check fails.
 */
export function checkWait(
  options: WaitOptions | undefined,
  owner: string,
  method: string,
): Promise<never> | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) checkObject(options, `${owner}.${method}`);
  const { timeout, signal } = options;
  if (
    timeout !== undefined &&
    (typeof timeout !== 'number' || !(timeout >= 0)) // Infinity: wait forever
  ) {
    checkTimeout(timeout, `${owner}.${method}`);
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(
      `${owner}.${method}: options.signal must be an AbortSignal, got ${describe(signal)}`,
    );
  }
  return signal?.aborted === true ? Promise.reject(signal.reason as Error) : undefined;
}

/** Throws the TypeError/RangeError that `timeout` deserves. */
function checkTimeout(timeout: unknown, where: string): never {
  if (typeof timeout !== 'number' || Number.isNaN(timeout)) {
    throw new TypeError(
      `${where}: options.timeout must be a number of milliseconds, got ${describe(timeout)}`,
    );
  }
  throw new RangeError(`${where}: options.timeout must be a number >= 0, got ${timeout}`);
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

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `an object (${v.constructor?.name ?? 'Object'})`;
  if (typeof v === 'string')
    return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'symbol') return v.toString();
  return `${typeof v} ${v as number | boolean | bigint | undefined}`;
}
