import { deserializeError as rebuild, type SerializedError } from '@skein/sync/serialize-error';
import {
  BrokenExecutorError,
  CancelledError,
  ExecutorShutdownError,
  QueueFullError,
  TimeoutError,
  WorkerCrashedError,
} from '../errors.js';

/** The pool's own errors, by code; made with the original message. */
const POOL_ERRORS: Readonly<Record<string, (message: string) => Error>> = {
  ERR_CANCELLED: (m) => new CancelledError(m),
  ERR_TIMEOUT: (m) => new TimeoutError(m),
  ERR_WORKER_CRASHED: (m) => new WorkerCrashedError(m, null, null),
  ERR_BROKEN_EXECUTOR: (m) => new BrokenExecutorError(m),
  ERR_EXECUTOR_SHUTDOWN: (m) => new ExecutorShutdownError(m),
  ERR_QUEUE_FULL: () => new QueueFullError(0),
};

/**
 * Rebuilds an error a worker sent, as `@skein/sync/serialize-error` does, then turns each error
 * in it (the error, its causes, an `AggregateError`'s `errors`) whose `code` and `name` both are
 * one of the pool's errors into that class. The name is what tells the pool's own errors from a
 * task's error that happens to use one of its codes: that one keeps its name.
 */
export function deserializeError(data: SerializedError): Error {
  return asPoolError(rebuild(data), new Map());
}

function asPoolError(error: Error, seen: Map<Error, Error>): Error {
  const known = seen.get(error);
  if (known !== undefined) return known;
  const out = poolErrorLike(error) ?? error;
  seen.set(error, out);
  if (out !== error) {
    define(out, 'message', error.message); // QueueFullError writes its own
    define(out, 'stack', error.stack);
  }
  if ('cause' in error) {
    const cause = error.cause instanceof Error ? asPoolError(error.cause, seen) : error.cause;
    if (out !== error || cause !== error.cause) define(out, 'cause', cause);
  }
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors)) {
    errors.forEach((item, i) => {
      if (item instanceof Error) errors[i] = asPoolError(item, seen);
    });
  }
  return out;
}

/** The pool's class for `error`'s code, when its name is that class's too. */
function poolErrorLike(error: Error): Error | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !Object.hasOwn(POOL_ERRORS, code)) return undefined;
  const made = POOL_ERRORS[code]!(error.message);
  return made.name === error.name ? made : undefined;
}

/** Non-enumerable, as on a thrown error. */
function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    configurable: true,
    writable: true,
    enumerable: false,
  });
}
