export { Future, type FutureState } from './future.js';
export type {
  Executor,
  ExecutorOptions,
  TaskOptions,
  MapOptions,
  MapResults,
  ShutdownOptions,
  TaskFunction,
  ExportName,
  ArgsOf,
  ResultOf,
} from './executor.js';
export { ThreadPoolExecutor, type ThreadPoolOptions } from './thread-pool.js';
export { ProcessPoolExecutor, type ProcessPoolOptions } from './process-pool.js';
export {
  asCompleted,
  wait,
  type ReturnWhen,
  type WaitForFuturesOptions,
  type DoneAndNotDone,
} from './wait.js';
export type { WaitOptions } from './internal/wait-options.js';
export {
  SkeinError,
  isSkeinError,
  TimeoutError,
  CancelledError,
  WorkerCrashedError,
  BrokenExecutorError,
  ExecutorShutdownError,
  QueueFullError,
} from './errors.js';
export { Pool, AsyncResult, type PoolOptions, type AsyncOptions } from './multiprocessing-pool.js';
