import {
  BrokenExecutorError,
  CancelledError,
  ExecutorShutdownError,
  QueueFullError,
  TimeoutError,
  WorkerCrashedError,
} from '../errors.js';
import type { SerializedError } from './serialize-error.js';

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
