import { setImmediate } from 'node:timers';
import { CancelledError, ExceptionGroup, InvalidStateError } from './errors.js';
import { Park } from './internal/park.js';
import { describe } from './internal/validate.js';
import { createTask, currentTask, type Task, type TaskOptions } from './task.js';

/**
 * Structured concurrency, as `asyncio.TaskGroup`: tasks created through the group are awaited
 * before the group ends. The first failure cancels every other task of the group (and, with
 * {@link TaskGroup.run}, the body); the group then throws an {@link ExceptionGroup} holding every
 * failure. Cancellations are not failures. Groups nest: an inner group's `ExceptionGroup` is a
 * failure of the outer group.
 *
 * With `await using tg = new TaskGroup()` the block itself is not interrupted by a failure;
 * leaving the block waits for the tasks and throws the `ExceptionGroup`. Leaving it cancels the
 * tasks first when the task running the block was cancelled, but not when the block threw: a
 * disposer cannot see that error (use {@link TaskGroup.run}).
 *
 * @example
 * ```ts
 * import { TaskGroup, sleep } from '@skein/coroutine';
 * const [a, b] = await TaskGroup.run(async (tg) => {
 *   const a = tg.createTask(() => sleep(10, 'a'));
 *   const b = tg.createTask(async () => 'b');
 *   return [a, b] as const;
 * });
 * console.log(a.result(), b.result()); // 'a' 'b'
 * ```
 */
export class TaskGroup {
  readonly #tasks = new Set<Task<unknown>>();
  /** One listener for every task of the group, not a closure per task. */
  readonly #taskDone = (task: Task<unknown>): void => this.#onDone(task);
  readonly #errors: unknown[] = [];
  #aborting = false;
  /** A failure's reaction is queued (see #onDone): tasks can still join until it runs, as in asyncio. */
  #abortScheduled = false;
  #closed = false;
  #body: Task<unknown> | undefined;
  #bodyCancelRequested = false;
  #drained: Park<void> | undefined;
  /** The task that made the group (it runs the `await using` block) and its cancel requests then. */
  readonly #owner = currentTask();
  readonly #ownerCancels = this.#owner?._cancelRequests() ?? 0;

  /**
   * Runs `fn(tg)` as the group's body task, then waits for every task of the group, and
   * resolves with the body's value. Throws {@link ExceptionGroup} when the body or a task
   * failed; `CancelledError` when the task awaiting `run` was cancelled (after every task of
   * the group has finished). `fn` also gets the body task's `AbortSignal` as second argument.
   */
  static run<R>(fn: (tg: TaskGroup, signal: AbortSignal) => R | PromiseLike<R>): Task<Awaited<R>> {
    if (typeof fn !== 'function')
      throw new TypeError(`TaskGroup.run: expected a function, got ${describe(fn)}`);
    return createTask(async () => {
      const tg = new TaskGroup();
      const body = createTask(
        fn.length >= 2 ? (signal) => fn(tg, signal) : () => fn(tg, undefined as never),
      );
      tg.#body = body;
      let failed = false;
      let error: unknown;
      let value: Awaited<R> | undefined;
      try {
        value = await body;
      } catch (e) {
        failed = true;
        error = e;
      }
      await tg.#close(failed, error);
      return value as Awaited<R>;
    });
  }

  /** How many tasks of the group have not finished. */
  get size(): number {
    return this.#tasks.size;
  }

  /**
   * Starts `work` as a task of the group (see {@link createTask}). Throws `InvalidStateError`
   * once the group has finished or is shutting down after a failure.
   */
  createTask<T>(
    work: (signal: AbortSignal) => Generator<unknown, T, any>,
    options?: TaskOptions,
  ): Task<T>;
  createTask<T>(work: Generator<unknown, T, any>, options?: TaskOptions): Task<T>;
  createTask<T>(
    work: (signal: AbortSignal) => T | PromiseLike<T>,
    options?: TaskOptions,
  ): Task<Awaited<T>>;
  createTask<T>(work: PromiseLike<T>, options?: TaskOptions): Task<Awaited<T>>;
  createTask(work: any, options?: TaskOptions): Task<unknown> {
    if (this.#closed) throw new InvalidStateError('TaskGroup is finished');
    if (this.#aborting) throw new InvalidStateError('TaskGroup is shutting down');
    const task = createTask(work as () => unknown, options);
    this.#tasks.add(task);
    task.listen(this.#taskDone);
    return task;
  }

  /**
   * Waits for every task of the group; throws {@link ExceptionGroup} if any failed. An error
   * thrown by the `await using` block is invisible here, but a cancellation of the task that made
   * the group is not: the group's tasks are then cancelled first, as asyncio's `__aexit__` does.
   */
  [Symbol.asyncDispose](): Promise<void> {
    if (this.#ownerCancelled() && !this.#aborting) this.#abort();
    return this.#close(false, undefined);
  }

  /** True once the task that made the group was asked to cancel (after making it). */
  #ownerCancelled(): boolean {
    const owner = this.#owner;
    return owner !== undefined && owner._cancelRequests() > this.#ownerCancels;
  }

  #onDone(task: Task<unknown>): void {
    this.#tasks.delete(task);
    if (this.#tasks.size === 0) this.#drained?.resolve();
    if (!task._failed()) return; // cancelled or succeeded; a task that threw undefined failed
    this.#errors.push(task.exception());
    if (!this.#aborting && !this.#abortScheduled) {
      // As asyncio's done callbacks, the reaction to a failure runs on a later turn of the loop:
      // tasks woken in the same turn (timers due together, steps already queued) fail in their
      // own right instead of being cancelled, so the ExceptionGroup holds every failure. Node
      // runs microtasks between two timers due at once, so only setImmediate comes after both.
      // node:timers' own, which fake timers leave alone. Until it runs, new tasks are accepted
      // (and then cancelled with the rest).
      this.#abortScheduled = true;
      setImmediate(() => {
        this.#abort();
        this.#cancelBody();
      });
    }
  }

  #cancelBody(): void {
    const body = this.#body;
    if (body !== undefined && !body.done() && !this.#bodyCancelRequested) {
      this.#bodyCancelRequested = true;
      body.cancel();
    }
  }

  #abort(): void {
    this.#aborting = true;
    for (const t of this.#tasks) t.cancel();
  }

  async #close(bodyFailed: boolean, bodyError: unknown): Promise<void> {
    let propagate: unknown;
    if (bodyFailed && bodyError instanceof CancelledError) propagate = bodyError;
    if (bodyFailed && !this.#aborting) this.#abort();
    while (this.#tasks.size > 0) {
      this.#drained = new Park<void>(undefined);
      try {
        await this.#drained.promise;
      } catch (error) {
        propagate ??= error;
        if (!this.#aborting) this.#abort();
      }
    }
    this.#drained = undefined;
    this.#closed = true;
    if (this.#bodyCancelRequested && !this.#ownerCancelled()) propagate = undefined;
    if (bodyFailed && !(bodyError instanceof CancelledError)) this.#errors.push(bodyError);
    if (this.#errors.length > 0)
      throw new ExceptionGroup('unhandled errors in a TaskGroup', this.#errors);
    if (propagate !== undefined) throw propagate as Error;
  }
}
