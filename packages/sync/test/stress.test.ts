import { describe, expect, it } from 'vitest';
import { Barrier, Condition, Lock, Semaphore } from '../src/index.js';
import { inWorker, sharedInts, wrapInt32 } from './helpers.js';

// SKEIN_STRESS=1 runs ten times more. A watchdog reports each worker's progress if it stalls.
const scale = process.env.SKEIN_STRESS === '1' ? 10 : 1;

async function watchdog<T>(work: Promise<T>, progress: Int32Array, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stall = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`stalled; progress per worker: ${[...progress].join(', ')}`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, stall]);
  } finally {
    clearTimeout(timer);
  }
}

describe('stress', () => {
  for (const [kind, make] of [
    ['Lock', () => new Lock()],
    ['Semaphore(1)', () => new Semaphore(1)],
  ] as const) {
    it(
      `${kind}: 4 workers x 4 tasks (one blocking) mixing async, sync, timeouts, aborts and tryAcquire keep exact counts`,
      async () => {
        const lock = make();
        const counter = sharedInts(1);
        const progress = new Int32Array(sharedInts(4));
        const n = 25_000 * scale;
        const held = await watchdog(
          Promise.all(
            Array.from({ length: 4 }, (_, slot) =>
              inWorker<number>('mixed', {
                lock: lock.toShared(),
                counter,
                progress: progress.buffer,
                n,
                tasks: 4,
                slot,
                blocking: slot === 3,
              }),
            ),
          ),
          progress,
          90_000 * scale,
        );
        const total = held.reduce((a, b) => a + b, 0);
        expect(total).toBeGreaterThan(0);
        expect(new Int32Array(counter)[0]).toBe(total);
        expect(lock.tryAcquire()).toBe(true);
      },
      120_000 * scale,
    );
  }

  it(
    'Lock: 2 workers x 1,000,000 sync increments (2M operations) stay exact',
    async () => {
      const lock = new Lock();
      const counter = sharedInts(1);
      const n = 1_000_000 * scale;
      await Promise.all(
        [0, 1].map(() =>
          inWorker('increment', { lock: lock.toShared(), counter, n, mode: 'sync' }),
        ),
      );
      expect(new Int32Array(counter)[0]).toBe(2 * n);
    },
    120_000 * scale,
  );

  it(
    'Lock: 2 workers x 500,000 async increments (1M operations) stay exact',
    async () => {
      const lock = new Lock();
      const counter = sharedInts(1);
      const n = 500_000 * scale;
      await Promise.all(
        [0, 1].map(() =>
          inWorker('increment', { lock: lock.toShared(), counter, n, mode: 'async' }),
        ),
      );
      expect(new Int32Array(counter)[0]).toBe(2 * n);
    },
    120_000 * scale,
  );

  it(
    'Condition: 2 producers and 2 consumers move 20,000 items through 16 slots, none lost',
    async () => {
      const cond = new Condition(new Lock());
      const buffer = sharedInts(4 + 16);
      const n = 10_000 * scale;
      const results = await Promise.all([
        inWorker<number>('produce', { cond: cond.toShared(), buffer, n, base: 1 }),
        inWorker<number>('produce', { cond: cond.toShared(), buffer, n, base: 1 }),
        inWorker<number>('consume', { cond: cond.toShared(), buffer, n }),
        inWorker<number>('consume', { cond: cond.toShared(), buffer, n }),
      ]);
      expect(results).toEqual([n, n, n, n]);
      expect(new Int32Array(buffer)[3]).toBe(wrapInt32(n * (n + 1)));
    },
    120_000 * scale,
  );

  it(
    'Barrier: 4 workers stay in step for 2,000 cycles',
    async () => {
      const barrier = new Barrier(4);
      const log = sharedInts(4);
      const cycles = 2_000 * scale;
      const done = await Promise.all(
        [0, 1, 2, 3].map((party) =>
          inWorker('barrier', { barrier: barrier.toShared(), log, cycles, party, parties: 4 }),
        ),
      );
      expect(done).toEqual([cycles, cycles, cycles, cycles]);
      expect(barrier.broken).toBe(false);
    },
    120_000 * scale,
  );
});
