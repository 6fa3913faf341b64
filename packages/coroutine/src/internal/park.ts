import { CancelledError } from '../errors.js';
import { linkToCurrent, type Awaiter, type Cancellable } from './context.js';

/**
 * A promise the current task can cancel: it registers with the task (so `task.cancel()` rejects
 * it with `CancelledError`) and with an optional signal (which rejects it with `signal.reason`),
 * and runs `cleanup` exactly once, whichever way it settles.
 */
export class Park<T> implements Cancellable {
  readonly promise: Promise<T>;
  cleanup: (() => void) | undefined = undefined;
  /** A timer that {@link Park.finish} clears (saves a cleanup closure on the hot `sleep` path). */
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  settled = false;
  private res!: (value: T) => void;
  private rej!: (error: unknown) => void;
  private readonly awaiter: Awaiter | undefined;
  private signal: AbortSignal | undefined = undefined;

  constructor(signal: AbortSignal | undefined, private readonly onCancel?: (msg?: string) => boolean) {
    this.promise = new Promise<T>((res, rej) => {
      this.res = res;
      this.rej = rej;
    });
    this.awaiter = linkToCurrent(this);
    if (signal !== undefined) {
      if (signal.aborted) this.reject(signal.reason);
      else {
        this.signal = signal;
        signal.addEventListener('abort', this, { once: true });
      }
    }
  }

  /** The signal's abort event. */
  handleEvent(): void {
    this.reject(this.signal?.reason);
  }

  resolve(value: T): void {
    if (this.finish()) this.res(value);
  }

  reject(error: unknown): void {
    if (this.finish()) this.rej(error);
  }

  cancel(msg?: string): boolean {
    if (this.settled) return false;
    if (this.onCancel !== undefined) return this.onCancel(msg);
    this.reject(new CancelledError(msg));
    return true;
  }

  private finish(): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.awaiter?.removeWaiting(this);
    this.signal?.removeEventListener('abort', this);
    if (this.timer !== undefined) clearTimeout(this.timer);
    const cleanup = this.cleanup;
    this.cleanup = undefined;
    cleanup?.();
    return true;
  }
}
