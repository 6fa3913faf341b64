import { getEventListeners } from 'node:events';
import { CancelledError, InvalidStateError } from './errors.js';
import {
  currentContext,
  storage,
  type Cancellable,
  type Ctx,
  type RunScope,
} from './internal/context.js';
import { waitIn, waitOf } from './internal/park.js';
import { CANCEL, scheduleResume, START } from './internal/scheduler.js';
import { describe, isGenerator, isThenable, rejectWith } from './internal/validate.js';
import { warn } from './internal/warn.js';

/**
 * Where a task is in its life: not started, started, finished (with a value or an error), cancelled.
 *
 * @example
 * ```ts
 * import { createTask, type TaskState } from '@skein/coroutine';
 * const state: TaskState = createTask(async () => 1).state; // 'pending'
 * ```
 */
export type TaskState = 'pending' | 'running' | 'done' | 'cancelled';

/**
 * Options of {@link createTask}.
 *
 * @example
 * ```ts
 * import { createTask, type TaskOptions } from '@skein/coroutine';
 * const options: TaskOptions = { name: 'poller' };
 * createTask(async () => {}, options);
 * ```
 */
export interface TaskOptions {
  /** Shown in errors and debugging; defaults to `Task-<n>`. */
  name?: string | undefined;
}

/**
 * A function given to {@link Task.addDoneCallback}; receives the finished task.
 *
 * @example
 * ```ts
 * import { createTask, type DoneCallback } from '@skein/coroutine';
 * const log: DoneCallback<number> = (t) => console.log(t.name, t.state);
 * createTask(async () => 1).addDoneCallback(log);
 * ```
 */
export type DoneCallback<T> = (task: Task<T>) => void;

/**
 * What a task can run: an async function (given the task's `AbortSignal` when it declares a
 * parameter), a generator function or generator object (`yield promise` awaits, `yield*`
 * delegates), or a promise.
 *
 * @example
 * ```ts
 * import { createTask, sleep, type Work } from '@skein/coroutine';
 * const work: Work<string> = function* () { yield sleep(1); return 'done'; };
 * await createTask(work as () => Generator<unknown, string>);
 * ```
 */
export type Work<T> =
  | PromiseLike<T>
  | Generator<unknown, T, any>
  | ((signal: AbortSignal) => T | PromiseLike<T> | Generator<unknown, T, any>);

/**
 * The value an awaitable or a piece of {@link Work} produces.
 *
 * @example
 * ```ts
 * import type { ResultOf } from '@skein/coroutine';
 * type N = ResultOf<() => Promise<number>>; // number
 * ```
 */
export type ResultOf<W> =
  W extends PromiseLike<infer R>
    ? Awaited<R>
    : W extends Generator<any, infer R, any>
      ? R
      : W extends (...args: any[]) => Generator<any, infer R, any>
        ? R
        : W extends (...args: any[]) => infer R
          ? Awaited<R>
          : never;

// Kinds of work: a function (not yet known to return a promise, a generator or a value), a
// generator object, a promise, a task its maker settles (gather), a generator function.
const FN = 0;
const GEN = 1;
const PROMISE = 2;
const MANUAL = 3;
const GEN_FN = 4;
// Task flags.
const FAILED = 1;
const MUST_CANCEL = 2;
const STEPPING = 4;
const AWAITED = 8;
const GeneratorFunction = Object.getPrototypeOf(function* () {}) as object;
const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}) as object;
let counter = 0;
/**
 * Counts microtask checkpoints, roughly: bumped by one microtask queued after a cancellation
 * reached a wait (one for a whole batch of them). A cancelled wait's `CancelledError` reaches
 * an async task's work a few microtasks later, so while the epoch has not moved the work has
 * certainly not resumed. (Once it has moved the work has most likely resumed; a second cancel in
 * the microtasks between would cancel its next wait too.) One `then` per cancellation, which
 * tracked that exactly, made cancelling 100k sleeping tasks ~1.5x slower.
 */
let epoch = 0;
let epochQueued = false;

function cancelEpoch(): number {
  if (!epochQueued) {
    epochQueued = true;
    queueMicrotask(() => {
      epoch++;
      epochQueued = false;
    });
  }
  return epoch;
}
const noop = (): void => {};

type Listener = (task: Task<any>) => void;

