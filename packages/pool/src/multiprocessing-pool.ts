import { describe } from '@skein/sync/options';
import { CancelledError } from './errors.js';
import type { ExportName, TaskFunction } from './executor.js';
import type { Future } from './future.js';
import { checkChunksize, checkTask, MapIterator } from './internal/map-iterator.js';
import { MAP, STARMAP, type Mode } from './internal/protocol.js';
import { Waiters } from './internal/waiters.js';
import { checkWait, waitFor, type WaitOptions } from './internal/wait-options.js';
import { ProcessPoolExecutor } from './process-pool.js';
import { ThreadPoolExecutor } from './thread-pool.js';
import { positiveInteger, type WorkerPoolExecutor } from './worker-pool.js';

/**
 * Options of {@link Pool}, named as in `multiprocessing.Pool`.
 *
 * @example
 * ```ts
 * import { Pool, type PoolOptions } from '@skein/pool';
 * const options: PoolOptions = { processes: 2, kind: 'thread', maxtasksperchild: 100 };
 * await using pool = new Pool(options);
 * ```
 */
export interface PoolOptions<M = Record<string, TaskFunction>> {
  /** Workers. Default `os.availableParallelism()`. */
  processes?: number | undefined;
  /** The task module whose exports the pool runs by name. */
  module?: string | URL | undefined;
  /** An export of `module` each worker calls with `initargs` first. */
  initializer?: ExportName<M> | undefined;
  initargs?: unknown[] | undefined;
  /** A worker is replaced after this many tasks (a chunk counts as one). Default unlimited. */
  maxtasksperchild?: number | undefined;
  /** Child processes (default, as Python) or worker threads. */
  kind?: 'process' | 'thread' | undefined;
}

/**
 * Callbacks of `applyAsync`, `mapAsync` and `starmapAsync`, and their `chunksize`.
 *
 * @example
 * ```ts
 * import { Pool, type AsyncOptions } from '@skein/pool';
 * await using pool = new Pool({ processes: 1, kind: 'thread' });
 * const options: AsyncOptions<number> = { callback: (v) => console.log(v), errorCallback: (e) => console.error(e) };
 * await pool.applyAsync((a: number) => a + 1, [1], options).wait();
 * ```
 */
export interface AsyncOptions<T> {
  /** Called with the result on success (before `get` resolves). Its errors become process warnings. */
  callback?: ((value: T) => void) | undefined;
  /** Called with the error on failure. Its errors become process warnings. */
  errorCallback?: ((error: unknown) => void) | undefined;
  /** Items per task for the map forms. Default: about a quarter of an even share per worker. */
  chunksize?: number | undefined;
}

/**
 * The pending result of `applyAsync`, `mapAsync` or `starmapAsync` (`multiprocessing.pool.AsyncResult`).
 *
 * @example
 * ```ts
 * import { Pool } from '@skein/pool';
 * await using pool = new Pool({ processes: 2, kind: 'thread' });
 * const r = pool.mapAsync((x: number) => x * x, [1, 2, 3]);
 * await r.wait({ timeout: 5000 });
 * console.log(r.ready(), r.successful(), await r.get()); // true true [1, 4, 9]
 * ```
 */
export class AsyncResult<T> {
  readonly #promise: Promise<T>;
  readonly #settled: Waiters;
  #state: 'pending' | 'ok' | 'failed' = 'pending';

