import { CancelledError } from '../errors.js';
import { linkToCurrent, type Awaiter, type Cancellable } from './context.js';

/**
 * A promise the current task can cancel: it registers with the task (so `task.cancel()` rejects
 * it with `CancelledError`) and with an optional signal (which rejects it with `signal.reason`),
 * and runs `cleanup` exactly once, whichever way it settles. Only the resolve function is kept
 * (a rejection resolves with a rejected promise): every pending `sleep` holds one, so bytes count.
 */
export class Park<T> implements Cancellable {
  readonly promise: Promise<T>;
  cleanup: (() => void) | undefined = undefined;
  /** A timer that settling clears (saves a cleanup closure on the hot `sleep` path). */
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private res: ((value: T | PromiseLike<T>) => void) | undefined;
  private readonly awaiter: Awaiter | undefined;
  private signal: AbortSignal | undefined = undefined;

  constructor(
    signal: AbortSignal | undefined,
    private readonly onCancel?: (msg?: string) => boolean,
  ) {
    let res!: (value: T | PromiseLike<T>) => void;
    this.promise = new Promise<T>((resolve) => (res = resolve));
    this.res = res;
    this.awaiter = linkToCurrent(this);
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

  resolve(value: T): void {
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

  /** Marks the park settled and undoes its registrations; returns the resolve function, once. */
  private finish(): ((value: T | PromiseLike<T>) => void) | undefined {
    const res = this.res;
    if (res === undefined) return undefined;
    this.res = undefined;
    this.awaiter?.removeWaiting(this);
    this.signal?.removeEventListener('abort', this);
    if (this.timer !== undefined) clearTimeout(this.timer);
    const cleanup = this.cleanup;
    this.cleanup = undefined;
    cleanup?.();
    return res;
  }
}

/** A thenable that rejects with `error`: what {@link Park.reject} resolves its promise with. */
class Rejection {
  constructor(private readonly error: unknown) {}

  then(_onfulfilled: unknown, onrejected: (error: unknown) => void): void {
    onrejected(this.error);
  }
}
