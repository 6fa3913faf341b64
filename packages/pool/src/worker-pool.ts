import type { TransferListItem } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startTimer, stopTimer } from '@skein/sync/timers';
import {
  BrokenExecutorError,
  ExecutorShutdownError,
  QueueFullError,
  TimeoutError,
  WorkerCrashedError,
} from './errors.js';
import type {
  ArgsOf,
  Executor,
  ExecutorOptions,
  ExportName,
  MapOptions,
  MapResults,
  ResultOf,
  ShutdownOptions,
  TaskFunction,
  TaskOptions,
} from './executor.js';
import type { Future } from './future.js';
import { checkCloneable } from './internal/clone-check.js';
import { FunctionTable } from './internal/functions.js';
import type { Lane, LaneHost } from './internal/lane.js';
import { MapIterator } from './internal/map-iterator.js';
import { packNumbers } from './internal/numbers.js';
import {
  CALL,
  FAILED,
  MAP,
  OK,
  STARMAP,
  type FromWorker,
  type Mode,
  type ToWorker,
  type WorkerInit,
} from './internal/protocol.js';
import { Ring } from './internal/ring.js';
import { deserializeError } from './internal/deserialize-error.js';
import { Task, type TaskOwner } from './internal/task.js';
import { checkTimeout, checkWait, waitFor } from './internal/wait-options.js';
import { Waiters } from './internal/waiters.js';

/**
 * Queued tasks after which `submit` hands work to the workers without waiting for its
 * microtask, so a long loop of submits (slow while the JIT is cold) keeps them busy. Only where
 * a handed-over task stays cancellable until it starts (threads; an idle process child is granted
 * its first task at once): a task submitted and cancelled in one go must stay cancellable.
 */
const EARLY_DISPATCH = 64;

/** Settings a concrete executor passes to its lanes. */
export type LaneInit = Omit<WorkerInit, 'flags' | 'doorbell' | 'reportBeforeSlowTasks'>;

/**
 * The dispatcher `ThreadPoolExecutor` and `ProcessPoolExecutor` share: a ring-buffer queue,
 * tasks handed to workers in batches, about 48 ms of work in flight per worker. Not constructed
 * directly; use one of the two.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor } from '@skein/pool';
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
 * console.log(pool.maxWorkers); // 2
 * ```
 */