  /** @internal */
  constructor(promise: Promise<T>, options: AsyncOptions<T>) {
    this.#promise = promise;
    this.#settled = new Waiters(
      promise.then(
        (value) => {
          this.#state = 'ok';
          if (options.callback !== undefined) report(() => options.callback!(value));
        },
        (error: unknown) => {
          this.#state = 'failed';
          if (options.errorCallback !== undefined) report(() => options.errorCallback!(error));
        },
      ),
    );
  }

  /**
   * The result; rejects with the task's error, `TimeoutError` after `timeout` ms, or `signal.reason`.
   * Bad options throw at the call.
   */
  get(options?: WaitOptions): Promise<T> {
    checkWait(options, 'AsyncResult.get');
    return this.#get(options);
  }

  async #get(options: WaitOptions | undefined): Promise<T> {
    await this.#wait(options, 'AsyncResult.get', false);
    return this.#promise;
  }

  /**
   * Waits until the result is ready, at most `timeout` ms (then it just returns). Rejects with
   * `signal.reason`. Bad options throw at the call.
   */
  wait(options?: WaitOptions): Promise<void> {
    checkWait(options, 'AsyncResult.wait');
    return this.#wait(options, 'AsyncResult.wait', true);
  }

  async #wait(options: WaitOptions | undefined, where: string, quiet: boolean): Promise<void> {
    if (this.#state !== 'pending') return;
    await waitFor((wake) => this.#settled.add(wake), options, where, quiet);
  }

  /** True once the result (or error) is there. */
  ready(): boolean {
    return this.#state !== 'pending';
  }

  /** True when it succeeded; throws `RangeError` (Python's `ValueError`) while not ready. */
  successful(): boolean {
    if (this.#state === 'pending')
      throw new RangeError('AsyncResult.successful: the result is not ready');
    return this.#state === 'ok';
  }
}

/** `chunksize` and callbacks from Python's positional form `(chunksize, { callback })` or one options object. */
function asyncOptions<T>(
  options: number | AsyncOptions<T> | undefined,
  callbacks: AsyncOptions<T> | undefined,
  where: string,
): AsyncOptions<T> {
  if (typeof options === 'number')
    return { ...checkCallbacks(callbacks ?? {}, where), chunksize: options };
  return checkCallbacks(options ?? callbacks ?? {}, where);
}

/**
 * Throws at the call for options that are no object or callbacks that are no functions: they
 * are only used once the result is in, where a mistake could only be a warning (or, for `null`
 * options, an unhandled rejection).
 */
function checkCallbacks<T>(options: AsyncOptions<T>, where: string): AsyncOptions<T> {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  for (const key of ['callback', 'errorCallback'] as const) {
    const fn: unknown = options[key];
    if (fn !== undefined && typeof fn !== 'function')
      throw new TypeError(`${where}: ${key} must be a function, got ${describe(fn)}`);
  }
  return options;
}

/** `starmap` runs `fn(...item)`: every item must be an array of arguments. */
function checkArgumentLists(items: unknown[], where: string): void {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!Array.isArray(item)) {
      const got = item === null ? 'null' : typeof item;
      throw new TypeError(`${where}: item ${i} must be an array of arguments, got ${got}`);
    }
  }
}

/**
 * The values of every chunk in input order once all are done, or else the first error to arrive,
 * also only once all are done (`multiprocessing.pool.MapResult`).
 */
async function joinChunks(chunks: Array<PromiseLike<ArrayLike<unknown>>>): Promise<unknown[]> {
  let failure: { error: unknown } | undefined;
  const noteFailure = (error: unknown): ArrayLike<unknown> => {
    failure ??= { error };
    return [];
  };
  const settled = await Promise.all(chunks.map((chunk) => chunk.then(undefined, noteFailure)));
  if (failure !== undefined) throw failure.error;
  const values: unknown[] = [];
  for (const chunk of settled) for (let i = 0; i < chunk.length; i++) values.push(chunk[i]);
  return values;
}

function report(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    const warning = new Error('a Pool callback threw', { cause: error });
    warning.name = 'PoolCallbackError';
    process.emitWarning(warning);
  }
}

/**
 * How many chunks `imap` keeps submitted and not yet consumed, per worker. It refills in bursts of
 * half that; with fewer, tiny tasks go out a few per message and run several times slower.
 */
const IMAP_CHUNKS_PER_WORKER = 64;

