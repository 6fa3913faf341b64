import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';
import { isSharedHandle } from '@skein/sync';
import { Doorbell } from '@skein/sync/doorbell';
import type { ExecutorOptions, TaskFunction } from './executor.js';
import { WorkerPoolExecutor, type LaneInit } from './worker-pool.js';
import { IN_FLIGHT, Lane, type LaneHost } from './internal/lane.js';
import {
  FLAG_DONE,
  FLAG_PENDING,
  FLAG_RUNNING,
  FLAG_SKIP,
  type FromWorker,
  type ToWorker,
} from './internal/protocol.js';
import type { Task } from './internal/task.js';

const entry = new URL('./entry/worker.js', import.meta.url);

/**
 * Options of {@link ThreadPoolExecutor}: those of every executor, plus the worker threads' `resourceLimits`.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor, type ThreadPoolOptions } from '@skein/pool';
 * const options: ThreadPoolOptions = { maxWorkers: 2, resourceLimits: { maxOldGenerationSizeMb: 256 } };
 * await using pool = new ThreadPoolExecutor(options);
 * ```
 */
export interface ThreadPoolOptions<M = Record<string, TaskFunction>> extends ExecutorOptions<M> {
  /** Heap limits of each worker thread; a worker exceeding them dies and only its task fails (`WorkerCrashedError`). */
  resourceLimits?: ResourceLimits | undefined;
}

/**
 * Runs tasks on a pool of `worker_threads` (`concurrent.futures.ThreadPoolExecutor`, with real
 * parallelism). Tasks go to workers in batches, several in flight per worker; each worker runs
 * its tasks one at a time. `@skein/sync` objects among a task's arguments arrive revived.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor } from '@skein/pool';
 * // tasks.js: export function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
 * await using pool = new ThreadPoolExecutor<typeof import('./tasks.js')>({
 *   module: new URL('./tasks.js', import.meta.url),
 *   maxWorkers: 4,
 * });
 * const f = pool.submit('fib', 30);
 * const g = pool.submit((a: number, b: number) => a * b, 6, 7);
 * console.log(await f, await g.result({ timeout: 1000 })); // 832040 42
 * ```
 */
export class ThreadPoolExecutor<M = Record<string, TaskFunction>> extends WorkerPoolExecutor<M> {
  readonly #resourceLimits: ResourceLimits | undefined;

  constructor(options: ThreadPoolOptions<M> = {}) {
    super(options, 'ThreadPoolExecutor', true);
    const limits = options.resourceLimits;
    // `new Worker` ignores limits that are no object, so a typo would silently lift them.
    if (limits !== undefined && (typeof limits !== 'object' || limits === null))
      throw new TypeError('ThreadPoolExecutor: resourceLimits must be an object');
    this.#resourceLimits = limits;
  }

  protected override readonly _sharesFlags = true;

  protected override _spawn(init: LaneInit, host: LaneHost): Lane {
    return new ThreadLane(init, host, this.#resourceLimits);
  }

  protected override _prepare(arg: unknown): unknown {
    if (
      typeof arg !== 'object' ||
      arg === null ||
      typeof (arg as { toShared?: unknown }).toShared !== 'function'
    )
      return arg;
    const handle: unknown = (arg as { toShared(): unknown }).toShared();
    return isSharedHandle(handle) ? handle : arg;
  }
}

/** A worker thread. Its flag words tell, without a message, whether each handed-over task has started. */
class ThreadLane extends Lane {
  readonly sharesFlags = true;
  readonly #worker: Worker;
  readonly #flags = new Int32Array(new SharedArrayBuffer(IN_FLIGHT * 4));
  readonly #doorbell = new Doorbell();
  #error: unknown;

  constructor(init: LaneInit, host: LaneHost, resourceLimits: ResourceLimits | undefined) {
    super();
    this.#worker = new Worker(entry, {
      workerData: {
        ...init,
        flags: this.#flags.buffer,
        doorbell: this.#doorbell.buffer,
        reportBeforeSlowTasks: false,
      },
      ...(resourceLimits === undefined ? {} : { resourceLimits }),
    });
    this.#worker.on('message', (message: FromWorker) => host.onMessage(this, message));
    this.#worker.on('error', (error) => (this.#error ??= error));
    this.#worker.on('exit', (code) => host.onExit(this, code, null, this.#error));
  }

  post(message: ToWorker, transfer: TransferListItem[] | undefined): void {
    this.#worker.postMessage(message, transfer);
    this.#doorbell.ring();
  }

  withdraw(task: Task<any>): boolean {
    return (
      Atomics.compareExchange(this.#flags, task.seq % IN_FLIGHT, FLAG_PENDING, FLAG_SKIP) ===
      FLAG_PENDING
    );
  }

  started(task: Task<any>): boolean {
    const flag = Atomics.load(this.#flags, task.seq % IN_FLIGHT);
    return flag === FLAG_RUNNING || flag === FLAG_DONE;
  }

  finished(task: Task<any>): boolean {
    return Atomics.load(this.#flags, task.seq % IN_FLIGHT) === FLAG_DONE;
  }

  answered(seq: number): void {
    Atomics.store(this.#flags, seq % IN_FLIGHT, FLAG_PENDING);
  }

  protected terminate(): void {
    void this.#worker.terminate();
  }

  ref(): void {
    this.#worker.ref();
  }

  unref(): void {
    this.#worker.unref();
  }
}
