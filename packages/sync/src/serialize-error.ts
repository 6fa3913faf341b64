// Errors across thread and process boundaries, for every Skein package. This module imports
// nothing, so a worker that reports an error with it loads neither this package's index nor
// any error class.

/**
 * A value that is not an `Error` (a thrown string, a non-error `cause`, an item of an
 * `AggregateError`'s `errors`), already made structured-cloneable: a copy made with
 * `structuredClone`, or `String(value)` when that fails.
 *
 * @example
 * ```ts
 * import { serializeError, type SerializedValue } from '@skein/sync/serialize-error';
 * const cause = serializeError(new Error('x', { cause: () => 1 })).cause as SerializedValue;
 * console.log(cause.value); // '() => 1'
 * ```
 */
export interface SerializedValue {
  value: unknown;
}

/**
 * An error as it crosses a thread or process boundary: a plain, structured-cloneable object
 * made by {@link serializeError} and turned back into an `Error` by {@link deserializeError}.
 *
 * @example
 * ```ts
 * import { serializeError, type SerializedError } from '@skein/sync/serialize-error';
 * const data: SerializedError = serializeError(Object.assign(new RangeError('bad'), { code: 'E_BAD' }));
 * console.log(data.name, data.message, data.code); // RangeError bad E_BAD
 * ```
 */
export interface SerializedError {
  name: string;
  message: string;
  stack: string | undefined;
  /** The error's `code`, made cloneable; `undefined` when it had none. */
  code: unknown;
  /** Present when the error had an own `cause` (even an `undefined` one). */
  cause?: SerializedError | SerializedValue;
  /** The `errors` of an `AggregateError` (or of any error whose `errors` is an array). */
  errors?: Array<SerializedError | SerializedValue>;
  /** Present (`true`) when the error was a Skein error (carried the Skein brand). */
  skein?: true;
  /**
   * The error's other own enumerable properties as `[key, value]` pairs, values made cloneable:
   * a system error's `errno`, `syscall` and `path`, an HTTP error's `status`. Absent when none.
   */
  props?: Array<[string, unknown]>;
}

/** The brand every Skein error carries (see errors.ts); kept across the boundary. */
const BRAND = Symbol.for('skein.error');

/**
 * Makes an error of one's own from a serialised one's `message` and revived `errors`; passed to
 * {@link deserializeError} by `code`.
 *
 * @example
 * ```ts
 * import type { ErrorFactory } from '@skein/sync/serialize-error';
 * class GoneError extends Error { readonly code = 'ERR_GONE'; override readonly name = 'GoneError'; }
 * const gone: ErrorFactory = (message) => new GoneError(message);
 * console.log(gone('bye', []).name); // GoneError
 * ```
 */
export type ErrorFactory = (message: string, errors: unknown[]) => Error;

/**
 * A package's own error classes by `code`, for {@link deserializeError}.
 *
 * @example
 * ```ts
 * import type { KnownErrors } from '@skein/sync/serialize-error';
 * import { TimeoutError } from '@skein/sync';
 * const known: KnownErrors = { ERR_TIMEOUT: (message) => new TimeoutError(message) };
 * console.log(Object.keys(known)); // [ 'ERR_TIMEOUT' ]
 * ```
 */
export type KnownErrors = Readonly<Record<string, ErrorFactory>>;

/**
 * Turns any thrown value into a structured-cloneable {@link SerializedError} that keeps the
 * error's `name`, `message`, `stack`, `code`, `cause` (recursively), an `AggregateError`'s
 * `errors`, its other own enumerable properties (`errno`, `syscall`, `path`...) and whether it
 * was a Skein error. A value that is not an `Error` becomes an `Error` whose `cause.value` holds it.
 * Values that cannot be cloned (a function, a socket in `code` or `cause`) are kept as
 * `String(value)`. A cause cycle is cut where it closes (that `cause` becomes `undefined`); an
 * error reached twice without a cycle is serialised once and shared. Never throws.
 *
 * @example
 * ```ts
 * import { MessageChannel } from 'node:worker_threads';
 * import { serializeError, deserializeError } from '@skein/sync/serialize-error';
 * const { port1, port2 } = new MessageChannel();
 * port2.once('message', (data) => {
 *   const error = deserializeError(data);
 *   console.log(error instanceof TypeError, error.message, (error.cause as Error).message); // true outer inner
 *   port2.close();
 * });
 * port1.postMessage(serializeError(new TypeError('outer', { cause: new Error('inner') })));
 * ```
 */
