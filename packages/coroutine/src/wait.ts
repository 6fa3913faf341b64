import { TimeoutError } from './errors.js';
import { Park } from './internal/park.js';
import { checkWaitOptions, describe, rejectWith } from './internal/validate.js';
import type { Awaitable } from './gather.js';
import { toTask, type ResultOf, type Task } from './task.js';
import { startTimer, stopTimer, type TimerHandle } from './internal/timers.js';

/**
 * When {@link wait} resolves.
 *
 * @example
 * ```ts
 * import { wait, sleep, type ReturnWhen } from '@skein/coroutine';
 * const returnWhen: ReturnWhen = 'FIRST_COMPLETED';
 * await wait([sleep(5), sleep(10)], { returnWhen });
 * ```
 */
export type ReturnWhen = 'FIRST_COMPLETED' | 'FIRST_EXCEPTION' | 'ALL_COMPLETED';
/**
 * {@link wait} resolves when any awaitable finishes or is cancelled.
 *
 * @example
 * ```ts
 * import { wait, sleep, FIRST_COMPLETED } from '@skein/coroutine';
 * const { done } = await wait([sleep(5, 'a'), sleep(50, 'b')], { returnWhen: FIRST_COMPLETED });
 * ```
 */
export const FIRST_COMPLETED = 'FIRST_COMPLETED';
/**
 * {@link wait} resolves when any awaitable fails, or else when all finish.
 *
 * A cancelled awaitable does not count as failed.
 *
 * @example
 * ```ts
 * import { wait, sleep, FIRST_EXCEPTION } from '@skein/coroutine';
 * const { done } = await wait([Promise.reject(new Error('x')), sleep(50)], { returnWhen: FIRST_EXCEPTION });
 * ```
 */
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION';
/**
 * {@link wait} resolves when all awaitables finish (the default).
 *
 * @example
 * ```ts
 * import { wait, sleep, ALL_COMPLETED } from '@skein/coroutine';
 * const { done, pending } = await wait([sleep(5), sleep(10)], { returnWhen: ALL_COMPLETED });
 * console.log(done.size, pending.size); // 2 0
 * ```
 */
export const ALL_COMPLETED = 'ALL_COMPLETED';

/**
 * Options of {@link wait}.
 *
 * @example
 * ```ts
 * import { wait, sleep, type WaitOptions } from '@skein/coroutine';
 * const options: WaitOptions = { timeout: 100, returnWhen: 'FIRST_COMPLETED' };
 * await wait([sleep(5)], options);
 * ```
 */
