import { CancelledError } from './errors.js';
import { manualTask, toTask, type ResultOf, type Task, type Work } from './task.js';
import { describe, isGenerator, isThenable } from './internal/validate.js';

/**
 * Options of {@link gather}, passed as its last argument.
 *
 * @example
 * ```ts
 * import { gather, type GatherOptions } from '@skein/coroutine';
 * const options: GatherOptions = { returnExceptions: true };
 * const [r] = await gather(Promise.reject(new Error('x')), options); // r: Error
 * ```
 */
export interface GatherOptions {
  /** Put errors (and `CancelledError`s of cancelled children) in the result instead of failing. Default false. */
  returnExceptions?: boolean | undefined;
}

/**
 * Anything `gather`, `wait` and friends accept: a task, a promise, or work for a new task.
 *
 * @example
 * ```ts
 * import { gather, sleep, type Awaitable } from '@skein/coroutine';
 * const jobs: Awaitable<number>[] = [sleep(1, 1), async () => 2, Promise.resolve(3)];
 * await gather(...jobs);
 * ```
 */
export type Awaitable<T = unknown> = Task<T> | Work<T>;

/**
 * The tuple of results of the awaitables `A`.
 *
 * @example
 * ```ts
 * import type { GatherResults, Task } from '@skein/coroutine';
 * type R = GatherResults<[Task<number>, Promise<string>]>; // [number, string]
 * ```
 */
export type GatherResults<A extends readonly unknown[]> = {
  -readonly [K in keyof A]: ResultOf<A[K]>;
};

/**
 * The tuple `gather` gives with `returnExceptions: true`: each result or the error in its place.
 *
 * @example
 * ```ts
 * import type { GatherSettled } from '@skein/coroutine';
 * type R = GatherSettled<[Promise<number>]>; // [number | Error]
 * ```
 */
export type GatherSettled<A extends readonly unknown[]> = {
  -readonly [K in keyof A]: ResultOf<A[K]> | Error;
};

function isOptions(value: unknown): value is GatherOptions {
  return typeof value === 'object' && value !== null && !isThenable(value) && !isGenerator(value);
}

/**
 * Runs the awaitables concurrently and resolves with their results in argument order, as
 * `asyncio.gather`. Returns a {@link Task} of the typed tuple. Promises and work become tasks.
 *
 * Errors: without `returnExceptions` the first error (or a child's cancellation) fails the
 * gather at once and the other children keep running; with it, errors are returned in place.
 * A gather failed by a cancelled child throws `CancelledError` but is `done`, not `cancelled()`
 * (as in CPython).
 * Cancelling the gather cancels every child that is not done; it then ends cancelled.
 *
 * @example
 * ```ts
 * import { gather, sleep } from '@skein/coroutine';
 * const [a, b] = await gather(sleep(10, 'a'), async () => 2); // a: string, b: number
 * const [ok, err] = await gather(Promise.resolve(1), Promise.reject(new Error('x')), { returnExceptions: true });
 * ```
 */
export function gather<const A extends readonly Awaitable<any>[]>(
  ...aws: A
): Task<GatherResults<A>>;
export function gather<const A extends readonly Awaitable<any>[]>(
  ...args: [...aws: A, options: GatherOptions & { returnExceptions: true }]
): Task<GatherSettled<A>>;
export function gather<const A extends readonly Awaitable<any>[]>(
  ...args: [...aws: A, options: GatherOptions & { returnExceptions?: false | undefined }]
): Task<GatherResults<A>>;
export function gather<const A extends readonly Awaitable<any>[]>(
  ...args: [...aws: A, options: GatherOptions]
): Task<GatherResults<A> | GatherSettled<A>>;
export function gather(...args: unknown[]): Task<unknown[]> {
  let returnExceptions = false;
  if (args.length > 0 && isOptions(args[args.length - 1])) {
    const options = args.pop() as GatherOptions;
    if (options.returnExceptions !== undefined && typeof options.returnExceptions !== 'boolean') {
      throw new TypeError(
        `gather: options.returnExceptions must be a boolean, got ${describe(options.returnExceptions)}`,
      );
    }
    returnExceptions = options.returnExceptions === true;
  }
  const children = args.map((aw, i) => toTask<unknown>(aw, 'gather: argument', i));
  let cancelMsg: string | undefined;
  const outer = manualTask<unknown[]>((msg) => {
    cancelMsg = msg;
    for (const child of children) child.cancel(msg);
  });
  // One registration per argument, one call per registration: a task given twice counts twice.
  let left = children.length;
  if (left === 0) {
    outer._settleManual(true, []);
    return outer;
  }
  const onDone = (child: Task<unknown>): void => {
    if (outer.done()) return;
    if (!returnExceptions && (child.state === 'cancelled' || child._failed())) {
      // A child's cancellation fails the gather; only cancelling the gather itself cancels it.
      outer._settleManual(false, errorOf(child), outer._cancelRequests() === 0);
      return;
    }
    if (--left > 0) return;
    if (outer._cancelRequests() > 0) {
      outer._settleManual(false, new CancelledError(cancelMsg));
      return;
    }
    outer._settleManual(
      true,
      children.map((c) => (c.state === 'cancelled' || c._failed() ? errorOf(c) : c.result())),
    );
  };
  for (const child of children) child.listen(onDone);
  return outer;
}

/** The error a finished task throws: its own, or its `CancelledError`. */
function errorOf(task: Task<unknown>): unknown {
  try {
    task.result();
  } catch (error) {
    return error;
  }
  return undefined;
}
