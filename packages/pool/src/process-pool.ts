import { fork, type ChildProcess } from 'node:child_process';
import { setImmediate } from 'node:timers';
import { fileURLToPath } from 'node:url';
import type { ExecutorOptions, TaskFunction } from './executor.js';
import { WorkerPoolExecutor, type LaneInit } from './worker-pool.js';
import { Lane, type LaneHost } from './internal/lane.js';
import type { FromWorker, ToWorker } from './internal/protocol.js';
import type { Task } from './internal/task.js';

const entry = fileURLToPath(new URL('./entry/child.js', import.meta.url));

/**
 * Options of {@link ProcessPoolExecutor}: those of every executor, plus the children's `execArgv`.
 *
 * @example
 * ```ts
 * import { ProcessPoolExecutor, type ProcessPoolOptions } from '@skein/pool';
 * const options: ProcessPoolOptions = { maxWorkers: 2, execArgv: ['--max-old-space-size=256'] };
 * await using pool = new ProcessPoolExecutor(options);
 * ```
 */
export interface ProcessPoolOptions<M = Record<string, TaskFunction>> extends ExecutorOptions<M> {
  /** Node options of each child process. Default `[]`. */
  execArgv?: string[] | undefined;
}

/**
 * Runs tasks in child processes (`concurrent.futures.ProcessPoolExecutor`): `child_process.fork`
 * with `serialization: 'advanced'`, so arguments and results are structured-cloned (Maps, typed
 * arrays, Dates, errors, bigints…). A child that dies — even by `kill -9` — fails only the task
 * it was running, with `WorkerCrashedError`, and is replaced.
 *
 * Cancelling a task already handed to a child returns true unless it is the one the child is
 * running; the child then skips it. Processes share no memory, so a child that reached the task
 * before the cancellation arrived runs it, and its result is dropped.
 *
 * @example
 * ```ts
 * import { ProcessPoolExecutor } from '@skein/pool';
 * await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
 * console.log(await pool.submit(() => process.pid) !== process.pid); // true
 * ```
 */
export class ProcessPoolExecutor<M = Record<string, TaskFunction>> extends WorkerPoolExecutor<M> {
  readonly #execArgv: string[];

  constructor(options: ProcessPoolOptions<M> = {}) {
    super(options, 'ProcessPoolExecutor');
    this.#execArgv = options.execArgv ?? [];
  }

  protected override readonly _withdrawsExactly = false;

  protected override _spawn(init: LaneInit, host: LaneHost): Lane {
    return new ProcessLane(init, host, this.#execArgv);
  }

  protected override _prepare(arg: unknown): unknown {
    if (
      typeof arg === 'object' &&
      arg !== null &&
      typeof (arg as { toShared?: unknown }).toShared === 'function'
    ) {
      const kind = (arg.constructor as { name?: string } | undefined)?.name ?? 'object';
      throw new DOMException(
        `submit: a ${kind} shares memory between threads, not processes; use a ThreadPoolExecutor (or @skein/process-manager's proxies)`,
        'DataCloneError',
      );
    }
    return arg;
  }
}

/**
 * A child process. It runs its tasks in order and reports what finished before it starts a task
 * that may take long (and when it exits), so the oldest unanswered task is the one running.
 */
class ProcessLane extends Lane {
  readonly exactWithdraw = false;
  readonly #child: ChildProcess;
  #error: unknown;

  constructor(init: LaneInit, host: LaneHost, execArgv: string[]) {
    super();
    this.#child = fork(entry, [], {
      serialization: 'advanced',
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#child.on('message', (message: FromWorker) => host.onMessage(this, message));
    this.#child.on('error', (error) => (this.#error ??= error));
    // 'close' comes after every message the child sent has been delivered.
    this.#child.on('close', (code, signal) =>
      // The process handle finishes closing in the loop's next close phase: report after it, so a
      // shutdown resolves with nothing left. node:timers' own setImmediate, which fake timers leave alone.
      setImmediate(() => setImmediate(() => host.onExit(this, code, signal, this.#error))),
    );
    this.post({ init: { ...init, flags: undefined, reportBeforeSlowTasks: true } }, undefined);
  }

  post(message: ToWorker, _transfer?: unknown): void {
    if (this.#child.connected) this.#child.send(message);
  }

  withdraw(task: Task<any>): boolean {
    if (this.started(task)) return false;
    this.post({ cancel: task.seq });
    return true;
  }

  started(task: Task<any>): boolean {
    return this.ready && this.inFlight.peek() === task;
  }

  answered(): void {}

  stop(): void {
    this.#child.kill();
  }

  ref(): void {
    this.#child.ref();
    this.#child.channel?.ref();
  }

  unref(): void {
    this.#child.unref();
    this.#child.channel?.unref();
  }
}
