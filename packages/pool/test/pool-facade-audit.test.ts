import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type * as Api from '../src/index.js';
import { api, tasks, type Tasks } from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** `n` items for a task that takes no argument. */
function nothing(n: number): undefined[] {
  return Array.from({ length: n }, () => undefined);
}

/** Waits with a signal, aborts it, and returns a weak reference to the signal (its controller is gone too). */
async function abortedWait(
  wait: (signal: AbortSignal) => Promise<unknown>,
): Promise<WeakRef<object>> {
  const controller = new AbortController();
  const waiting = wait(controller.signal);
  controller.abort(new Error('stop waiting'));
  await expect(waiting).rejects.toThrow('stop waiting');
  return new WeakRef(controller.signal);
}

describe.each(['thread', 'process'] as const)("Pool facade audit ({ kind: '%s' })", (kind) => {
  it('keeps nothing of a get, wait or join that stopped waiting before the result', async () => {
    const pool = new api.Pool<Tasks>({ processes: 1, module: tasks, kind });
    // Long enough to be pending at the check below, which the test asserts.
    const long = pool.applyAsync('sleep', [2_000, 'late']);
    const refs = [
      await abortedWait((signal) => long.wait({ signal })),
      await abortedWait((signal) => long.get({ signal })),
      await abortedWait((signal) => long.get({ signal, timeout: 60_000 })),
    ];
    pool.close();
    refs.push(await abortedWait((signal) => pool.join({ signal })));
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(long.ready()).toBe(false);
    // Each finished wait used to stay attached to the pending result until the task settled.
    expect(refs.map((ref) => ref.deref() === undefined)).toEqual([true, true, true, true]);
    expect(await pool.join()).toBe(true);
    expect(await long.get()).toBe('late');
  });

  it('imap and imapUnordered take chunksize as a number or { chunksize }, as map does', async () => {
    // One worker replaced after every task (a chunk): `count` restarts at 1 with each chunk.
    await using pool = new api.Pool<Tasks>({
      processes: 1,
      module: tasks,
      kind,
      maxtasksperchild: 1,
    });
    const counts: unknown[] = [];
    for await (const n of pool.imap('count', nothing(5), { chunksize: 3 })) counts.push(n);
    expect(counts).toEqual([1, 2, 3, 1, 2]);
    const unordered: unknown[] = [];
    for await (const n of pool.imapUnordered('count', nothing(4), { chunksize: 2 }))
      unordered.push(n);
    expect(unordered).toEqual([1, 2, 1, 2]);
    const numbered: unknown[] = [];
    for await (const n of pool.imap('count', nothing(3), 3)) numbered.push(n);
    expect(numbered).toEqual([1, 2, 3]);
  });

  it('names the call in the errors of apply, applyAsync, imap and imapUnordered', async () => {
    await using pool = new api.Pool<Tasks>({ processes: 1, module: tasks, kind });
    const loose = pool as unknown as Api.Pool;
    expect(() => loose.apply(42 as never)).toThrow(/^Pool\.apply: expected an export name/);
    expect(() => loose.applyAsync(42 as never)).toThrow(/^Pool\.applyAsync: expected/);
    expect(() => loose.apply('add', 'ab' as never)).toThrow(
      new TypeError('Pool.apply: args must be an array'),
    );
    expect(() => loose.imap(42 as never, [1] as never)).toThrow(/^Pool\.imap: expected/);
    expect(() => pool.imap('identity', [1], 0)).toThrow(
      new RangeError('Pool.imap: chunksize must be an integer >= 1, got 0'),
    );
    expect(() => pool.imapUnordered('identity', [1], { chunksize: 1.5 })).toThrow(
      new RangeError('Pool.imapUnordered: chunksize must be an integer >= 1, got 1.5'),
    );
  });

  it('AsyncResult.get and wait refuse bad options at the call, ready or not', async () => {
    await using pool = new api.Pool<Tasks>({ processes: 1, module: tasks, kind });
    const done = pool.applyAsync('add', [1, 2]);
    expect(await done.get()).toBe(3);
    const pending = pool.applyAsync('sleep', [200, 'later']); // no answer can come before the checks
    for (const r of [done, pending]) {
      expect(() => r.get({ timeout: -1 })).toThrow(RangeError);
      expect(() => r.wait({ timeout: -1 })).toThrow(RangeError);
      expect(() => r.get(100 as never)).toThrow(TypeError);
      expect(() => r.wait({ timeout: '5' as never })).toThrow(TypeError);
    }
    expect(await done.get({ timeout: 0 })).toBe(3);
    expect(await pending.get()).toBe('later');
  });

  it('terminate fails a task just handed to a worker instead of starting a new worker for it', async () => {
    // The race: the task has reached the worker's channel, but the worker has not said it took
    // it when terminate stops the worker. 30 rounds, each stopping it a different number of
    // event-loop turns after the hand-over.
    for (let round = 0; round < 30; round++) {
      const pool = new api.Pool<Tasks>({ processes: 1, module: tasks, kind });
      expect(await pool.apply('add', [1, 2])).toBe(3);
      const long = pool.applyAsync('sleep', [60_000, 'never']);
      for (let turn = 0; turn < round % 4; turn++) await new Promise(setImmediate);
      pool.terminate();
      expect(await pool.join({ timeout: 10_000 })).toBe(true);
      await expect(long.get()).rejects.toHaveProperty('name', 'CancelledError');
    }
  }, 120_000);
});
