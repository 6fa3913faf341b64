import { describe, expect, it, vi } from 'vitest';
import { Condition, Lock, LockError, RLock } from '../src/index.js';
import { deferred } from './helpers.js';

describe('Condition', () => {
  it('wait/notify hands over in FIFO order, one per notify', async () => {
    const cond = new Condition(new Lock());
    const steps: string[] = [];
    const waiting: Array<Promise<void>> = [];
    for (const name of ['a', 'b', 'c']) {
      const entered = deferred();
      waiting.push(
        cond.withLock(async () => {
          entered.resolve();
          await cond.wait();
          steps.push(name);
        }),
      );
      await entered.promise;
    }
    await cond.withLock(() => cond.notify());
    await waiting[0];
    expect(steps).toEqual(['a']);
    await cond.withLock(() => cond.notify(2));
    await Promise.all(waiting);
    expect(steps).toEqual(['a', 'b', 'c']);
  });

  it('notifyAll wakes everyone; notify with nobody waiting is a no-op', async () => {
    const cond = new Condition();
    await cond.withLock(() => cond.notifyAll());
    let woken = 0;
    const ready: Array<Promise<void>> = [];
    const all = Array.from({ length: 5 }, () => {
      const entered = deferred();
      ready.push(entered.promise);
      return cond.withLock(async () => {
        entered.resolve();
        await cond.wait();
        woken++;
      });
    });
    await Promise.all(ready);
    await cond.withLock(() => cond.notifyAll());
    await Promise.all(all);
    expect(woken).toBe(5);
  });

  it('wait and notify without the lock throw LockError', async () => {
    const cond = new Condition();
    // At the call, as CPython raises at once (and as notify throws).
    expect(() => cond.wait()).toThrow(LockError);
    expect(() => cond.waitFor(() => true, { timeout: -1 })).toThrow(RangeError);
    expect(() => cond.notify()).toThrow(LockError);
    expect(() => new Condition(undefined, 5 as never)).toThrow(TypeError);
    await cond.acquire();
    expect(() => cond.wait({ timeout: 'x' as never })).toThrow(TypeError);
    cond.release();
  });

  it('a timed-out waiter returns false, holds the lock again, and does not eat a later notify', async () => {
    vi.useFakeTimers();
    try {
      const cond = new Condition(new Lock());
      const entered = deferred();
      const timedOut = cond.withLock(async () => {
        entered.resolve();
        const r = await cond.wait({ timeout: 10 });
        return [r, cond.lock.locked()];
      });
      await entered.promise;
      const second = deferred();
      const notified = cond.withLock(async () => {
        second.resolve();
        return cond.wait();
      });
      await vi.advanceTimersByTimeAsync(10);
      expect(await timedOut).toEqual([false, true]);
      await second.promise;
      await cond.withLock(() => cond.notify());
      expect(await notified).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('abort re-takes the lock and rejects with the reason', async () => {
    const cond = new Condition();
    const ac = new AbortController();
    const entered = deferred();
    const p = cond.withLock(async () => {
      entered.resolve();
      try {
        await cond.wait({ signal: ac.signal });
      } catch (e) {
        return [e, cond.lock.isOwned()];
      }
      return 'not aborted';
    });
    await entered.promise;
    ac.abort('why');
    expect(await p).toEqual(['why', true]);
    expect(cond.lock.locked()).toBe(false);
  });

  it('waitFor returns the predicate value and works with an RLock held twice', async () => {
    const lock = new RLock();
    const cond = new Condition(lock);
    let ready = 0;
    const entered = deferred();
    const waiter = cond.withLock(() =>
      lock.withLock(async () => {
        entered.resolve();
        return cond.waitFor(() => (ready >= 2 ? `ready=${ready}` : ''));
      }),
    );
    await entered.promise;
    for (let i = 0; i < 2; i++) {
      await cond.withLock(() => {
        ready++;
        cond.notify();
      });
    }
    expect(await waiter).toBe('ready=2');
    expect(lock.locked()).toBe(false);
  });

  it('waitFor gives up after its timeout with the falsy value', async () => {
    const cond = new Condition();
    expect(await cond.withLock(() => cond.waitFor(() => 0, { timeout: 5 }))).toBe(0);
  });

  it('refuses more waiters than maxWaiters with RangeError', async () => {
    const cond = new Condition(new Lock(), { maxWaiters: 1 });
    const entered = deferred();
    const first = cond.withLock(async () => {
      entered.resolve();
      return cond.wait();
    });
    await entered.promise;
    await expect(cond.withLock(() => cond.wait())).rejects.toBeInstanceOf(RangeError);
    await cond.withLock(() => cond.notify());
    expect(await first).toBe(true);
  });

  it('rejects a lock that is not a Lock or RLock', () => {
    expect(() => new Condition({} as never)).toThrow(TypeError);
    expect(() => new Condition(new Lock(), { maxWaiters: 0 })).toThrow(RangeError);
  });

  it('round-trips through toShared with its lock', async () => {
    const cond = new Condition(new Lock());
    const twin = Condition.fromShared(structuredClone(cond.toShared()));
    expect(twin.lock).toBeInstanceOf(Lock);
    const entered = deferred();
    const waiting = twin.withLock(async () => {
      entered.resolve();
      return twin.wait();
    });
    await entered.promise;
    await cond.withLock(() => cond.notify());
    expect(await waiting).toBe(true);
  });
});
