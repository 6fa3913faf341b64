import { describe, expect, it } from 'vitest';
import {
  createTask,
  ExceptionGroup,
  FIRST_EXCEPTION,
  gather,
  TaskGroup,
  timeout,
  wait,
  waitFor,
} from '../src/index.js';
import { deferred, drain, rejection } from './helpers.js';

// JavaScript can throw anything, `undefined` too (`new Promise((_, reject) => reject())`). Such a
// task has failed although `exception()` returns `undefined`: what builds on tasks must not read
// that as success.
const throwsUndefined = (): Promise<never> =>
  new Promise((_resolve, reject) => queueMicrotask(() => reject()));

describe('a task that threw undefined has failed', () => {
  it('is done, not cancelled, and its result() throws undefined', async () => {
    const task = createTask(throwsUndefined);
    expect(await rejection(task)).toBeUndefined();
    expect(task.state).toBe('done');
    expect(() => task.result()).toThrow();
  });

  it('fails a gather at once; with returnExceptions it takes its place', async () => {
    const gate = deferred<number>();
    const g = gather(createTask(throwsUndefined), gate.promise);
    await drain();
    expect(g.state).toBe('done');
    expect(await rejection(g)).toBeUndefined();

    gate.resolve(2);
    const settled = gather(createTask(throwsUndefined), gate.promise, { returnExceptions: true });
    expect(await settled).toEqual([undefined, 2]);
  });

  it('ends wait(FIRST_EXCEPTION)', async () => {
    const gate = deferred();
    const failing = createTask(throwsUndefined);
    const pending = createTask(() => gate.promise);
    const { done, pending: left } = await wait([failing, pending], { returnWhen: FIRST_EXCEPTION });
    expect([...done]).toEqual([failing]);
    expect([...left]).toEqual([pending]);
    gate.resolve();
  });

  it('is a failure of its TaskGroup, which cancels the other tasks', async () => {
    const steps: string[] = [];
    const gate = deferred();
    const error = await rejection(
      TaskGroup.run((tg) => {
        tg.createTask(throwsUndefined);
        tg.createTask(function* () {
          try {
            yield gate.promise;
          } finally {
            steps.push('sibling stopped');
          }
        });
      }),
    );
    expect(error).toBeInstanceOf(ExceptionGroup);
    expect((error as ExceptionGroup).exceptions).toEqual([undefined]);
    expect(steps).toEqual(['sibling stopped']);
  });

  it('makes waitFor and timeout reject with undefined', async () => {
    expect(await rejection(waitFor(createTask(throwsUndefined), 60_000))).toBeUndefined();
    expect(await rejection(timeout(60_000, throwsUndefined))).toBeUndefined();
  });
});
