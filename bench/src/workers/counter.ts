// Worker for the lock-threads question: waits for GO, then increments a shared Int32 counter
// non-atomically inside the lock `iterations` times. Lost increments prove a broken lock.
import { workerData } from 'node:worker_threads';
import { loadSkein } from '../skein.js';
import type { CounterJob } from './protocol.js';
import { runTimedLoop } from './timed-loop.js';

const job = workerData as CounterJob;
const counter = new Int32Array(job.counter);

// Drepper's mutex ("Futexes Are Tricky", mutex 3): 0 free, 1 held, 2 held with waiters.
// (A glibc-style spin before parking made no measurable difference here: 2 cores, noise ±30%.)
function futexLock(l: Int32Array): void {
  let c = Atomics.compareExchange(l, 0, 0, 1);
  if (c === 0) return;
  if (c !== 2) c = Atomics.exchange(l, 0, 2);
  while (c !== 0) {
    Atomics.wait(l, 0, 2);
    c = Atomics.exchange(l, 0, 2);
  }
}

async function futexLockSlow(l: Int32Array): Promise<void> {
  let c = Atomics.exchange(l, 0, 2);
  while (c !== 0) {
    const waited = Atomics.waitAsync(l, 0, 2);
    if (waited.async) await waited.value;
    c = Atomics.exchange(l, 0, 2);
  }
}

function futexUnlock(l: Int32Array): void {
  if (Atomics.sub(l, 0, 1) !== 1) {
    Atomics.store(l, 0, 0);
    Atomics.notify(l, 0, 1);
  }
}

async function prepare(): Promise<(n: number) => Promise<void> | void> {
  switch (job.variant) {
    case 'spin': {
      const l = new Int32Array(job.lock as SharedArrayBuffer);
      return (n) => {
        for (let i = 0; i < n; i++) {
          // Test-and-test-and-set: spin on a plain load, not on the CAS that bounces the line.
          while (Atomics.compareExchange(l, 0, 0, 1) !== 0) while (Atomics.load(l, 0) !== 0);
          counter[0] = counter[0]! + 1;
          Atomics.store(l, 0, 0);
        }
      };
    }
    case 'futex': {
      const l = new Int32Array(job.lock as SharedArrayBuffer);
      return (n) => {
        for (let i = 0; i < n; i++) {
          futexLock(l);
          counter[0] = counter[0]! + 1;
          futexUnlock(l);
        }
      };
    }
    case 'futex-async': {
      const l = new Int32Array(job.lock as SharedArrayBuffer);
      return async (n) => {
        // A pending Atomics.waitAsync does not keep Node 20's event loop alive: hold a handle.
        const keepAlive = setInterval(() => {}, 1 << 30);
        try {
          for (let i = 0; i < n; i++) {
            // The floor awaits only when the lock is taken.
            if (Atomics.compareExchange(l, 0, 0, 1) !== 0) await futexLockSlow(l);
            counter[0] = counter[0]! + 1;
            futexUnlock(l);
          }
        } finally {
          clearInterval(keepAlive);
        }
      };
    }
    case 'skein-async':
    case 'skein-try-async':
    case 'skein-sync': {
      const skein = await loadSkein();
      if (!skein.ok) throw new Error(skein.reason);
      const lock = skein.sync.Lock.fromShared(job.lock);
      if (job.variant === 'skein-sync') {
        return (n) => {
          for (let i = 0; i < n; i++) {
            lock.acquireSync();
            counter[0] = counter[0]! + 1;
            lock.release();
          }
        };
      }
      if (job.variant === 'skein-try-async') {
        // What the floor does: await only when the lock is taken.
        return async (n) => {
          for (let i = 0; i < n; i++) {
            if (!lock.tryAcquire()) await lock.acquire();
            counter[0] = counter[0]! + 1;
            lock.release();
          }
        };
      }
      return async (n) => {
        for (let i = 0; i < n; i++) {
          await lock.acquire();
          counter[0] = counter[0]! + 1;
          lock.release();
        }
      };
    }
  }
}

const loop = await prepare();
await runTimedLoop(job.control, () => loop(job.iterations));
