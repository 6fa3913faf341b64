import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, both, broken, loose, rejection, tasks, until } from './helpers.js';

describe.each(both)('%s', (_name, make) => {
  let pool: ReturnType<typeof make>;
  beforeAll(() => {
    pool = make({ module: tasks, maxWorkers: 2 });
  });
  afterAll(() => pool.shutdown());

  it('runs exports by name and self-contained functions, typed from the module', async () => {
    const f = pool.submit('add', 2, 3);
    const g = pool.submit((a: number, b: number) => a * b, 6, 7);
    const sum: number = await f;
    expect(sum).toBe(5);
    expect(await g.result({ timeout: 10_000 })).toBe(42);
    expect(await pool.submit(async (x: string) => `${x}!`, 'hi')).toBe('hi!');
    expect(f.state).toBe('FINISHED');
  });

  it("keeps a task error's name, message, stack, code and cause", async () => {
    const error = await rejection(pool.submit('fail', 'bad input', 'E_BAD'));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.name).toBe('RangeError');
    expect(error.message).toBe('bad input');
    expect(error.code).toBe('E_BAD');
    expect(error.stack).toContain('tasks.mjs');
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.cause.message).toBe('inner');
    const future = pool.submit('fail', 'again', 'E_AGAIN');
    expect((await future.exception()) as Error).toMatchObject({
      message: 'again',
      code: 'E_AGAIN',
    });
    // A system error keeps its own fields, as a caller in one thread would see them.
    const missing = await rejection(pool.submit('readMissing', '/no/such/skein/file'));
    expect(missing).toMatchObject({
      code: 'ENOENT',
      syscall: 'open',
      path: '/no/such/skein/file',
      errno: expect.any(Number) as number,
    });
  });

  it('names the export and the module when an export is unknown', async () => {
    const error = await rejection(loose(pool).submit('nope', 1, 2));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain("'nope'");
    expect(error.message).toContain('tasks.mjs');
    expect((await rejection(loose(pool).submit('notAFunction', 1, 2))).message).toContain(
      "'notAFunction'",
    );
  });

  it('throws DataCloneError at submit for a value that cannot cross, and a TypeError for a non-function', () => {
    expect(() => pool.submit('identity', () => 1)).toThrow(
      expect.objectContaining({ name: 'DataCloneError' }) as Error,
    );
    expect(() => pool.submit('identity', { nested: [Symbol('s')] })).toThrow(
      /DataCloneError|cannot be cloned/,
    );
    expect(() => loose(pool).submit(42 as never)).toThrow(TypeError);
    // A socket: one short line naming it, not the source of the listener V8 failed on.
    const socket = new Socket();
    let refused: Error | undefined;
    try {
      loose(pool).submit('identity', socket);
    } catch (error) {
      refused = error as Error;
    }
    expect(refused?.name).toBe('DataCloneError');
    expect(refused?.message).toContain('a Socket');
    expect(refused?.message).not.toContain('\n');
    socket.destroy();
  });

  it('fails only the task whose result cannot be cloned back, with DataCloneError', async () => {
    const [bad, good] = await Promise.allSettled([
      pool.submit(() => () => 1),
      pool.submit('add', 1, 1),
    ]);
    expect(bad.status === 'rejected' && (bad.reason as Error).name).toBe('DataCloneError');
    expect(good).toEqual({ status: 'fulfilled', value: 2 });
  });

  it('rejects functions that cannot be shipped, and hints at closures', async () => {
    expect(() => pool.submit(Math.max, 1, 2)).toThrow(/native or bound/);
    const object = {
      method(this: void, x: number) {
        return x;
      },
    };
    expect(() => pool.submit(object.method, 1)).toThrow(/method shorthand/);
    const outer = 5;
    const error = await rejection(pool.submit((x: number) => x + outer, 1));
    expect(error).toBeInstanceOf(ReferenceError);
    expect(error.message).toMatch(/cannot use variables of the scope/);
  });

  it('map yields in input order under random task durations, with and without chunks', async () => {
    const items = Array.from({ length: 40 }, (_, i) => i);
    const delays = items.map((i) => [i, (i * 7919) % 13] as const);
    for (const chunksize of [1, 3, 40]) {
      const out: number[] = [];
      for await (const v of pool.map(
        (p: readonly [number, number]) => new Promise<number>((r) => setTimeout(r, p[1], p[0])),
        delays,
        { chunksize },
      )) {
        out.push(v);
      }
      expect(out).toEqual(items);
    }
  });

  it('map hands chunks of numbers over and back packed, and yields the same values as unpacked ones', async () => {
    const numbers = Array.from({ length: 500 }, (_, i) => (i === 7 ? -0 : i === 8 ? NaN : i / 4));
    const collect = async <T>(source: AsyncIterable<T>): Promise<T[]> => {
      const out: T[] = [];
      for await (const v of source) out.push(v);
      return out;
    };
    // Numbers in, numbers out (both ways packed); numbers in, strings out; mixed in, numbers out.
    expect(await collect(pool.map('identity', numbers, { chunksize: 100 }))).toEqual(numbers);
    expect(await collect(pool.map((x: number) => typeof x, numbers, { chunksize: 100 }))).toEqual(
      numbers.map(() => 'number'),
    );
    const mixed = numbers.map((x, i) => (i % 99 === 0 ? String(x) : x));
    expect(
      await collect(pool.map((x: number | string) => Number(x) * 2, mixed, { chunksize: 250 })),
    ).toEqual(mixed.map((x) => Number(x) * 2));
    const seen = await rejection(
      collect(
        pool.map(
          (x: number) => {
            if (x === 100) throw new RangeError('hundred');
            return x;
          },
          numbers.map((_, i) => i),
          { chunksize: 128 },
        ),
      ),
    );
    expect(seen).toBeInstanceOf(RangeError);
  });

  it('map reads async iterables; mapUnordered yields everything in completion order', async () => {
    async function* gen(): AsyncGenerator<number> {
      for (let i = 0; i < 5; i++) yield i;
    }
    const out: unknown[] = [];
    for await (const v of pool.map('identity', gen(), { chunksize: 2 })) out.push(v);
    expect(out).toEqual([0, 1, 2, 3, 4]);
    const unordered: unknown[] = [];
    for await (const v of pool.mapUnordered('sleep', [60, 1])) unordered.push(v);
    expect(unordered).toEqual([undefined, undefined]);
    const order: number[] = [];
    for await (const v of pool.mapUnordered(
      (ms: number) => new Promise<number>((r) => setTimeout(r, ms, ms)),
      [300, 1],
    ))
      order.push(v);
    expect(order).toEqual([1, 300]);
  });

  it('map throws a task error at its place and a TimeoutError after timeout', async () => {
    const seen: number[] = [];
    const error = await rejection(
      (async () => {
        for await (const v of pool.map(
          (x: number) => {
            if (x === 2) throw new Error('two');
            return x;
          },
          [0, 1, 2, 3],
        ))
          seen.push(v);
      })(),
    );
    expect(seen).toEqual([0, 1]);
    expect(error.message).toBe('two');
    const timeout = await rejection(
      (async () => {
        for await (const _ of pool.map('sleep', [5_000], { timeout: 50 })) void _;
      })(),
    );
    expect(timeout).toBeInstanceOf(api.TimeoutError);
  });

  it('map(...).toArray() collects what is left in input order and rejects with the first task error', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const results = pool.map((x: number) => x * 2, items, { chunksize: 64 });
    const first = await results.next();
    expect(first).toEqual({ value: 0, done: false });
    expect(await results.toArray()).toEqual(items.slice(1).map((x) => x * 2));
    expect(await results.next()).toEqual({ value: undefined, done: true });
    const failing = pool.map(
      (x: number) => {
        if (x === 700) throw new Error('seven hundred');
        return x;
      },
      items,
      { chunksize: 50 },
    );
    expect((await rejection(failing.toArray())).message).toBe('seven hundred');
  });

  it('validates options', () => {
    expect(() => make({ maxWorkers: 0 })).toThrow(RangeError);
    expect(() => make({ maxWorkers: 1.5 })).toThrow(RangeError);
    expect(() => make({ maxTasksPerWorker: -1 })).toThrow(RangeError);
    expect(() => make({ initializer: 'init' })).toThrow(TypeError);
  });

  it('runs the initializer with initargs in every worker', async () => {
    await using p = make({
      module: tasks,
      maxWorkers: 2,
      initializer: 'init',
      initargs: ['ready'],
    });
    const got = await Promise.all([p.submit('getInit'), p.submit('getInit'), p.submit('getInit')]);
    expect(got).toEqual(['ready', 'ready', 'ready']);
  });

  it('breaks the executor once when the initializer fails', async () => {
    await using p = make({ module: tasks, maxWorkers: 2, initializer: 'badInit' });
    const errors = await Promise.all([
      rejection(p.submit('add', 1, 1)),
      rejection(p.submit('add', 2, 2)),
    ]);
    expect(errors[0]).toBeInstanceOf(api.BrokenExecutorError);
    expect(errors[0].cause.message).toBe('init failed');
    expect(await rejection(p.submit('add', 3, 3))).toBe(errors[0]);
  });

  it("reports a module that fails to load with the loader's error, once", async () => {
    await using p = make({ module: broken, maxWorkers: 2 });
    const errors = await Promise.all([
      rejection(loose(p).submit('x')),
      rejection(loose(p).submit('y')),
    ]);
    expect(errors[0]).toBeInstanceOf(SyntaxError);
    expect(errors[0].message).toBe('broken on purpose');
    expect(errors[1]).toBe(errors[0]);
    expect(await rejection(loose(p).submit('z'))).toBe(errors[0]);
  });

  it('breaks instead of respawning forever when workers die while loading the module', async () => {
    await using p = make({
      module: new URL('./fixtures/exits.mjs', import.meta.url),
      maxWorkers: 2,
    });
    const error = await rejection(loose(p).submit('x'));
    expect(error).toBeInstanceOf(api.BrokenExecutorError);
    expect(error.message).toMatch(/exited with code 9 before it was ready/);
    expect(await rejection(loose(p).submit('y'))).toBe(error);
  });

  it('replaces a worker after maxTasksPerWorker tasks', async () => {
    await using p = make({ module: tasks, maxWorkers: 1, maxTasksPerWorker: 3 });
    const counts: number[] = [];
    for (let i = 0; i < 7; i++) counts.push(await p.submit('count'));
    expect(counts).toEqual([1, 2, 3, 1, 2, 3, 1]);
    const burst = await Promise.all(Array.from({ length: 9 }, () => p.submit('count')));
    expect(burst.filter((c) => c === 1)).toHaveLength(3);
  });

  it('lets idle workers go after idleTimeout and starts new ones for new work', async () => {
    await using p = make({ module: tasks, maxWorkers: 1, idleTimeout: 20 });
    expect(await p.submit('count')).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await p.submit('count')).toBe(1);
  });

  it('rejects submits beyond maxQueue while map waits for room', async () => {
    await using p = make({ module: tasks, maxWorkers: 1, maxQueue: 2 });
    const running = p.submit('sleep', 100, 'a');
    await until(() => running.running(), 'the first task to start');
    const queued = [p.submit('add', 1, 1), p.submit('add', 2, 2)];
    expect(await rejection(p.submit('add', 3, 3))).toBeInstanceOf(api.QueueFullError);
    expect(await running).toBe('a');
    expect(await Promise.all(queued)).toEqual([2, 4]);
    const out: unknown[] = [];
    for await (const v of p.map(
      'identity',
      Array.from({ length: 20 }, (_, i) => i),
    ))
      out.push(v);
    expect(out).toHaveLength(20);
  });

  it('counts tasks handed to a busy worker but not started as waiting for maxQueue', async () => {
    await using p = make({ module: tasks, maxWorkers: 1, maxQueue: 2 });
    const stop = new AbortController();
    const running = p.submitWith({ signal: stop.signal }, 'sleep', 60_000, 'a');
    await until(() => running.running(), 'the first task to start');
    const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
    // Each one goes to the busy worker in the pool's next microtask: it waits there, not in the queue.
    const queued = [p.submit('add', 1, 1)];
    await tick();
    queued.push(p.submit('add', 2, 2));
    await tick();
    expect(queued.map((f) => f.state)).toEqual(['PENDING', 'PENDING']);
    expect(await rejection(p.submit('add', 3, 3))).toBeInstanceOf(api.QueueFullError);
    // A cancelled one frees its place.
    expect(queued.pop()!.cancel()).toBe(true);
    queued.push(p.submit('add', 3, 3));
    expect(await rejection(p.submit('add', 4, 4))).toBeInstanceOf(api.QueueFullError);
    stop.abort(new Error('stop'));
    expect((await rejection(running)).message).toBe('stop');
    expect(await Promise.all(queued)).toEqual([2, 6]);
  });

  it('gives one task its own timeout or signal without touching the others', async () => {
    await using p = make({ module: tasks, maxWorkers: 1 });
    const slow = p.submitWith({ timeout: 50 }, 'spin', 10_000, 'never');
    const next = p.submit('add', 1, 2);
    expect(await rejection(slow)).toBeInstanceOf(api.TimeoutError);
    expect(await next).toBe(3);
    const controller = new AbortController();
    const queued = p.submitWith({ signal: controller.signal }, 'add', 1, 1);
    controller.abort(new Error('stop'));
    expect((await rejection(queued)).message).toBe('stop');
  });

  it('rejects submit after shutdown, and shuts down with nothing left running', async () => {
    const p = make({ module: tasks, maxWorkers: 2 });
    const f = p.submit('sleep', 30, 'done');
    await p.shutdown();
    expect(await f).toBe('done');
    expect(await rejection(p.submit('add', 1, 1))).toBeInstanceOf(api.ExecutorShutdownError);
    await p.shutdown();
  });

  it('shutdown waits with a timeout or signal like every other wait', async () => {
    const p = make({ module: tasks, maxWorkers: 1 });
    const slow = p.submit('sleep', 300, 'slow');
    expect(await rejection(p.shutdown({ timeout: 10 }))).toBeInstanceOf(api.TimeoutError);
    const controller = new AbortController();
    const waiting = p.shutdown({ signal: controller.signal });
    controller.abort(new Error('enough'));
    expect((await rejection(waiting)).message).toBe('enough');
    expect(await slow).toBe('slow');
    await p.shutdown({ timeout: 10_000 });
  });

  it('shutdown({ cancelFutures }) cancels what has not started', async () => {
    const p = make({ module: tasks, maxWorkers: 1 });
    const first = p.submit('sleep', 100, 1);
    await until(() => first.running(), 'the first task to start');
    const rest = Array.from({ length: 5 }, (_, i) => p.submit('add', i, 0));
    await p.shutdown({ cancelFutures: true });
    expect(await first).toBe(1);
    expect(rest.every((f) => f.cancelled())).toBe(true);
    expect(await rejection(rest[0]!)).toBeInstanceOf(api.CancelledError);
  });
});

