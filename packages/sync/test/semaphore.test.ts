import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { BoundedSemaphore, Semaphore } from '../src/index.js';

describe('Semaphore', () => {
  it('lets value holders in and queues the rest in FIFO order', async () => {
    const sem = new Semaphore(2);
    const steps: string[] = [];
    expect(await sem.acquire()).toBe(true);
    expect(await sem.acquire()).toBe(true);
    expect(sem.value).toBe(0);
    const waiters = ['a', 'b', 'c'].map((n) => sem.acquire().then(() => steps.push(n)));
    sem.release(2);
    await Promise.all(waiters.slice(0, 2));
    expect(steps).toEqual(['a', 'b']);
    sem.release();
    await waiters[2];
    expect(steps).toEqual(['a', 'b', 'c']);
  });

  it('defaults to 1 and may be released above its initial value', () => {
    const sem = new Semaphore();
    expect(sem.value).toBe(1);
    sem.release(3);
    expect(sem.value).toBe(4);
  });

  it('rejects bad values and counts', () => {
    expect(() => new Semaphore(-1)).toThrow(RangeError);
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
    expect(() => new Semaphore('2' as never)).toThrow(TypeError);
    expect(() => new Semaphore(2 ** 30)).toThrow(RangeError);
    expect(() => new Semaphore(1).release(0)).toThrow(RangeError);
    expect(() => new Semaphore(1).release(-2)).toThrow(RangeError);
  });

  it('times out without taking a permit', async () => {
    vi.useFakeTimers();
    try {
      const sem = new Semaphore(0);
      const p = sem.acquire({ timeout: 10 });
      await vi.advanceTimersByTimeAsync(10);
      expect(await p).toBe(false);
      sem.release();
      expect(sem.value).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('withLock limits concurrency', async () => {
    const sem = new Semaphore(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        sem.withLock(async () => {
          peak = Math.max(peak, ++running);
          await Promise.resolve();
          await Promise.resolve();
          running--;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(sem.value).toBe(3);
  });

  // Random interleavings of acquire / release / timeout / abort: never more holders than permits,
  // and every waiter that did not give up is served once permits come back.
  it('never exceeds its permits under random interleavings (property)', async () => {
    const op = fc.oneof(
      fc.constant({ kind: 'acquire' as const }),
      fc.constant({ kind: 'release' as const }),
      fc.constant({ kind: 'tick' as const }),
      fc.record({ kind: fc.constant('timeout' as const), ms: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ kind: fc.constant('abort' as const), after: fc.integer({ min: 0, max: 3 }) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(op, { maxLength: 60 }),
        async (permits, ops) => {
          vi.useFakeTimers();
          try {
            const sem = new Semaphore(permits);
            let holders = 0;
            let worst = 0;
            const pending: Array<Promise<void>> = [];
            const wait = (opts?: { timeout?: number; signal?: AbortSignal }) =>
              pending.push(
                sem.acquire(opts).then(
                  (got) => {
                    if (got) worst = Math.max(worst, ++holders);
                  },
                  () => undefined,
                ),
              );
            for (const o of ops) {
              if (o.kind === 'acquire') wait();
              else if (o.kind === 'timeout') wait({ timeout: o.ms });
              else if (o.kind === 'abort') {
                const ac = new AbortController();
                wait({ signal: ac.signal });
                setTimeout(() => ac.abort(), o.after);
              } else if (o.kind === 'release' && holders > 0) {
                holders--;
                sem.release();
              } else await vi.advanceTimersByTimeAsync(1);
              await Promise.resolve();
            }
            await vi.advanceTimersByTimeAsync(10);
            expect(worst).toBeLessThanOrEqual(permits);
            // Release everything held; whoever still waits must now be served.
            while (holders > 0) {
              holders--;
              sem.release();
              await vi.advanceTimersByTimeAsync(0);
            }
            await vi.advanceTimersByTimeAsync(0);
            expect(holders + sem.value).toBeLessThanOrEqual(permits);
            for (let i = 0; i < ops.length && holders > 0; i++) {
              holders--;
              sem.release();
              await vi.advanceTimersByTimeAsync(0);
            }
            await Promise.all(pending);
            expect(holders + sem.value).toBe(permits);
          } finally {
            vi.useRealTimers();
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('BoundedSemaphore', () => {
  it('throws RangeError when released above its initial value, changing nothing', async () => {
    const sem = new BoundedSemaphore(2);
    expect(() => sem.release()).toThrow(RangeError);
    expect(sem.value).toBe(2);
    await sem.acquire();
    sem.release();
    expect(() => sem.release()).toThrow(RangeError);
    expect(sem.value).toBe(2);
  });

  it('round-trips through toShared keeping its bound', () => {
    const sem = BoundedSemaphore.fromShared(structuredClone(new BoundedSemaphore(1).toShared()));
    expect(() => sem.release()).toThrow(RangeError);
    expect(sem.tryAcquire()).toBe(true);
    sem.release();
  });
});

describe('class relations and errors across packages', () => {
  it('BoundedSemaphore is a Semaphore, and Semaphore.fromShared keeps the bound', () => {
    const bounded = new BoundedSemaphore(1);
    expect(bounded).toBeInstanceOf(Semaphore);
    const twin = Semaphore.fromShared(bounded.toShared());
    expect(twin).toBeInstanceOf(BoundedSemaphore);
    expect(() => twin.release()).toThrow(RangeError);
  });
});
