import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  createTask,
  Future,
  gather,
  shield,
  sleep,
  TimeoutError,
  wait,
  waitFor,
  type Task,
} from '../src/index.js';
import { drain, rejection } from './helpers.js';

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

// A sleep belongs to the task it is handed to (createTask, shield, wait, gather, waitFor), as
// asyncio's sleep() coroutine runs in the task that wraps it.
describe('who owns a sleep', () => {
  it('a task made from a sleep clears its timer when cancelled', async () => {
    const before = timers();
    const task = createTask(sleep(60_000));
    expect(timers()).toBe(before + 1);
    task.cancel();
    expect(await rejection(task)).toBeInstanceOf(CancelledError);
    expect(timers()).toBe(before);
  });

  it('waitFor(sleep(...)) times out and leaves no timer behind', async () => {
    const before = timers();
    expect(await rejection(waitFor(sleep(60_000), 1))).toBeInstanceOf(TimeoutError);
    expect(timers()).toBe(before);
  });

  it('cancelling a gather of sleeps clears their timers', async () => {
    const before = timers();
    const g = gather(sleep(60_000), sleep(60_000));
    await drain();
    g.cancel();
    await rejection(g);
    expect(timers()).toBe(before);
  });

  it('a sleep made in a task and shielded survives that task being cancelled', async () => {
    let inner: Promise<string> | undefined;
    const caller = createTask(async () => {
      inner = sleep(5, 'slept');
      return await shield(inner);
    });
    await drain();
    caller.cancel();
    expect(await rejection(caller)).toBeInstanceOf(CancelledError);
    expect(await inner).toBe('slept');
  });

  it("wait()'s pending tasks are not cancelled when its caller is, later", async () => {
    let pending: Set<Task<unknown>> | undefined;
    const caller = createTask(async () => {
      ({ pending } = await wait([sleep(60_000)], { timeout: 0 }));
      await sleep(60_000);
    });
    while (pending === undefined) await drain();
    caller.cancel();
    await rejection(caller);
    const [left] = [...pending];
    expect(left!.done()).toBe(false);
    left!.cancel();
    await rejection(left!);
  });

  it('a sleep awaited directly is still cancelled with its task', async () => {
    const before = timers();
    const task = createTask(async () => {
      await sleep(60_000);
    });
    await drain();
    expect(timers()).toBe(before + 1);
    task.cancel();
    expect(await rejection(task)).toBeInstanceOf(CancelledError);
    expect(timers()).toBe(before);
  });
});

describe('cancelling a task made from a future', () => {
  it('cancels the future, as asyncio.wrap_future does', async () => {
    let cancelled = 0;
    const future = new Future<number>(() => cancelled++);
    const task = createTask(future);
    task.cancel();
    expect(await rejection(task)).toBeInstanceOf(CancelledError);
    expect([future.cancelled(), cancelled]).toEqual([true, 1]);
  });

  it('but not a task: shield keeps its inner task running', async () => {
    const inner = createTask(sleep(5, 'kept'));
    const outer = shield(inner);
    outer.cancel();
    await rejection(outer);
    expect(await inner).toBe('kept');
  });
});

describe('an aborted signal with a timeout', () => {
  it('rejects at once and leaves no timer (wait, Future.result)', async () => {
    const before = timers();
    const signal = AbortSignal.abort(new Error('stop'));
    const task = createTask(sleep(60_000));
    expect((await rejection(wait([task], { signal, timeout: 60_000 }))).message).toBe('stop');
    const future = new Future<number>(() => {});
    expect((await rejection(future.result({ signal, timeout: 60_000 }))).message).toBe('stop');
    task.cancel();
    await rejection(task);
    expect(timers()).toBe(before);
  });
});
