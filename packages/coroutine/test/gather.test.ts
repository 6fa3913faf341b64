import { describe, expect, it } from 'vitest';
import { CancelledError, createTask, gather, sleep, Task } from '../src/index.js';
import { deferred, drain, rejection } from './helpers.js';

describe('gather', () => {
  it('resolves the results in argument order, not completion order', async () => {
    const a = deferred<string>();
    const b = deferred<number>();
    const task = gather(a.promise, b.promise, () => true);
    expect(task).toBeInstanceOf(Task);
    b.resolve(2);
    await drain();
    a.resolve('a');
    expect(await task).toEqual(['a', 2, true]);
  });

  it('with no awaitables resolves an empty array', async () => {
    expect(await gather()).toEqual([]);
  });

  it('propagates the first error and leaves the other children running', async () => {
    const steps: string[] = [];
    const slow = createTask(async () => {
      await sleep(60_000);
      steps.push('slow finished');
    });
    const boom = new Error('boom');
    const g = gather(slow, Promise.reject(boom));
    expect(await rejection(g)).toBe(boom);
    expect(g.state).toBe('done');
    expect(slow.state).toBe('running');
    slow.cancel();
    await rejection(slow);
    expect(steps).toEqual([]);
  });

  it('with returnExceptions puts errors and cancellations in place', async () => {
    const boom = new Error('boom');
    const cancelled = createTask(() => sleep(60_000));
    const g = gather(Promise.resolve(1), Promise.reject(boom), cancelled, {
      returnExceptions: true,
    });
    await drain();
    cancelled.cancel('c');
    const [one, err, cerr] = await g;
    expect(one).toBe(1);
    expect(err).toBe(boom);
    expect(cerr).toBeInstanceOf(CancelledError);
  });

  it('without returnExceptions a cancelled child fails the gather with CancelledError; the gather itself is not cancelled', async () => {
    const child = createTask(() => sleep(60_000));
    const other = createTask(() => sleep(60_000));
    const g = gather(child, other);
    await drain();
    child.cancel('child only');
    const error = await rejection(g);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error.message).toBe('child only');
    // As CPython: the gather raises CancelledError but cancelled() is false (it was not cancelled).
    expect([g.cancelled(), g.state, g.done()]).toEqual([false, 'done', true]);
    expect(g.exception()).toBe(error);
    expect(() => g.result()).toThrow(CancelledError);
    expect(other.state).toBe('running');
    other.cancel();
    await rejection(other);
  });

  it('without returnExceptions, cancelling the gather itself ends it cancelled', async () => {
    const g = gather(
      createTask(() => sleep(60_000)),
      createTask(() => sleep(60_000)),
    );
    await drain();
    g.cancel('whole');
    expect((await rejection(g)).message).toBe('whole');
    expect([g.cancelled(), g.state]).toEqual([true, 'cancelled']);
  });

  it('cancelling the gather cancels every child and ends cancelled', async () => {
    const steps: string[] = [];
    const mk = (name: string) =>
      createTask(async () => {
        try {
          await sleep(60_000);
        } finally {
          steps.push(name);
        }
      });
    const g = gather(mk('a'), mk('b'), { returnExceptions: true });
    await drain();
    expect(g.cancel('enough')).toBe(true);
    const error = await rejection(g);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error.message).toBe('enough');
    expect(g.state).toBe('cancelled');
    expect(steps).toEqual(['a', 'b']);
  });

  it('cancelling a task awaiting a gather reaches the children', async () => {
    const steps: string[] = [];
    const outer = createTask(async () => {
      await gather(
        createTask(async () => {
          try {
            await sleep(60_000);
          } finally {
            steps.push('child cleanup');
          }
        }),
      );
    });
    await drain();
    outer.cancel();
    await rejection(outer);
    expect(steps).toEqual(['child cleanup']);
  });

  it('throws TypeError at the call for a bad awaitable or option', () => {
    expect(() => gather(1 as never)).toThrow(TypeError);
    expect(() => gather(Promise.resolve(), 'x' as never)).toThrow(/^gather: argument 1: expected/);
    expect(() => gather(Promise.resolve(1), { returnExceptions: 'yes' as never })).toThrow(
      TypeError,
    );
  });

  it('accepts the same task twice', async () => {
    const t = createTask(() => 3);
    expect(await gather(t, t)).toEqual([3, 3]);
  });

  it('accepts a finished task twice next to a pending one', async () => {
    const done = createTask(() => 1);
    await done;
    const gate = deferred<number>();
    const pending = createTask(() => gate.promise);
    const all = gather(done, pending, done);
    await drain();
    expect(all.done()).toBe(false);
    gate.resolve(2);
    expect(await all).toEqual([1, 2, 1]);
  });
});