export abstract class WorkerPoolExecutor<M = Record<string, TaskFunction>>
  implements Executor<M>, TaskOwner, LaneHost
{
  readonly #queue = new Ring<Task>();
  #queued = 0;
  readonly #lanes = new Set<Lane>();
  readonly #table = new FunctionTable();
  readonly #init: LaneInit;
  readonly #maxWorkers: number;
  readonly #maxTasksPerWorker: number;
  readonly #idleTimeout: number | undefined;
  readonly #maxQueue: number;
  #outstanding = 0;
  /** Workers in a row that died by a signal before they were ready. */
  #earlyDeaths = 0;
  #scheduled = false;
  #shutdown = false;
  #broken: unknown;
  #isBroken = false;
  #closed: Promise<void> | undefined;
  #onClosed: (() => void) | undefined;
  /** Whoever waits in `shutdown({ timeout | signal })`: one that gives up is dropped at once. */
  #closedWaiters: Waiters | undefined;
  readonly #roomWaiters = new Set<() => void>();
  /**
   * Maps called before `shutdown` that still read their input: what they submit is work accepted
   * before it, not new work, and the shutdown waits for them (`multiprocessing.Pool.close` lets a
   * started `imap` finish).
   */
  readonly #feeds = new Set<object>();

  /** Whether a `SharedArrayBuffer` reaches the workers as shared memory (threads) rather than not at all (processes). */
  protected readonly _sharesMemory: boolean;

  constructor(options: ExecutorOptions<M> = {}, kind: string, sharesMemory: boolean) {
    this._sharesMemory = sharesMemory;
    if (typeof options !== 'object' || options === null)
      throw new TypeError(`${kind}: options must be an object`);
    this.#maxWorkers = positiveInteger(
      options.maxWorkers,
      availableParallelism(),
      `${kind}: maxWorkers`,
    );
    this.#maxTasksPerWorker = positiveInteger(
      options.maxTasksPerWorker,
      Infinity,
      `${kind}: maxTasksPerWorker`,
    );
    this.#maxQueue =
      options.maxQueue === undefined
        ? Infinity
        : positiveInteger(options.maxQueue, Infinity, `${kind}: maxQueue`);
    this.#idleTimeout = checkTimeout(options.idleTimeout, `${kind}: idleTimeout`);
    if (options.initargs !== undefined && !Array.isArray(options.initargs))
      throw new TypeError(`${kind}: initargs must be an array`);
    // As a task's arguments: a Lock among them reaches a thread's initializer revived.
    const initargs = (options.initargs ?? []).map((arg) => this._prepare(arg));
    if (options.initializer !== undefined && typeof options.initializer !== 'string') {
      throw new TypeError(`${kind}: initializer must be the name of an export of options.module`);
    }
    if (options.initializer !== undefined && options.module === undefined) {
      throw new TypeError(`${kind}: initializer '${options.initializer}' needs options.module`);
    }
    checkCloneable(initargs, `${kind}: initargs`, undefined, sharesMemory);
    this.#init = {
      module: options.module === undefined ? undefined : moduleHref(options.module, kind),
      initializer: options.initializer,
      initargs,
    };
  }

  /** The largest number of workers this executor runs. */
  get maxWorkers(): number {
    return this.#maxWorkers;
  }

  submit<K extends ExportName<M>>(fn: K, ...args: ArgsOf<M[K]>): Future<ResultOf<M[K]>>;
  submit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Future<Awaited<R>>;
  submit(fn: unknown, ...args: unknown[]): Future<any> {
    return this.#submit(fn, CALL, args, undefined, true);
  }

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
  submitWith(options: TaskOptions, fn: unknown, ...args: unknown[]): Future<any> {
    if (typeof options !== 'object' || options === null)
      throw new TypeError('submitWith: options must be an object');
    return this.#submit(fn, CALL, args, options, true);
  }

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
  map(
    fn: unknown,
    items: Iterable<unknown> | AsyncIterable<unknown>,
    options?: MapOptions,
  ): MapResults<any> {
    return new MapIterator(this, fn, items, options, true);
  }

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
  mapUnordered(
    fn: unknown,
    items: Iterable<unknown> | AsyncIterable<unknown>,
    options?: MapOptions,
  ): MapResults<any> {
    return new MapIterator(this, fn, items, options, false);
  }

  shutdown(options: ShutdownOptions = {}): Promise<void> {
    checkWait(options, 'shutdown'); // before anything changes
    const { wait = true, cancelFutures = false } = options;
    this.#shutdown = true;
    // Whoever awaits the shutdown (or `Pool.join`) must not see the event loop end first; while
    // maps still feed, their outstanding tasks keep the workers referenced (see `closeFeed`).
    if (cancelFutures) this.#feeds.clear();
    if (this.#closing()) for (const lane of this.#lanes) lane.ref();
    if (cancelFutures) {
      for (const task of this.#queue) task.cancel();
      for (const lane of this.#lanes) for (const task of lane.inFlight) task?.cancel();
    }
    const closed = (this.#closed ??= new Promise<void>((resolve) => (this.#onClosed = resolve)));
    this.#checkClosed();
    if (!wait) return Promise.resolve();
    if (options.timeout === undefined && options.signal === undefined) return closed;
    const waiters = (this.#closedWaiters ??= new Waiters(closed));
    return waitFor((wake) => waiters.add(wake), options, 'shutdown').then(() => undefined);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  /**
   * @internal Stops now: nothing queued runs, and tasks that are running fail with `reason`
   * as their workers are stopped (`multiprocessing.Pool.terminate`).
   */
  terminate(reason: unknown): Promise<void> {
    const closed = this.shutdown({ cancelFutures: true });
    for (const lane of this.#lanes) {
      for (const task of lane.inFlight)
        if (task !== undefined && !task.done()) task.abortReason = reason;
      lane.retiring = true;
      lane.stop();
    }
    return closed;
  }

  /** @internal `submit` without the module's types (for `Pool`). */
  submitUntyped(fn: unknown, args: unknown[]): Future<any> {
    return this.#submit(fn, CALL, [...args], undefined, true);
  }

  /**
   * @internal A chunk of `map`: `fn` over `items` as one task (no `maxQueue` check; `map` waits
   * for room itself). It resolves to the results, as a Float64Array when they are all numbers.
   * After `shutdown` it is refused, unless it comes from `feed`, a map opened (`openFeed`) before.
   */
  submitChunk(fn: unknown, mode: Mode, items: unknown[], feed?: object): Task<ArrayLike<unknown>> {
    const acceptedBefore = feed !== undefined && this.#feeds.has(feed);
    return this.#submit(fn, mode, items, undefined, false, acceptedBefore) as Task<
      ArrayLike<unknown>
    >;
  }

  /** @internal A map starts reading its input: until `closeFeed`, its chunks are accepted work even after `shutdown`. */
  openFeed(feed: object): void {
    if (!this.#shutdown) this.#feeds.add(feed);
  }

  /** @internal The map has submitted all its input, or ended; a shutdown waiting for it goes on. */
  closeFeed(feed: object): void {
    if (!this.#feeds.delete(feed) || !this.#closing()) return;
    for (const lane of this.#lanes) lane.ref();
    this.#checkClosed();
  }

  /** @internal Resolves once fewer than `maxQueue` tasks wait (at once when there is no limit). */
  whenRoom(): Promise<void> | undefined {
    if (this.#queued < this.#maxQueue) return undefined;
    return new Promise<void>((resolve) => this.#roomWaiters.add(resolve));
  }

  /** @internal */
  withdraw(task: Task): boolean {
    const lane = task.lane;
    if (lane === undefined) {
      this.#queued--; // it stays in the ring and is skipped when reached
      this.#wakeRoom();
      this.#finished(task);
      return true;
    }
    if (!lane.withdraw(task)) return false;
    this.#finished(task);
    return true;
  }

  /** @internal */
  onMessage(lane: Lane, message: FromWorker): void {
    if (message.results !== undefined) {
      lane.timeTasks(message.results.length / 2, message.ms ?? 0);
      this.#answer(lane, message.results);
    } else if (message.ready === true) {
      lane.ready = true;
      this.#earlyDeaths = 0;
    } else if (message.failed !== undefined) {
      const error = deserializeError(message.failed.error);
      this.#break(
        message.failed.phase === 'load'
          ? error
          : new BrokenExecutorError(`the initializer failed in a worker: ${error.message}`, {
              cause: error,
            }),
      );
    }
  }

  /** @internal */
  onExit(lane: Lane, exitCode: number | null, signal: string | null, error: unknown): void {
    stopTimer(lane.idleTimer);
    // Exiting while loading the module or running the initializer would make every replacement exit
    // too; a kill (say the OOM killer's) usually would not, unless it keeps happening.
    if (
      !lane.ready &&
      !lane.retiring &&
      (signal === null || ++this.#earlyDeaths >= EARLY_DEATHS_TO_BREAK)
    ) {
      const how = signal !== null ? `was killed by ${signal}` : `exited with code ${exitCode}`;
      this.#break(
        new BrokenExecutorError(
          `a worker ${how} before it was ready`,
          error === undefined ? undefined : { cause: error },
        ),
      );
    }
    this.#lanes.delete(lane);
    const requeue: Task[] = [];
    // A thread's flag words say which task was running; one that had finished but whose answer
    // died with the worker runs again, as a process child's unreported tasks do.
    const crashed = [...lane.inFlight].map(
      (task) =>
        task !== undefined && lane.started(task) && !(lane.sharesFlags && lane.finished(task)),
    );
    for (let i = 0; lane.inFlight.length > 0; i++) {
      const task = lane.inFlight.shift();
      if (task === undefined || task.done()) continue;
      // A task `terminate` (or its own timeout) stopped this worker for fails, started or not.
      if (crashed[i] === true || task.abortReason !== undefined) {
        const how = signal !== null ? `was killed by ${signal}` : `exited with code ${exitCode}`;
        task.rejectWith(
          task.abortReason ??
            new WorkerCrashedError(
              `the worker running this task ${how}${error instanceof Error ? `: ${error.message}` : ''}`,
              exitCode,
              signal,
              error === undefined ? undefined : { cause: error },
            ),
        );
        this.#finished(task);
      } else {
        task.lane = undefined;
        requeue.push(task);
      }
    }
    for (let i = requeue.length - 1; i >= 0; i--) {
      this.#queue.unshift(requeue[i]!);
      this.#queued++;
    }
    if (this.#isBroken) this.#breakQueued();
    this.#schedule();
    this.#checkClosed();
  }

  /** Starts a worker. */
  protected abstract _spawn(init: LaneInit, host: LaneHost): Lane;

  /** Whether this pool's lanes share flag words with their workers (see {@link Lane.sharesFlags}). */
  protected abstract readonly _sharesFlags: boolean;

  /** Turns an argument into what crosses to a worker (threads: `@skein/sync` objects into their handles). */
  protected _prepare(arg: unknown): unknown {
    return arg;
  }

  /** `_prepare` for each item of a map chunk (each argument list of a starmap chunk); copies only what changes. */
  #prepareItems(mode: Mode, items: unknown[]): void {
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (mode !== STARMAP) items[i] = this._prepare(item);
      else if (Array.isArray(item)) {
        const args = item.map((arg) => this._prepare(arg));
        if (args.some((arg, j) => arg !== item[j])) items[i] = args;
      }
    }
  }

  #submit(
    fn: unknown,
    mode: Mode,
    payload: unknown[],
    options: TaskOptions | undefined,
    limited: boolean,
    /** A chunk of a map called before `shutdown`: not new work, so the shutdown does not refuse it. */
    acceptedBefore = false,
  ): Task {
    const index = this.#table.indexOf(fn);
    const transfer = options?.transfer;
    if (transfer !== undefined && !Array.isArray(transfer))
      throw new TypeError('submitWith: transfer must be an array');
    if (mode === CALL)
      for (let i = 0; i < payload.length; i++) payload[i] = this._prepare(payload[i]);
    else this.#prepareItems(mode, payload);
    checkCloneable(payload, mode === CALL ? 'submit' : 'map', transfer, this._sharesMemory);
    const task = new Task(
      this,
      index,
      mode,
      mode === CALL ? payload : [mode === MAP ? packNumbers(payload) : payload],
      transfer,
    );
    if (this.#shutdown && !acceptedBefore) task.rejectWith(new ExecutorShutdownError());
    else if (this.#isBroken) task.rejectWith(this.#broken);
    else if (
      limited &&
      // Cheap first: fewer tasks than maxQueue outstanding cannot be maxQueue waiting.
      this.#outstanding >= this.#maxQueue &&
      this.#waiting() >= this.#maxQueue
    )
      task.rejectWith(new QueueFullError(this.#maxQueue));
    if (task.done()) return task;
    if (options !== undefined) this.#arm(task, options);
    if (this.#outstanding++ === 0) for (const lane of this.#lanes) lane.ref();
    this.#queue.push(task);
    if (++this.#queued % EARLY_DISPATCH === 0 && this._sharesFlags) this.#dispatch();
    else this.#schedule();
    return task;
  }

  #arm(task: Task, options: TaskOptions): void {
    const timeout = checkWait(options, 'submitWith');
    const signal = options.signal;
    if (timeout === undefined && signal === undefined) return;
    const stop = (reason: unknown): void => {
      if (task.done()) return;
      if (this.withdraw(task)) {
        // Never started, and now never will: report why.
        task.rejectWith(reason);
        return;
      }
      const lane = task.lane;
      if (lane === undefined) return;
      if (lane.finished(task)) {
        // Done, its answer on the way: fail it now rather than stop a worker that is not busy with it.
        if (task.rejectWith(reason)) this.#finished(task);
        return;
      }
      if (!lane.sharesFlags && lane.inFlight.peek() !== task) {
        // Granted to a process child that is still busy with an earlier task, maybe another
        // caller's: fail it now and keep the child; its answer, if any, is dropped.
        lane.post({ cancel: task.seq }, undefined);
        if (task.rejectWith(reason)) this.#finished(task);
        return;
      }
      task.abortReason = reason;
      lane.retiring = true;
      lane.stop();
    };
    if (signal?.aborted === true) {
      stop(signal.reason);
      return;
    }
    const timer =
      timeout === undefined
        ? undefined
        : startTimer(
            () => stop(new TimeoutError(`the task did not finish within ${timeout} ms`)),
            timeout,
          );
    const onAbort = (): void => stop(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    task.disarm = () => {
      stopTimer(timer);
      signal?.removeEventListener('abort', onAbort);
    };
  }

  /**
   * Tasks waiting for a worker (what `maxQueue` bounds): those in the queue, less what idle
   * workers are about to take, and those handed to a busy worker that has not started them - a
   * batch hands a worker several tasks at once, and they wait there as they would in the queue.
   * The oldest live task of each worker counts as running (or about to run).
   */
  #waiting(): number {
    let waiting = Math.max(0, this.#queued - this.#freeWorkers());
    for (const lane of this.#lanes) {
      let live = 0;
      let started = false;
      for (const task of lane.inFlight) {
        if (task === undefined || task.done()) continue;
        live++;
        if (lane.started(task)) started = true;
        else waiting++;
      }
      if (live > 0 && !started) waiting--;
    }
    return waiting;
  }

  /** Workers that take a task as soon as it is dispatched: idle ones, and those still to start. */
  #freeWorkers(): number {
    const [open, idle] = this.#countLanes();
    return idle + this.#maxWorkers - open;
  }

  /** Lanes that take new tasks (not retiring), and how many of those have none in flight. */
  #countLanes(): [open: number, idle: number] {
    let open = 0;
    let idle = 0;
    for (const lane of this.#lanes) {
      if (lane.retiring) continue;
      open++;
      if (lane.inFlight.length === 0) idle++;
    }
    return [open, idle];
  }

  #schedule(): void {
    if (this.#scheduled || this.#queued === 0) return;
    this.#scheduled = true;
    queueMicrotask(() => this.#dispatch());
  }

  #dispatch(): void {
    this.#scheduled = false;
    if (this.#queued === 0 || this.#isBroken) return;
    let [open, idle] = this.#countLanes();
    for (; open < this.#maxWorkers && this.#queued > idle; open++, idle++)
      this.#lanes.add(this._spawn(this.#init, this));
    for (const lane of this.#lanes) {
      if (this.#queued === 0) break;
      if (lane.retiring) continue;
      const share = Math.ceil(this.#queued / open--);
      const target = lane.target();
      const room = Math.min(target - lane.inFlight.length, this.#maxTasksPerWorker - lane.assigned);
      const take = Math.min(share, room);
      // A worker is topped up once half its tasks are answered (or with all there is): fewer, larger messages.
      if (take <= 0 || (take < share && lane.inFlight.length > target / 2)) continue;
      this.#handOver(lane, take);
    }
  }

  #handOver(lane: Lane, count: number): void {
    if (lane.idleTimer !== undefined) {
      stopTimer(lane.idleTimer);
      lane.idleTimer = undefined;
    }
    const message: ToWorker = { tasks: [] };
    const tasks = message.tasks!;
    const batch: Task[] = [];
    let transfer: TransferListItem[] | undefined;
    while (count > 0) {
      const task = this.#queue.shift()!;
      if (task.done()) continue;
      count--;
      this.#queued--;
      if (lane.defined[task.fn] !== true) {
        lane.defined[task.fn] = true;
        (message.defs ??= []).push([task.fn, this.#table.defs[task.fn]!]);
      }
      const payload = task.payload;
      tasks.push(task.fn, task.mode, payload.length);
      for (let i = 0; i < payload.length; i++) tasks.push(payload[i]);
      if (task.transfer !== undefined) (transfer ??= []).push(...task.transfer);
      task.lane = lane;
      task.seq = lane.nextSeq++;
      lane.inFlight.push(task);
      lane.assigned++;
      batch.push(task);
    }
    if (lane.assigned >= this.#maxTasksPerWorker) lane.retiring = true;
    this.#wakeRoom();
    try {
      lane.post(message, transfer);
    } catch {
      this.#postEach(lane, message, batch);
    }
  }

  /** The batch could not be sent (a value `checkCloneable` let through): send the tasks one by one, failing those that cannot go. */
  #postEach(lane: Lane, message: ToWorker, batch: Task[]): void {
    if (message.defs !== undefined) lane.post({ defs: message.defs }, undefined);
    for (const task of batch) {
      try {
        lane.post(
          { tasks: [task.fn, task.mode, task.payload.length, ...task.payload] },
          task.transfer,
        );
      } catch (error) {
        if (task.rejectWith(error)) this.#finished(task);
        // Keep the worker's numbering: it still gets a task at this place, one with nothing to run.
        lane.post({ tasks: [task.fn, MAP, 1, []] }, undefined);
      }
    }
  }

  #answer(lane: Lane, results: unknown[]): void {
    for (let i = 0; i < results.length; i += 2) {
      const task = lane.inFlight.shift();
      lane.answered(lane.nextSeq - lane.inFlight.length - 1);
      if (task === undefined) continue;
      const status = results[i];
      const settled =
        status === OK
          ? task.resolveWith(results[i + 1])
          : status === FAILED && task.rejectWith(deserializeError(results[i + 1] as never));
      if (settled) this.#finished(task);
    }
    if (lane.inFlight.length === 0 && this.#queued === 0) this.#steal(lane);
    if (lane.inFlight.length === 0) this.#laneIdle(lane);
    this.#schedule();
  }

  /**
   * `thief` ran dry while another worker still holds tasks it has not started: take back the
   * later half of those (a flag word each, so never one that started) and queue them again.
   */
  #steal(thief: Lane): void {
    if (thief.retiring || this.#shutdown) return;
    let victim: Lane | undefined;
    let most = 1; // the first one may be running: a victim needs more
    for (const lane of this.#lanes) {
      const live = lane === thief || !lane.sharesFlags ? 0 : unanswered(lane);
      if (live > most) [victim, most] = [lane, live];
    }
    if (victim === undefined) return;
    const stolen: Task[] = [];
    for (let i = victim.inFlight.length - 1; i > 0 && stolen.length < Math.floor(most / 2); i--) {
      const task = victim.inFlight.at(i);
      if (task === undefined || task.done() || !victim.withdraw(task)) continue;
      victim.inFlight.set(i, undefined);
      task.lane = undefined;
      stolen.push(task);
    }
    for (const task of stolen) this.#queue.unshift(task);
    this.#queued += stolen.length;
    if (stolen.length > 0) this.#handOver(thief, stolen.length);
  }

  #finished(task: Task): void {
    task.disarm?.();
    // A done future keeps its value, not its arguments.
    task.payload = NO_ARGS;
    task.transfer = undefined;
    if (--this.#outstanding === 0 && !this.#closing()) for (const lane of this.#lanes) lane.unref();
    this.#checkClosed();
  }

  #laneIdle(lane: Lane): void {
    if (lane.retiring || this.#closing() || this.#isBroken) {
      if (this.#queued === 0 || lane.retiring) lane.stop();
      return;
    }
    if (this.#idleTimeout !== undefined && this.#queued === 0) {
      lane.idleTimer = startTimer(() => {
        lane.idleTimer = undefined;
        if (lane.inFlight.length === 0) {
          lane.retiring = true;
          lane.stop();
        }
      }, this.#idleTimeout);
      lane.idleTimer?.unref();
    }
  }

  /** Shut down, and no map accepted before still submits: the workers stop once the queue is done. */
  #closing(): boolean {
    return this.#shutdown && this.#feeds.size === 0;
  }

  #checkClosed(): void {
    if (!this.#closing()) return;
    if (this.#queued === 0) {
      for (const lane of this.#lanes) {
        lane.retiring = true;
        if (lane.inFlight.length === 0) lane.stop();
      }
    }
    if (this.#lanes.size === 0 && this.#outstanding === 0) this.#onClosed?.();
  }

  #wakeRoom(): void {
    if (this.#roomWaiters.size === 0 || this.#queued >= this.#maxQueue) return;
    const waiters = [...this.#roomWaiters];
    this.#roomWaiters.clear();
    for (const wake of waiters) wake();
  }

  #break(error: unknown): void {
    if (this.#isBroken) return;
    this.#isBroken = true;
    this.#broken = error;
    for (const lane of this.#lanes) {
      lane.retiring = true;
      while (lane.inFlight.length > 0) {
        const task = lane.inFlight.shift();
        if (task?.rejectWith(error) === true) this.#finished(task);
      }
      lane.stop();
    }
    this.#breakQueued();
  }

  #breakQueued(): void {
    for (let task = this.#queue.shift(); task !== undefined; task = this.#queue.shift()) {
      if (task.rejectWith(this.#broken)) this.#finished(task);
    }
    this.#queued = 0;
    this.#wakeRoom();
  }
}

const NO_ARGS: unknown[] = [];

/** Workers in a row killed before they were ready after which the executor counts as broken. */
const EARLY_DEATHS_TO_BREAK = 3;

/** Tasks handed to `lane` that are still to be answered (not moved elsewhere or cancelled). */
function unanswered(lane: Lane): number {
  let n = 0;
  for (const task of lane.inFlight) if (task !== undefined && !task.done()) n++;
  return n;
}

/**
 * @internal `value` when it is an integer >= 1, `fallback` when it is undefined; else a `TypeError`
 * (not a number) or `RangeError` naming `what`.
 */
export function positiveInteger<F>(value: unknown, fallback: F, what: string): number | F {
  if (value === undefined) return fallback;
  if (typeof value !== 'number')
    throw new TypeError(`${what} must be an integer >= 1, got ${typeof value}`);
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${what} must be an integer >= 1, got ${value}`);
  return value;
}

function moduleHref(module: unknown, kind: string): string {
  if (module instanceof URL) return module.href;
  if (typeof module !== 'string' || module === '') {
    throw new TypeError(`${kind}: options.module must be a URL or a path, got ${typeof module}`);
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(module) && !isAbsolute(module)) return module;
  return pathToFileURL(resolve(module)).href;
}
