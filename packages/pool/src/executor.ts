import type { TransferListItem } from 'node:worker_threads';
import type { Future } from './future.js';
import type { WaitOptions } from './internal/wait-options.js';

/**
 * Any function a task may run.
 *
 * @example
 * ```ts
 * import type { TaskFunction } from '@skein/pool';
 * const square: TaskFunction = (x: number) => x * x;
 * ```
 */
export type TaskFunction = (...args: any[]) => unknown;

/**
 * The names of the exported functions of a task module type `M` (e.g. `typeof import('./tasks.js')`).
 *
 * @example
 * ```ts
 * import type { ExportName } from '@skein/pool';
 * type Names = ExportName<{ fib(n: number): number; version: string }>; // 'fib'
 * ```
 */
export type ExportName<M> = { [K in keyof M]-?: M[K] extends TaskFunction ? K : never }[keyof M] &
  string;

/**
 * The arguments of export `K` of `M`, or of function `F`.
 *
 * @example
 * ```ts
 * import type { ArgsOf } from '@skein/pool';
 * type A = ArgsOf<(a: number, b: string) => void>; // [a: number, b: string]
 * ```
 */
export type ArgsOf<F> = F extends (...args: infer A) => any ? A : never;

/**
 * What a task of function `F` resolves to (its return value, awaited).
 *
 * @example
 * ```ts
 * import type { ResultOf } from '@skein/pool';
 * type R = ResultOf<() => Promise<number>>; // number
 * ```
 */
export type ResultOf<F> = F extends (...args: any[]) => infer R ? Awaited<R> : never;

/**
 * Options of `ThreadPoolExecutor` and `ProcessPoolExecutor`.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor, type ExecutorOptions } from '@skein/pool';
 * const options: ExecutorOptions = { module: new URL('./tasks.js', import.meta.url), maxWorkers: 2, maxTasksPerWorker: 1000 };
 * await using pool = new ThreadPoolExecutor(options);
 * ```
 */
export interface ExecutorOptions<M = Record<string, TaskFunction>> {
  /** The task module whose exports `submit('name', ...)` runs: a URL, a `file:` URL string or a path. */
  module?: string | URL | undefined;
  /** Workers at most (an integer >= 1). Default `os.availableParallelism()`. */
  maxWorkers?: number | undefined;
  /** An export of `module` each worker calls with `initargs` before its first task; if it throws, the executor breaks (`BrokenExecutorError`). */
  initializer?: ExportName<M> | undefined;
  /** Arguments of `initializer`. Default `[]`. `@skein/sync` objects among them arrive revived in a thread worker, as task arguments do. */
  initargs?: unknown[] | undefined;
  /** A worker is replaced by a fresh one after running this many tasks. Default unlimited. */
  maxTasksPerWorker?: number | undefined;
  /** A worker with nothing to do for this many ms exits (a new one starts when work comes). Default: never. */
  idleTimeout?: number | undefined;
  /** Tasks waiting for a worker at most (queued, or handed to a busy worker and not started); `submit` beyond it returns a future rejected with `QueueFullError`, `map` waits. Default unlimited. */
  maxQueue?: number | undefined;
}

/**
 * Per-task options of `submitWith`.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor, type TaskOptions } from '@skein/pool';
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
 * const buffer = new ArrayBuffer(1024);
 * const options: TaskOptions = { transfer: [buffer], timeout: 1000 };
 * console.log(await pool.submitWith(options, (b: ArrayBuffer) => b.byteLength, buffer)); // 1024
 * ```
 */
export interface TaskOptions {
  /** ArrayBuffers (or MessagePorts) among the arguments to move to the worker instead of copying. */
  transfer?: TransferListItem[] | undefined;
  /** Aborting it fails the task with `signal.reason`: before it starts, it never runs; while it runs, its worker is stopped and replaced. */
  signal?: AbortSignal | undefined;
  /** As `signal`, with `TimeoutError` after this many ms. */
  timeout?: number | undefined;
}

/**
 * Options of `map` and `mapUnordered`.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor, type MapOptions } from '@skein/pool';
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
 * const options: MapOptions = { chunksize: 100, timeout: 5000 };
 * for await (const y of pool.map((x: number) => x * 2, [1, 2, 3], options)) console.log(y);
 * ```
 */
export interface MapOptions {
  /** Items per task (one message, one future). Default 1; raise it for many small items. */
  chunksize?: number | undefined;
  /** Ms from the `map` call after which waiting for the next result throws `TimeoutError` (the rest is cancelled). */
  timeout?: number | undefined;
  /** Aborting it ends the iteration with `signal.reason` and cancels what has not started. */
  signal?: AbortSignal | undefined;
}

