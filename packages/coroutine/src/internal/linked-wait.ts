import { CancelledError } from '../errors.js';
import { storage, type Awaiter, type Cancellable } from './context.js';

/**
 * A wait of another package (`@skein/sync`'s `lock.acquire()`, `@skein/queue`'s `q.get()`)
 * that the running Task can cancel, as asyncio's cancellation interrupts `await lock.acquire()`.
 *
 * Protocol, published as `globalThis[Symbol.for('skein.linkWait.v1')](promise, cancel)` so neither
 * package imports the other: a caller that parks a wait given no signal of its own calls it with
 * the wait's promise and a `cancel(reason)` that removes the wait (taking nothing) and rejects
 * the promise with `reason`. With a Task running, the wait joins what the Task awaits and the
 * function returns `unlink`, which the caller must call when the wait ends any other way (served,
 * timed out, aborted) and before it settles it; without one it returns undefined. Cancelling the
 * Task calls `cancel` once, with a `CancelledError`, unless `unlink` came first; a Task already
 * asked to cancel does so at once, inside the call. A Task made from the promise (`shield`,
 * `waitFor`, `createTask`) takes the wait over, as it does a `sleep`.
 */
export class LinkedWait implements Cancellable {
  #linked = true;

  constructor(
    readonly promise: Promise<unknown>,
    private readonly onCancel: (reason: Error) => void,
    private owner: Awaiter,
  ) {}

  cancel(msg?: string): boolean {
    if (!this.#linked) return false;
    this.unlink();
    this.onCancel(new CancelledError(msg));
    return true;
  }

  unlink(): void {
    this.#linked = false;
    this.owner.removeWaiting(this);
  }

  /** Makes `owner` the task whose cancellation reaches the wait. */
  moveTo(owner: Awaiter): void {
    if (!this.#linked) return;
    this.owner.removeWaiting(this);
    this.owner = owner;
    if (!owner.addWaiting(this)) this.#linked = false;
  }
}

const linkWaitKey = Symbol.for('skein.linkWait.v1');
type LinkWait = (
  promise: Promise<unknown>,
  cancel: (reason: Error) => void,
) => (() => void) | undefined;
// A second copy of this package links to its own tasks, else asks the first.
const otherCopy = (globalThis as Record<symbol, unknown>)[linkWaitKey] as LinkWait | undefined;
const linkWait: LinkWait = (promise, cancel) => {
  const owner = storage.getStore()?.awaiter;
  if (owner === undefined) return otherCopy?.(promise, cancel);
  const wait = new LinkedWait(promise, cancel, owner);
  if (!owner.addWaiting(wait)) return undefined; // cancelled at once (or the task is done)
  return () => wait.unlink();
};
(globalThis as Record<symbol, unknown>)[linkWaitKey] = linkWait;
// @skein/sync, when it loaded first, reads it from its owner registry (a field, not a global
// symbol, on its hot paths): see its internal/context.ts.
const syncRegistry = (globalThis as Record<symbol, unknown>)[
  Symbol.for('skein.ownerContext.v1')
] as { linkWait?: LinkWait } | undefined;
if (syncRegistry !== undefined) syncRegistry.linkWait = linkWait;
