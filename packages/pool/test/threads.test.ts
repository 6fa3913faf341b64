import { SharedQueue } from '@skein/queue';
import { Lock, SharedArray, SharedValue } from '@skein/sync';
import { describe, expect, it } from 'vitest';
import { api, tasks, type Tasks, workerResources } from './helpers.js';

describe('ThreadPoolExecutor specifics', () => {
  it('revives @skein/sync objects passed as task arguments', async () => {
    await using pool = new api.ThreadPoolExecutor<Tasks>({ module: tasks, maxWorkers: 2 });
    const lock = new Lock();
    const counter = new SharedValue('int32', 0);
    await Promise.all(Array.from({ length: 50 }, () => pool.submit('lockAndAdd', lock, counter)));
    expect(counter.value).toBe(50);
  });

  it('loads the revivers when a batch first brings a handle, keeping task order around it', async () => {
    await using pool = new api.ThreadPoolExecutor<Tasks>({ module: tasks, maxWorkers: 1 });
    const counter = new SharedValue('int32', 0);
    const order = [
      pool.submit('identity', 'before'),
      pool.submit('lockAndAdd', new Lock(), counter),
      pool.submit('identity', 'after'),
    ];
    expect(await Promise.all(order)).toEqual(['before', 1, 'after']);
    expect(counter.value).toBe(1);
  });

  it('revives a SharedQueue passed as a task argument: workers put, the main thread gets', async () => {
    await using pool = new api.ThreadPoolExecutor<Tasks>({ module: tasks, maxWorkers: 2 });
    const queue = new SharedQueue<number>({ maxsize: 8 });
    const puts = [0, 100, 200].map((from) => pool.submit('putAll', queue, from, 50));
    const got: number[] = [];
    for (let i = 0; i < 150; i++) got.push(await queue.get({ timeout: 10_000 }));
    expect(await Promise.all(puts)).toEqual([50, 50, 50]);
    expect(got.sort((a, b) => a - b)).toEqual([
      ...Array.from({ length: 50 }, (_, i) => i),
      ...Array.from({ length: 50 }, (_, i) => 100 + i),
      ...Array.from({ length: 50 }, (_, i) => 200 + i),
    ]);
  });

  it('transfers ArrayBuffers with submitWith({ transfer }) instead of copying them', async () => {
    await using pool = new api.ThreadPoolExecutor<Tasks>({ module: tasks, maxWorkers: 1 });
    const buffer = new ArrayBuffer(1024);
    expect(await pool.submitWith({ transfer: [buffer] }, 'byteLength', buffer)).toBe(1024);
    expect(buffer.byteLength).toBe(0); // detached: it moved
    const copied = new ArrayBuffer(8);
    expect(await pool.submit('byteLength', copied)).toBe(8);
    expect(copied.byteLength).toBe(8);
  });

  it('a worker parked between tasks still runs the timers a task left behind, then takes new tasks', async () => {
    await using pool = new api.ThreadPoolExecutor({ maxWorkers: 1 });
    const word = new Int32Array(new SharedArrayBuffer(4));
    const leaveTimer = (buffer: SharedArrayBuffer): string => {
      setTimeout(() => {
        Atomics.store(new Int32Array(buffer), 0, 1);
        Atomics.notify(new Int32Array(buffer), 0);
      }, 1);
      return 'answered';
    };
    for (let round = 0; round < 5; round++) {
      Atomics.store(word, 0, 0);
      expect(await pool.submit(leaveTimer, word.buffer)).toBe('answered');
      // No task follows: the worker parks, and must leave the park for its timer.
      const { async, value } = Atomics.waitAsync(word, 0, 0, 10_000);
      expect(async ? await value : value).not.toBe('timed-out');
    }
  });

  it('runs tasks on at most maxWorkers threads, several at once', async () => {
    await using pool = new api.ThreadPoolExecutor<Tasks>({ module: tasks, maxWorkers: 2 });
    const ids = await Promise.all(Array.from({ length: 200 }, () => pool.submit('threadIdOf')));
    expect(new Set(ids).size).toBe(2);
  });

  it('100k tiny tasks submitted at once all complete, in order of their futures', async () => {
    await using pool = new api.ThreadPoolExecutor<Tasks>({ module: tasks, maxWorkers: 2 });
    const futures = Array.from({ length: 100_000 }, (_, i) => pool.submit('add', i, 1));
    const results = await Promise.all(futures);
    expect(results.every((v, i) => v === i + 1)).toBe(true);
  });

  it.each(['ThreadPoolExecutor', 'ProcessPoolExecutor'] as const)(
    '%s leaves no worker or handle behind after shutdown',
    async (kind) => {
      const before = workerResources().length;
      const pool = new api[kind]<Tasks>({ module: tasks, maxWorkers: 2 });
      await Promise.all([
        pool.submit('add', 1, 1),
        pool.submit('sleep', 20, 1),
        pool.submit('add', 2, 2),
      ]);
      await pool.shutdown();
      expect(workerResources().length).toBeLessThanOrEqual(before);
    },
  );
});

describe('ThreadPoolExecutor load balancing', () => {
  it('moves tasks a busy worker has not started to a worker that ran dry', async () => {
    await using pool = new api.ThreadPoolExecutor<Tasks>({ module: tasks, maxWorkers: 2 });
    await Promise.all([pool.submit('add', 1, 1), pool.submit('add', 1, 1)]);
    const long = pool.submit('spin', 1_500, 'long');
    const short = Array.from({ length: 12 }, (_, i) => pool.submit('spin', 5, i));
    // Whichever worker got tasks queued behind the long one gives them up to the other.
    expect(await Promise.all(short)).toEqual(short.map((_, i) => i));
    expect(long.done()).toBe(false);
    expect(await long).toBe('long');
  });
});

describe('ThreadPoolExecutor cancellation race', () => {
  it('a future whose cancel() returned true never ran; every other one ran exactly once', async () => {
    await using pool = new api.ThreadPoolExecutor({ maxWorkers: 2 });
    const n = 3_000;
    const ran = new SharedArray('int32', n);
    const futures = Array.from({ length: n }, (_, i) =>
      pool.submit(
        (marks: SharedArray<'int32'>, index: number) => marks.set(index, marks.get(index) + 1),
        ran,
        i,
      ),
    );
    const cancelled = new Set<number>();
    for (let round = 0; round < 30; round++) {
      await new Promise((r) => setImmediate(r));
      for (let i = (round * 7919) % 97; i < n; i += 97) if (futures[i]!.cancel()) cancelled.add(i);
    }
    await Promise.allSettled(futures);
    for (let i = 0; i < n; i++) {
      expect(futures[i]!.cancelled()).toBe(cancelled.has(i));
      expect(ran.get(i)).toBe(cancelled.has(i) ? 0 : 1);
    }
    expect(cancelled.size).toBeGreaterThan(0);
  });
});
