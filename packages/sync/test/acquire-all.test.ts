import { describe, expect, it } from 'vitest';
import {
  Lock,
  LockOrderError,
  PotentialDeadlockError,
  RLock,
  Semaphore,
  TimeoutError,
  acquireAll,
  disableDeadlockDetection,
  enableDeadlockDetection,
  withAll,
} from '../src/index.js';
import { deferred } from './helpers.js';

function ordered(): [Lock, Lock] {
  const a = new Lock({ name: 'a' });
  const b = new Lock({ name: 'b' });
  return a.orderKey < b.orderKey ? [a, b] : [b, a];
}

describe('acquireAll / withAll', () => {
  it('takes locks in the global order whatever order they are given in', async () => {
    const [low, high] = ordered();
    const steps: string[] = [];
    const release = await acquireAll(high, low);
    expect(low.locked() && high.locked()).toBe(true);
    // A second caller asking in the other order queues on the low lock first: no deadlock.
    const second = withAll([low, high], () => steps.push('second'));
    steps.push('first done');
    release();
    await second;
    expect(steps).toEqual(['first done', 'second']);
    expect(low.locked() || high.locked()).toBe(false);
  });

  it('withAll releases on throw and returns the result', async () => {
    const [a, b] = ordered();
    expect(await withAll([a, b], () => 3)).toBe(3);
    await expect(
      withAll([a, b], () => {
        throw new Error('x');
      }),
    ).rejects.toThrow('x');
    expect(a.locked() || b.locked()).toBe(false);
  });

  it('throws LockOrderError for a nested call that would break the order', async () => {
    const [low, high] = ordered();
    await expect(withAll([high], () => withAll([low], () => undefined))).rejects.toBeInstanceOf(
      LockOrderError,
    );
    expect(low.locked() || high.locked()).toBe(false);
    expect(await withAll([low], () => withAll([high], () => 'ok'))).toBe('ok');
    await new RLock().withLock(async () => {
      const release = await acquireAll(high);
      await expect(acquireAll(low)).rejects.toBeInstanceOf(LockOrderError);
      release();
      const again = await acquireAll(low);
      again();
    });
  });

  it('lets concurrent top-level tasks take the same locks in opposite orders', async () => {
    const [low, high] = ordered();
    let rounds = 0;
    await Promise.all(
      [
        [low, high],
        [high, low],
      ].map(async (locks) => {
        for (let i = 0; i < 200; i++) {
          const release = await acquireAll(...locks);
          await Promise.resolve();
          rounds++;
          release();
        }
      }),
    );
    expect(rounds).toBe(400);
  });

  it('times out as a whole and releases what it took', async () => {
    const [low, high] = ordered();
    await high.acquire();
    await expect(acquireAll(low, high, { timeout: 5 })).rejects.toBeInstanceOf(TimeoutError);
    expect(low.locked()).toBe(false);
    high.release();
  });

  it('aborts and releases what it took', async () => {
    const [low, high] = ordered();
    await high.acquire();
    const ac = new AbortController();
    const p = withAll([low, high], () => 'never', { signal: ac.signal });
    ac.abort('stop');
    await expect(p).rejects.toBe('stop');
    expect(low.locked()).toBe(false);
    high.release();
  });

  it('accepts semaphores and RLocks, and rejects anything else', async () => {
    expect(await withAll([new Semaphore(2), new RLock()], () => 1)).toBe(1);
    // Bad arguments throw at the call, naming what is wrong.
    expect(() => acquireAll({})).toThrow(TypeError);
    expect(() => acquireAll()).toThrow(TypeError);
    expect(() => acquireAll(new Lock(), 5 as never)).toThrow(/locks\[1\] must be a Lock/);
    expect(() => acquireAll(5 as never)).toThrow(/locks\[0\] must be a Lock/);
    expect(() => acquireAll(new Lock(), { timeout: -1 })).toThrow(RangeError);
    expect(() => withAll([new Lock()], 'x' as never)).toThrow(TypeError);
    expect(() => withAll([new Lock()], () => 1, { signal: 'x' as never })).toThrow(TypeError);
  });
});

describe('deadlock detection', () => {
  it('names both locks and both places the first time two locks are taken in opposite orders', async () => {
    enableDeadlockDetection({ reset: true });
    try {
      const accounts = new Lock({ name: 'accounts' });
      const audit = new Lock({ name: 'audit' });
      await accounts.withLock(() => audit.withLock(() => undefined));
      const error = await audit
        .withLock(() => accounts.withLock(() => undefined))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PotentialDeadlockError);
      const e = error as PotentialDeadlockError;
      expect([e.first, e.second]).toEqual(['audit', 'accounts']);
      expect(e.place).toContain('acquire-all.test.ts');
      expect(e.earlierPlace).toContain('acquire-all.test.ts');
      expect(e.message).toContain('accounts');
      expect(accounts.locked() || audit.locked()).toBe(false);
    } finally {
      disableDeadlockDetection();
    }
  });

  it('finds a cycle through a third lock and ignores consistent orders', async () => {
    enableDeadlockDetection({ reset: true });
    try {
      const [a, b, c] = ['a', 'b', 'c'].map((name) => new Lock({ name })) as [Lock, Lock, Lock];
      await a.withLock(() => b.withLock(() => undefined));
      await b.withLock(() => c.withLock(() => undefined));
      await a.withLock(() => c.withLock(() => undefined));
      await expect(c.withLock(() => a.withLock(() => undefined))).rejects.toBeInstanceOf(
        PotentialDeadlockError,
      );
    } finally {
      disableDeadlockDetection();
    }
  });

  it('sees each withLock scope separately, so concurrent scopes do not look nested', async () => {
    enableDeadlockDetection({ reset: true });
    try {
      const a = new Lock({ name: 'a' });
      const b = new Lock({ name: 'b' });
      const inA = deferred();
      const done = deferred();
      const holdA = a.withLock(async () => {
        inA.resolve();
        await done.promise;
      });
      await inA.promise;
      await b.withLock(() => undefined);
      done.resolve();
      await holdA;
      // Neither scope nested the other, so the opposite order is fine.
      await b.withLock(() => a.withLock(() => undefined));
    } finally {
      disableDeadlockDetection();
    }
  });

  it('costs nothing and reports nothing when disabled', async () => {
    const a = new Lock();
    const b = new Lock();
    await a.withLock(() => b.withLock(() => undefined));
    await b.withLock(() => a.withLock(() => undefined));
  });
});
