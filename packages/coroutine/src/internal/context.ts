import { AsyncLocalStorage } from 'node:async_hooks';

/** What a task can be asked to stop waiting for: a child task, a sleep, a wait. */
export interface Cancellable {
  cancel(msg?: string): boolean;
}

/** A task or other owner that registers what it is awaiting, so cancelling it reaches them. */
export interface Awaiter {
  addWaiting(item: Cancellable): boolean;
  removeWaiting(item: Cancellable): void;
  /** The first registered item that `test` picks. */
  findWaiting(test: (item: Cancellable) => boolean): Cancellable | undefined;
}

/** Tasks started under one `run()`, so it can cancel what is left when `main` ends. */
export interface RunScope {
  readonly tasks: Set<Cancellable & { done(): boolean }>;
}

/**
 * A context: the values of every `ContextVar` (an immutable map, replaced on `set`, so the
 * copies that tasks take are free) and the `run()` scope. A running task is its own context.
 */
export interface Ctx {
  vars: ReadonlyMap<object, unknown>;
  readonly scope: RunScope | undefined;
  readonly awaiter: Awaiter | undefined;
}

const EMPTY: ReadonlyMap<object, unknown> = new Map();

/** The context of code that runs outside every task. */
export const rootContext: Ctx = { vars: EMPTY, scope: undefined, awaiter: undefined };

/** Holds the running task (or another context) across awaits. */
export const storage = new AsyncLocalStorage<Ctx>();

// `@skein/sync` asks which Task runs now, to make each Task its own RLock owner (its
// internal/context.ts describes the protocol). Published as a global so neither package
// imports the other's internals; a second copy of this package asks the first when none of
// its own tasks runs.
const currentTaskKey = Symbol.for('skein.currentTask.v1');
const otherCopy = (globalThis as Record<symbol, unknown>)[currentTaskKey] as
  (() => object | undefined) | undefined;
(globalThis as Record<symbol, unknown>)[currentTaskKey] = (): object | undefined =>
  storage.getStore()?.awaiter ?? otherCopy?.();

/** The context code runs in right now. */
export function currentContext(): Ctx {
  return storage.getStore() ?? rootContext;
}

/** Registers `item` with the current task, if any; returns that task, to unregister from when `item` settles. */
export function linkToCurrent(item: Cancellable): Awaiter | undefined {
  const awaiter = storage.getStore()?.awaiter;
  awaiter?.addWaiting(item);
  return awaiter;
}
