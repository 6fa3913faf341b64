// Work a map or imap accepted before close()/shutdown() is not new work: it is all delivered,
// as Python's pool.close() lets a started imap finish. terminate() and cancelFutures still stop it.
import { describe, expect, it } from 'vitest';
import { api, both, rejection, tasks } from './helpers.js';

const N = 2_000;
const expected = Array.from({ length: N }, (_, i) => i * 2);

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

async function* asyncRange(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) yield i;
}

async function collect<T>(results: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of results) out.push(value);
  return out;
}

describe.each(['thread', 'process'] as const)("Pool({ kind: '%s' }).close()", (kind) => {
  it('lets imap and imapUnordered called before it deliver every result', async () => {
    const pool = new api.Pool({ processes: 2, kind });
    const ordered = pool.imap((x: number) => x * 2, range(N), 1);
    const unordered = pool.imapUnordered((x: number) => x * 2, range(N), 1);
    pool.close();
    expect(() => pool.imap((x: number) => x, [1])).toThrow(RangeError);
    expect(await collect(ordered)).toEqual(expected);
    expect((await collect(unordered)).sort((a, b) => a - b)).toEqual(expected);
    expect(await pool.join({ timeout: 30_000 })).toBe(true);
  });

  it('terminate() still stops an imap called before', async () => {
    const pool = new api.Pool({ processes: 2, kind });
    const results = pool.imap((x: number) => x * 2, range(N), 1);
    pool.terminate();
    expect(await pool.join({ timeout: 30_000 })).toBe(true);
    expect(await rejection(collect(results))).toBeInstanceOf(api.CancelledError);
  });
});

describe.each(both)('%s.shutdown()', (_, make) => {
  it('lets a map with maxQueue called before it submit and deliver every item', async () => {
    const pool = make({ module: tasks, maxWorkers: 2, maxQueue: 4 });
    const results = pool.map((x: number) => x * 2, range(N));
    const unordered = pool.mapUnordered((x: number) => x * 2, [...range(N)]);
    await pool.shutdown();
    expect(await results.toArray()).toEqual(expected);
    expect((await unordered.toArray()).sort((a, b) => a - b)).toEqual(expected);
    // Only work accepted before the shutdown goes on: new work is still refused.
    expect(await rejection(pool.submit('add', 1, 1))).toBeInstanceOf(api.ExecutorShutdownError);
    expect(await rejection(pool.map((x: number) => x, [1]).toArray())).toBeInstanceOf(
      api.ExecutorShutdownError,
    );
  });

  it('lets a map over an async input called before it deliver every item', async () => {
    const pool = make({ module: tasks, maxWorkers: 2 });
    const results = pool.map((x: number) => x * 2, asyncRange(N));
    await pool.shutdown();
    expect(await results.toArray()).toEqual(expected);
  });

  it('with cancelFutures still stops a map called before', async () => {
    const pool = make({ module: tasks, maxWorkers: 2, maxQueue: 4 });
    const results = pool.map((x: number) => x * 2, range(N));
    await pool.shutdown({ cancelFutures: true });
    expect(await rejection(results.toArray())).toBeInstanceOf(api.CancelledError);
  });
});
