import { CancelledError, TimeoutError } from './errors.js';
import { storage } from './internal/context.js';
import { Park } from './internal/park.js';
import { checkWaitOptions, describe, rejectWith, type WaitOptions } from './internal/validate.js';
import { warn } from './internal/warn.js';
import { startTimer, stopTimer } from './internal/timers.js';

/**
 * The result of work running on another thread, as `concurrent.futures.Future`; what
 * {@link LoopThread.runCoroutineThreadsafe} returns. It is `PromiseLike`: `await future`.
 *
 * @example
 * ```ts
 * import { startLoopThread } from '@skein/coroutine';
 * const loop = await startLoopThread({ module: new URL('./jobs.js', import.meta.url) });
 * const future = loop.runCoroutineThreadsafe('fetchUser', 42);
 * future.addDoneCallback((f) => console.log('done', f.cancelled()));
 * console.log(await future.result({ timeout: 1000 }));
 * await loop.stop();
 * ```
 */
export class Future<T = unknown> implements PromiseLike<T> {
  #state: 'pending' | 'done' | 'cancelled' = 'pending';
  #failed = false;
  #value: T | undefined;
  #error: unknown;
  #callbacks: Array<(future: Future<T>) => void> = [];
  #waiters: Array<() => void> = [];
  #promise: Promise<T> | undefined;
  #res: ((value: T) => void) | undefined;
  #rej: ((error: unknown) => void) | undefined;
  readonly #onCancel: () => void;

  /** @internal */
  constructor(onCancel: () => void) {
    this.#onCancel = onCancel;
  }

  /** True once the future has a result, an error, or was cancelled. */
  done(): boolean {
    return this.#state !== 'pending';
  }

  /** True while the work has not finished (the coroutine may be queued or running on its loop). */
  running(): boolean {
    return this.#state === 'pending';
  }

  /** True when the future was cancelled. */
  cancelled(): boolean {
    return this.#state === 'cancelled';
  }

  /** Cancels the future and asks the loop thread to cancel its task. False once done. */
  cancel(): boolean {
    if (this.#state !== 'pending') return false;
    this.#settle('cancelled', undefined, new CancelledError());
    this.#onCancel();
    return true;
  }

  /**
   * The value; rejects with the work's error, `CancelledError`, `TimeoutError` after `timeout`,
   * or `signal.reason`. Bad options throw `TypeError`/`RangeError` at the call.
   */
  result(options?: WaitOptions): Promise<T> {
    checkWaitOptions(options, 'Future.result');
    return this.#wait(options, 'Future.result').then(() => {
      if (this.#state === 'done' && !this.#failed) return this.#value as T;
      throw this.#error;
    });
  }

  /**
   * The work's error, or undefined when it succeeded; rejects like {@link Future.result} when
   * cancelled or timed out, and throws like it for bad options.
   */
  exception(options?: WaitOptions): Promise<unknown> {
    checkWaitOptions(options, 'Future.exception');
    return this.#wait(options, 'Future.exception').then(() => {
      if (this.#state === 'cancelled') throw this.#error;
      return this.#failed ? this.#error : undefined;
    });
  }

  /** Calls `fn(future)` once done (on a microtask if it already is); its errors become process warnings. */
  addDoneCallback(fn: (future: Future<T>) => void): void {
    if (typeof fn !== 'function')
      throw new TypeError(`addDoneCallback: expected a function, got ${describe(fn)}`);
    if (this.done()) queueMicrotask(() => this.#call(fn));
    else this.#callbacks.push(fn);
  }

  /**
   * Awaits the value. Awaiting from a Task links the two: cancelling the Task cancels the future
   * (and so the coroutine on the loop), as asyncio's `await wrap_future(f)` does.
   */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const awaiter = storage.getStore()?.awaiter;
    if (awaiter !== undefined && this.#state === 'pending' && awaiter.addWaiting(this)) {
      this.#waiters.push(() => awaiter.removeWaiting(this));
    }
    let promise = this.#promise;
    if (promise === undefined) {
      if (this.#state === 'pending') {
        promise = new Promise<T>((res, rej) => {
          this.#res = res;
          this.#rej = rej;
        });
      } else
        promise =
          this.#state === 'done' && !this.#failed
            ? Promise.resolve(this.#value as T)
            : rejectWith<T>(this.#error);
      this.#promise = promise;
    }
    return promise.then(onfulfilled, onrejected);
  }

  /** @internal */
  _resolve(value: T): void {
    this.#settle('done', value, undefined);
  }

  /** @internal */
  _reject(error: unknown): void {
    if (error instanceof CancelledError) this.#settle('cancelled', undefined, error);
    else {
      this.#failed = true;
      this.#settle('done', undefined, error);
    }
  }

  #settle(state: 'done' | 'cancelled', value: T | undefined, error: unknown): void {
    if (this.#state !== 'pending') return;
    this.#state = state;
    this.#value = value;
    this.#error = error;
    if (this.#res !== undefined) {
      if (state === 'done' && !this.#failed) this.#res(value as T);
      else this.#rej!(error);
      this.#res = this.#rej = undefined;
    }
    for (const w of this.#waiters.splice(0)) w();
    for (const fn of this.#callbacks.splice(0)) this.#call(fn);
  }

  #call(fn: (future: Future<T>) => void): void {
    try {
      fn(this);
    } catch (error) {
      warn('DoneCallbackError', 'a done callback of a Future threw', error);
    }
  }

  #wait(options: WaitOptions | undefined, where: string): Promise<void> {
    if (this.done()) return Promise.resolve();
    const park = new Park<void>(options?.signal);
    if (park.settled) return park.promise; // an aborted signal: nothing to listen to or time
    const wake = (): void => park.resolve();
    this.#waiters.push(wake);
    const ms = options?.timeout;
    const timer =
      ms === undefined
        ? undefined
        : startTimer(() => park.reject(new TimeoutError(`${where}: timed out after ${ms} ms`)), ms);
    park.cleanup = () => {
      stopTimer(timer);
      const i = this.#waiters.indexOf(wake);
      if (i >= 0) this.#waiters.splice(i, 1);
    };
    return park.promise;
  }
}