export interface WaitOptions {
  /** Resolve after this many milliseconds even if the condition is not met. Nothing is cancelled. */
  timeout?: number | undefined;
  /** The condition to wait for; default `ALL_COMPLETED`. */
  returnWhen?: ReturnWhen | undefined;
  /** Stop waiting when this signal aborts; `wait` then rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/**
 * The two sets {@link wait} resolves with.
 *
 * @example
 * ```ts
 * import { wait, sleep, type WaitResult } from '@skein/coroutine';
 * const { done, pending }: WaitResult<void> = await wait([sleep(5)]);
 * ```
 */
export interface WaitResult<T> {
  done: Set<Task<T>>;
  pending: Set<Task<T>>;
}

const RETURN_WHEN = new Set<unknown>([FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED]);

function toTasks<T>(aws: Iterable<unknown>, where: string): Set<Task<T>> {
  if (
    aws === null ||
    typeof (aws as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function'
  ) {
    throw new TypeError(
      `${where}: expected an iterable of tasks or promises, got ${describe(aws)}`,
    );
  }
  const tasks = new Set<Task<T>>();
  const label = `${where}: item`;
  let i = 0;
  for (const aw of aws) tasks.add(toTask<T>(aw, label, i++));
  return tasks;
}

/**
 * Waits for the awaitables until `returnWhen` holds or `timeout` passes, as `asyncio.wait`,
 * and resolves `{ done, pending }` (sets of tasks; promises and work become tasks). It never
 * cancels them and never throws their errors. Throws `RangeError` for an empty iterable or a
 * bad `returnWhen`/`timeout`. Cancelling the task that awaits `wait` rejects it with `CancelledError`.
 *
 * @example
 * ```ts
 * import { wait, createTask, sleep, FIRST_COMPLETED } from '@skein/coroutine';
 * const fast = createTask(() => sleep(5, 'fast'));
 * const slow = createTask(() => sleep(500, 'slow'));
 * const { done, pending } = await wait([fast, slow], { returnWhen: FIRST_COMPLETED });
 * console.log(done.has(fast), pending.has(slow)); // true true
 * slow.cancel();
 * ```
 */
export function wait<A extends Awaitable<any>>(
  aws: Iterable<A>,
  options?: WaitOptions,
): Promise<WaitResult<ResultOf<A>>> {
  type T = ResultOf<A>;
  checkWaitOptions(options, 'wait');
  const returnWhen = options?.returnWhen ?? ALL_COMPLETED;
  if (!RETURN_WHEN.has(returnWhen)) {
    throw new RangeError(
      `wait: options.returnWhen must be one of ${[...RETURN_WHEN].join(', ')}, got ${describe(returnWhen)}`,
    );
  }
  const tasks = toTasks<T>(aws, 'wait');
  if (tasks.size === 0) throw new RangeError('wait: the iterable of awaitables is empty');
  const park = new Park<WaitResult<T>>(options?.signal);
  if (park.settled) return park.promise; // an aborted signal: nothing to listen to or time
  const finish = (): void =>
    park.resolve(new SortedOnResume(tasks) as unknown as PromiseLike<WaitResult<T>>);
  let left = 0;
  const onDone = (t: Task<T>): void => {
    left--;
    if (
      left === 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && failed(t))
    ) {
      finish();
    }
  };
  for (const t of tasks) if (!t.done()) left++;
  if (
    left === 0 ||
    (returnWhen !== ALL_COMPLETED && left < tasks.size && firstHit(tasks, returnWhen))
  ) {
    finish();
    return park.promise;
  }
  for (const t of tasks) if (!t.done()) t.listen(onDone);
  const timeout = options?.timeout;
  const timer = timeout === undefined ? undefined : startTimer(finish, timeout);
  park.cleanup = () => {
    stopTimer(timer);
    for (const t of tasks) t.unlisten(onDone);
  };
  return park.promise;
}

/**
 * What {@link wait} resolves its promise with: a thenable that sorts the tasks into `done` and
 * `pending` only on the microtask before the waiter resumes, as CPython's `wait` sorts them once
 * its waiter wakes: tasks released by the same promise as the one that ended the wait are
 * done, not pending.
 */
class SortedOnResume<T> {
  constructor(private readonly tasks: Set<Task<T>>) {}

