/** What every waiting call accepts. */
export interface WaitOptions {
  /** Give up after this many milliseconds (>= 0; `Infinity` or omitted: wait forever). */
  timeout?: number | undefined;
  /** Give up when this signal aborts; the call then rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

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

/**
 * Checks `opts` at the call site and throws a TypeError/RangeError naming the bad field.
 * `where` and `method` name the call (`Lock`, `acquire`); they are joined only for an error,
 * so the hot path builds no string.
 */
export function parseWait(
  opts: WaitOptions | undefined,
  where: string,
  method?: string,
): ParsedWait {
  if (opts === undefined) return FOREVER;
  const at = (): string => (method === undefined ? where : `${where}.${method}`);
  if (typeof opts !== 'object' || opts === null) {
    throw new TypeError(`${at()}: options must be an object, got ${describe(opts)}`);
  }
  const { timeout, signal } = opts;
  if (timeout !== undefined) checkTimeout(timeout, `${at()}: options.timeout`);
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(`${at()}: options.signal must be an AbortSignal, got ${describe(signal)}`);
  }
  if (timeout === undefined && signal === undefined) return FOREVER;
  return { timeout: timeout ?? Infinity, signal };
}

/** Throws a TypeError unless a constructor's `options` is an object or undefined. */
export function checkOptions(options: unknown, where: string): void {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  }
}

/** Throws unless `ms` is a number >= 0 (`Infinity`: wait forever). */
export function checkTimeout(ms: unknown, what: string): asserts ms is number {
  if (typeof ms !== 'number' || Number.isNaN(ms)) {
    throw new TypeError(`${what} must be a number of milliseconds, got ${describe(ms)}`);
  }
  if (ms < 0) {
    throw new RangeError(`${what} must be a number >= 0, got ${ms}`);
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

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'object':
      return `an object (${v.constructor?.name ?? 'Object'})`;
    case 'string':
      return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    case 'function':
      return 'a function';
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
