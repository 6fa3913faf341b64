import { describe, expect, it } from 'vitest';
import { api, rejection, tasks, type Tasks } from './helpers.js';

describe.each(['thread', 'process'] as const)("Pool({ kind: '%s' })", (kind) => {
  it('apply, map, starmap, imap and imapUnordered', async () => {
    await using pool = new api.Pool<Tasks>({ processes: 2, module: tasks, kind });
    expect(pool.processes).toBe(2);
    expect(pool.kind).toBe(kind);
    expect(await pool.apply('add', [1, 2])).toBe(3);
    expect(await pool.apply((a: number) => a * 2, [21])).toBe(42);
    const items = Array.from({ length: 25 }, (_, i) => i);
    expect(await pool.map((x: number) => x * x, items)).toEqual(items.map((x) => x * x));
    expect(await pool.map('identity', items, 7)).toEqual(items);
    expect(
      await pool.starmap('add', [
        [1, 2],
        [3, 4],
      ]),
    ).toEqual([3, 7]);
    const lazy: number[] = [];
    for await (const v of pool.imap((x: number) => x + 1, [1, 2, 3])) lazy.push(v);
    expect(lazy).toEqual([2, 3, 4]);
    const unordered: unknown[] = [];
    for await (const v of pool.imapUnordered('identity', [3, 1, 2], 2)) unordered.push(v);
    expect((unordered as number[]).sort()).toEqual([1, 2, 3]);
  });

  it('map collects large chunks into one plain array, and rejects with the first error', async () => {
    await using pool = new api.Pool<Tasks>({ processes: 2, module: tasks, kind });
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const squares = await pool.map((x: number) => x * x, items);
    expect(Array.isArray(squares)).toBe(true);
    expect(squares).toEqual(items.map((x) => x * x));
    expect(await pool.map((x: number) => `${x}`, items, 300)).toEqual(items.map(String));
    const error = await rejection(
      pool.map((x: number) => {
        if (x === 600) throw new RangeError('six hundred');
        return x;
      }, items),
    );
    expect(error.message).toBe('six hundred');
  });

  it('applyAsync, mapAsync and starmapAsync return AsyncResults and call their callbacks', async () => {
    await using pool = new api.Pool<Tasks>({ processes: 2, module: tasks, kind });
    const got: unknown[] = [];
    const r = pool.applyAsync('add', [2, 2], { callback: (v) => got.push(v) });
    expect(r.ready()).toBe(false);
    expect(() => r.successful()).toThrow(RangeError);
    expect(await r.get({ timeout: 10_000 })).toBe(4);
    expect(r.ready()).toBe(true);
    expect(r.successful()).toBe(true);
    expect(got).toEqual([4]);
    const errors: unknown[] = [];
    const bad = pool.applyAsync('fail', ['nope', 'E'], { errorCallback: (e) => errors.push(e) });
    await bad.wait();
    expect(bad.successful()).toBe(false);
    expect((await rejection(bad.get())).message).toBe('nope');
    expect(errors).toHaveLength(1);
    expect(await pool.mapAsync('identity', [1, 2, 3], { chunksize: 2 }).get()).toEqual([1, 2, 3]);
    expect(await pool.starmapAsync('add', [[1, 1]]).get()).toEqual([2]);
    const positional: unknown[] = [];
    expect(
      await pool.mapAsync('identity', [4, 5], 1, { callback: (v) => positional.push(v) }).get(),
    ).toEqual([4, 5]);
    expect(positional).toEqual([[4, 5]]);
    expect(await pool.starmap('add', [[2, 3]], { chunksize: 1 })).toEqual([5]);
    const slow = pool.applyAsync('sleep', [300, 'x']);
    expect(await rejection(slow.get({ timeout: 10 }))).toBeInstanceOf(api.TimeoutError);
    await slow.wait({ timeout: 10 });
    expect(slow.ready()).toBe(false);
  });

  it('close then join lets work finish; terminate stops it; maxtasksperchild recycles', async () => {
    const pool = new api.Pool<Tasks>({ processes: 1, module: tasks, kind, maxtasksperchild: 2 });
    expect(pool.maxtasksperchild).toBe(2);
    const counts = [
      await pool.apply('count'),
      await pool.apply('count'),
      await pool.apply('count'),
    ];
    expect(counts).toEqual([1, 2, 1]);
    expect(() => pool.join()).toThrow(RangeError); // at the call, as Python's ValueError
    const last = pool.applyAsync('sleep', [50, 'last']);
    pool.close();
    expect(() => pool.applyAsync('add', [1, 1])).toThrow(RangeError);
    expect(await pool.join()).toBe(true);
    expect(await last.get()).toBe('last');

    const doomed = new api.Pool<Tasks>({ processes: 1, module: tasks, kind });
    const running = doomed.applyAsync('spin', [10_000, 'never']);
    const queued = doomed.applyAsync('add', [1, 1]);
    doomed.terminate();
    expect(await doomed.join({ timeout: 10_000 })).toBe(true);
    expect(await rejection(running.get())).toBeInstanceOf(api.CancelledError);
    expect(await rejection(queued.get())).toBeInstanceOf(api.CancelledError);
  });
});
