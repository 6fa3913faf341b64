import { holdThreadAlive } from '@skein/sync';

/**
 * How long one park lasts (ms). A pending `Atomics.waitAsync` cannot be cancelled, so a wait
 * left behind by a caller that gave up (timed out, aborted) must expire on its own; a caller
 * still waiting when its slice ends looks again and parks anew.
 */
const SLICE_MS = 250;

const LOOK_AGAIN: Promise<void> = Promise.resolve();

/** Lets the caller end a {@link waitSeq} early: `stop` is set while it is parked. */
export interface Parking {
  stop: (() => void) | undefined;
}

/**
 * Parks until the event-count word `words[index]` no longer holds `seq` (someone bumped it and
 * notified), `parking.stop()` is called, or a slice ends; then resolves and the caller looks
 * again. Rejects with `signal.reason` when `signal` aborts. Never blocks the thread
 * (`Atomics.waitAsync`), and keeps the thread alive while it waits. The caller times its own
 * deadline with `setTimeout` (so fake timers drive it) and ends the park with `stop`.
 *
 * After an abort or a stop the wait itself stays parked, unreferenced, until the next notify of
 * that word or the end of its slice (notifiers of these words wake everyone, so it steals no
 * wake-up).
 */
export function waitSeq(
  words: Int32Array,
  index: number,
  seq: number,
  signal: AbortSignal | undefined,
  parking: Parking,
): Promise<void> {
  const r = Atomics.waitAsync(words, index, seq, SLICE_MS);
  if (!r.async) return LOOK_AGAIN;
  const releaseAlive = holdThreadAlive();
  return new Promise<void>((resolve, reject) => {
    let done = false;
    const end = (): boolean => {
      if (done) return false;
      done = true;
      parking.stop = undefined;
      releaseAlive();
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const onAbort = (): void => {
      if (end()) reject(signal!.reason);
    };
    const stop = (): void => {
      if (end()) resolve();
    };
    parking.stop = stop;
    void r.value.then(stop);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Bumps the event-count word `words[index]` and wakes every thread parked on it. */
export function pulse(words: Int32Array, index: number): void {
  Atomics.add(words, index, 1);
  Atomics.notify(words, index);
}
