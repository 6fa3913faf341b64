import { fork, type ChildProcess } from 'node:child_process';
import { setImmediate } from 'node:timers';
import { fileURLToPath } from 'node:url';
import type { ExecutorOptions, TaskFunction } from './executor.js';
import { WorkerPoolExecutor, type LaneInit } from './worker-pool.js';
import { Lane, type LaneHost } from './internal/lane.js';
import { countTasks, GRANT_AHEAD_MS, type FromWorker, type ToWorker } from './internal/protocol.js';
import type { Task } from './internal/task.js';
import { deserializeError } from './internal/deserialize-error.js';

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
 * Processes share no memory, so a child runs a task it was handed only once the pool allows it
 * to, as it reaches the task: `cancel()` true means the task never runs. A child whose tasks take
 * under ~4 ms each is allowed all its tasks ahead, so none waits for a message round trip; those
 * can be cancelled only until the child has acknowledged them.
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
    super(options, 'ProcessPoolExecutor', false);
    const execArgv = options.execArgv ?? [];
    // Checked here: `fork` would take a string for its characters, and the child would die unready.
    if (!Array.isArray(execArgv) || !execArgv.every((arg) => typeof arg === 'string'))
      throw new TypeError('ProcessPoolExecutor: execArgv must be an array of strings');
    this.#execArgv = execArgv;
  }

  protected override readonly _sharesFlags = false;

  protected override _spawn(init: LaneInit, host: LaneHost): Lane {
    return new ProcessLane(init, host, this.#execArgv);
  }
}

/**
 * A child process. It runs its tasks in order and reports what finished before it starts a task
 * that may take long (and when it exits), so the oldest unanswered task is the one running. It
 * runs a task only once granted (the Grants protocol in protocol.ts).
 */
class ProcessLane extends Lane {
  readonly sharesFlags = false;
  readonly #child: ChildProcess;
  #error: unknown;
  /** Tasks sent so far. */
  #sent = 0;
  /** The last task the child acknowledged, and the last one it may run. */
  #received = -1;
  #granted = -1;
  /** How many `revoked` messages the child sent (see Grants in protocol.ts). */
  #revokes = 0;
  /** The task the child runs with the grants after it taken back, until it is answered (-1: none). */
  #held = -1;

  constructor(init: LaneInit, host: LaneHost, execArgv: string[]) {
    super();
    this.#child = fork(entry, [], {
      serialization: 'advanced',
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#child.on('message', (message: FromWorker) => {
      if (message.received !== undefined) {
        this.#received = message.received;
        if (this.#grantsAhead()) this.#grant(this.#received);
      } else if (message.waiting !== undefined)
        this.#grant(this.#grantsAhead() ? this.#received : message.waiting);
      else if (message.revoked !== undefined) {
        this.#revokes++;
        this.#granted = Math.min(this.#granted, message.revoked);
        this.#held = message.revoked;
      } else if (message.uncaught !== undefined) this.#error ??= deserializeError(message.uncaught);
      else host.onMessage(this, message);
    });
    this.#child.on('error', (error) => (this.#error ??= error));
    // 'close' comes after every message the child sent has been delivered.
    this.#child.on('close', (code, signal) =>
      // The process handle finishes closing in the loop's next close phase: report after it, so a
      // shutdown resolves with nothing left. node:timers' own setImmediate, which fake timers leave alone.
      setImmediate(() => setImmediate(() => host.onExit(this, code, signal, this.#error))),
    );
    this.post(
      { init: { ...init, flags: undefined, doorbell: undefined, reportBeforeSlowTasks: true } },
      undefined,
    );
  }

  post(message: ToWorker, _transfer?: unknown): void {
    const count = message.tasks === undefined ? 0 : countTasks(message.tasks);
    const oldest = this.nextSeq - this.inFlight.length;
    // The oldest unanswered task is in this message: the child is idle, let it start at once.
    if (count > 0 && this.ready && oldest >= this.#sent)
      message.grant = this.#grantsAhead() ? this.#sent + count - 1 : oldest;
    if (message.grant !== undefined) message.revokes = this.#revokes;
    if (this.#child.connected) this.#child.send(message); // throws for a value it cannot send
    this.#sent += count;
    if (message.grant !== undefined) this.#granted = Math.max(this.#granted, message.grant);
  }

  /** Whether the child's tasks are fast enough to grant it all it holds (a round trip per task would cost too much). */
  #grantsAhead(): boolean {
    return this.msPerTask > 0 && this.msPerTask < GRANT_AHEAD_MS;
  }

  #grant(seq: number): void {
    const upTo = this.#held >= 0 ? Math.min(seq, this.#held) : seq;
    if (upTo > this.#granted) this.post({ grant: upTo });
  }

  withdraw(task: Task<any>): boolean {
    if (task.seq <= this.#granted) return false;
    this.post({ cancel: task.seq });
    return true;
  }

  started(task: Task<any>): boolean {
    return task.seq <= this.#granted && task.seq <= this.#received && this.inFlight.peek() === task;
  }

  answered(seq: number): void {
    if (seq >= this.#held) this.#held = -1;
  }

  finished(): boolean {
    return false; // the child says so only with the answer
  }

  protected terminate(): void {
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
