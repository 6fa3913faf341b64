import { CancelledError, InvalidStateError, LookupError, TimeoutError } from '../errors.js';

/** An error as it crosses a thread boundary. */
export interface SerializedError {
  name: string;
  message: string;
  stack: string | undefined;
  code: unknown;
  cause?: SerializedError | { value: unknown };
}

/** Keeps `name`, `message`, `stack`, `code` and `cause` of an error for `postMessage`. */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) {
    return { name: 'Error', message: String(error), stack: undefined, code: undefined, cause: { value: error } };
  }
  const out: SerializedError = {
    name: error.name,
    message: error.message,
    stack: error.stack,
    code: (error as { code?: unknown }).code,
  };
  if ('cause' in error) out.cause = error.cause instanceof Error ? serializeError(error.cause) : { value: error.cause };
  return out;
}

const KNOWN: Record<string, new (message?: string) => Error> = {
  ERR_CANCELLED: CancelledError,
  ERR_TIMEOUT: TimeoutError,
  ERR_INVALID_STATE: InvalidStateError,
  ERR_LOOKUP: LookupError,
};

/** Rebuilds an error from {@link serializeError}: known classes by `code`, else a plain Error with the same fields. */
export function deserializeError(data: SerializedError): Error {
  const Known = typeof data.code === 'string' ? KNOWN[data.code] : undefined;
  const error = Known !== undefined ? new Known(data.message) : new Error(data.message);
  if (Known === undefined) {
    Object.defineProperty(error, 'name', { value: data.name, configurable: true, writable: true });
    if (data.code !== undefined) Object.defineProperty(error, 'code', { value: data.code, configurable: true, writable: true, enumerable: true });
  }
  if (data.stack !== undefined) error.stack = data.stack;
  if (data.cause !== undefined) {
    const cause = 'name' in data.cause ? deserializeError(data.cause) : data.cause.value;
    Object.defineProperty(error, 'cause', { value: cause, configurable: true, writable: true });
  }
  return error;
}
