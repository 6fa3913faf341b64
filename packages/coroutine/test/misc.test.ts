import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  ContextVar,
  createTask,
  currentTask,
  gather,
  run,
  sleep,
  TaskGroup,
} from '../src/index.js';
import { deferred, drain, rejection } from './helpers.js';

describe('more task behaviour', () => {
  it('catch and finally work like a promise and link cancellation', async () => {
    const steps: string[] = [];
    const failing = createTask(() => {
      throw new Error('x');
    });
    steps.push(String(await failing.catch((e: Error) => `caught ${e.message}`)));
    await createTask(async () => 1).finally(() => steps.push('finally'));
    const child = createTask(() => sleep(60_000));
    const parent = createTask(async () => {
      await child.finally(() => steps.push('child settled'));
    });
    await drain();
    parent.cancel();
    await rejection(parent);
    expect(child.cancelled()).toBe(true);
    expect(steps).toEqual(['caught x', 'finally', 'child settled']);
  });

  it('currentTask() inside a generator task and its children', async () => {
    const names: Array<string | undefined> = [];
    const outer = createTask(
      function* () {
        names.push(currentTask()?.name);
        yield createTask(async () => names.push(currentTask()?.name), { name: 'inner' });
        names.push(currentTask()?.name);
      },
      { name: 'outer' },
    );
    await outer;
    expect(names).toEqual(['outer', 'inner', 'outer']);
  });

  it('run() takes a generator function as main', async () => {
    const value = await run(function* () {
      const a: number = yield sleep(1, 20);
      return a + 1;
    });
    expect(value).toBe(21);
  });

  it('ContextVar values flow into gather children and TaskGroup tasks', async () => {
    const v = new ContextVar<string>('who', { default: '-' });
    const seen: string[] = [];
    await createTask(async () => {
      v.set('parent');
      await gather(async () => seen.push(`gather:${v.get()}`));
      await TaskGroup.run((tg) => {
        tg.createTask(async () => seen.push(`group:${v.get()}`));
      });
    });
    expect(seen).toEqual(['gather:parent', 'group:parent']);
  });

  it('a cancelled waiter releases its gate: cancelling a task waiting on a deferred-backed child', async () => {
    const steps: string[] = [];
    const gate = deferred();
    const child = createTask(function* () {
      try {
        yield gate.promise;
      } finally {
        steps.push('child finally');
      }
    });
    const parent = createTask(async () => {
      try {
        await child;
      } catch (e) {
        steps.push(`parent ${(e as Error).name}`);
        throw e;
      }
    });
    await drain();
    parent.cancel('go');
    expect(await rejection(parent)).toBeInstanceOf(CancelledError);
    expect(steps).toEqual(['child finally', 'parent CancelledError']);
    gate.resolve();
  });

  it('tasks that fail or are cancelled without being awaited raise no unhandled rejection', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const failed = createTask(async () => {
        await Promise.resolve();
        throw new Error('nobody listens');
      });
      const gate = deferred<number>();
      const ignoring = createTask(async () => gate.promise);
      await drain();
      ignoring.cancel();
      gate.resolve(1);
      await drain();
      await drain();
      expect(failed.exception()).toBeInstanceOf(Error);
      expect(ignoring.cancelled()).toBe(true);
      // Awaiting later still gives the outcome.
      expect((await rejection(failed)).message).toBe('nobody listens');
      expect(await rejection(ignoring)).toBeInstanceOf(CancelledError);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections).toEqual([]);
  });
});
