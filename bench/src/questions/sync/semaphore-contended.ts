// BENCHMARKS.md, @skein/sync: "Semaphore(4), contended" against async-sema and p-limit(4):
// 1,000 async loops share the 4 permits. Loops are written out per contender.
import { Sema } from 'async-sema';
import pLimit from 'p-limit';
import { FifoSemaphore } from '../../floors/fifo.js';
import { WAITERS, contend } from '../../harness/contend.js';
import type { Contender, Question } from '../../harness/types.js';
import { loadSkein } from '../../skein.js';
import { PERMITS, semaphoreTargets } from './semaphore-uncontended.js';

const noop = (): void => {};

export const semaphoreContended: Question = {
  name: 'semaphore-contended',
  title: 'Semaphore(4), 1 thread, 1,000 waiters (ops/s)',
  op: '`await sem.acquire(); sem.release()`, summed over 1,000 concurrent async loops',
  reference: 'async-sema Sema(4)',
  opsMultiple: WAITERS,
  minOps: 20 * WAITERS,
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
