/*
 * A futex mutex on one Int32 word (Drepper's "mutex2"), for critical sections that never
 * await: 0 unlocked, 1 locked, 2 locked and someone may sleep on it. Lock: CAS 0 -> 1; if that
 * fails, spin briefly (the holder is copying one record), then swap in 2 and Atomics.wait while
 * the word is 2. Unlock: subtract 1; if it was 2, store 0 and wake one sleeper. A sleeper that
 * wakes swaps 2 in again, so later unlocks keep waking. Blocking here lasts one critical section
 * of another thread; it is how a sync call (putNowait, getNowait) gets the ring at all.
 */
import { BrokenQueueError } from '../errors.js';

const SPINS = 100;
/**
 * How long a lock may stay held before taking it gives up with an error. Critical sections last
 * microseconds; only a thread terminated in the middle of one (worker.terminate()) leaves the
 * lock held for good, and then the queue is broken (as with any mutex), but no thread should
 * freeze on it forever: taking it throws `BrokenQueueError`.
 */
const STUCK_MS = 10_000;

export function lock(words: Int32Array, index: number): void {
  if (Atomics.compareExchange(words, index, 0, 1) !== 0) lockSlow(words, index);
}

function lockSlow(words: Int32Array, index: number): void {
  for (let i = 0; i < SPINS; i++) {
    if (Atomics.load(words, index) === 0 && Atomics.compareExchange(words, index, 0, 1) === 0) {
      return;
    }
  }
  let deadline = 0;
  while (Atomics.exchange(words, index, 2) !== 0) {
    if (Atomics.wait(words, index, 2, 100) !== 'timed-out') continue;
    const now = performance.now();
    if (deadline === 0) deadline = now + STUCK_MS;
    else if (now > deadline) {
      throw new BrokenQueueError(
        `SharedQueue: an internal lock has been held for over ${STUCK_MS / 1000} s; a thread was probably terminated while using the queue`,
      );
    }
  }
}

export function unlock(words: Int32Array, index: number): void {
  if (Atomics.sub(words, index, 1) !== 1) {
    Atomics.store(words, index, 0);
    Atomics.notify(words, index, 1);
  }
}