describe.each(both)('%s, more of CPython’s test_concurrent_futures', (_name, make) => {
  it('reuses an idle worker instead of starting another (test_idle_process_reuse)', async () => {
    await using pool = make({ module: tasks, maxWorkers: 4 });
    const pids = new Set<string>();
    for (let i = 0; i < 5; i++) pids.add(await pool.submit('whoAmI'));
    expect(pids.size).toBe(1);
  });

  it('shutdown({ wait: false }) returns at once and the submitted tasks still complete', async () => {
    const pool = make({ module: tasks, maxWorkers: 2 });
    const futures = [
      pool.submit('sleep', 50, 'a'),
      pool.submit('sleep', 50, 'b'),
      pool.submit('add', 1, 1),
    ];
    await pool.shutdown({ wait: false });
    expect(futures.some((f) => !f.done())).toBe(true);
    expect(await Promise.all(futures)).toEqual(['a', 'b', 2]);
    await pool.shutdown();
  });

  it('asCompleted with a zero timeout yields what is done, then throws TimeoutError', async () => {
    await using pool = make({ module: tasks, maxWorkers: 1 });
    const done = pool.submit('add', 1, 1);
    await done;
    const pending = pool.submit('sleep', 200, 'x');
    const seen: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const f of api.asCompleted([done, pending], { timeout: 0 })) seen.push(await f);
      })(),
    );
    expect(seen).toEqual([2]);
    expect(error).toBeInstanceOf(api.TimeoutError);
    expect((await api.wait([pending], { timeout: 0 })).notDone.has(pending)).toBe(true);
  });

  it('keeps at most maxWorkers workers busy under a burst', async () => {
    await using pool = make({ module: tasks, maxWorkers: 2 });
    const ids = await Promise.all(Array.from({ length: 40 }, () => pool.submit('whoAmI')));
    expect(new Set(ids).size).toBeLessThanOrEqual(2);
  });
});

describe('ProcessPoolExecutor, cancelling right after a loop of submits', () => {
  it('every task is still cancellable: a child that may be running cannot give one back, so none is handed over early', async () => {
    await using p = new api.ProcessPoolExecutor({ module: tasks, maxWorkers: 1 });
    expect(await p.submit('add', 1, 1)).toBe(2); // the child is up and idle
    const futures = Array.from({ length: 200 }, (_, i) => p.submit('add', i, 0));
    expect(futures.map((f) => f.cancel())).toEqual(futures.map(() => true));
    const settled = await Promise.allSettled(futures);
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
  });
});
