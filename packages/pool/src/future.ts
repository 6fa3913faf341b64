import { CancelledError } from './errors.js';
import { checkWait, waitFor, type WaitOptions } from './internal/wait-options.js';

/**
 * The states of a {@link Future}, as in `concurrent.futures`.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor, type FutureState } from '@skein/pool';
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
 * const f = pool.submit(() => 1);
 * await f;
 * const state: FutureState = f.state; // 'FINISHED'
 * ```
 */
export type FutureState = 'PENDING' | 'RUNNING' | 'CANCELLED' | 'FINISHED';

let peekFailed: (future: Future<any>) => boolean;

/** True when a done future finished with an error (not when cancelled); for `wait`. */
export function failedSync(future: Future<any>): boolean {
  return peekFailed(future);
}

/**
 * The eventual result of a task, as `concurrent.futures.Future`. It is `PromiseLike`: `await future`
 * gives the value or throws the task's error (`CancelledError` when cancelled). A task that throws
 * something other than an `Error` (`throw 'busy'`) fails with an `Error` whose `message` is
 * `String(value)` and whose `cause` is a structured clone of the value (`String(value)` when it
 * cannot be cloned).
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor } from '@skein/pool';
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
 * const f = pool.submit((a: number, b: number) => a * b, 6, 7);
 * f.addDoneCallback((done) => console.log('done, cancelled:', done.cancelled()));
 * console.log(await f.result({ timeout: 1000 })); // 42
 * ```
 */
export class Future<T = unknown> implements PromiseLike<T> {
  static {
    peekFailed = (future) => future.#failed;
  }

  #state: FutureState = 'PENDING';
  #failed = false;
  #value: T | undefined;
  #error: unknown;
  #callbacks: Array<(future: any) => void> | undefined;
  #promise: Promise<T> | undefined;
  #resolve: ((value: any) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;

  /** `'PENDING'`, `'RUNNING'`, `'CANCELLED'` or `'FINISHED'`. */
  get state(): FutureState {
    if (this.#state === 'PENDING' && this._started()) this.#state = 'RUNNING';
    return this.#state;
  }

  /** True once the future finished (value or error) or was cancelled. */
  done(): boolean {
    return this.#state === 'CANCELLED' || this.#state === 'FINISHED';
  }

  /** True while a worker runs the task. */
  running(): boolean {
    return this.state === 'RUNNING';
  }

  /** True when the future was cancelled. */
  cancelled(): boolean {
    return this.#state === 'CANCELLED';
  }

  /**
   * Cancels the task if it has not started, even when it was already handed to a worker, and
   * returns true (also when it was cancelled already). Returns false once it runs or is done.
   */
  cancel(): boolean {
    if (this.#state === 'CANCELLED') return true;
    if (this.state !== 'PENDING' || !this._withdraw()) return false;
    this.#state = 'CANCELLED';
    this.#error = new CancelledError();
    this.#reject?.(this.#error);
    this.#runCallbacks();
    return true;
  }

  /**
   * The task's value. Rejects with the task's error, `CancelledError` when cancelled,
   * `TimeoutError` when `timeout` ms pass first (the task goes on), or `signal.reason`.
   */
  result(options?: WaitOptions): Promise<T> {
    checkWait(options, 'Future.result'); // bad options throw at the call
    return this.#result(options);
  }

  async #result(options: WaitOptions | undefined): Promise<T> {
    if (!this.done()) await waitFor((wake) => this.#listen(wake), options, 'Future.result');
    if (this.#state === 'CANCELLED' || this.#failed) throw this.#error;
    return this.#value as T;
  }

  /**
   * The task's error, or `undefined` when it succeeded. Rejects with `CancelledError` when
   * cancelled, `TimeoutError` after `timeout` ms, or `signal.reason`.
   */
  exception(options?: WaitOptions): Promise<unknown> {
    checkWait(options, 'Future.exception');
    return this.#exception(options);
  }

  async #exception(options: WaitOptions | undefined): Promise<unknown> {
    if (!this.done()) await waitFor((wake) => this.#listen(wake), options, 'Future.exception');
    if (this.#state === 'CANCELLED') throw this.#error;
    return this.#failed ? this.#error : undefined;
  }

  /**
   * Calls `fn(future)` once the future is done — at once if it already is. An error thrown by
   * `fn` is reported as a process warning (`FutureCallbackError`), never thrown into the pool.
   */
  addDoneCallback(fn: (future: Future<T>) => void): void {
    if (typeof fn !== 'function')
      throw new TypeError(`addDoneCallback: expected a function, got ${typeof fn}`);
    if (this.done()) callSafely(fn, this);
    else (this.#callbacks ??= []).push(fn);
  }

  /**
   * Removes every registration of `fn` that has not run yet and returns how many there were
   * (asyncio's `remove_done_callback`); for a listener that stops caring before the future is done.
   */
  removeDoneCallback(fn: (future: Future<T>) => void): number {
    const callbacks = this.#callbacks;
    if (callbacks === undefined) return 0;
    const before = callbacks.length;
    this.#callbacks = callbacks.filter((registered) => registered !== fn);
    return before - this.#callbacks.length;
  }

  /** Awaits the value (or the error). */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.#promise ??= this.done()
      ? this.#failed || this.#state === 'CANCELLED'
        ? Promise.reject(this.#error)
        : Promise.resolve(this.#value as T)
      : new Promise<T>((resolve, reject) => {
          this.#resolve = resolve;
          this.#reject = reject;
        });
    return this.#promise.then(onfulfilled, onrejected);
  }

  /** As `Promise.prototype.catch`: `await future.catch((e) => e)` gives the value or the error. */
  catch<R = never>(onrejected?: ((reason: any) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onrejected);
  }

  /** As `Promise.prototype.finally`: runs `onfinally` once the future is done, keeping its outcome. */
  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }

  /** @internal Settles with a value; false when already done. */
  protected _setResult(value: T): boolean {
    if (this.done()) return false;
    this.#state = 'FINISHED';
    this.#value = value;
    this.#resolve?.(value);
    this.#runCallbacks();
    return true;
  }

  /** @internal Settles with an error; false when already done. */
  protected _setException(error: unknown): boolean {
    if (this.done()) return false;
    this.#state = 'FINISHED';
    this.#failed = true;
    this.#error = error;
    this.#reject?.(error);
    this.#runCallbacks();
    return true;
  }

  /** @internal Whether the task has started; executors override it. */
  protected _started(): boolean {
    return false;
  }

  /** @internal Takes the task back from the executor before it starts; false when too late. */
  protected _withdraw(): boolean {
    return true;
  }

  #listen(wake: () => void): () => void {
    const fn = (): void => wake();
    (this.#callbacks ??= []).push(fn);
    return () => {
      const i = this.#callbacks?.indexOf(fn) ?? -1;
      if (i >= 0) this.#callbacks!.splice(i, 1);
    };
  }

  #runCallbacks(): void {
    const callbacks = this.#callbacks;
    this.#callbacks = undefined;
    if (callbacks !== undefined) for (const fn of callbacks) callSafely(fn, this);
  }
}

function callSafely<T>(fn: (future: Future<T>) => void, future: Future<T>): void {
  try {
    fn(future);
  } catch (error) {
    const warning = new Error('a done callback of a Future threw', { cause: error });
    warning.name = 'FutureCallbackError';
    process.emitWarning(warning);
  }
}
