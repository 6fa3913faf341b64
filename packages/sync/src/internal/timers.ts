/** The longest delay `setTimeout` honours: a longer one fires after 1 ms, with a warning. */
const MAX_DELAY = 2 ** 31 - 1;

/** A timer for a delay beyond {@link MAX_DELAY}, waited out in steps of it. */
class LongTimer {
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(fn: () => void, ms: number) {
    const step = (left: number): void => {
      this.#timer =
        left > MAX_DELAY ? setTimeout(step, MAX_DELAY, left - MAX_DELAY) : setTimeout(fn, left);
    };
    step(ms);
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}

/** What {@link startTimer} returns. */
export type Timer = ReturnType<typeof setTimeout> | LongTimer;

/** `setTimeout(fn, ms)` for any finite delay (24.8 days and more too); a plain one when it can be. */
export function startTimer(fn: () => void, ms: number): Timer {
  return ms > MAX_DELAY ? new LongTimer(fn, ms) : setTimeout(fn, ms);
}

/** Cancels a timer from {@link startTimer}. */
export function stopTimer(timer: Timer | undefined): void {
  if (timer instanceof LongTimer) timer.stop();
  else clearTimeout(timer);
}