function reportCallbackError(error: unknown): void {
  warn('DoneCallbackError', 'a done callback of a Task threw', error);
}

/** A done callback and the context it runs in: the caller's when it was added, outside every task. */
interface DoneCallbackEntry {
  fn: DoneCallback<any>;
  ctx: Ctx;
}

/** The fields of a {@link Task} that most tasks never set. */
class Rare {
  cancels = 0;
  cancelMsg: string | undefined = undefined;
  controller: AbortController | undefined = undefined;
  callbacks: DoneCallbackEntry[] | undefined = undefined;
  /** The generator step a pending cancellation throw is meant for. */
  cancelStep = 0;
  /**
   * The {@link cancelEpoch} when a cancellation last reached an async task's wait: while it is
   * still current, the `CancelledError` has not reached the work (see {@link Task.cancel}).
   */
  deliveredAt = -1;
  /** Settle the task's promise when it was awaited before it ran (or is settled by its maker). */
  res: ((value: any) => void) | undefined = undefined;
  rej: ((error: unknown) => void) | undefined = undefined;
}

/**
 * A unit of concurrent work, as asyncio's `Task`: it starts on the next microtask, runs in a
 * copy of its creator's context, and can be cancelled. It is `PromiseLike`, so `await task`
 * gives its result, throws its error, or throws `CancelledError` when it was cancelled.
 *
 * Cancellation: an async function sees its `signal` abort (with a `CancelledError` reason) and
 * the task, `sleep` or wait it is awaiting is cancelled; a generator gets `CancelledError` thrown
 * at its current `yield`, so `finally` blocks run. A task whose work catches the error and
 * returns normally ends `done`, not `cancelled`. Create tasks with {@link createTask}.
 *
 * @example
 * ```ts
 * import { createTask, sleep } from '@skein/coroutine';
 * const task = createTask(async () => { await sleep(10); return 42; }, { name: 'answer' });
 * console.log(task.state); // 'pending'
 * console.log(await task, task.state, task.result()); // 42 'done' 42
 * ```
 */
export class Task<T = unknown> implements PromiseLike<T> {
  private label: string | number;
  private st: TaskState;
  /** @internal ContextVar values of this task's context. */
  vars: ReadonlyMap<object, unknown>;
  /** @internal The `run()` this task belongs to. */
  readonly scope: RunScope | undefined;
  private work: unknown;
  private kind: number;
  /** The value, or the error when FAILED or cancelled. */
  private outcome: unknown = undefined;
  /** FAILED | MUST_CANCEL | STEPPING | AWAITED: one field instead of four booleans. */
  private flags = 0;
  private step = 0;
  /** What few tasks need (cancellation, signal, done callbacks, early awaiters): made on first use. */
  private rare: Rare | undefined = undefined;
  private waiting: Cancellable | Set<Cancellable> | undefined = undefined;
  /** Internal settle listeners: one function (the common case, no array) or several. */
  private listeners: Listener | Listener[] | undefined = undefined;
  private promise: Promise<T> | undefined = undefined;

  private constructor(work: unknown, kind: number, name: string | undefined, ctx: Ctx) {
    this.label = name ?? ++counter;
    this.work = work;
    this.kind = kind;
    this.vars = ctx.vars;
    this.scope = ctx.scope;
    ctx.scope?.tasks.add(this);
    if (kind === FN || kind === GEN || kind === GEN_FN) {
      this.st = 'pending';
      scheduleResume(this, START, undefined);
    } else {
      this.st = 'running';
      if (kind === PROMISE) {
        waitOf(work)?.moveTo(this);
        this.follow(work as PromiseLike<T>, false);
      }
    }
  }

  /** @internal Makes a task; a MANUAL one is settled by its maker through `_settleManual`. */
  static make<T>(work: unknown, kind: number, name: string | undefined): Task<T> {
    return new Task<T>(work, kind, name, currentContext());
  }

  /** `pending` until started, `running`, then `done` (value or error) or `cancelled`. */
  get state(): TaskState {
    return this.st;
  }

  /** The task's name, from {@link TaskOptions.name} or `Task-<n>`. */
  get name(): string {
    if (typeof this.label === 'number') this.label = `Task-${this.label}`;
    return this.label;
  }

