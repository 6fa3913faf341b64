import { checkTimeout, checkWaitOptions, describe, type WaitOptions } from '../options.js';

export { checkTimeout, describe, type WaitOptions };

/** Validated wait options: `timeout` is `Infinity` when none was given. */
export interface ParsedWait {
  timeout: number;
  signal: AbortSignal | undefined;
  /** Not even the running coroutine Task can cancel it (a Condition taking its lock back). */
  uncancellable?: true;
}

const FOREVER: ParsedWait = { timeout: Infinity, signal: undefined };

/** A wait without end that cancelling the running Task does not reach. */
export const UNCANCELLABLE: ParsedWait = {
  timeout: Infinity,
  signal: undefined,
  uncancellable: true,
};

/** Checks `opts` at the call site (see {@link checkWaitOptions}) and fills in the defaults. */
export function parseWait(
  opts: WaitOptions | undefined,
  where: string,
  method?: string,
): ParsedWait {
  if (opts === undefined) return FOREVER;
  checkWaitOptions(opts, where, method);
  const { timeout, signal } = opts;
  if (timeout === undefined && signal === undefined) return FOREVER;
  return { timeout: timeout ?? Infinity, signal };
}

/** Throws a TypeError unless a constructor's `options` is an object or undefined. */
export function checkOptions(options: unknown, where: string): void {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  }
}

/** Throws unless `n` is an integer in [min, max]. */
export function checkInteger(
  n: unknown,
  what: string,
  min: number,
  max = 2 ** 31 - 1,
): asserts n is number {
  if (typeof n !== 'number' || Number.isNaN(n)) {
    throw new TypeError(`${what} must be an integer, got ${describe(n)}`);
  }
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new RangeError(`${what} must be an integer from ${min} to ${max}, got ${n}`);
  }
}

/** Throws unless `fn` is a function. */
export function checkFunction(
  fn: unknown,
  what: string,
): asserts fn is (...args: never[]) => unknown {
  if (typeof fn !== 'function')
    throw new TypeError(`${what} must be a function, got ${describe(fn)}`);
}
