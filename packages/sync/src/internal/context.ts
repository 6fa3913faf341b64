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
}

/** What deadlock detection and lock ordering need to know about a lock. */
export interface TrackedLock {
  readonly orderKey: number;
  readonly label: string;
}

interface Registry {
  readonly als: AsyncLocalStorage<OwnerContext>;
  readonly thread: OwnerContext;
  next: number;
  /** Runs `fn` as a new owner; `@skein/coroutine` calls this for every Task it starts. */
  run<R>(fn: () => R): R;
}

const key = Symbol.for('skein.ownerContext');

// One registry per thread even when two copies of this package are loaded, so they agree on owners.
const registry: Registry =
  ((globalThis as Record<symbol, unknown>)[key] as Registry | undefined) ??
  ((globalThis as Record<symbol, unknown>)[key] = createRegistry());

function createRegistry(): Registry {
  const r: Registry = {
    als: new AsyncLocalStorage<OwnerContext>(),
    thread: { token: 0, ordered: [], held: [] },
    next: 1,
    run: (fn) => {
      const parent = r.als.getStore() ?? r.thread;
      return r.als.run(
        { token: r.next++, ordered: [...parent.ordered], held: [...parent.held] },
        fn,
      );
    },
  };
  return r;
}

/** The owner acting now. */
export function currentContext(): OwnerContext {
  return registry.als.getStore() ?? registry.thread;
}

/** Whether `ctx` is the thread itself (no scope or Task around the call). */
export function isThreadContext(ctx: OwnerContext): boolean {
  return ctx === registry.thread;
}

/** Runs `fn` as a fresh owner context (a new `withLock` scope) that starts with its parent's locks. */
export function runAsNewOwner<R>(fn: () => R): R {
  return registry.run(fn);
}

/** Runs `fn` in a child of the current context that also holds `ordered` keys. */
export function runWithOrdered<R>(ordered: number[], fn: () => R): R {
  const ctx = currentContext();
  return registry.als.run({ token: ctx.token, ordered, held: [...ctx.held] }, fn);
}

/** This thread's id as stored in shared memory (0 means "nobody"). */
export const THREAD_ID = threadId + 1;