  set name(value: string) {
    this.label = String(value);
  }

  /** @internal The context's awaiter: a running task registers what it awaits. */
  get awaiter(): this {
    return this;
  }

  /**
   * The task's `AbortSignal`: aborted with a `CancelledError` when the task is cancelled.
   * Created on first use (a controller costs memory), already aborted if cancelled before.
   */
  get signal(): AbortSignal {
    const rare = this.more();
    let controller = rare.controller;
    if (controller === undefined) {
      controller = rare.controller = new AbortController();
      if (rare.cancels > 0) controller.abort(this.cancelledError());
    }
    return controller.signal;
  }

  /** True once the task has finished, was cancelled or failed. */
  done(): boolean {
    return this.st === 'done' || this.st === 'cancelled';
  }

  /** True when the task ended cancelled. */
  cancelled(): boolean {
    return this.st === 'cancelled';
  }

  /**
   * Asks the task to stop: see the class notes for what each kind of work sees. Returns false
   * when the task is already done, true otherwise (also when asked again). A task cancelled
   * before it started never runs. A task made from a promise ends cancelled at once, and
   * cancels what the promise stands for when it can: a `sleep` (its timer is cleared) or a
   * future with a `cancel` method.
   */
  cancel(msg?: string): boolean {
    if (this.done()) return false;
    const rare = this.more();
    rare.cancels++;
    rare.cancelMsg = msg;
    if (this.st === 'pending') return true;
    let delivered = false;
    const controller = rare.controller;
    if (controller !== undefined && !controller.signal.aborted) {
      // The abort reaches the work only if something listens to the signal (fetch, a sleep given
      // the signal, ...): then the work sees a CancelledError and may swallow it, as in asyncio.
      // A signal nobody listens to delivers nothing: the next awaitable is cancelled instead.
      const signal = controller.signal;
      if (this.kind === FN && getEventListeners(signal, 'abort').length > 0) delivered = true;
      controller.abort(new CancelledError(msg));
    }
    if (this.cancelWaiting(msg)) {
      delivered = true;
      if (this.kind === FN) rare.deliveredAt = cancelEpoch();
    }
    if (this.done()) return true;
    // Asked again before the work resumed from the cancelled wait: nothing more to deliver, as
    // asyncio's `_must_cancel` is consumed by the step that delivers the first. Asked by the work
    // itself, it has resumed, and the request is for its next wait.
    if (!delivered && this.kind === FN && rare.deliveredAt === epoch && currentTask() !== this)
      return true;
    if (this.kind === MANUAL) {
      (this.work as (msg?: string) => void)(msg);
    } else if (this.kind === PROMISE) {
      // A future or other cancellable thenable is cancelled with its task, as asyncio's
      // wrap_future does (a task is not: that is how shield works).
      const work = this.work as Partial<Cancellable> | undefined;
      if (!(work instanceof Task) && typeof work?.cancel === 'function') work.cancel(msg);
      this.settle('cancelled', undefined, this.cancelledError());
    } else if (!delivered) {
      this.flags |= MUST_CANCEL;
      if (this.kind === GEN && (this.flags & STEPPING) === 0) this.throwCancelSoon(++this.step);
    }
    return true;
  }

  /** The task's value; throws its error, `CancelledError` if cancelled, `InvalidStateError` if not done. */
  result(): T {
    if (this.st === 'done') {
      if ((this.flags & FAILED) !== 0) throw this.outcome;
      return this.outcome as T;
    }
    if (this.st === 'cancelled') throw this.outcome;
    throw new InvalidStateError(`Task ${this.name} is ${this.st}: its result is not set yet`);
  }

  /** The task's error (undefined if it succeeded); throws like {@link Task.result} when cancelled or not done. */
  exception(): unknown {
    if (this.st === 'done') return (this.flags & FAILED) !== 0 ? this.outcome : undefined;
    if (this.st === 'cancelled') throw this.outcome;
    throw new InvalidStateError(`Task ${this.name} is ${this.st}: its exception is not set yet`);
  }

