import { describe, expect, it, vi } from 'vitest';
import {
  Event,
  Lock,
  LockError,
  SkeinError,
  TimeoutError,
  fromShared,
  isSkeinError,
} from '../src/index.js';

describe('Lock', () => {
  it('acquires, reports locked and releases', async () => {
    const lock = new Lock();
    expect(lock.locked()).toBe(false);
    expect(await lock.acquire()).toBe(true);
    expect(lock.locked()).toBe(true);
    expect(lock.tryAcquire()).toBe(false);
    lock.release();
    expect(lock.locked()).toBe(false);
    expect(lock.tryAcquire()).toBe(true);
    lock.release();
  });

  it('serves waiters first come, first served', async () => {
    const lock = new Lock();
    const steps: string[] = [];
    await lock.acquire();
    const waiters = ['a', 'b', 'c'].map(async (name) => {
      await lock.acquire();
      steps.push(`${name}:acquired`);
      lock.release();
    });
    steps.push('main:release');
    lock.release();
    await Promise.all(waiters);
    expect(steps).toEqual(['main:release', 'a:acquired', 'b:acquired', 'c:acquired']);
  });

  it('does not let a newcomer barge past queued waiters in the same thread', async () => {
    const lock = new Lock();
    const steps: string[] = [];
    await lock.acquire();
    const first = lock.acquire().then(() => steps.push('first'));
    lock.release();
    const late = lock.acquire().then(() => steps.push('late'));
    await first;
    lock.release();
    await late;
    lock.release();
    expect(steps).toEqual(['first', 'late']);
  });

  it('returns false on timeout and leaves nothing queued', async () => {
    vi.useFakeTimers();
    try {
      const lock = new Lock();
      await lock.acquire();
      const timedOut = lock.acquire({ timeout: 50 });
      await vi.advanceTimersByTimeAsync(50);
      expect(await timedOut).toBe(false);
      lock.release();
      expect(lock.locked()).toBe(false);
      expect(await lock.acquire({ timeout: 0 })).toBe(true);
      expect(await lock.acquire({ timeout: 0 })).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects with the signal reason on abort and takes nothing', async () => {
    const lock = new Lock();
    await lock.acquire();
    const ac = new AbortController();
    const aborted = lock.acquire({ signal: ac.signal });
    const next = lock.acquire();
    ac.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    lock.release();
    expect(await next).toBe(true);
    lock.release();
    expect(lock.locked()).toBe(false);
    await expect(lock.acquire({ signal: AbortSignal.abort('gone') })).rejects.toBe('gone');
    expect(lock.locked()).toBe(false);
  });

  it('throws LockError when releasing an unlocked lock', () => {
    const lock = new Lock();
    expect(() => lock.release()).toThrow(LockError);
    try {
      lock.release();
    } catch (e) {
      expect(isSkeinError(e, 'ERR_LOCK')).toBe(true);
      expect((e as LockError).name).toBe('LockError');
    }
    expect(lock.locked()).toBe(false);
  });

  it('withLock returns the result and releases on throw', async () => {
    const lock = new Lock();
    expect(await lock.withLock(() => 5)).toBe(5);
    expect(await lock.withLock(async () => 6)).toBe(6);
    await expect(
      lock.withLock(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(lock.locked()).toBe(false);
  });

  it('withLock with a timeout throws TimeoutError without running fn', async () => {
    const lock = new Lock();
    await lock.acquire();
    const fn = vi.fn();
    await expect(lock.withLock(fn, { timeout: 1 })).rejects.toBeInstanceOf(TimeoutError);
    expect(fn).not.toHaveBeenCalled();
    lock.release();
  });

  it('can be released from another task, as in Python', async () => {
    const lock = new Lock();
    await lock.acquire();
    await Promise.resolve().then(() => lock.release());
    expect(lock.locked()).toBe(false);
  });

  it('rejects bad input at the call, holding nothing', async () => {
    const lock = new Lock();
    expect(() => lock.acquire({ timeout: -1 })).toThrow(RangeError);
    expect(() => lock.acquire({ timeout: '5' as never })).toThrow(TypeError);
    expect(() => lock.acquire({ signal: {} as never })).toThrow(TypeError);
    expect(() => lock.acquire(5 as never)).toThrow(TypeError);
    expect(() => lock.withLock('nope' as never)).toThrow(/fn must be a function/);
    expect(() => new Lock({ name: 5 as never })).toThrow(TypeError);
    expect(() => Lock.fromShared({} as never)).toThrow(TypeError);
    expect(() => Lock.fromShared(new Event().toShared() as never)).toThrow(/for Event, not Lock/);
    expect(lock.locked()).toBe(false);
  });

  it('crosses threads as a handle that shares the same state', async () => {
    const lock = new Lock({ name: 'db' });
    const handle = structuredClone(lock.toShared());
    const twin = Lock.fromShared(handle);
    expect(twin.name).toBe('db');
    expect(twin.orderKey).toBe(lock.orderKey);
    await lock.acquire();
    expect(twin.locked()).toBe(true);
    expect(twin.tryAcquire()).toBe(false);
    const viaTwin = twin.acquire();
    lock.release();
    expect(await viaTwin).toBe(true);
    expect(lock.locked()).toBe(true);
    twin.release();
    expect(fromShared(handle)).toBeInstanceOf(Lock);
  });

  it('wakes a waiter of a second instance in the same thread (shared-memory path)', async () => {
    const lock = new Lock();
    const twin = Lock.fromShared(lock.toShared());
    await lock.acquire();
    const steps: string[] = [];
    const waiting = twin.acquire().then(() => steps.push('twin'));
    steps.push('release');
    lock.release();
    await waiting;
    expect(steps).toEqual(['release', 'twin']);
    twin.release();
  });

  it('acquireSync takes a free lock and times out on a held one', () => {
    const lock = new Lock();
    expect(lock.acquireSync()).toBe(true);
    expect(lock.acquireSync({ timeout: 5 })).toBe(false);
    lock.release();
  });

  it('survives 100,000 contended acquire/release cycles across 100 tasks with exact counts', async () => {
    const lock = new Lock();
    let inside = 0;
    let overlaps = 0;
    let total = 0;
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        for (let i = 0; i < 1000; i++) {
          await lock.acquire();
          if (++inside !== 1) overlaps++;
          if (i % 3 === 0) await Promise.resolve();
          total++;
          inside--;
          lock.release();
        }
      }),
    );
    expect(overlaps).toBe(0);
    expect(total).toBe(100_000);
    expect(lock.locked()).toBe(false);
  });

  it('switches to fair mode when a waiter keeps losing to a barging caller for over 10 ms', async () => {
    const lock = new Lock();
    const twin = Lock.fromShared(lock.toShared()); // a second instance waits through shared memory
    await lock.acquire();
    let served = false;
    const waiting = twin.acquire().then(() => (served = true));
    // The starvation threshold is a wall-clock policy (10 ms), so real time has to pass here.
    await new Promise((r) => setTimeout(r, 15));
    let barged = 0;
    let refused = false;
    for (let turn = 0; turn < 1000 && !served; turn++) {
      lock.release();
      // Re-take at once, before the twin's wake-up can run: allowed until the twin asks for fairness.
      if (!lock.tryAcquire()) {
        refused = true;
        break;
      }
      barged++;
      await new Promise((r) => setImmediate(r));
    }
    expect(refused).toBe(true);
    await waiting;
    expect(served).toBe(true);
    expect(barged).toBeGreaterThanOrEqual(1);
    expect(lock.locked()).toBe(true);
    twin.release();
    expect(lock.tryAcquire()).toBe(true);
    lock.release();
  });
});

describe('errors', () => {
  it('answer instanceof by brand and name, across copies and packages', () => {
    class ForeignTimeoutError extends Error {
      override name = 'TimeoutError';
      readonly code = 'ERR_TIMEOUT';
      constructor() {
        super('from elsewhere');
        Object.defineProperty(this, Symbol.for('skein.error'), { value: true });
      }
    }
    const foreign = new ForeignTimeoutError();
    expect(foreign).toBeInstanceOf(TimeoutError);
    expect(foreign).toBeInstanceOf(SkeinError);
    expect(foreign instanceof LockError).toBe(false);
    expect(new Error('plain') instanceof TimeoutError).toBe(false);
    expect(new LockError('x')).toBeInstanceOf(SkeinError);
  });
});
