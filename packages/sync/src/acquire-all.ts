import { LockOrderError, TimeoutError } from './errors.js';
import { currentContext, isThreadContext, runWithOrdered } from './internal/context.js';
import { checkFunction, describe, parseWait, type WaitOptions } from './internal/options.js';
import { PermitLock } from './internal/permit-lock.js';
import { RLock } from './rlock.js';

/** Anything `acquireAll`/`withAll` can take: Lock, RLock, Semaphore, BoundedSemaphore. */
export type OrderedLock = PermitLock<string>;

/**
 * Takes several locks in one global order (their `orderKey`, the same in every thread), so two
 * callers asking for the same locks in different orders cannot deadlock. Resolves a function
 * that releases them all (in reverse order). Options may follow the locks as a last argument;
 * on timeout it rejects with {@link TimeoutError}, on abort with `signal.reason`, holding none.
 *
 * Throws {@link LockOrderError} when the current context already holds, through `acquireAll`
 * or `withAll`, a lock that sorts after one asked for now: taking it would break the order.
 * The context is the enclosing `withAll`/`withLock` scope or `@skein/coroutine` Task; outside
 * any scope, all tasks of a thread look alike, so `acquireAll` there remembers nothing.
 *
 * @example
 * ```ts
 * import { Lock, acquireAll } from '@skein/sync';
 * const from = new Lock(), to = new Lock();
 * const release = await acquireAll(to, from);
 * try { console.log(from.locked() && to.locked()); } finally { release(); } // true
 * ```
 */
export function acquireAll(...args: Array<OrderedLock | WaitOptions>): Promise<() => void> {
  const last = args.at(-1);
  // Options come last, as an object; anything else is checked as a lock.
  const options =
    typeof last === 'object' && last !== null && !(last instanceof PermitLock)
      ? (args.pop() as WaitOptions)
      : undefined;
  // Bad arguments throw at the call; waiting, timing out and lock order reject.
  const locks = checkLocks(args, 'acquireAll');
  parseWait(options, 'acquireAll');
  return acquireChecked(locks, options);
}

async function acquireChecked(
  locks: OrderedLock[],
  options: WaitOptions | undefined,
): Promise<() => void> {
  const ctx = currentContext();
  const taken = await takeInOrder(locks, ctx.ordered, options, 'acquireAll');
  // Outside any scope all of this thread's tasks share one context: recording there would
  // make one task's locks look held by another, so only scopes remember what they took.
  const keys = isThreadContext(ctx) ? [] : taken.map((l) => l.orderKey);
  ctx.ordered.push(...keys);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const key of keys) ctx.ordered.splice(ctx.ordered.lastIndexOf(key), 1);
    for (const lock of taken.reverse()) lock.release();
  };
}

/**
 * Runs `fn` holding all of `locks`, taken in the global order as by {@link acquireAll}, and
 * releases them afterwards, also when `fn` throws. Nested `withAll` calls are checked for
 * order: inside, asking for a lock that sorts before one already held throws {@link LockOrderError}.
 *
 * @example
 * ```ts
 * import { Lock, withAll } from '@skein/sync';
 * const a = new Lock(), b = new Lock();
 * console.log(await withAll([a, b], () => a.locked() && b.locked())); // true
 * ```
 */
export function withAll<R>(
  locks: Iterable<OrderedLock>,
  fn: () => R | PromiseLike<R>,
  options?: WaitOptions,
): Promise<Awaited<R>> {
  checkFunction(fn, 'withAll: fn');
  const list = checkLocks(
    locks === null || typeof locks !== 'object' ? locks : [...locks],
    'withAll',
  );
  parseWait(options, 'withAll');
  return withChecked(list, fn, options);
}

async function withChecked<R>(
  list: OrderedLock[],
  fn: () => R | PromiseLike<R>,
  options: WaitOptions | undefined,
): Promise<Awaited<R>> {
  const ctx = currentContext();
  const taken = await takeInOrder(list, ctx.ordered, options, 'withAll');
  try {
    return await runWithOrdered([...ctx.ordered, ...taken.map((l) => l.orderKey)], fn);
  } finally {
    for (const lock of taken.reverse()) lock.release();
  }
}

function checkLocks(locks: unknown, where: string): OrderedLock[] {
  if (!Array.isArray(locks))
    throw new TypeError(`${where}: expected locks, got ${describe(locks)}`);
  if (locks.length === 0) throw new TypeError(`${where}: expected at least one lock`);
  locks.forEach((l, i) => {
    if (!(l instanceof PermitLock)) {
      throw new TypeError(
        `${where}: locks[${i}] must be a Lock, RLock or Semaphore, got ${describe(l)}`,
      );
    }
  });
  return [...new Set(locks as OrderedLock[])].sort((a, b) => a.orderKey - b.orderKey);
}

async function takeInOrder(
  sorted: OrderedLock[],
  held: number[],
  options: WaitOptions | undefined,
  where: string,
): Promise<OrderedLock[]> {
  const top = held.length === 0 ? -1 : Math.max(...held);
  const first = sorted[0];
  if (
    first !== undefined &&
    (first.orderKey < top || (first.orderKey === top && !(first instanceof RLock)))
  ) {
    throw new LockOrderError(
      `${where}: '${first.label}' sorts before a lock this context already holds through acquireAll/withAll; ` +
        'take all of them in one call instead',
    );
  }
  const deadline = options?.timeout === undefined ? Infinity : performance.now() + options.timeout;
  const taken: OrderedLock[] = [];
  try {
    for (const lock of sorted) {
      const timeout = deadline === Infinity ? undefined : Math.max(0, deadline - performance.now());
      if (!(await lock.acquire({ timeout, signal: options?.signal }))) {
        throw new TimeoutError(
          `${where}: timed out after ${options?.timeout} ms waiting for '${lock.label}'`,
        );
      }
      taken.push(lock);
    }
  } catch (e) {
    for (const lock of taken.reverse()) lock.release();
    throw e;
  }
  return taken;
}
