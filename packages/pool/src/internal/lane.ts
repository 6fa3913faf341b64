import type { TransferListItem } from 'node:worker_threads';
import type { TimerHandle } from '@skein/sync/timers';
import type { Task } from './task.js';
import { Ring } from './ring.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** At most this many tasks are handed to one worker at a time (its flag words, for threads). */
export const IN_FLIGHT = 64;
/** Handed to a worker before it has reported how long its tasks take. */
const FIRST_BATCH = 8;
/** Work kept handed to each worker; its runtime answers every half of it (FLUSH_MS). */
const WORK_MS = 48;

/** What a lane reports to its executor. */
export interface LaneHost {
  onMessage(lane: Lane, message: FromWorker): void;
  onExit(lane: Lane, exitCode: number | null, signal: string | null, error: unknown): void;
}

/**
 * One worker (thread or process) as the executor sees it: the tasks handed to it, in order —
 * the worker runs them one at a time in that order and answers in that order.
 */
export abstract class Lane {
  /** Tasks handed over and not answered yet; `undefined` where a task was moved elsewhere. */
  readonly inFlight = new Ring<Task | undefined>();
  /** Which function indexes this worker has been sent. */
  readonly defined: boolean[] = [];
  /** Number of the next task handed over. */
  nextSeq = 0;
  /** Tasks ever handed over (for `maxTasksPerWorker`). */
  assigned = 0;
  /** No more tasks go to it; it stops once its in-flight tasks are answered. */
  retiring = false;
  /** The worker loaded the module and ran the initializer. */
  ready = false;
  idleTimer: TimerHandle | undefined;
  /** Mean ms a task of this worker runs, as the worker measures it. */
  msPerTask = 0;
  #stopped = false;

  /**
   * How many tasks to keep handed over: enough for ~48 ms of work, so short tasks stream in
   * large batches and long ones stay in the pool's queue, where any idle worker can take them.
   */
  target(): number {
    return this.msPerTask === 0
      ? FIRST_BATCH
      : Math.max(2, Math.min(IN_FLIGHT, Math.ceil(WORK_MS / this.msPerTask)));
  }

  /** Takes the time a worker reports for `count` tasks into the mean. */
  timeTasks(count: number, ms: number): void {
    const sample = ms / count;
    this.msPerTask = this.msPerTask === 0 ? sample : this.msPerTask * 0.8 + sample * 0.2;
  }

  /**
   * The worker shares a flag word per task with the pool (threads): `started` is exact and
   * `withdraw` costs no message, so a task can move to another worker.
   */
  abstract readonly sharesFlags: boolean;

  abstract post(message: ToWorker, transfer: TransferListItem[] | undefined): void;
  /** Takes back a handed-over task that has not started; false when it has (or may have): a true answer is exact. */
  abstract withdraw(task: Task<any>): boolean;
  /** True when the worker started the task (it is running or finished and unanswered), or (a process) may have. */
  abstract started(task: Task<any>): boolean;
  /** True when the worker is known to have finished the task (its answer is on the way). */
  abstract finished(task: Task<any>): boolean;
  /** The task numbered `seq` was answered: its flag word may be reused. */
  abstract answered(seq: number): void;
  /** Ends the worker; later calls do nothing (a worker told to terminate twice adds listeners twice). */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.terminate();
  }

  protected abstract terminate(): void;
  abstract ref(): void;
  abstract unref(): void;
}
