import { Event } from './event.js';
import { checkFunction, checkTimeout } from './internal/options.js';
import { startTimer, stopTimer, type TimerHandle } from './timers.js';

/**
 * Calls `fn(...args)` once after `ms` milliseconds unless cancelled first (Python's
 * `threading.Timer`, on this thread's event loop). `finished` is set when it has run or been
 * cancelled, and can be shared with other threads like any {@link Event}. If `fn` throws (or
 * its promise rejects), a process warning named `TimerError` (the error is its `cause`) is emitted and
 * `finished` stays clear, as in CPython.
 *
 * @example
 * ```ts
 * import { Timer } from '@skein/sync';
 * const t = new Timer(10, (who: string) => console.log(`hello ${who}`), 'world');
 * t.start();
 * await t.finished.wait(); // prints "hello world" first
 * ```
 */
export class Timer<A extends unknown[] = unknown[]> {
  /** Set once the function has run or the timer was cancelled. */
  readonly finished = new Event();
  readonly #ms: number;
  readonly #fn: (...args: A) => unknown;
  readonly #args: A;
  #handle: TimerHandle | undefined;
  #started = false;

  constructor(ms: number, fn: (...args: A) => unknown, ...args: A) {
    checkTimeout(ms, 'new Timer(ms)');
    checkFunction(fn, 'new Timer(ms, fn)');
    this.#ms = ms;
    this.#fn = fn;
    this.#args = args;
  }

  /**
   * Starts the countdown. A timer starts once: a second call throws `RangeError`.
   *
   * @example
   * ```ts
   * import { Timer } from '@skein/sync';
   * new Timer(0, () => console.log('tick')).start();
   * ```
   */
  start(): void {
    if (this.#started) throw new RangeError('Timer.start: a timer can only be started once');
    this.#started = true;
    if (this.finished.isSet()) return;
    // Infinity never fires (no timer); cancel() still sets finished.
    this.#handle = startTimer(() => {
      this.#handle = undefined;
      void this.#run();
    }, this.#ms);
  }

  /**
   * As CPython's Timer thread: `finished` is set once `fn` has returned (or its promise has
   * settled); an error is reported as a process warning (Python prints it and the thread ends)
   * instead of crashing the process, and then `finished` stays clear.
   */
  async #run(): Promise<void> {
    try {
      await this.#fn(...this.#args);
    } catch (error) {
      // Node names a warning given as an Error after that error (ignoring `type`): wrap it.
      const message = error instanceof Error ? error.message : String(error);
      const warning = new Error(`a Timer function threw: ${message}`, { cause: error });
      warning.name = 'TimerError';
      process.emitWarning(warning);
      return;
    }
    this.finished.set();
  }

  /**
   * Stops the timer if it has not fired yet (also before `start`), and sets `finished`.
   *
   * @example
   * ```ts
   * import { Timer } from '@skein/sync';
   * const t = new Timer(1000, () => console.log('never'));
   * t.start(); t.cancel();
   * console.log(t.finished.isSet()); // true
   * ```
   */
  cancel(): void {
    stopTimer(this.#handle);
    this.#handle = undefined;
    this.finished.set();
  }
}
