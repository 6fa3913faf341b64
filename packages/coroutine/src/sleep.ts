import { Park } from './internal/park.js';
import { checkTimeout, checkWaitOptions } from './internal/validate.js';
import { startTimer } from './internal/timers.js';

/**
 * Options of {@link sleep}.
 *
 * @example
 * ```ts
 * import { sleep, type SleepOptions } from '@skein/coroutine';
 * const options: SleepOptions = { signal: AbortSignal.abort() };
 * await sleep(10, undefined, options).catch(() => 'aborted');
 * ```
 */
export interface SleepOptions {
  /** Stops the sleep early; it then rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/**
 * Resolves with `value` after `ms` milliseconds (a `setTimeout`, so fake timers drive it), as
 * `asyncio.sleep`. Inside a task, cancelling the task clears the timer and rejects the sleep
 * with `CancelledError`; an aborted `signal` rejects it with `signal.reason`. `sleep(0)` lets
 * every other ready task run first. Throws `TypeError`/`RangeError` at the call for a bad `ms`.
 *
 * @example
 * ```ts
 * import { sleep } from '@skein/coroutine';
 * console.log(await sleep(10, 'woke')); // 'woke'
 * ```
 */
export function sleep<T = void>(ms: number, value?: T, options?: SleepOptions): Promise<T> {
  checkTimeout(ms, 'sleep: ms');
  checkWaitOptions(options, 'sleep');
  const park = new Park<T>(options?.signal);
  if (!park.settled) park.timer = startTimer(wake<T>, ms, park, value as T);
  return park.promise;
}

function wake<T>(park: Park<T>, value: T): void {
  park.timer = undefined;
  park.resolve(value);
}
