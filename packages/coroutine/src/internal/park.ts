import { CancelledError } from '../errors.js';
import { currentContext, linkToCurrent, type Awaiter, type Cancellable } from './context.js';
import { LinkedWait } from './linked-wait.js';
import { stopTimer, type TimerHandle } from './timers.js';

/** Pending parks made outside every task, by promise, so a task made from the promise can take one over. */
const unowned = new Map<Promise<unknown>, Park<any>>();

/**
 * A promise the current task can cancel: it registers with the task (so `task.cancel()` rejects
 * it with `CancelledError`) and with an optional signal (which rejects it with `signal.reason`),
 * and runs `cleanup` exactly once, whichever way it settles. Only the resolve function is kept
 * (a rejection resolves with a rejected promise): every pending `sleep` holds one, so bytes count.
 *
 * Ownership moves with the promise: a task made from it (`createTask(sleep(10))`, `shield`,
 * `wait`, `gather`, `waitFor`) takes the park over from the task that made it (or from
 * {@link unowned}), as asyncio's `sleep()` coroutine runs in the task that wraps it: cancelling
 * that task clears the timer, and cancelling the maker no longer reaches it.
 */
export class Park<T> implements Cancellable {
  readonly promise: Promise<T>;
  cleanup: (() => void) | undefined = undefined;
  /** A timer that settling clears (saves a cleanup closure on the hot `sleep` path). */
  timer: TimerHandle | undefined = undefined;
  private res: ((value: T | PromiseLike<T>) => void) | undefined;
  private awaiter: Awaiter | undefined;
  private signal: AbortSignal | undefined = undefined;

  constructor(
    signal: AbortSignal | undefined,
    private readonly onCancel?: (msg?: string) => boolean,
  ) {
    let res!: (value: T | PromiseLike<T>) => void;
    this.promise = new Promise<T>((resolve) => (res = resolve));
    this.res = res;
    this.awaiter = linkToCurrent(this);
    if (this.awaiter === undefined) unowned.set(this.promise, this);
    if (signal !== undefined) {
      if (signal.aborted) this.reject(signal.reason);
      else {
        this.signal = signal;
        signal.addEventListener('abort', this, { once: true });
      }
    }
  }

  /** True once resolved or rejected. */
  get settled(): boolean {
    return this.res === undefined;
  }

  /** The signal's abort event. */
  handleEvent(): void {
    this.reject(this.signal?.reason);
  }

  resolve(value: T | PromiseLike<T>): void {
    this.finish()?.(value);
  }

  reject(error: unknown): void {
    // Resolving with a thenable that rejects: unlike `Promise.reject(error)` it makes no promise
    // for the unhandled-rejection tracker to record and forget (that doubled the cost of cancelling).
    this.finish()?.(new Rejection(error) as unknown as PromiseLike<T>);
  }

  cancel(msg?: string): boolean {
    if (this.res === undefined) return false;
    if (this.onCancel !== undefined) return this.onCancel(msg);
    this.reject(new CancelledError(msg));
    return true;
  }

  /** Makes `owner` the task that cancelling reaches (see the class notes). */
  moveTo(owner: Awaiter): void {
    if (this.settled) return;
    if (this.awaiter === undefined) unowned.delete(this.promise);
    else this.awaiter.removeWaiting(this);
    this.awaiter = owner;
    owner.addWaiting(this);
  }

  /** Marks the park settled and undoes its registrations; returns the resolve function, once. */
  private finish(): ((value: T | PromiseLike<T>) => void) | undefined {
    const res = this.res;
    if (res === undefined) return undefined;
    this.res = undefined;
    if (this.awaiter === undefined) unowned.delete(this.promise);
    else this.awaiter.removeWaiting(this);
    this.signal?.removeEventListener('abort', this);
    stopTimer(this.timer);
    const cleanup = this.cleanup;
    this.cleanup = undefined;
    cleanup?.();
    return res;
  }
}

/**
 * What a Task made from `promise` takes over: the pending park (a `sleep`) or linked wait (a
 * `lock.acquire()`, `q.get()`) whose promise it is, made in the current task, or a park made
 * outside every task.
 */
export function waitOf(promise: unknown): Park<any> | LinkedWait | undefined {
  if (!(promise instanceof Promise)) return undefined;
  return waitIn(currentContext().awaiter, promise) ?? unowned.get(promise);
}

/** The pending park or linked wait registered with `owner` whose promise is `promise`. */
export function waitIn(
  owner: Awaiter | undefined,
  promise: unknown,
): Park<any> | LinkedWait | undefined {
  return owner?.findWaiting(
    (item) => (item instanceof Park || item instanceof LinkedWait) && item.promise === promise,
  ) as Park<any> | LinkedWait | undefined;
}

/** A thenable that rejects with `error`: what {@link Park.reject} resolves its promise with. */
class Rejection {
  constructor(private readonly error: unknown) {}

  then(_onfulfilled: unknown, onrejected: (error: unknown) => void): void {
    onrejected(this.error);
  }
}