type Fn<M, K> = K extends ExportName<M> ? M[K] : K;
type ArgsOfFn<F> = F extends (...args: infer A) => any ? A : never;
type Result<F> = F extends (...args: any[]) => infer R ? Awaited<R> : never;
type Target<M> = ExportName<M> | TaskFunction;

/**
 * `multiprocessing.Pool` on `ProcessPoolExecutor` (default) or `ThreadPoolExecutor`
 * (`kind: 'thread'`). Functions are export names of `module` or self-contained functions.
 * `await using` (or `Symbol.asyncDispose`) terminates it, as Python's `with Pool() as p:`.
 *
 * @example
 * ```ts
 * import { Pool } from '@skein/pool';
 * const pool = new Pool({ processes: 2 });
 * console.log(await pool.map((x: number) => x * x, [1, 2, 3])); // [1, 4, 9]
 * console.log(await pool.starmap((a: number, b: number) => a + b, [[1, 2], [3, 4]])); // [3, 7]
 * pool.close();
 * await pool.join();
 * ```
 */
export class Pool<M = Record<string, TaskFunction>> {
  readonly #executor: WorkerPoolExecutor<M>;
  readonly #processes: number;
  readonly #kind: 'process' | 'thread';
  readonly #maxtasksperchild: number | undefined;
  #state: 'running' | 'closed' | 'terminated' = 'running';
  /** Whoever waits in `join` (the executor's shutdown promise is the same for every call). */
  #joined: Waiters | undefined;

  constructor(options: PoolOptions<M> = {}) {
    if (typeof options !== 'object' || options === null)
      throw new TypeError(`Pool: options must be an object, got ${describe(options)}`);
    const kind: unknown = options.kind ?? 'process';
    if (typeof kind !== 'string')
      throw new TypeError(`Pool: kind must be 'process' or 'thread', got ${typeof kind}`);
    if (kind !== 'process' && kind !== 'thread')
      throw new RangeError(`Pool: kind must be 'process' or 'thread', got '${kind}'`);
    // Checked here so that the error names the option the caller passed, not the executor's.
    const maxtasksperchild = positiveInteger(
      options.maxtasksperchild,
      undefined,
      'Pool: maxtasksperchild',
    );
    const executorOptions = {
      module: options.module,
      maxWorkers: positiveInteger(options.processes, undefined, 'Pool: processes'),
      initializer: options.initializer,
      initargs: options.initargs,
      maxTasksPerWorker: maxtasksperchild,
    };
    this.#executor =
      kind === 'thread'
        ? new ThreadPoolExecutor<M>(executorOptions)
        : new ProcessPoolExecutor<M>(executorOptions);
    this.#processes = this.#executor.maxWorkers;
    this.#kind = kind;
    this.#maxtasksperchild = maxtasksperchild;
  }

  /** The number of workers. */
  get processes(): number {
    return this.#processes;
  }

  /** `'process'` or `'thread'`. */
  get kind(): 'process' | 'thread' {
    return this.#kind;
  }

  /** Tasks per worker before it is replaced, or undefined (unlimited). */
  get maxtasksperchild(): number | undefined {
    return this.#maxtasksperchild;
  }

