import { describe, expect, it } from 'vitest';
import { LockError, RLock } from '../src/index.js';
import { deferred } from './helpers.js';

describe('RLock', () => {
  it('is reentrant for its owner and needs as many releases', async () => {
    const lock = new RLock();
    expect(await lock.acquire()).toBe(true);
    expect(await lock.acquire()).toBe(true);
    expect(lock.tryAcquire()).toBe(true);
    lock.release();
    lock.release();
    expect(lock.locked()).toBe(true);
    lock.release();
    expect(lock.locked()).toBe(false);
    expect(() => lock.release()).toThrow(LockError);
  });

  it('nested withLock re-enters instead of deadlocking, also after a plain acquire', async () => {
    const lock = new RLock();
    expect(await lock.withLock(() => lock.withLock(() => lock.withLock(() => 'deep')))).toBe(
      'deep',
    );
    await lock.acquire();
    expect(await lock.withLock(() => 'inside')).toBe('inside');
    lock.release();
    expect(lock.locked()).toBe(false);
  });

  it('two withLock scopes are different owners: the second waits for the first', async () => {
    const lock = new RLock();
    const steps: string[] = [];
    const gate = deferred();
    const entered = deferred();
    const first = lock.withLock(async () => {
      steps.push('first:in');
      entered.resolve();
      await gate.promise;
      steps.push('first:out');
    });
    const second = lock.withLock(() => {
      steps.push('second:in');
    });
    await entered.promise;
    steps.push('gate');
    gate.resolve();
    await Promise.all([first, second]);
    expect(steps).toEqual(['first:in', 'gate', 'first:out', 'second:in']);
  });

  it('release from another withLock scope throws LockError and keeps the lock held', async () => {
    const lock = new RLock();
    const held = deferred();
    const done = deferred();
    const owner = lock.withLock(async () => {
      held.resolve();
      await done.promise;
    });
    await held.promise;
    let error: unknown;
    await lock.withLock(() => undefined, { timeout: 1 }).catch(() => undefined);
    await new RLock().withLock(() => {
      try {
        lock.release();
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(LockError);
    expect(lock.locked()).toBe(true);
    done.resolve();
    await owner;
    expect(lock.locked()).toBe(false);
  });

  it('acquire with timeout returns false while another scope owns it', async () => {
    const lock = new RLock();
    const release = deferred();
    const holding = deferred();
    const owner = lock.withLock(async () => {
      holding.resolve();
      await release.promise;
    });
    await holding.promise;
    expect(await lock.withLock(() => 'x', { timeout: 1 }).catch((e: Error) => e.name)).toBe(
      'TimeoutError',
    );
    release.resolve();
    await owner;
  });

  it('round-trips through toShared with its ownership state', async () => {
    const lock = new RLock({ name: 'r' });
    const twin = RLock.fromShared(structuredClone(lock.toShared()));
    await lock.acquire();
    // Same thread, same (thread) context: the twin sees the same owner.
    expect(await twin.acquire()).toBe(true);
    twin.release();
    lock.release();
    expect(twin.locked()).toBe(false);
  });
});
