// BENCHMARKS.md, @skein/sync: "same, 1,000 waiters": 1,000 async loops contend for one lock,
// so every release hands the lock to a queued waiter. Loops are written out per contender.
import { AsyncMutex } from '@esfx/async-mutex';
import { Mutex } from 'async-mutex';
import { Sema } from 'async-sema';
import pLimit from 'p-limit';
import { FifoMutex, PromiseChainMutex } from '../../floors/fifo.js';
import { WAITERS, contend } from '../../harness/contend.js';
import type { Contender, Question } from '../../harness/types.js';
import { loadSkein } from '../../skein.js';

const noop = (): void => {};

export const lockContended: Question = {
  name: 'lock-contended',
  title: 'Lock acquire/release, 1 thread, 1,000 waiters (ops/s)',
  op: '`await lock.acquire(); lock.release()`, summed over 1,000 concurrent async loops',
  reference: 'async-mutex Mutex',
  opsMultiple: WAITERS,
  minOps: 20 * WAITERS,
  targets: [
    { contender: 'Skein Lock', level: 'must', factor: 10, ref: 'async-mutex Mutex' },
    { contender: 'Skein Lock', level: 'aim', factor: 1, ref: 'async-sema Sema(1)' },
  ],
  async setup(): Promise<Contender[]> {
    const skein = await loadSkein();
    return [
      skein.ok
        ? {
            name: 'Skein Lock',
            kind: 'skein',
            async run(ops) {
              const lock = new skein.sync.Lock();
              await contend(ops, async (n) => {
                for (let i = 0; i < n; i++) {
                  await lock.acquire();
                  lock.release();
                }
              });
              return undefined;
            },
          }
        : {
            name: 'Skein Lock',
            kind: 'skein',
            unavailable: skein.reason,
            run: () => Promise.resolve(undefined),
          },
      {
        name: 'async-mutex Mutex',
        kind: 'peer',
        async run(ops) {
          const mutex = new Mutex();
          await contend(ops, async (n) => {
            for (let i = 0; i < n; i++) {
              await mutex.acquire();
              mutex.release();
            }
          });
          return undefined;
        },
      },
      {
        name: 'async-sema Sema(1)',
        kind: 'peer',
        async run(ops) {
          const sema = new Sema(1);
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
        name: '@esfx AsyncMutex',
        kind: 'peer',
        async run(ops) {
          const mutex = new AsyncMutex();
          await contend(ops, async (n) => {
            for (let i = 0; i < n; i++) {
              await mutex.lock();
              mutex.unlock();
            }
          });
          return undefined;
        },
      },
      {
        name: 'p-limit(1)',
        kind: 'peer',
        async run(ops) {
          const limit = pLimit(1);
          await contend(ops, async (n) => {
            for (let i = 0; i < n; i++) {
              await limit(noop);
            }
          });
          return undefined;
        },
      },
      {
        name: 'promise-chain mutex',
        kind: 'floor',
        async run(ops) {
          const mutex = new PromiseChainMutex();
          await contend(ops, async (n) => {
            for (let i = 0; i < n; i++) {
              const release = await mutex.acquire();
              release();
            }
          });
          return undefined;
        },
      },
      {
        name: 'FIFO waiter queue',
        kind: 'floor',
        async run(ops) {
          const mutex = new FifoMutex();
          await contend(ops, async (n) => {
            for (let i = 0; i < n; i++) {
              await mutex.acquire();
              mutex.release();
            }
          });
          return undefined;
        },
      },
    ];
  },
};
