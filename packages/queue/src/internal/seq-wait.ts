import { holdThreadAlive } from '@skein/sync';

/**
 * Waits until the event-count word `words[index]` no longer holds `seq` (someone bumped it and
 * notified), or `timeout` ms pass. Resolves `true` when woken or when the word had already
 * moved on, `false` on timeout; rejects with `signal.reason` when `signal` aborts. Never blocks
 * the thread (`Atomics.waitAsync`), and keeps the thread alive while it waits.
 *
 * The wait itself cannot be cancelled: after an abort it stays parked, unreferenced, until the
 * next notify of that word (notifiers of these words wake everyone, so it steals no wake-up).
 */
export function waitSeq(
  words: Int32Array,
  index: number,
  seq: number,
  timeout: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const r = Atomics.waitAsync(words, index, seq, timeout);
  if (!r.async) return Promise.resolve(r.value !== 'timed-out');
  const parked = r.value;
  const releaseAlive = holdThreadAlive();
  return new Promise<boolean>((resolve, reject) => {
    let done = false;
    const onAbort = (): void => {
      if (done) return;
      done = true;
      releaseAlive();
      reject(signal!.reason);
    };
    void parked.then((outcome) => {
      if (done) return;
      done = true;
      releaseAlive();
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome !== 'timed-out');
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Bumps the event-count word `words[index]` and wakes every thread parked on it. */
export function pulse(words: Int32Array, index: number): void {
  Atomics.add(words, index, 1);
  Atomics.notify(words, index);
}
