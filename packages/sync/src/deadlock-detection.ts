import { fileURLToPath } from 'node:url';
import { PotentialDeadlockError } from './errors.js';
import { currentContext, type OwnerContext, type TrackedLock } from './internal/context.js';

/*
 * Lock-order graph, per thread: an edge A -> B records that B was acquired while A was held, with
 * the place where that first happened. Acquiring B while holding A when a path B -> ... -> A
 * exists means two code paths take the locks in opposite orders: a deadlock waiting to happen.
 */
let enabled = false;
const edges = new Map<number, Map<number, string>>();
const holders = new Map<number, OwnerContext>();
const hereUrl = new URL('.', import.meta.url);
const here = [hereUrl.href, fileURLToPath(hereUrl)];

/** Options for {@link enableDeadlockDetection}. */
export interface DeadlockDetectionOptions {
  /** Forget the lock order learnt so far (default false). */
  reset?: boolean;
}

/**
 * Turns on lock-order checking for `Lock` and `RLock` in this thread: the first time two locks
 * are taken in inconsistent orders, the acquire that would complete the cycle throws
 * {@link PotentialDeadlockError} naming both locks and both places, before it waits and with
 * nothing held. Meant for tests and debugging; it costs a stack capture per acquire.
 *
 * Each `withLock` scope (and each `@skein/coroutine` Task) is its own context; plain
 * `acquire()` calls outside any scope all count as the thread's own context.
 *
 * @example
 * ```ts
 * import { Lock, enableDeadlockDetection } from '@skein/sync';
 * enableDeadlockDetection();
 * const a = new Lock({ name: 'accounts' }), b = new Lock({ name: 'audit' });
 * await a.withLock(() => b.withLock(() => {}));
 * await b.withLock(() => a.withLock(() => {})).catch((e) => console.log(e.message));
 * ```
 */
export function enableDeadlockDetection(options: DeadlockDetectionOptions = {}): void {
  if (options.reset === true) edges.clear();
  enabled = true;
}

/**
 * Turns lock-order checking off again and forgets what it learnt.
 *
 * @example
 * ```ts
 * import { disableDeadlockDetection } from '@skein/sync';
 * disableDeadlockDetection();
 * ```
 */
export function disableDeadlockDetection(): void {
  enabled = false;
  edges.clear();
  holders.clear();
}

/** Whether lock-order checking is on in this thread. */
export function isDetecting(): boolean {
  return enabled;
}

/** Throws PotentialDeadlockError when taking `lock` now would invert a recorded order. */
export function checkOrder(lock: TrackedLock): void {
  if (!enabled) return;
  const ctx = currentContext();
  if (ctx.held.length === 0) return;
  const place = callerPlace();
  for (const held of ctx.held) {
    if (held.orderKey === lock.orderKey) continue;
    const earlier = findPath(lock.orderKey, held.orderKey);
    if (earlier !== undefined)
      throw new PotentialDeadlockError(held.label, lock.label, earlier, place);
  }
  for (const held of ctx.held) {
    if (held.orderKey === lock.orderKey) continue;
    let out = edges.get(held.orderKey);
    if (out === undefined) edges.set(held.orderKey, (out = new Map()));
    if (!out.has(lock.orderKey)) out.set(lock.orderKey, place);
  }
}

/** Records that the current context now holds `lock`. */
export function noteAcquired(lock: TrackedLock): void {
  if (!enabled) return;
  const ctx = currentContext();
  ctx.held.push(lock);
  holders.set(lock.orderKey, ctx);
}

/** Records that `lock` was released, by whichever context held it. */
export function noteReleased(lock: TrackedLock): void {
  if (!enabled) return;
  const ctx = holders.get(lock.orderKey);
  if (ctx === undefined) return;
  holders.delete(lock.orderKey);
  const i = ctx.held.lastIndexOf(lock);
  if (i >= 0) ctx.held.splice(i, 1);
}

/** The place of the first edge on a path from -> ... -> to, if there is one. */
function findPath(from: number, to: number): string | undefined {
  const seen = new Set<number>([from]);
  const stack: Array<[number, string]> = [];
  for (const [next, place] of edges.get(from) ?? []) stack.push([next, place]);
  while (stack.length > 0) {
    const [node, firstPlace] = stack.pop()!;
    if (node === to) return firstPlace;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const [next] of edges.get(node) ?? []) stack.push([next, firstPlace]);
  }
  return undefined;
}

/** The first stack frame outside this package: where the user's code took the lock. */
function callerPlace(): string {
  // Our own frames (withLock, scopes, acquire) can fill the default 10-frame limit.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const lines = stack.split('\n').slice(1);
  const frame = lines.find(
    (l) => !here.some((h) => l.includes(h)) && !l.includes('(node:') && !l.includes('at node:'),
  );
  return (frame ?? lines[0] ?? '<unknown>').trim().replace(/^at /, '');
}
