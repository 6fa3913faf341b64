import {
  BrokenExecutorError,
  CancelledError,
  ExecutorShutdownError,
  QueueFullError,
  TimeoutError,
  WorkerCrashedError,
} from '../errors.js';

/** An error as it crosses a thread or process boundary. */
export interface SerializedError {
  name: string;
  message: string;
  stack: string | undefined;
  code: unknown;
  cause?: SerializedError | { value: unknown } | undefined;
}

/** Keeps `name`, `message`, `stack`, `code` and `cause` of an error; any other thrown value rides in `cause.value`. */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) {
    return {
      name: 'Error',
      message: String(error),
      stack: undefined,
      code: undefined,
      cause: { value: cloneable(error) },
    };
  }
  const out: SerializedError = {
    name: error.name,
    message: error.message,
    stack: error.stack,
    code: cloneable((error as { code?: unknown }).code),
  };
  if ('cause' in error)
    out.cause =
      error.cause instanceof Error
        ? serializeError(error.cause)
        : { value: cloneable(error.cause) };
  return out;
}

function cloneable(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return String(value);
  }
}

const BUILTIN: Record<string, ErrorConstructor> = {
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

const KNOWN: Record<string, (message: string) => Error> = {
  ERR_CANCELLED: (m) => new CancelledError(m),
  ERR_TIMEOUT: (m) => new TimeoutError(m),
  ERR_WORKER_CRASHED: (m) => new WorkerCrashedError(m, null, null),
  ERR_BROKEN_EXECUTOR: (m) => new BrokenExecutorError(m),
  ERR_EXECUTOR_SHUTDOWN: (m) => new ExecutorShutdownError(m),
  ERR_QUEUE_FULL: (m) => Object.assign(new QueueFullError(0), { message: m }),
};

/** Rebuilds an error from {@link serializeError}: Skein errors by `code`, built-in classes by `name`, else an `Error` with the same fields. */
export function deserializeError(data: SerializedError): Error {
  const known = typeof data.code === 'string' ? KNOWN[data.code] : undefined;
  let error: Error;
  if (known !== undefined) error = known(data.message);
  else {
    error = new (BUILTIN[data.name] ?? Error)(data.message);
    if (error.name !== data.name) define(error, 'name', data.name);
    if (data.code !== undefined) define(error, 'code', data.code);
  }
  if (data.stack !== undefined) define(error, 'stack', data.stack);
  if (data.cause !== undefined)
    define(error, 'cause', 'name' in data.cause ? deserializeError(data.cause) : data.cause.value);
  return error;
}

function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    configurable: true,
    writable: true,
    enumerable: false,
  });
}
