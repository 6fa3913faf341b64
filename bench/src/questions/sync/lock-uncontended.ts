// BENCHMARKS.md, @skein/sync: "Lock acquire/release, 1 thread, uncontended (ops/s)".
// Every loop below is written out per contender on purpose: one shared loop would turn
// megamorphic across lock classes and measure V8's inline caches instead of the locks.
import { AsyncMutex } from '@esfx/async-mutex';
import { Mutex } from 'async-mutex';
import { Sema } from 'async-sema';
import pLimit from 'p-limit';
import { FifoMutex, PromiseChainMutex } from '../../floors/fifo.js';
import type { Contender, Question } from '../../harness/types.js';
import { loadSkein } from '../../skein.js';

const noop = (): void => {};

export const lockUncontended: Question = {
  name: 'lock-uncontended',
  title: 'Lock acquire/release, 1 thread, uncontended (ops/s)',
  op: '`await lock.acquire(); lock.release()` in one async loop',
  reference: 'async-mutex Mutex',
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
              for (let i = 0; i < ops; i++) {
                await lock.acquire();
                lock.release();
              }
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
          for (let i = 0; i < ops; i++) {
            await mutex.acquire();
            mutex.release();
          }
          return undefined;
        },
      },
      {
        name: 'async-sema Sema(1)',
        kind: 'peer',
        async run(ops) {
          const sema = new Sema(1);
          for (let i = 0; i < ops; i++) {
            await sema.acquire();
            sema.release();
          }
          return undefined;
        },
      },
      {
        name: '@esfx AsyncMutex',
        kind: 'peer',
        async run(ops) {
          const mutex = new AsyncMutex();
          for (let i = 0; i < ops; i++) {
            await mutex.lock();
            mutex.unlock();
          }
          return undefined;
        },
      },
      {
        name: 'p-limit(1)',
        kind: 'peer',
        async run(ops) {
          const limit = pLimit(1);
          for (let i = 0; i < ops; i++) {
            await limit(noop);
          }
          return undefined;
        },
      },
      {
        name: 'promise-chain mutex',
        kind: 'floor',
        async run(ops) {
          const mutex = new PromiseChainMutex();
          for (let i = 0; i < ops; i++) {
            const release = await mutex.acquire();
            release();
          }
          return undefined;
        },
      },
      {
        name: 'FIFO waiter queue',
        kind: 'floor',
        async run(ops) {
          const mutex = new FifoMutex();
          for (let i = 0; i < ops; i++) {
            await mutex.acquire();
            mutex.release();
          }
          return undefined;
        },
      },
    ];
  },
};
