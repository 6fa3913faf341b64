import { holdAlive, releaseAlive } from './internal/keepalive.js';

/**
 * Keeps this thread's event loop alive until the returned function is called (once; later calls
 * do nothing). For code that parks on `Atomics.waitAsync`, which in Node 20 does not keep a
 * thread alive: a worker whose only work is such a wait would otherwise exit with the wait
 * unsettled. All holders in a thread share one ref'd timer.
 *
 * @example
 * ```ts
 * import { holdThreadAlive } from '@skein/sync';
 * const word = new Int32Array(new SharedArrayBuffer(4));
 * const release = holdThreadAlive();
 * const { value } = Atomics.waitAsync(word, 0, 0, 50);
 * console.log(await value); // 'timed-out', and the process did not exit early
 * release();
 * ```
 */
export function holdThreadAlive(): () => void {
  holdAlive();
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    releaseAlive();
  };
}
