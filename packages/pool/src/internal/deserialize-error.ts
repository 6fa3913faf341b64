import {
  deserializeError as rebuild,
  type KnownErrors,
  type SerializedError,
} from '@skein/sync/serialize-error';
import {
  BrokenExecutorError,
  CancelledError,
  ExecutorShutdownError,
  QueueFullError,
  TimeoutError,
  WorkerCrashedError,
} from '../errors.js';

/** The pool's own errors, by code (each only under its own name: a task's error that borrows a code keeps its class). */
const POOL_ERRORS: KnownErrors = {
  ERR_CANCELLED: (m) => new CancelledError(m),
  ERR_TIMEOUT: (m) => new TimeoutError(m),
  ERR_WORKER_CRASHED: (m) => new WorkerCrashedError(m, null, null),
  ERR_BROKEN_EXECUTOR: (m) => new BrokenExecutorError(m),
  ERR_EXECUTOR_SHUTDOWN: (m) => new ExecutorShutdownError(m),
  ERR_QUEUE_FULL: () => new QueueFullError(0),
};

/** Rebuilds an error a worker sent: the pool's errors as their classes, the rest as `@skein/sync/serialize-error` does. */
export function deserializeError(data: SerializedError): Error {
  return rebuild(data, POOL_ERRORS);
}
