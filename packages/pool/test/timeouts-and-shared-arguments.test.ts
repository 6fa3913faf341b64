import { Event, Lock, SharedValue } from '@skein/sync';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, both, rejection, tasks, type Tasks } from './helpers.js';

describe('timeout: Infinity waits forever (as in @skein/sync)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('in result, submitWith, map and idleTimeout, and so does a timeout beyond setTimeout’s limit', async () => {
    await using pool = new api.ThreadPoolExecutor<Tasks>({
      module: tasks,
      maxWorkers: 1,
      idleTimeout: Infinity,
    });
    const worker = await pool.submit('threadIdOf');
    vi.useFakeTimers();
    const event = new Event();
    const wait = (e: Event) => e.wait();
    const task = pool.submitWith({ timeout: Infinity }, wait, event);
    const farTask = pool.submitWith({ timeout: 2 ** 31 }, wait, event);
    const result = task.result({ timeout: Infinity });
    const far = task.result({ timeout: 2 ** 32 });
    const mapped = pool.map(wait, [event], { timeout: Infinity }).toArray();
    const outcomes: string[] = [];
    for (const [what, p] of Object.entries({ task, farTask, result, far, mapped }))
      void Promise.resolve(p).then(
        () => outcomes.push(`${what} resolved`),
        () => outcomes.push(`${what} rejected`),
      );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(outcomes).toEqual([]);
    vi.useRealTimers();
    event.set();
    expect(await result).toBe(true);
    expect(await far).toBe(true);
    expect(await farTask).toBe(true);
    expect(await mapped).toEqual([true]);
    expect(await pool.submit('threadIdOf')).toBe(worker); // not retired as idle
  });

  it('a timeout beyond setTimeout’s limit is waited out in full, not cut to 24.8 days', async () => {
    await using pool = new api.ThreadPoolExecutor({ maxWorkers: 1 });
    await pool.submit(() => 0);
    vi.useFakeTimers();
    const event = new Event();
    const task = pool.submitWith({ timeout: 2 ** 32 }, (e: Event) => e.wait(), event);
    const outcomes: string[] = [];
    const watch = (what: string, p: PromiseLike<unknown>): void =>
      void Promise.resolve(p).then(
        () => outcomes.push(`${what} resolved`),
        (e: unknown) => outcomes.push(`${what} ${(e as Error).name}`),
      );
    watch('task', task);
    watch('result', task.result({ timeout: 2 ** 31 + 1000 }));
    await vi.advanceTimersByTimeAsync(2 ** 31);
    expect(outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(outcomes).toEqual(['result TimeoutError']);
    vi.useRealTimers();
    event.set();
    expect(await task).toBe(true);
  });
});

describe('@skein/sync objects as map items', () => {
  it('arrive shared in a thread pool, in map and in Pool.starmap', async () => {
    await using pool = new api.ThreadPoolExecutor({ maxWorkers: 2 });
    const hits = new SharedValue('int32', 0);
    const bump = (v: SharedValue) => v.withLock(() => (v.value = (v.value as number) + 1));
    expect((await pool.map(bump, [hits, hits, hits]).toArray()).sort()).toEqual([1, 2, 3]);
    expect(hits.value).toBe(3);
    const mp = new api.Pool({ processes: 2, kind: 'thread' });
    const add = (v: SharedValue, n: number) =>
      v.withLock(() => (v.value = (v.value as number) + n));
    const sums = await mp.starmap(add, [
      [hits, 10],
      [hits, 20],
    ]);
    expect(sums.every((s) => typeof s === 'number' && !Number.isNaN(s))).toBe(true);
    expect(hits.value).toBe(33);
    mp.close();
    await mp.join();
  });

  it('are refused with DataCloneError by a process pool, as submit refuses them', async () => {
    await using pool = new api.ProcessPoolExecutor({ maxWorkers: 1 });
    const error = await rejection(pool.map((l: Lock) => typeof l, [new Lock()]).toArray());
    expect(error.name).toBe('DataCloneError');
    expect(error.message).toMatch(/^map: .*Lock shares memory between threads/);
    const mp = new api.Pool({ processes: 1, kind: 'process' });
    const starmap = await rejection(mp.starmap((l: Lock, n: number) => n, [[new Lock(), 1]]));
    expect(starmap.name).toBe('DataCloneError');
    mp.terminate();
    await mp.join();
  });
});

describe('SharedArrayBuffer arguments', () => {
  it('throw DataCloneError at submit in a process pool, also inside objects and as a view', async () => {
    await using pool = new api.ProcessPoolExecutor<Tasks>({ module: tasks, maxWorkers: 1 });
    const shared = new SharedArrayBuffer(8);
    for (const arg of [shared, { nested: [new Int32Array(shared)] }]) {
      let error: unknown;
      try {
        pool.submit('identity', arg);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DOMException);
      expect((error as DOMException).name).toBe('DataCloneError');
      expect((error as DOMException).message).toMatch(
        /SharedArrayBuffer .*only threads share memory/,
      );
    }
    expect(
      () => new api.ProcessPoolExecutor({ module: tasks, initializer: 'init', initargs: [shared] }),
    ).toThrow(/initargs: a SharedArrayBuffer/);
    expect(await pool.submit('byteLength', new ArrayBuffer(8))).toBe(8);
  });

  it('still share memory with a thread pool', async () => {
    await using pool = new api.ThreadPoolExecutor({ maxWorkers: 1 });
    const words = new Int32Array(new SharedArrayBuffer(8));
    await pool.submit((w: Int32Array) => Atomics.store(w, 0, 42), words);
    expect(words[0]).toBe(42);
  });
});

describe.each(both)('maxQueue on %s', (_name, make) => {
  it('counts only tasks that wait for a worker, not those idle workers are about to take', async () => {
    await using pool = make({ module: tasks, maxWorkers: 2, maxQueue: 1 });
    // Two idle workers (one still to start) take the first two; the third waits; the fourth does not fit.
    const futures = [0, 1, 2, 3].map((i) => pool.submit('add', i, 0));
    expect(futures.map((f) => f.done())).toEqual([false, false, false, true]);
    expect(await rejection(futures[3]!)).toBeInstanceOf(api.QueueFullError);
    expect(await Promise.all(futures.slice(0, 3))).toEqual([0, 1, 2]);
  });
});
