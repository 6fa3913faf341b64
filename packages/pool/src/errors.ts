/**
 * Errors of `@skein/pool`. Each has a stable `name` and `code`; branch on either.
 * They extend `SkeinError` from `@skein/sync`, so `isSkeinError(e, 'ERR_WORKER_CRASHED')` works
 * across copies of the packages. `TimeoutError` is `@skein/sync`'s own class.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor, CancelledError } from '@skein/pool';
 * const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
 * pool.submit(() => { const end = Date.now() + 50; while (Date.now() < end); });
 * const f = pool.submit(() => 1);
 * f.cancel();
 * await f.result().catch((e) => console.log(e instanceof CancelledError)); // true
 * await pool.shutdown();
 * ```
 */
import { SkeinError } from '@skein/sync';

export { SkeinError, isSkeinError, TimeoutError } from '@skein/sync';

/**
 * The future was cancelled before its task started; what its `result()` and `await` throw.
 *
 * @example
 * ```ts
 * import { CancelledError } from '@skein/pool';
 * console.log(new CancelledError().code); // 'ERR_CANCELLED'
 * ```
 */
export class CancelledError extends SkeinError {
  override readonly name = 'CancelledError';
  constructor(message = 'the future was cancelled') {
    super(message, 'ERR_CANCELLED');
  }
}

/**
 * The worker running the task died: it crashed, called `process.exit`, ran out of memory or was
 * killed. Only the task it was running fails with this error; the pool replaces the worker.
 * `exitCode`/`signal` say how it ended; `cause` holds the worker's error when there was one.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor, WorkerCrashedError } from '@skein/pool';
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
 * await pool.submit(() => process.exit(3)).then(undefined, (e) => console.log(e instanceof WorkerCrashedError, e.exitCode)); // true 3
 * console.log(await pool.submit(() => 'still works'));
 * ```
 */
export class WorkerCrashedError extends SkeinError {
  override readonly name = 'WorkerCrashedError';
  readonly exitCode: number | null;
  readonly signal: string | null;
  constructor(
    message: string,
    exitCode: number | null,
    signal: string | null,
    options?: ErrorOptions,
  ) {
    super(message, 'ERR_WORKER_CRASHED', options);
    this.exitCode = exitCode;
    this.signal = signal;
  }
}

/**
 * The executor can run no more tasks: its `initializer` failed in a worker (Python's
 * `BrokenThreadPool`/`BrokenProcessPool`). Every pending and later task fails with it; `cause`
 * is the initializer's error.
 *
 * @example
 * ```ts
 * import { BrokenExecutorError } from '@skein/pool';
 * console.log(new BrokenExecutorError('initializer failed').code); // 'ERR_BROKEN_EXECUTOR'
 * ```
 */
export class BrokenExecutorError extends SkeinError {
  override readonly name = 'BrokenExecutorError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'ERR_BROKEN_EXECUTOR', options);
  }
}

/**
 * `submit` was called after `shutdown()` (Python's `RuntimeError: cannot schedule new futures
 * after shutdown`); the returned future is already rejected with this error.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor, ExecutorShutdownError } from '@skein/pool';
 * const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
 * await pool.shutdown();
 * await pool.submit(() => 1).then(undefined, (e) => console.log(e instanceof ExecutorShutdownError)); // true
 * ```
 */
export class ExecutorShutdownError extends SkeinError {
  override readonly name = 'ExecutorShutdownError';
  constructor(message = 'cannot schedule new tasks after shutdown') {
    super(message, 'ERR_EXECUTOR_SHUTDOWN');
  }
}

/**
 * `submit` was called while `maxQueue` tasks were already waiting for a worker; the returned
 * future is already rejected with this error. `map` and `mapUnordered` never hit it: they wait
 * for room instead (backpressure).
 *
 * @example
 * ```ts
 * import { QueueFullError } from '@skein/pool';
 * console.log(new QueueFullError(10).code); // 'ERR_QUEUE_FULL'
 * ```
 */
export class QueueFullError extends SkeinError {
  override readonly name = 'QueueFullError';
  constructor(maxQueue: number) {
    super(`the task queue is full (maxQueue ${maxQueue})`, 'ERR_QUEUE_FULL');
  }
}
