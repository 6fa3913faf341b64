import { Lock, LockError, RLock, withAll } from '@skein/sync';
import { describe, expect, it } from 'vitest';
import { createTask, sleep } from '../src/index.js';
import { deferred } from './helpers.js';

// @skein/sync makes every Task its own RLock owner (through the owner registry it installs and
// the running task this package publishes), so plain acquire() calls in two tasks exclude each other.
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

  it('a generator step that shares a batch with work queued inside its own withLock scope is outside that scope', async () => {
    // The coroutine scheduler runs many steps in one microtask: each must see the lock scope
    // of the code that queued it, not that of the first step in the batch. n shifts where the
    // generator's step lands relative to the task queued inside the scope.
    for (let n = 0; n < 8; n++) {
      const lock = new RLock();
      const seen: string[] = [];
      const gate = deferred();
      const task = createTask(function* () {
        const scoped = lock.withLock(async () => {
          createTask(async () => {}); // queued inside the scope
          await gate.promise; // the scope keeps the lock
        });
        for (let i = 0; i < n; i++) yield Promise.resolve();
        yield 1; // a plain value: this step joins the pending batch
        seen.push(`tryAcquire: ${lock.tryAcquire()}`);
        try {
          lock.release();
          seen.push('release: allowed');
        } catch (error) {
          seen.push(`release: ${error instanceof LockError ? 'LockError' : String(error)}`);
        }
        gate.resolve();
        yield scoped;
      });
      await task;
      expect(seen).toEqual(['tryAcquire: false', 'release: LockError']);
      expect(lock.locked()).toBe(false);
    }
  });

  it('a task does not inherit the lock order of an unrelated scope whose task started in the same batch', async () => {
    for (let n = 0; n < 10; n++) {
      const [first, second] = [new Lock(), new Lock()].sort((x, y) => x.orderKey - y.orderKey);
      const finish = deferred();
      let late: Promise<string> | undefined;
      const scope = withAll([second!], async () => {
        createTask(async () => {}); // queued inside a scope that holds `second`
        await finish.promise;
      });
      let p = Promise.resolve();
      for (let i = 0; i < n; i++) p = p.then(() => {});
      await p.then(() => {
        // Created outside every scope: taking the lower-ordered lock is in order for it.
        late = Promise.resolve(
          createTask(async () => {
            await withAll([first!], () => {});
            return 'ok';
          }),
        );
      });
      expect(await late).toBe('ok');
      finish.resolve();
      await scope;
    }
  });
});
