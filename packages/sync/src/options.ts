// The argument checks every Skein package runs on what a waiting call is given, so a bad
// `{ timeout, signal }` throws the same TypeError or RangeError, worded the same, wherever it is
// passed, and the value tests the packages share. This module imports nothing, so the packages
// that use it inline it at build.

/**
 * What every call that can wait accepts, in every Skein package.
 *
 * @example
 * ```ts
 * import { Lock } from '@skein/sync';
 * import type { WaitOptions } from '@skein/sync/options';
 * const options: WaitOptions = { timeout: 1000, signal: AbortSignal.timeout(5000) };
 * const lock = new Lock();
 * if (await lock.acquire(options)) lock.release();
 * ```
 */
export interface WaitOptions {
  /** Give up after this many milliseconds (>= 0; `Infinity` or omitted: wait forever). */
  timeout?: number | undefined;
  /** Give up when this signal aborts; the call then rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/**
 * A short description of a value for an error message: `null`, `number 5`, `the string "x"`,
 * `function f`, `an array`, `an object (Map)`.
 *
 * @example
 * ```ts
 * import { describe } from '@skein/sync/options';
 * console.log(describe(new Map())); // 'an object (Map)'
 * ```
 */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'object':
      return `an object (${(v as { constructor?: { name?: string } }).constructor?.name ?? 'Object'})`;
    case 'string':
      return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    case 'function':
      return `function ${v.name || '(anonymous)'}`;
    case 'symbol':
      return v.toString();
    case 'number':
    case 'bigint':
    case 'boolean':
      return `${typeof v} ${v}`;
    default:
      return 'undefined';
  }
}

/**
 * Throws unless `ms` is a number of milliseconds >= 0 (`Infinity`: wait forever): a TypeError
 * for a non-number or NaN, a RangeError for a negative number. `what` names the value.
 *
 * @example
 * ```ts
 * import { checkTimeout } from '@skein/sync/options';
 * checkTimeout(250, 'poll: interval'); // fine
 * try {
 *   checkTimeout(-1, 'poll: interval');
 * } catch (error) {
 *   console.log((error as Error).message); // 'poll: interval must be a number >= 0, got -1'
 * }
 * ```
 */
export function checkTimeout(ms: unknown, what: string): asserts ms is number {
  if (typeof ms !== 'number' || Number.isNaN(ms)) {
    throw new TypeError(`${what} must be a number of milliseconds, got ${describe(ms)}`);
  }
  if (ms < 0) throw new RangeError(`${what} must be a number >= 0, got ${ms}`);
}

/**
 * Checks a waiting call's options at the call: undefined, or an object whose `timeout` passes
 * {@link checkTimeout} and whose `signal` is an `AbortSignal`. `where` and `method` name the call
 * (`'Lock'`, `'acquire'`); they are joined only for an error, so a hot path builds no string.
 *
 * @example
 * ```ts
 * import { checkWaitOptions } from '@skein/sync/options';
 * checkWaitOptions({ timeout: 10 }, 'Channel', 'get'); // fine
 * try {
 *   checkWaitOptions({ signal: 'stop' }, 'Channel', 'get');
 * } catch (error) {
 *   console.log((error as Error).message);
 *   // 'Channel.get: options.signal must be an AbortSignal, got the string "stop"'
 * }
 * ```
 */
export function checkWaitOptions(
  opts: unknown,
  where: string,
  method?: string,
): asserts opts is WaitOptions | undefined {
  if (opts === undefined) return;
  const at = (): string => (method === undefined ? where : `${where}.${method}`);
  if (typeof opts !== 'object' || opts === null) {
    throw new TypeError(`${at()}: options must be an object, got ${describe(opts)}`);
  }
  const { timeout, signal } = opts as WaitOptions;
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout >= 0)) {
    checkTimeout(timeout, `${at()}: options.timeout`);
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(`${at()}: options.signal must be an AbortSignal, got ${describe(signal)}`);
  }
}

/**
 * True for anything `await` would wait on: an object or function with a `then` method (a
 * promise, a Skein `Task` or `Future`, another library's thenable).
 *
 * @example
 * ```ts
 * import { isThenable } from '@skein/sync/options';
 * console.log(isThenable(Promise.resolve(1)), isThenable({ then: 1 })); // true false
 * ```
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