  then(onfulfilled: (result: WaitResult<T>) => void): void {
    const done = new Set<Task<T>>();
    const pending = new Set<Task<T>>();
    for (const t of this.tasks) (t.done() ? done : pending).add(t);
    onfulfilled({ done, pending });
  }
}

function firstHit<T>(tasks: Set<Task<T>>, returnWhen: ReturnWhen): boolean {
  if (returnWhen === FIRST_COMPLETED) return true;
  for (const t of tasks) if (failed(t)) return true;
  return false;
}

/** Failed with an error; as in CPython, a cancelled task has not failed. */
function failed(t: Task<unknown>): boolean {
  return t._failed();
}

/**
 * Options of {@link asCompleted}.
 *
 * @example
 * ```ts
 * import { asCompleted, sleep, type AsCompletedOptions } from '@skein/coroutine';
 * const options: AsCompletedOptions = { timeout: 1000 };
 * for await (const value of asCompleted([sleep(5, 'x')], options)) console.log(value);
 * ```
 */
export interface AsCompletedOptions {
  /** After this many milliseconds, waiting for the next completion throws `TimeoutError`. Nothing is cancelled. */
  timeout?: number | undefined;
  /** Stop when this signal aborts; waiting for the next completion then rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/**
 * What {@link asCompleted} returns: `for await` yields the results in the order the awaitables
 * finish (throwing an awaitable's error when its turn comes); a plain `for` yields one promise
 * per awaitable, each settling like the next awaitable to finish.
 *
 * @example
 * ```ts
 * import { asCompleted, sleep, type AsCompleted } from '@skein/coroutine';
 * const results: AsCompleted<number> = asCompleted([sleep(10, 1), sleep(5, 2)]);
 * for (const next of results) console.log(await next); // 2, 1
 * ```
 */
export interface AsCompleted<T> {
  /** Yields the results in completion order. */
  [Symbol.asyncIterator](): AsyncIterator<T>;
  /** Yields one promise per awaitable, each of the next result to finish. */
  [Symbol.iterator](): Iterator<PromiseLike<T>>;
}

/**
 * Yields the awaitables' results in completion order, as `asyncio.as_completed`: `for await`
 * gives each result (or throws its error), a plain `for` gives promises of the next result.
 * (Python 3.13's `async for` yields the tasks; TypeScript types `for await` over thenables as
 * their values, so here it yields the values. Use {@link wait} to learn which task finished.) With `timeout`,
 * waiting past the deadline throws `TimeoutError`; the awaitables keep running.
 *
 * @example
 * ```ts
 * import { asCompleted, sleep } from '@skein/coroutine';
 * for await (const value of asCompleted([sleep(20, 'slow'), sleep(5, 'fast')])) console.log(value); // fast, slow
 * for (const next of asCompleted([sleep(20, 1), sleep(5, 2)])) console.log(await next); // 2, 1
 * ```
 */
export function asCompleted<A extends Awaitable<any>>(
  aws: Iterable<A>,
  options?: AsCompletedOptions,
): AsCompleted<ResultOf<A>> {
  type T = ResultOf<A>;
  checkWaitOptions(options, 'asCompleted');
  const tasks = toTasks<T>(aws, 'asCompleted');
  const total = tasks.size;
  const finished: Task<T>[] = [];
  const waiters: Park<{ task: Task<T> }>[] = [];
  let failure: { error: unknown } | undefined;
  let handed = 0;
  let timer: TimerHandle | undefined;
  const signal = options?.signal;
  const stop = (): void => {
    stopTimer(timer);
    signal?.removeEventListener('abort', onAbort);
    for (const t of tasks) t.unlisten(onDone);
  };
  const fail = (error: unknown): void => {
    failure = { error };
    stop();
    for (const w of waiters.splice(0)) w.reject(error);
  };
  const onAbort = (): void => fail(signal?.reason);
  let remaining = 0;
  const onDone = (t: Task<T>): void => {
    let w = waiters.shift();
    while (w?.settled === true) w = waiters.shift();
    if (w !== undefined) w.resolve({ task: t });
    else finished.push(t);
    if (--remaining === 0) stop();
  };
  // Tasks are thenables, so they travel boxed through promises.
  const next = (): Promise<{ task: Task<T> }> => {
    handed++;
    const ready = finished.shift();
    if (ready !== undefined) return Promise.resolve({ task: ready });
    if (failure !== undefined) return rejectWith(failure.error);
    const park = new Park<{ task: Task<T> }>(undefined);
    waiters.push(park);
    return park.promise;
  };
  for (const t of tasks) {
    if (t.done()) finished.push(t);
    else {
      remaining++;
      t.listen(onDone);
    }
  }
  if (remaining > 0) {
    if (signal?.aborted === true) fail(signal.reason);
    else {
      signal?.addEventListener('abort', onAbort, { once: true });
      const timeout = options?.timeout;
      if (timeout !== undefined) {
        timer = startTimer(
          () => fail(new TimeoutError(`asCompleted: timed out after ${timeout} ms`)),
          timeout,
        );
      }
    }
  }
  return {
    [Symbol.asyncIterator]: () => ({
      next: async (): Promise<IteratorResult<T>> => {
        if (handed >= total) return { done: true, value: undefined };
        const { task } = await next();
        return { done: false, value: task.result() };
      },
      return: (): Promise<IteratorResult<T>> => {
        stop();
        handed = total;
        return Promise.resolve({ done: true, value: undefined });
      },
    }),
    *[Symbol.iterator]() {
      for (let i = 0; i < total; i++) {
        let promise: Promise<T> | undefined;
        yield {
          then: (ok, ko) => (promise ??= next().then(({ task }) => task.result())).then(ok, ko),
        };
      }
    },
  };
}
