// BENCHMARKS.md, @skein/sync: "Semaphore(4), uncontended" against async-sema and p-limit(4):
// one async loop, so a permit is always free. Loops are written out per contender (see
// lock-uncontended.ts for why).
import { Sema } from 'async-sema';
import pLimit from 'p-limit';
import { FifoSemaphore } from '../../floors/fifo.js';
import type { Contender, Question } from '../../harness/types.js';
import { loadSkein } from '../../skein.js';

export const PERMITS = 4;
const noop = (): void => {};

export const semaphoreTargets = [
  { contender: 'Skein Semaphore(4)', level: 'must', factor: 1, ref: 'async-sema Sema(4)' },
  { contender: 'Skein Semaphore(4)', level: 'aim', factor: 1.3, ref: 'async-sema Sema(4)' },
] as const;

export const semaphoreUncontended: Question = {
  name: 'semaphore-uncontended',
  title: 'Semaphore(4), 1 thread, uncontended (ops/s)',
  op: '`await sem.acquire(); sem.release()` in one async loop',
  reference: 'async-sema Sema(4)',
  targets: semaphoreTargets,
  async setup(): Promise<Contender[]> {
    const skein = await loadSkein();
    return [
      skein.ok
        ? {
            name: 'Skein Semaphore(4)',
            kind: 'skein',
            async run(ops) {
              const sem = new skein.sync.Semaphore(PERMITS);
              for (let i = 0; i < ops; i++) {
                await sem.acquire();
                sem.release();
              }
              return undefined;
            },
          }
        : {
            name: 'Skein Semaphore(4)',
            kind: 'skein',
            unavailable: skein.reason,
            run: () => Promise.resolve(undefined),
          },
      {
        name: 'async-sema Sema(4)',
        kind: 'peer',
        async run(ops) {
          const sema = new Sema(PERMITS);
          for (let i = 0; i < ops; i++) {
            await sema.acquire();
            sema.release();
          }
          return undefined;
        },
      },
      {
        name: 'p-limit(4)',
        kind: 'peer',
        async run(ops) {
          const limit = pLimit(PERMITS);
          for (let i = 0; i < ops; i++) {
            await limit(noop);
          }
          return undefined;
        },
      },
      {
        name: 'FIFO waiter queue',
        kind: 'floor',
        async run(ops) {
          const sem = new FifoSemaphore(PERMITS);
          for (let i = 0; i < ops; i++) {
            await sem.acquire();
            sem.release();
          }
          return undefined;
        },
      },
    ];
  },
};