  /**
   * Calls `fn(task)` once the task is done, on a later microtask (at once-ish if it already is).
   * As in asyncio, `fn` runs in a copy of the context current when it was added (its
   * `ContextVar` values), outside every task (`currentTask()` is undefined there).
   * Errors thrown by `fn` are reported as process warnings, never thrown into the task.
   */
  addDoneCallback(fn: DoneCallback<T>): void {
    if (typeof fn !== 'function')
      throw new TypeError(`addDoneCallback: expected a function, got ${describe(fn)}`);
    // As asyncio's add_done_callback runs `fn` in a copy of the context current when it was
    // added, and outside every task: not in the finished task's context.
    const caller = currentContext();
    const entry = { fn, ctx: { vars: caller.vars, scope: caller.scope, awaiter: undefined } };
    if (this.done()) this.runCallbacks([entry]);
    else (this.more().callbacks ??= []).push(entry);
  }

  /** Removes every registration of `fn` that has not run yet; returns how many it removed. */
  removeDoneCallback(fn: DoneCallback<T>): number {
    const rare = this.rare;
    const callbacks = rare?.callbacks;
    if (rare === undefined || callbacks === undefined) return 0;
    const kept = callbacks.filter((entry) => entry.fn !== fn);
    rare.callbacks = kept;
    return callbacks.length - kept.length;
  }

