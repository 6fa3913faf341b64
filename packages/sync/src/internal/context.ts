import { AsyncLocalStorage } from 'node:async_hooks';
import { threadId } from 'node:worker_threads';

/**
 * Who is acting right now, for RLock ownership, lock-order checks and deadlock detection.
 * Across threads the owner is the thread; within a thread it is the innermost `withLock` /
 * `withAll` scope or coroutine Task, or else the thread itself (token 0).
 */
export interface OwnerContext {
  /** Unique within this thread; 0 is the thread itself. */
  readonly token: number;
  /** Order keys taken through acquireAll/withAll in this context, in acquisition order. */
  readonly ordered: number[];
  /** Locks held in this context, for deadlock detection (only filled while it is enabled). */
  readonly held: TrackedLock[];
  /** The coroutine Task this context belongs to (undefined outside Tasks). */
  readonly task: object | undefined;
}

/** What deadlock detection and lock ordering need to know about a lock. */
export interface TrackedLock {
  readonly orderKey: number;
  readonly label: string;
}

interface Registry {
  /** `withLock` / `withAll` scopes: set only when a scope is opened, so merely loading this package enables no async hooks. */
  readonly als: AsyncLocalStorage<OwnerContext>;
  readonly thread: OwnerContext;
  /** The owner context of each coroutine Task that has touched a lock, made on first use. */
  readonly tasks: WeakMap<object, OwnerContext>;
  next: number;
  /** For the coroutine scheduler, which runs many task steps in one microtask: the scope now. */
  capture(): unknown;
  /** For the coroutine scheduler: makes `scope` (from {@link Registry.capture}) current again. */
  restore(scope: unknown): void;
  /**
   * `@skein/coroutine`'s function behind {@link linkToCurrentTask} (published under
   * `Symbol.for('skein.linkWait.v1')`): read here when the registry is made, and set here by
   * coroutine when it loads later, so a wait reads a plain field instead of a global symbol.
   */
  linkWait: LinkWait | undefined;
}

type LinkWait = (
  promise: Promise<unknown>,
  cancel: (reason: Error) => void,
) => (() => void) | undefined;

/**
 * Owners and `@skein/coroutine` Tasks. The coroutine package publishes, under
 * `Symbol.for('skein.currentTask.v1')`, a function returning the Task running now (or undefined);
 * it tracks that in its own AsyncLocalStorage, so this package needs no per-task work from it.
 * Who owns code that runs right now:
 *  - no Task: the innermost scope, else the thread;
 *  - a Task: the innermost scope opened *in that Task* (a scope's `task` says where it was
 *    opened; a scope inherited from the Task's creator does not count), else the Task's own
 *    context, made the first time the Task asks and seeded with the inherited scope's locks.
 * The coroutine scheduler runs many task steps in one microtask, where this package's
 * AsyncLocalStorage would hold whatever the first step's caller had: so it calls `capture()`
 * when it queues a step and `restore()` before it runs it, and each step sees the scope of the
 * code that queued it.
 */
// The global keys name a protocol version: a copy of a later, incompatible protocol uses other
// keys, so copies of different versions in one thread stop sharing owners instead of misreading
// each other's registry.
const key = Symbol.for('skein.ownerContext.v1');
const currentTaskKey = Symbol.for('skein.currentTask.v1');

// One registry per thread even when two copies of this package are loaded, so they agree on owners.
const registry: Registry =
  ((globalThis as Record<symbol, unknown>)[key] as Registry | undefined) ??
  ((globalThis as Record<symbol, unknown>)[key] = createRegistry());

function createRegistry(): Registry {
  const als = new AsyncLocalStorage<OwnerContext>();
  return {
    als,
    thread: { token: 0, ordered: [], held: [], task: undefined },
    tasks: new WeakMap(),
    next: 1,
    capture: () => als.getStore(),
    // Compared first: while no scope was ever opened both are undefined, and enterWith would
    // switch the storage on (and its cost for every promise) for nothing.
    restore: (scope) => {
      if (als.getStore() !== scope) als.enterWith(scope as OwnerContext);
    },
    linkWait: (globalThis as Record<symbol, unknown>)[Symbol.for('skein.linkWait.v1')] as
      LinkWait | undefined,
  };
}

function currentTask(): object | undefined {
  const get = (globalThis as Record<symbol, unknown>)[currentTaskKey];
  return typeof get === 'function' ? (get as () => object | undefined)() : undefined;
}

/**
 * Lets the `@skein/coroutine` Task running now cancel a wait of yours, as asyncio's
 * cancellation interrupts `await lock.acquire()`: every waiting call of `@skein/sync` and
 * `@skein/queue` given no `signal` does this. Call it once the wait is parked, with its promise
 * and a `cancel(reason)` that removes the wait (taking nothing) and rejects the promise with
 * `reason` (a `CancelledError`). Inside a Task it returns `unlink`: call it when the wait ends
 * any other way, before you settle it, and `cancel` is never called after. Outside every Task
 * (or without `@skein/coroutine` loaded) it returns `undefined`. A Task already asked to cancel
 * calls `cancel` at once, before this returns. A Task made from the promise (`shield`,
 * `waitFor`, `createTask`) takes the wait over.
 *
 * @example
 * ```ts
 * import { createTask } from '@skein/coroutine';
 * import { linkToCurrentTask } from '@skein/sync';
 * const task = createTask(async () => {
 *   let stop!: (reason: Error) => void;
 *   const wait = new Promise<string>((resolve, reject) => {
 *     const timer = setTimeout(resolve, 60_000, 'done'); // a real wait calls unlink() here
 *     stop = (reason) => { clearTimeout(timer); reject(reason); };
 *   });
 *   linkToCurrentTask(wait, stop);
 *   return wait;
 * });
 * setTimeout(() => task.cancel(), 10);
 * await task.catch((e: Error) => console.log(e.name)); // CancelledError
 * ```
 */
export function linkToCurrentTask(
  promise: Promise<unknown>,
  cancel: (reason: Error) => void,
): (() => void) | undefined {
  const link = registry.linkWait;
  return link === undefined ? undefined : link(promise, cancel);
}

/** The owner acting now. */
export function currentContext(): OwnerContext {
  const scope = registry.als.getStore();
  const task = currentTask();
  if (task === undefined) return scope ?? registry.thread;
  if (scope !== undefined && scope.task === task) return scope;
  let own = registry.tasks.get(task);
  if (own === undefined) {
    own = {
      token: registry.next++,
      ordered: scope === undefined ? [] : [...scope.ordered],
      held: scope === undefined ? [] : [...scope.held],
      task,
    };
    registry.tasks.set(task, own);
  }
  return own;
}

/** Whether `ctx` is the thread itself (no scope or Task around the call). */
export function isThreadContext(ctx: OwnerContext): boolean {
  return ctx === registry.thread;
}

/** Runs `fn` as a fresh owner context (a new `withLock` scope) that starts with its parent's locks. */
export function runAsNewOwner<R>(fn: () => R): R {
  const parent = currentContext();
  return registry.als.run(
    {
      token: registry.next++,
      ordered: [...parent.ordered],
      held: [...parent.held],
      task: parent.task,
    },
    fn,
  );
}

/** Runs `fn` in a child of the current context that also holds `ordered` keys. */
export function runWithOrdered<R>(ordered: number[], fn: () => R): R {
  const ctx = currentContext();
  return registry.als.run({ token: ctx.token, ordered, held: [...ctx.held], task: ctx.task }, fn);
}

/** This thread's id as stored in shared memory (0 means "nobody"). */
export const THREAD_ID = threadId + 1;
