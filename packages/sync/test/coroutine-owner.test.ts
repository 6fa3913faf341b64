import { createTask, sleep } from '@skein/coroutine';
import { describe, expect, it } from 'vitest';
import { LockError, RLock } from '../src/index.js';
import { deferred } from './helpers.js';

// @skein/coroutine runs every Task as its own RLock owner (through the owner registry this
// package installs), so plain acquire() calls in two tasks exclude each other.
describe('RLock owners are coroutine Tasks', () => {
  it('a task re-enters; another task waits, and cannot release it', async () => {
    const lock = new RLock();
    const steps: string[] = [];
    const holding = deferred();
    const finish = deferred();
    const first = createTask(async () => {
      await lock.acquire();
      await lock.acquire(); // re-entered by the same task
      steps.push('first:holds twice');
      holding.resolve();
      await finish.promise;
      lock.release();
      lock.release();
      steps.push('first:released');
    });
    await holding.promise;
    const second = createTask(async () => {
      let error: unknown;
      try {
        lock.release();
      } catch (e) {
        error = e;
      }
      steps.push(`second:release ${error instanceof LockError ? 'refused' : 'allowed'}`);
      await lock.acquire();
      steps.push('second:holds');
      lock.release();
    });
    await sleep(0);
    steps.push('main:finish first');
    finish.resolve();
    await Promise.all([first, second]);
    expect(steps).toEqual([
      'first:holds twice',
      'second:release refused',
      'main:finish first',
      'first:released',
      'second:holds',
    ]);
    expect(lock.locked()).toBe(false);
  });

  it('a generator task cancelled at a plain promise releases its RLock in finally, as its owner', async () => {
    for (let round = 0; round < 20; round++) {
      const lock = new RLock();
      const holding = deferred();
      const task = createTask(function* () {
        yield lock.acquire();
        try {
          holding.resolve();
          yield new Promise(() => {});
        } finally {
          lock.release(); // throws LockError if the finally ran as another owner
        }
      });
      await holding.promise;
      // Cancelled from inside another task, so a wrong context would be that task's.
      await createTask(async () => task.cancel());
      await Promise.allSettled([task]);
      expect(task.cancelled()).toBe(true);
      expect(lock.locked()).toBe(false);
    }
  });

  it("a task started inside another task's withLock scope is not that scope's owner", async () => {
    const lock = new RLock();
    const steps: string[] = [];
    await createTask(() =>
      lock.withLock(async () => {
        const child = createTask(async () => {
          steps.push(`child acquire: ${lock.tryAcquire() ? 'got it' : 'refused'}`);
        });
        await child;
        steps.push(`parent re-enters: ${lock.tryAcquire() ? 'yes' : 'no'}`);
        lock.release();
      }),
    );
    expect(steps).toEqual(['child acquire: refused', 'parent re-enters: yes']);
    expect(lock.locked()).toBe(false);
  });
});
