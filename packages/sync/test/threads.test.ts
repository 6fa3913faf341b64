import { describe, expect, it } from 'vitest';
import {
  Barrier,
  BoundedSemaphore,
  Condition,
  Event,
  Lock,
  RLock,
  Semaphore,
  SharedArray,
  SharedValue,
} from '../src/index.js';
import { inWorker, sharedInts, wrapInt32 } from './helpers.js';

/** A worker takes `lock` and holds it until `release()`, which resolves once it let go. */
async function holdInWorker(lock: Lock): Promise<{ release(): Promise<boolean> }> {
  const taken = new Event();
  const go = new Event();
  const done = inWorker<boolean>('holdUntil', {
    lock: lock.toShared(),
    taken: taken.toShared(),
    go: go.toShared(),
  });
  await taken.wait();
  return {
    release: () => {
      go.set();
      return done;
    },
  };
}

// Real worker threads running the built package against objects made here.
describe('across worker threads', () => {
  for (const [kind, make] of [
    ['Lock', () => new Lock()],
    ['RLock', () => new RLock()],
    ['Semaphore(1)', () => new Semaphore(1)],
  ] as const) {
    for (const mode of ['async', 'sync'] as const) {
      it(`${kind}: 4 workers x 100,000 ${mode} increments give an exact count`, async () => {
        const lock = make();
        const counter = sharedInts(1);
        const n = 100_000;
        await Promise.all(
          Array.from({ length: 4 }, () =>
            inWorker('increment', { lock: lock.toShared(), counter, n, mode }),
          ),
        );
        expect(new Int32Array(counter)[0]).toBe(4 * n);
        expect(lock.tryAcquire()).toBe(true);
      });
    }
  }

  it('Lock: the main thread contends with 3 workers and the count stays exact', async () => {
    const lock = new Lock();
    const counter = sharedInts(1);
    const c = new Int32Array(counter);
    const n = 50_000;
    const workers = Array.from({ length: 3 }, () =>
      inWorker('increment', { lock: lock.toShared(), counter, n, mode: 'async' }),
    );
    for (let i = 0; i < n; i++) {
      await lock.acquire();
      c[0] = c[0]! + 1;
      lock.release();
    }
    await Promise.all(workers);
    expect(c[0]).toBe(4 * n);
  });

  it('Semaphore(3): never more than 3 holders across 4 workers', async () => {
    const sem = new BoundedSemaphore(3);
    const live = sharedInts(1);
    const peak = sharedInts(1);
    await Promise.all(
      Array.from({ length: 4 }, () =>
        inWorker('semaphore', { sem: sem.toShared(), live, peak, n: 20_000 }),
      ),
    );
    expect(new Int32Array(peak)[0]).toBeLessThanOrEqual(3);
    expect(new Int32Array(peak)[0]).toBeGreaterThan(0);
    expect(sem.value).toBe(3);
  });

  it('Condition: 2 producers and 2 consumers over a 16-slot buffer lose no item and no wake-up', async () => {
    const cond = new Condition(new Lock());
    const buffer = sharedInts(4 + 16);
    const n = 5_000;
    const results = await Promise.all([
      inWorker<number>('produce', { cond: cond.toShared(), buffer, n, base: 1 }),
      inWorker<number>('produce', { cond: cond.toShared(), buffer, n, base: 1 }),
      inWorker<number>('consume', { cond: cond.toShared(), buffer, n }),
      inWorker<number>('consume', { cond: cond.toShared(), buffer, n }),
    ]);
    expect(results).toEqual([n, n, n, n]);
    const b = new Int32Array(buffer);
    expect(b[0]).toBe(0);
    expect(b[3]).toBe(wrapInt32(n * (n + 1)));
  });

  it('Barrier: 4 workers stay in step for 500 cycles', async () => {
    const parties = 4;
    const barrier = new Barrier(parties);
    const log = sharedInts(parties);
    const cycles = 500;
    const done = await Promise.all(
      Array.from({ length: parties }, (_, party) =>
        inWorker('barrier', { barrier: barrier.toShared(), log, cycles, party, parties }),
      ),
    );
    expect(done).toEqual([cycles, cycles, cycles, cycles]);
    expect(barrier.broken).toBe(false);
    expect(barrier.nWaiting).toBe(0);
  });

  it('Event: set in the main thread wakes workers that wait with no other work (kept alive)', async () => {
    const event = new Event();
    const waiting = [
      inWorker('waitEvent', { event: event.toShared() }),
      inWorker('waitEvent', { event: event.toShared() }),
    ];
    // The workers have nothing but the wait: if parking did not keep them alive they would exit.
    const lock = new Lock();
    const holder = await holdInWorker(lock);
    event.set();
    expect(await Promise.all(waiting)).toEqual([true, true]);
    expect(await holder.release()).toBe(true);
    expect(lock.locked()).toBe(false);
  });

  it('Event: a worker times out when nobody sets it', async () => {
    expect(await inWorker('waitEvent', { event: new Event().toShared(), timeout: 20 })).toBe(false);
  });

  it('Lock: a main-thread waiter is woken when a worker releases', async () => {
    const lock = new Lock();
    const holder = await holdInWorker(lock);
    expect(lock.tryAcquire()).toBe(false);
    const mine = lock.acquire();
    await holder.release();
    expect(await mine).toBe(true);
    lock.release();
  });

  // Before toShared() a lock's waiters are served without shared-memory parking; sharing must
  // switch them over, or a release from another thread would wake nobody.
  it('Semaphore and Lock: waiters queued before toShared() are woken by a worker', async () => {
    for (let round = 0; round < 20; round++) {
      const sem = new Semaphore(0);
      const waiting = [sem.acquire(), sem.acquire(), sem.acquire()];
      expect(await inWorker('release', { lock: sem.toShared(), times: 3 })).toBe(3);
      expect(await Promise.all(waiting)).toEqual([true, true, true]);

      const lock = new Lock();
      expect(lock.tryAcquire()).toBe(true);
      const mine = lock.acquire();
      expect(await inWorker('release', { lock: lock.toShared(), times: 1 })).toBe(1);
      expect(await mine).toBe(true);
    }
  });

  it('RLock: ownership is per thread', async () => {
    const lock = new RLock();
    expect(await inWorker('rlockReenter', { lock: lock.toShared() })).toBe(false);
    await lock.acquire();
    expect(await inWorker('releaseForeign', { lock: lock.toShared() })).toBe('LockError');
    lock.release();
  });

  it('SharedValue and SharedArray: increments under their locks are exact across workers', async () => {
    const value = new SharedValue('int32', 0);
    const array = new SharedArray('float64', 4);
    const n = 2_000;
    const types = await Promise.all(
      Array.from({ length: 3 }, () =>
        inWorker('sharedValue', { value: value.toShared(), array: array.toShared(), n }),
      ),
    );
    expect(types).toEqual(['int32', 'int32', 'int32']);
    expect(value.value).toBe(3 * n);
    expect(array.toArray().reduce((a, b) => a + b, 0)).toBe(3 * n);
  });

  it('acquireAll: two workers taking the same locks in opposite orders never deadlock', async () => {
    const a = new Lock();
    const b = new Lock();
    const n = 20_000;
    expect(
      await Promise.all([
        inWorker('acquireAll', { a: a.toShared(), b: b.toShared(), n, reverse: false }),
        inWorker('acquireAll', { a: a.toShared(), b: b.toShared(), n, reverse: true }),
      ]),
    ).toEqual([n, n]);
  });

  for (const mode of ['async', 'sync'] as const) {
    it(`Lock: a waiter is not starved by a thread taking the lock in a tight ${mode} loop`, async () => {
      const lock = new Lock();
      const rounds = sharedInts(1);
      const stop = sharedInts(1);
      const started = new Event();
      const n = 200_000;
      const hammer = inWorker<number>('hammer', {
        lock: lock.toShared(),
        rounds,
        stop,
        started: started.toShared(),
        n,
        mode,
        holdMicros: 20,
      });
      await started.wait();
      // Wait until the worker is clearly looping, then ask for the lock ourselves.
      while (Atomics.load(new Int32Array(rounds), 0) < 1000)
        await new Promise((r) => setImmediate(r));
      for (let k = 0; k < 20; k++) {
        expect(await lock.acquire()).toBe(true);
        lock.release();
      }
      const roundsWhenServed = Atomics.load(new Int32Array(rounds), 0);
      Atomics.store(new Int32Array(stop), 0, 1);
      const total = await hammer;
      // Served 20 times while the worker still had most of its rounds ahead of it.
      expect(roundsWhenServed).toBeLessThan(n / 2);
      expect(total).toBeLessThan(n);
    });
  }
});