export function serializeError(error: unknown): SerializedError {
  return serializeIn(error, new Map());
}

/** `null` while an error's serialisation is in progress (a reference to it closes a cycle). */
type Seen = Map<object, SerializedError | null>;

function serializeIn(error: unknown, seen: Seen): SerializedError {
  if (!isError(error)) {
    return {
      name: 'Error',
      message: toText(error),
      stack: undefined,
      code: undefined,
      cause: { value: cloneable(error) },
    };
  }
  seen.set(error, null);
  const name = read(error, 'name');
  const message = read(error, 'message');
  const stack = read(error, 'stack');
  const out: SerializedError = {
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : toText(message),
    stack: typeof stack === 'string' ? stack : undefined,
    code: cloneable(read(error, 'code')),
  };
  if (read(error, BRAND) === true) out.skein = true;
  const props = ownProps(error);
  if (props.length > 0) out.props = props;
  if (has(error, 'cause')) out.cause = slot(read(error, 'cause'), seen);
  const errors = read(error, 'errors');
  if (Array.isArray(errors)) out.errors = errors.map((item) => slot(item, seen));
  seen.set(error, out);
  return out;
}

/** The fields serializeIn carries on their own. */
const CARRIED = new Set(['name', 'message', 'stack', 'code', 'cause', 'errors']);

function ownProps(error: object): Array<[string, unknown]> {
  let keys: string[];
  try {
    keys = Object.keys(error);
  } catch {
    return []; // a Proxy whose ownKeys trap throws
  }
  const props: Array<[string, unknown]> = [];
  for (const key of keys) if (!CARRIED.has(key)) props.push([key, cloneable(read(error, key))]);
  return props;
}

function slot(value: unknown, seen: Seen): SerializedError | SerializedValue {
  if (!isError(value)) return { value: cloneable(value) };
  const done = seen.get(value);
  if (done === undefined) return serializeIn(value, seen);
  return done ?? { value: undefined }; // null: an ancestor, so this reference closes a cycle
}

/** JavaScript's built-in error classes, by name. */
const BUILT_IN: KnownErrors = {
  Error: (m) => new Error(m),
  TypeError: (m) => new TypeError(m),
  RangeError: (m) => new RangeError(m),
  SyntaxError: (m) => new SyntaxError(m),
  ReferenceError: (m) => new ReferenceError(m),
  EvalError: (m) => new EvalError(m),
  URIError: (m) => new URIError(m),
  AggregateError: (m, errors) => new AggregateError(errors, m),
};

/**
 * Rebuilds an `Error` from {@link serializeError}'s data (after it crossed a boundary): an error
 * whose `code` is in `known` by that factory, when what it makes has the error's `name` (another
 * class that borrowed the code keeps its own name), JavaScript's built-in classes (`TypeError`,
 * `RangeError`, `AggregateError`, ...) by `name`, anything else as a plain `Error` with the same
 * `name` and `code` (and the Skein brand if it had it, so `isSkeinError` and `instanceof` of
 * its Skein class still hold). `message`, `stack`, `cause` and `errors` are restored as on a thrown error
 * (`stack`, `cause` and `errors` non-enumerable), the other properties as enumerable ones, over
 * what a `known` factory set (not over a property it made non-configurable); an error that was shared in the data is
 * rebuilt once. Never throws, unless a factory in `known` does.
 *
 * @example
 * ```ts
 * import { serializeError, deserializeError } from '@skein/sync/serialize-error';
 * import { TimeoutError } from '@skein/sync';
 * const data = structuredClone(serializeError(new TimeoutError('too slow')));
 * const error = deserializeError(data, { ERR_TIMEOUT: (message) => new TimeoutError(message) });
 * console.log(error instanceof TimeoutError, error.message); // true too slow
 * ```
 */
