// BENCHMARKS.md, @skein/sync: "Semaphore(4), uncontended / contended" against async-sema and
// p-limit(4). Uncontended: one async loop (a permit is always free). Contended: 1,000 loops
// share the 4 permits. Loops are written out per contender (see lock-uncontended.ts).
import { Sema } from 'async-sema';
import pLimit from 'p-limit';
import { FifoSemaphore } from '../floors/fifo.js';
import type { Contender, Question } from '../harness/types.js';
import { loadSkein } from '../skein.js';
import { WAITERS, contend } from './lock-contended.js';

const PERMITS = 4;
const noop = (): void => {};

const targets = [
  { contender: 'Skein Semaphore(4)', level: 'must', factor: 1, ref: 'async-sema Sema(4)' },
  { contender: 'Skein Semaphore(4)', level: 'aim', factor: 1.3, ref: 'async-sema Sema(4)' },
] as const;

export const semaphoreUncontended: Question = {
  name: 'semaphore-uncontended',
  title: 'Semaphore(4), 1 thread, uncontended (ops/s)',
  op: '`await sem.acquire(); sem.release()` in one async loop',
  reference: 'async-sema Sema(4)',
  targets,
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

export const semaphoreContended: Question = {
  name: 'semaphore-contended',
  title: 'Semaphore(4), 1 thread, 1,000 waiters (ops/s)',
  op: '`await sem.acquire(); sem.release()`, summed over 1,000 concurrent async loops',
  reference: 'async-sema Sema(4)',
  opsMultiple: WAITERS,
  targets,
  async setup(): Promise<Contender[]> {
    const skein = await loadSkein();
    return [
      skein.ok
        ? {
            name: 'Skein Semaphore(4)',
            kind: 'skein',
            async run(ops) {
              const sem = new skein.sync.Semaphore(PERMITS);
              await contend(ops, async (n) => {
                for (let i = 0; i < n; i++) {
                  await sem.acquire();
                  sem.release();
                }
              });
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
          await contend(ops, async (n) => {
            for (let i = 0; i < n; i++) {
              await sema.acquire();
              sema.release();
            }
          });
          return undefined;
        },
      },
      {
        name: 'p-limit(4)',
        kind: 'peer',
        async run(ops) {
          const limit = pLimit(PERMITS);
          await contend(ops, async (n) => {
            for (let i = 0; i < n; i++) {
              await limit(noop);
            }
          });
          return undefined;
        },
      },
      {
        name: 'FIFO waiter queue',
        kind: 'floor',
        async run(ops) {
          const sem = new FifoSemaphore(PERMITS);
          await contend(ops, async (n) => {
            for (let i = 0; i < n; i++) {
              await sem.acquire();
              sem.release();
            }
          });
          return undefined;
        },
      },
    ];
  },
};