  /** Awaits the task: its value, its error, or `CancelledError`. Awaiting from a task links the two for cancellation. */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const awaiter = storage.getStore()?.awaiter;
    if (awaiter !== undefined && awaiter !== this && !this.done() && awaiter.addWaiting(this)) {
      this.listen(() => awaiter.removeWaiting(this));
    }
    this.flags |= AWAITED;
    return this.toPromise().then(onfulfilled, onrejected);
  }

  /** As `Promise.prototype.catch`. */
  catch<R = never>(onrejected?: ((reason: any) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onrejected);
  }

  /** As `Promise.prototype.finally`. */
  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }

  /** @internal Registers something this running task awaits; false if it already was (or was cancelled at once). */
  addWaiting(item: Cancellable): boolean {
    if (this.done()) return false;
    if ((this.flags & MUST_CANCEL) !== 0 && this.kind === FN && item.cancel(this.rare?.cancelMsg)) {
      this.flags &= ~MUST_CANCEL;
      return false;
    }
    const waiting = this.waiting;
    if (waiting === item) return false;
    if (waiting === undefined) this.waiting = item;
    else if (!(waiting instanceof Set)) this.waiting = new Set([waiting, item]);
    else if (waiting.has(item)) return false;
    else waiting.add(item);
    return true;
  }

  /** @internal */
  findWaiting(test: (item: Cancellable) => boolean): Cancellable | undefined {
    const waiting = this.waiting;
    if (waiting === undefined || !(waiting instanceof Set))
      return waiting !== undefined && test(waiting) ? waiting : undefined;
    for (const item of waiting) if (test(item)) return item;
    return undefined;
  }

  /** @internal */
  removeWaiting(item: Cancellable): void {
    const waiting = this.waiting;
    if (waiting === item) this.waiting = undefined;
    else if (waiting instanceof Set) waiting.delete(item);
  }

  /** @internal Calls `fn` synchronously when the task settles (or now, if it has). */
  listen(fn: (task: Task<T>) => void): void {
    if (this.done()) fn(this);
    else {
      const listeners = this.listeners;
      if (listeners === undefined) this.listeners = fn;
      else if (Array.isArray(listeners)) listeners.push(fn);
      else this.listeners = [listeners, fn];
    }
  }

  /** @internal Undoes {@link Task.listen}. */
  unlisten(fn: (task: Task<T>) => void): void {
    const listeners = this.listeners;
    if (listeners === fn) this.listeners = undefined;
    else if (Array.isArray(listeners)) {
      const i = listeners.indexOf(fn);
      if (i >= 0) listeners.splice(i, 1);
    }
  }

  /**
   * @internal Scheduler entry: starts the task, throws its cancellation into its generator, or
   * resumes its generator after `yield <plain value>`.
   * Only the scheduler's batch microtask calls it, so it enters the task's context with
   * `enterWith` (a third of `run`'s cost): the batch's async resource ends with the batch, and
   * each job enters its own context before running.
   */
  resume(step: number, value: unknown): void {
    if (step !== START && step !== CANCEL && step !== this.step) return; // overtaken by a cancel
    storage.enterWith(this);
    if (step === START) this.start();
    else if (step === CANCEL) this.throwCancel();
    else this.advance(false, value);
  }

  /** Runs the work (in the task's own context, which the caller entered). */
  private start(): void {
    if (this._cancelRequests() > 0) {
      this.settle('cancelled', undefined, this.cancelledError());
      return;
    }
    this.st = 'running';
    const work = this.work;
    this.work = undefined;
    if (this.kind === GEN) {
      this.advance(false, undefined, work as Generator<unknown, T, unknown>);
      return;
    }
    let out: unknown;
    try {
      const fn = work as (signal?: AbortSignal) => unknown;
      // A controller costs ~700 bytes: only functions that declare the parameter (or whose
      // arity is hidden, as test mocks) get the signal; others can use currentTask().signal.
      out = fn.length > 0 || (fn as { mock?: unknown }).mock !== undefined ? fn(this.signal) : fn();
    } catch (error) {
      this.fail(error);
      return;
    }
    if (this.kind === GEN_FN) {
      this.kind = GEN;
      this.advance(false, undefined, out as Generator<unknown, T, unknown>);
    } else if (out instanceof Promise || isThenable(out)) this.follow(out as PromiseLike<T>, true);
    else if (isGenerator(out)) {
      this.kind = GEN;
      this.advance(false, undefined, out as Generator<unknown, T, unknown>);
    } else this.succeed(out as T);
  }

  /**
   * @internal Settles a MANUAL task. With `failure`, even a `CancelledError` makes it `done`
   * with that exception rather than `cancelled` (a gather whose child, not itself, was cancelled).
   */
  _settleManual(ok: boolean, outcome: unknown, failure = false): void {
    if (ok) this.succeed(outcome as T);
    else if (failure && !this.done()) {
      this.flags |= FAILED;
      this.settle('done', undefined, outcome);
    } else this.fail(outcome);
  }

  /**
   * @internal True when the task is done with an error: what it threw, whatever that is. A task
   * that threw `undefined` has failed although `exception()` returns `undefined`.
   */
  _failed(): boolean {
    return (this.flags & FAILED) !== 0;
  }

  /** @internal How many times cancel() was asked while not done. */
  _cancelRequests(): number {
    return this.rare?.cancels ?? 0;
  }

  private follow(promise: PromiseLike<T>, linked: boolean): void {
    if (!linked && promise instanceof Task) {
      promise.listen((t) => {
        if (t.st === 'done' && (t.flags & FAILED) === 0) this.succeed(t.outcome as T);
        else this.fail(t.outcome);
      });
    } else if (this.kind === FN && this.promise === undefined && promise instanceof Promise) {
      // The reaction's own promise becomes the task's: an async task settles only here, so
      // `await task` needs no second promise. Unless the task was awaited by then, it is dropped
      // and fulfils with nothing: a failure nobody awaited makes no rejection to track.
      // Bound methods: two bound functions are ~60 bytes smaller than two closures and their context.
      this.promise = promise.then(this.workDone.bind(this), this.workFailed.bind(this));
    } else {
      promise.then(
        (value) => this.succeed(value),
        (error: unknown) => this.fail(error),
      );
    }
  }

  /** The reaction to an async function's value (see {@link Task.follow}). */
  private workDone(value: T): T {
    this.succeed(value);
    return this.outcomeOrThrow();
  }

  /** The reaction to an async function's error (see {@link Task.follow}). */
  private workFailed(error: unknown): T {
    this.fail(error);
    return this.outcomeOrThrow();
  }

  /** After settling through the reaction promise: what it settles with (see {@link Task.follow}). */
  private outcomeOrThrow(): T {
    if ((this.flags & AWAITED) === 0) {
      // Nobody holds the reaction promise: a later `then` makes one from the outcome.
      this.promise = undefined;
      return undefined as T;
    }
    if (this.st === 'done' && (this.flags & FAILED) === 0) return this.outcome as T;
    throw this.outcome as Error;
  }

  private advance(thrown: boolean, arg: unknown, gen?: Generator<unknown, T, unknown>): void {
    if (gen !== undefined) this.work = gen;
    const g = this.work as Generator<unknown, T, unknown>;
    let r: IteratorResult<unknown, T>;
    this.flags |= STEPPING;
    try {
      r = thrown ? g.throw(arg) : g.next(arg);
    } catch (error) {
      this.flags &= ~STEPPING;
      this.fail(error);
      return;
    }
    this.flags &= ~STEPPING;
    if (r.done === true) {
      this.succeed(r.value);
      return;
    }
    const yielded = r.value;
    const step = ++this.step;
    if ((this.flags & MUST_CANCEL) !== 0 && !this.cancelYielded(yielded)) {
      if (isThenable(yielded) && !(yielded instanceof Task)) yielded.then(noop, noop);
      this.throwCancelSoon(step);
      return;
    }
    if (yielded instanceof Promise || isThenable(yielded)) {
      yielded.then(
        (value) => {
          if (step === this.step) this.advance(false, value);
        },
        (error: unknown) => {
          if (step === this.step) this.advance(true, error);
        },
      );
    } else {
      scheduleResume(this, step, yielded);
    }
  }

  /**
   * As CPython's `Task.__step`, a cancellation asked for while a step ran cancels what the step
   * yielded (a task, or a sleep or wait this task made): its `CancelledError` then reaches the
   * `yield`, and its timer or work does not outlive the task. False when it cannot be cancelled.
   */
  private cancelYielded(yielded: unknown): boolean {
    if (yielded === this) return false;
    const target = yielded instanceof Task ? yielded : waitIn(this, yielded);
    if (target === undefined || !target.cancel(this.rare?.cancelMsg)) return false;
    this.flags &= ~MUST_CANCEL;
    return true;
  }

  /**
   * Throws `CancelledError` into the generator at its current `yield`, on a microtask, in the
   * task's context. No other package's context is carried from the canceller: a generator's
   * steps never run inside a lock scope (see `@skein/sync`'s internal/context.ts).
   */
  private throwCancelSoon(step: number): void {
    this.more().cancelStep = step;
    scheduleResume(this, CANCEL, undefined, false);
  }

  private throwCancel(): void {
    if (this.rare?.cancelStep !== this.step || this.done() || (this.flags & MUST_CANCEL) === 0)
      return;
    this.flags &= ~MUST_CANCEL;
    this.advance(true, this.cancelledError());
  }

  private cancelWaiting(msg: string | undefined): boolean {
    const waiting = this.waiting;
    if (waiting === undefined) return false;
    if (!(waiting instanceof Set)) return waiting.cancel(msg);
    let any = false;
    for (const item of [...waiting]) if (item.cancel(msg)) any = true;
    return any;
  }

  private cancelledError(): CancelledError {
    return new CancelledError(this.rare?.cancelMsg);
  }

  private succeed(value: T): void {
    if ((this.flags & MUST_CANCEL) !== 0)
      this.settle('cancelled', undefined, this.cancelledError());
    else this.settle('done', value, undefined);
  }

  private fail(error: unknown): void {
    if (this.done()) return;
    if (error instanceof CancelledError) this.settle('cancelled', undefined, error);
    else {
      this.flags |= FAILED;
      this.settle('done', undefined, error);
    }
  }

  private settle(state: 'done' | 'cancelled', value: T | undefined, error: unknown): void {
    if (this.done()) return;
    this.st = state;
    this.outcome = state === 'done' && (this.flags & FAILED) === 0 ? value : error;
    this.work = undefined;
    this.waiting = undefined;
    this.flags &= ~MUST_CANCEL;
    this.scope?.tasks.delete(this);
    const rare = this.rare;
    if (rare !== undefined) {
      const controller = rare.controller;
      if (state === 'cancelled' && controller !== undefined && !controller.signal.aborted) {
        controller.abort(error);
      }
      if (rare.res !== undefined) {
        if (state === 'done' && (this.flags & FAILED) === 0) rare.res(value);
        else rare.rej!(error);
        rare.res = rare.rej = undefined;
      }
    }
    const listeners = this.listeners;
    if (listeners !== undefined) {
      this.listeners = undefined;
      if (Array.isArray(listeners)) for (const fn of listeners) fn(this);
      else listeners(this);
    }
    const callbacks = rare?.callbacks;
    if (callbacks !== undefined) {
      rare!.callbacks = undefined;
      this.runCallbacks(callbacks);
    }
  }

  private more(): Rare {
    return (this.rare ??= new Rare());
  }

  private runCallbacks(callbacks: DoneCallbackEntry[]): void {
    queueMicrotask(() => {
      for (const { fn, ctx } of callbacks) {
        try {
          storage.run(ctx, fn, this);
        } catch (error) {
          reportCallbackError(error);
        }
      }
    });
  }

  private toPromise(): Promise<T> {
    let promise = this.promise;
    if (promise === undefined) {
      if (this.st === 'done' && (this.flags & FAILED) === 0)
        promise = Promise.resolve(this.outcome as T);
      else if (this.done()) promise = rejectWith<T>(this.outcome);
      else
        promise = new Promise<T>((res: (value: T) => void, rej) => {
          const rare = this.more();
          rare.res = res;
          rare.rej = rej;
        });
      this.promise = promise;
    }
    return promise;
  }
}