export function deserializeError(data: SerializedError, known: KnownErrors = {}): Error {
  return deserializeIn(data, known, new Map());
}

function deserializeIn(
  data: SerializedError,
  known: KnownErrors,
  seen: Map<object, Error | null>,
): Error {
  seen.set(data, null);
  const errors = data.errors?.map((item) => revive(item, known, seen)) ?? [];
  const made =
    typeof data.code === 'string' ? lookUp(known, data.code)?.(data.message, errors) : undefined;
  // A known code makes its class only under that class's name: a task's TypeError that borrows
  // ERR_TIMEOUT stays a TypeError (the name is what `instanceof` checks across copies, too).
  const own = made?.name === data.name ? made : undefined;
  const error = own ?? (lookUp(BUILT_IN, data.name) ?? BUILT_IN.Error!)(data.message, errors);
  if (own === undefined) {
    if (error.name !== data.name) define(error, 'name', data.name);
    if (data.code !== undefined) define(error, 'code', data.code, true);
    // A Skein error of a package `known` does not cover (a QueueEmpty in a pool task) stays
    // one: `isSkeinError` and `instanceof` (by brand and name) still recognise it.
    if (data.skein === true) Object.defineProperty(error, BRAND, { value: true });
  }
  // Constructors may write their own message (ExceptionGroup counts its errors): keep the original.
  if (error.message !== data.message) define(error, 'message', data.message);
  if (data.errors !== undefined && !Array.isArray((error as { errors?: unknown }).errors))
    define(error, 'errors', errors);
  if (data.stack !== undefined) define(error, 'stack', data.stack);
  // The error's own values win over what a factory set (a `WorkerCrashedError` rebuilt from its
  // message alone has a null exitCode); a property the class made fixed stays as it is.
  for (const [key, value] of data.props ?? []) {
    if (Object.getOwnPropertyDescriptor(error, key)?.configurable !== false)
      define(error, key, value, true);
  }
  seen.set(data, error);
  if (data.cause !== undefined) define(error, 'cause', revive(data.cause, known, seen));
  return error;
}

function revive(
  item: SerializedError | SerializedValue,
  known: KnownErrors,
  seen: Map<object, Error | null>,
): unknown {
  if (!('name' in item)) return item.value;
  const done = seen.get(item);
  if (done === undefined) return deserializeIn(item, known, seen);
  return done ?? undefined; // null: data with a cycle (serializeError never makes one)
}

function lookUp(table: KnownErrors, key: string): ErrorFactory | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function define(target: object, key: string, value: unknown, enumerable = false): void {
  Object.defineProperty(target, key, { value, configurable: true, writable: true, enumerable });
}

function isError(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  try {
    // An error from another realm (a `vm` context) fails `instanceof` but has the tag.
    return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
  } catch {
    return false; // a Proxy whose traps throw
  }
}

/** An own or inherited property that may be a throwing getter. */
function read(target: object, key: string | symbol): unknown {
  try {
    return (target as Record<string | symbol, unknown>)[key];
  } catch {
    return undefined;
  }
}

function has(target: object, key: string): boolean {
  try {
    return key in target;
  } catch {
    return false;
  }
}

function cloneable(value: unknown): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function'))
    return typeof value === 'symbol' ? toText(value) : value;
  try {
    return structuredClone(value);
  } catch {
    return toText(value);
  }
}

function toText(value: unknown): string {
  try {
    return String(value);
  } catch {
    // Object.create(null); a Proxy whose traps throw.
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return `[${typeof value}]`;
    }
  }
}