/**
 * What `map` and `mapUnordered` return: an async iterator over the results, plus `toArray()`,
 * which collects what is left with one `await` per chunk instead of one per item (a `for await`
 * step costs more than a trivial task: use `toArray()` when you want every result anyway).
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor } from '@skein/pool';
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
 * const squares = await pool.map((x: number) => x * x, [1, 2, 3, 4], { chunksize: 2 }).toArray();
 * console.log(squares); // [1, 4, 9, 16]
 * ```
 */
export interface MapResults<R> extends AsyncIterableIterator<R> {
  /** Every result not yet yielded, as one array; rejects like the iteration would (the rest is cancelled). */
  toArray(): Promise<R[]>;
}

/**
 * Options of `shutdown`.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor, type ShutdownOptions } from '@skein/pool';
 * const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
 * const options: ShutdownOptions = { wait: true, cancelFutures: true };
 * await pool.shutdown(options);
 * ```
 */
export interface ShutdownOptions extends WaitOptions {
  /** Resolve only once every task is done and every worker has exited. Default true. */
  wait?: boolean | undefined;
  /** Cancel every task that has not started. Default false. */
  cancelFutures?: boolean | undefined;
  /** With `wait`: give up waiting after this many ms (`TimeoutError`); the shutdown goes on. */
  timeout?: number | undefined;
  /** With `wait`: stop waiting when aborted (rejects with `signal.reason`); the shutdown goes on. */
  signal?: AbortSignal | undefined;
}

/**
 * What `ThreadPoolExecutor` and `ProcessPoolExecutor` share (`concurrent.futures.Executor`).
 * `M` is the type of the task module, e.g. `typeof import('./tasks.js')`.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor, ProcessPoolExecutor, type Executor } from '@skein/pool';
 * async function total(pool: Executor): Promise<number> {
 *   let sum = 0;
 *   for await (const y of pool.map((x: number) => x * x, [1, 2, 3])) sum += y;
 *   return sum;
 * }
 * await using threads = new ThreadPoolExecutor({ maxWorkers: 2 });
 * await using processes = new ProcessPoolExecutor({ maxWorkers: 2 });
 * console.log(await total(threads), await total(processes)); // 14 14
 * ```
 */
export interface Executor<M = Record<string, TaskFunction>> extends AsyncDisposable {
  /**
   * Runs export `fn` of the task module, or the self-contained function `fn`, with `args` in a
   * worker. Throws `DataCloneError` at once for an argument that cannot cross, `TypeError` for a
   * function that cannot be shipped. The future rejects with `ExecutorShutdownError` after
   * `shutdown`, `QueueFullError` when `maxQueue` tasks wait, `WorkerCrashedError` if the worker
   * dies while running it, or the task's own error.
   */
  submit<K extends ExportName<M>>(fn: K, ...args: ArgsOf<M[K]>): Future<ResultOf<M[K]>>;
  submit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Future<Awaited<R>>;
  /** {@link Executor.submit} with per-task options: `transfer`, `signal`, `timeout`. */
  submitWith<K extends ExportName<M>>(
    options: TaskOptions,
    fn: K,
    ...args: ArgsOf<M[K]>
  ): Future<ResultOf<M[K]>>;
  submitWith<A extends unknown[], R>(
    options: TaskOptions,
    fn: (...args: A) => R,
    ...args: A
  ): Future<Awaited<R>>;
  /**
   * Runs `fn(item)` for every item; yields the results in input order. A task's error is thrown
   * at its place and cancels the rest. `toArray()` collects them all at once (see {@link MapResults}).
   */
  map<K extends ExportName<M>>(
    fn: K,
    items: Iterable<ArgsOf<M[K]>[0]> | AsyncIterable<ArgsOf<M[K]>[0]>,
    options?: MapOptions,
  ): MapResults<ResultOf<M[K]>>;
  map<A, R>(
    fn: (item: A) => R,
    items: Iterable<A> | AsyncIterable<A>,
    options?: MapOptions,
  ): MapResults<Awaited<R>>;
  /** As {@link Executor.map}, yielding results as they complete. */
  mapUnordered<K extends ExportName<M>>(
    fn: K,
    items: Iterable<ArgsOf<M[K]>[0]> | AsyncIterable<ArgsOf<M[K]>[0]>,
    options?: MapOptions,
  ): MapResults<ResultOf<M[K]>>;
  mapUnordered<A, R>(
    fn: (item: A) => R,
    items: Iterable<A> | AsyncIterable<A>,
    options?: MapOptions,
  ): MapResults<Awaited<R>>;
  /**
   * Stops accepting tasks; see {@link ShutdownOptions}. A `map` called before still submits the
   * rest of its input (unless `cancelFutures`), and the shutdown waits for it. Calling it again is
   * harmless.
   */
  shutdown(options?: ShutdownOptions): Promise<void>;
}
