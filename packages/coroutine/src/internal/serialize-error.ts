import {
  CancelledError,
  ExceptionGroup,
  InvalidStateError,
  LookupError,
  TimeoutError,
} from '../errors.js';

/** An error as it crosses a thread boundary. */
export interface SerializedError {
  name: string;
  message: string;
  stack: string | undefined;
  code: unknown;
  cause?: SerializedError | { value: unknown };
  /** The `errors` of an `AggregateError` (or `ExceptionGroup`). */
  errors?: Array<SerializedError | { value: unknown }>;
}

type Slot = SerializedError | { value: unknown };

/** Keeps `name`, `message`, `stack`, `code`, `cause` and an AggregateError's `errors` for `postMessage`. */
export function serializeError(error: unknown): SerializedError {
  return serializeIn(error, new Set());
}

function serializeIn(error: unknown, seen: Set<unknown>): SerializedError {
  if (!(error instanceof Error)) {
    return {
      name: 'Error',
      message: String(error),
      stack: undefined,
      code: undefined,
      cause: { value: error },
    };
  }
  seen.add(error);
  const out: SerializedError = {
    name: error.name,
    message: error.message,
    stack: error.stack,
    code: (error as { code?: unknown }).code,
  };
  const slot = (value: unknown): Slot =>
    value instanceof Error && !seen.has(value)
      ? serializeIn(value, seen)
      : { value: value instanceof Error ? undefined : value };
  if ('cause' in error) out.cause = slot(error.cause);
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors)) out.errors = errors.map(slot);
  return out;
}

type Make = (message: string, errors: unknown[]) => Error;

/** The package's own errors, by code (their `instanceof` checks the code, so a copy could not lie about it). */
const OWN: Record<string, Make> = {
  ERR_CANCELLED: (m) => new CancelledError(m),
  ERR_TIMEOUT: (m) => new TimeoutError(m),
  ERR_INVALID_STATE: (m) => new InvalidStateError(m),
  ERR_LOOKUP: (m) => new LookupError(m),
  ERR_EXCEPTION_GROUP: (m, errors) => new ExceptionGroup('', errors),
};

/** JavaScript's built-in error classes, by name. */
const BUILT_IN: Record<string, Make> = {
  Error: (m) => new Error(m),
  TypeError: (m) => new TypeError(m),
  RangeError: (m) => new RangeError(m),
  SyntaxError: (m) => new SyntaxError(m),
  ReferenceError: (m) => new ReferenceError(m),
  EvalError: (m) => new EvalError(m),
  URIError: (m) => new URIError(m),
  AggregateError: (m, errors) => new AggregateError(errors, m),
};

function define(target: object, key: string, value: unknown, enumerable = false): void {
  Object.defineProperty(target, key, { value, configurable: true, writable: true, enumerable });
}

/**
 * Rebuilds an error from {@link serializeError}: the package's errors by `code`, JavaScript's
 * built-in classes (`TypeError`, `RangeError`, `AggregateError`, ...) by `name`, anything else as
 * a plain `Error` with the same `name`; `message`, `stack`, `code`, `cause` and `errors` are kept.
 */
export function deserializeError(data: SerializedError): Error {
  const errors = data.errors?.map(revive) ?? [];
  const own =
    typeof data.code === 'string' && Object.hasOwn(OWN, data.code) ? OWN[data.code] : undefined;
  const builtIn = Object.hasOwn(BUILT_IN, data.name) ? BUILT_IN[data.name] : undefined;
  const error = (own ?? builtIn ?? BUILT_IN.Error!)(data.message, errors);
  if (own === undefined) {
    if (error.name !== data.name) define(error, 'name', data.name);
    if (data.code !== undefined) define(error, 'code', data.code, true);
  }
  // Constructors may decorate the message (ExceptionGroup counts its errors): keep the original.
  if (error.message !== data.message) define(error, 'message', data.message);
  if (data.errors !== undefined && !Array.isArray((error as { errors?: unknown }).errors))
    define(error, 'errors', errors);
  if (data.stack !== undefined) error.stack = data.stack;
  if (data.cause !== undefined) define(error, 'cause', revive(data.cause));
  return error;
}

function revive(slot: Slot): unknown {
  return 'name' in slot ? deserializeError(slot) : slot.value;
}