/**
 * Starts `work` as a {@link Task} on the next microtask, as `asyncio.create_task`.
 *
 * `work` is an async function (it receives the task's `AbortSignal` when it declares a
 * parameter), a generator function or generator object (`yield promise` awaits the promise,
 * `yield*` delegates like `yield from`), or a promise. Throws `TypeError` at the call for anything else.
 *
 * @example
 * ```ts
 * import { createTask, sleep } from '@skein/coroutine';
 * const a = createTask(async (signal) => { await sleep(10, undefined, { signal }); return 'a'; });
 * const b = createTask(function* () { const x: number = yield Promise.resolve(1); return x + 1; });
 * console.log(await a, await b); // 'a' 2
 * ```
 */
export function createTask<T>(
  work: (signal: AbortSignal) => Generator<unknown, T, any>,
  options?: TaskOptions,
): Task<T>;
export function createTask<T>(work: Generator<unknown, T, any>, options?: TaskOptions): Task<T>;
export function createTask<T>(
  work: (signal: AbortSignal) => T | PromiseLike<T>,
  options?: TaskOptions,
): Task<Awaited<T>>;
export function createTask<T>(work: PromiseLike<T>, options?: TaskOptions): Task<Awaited<T>>;
export function createTask(work: unknown, options?: TaskOptions): Task<unknown> {
  const name = checkName(options);
  return Task.make(work, kindOf(work, 'createTask'), name);
}

