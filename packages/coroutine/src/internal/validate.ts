/** A short description of a bad argument for error messages. */
export function describe(value: unknown): string {
  switch (typeof value) {
    case 'function':
      return `function ${value.name || '(anonymous)'}`;
    case 'object':
      return value === null ? 'null' : Object.prototype.toString.call(value);
    case 'string':
      return JSON.stringify(value);
    case 'symbol':
      return value.toString();
    default:
      return String(value);
  }
}

/** A promise rejected with what user code threw, as is (not always an Error). */
export function rejectWith<T>(reason: unknown): Promise<T> {
  return Promise.reject(reason);
}

/** Throws a TypeError/RangeError at the call unless `ms` is a number >= 0 (Infinity allowed). */
export function checkMs(ms: unknown, where: string): asserts ms is number {
  if (typeof ms !== 'number' || Number.isNaN(ms)) {
    throw new TypeError(`${where} must be a number of milliseconds, got ${describe(ms)}`);
  }
  if (ms < 0) throw new RangeError(`${where} must be >= 0, got ${ms}`);
}

/** Options every waiting call accepts. */
export interface WaitOptions {
  /** Give up after this many milliseconds (>= 0). Omitted: wait forever. */
  timeout?: number | undefined;
  /** Give up when this signal aborts; the call then rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/** Checks `{ timeout, signal }` at the call site. */
export function checkWaitOptions(opts: WaitOptions | undefined, where: string): void {
  if (opts === undefined) return;
  if (typeof opts !== 'object' || opts === null) {
    throw new TypeError(`${where}: options must be an object, got ${describe(opts)}`);
  }
  if (opts.timeout !== undefined) checkMs(opts.timeout, `${where}: options.timeout`);
  if (opts.signal !== undefined && !(opts.signal instanceof AbortSignal)) {
    throw new TypeError(
      `${where}: options.signal must be an AbortSignal, got ${describe(opts.signal)}`,
    );
  }
}

/** True for anything with a callable `then`. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** True for a generator object (a started-or-not coroutine in Python's terms). */
export function isGenerator(value: unknown): value is Generator<unknown, unknown, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Generator).next === 'function' &&
    typeof (value as Generator).throw === 'function' &&
    typeof (value as Generator)[Symbol.iterator] === 'function'
  );
}
