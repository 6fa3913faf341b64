/*
 * A futex mutex on one Int32 word (Drepper's "mutex2"), for critical sections that never
 * await: 0 unlocked, 1 locked, 2 locked and someone may sleep on it. Lock: CAS 0 -> 1; if that
 * fails, spin briefly (the holder is copying one record), then swap in 2 and Atomics.wait while
 * the word is 2. Unlock: subtract 1; if it was 2, store 0 and wake one sleeper. A sleeper that
 * wakes swaps 2 in again, so later unlocks keep waking. Blocking here lasts one critical section
 * of another thread; it is how a sync call (putNowait, getNowait) gets the ring at all.
 */
const SPINS = 100;

export function lock(words: Int32Array, index: number): void {
  if (Atomics.compareExchange(words, index, 0, 1) !== 0) lockSlow(words, index);
}

function lockSlow(words: Int32Array, index: number): void {
  for (let i = 0; i < SPINS; i++) {
    if (Atomics.load(words, index) === 0 && Atomics.compareExchange(words, index, 0, 1) === 0) {
      return;
    }
  }
  while (Atomics.exchange(words, index, 2) !== 0) Atomics.wait(words, index, 2);
}

export function unlock(words: Int32Array, index: number): void {
  if (Atomics.sub(words, index, 1) !== 1) {
    Atomics.store(words, index, 0);
    Atomics.notify(words, index, 1);
  }
}