  /** Runs `fn(...args)` in a worker and resolves its result. */
  apply<K extends Target<M>>(fn: K, args?: ArgsOfFn<Fn<M, K>>): Promise<Result<Fn<M, K>>> {
    return Promise.resolve(this.#submit('Pool.apply', fn, args ?? []));
  }

  /** As {@link Pool.apply}, returning an {@link AsyncResult} and calling `callback`/`errorCallback`. */
  applyAsync<K extends Target<M>>(
    fn: K,
    args?: ArgsOfFn<Fn<M, K>>,
    options: AsyncOptions<Result<Fn<M, K>>> = {},
  ): AsyncResult<Result<Fn<M, K>>> {
    checkCallbacks(options, 'Pool.applyAsync');
    return new AsyncResult(
      Promise.resolve(this.#submit('Pool.applyAsync', fn, args ?? [])),
      options,
    );
  }

  /**
   * `fn(item)` for every item, as an array in input order. Chunked automatically unless `chunksize`
   * is given. A failing task does not stop the others: it rejects with the first error to arrive,
   * once every chunk is done.
   */
  map<K extends Target<M>>(
    fn: K,
    items: Iterable<ArgsOfFn<Fn<M, K>>[0]>,
    chunksize?: number | { chunksize?: number | undefined },
  ): Promise<Array<Result<Fn<M, K>>>> {
    const size = asyncOptions(chunksize, undefined, 'Pool.map').chunksize;
    return this.#collect('Pool.map', fn, items, size, MAP);
  }

  /** As {@link Pool.map}, returning an {@link AsyncResult}; `chunksize` may also come first, as in Python. */
  mapAsync<K extends Target<M>>(
    fn: K,
    items: Iterable<ArgsOfFn<Fn<M, K>>[0]>,
    options?: number | AsyncOptions<Array<Result<Fn<M, K>>>>,
    callbacks?: AsyncOptions<Array<Result<Fn<M, K>>>>,
  ): AsyncResult<Array<Result<Fn<M, K>>>> {
    const o = asyncOptions(options, callbacks, 'Pool.mapAsync');
    return new AsyncResult(this.#collect('Pool.mapAsync', fn, items, o.chunksize, MAP), o);
  }

  /** `fn(...args)` for every argument list (an array each, else a `TypeError` at the call), as {@link Pool.map}. */
  starmap<K extends Target<M>>(
    fn: K,
    items: Iterable<ArgsOfFn<Fn<M, K>>>,
    chunksize?: number | { chunksize?: number | undefined },
  ): Promise<Array<Result<Fn<M, K>>>> {
    return this.#collect(
      'Pool.starmap',
      fn,
      items,
      asyncOptions(chunksize, undefined, 'Pool.starmap').chunksize,
      STARMAP,
    );
  }

  /** As {@link Pool.starmap}, returning an {@link AsyncResult}; `chunksize` may also come first, as in Python. */
  starmapAsync<K extends Target<M>>(
    fn: K,
    items: Iterable<ArgsOfFn<Fn<M, K>>>,
    options?: number | AsyncOptions<Array<Result<Fn<M, K>>>>,
    callbacks?: AsyncOptions<Array<Result<Fn<M, K>>>>,
  ): AsyncResult<Array<Result<Fn<M, K>>>> {
    const o = asyncOptions(options, callbacks, 'Pool.starmapAsync');
    return new AsyncResult(this.#collect('Pool.starmapAsync', fn, items, o.chunksize, STARMAP), o);
  }

  /**
   * Lazily yields `fn(item)` in input order (`chunksize` default 1, a number or `{ chunksize }` as
   * for {@link Pool.map}). `items` (which may be endless) is read at most 64 chunks per worker
   * ahead of the results consumed, and closed (its `return()`) when the loop is left early.
   */
  imap<K extends Target<M>>(
    fn: K,
    items: Iterable<ArgsOfFn<Fn<M, K>>[0]> | AsyncIterable<ArgsOfFn<Fn<M, K>>[0]>,
    chunksize?: number | { chunksize?: number | undefined },
  ): AsyncIterableIterator<Result<Fn<M, K>>> {
    return this.#stream('Pool.imap', fn, items, chunksize, true);
  }

  /** As {@link Pool.imap}, in completion order. */
  imapUnordered<K extends Target<M>>(
    fn: K,
    items: Iterable<ArgsOfFn<Fn<M, K>>[0]> | AsyncIterable<ArgsOfFn<Fn<M, K>>[0]>,
    chunksize?: number | { chunksize?: number | undefined },
  ): AsyncIterableIterator<Result<Fn<M, K>>> {
    return this.#stream('Pool.imapUnordered', fn, items, chunksize, false);
  }

  /**
   * No more tasks; the workers exit once the submitted ones are done. An `imap` called before is
   * not cut short: it goes on reading its input as its results are consumed, and the workers wait
   * for it, as Python's do.
   */
  close(): void {
    if (this.#state !== 'running') return;
    this.#state = 'closed';
    void this.#executor.shutdown({ wait: false });
  }

  /** Stops the workers now: what has not run is cancelled, what runs fails with `CancelledError`. */
  terminate(): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    void this.#executor.terminate(new CancelledError('the pool was terminated'));
  }

  /**
   * Waits for the workers to exit after {@link Pool.close} or {@link Pool.terminate}; resolves
   * false if `timeout` ran out. Throws `RangeError` at the call while the pool runs (Python's
   * `ValueError`), and for bad options. After `close()` that includes every `imap` called before
   * reading its input: consume it (or leave its loop) first.
   */
  join(options?: WaitOptions): Promise<boolean> {
    if (this.#state === 'running')
      throw new RangeError('Pool.join: call close() or terminate() first');
    const closed = this.#executor.shutdown();
    const joined = (this.#joined ??= new Waiters(closed));
    return waitFor((wake) => joined.add(wake), options, 'Pool.join', true);
  }

  /** Terminates the pool (as leaving Python's `with Pool() as p:`) and waits for its workers. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.terminate();
    await this.join();
  }

  #checkRunning(): void {
    if (this.#state !== 'running') throw new RangeError('Pool not running');
  }

  #submit(where: string, fn: unknown, args: unknown[]): Future<any> {
    this.#checkRunning();
    checkTask(fn, where);
    if (!Array.isArray(args)) throw new TypeError(`${where}: args must be an array`);
    return this.#executor.submitUntyped(fn, args);
  }

  /**
   * Reads `items` and submits every chunk at the call, which throws (as `apply` does) for a closed
   * pool or a wrong argument. As in Python, a failed task does not stop the others: the result
   * settles once every chunk is done.
   */
  #collect(
    where: string,
    fn: unknown,
    items: Iterable<unknown>,
    chunksize: number | undefined,
    mode: Mode,
  ): Promise<any[]> {
    this.#checkRunning();
    checkTask(fn, where);
    const list = Array.isArray(items) ? items : [...items];
    if (mode === STARMAP) checkArgumentLists(list, where);
    const size =
      chunksize === undefined
        ? Math.max(1, Math.ceil(list.length / (this.#processes * 4)))
        : checkChunksize(chunksize, where);
    return joinChunks(this.#submitChunks(fn, mode, list, size));
  }

  /** One task per chunk; a chunk that cannot be sent fails alone, as in Python, and the others still run. */
  #submitChunks(
    fn: unknown,
    mode: Mode,
    list: unknown[],
    size: number,
  ): Array<PromiseLike<ArrayLike<unknown>>> {
    const chunks: Array<PromiseLike<ArrayLike<unknown>>> = [];
    for (let start = 0; start < list.length; start += size) {
      try {
        chunks.push(this.#executor.submitChunk(fn, mode, list.slice(start, start + size)));
      } catch (error) {
        chunks.push(Promise.reject(error));
      }
    }
    return chunks;
  }

  #stream(
    where: string,
    fn: unknown,
    items: Iterable<unknown> | AsyncIterable<unknown>,
    chunksize: number | { chunksize?: number | undefined } | undefined,
    ordered: boolean,
  ): AsyncIterableIterator<any> {
    this.#checkRunning();
    // Checked here, as map's are, so that the error names this call rather than the iterator's.
    checkTask(fn, where);
    const size = checkChunksize(asyncOptions(chunksize, undefined, where).chunksize, where);
    const lookahead = this.#processes * IMAP_CHUNKS_PER_WORKER;
    return new MapIterator(this.#executor, fn, items, { chunksize: size }, ordered, lookahead);
  }
}
