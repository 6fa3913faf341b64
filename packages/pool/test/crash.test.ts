import { describe, expect, it } from 'vitest';
import { api, both, rejection, tasks, until } from './helpers.js';

describe.each(both)('crash recovery of %s', (_name, make) => {
  it.each([
    ['calls process.exit', 'exit', [7]],
    ['throws at top level (uncaught)', 'throwLater', ['top level']],
  ] as const)(
    'a worker that %s fails only its own task and is replaced',
    async (_what, fn, args) => {
      await using pool = make({ module: tasks, maxWorkers: 1 });
      const before = pool.submit('spin', 100, 'before');
      const crasher = pool.submit(fn, ...(args as [number]));
      const after = Array.from({ length: 5 }, (_, i) => pool.submit('add', i, 10));
      expect(await before).toBe('before');
      const error = await rejection(crasher);
      expect(error).toBeInstanceOf(api.WorkerCrashedError);
      expect(error.code).toBe('ERR_WORKER_CRASHED');
      expect(await Promise.all(after)).toEqual([10, 11, 12, 13, 14]);
    },
  );
});

describe.each(both)('crash recovery of %s in the middle of a batch', (_name, make) => {
  it('blames only the task that exited, even right after many tiny tasks', async () => {
    await using pool = make({ module: tasks, maxWorkers: 1 });
    for (let round = 0; round < 3; round++) {
      const before = Array.from({ length: 30 }, (_, i) => pool.submit('add', i, 0));
      const crasher = pool.submit('exit', 1);
      const after = Array.from({ length: 30 }, (_, i) => pool.submit('add', i, 100));
      expect(await Promise.all(before)).toEqual(before.map((_, i) => i));
      expect(await rejection(crasher)).toBeInstanceOf(api.WorkerCrashedError);
      expect(await Promise.all(after)).toEqual(after.map((_, i) => i + 100));
    }
  });
});

describe('crash recovery of ThreadPoolExecutor with answers still in the worker', () => {
  it('answers held behind a task never timed here go out before it, so its crash loses none', async () => {
    for (let round = 0; round < 3; round++) {
      await using pool = new api.ThreadPoolExecutor({ maxWorkers: 1 });
      const done = [1, 2, 3, 4, 5].map((i) => pool.submit((x: number) => x * 10, i));
      const crasher = pool.submit(() => process.exit(7));
      expect(await Promise.all(done)).toEqual([10, 20, 30, 40, 50]);
      expect(await rejection(crasher)).toBeInstanceOf(api.WorkerCrashedError);
    }
  });

  it('tasks finished but unreported when a worker is stopped run again; only the stopped task fails', async () => {
    await using pool = new api.ThreadPoolExecutor({ maxWorkers: 1 });
    const block = (gate: Int32Array): number => (Atomics.wait(gate, 0, 0), 1);
    const open = new Int32Array(new SharedArrayBuffer(4));
    open[0] = 1;
    // Timed as tiny here, so the worker keeps finished answers in its batch before running it.
    await Promise.all([pool.submit(block, open), pool.submit(block, open)]);
    const runs = new Int32Array(new SharedArrayBuffer(4));
    const count = (counter: Int32Array, x: number): number => (Atomics.add(counter, 0, 1), x * 10);
    await pool.submit(count, runs, 0);
    const done = [1, 2, 3, 4, 5].map((i) => pool.submit(count, runs, i));
    const stuck = pool.submitWith(
      { timeout: 100 },
      block,
      new Int32Array(new SharedArrayBuffer(4)),
    );
    expect(await rejection(stuck)).toBeInstanceOf(api.TimeoutError);
    expect(await Promise.all(done)).toEqual([10, 20, 30, 40, 50]);
    expect(runs[0]).toBe(1 + 5 + 5); // their answers died with the worker: they ran again
  });
});

describe.each(both)('crash recovery of %s under load', (_name, make) => {
  it('fails exactly the tasks that killed their worker, across two workers', async () => {
    await using pool = make({ module: tasks, maxWorkers: 2 });
    const futures = Array.from({ length: 240 }, (_, i) => pool.submit('exitEvery', i + 1, 40));
    const settled = await Promise.allSettled(futures);
    settled.forEach((s, i) => {
      if ((i + 1) % 40 === 0)
        expect(s.status === 'rejected' && s.reason instanceof api.WorkerCrashedError).toBe(true);
      else expect(s).toEqual({ status: 'fulfilled', value: i + 1 });
    });
  });
});

describe('crash recovery of ThreadPoolExecutor', () => {
  it('a worker that runs out of memory fails only its own task', async () => {
    await using pool = new api.ThreadPoolExecutor({
      module: tasks,
      maxWorkers: 1,
      resourceLimits: { maxOldGenerationSizeMb: 32 },
    });
    const oom = pool.submit('hog');
    const next = pool.submit('add', 1, 1);
    const error = await rejection(oom);
    expect(error).toBeInstanceOf(api.WorkerCrashedError);
    expect(error.cause?.code).toBe('ERR_WORKER_OUT_OF_MEMORY');
    expect(await next).toBe(2);
  });
});

describe('crash recovery of ProcessPoolExecutor', () => {
  it('kill -9 of a child fails only the task it was running', async () => {
    await using pool = new api.ProcessPoolExecutor({ module: tasks, maxWorkers: 1 });
    const pid = (await pool.submit('pid')) as number;
    const victim = pool.submit('sleep', 10_000);
    const next = pool.submit('add', 2, 3);
    await until(() => victim.running(), 'the task to run');
    await new Promise((r) => setTimeout(r, 50));
    process.kill(pid, 'SIGKILL');
    const error = await rejection(victim);
    expect(error).toBeInstanceOf(api.WorkerCrashedError);
    expect(error.signal).toBe('SIGKILL');
    expect(await next).toBe(5);
    expect(await pool.submit('pid')).not.toBe(pid);
  });
});