function checkName(options: TaskOptions | undefined): string | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`createTask: options must be an object, got ${describe(options)}`);
  }
  if (options.name !== undefined && typeof options.name !== 'string') {
    throw new TypeError(`createTask: options.name must be a string, got ${describe(options.name)}`);
  }
  return options.name;
}

function kindOf(work: unknown, where: string, item?: number): number {
  if (typeof work === 'function') {
    const proto: unknown = Object.getPrototypeOf(work);
    if (proto === GeneratorFunction) return GEN_FN;
    if (proto !== AsyncGeneratorFunction) return FN;
  }
  if (isGenerator(work)) return GEN;
  if (isThenable(work)) return PROMISE;
  throw new TypeError(
    `${item === undefined ? where : `${where} ${item}`}: expected an async function, a generator function, a generator or a promise, got ${describe(work)}`,
  );
}

/**
 * @internal A task for any awaitable: a task itself, else a new task running it (asyncio's
 * `ensure_future`). A bad one is a TypeError naming `where` (and `item`, its place in a list:
 * the message is made only then, not once per item of a 100k-task gather).
 */
export function toTask<T>(aw: unknown, where: string, item?: number): Task<T> {
  if (aw instanceof Task) return aw as Task<T>;
  return Task.make<T>(aw, kindOf(aw, where, item), undefined);
}

/**
 * @internal A task its maker settles with `_settleManual`; cancelling it calls `onCancel`
 * (cheaper than registering every child as awaited when there are 100k of them).
 */
export function manualTask<T>(onCancel: (msg?: string) => void): Task<T> {
  return Task.make<T>(onCancel, MANUAL, undefined);
}

/**
 * The task whose code is running now, or undefined outside every task (asyncio's `current_task`).
 *
 * @example
 * ```ts
 * import { createTask, currentTask } from '@skein/coroutine';
 * const t = createTask(async () => currentTask()?.name, { name: 'me' });
 * console.log(await t); // 'me'
 * ```
 */
export function currentTask(): Task | undefined {
  const ctx = storage.getStore();
  return ctx instanceof Task ? ctx : undefined;
}
