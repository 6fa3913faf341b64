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
});
