// Timeouts of any length, for every Skein package. `setTimeout` honours at most 2^31-1 ms
// (~24.8 days): Node fires a longer delay after 1 ms, with a TimeoutOverflowWarning, so a wait
// given a 30-day timeout (or `Infinity`) would give up at once. This module imports nothing, so
// packages without dependencies inline it at build.

/** The longest delay `setTimeout` honours. */
const MAX_DELAY = 2 ** 31 - 1;

/** A delay beyond {@link MAX_DELAY}, waited out in steps of it. */
class LongTimer {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #referenced = true;

  constructor(fire: () => void, ms: number) {
    const step = (left: number): void => {
      this.#timer =
        left > MAX_DELAY ? setTimeout(step, MAX_DELAY, left - MAX_DELAY) : setTimeout(fire, left);
      if (!this.#referenced) this.#timer.unref();
    };
    step(ms);
  }

  stop(): void {
    clearTimeout(this.#timer);
  }

  unref(): this {
    this.#referenced = false;
    this.#timer?.unref();
    return this;
  }
}

/**
 * A running timer from {@link startTimer}: stop it with {@link stopTimer}; `unref()` lets the
 * process exit while it runs.
 *
 * @example
 * ```ts
 * import { startTimer, stopTimer, type TimerHandle } from '@skein/sync/timers';
 * const handle: TimerHandle | undefined = startTimer(() => console.log('late'), 1000);
 * handle?.unref();
 * stopTimer(handle);
 * ```
 */
export type TimerHandle = ReturnType<typeof setTimeout> | LongTimer;

/**
 * `setTimeout(fn, ms, a, b)` for any delay: a plain Node timer up to 2^31-1 ms, one waited out in
 * steps beyond (so 30 days means 30 days), and none at all for `Infinity` (it never fires, and
 * `undefined` is returned). `ms` must already be checked to be a number >= 0. The two optional
 * arguments are passed to `fn`, so hot paths need no closure.
 *
 * @example
 * ```ts
 * import { startTimer, stopTimer } from '@skein/sync/timers';
 * const thirtyDays = startTimer((what: string) => console.log(what), 30 * 86_400_000, 'a month later');
 * stopTimer(thirtyDays); // changed our mind
 * startTimer((a: number, b: number) => console.log(a + b), 10, 1, 2); // 3, after 10 ms
 * ```
 */
export function startTimer<A = undefined, B = undefined>(
  fn: (a: A, b: B) => void,
  ms: number,
  a?: A,
  b?: B,
): TimerHandle | undefined {
  if (ms === Infinity) return undefined;
  if (ms <= MAX_DELAY) return setTimeout(fn, ms, a as A, b as B);
  return new LongTimer(() => fn(a as A, b as B), ms);
}

/**
 * Stops a timer from {@link startTimer}; `undefined` (no timer) and a timer that already fired
 * are fine.
 *
 * @example
 * ```ts
 * import { startTimer, stopTimer } from '@skein/sync/timers';
 * const handle = startTimer(() => console.log('never printed'), 50);
 * stopTimer(handle);
 * stopTimer(undefined);
 * ```
 */
export function stopTimer(handle: TimerHandle | undefined): void {
  if (handle instanceof LongTimer) handle.stop();
  else if (handle !== undefined) clearTimeout(handle);
}
