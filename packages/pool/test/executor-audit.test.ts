import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lock, SharedValue } from '@skein/sync';
import type { TaskFunction } from '../src/index.js';
import { api, both, deferred, loose, rejection, tasks } from './helpers.js';

/** `promise`, or a rejection if it has not settled within 10 s (a hang fails the test instead of timing it out). */
function within<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('never settled')), 10_000);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

describe.each(both)('executor audit on %s', (_name, make) => {
  let pool: ReturnType<typeof make>;
  beforeAll(() => {
    pool = make({ module: tasks, maxWorkers: 2 });
  });
  afterAll(() => pool.shutdown());

  it('a Future has catch and finally, as the promises it stands for', async () => {
    const failing = pool.submit('fail', 'no', 'E_NO');
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as RangeError).message).toBe('no');
    expect(await pool.submit('add', 1, 2).catch(() => 0)).toBe(3);
    const order: string[] = [];
    const value = await pool.submit('add', 2, 2).finally(() => order.push('finally'));
    expect([value, order]).toEqual([4, ['finally']]);
    const kept = await rejection(
      pool.submit('fail', 'kept', 'E_KEPT').finally(() => order.push('again')),
    );
    expect([kept.message, order]).toEqual(['kept', ['finally', 'again']]);
  });

  it('map takes next() calls made at once one after the other, losing and stranding none', async () => {
    for (let round = 0; round < 10; round++) {
      const results = pool.map('identity', [1, 2, 3, 4, 5, 6], { chunksize: 2 });
      const steps = await within(Promise.all(Array.from({ length: 8 }, () => results.next())));
      expect(steps.map((s) => (s.done === true ? 'done' : s.value))).toEqual([
        1,
        2,
        3,
        4,
        5,
        6,
        'done',
        'done',
      ]);
    }
  });

  it('map answers next() calls made at once over an async input', async () => {
    const gate = deferred();
    async function* items(): AsyncGenerator<number> {
      yield 1;
      await gate.promise;
      yield 2;
    }
    const results = pool.mapUnordered('identity', items());
    const steps = [results.next(), results.next(), results.next()];
    gate.resolve();
    const settled = await within(Promise.all(steps));
    expect(settled.map((s) => (s.done === true ? 'done' : s.value))).toEqual([1, 2, 'done']);
  });

  it('map ends a pending next() when return() is called meanwhile', async () => {
    const never = deferred();
    async function* items(): AsyncGenerator<number> {
      yield 1;
      await never.promise;
    }
    const results = pool.map('identity', items());
    expect(await results.next()).toEqual({ value: 1, done: false });
    const pending = results.next();
    await results.return?.();
    expect(await within(pending)).toEqual({ value: undefined, done: true });
    never.resolve();
  });

  it('asCompleted takes next() calls made at once one after the other', async () => {
    for (let round = 0; round < 10; round++) {
      const futures = [pool.submit('sleep', 0, 'a'), pool.submit('sleep', 0, 'b')];
      const yielded = api.asCompleted(futures);
      const steps = [yielded.next(), yielded.next(), yielded.next()];
      const settled = await within(Promise.all(steps));
      expect(new Set(settled.slice(0, 2).map((s) => s.value))).toEqual(new Set(futures));
      expect(settled[2]).toEqual({ value: undefined, done: true });
    }
  });

  it('asCompleted ends a pending next() when return() is called meanwhile', async () => {
    const future = pool.submit('sleep', 20, 'late');
    const yielded = api.asCompleted([future]);
    const pending = yielded.next();
    await yielded.return?.();
    expect(await within(pending)).toEqual({ value: undefined, done: true });
    expect(await future).toBe('late');
  });

  it('refuses at submit a URL or AbortSignal that cloning would empty, and keeps a user class', async () => {
    const url = new URL('file:///tmp/data.txt');
    const refused = (fn: () => unknown): DOMException => {
      try {
        fn();
      } catch (error) {
        return error as DOMException;
      }
      throw new Error('expected a DataCloneError');
    };
    const error = refused(() => loose(pool).submit((u: unknown) => u, url));
    expect(error.name).toBe('DataCloneError');
    expect(error.message).toMatch(/URL cannot be cloned .*empty object: pass its href/);
    expect(refused(() => loose(pool).submit((u: unknown) => u, { at: url })).name).toBe(
      'DataCloneError',
    );
    const signal = new AbortController().signal;
    expect((await rejection(pool.map('identity', [signal]).toArray())).name).toBe('DataCloneError');
    class Point {
      constructor(readonly x: number) {}
    }
    expect(await loose(pool).submit((p: { x: number }) => p.x, new Point(3))).toBe(3);
  });

  it('names options.timeout in the error of a bad map timeout', () => {
    expect(() => pool.map('identity', [1], { timeout: -1 })).toThrow(
      /^map: options\.timeout must be/,
    );
  });
});

describe('options that only one executor takes', () => {
  it('refuses an execArgv that is no array of strings at the call', () => {
    const execArgv = '--max-old-space-size=64' as unknown as string[];
    expect(() => new api.ProcessPoolExecutor({ execArgv })).toThrow(
      /execArgv must be an array of strings/,
    );
    expect(() => new api.ProcessPoolExecutor({ execArgv: [64 as unknown as string] })).toThrow(
      TypeError,
    );
  });

  it('refuses resourceLimits that are no object at the call', () => {
    const resourceLimits = 64 as unknown as { maxOldGenerationSizeMb: number };
    expect(() => new api.ThreadPoolExecutor({ resourceLimits })).toThrow(
      /resourceLimits must be an object/,
    );
  });
});

describe('what a process child cannot take', () => {
  it('refuses at submit a Blob, which a thread takes and a child would get as an empty object', async () => {
    const processes = new api.ProcessPoolExecutor({ maxWorkers: 1 });
    const threads = new api.ThreadPoolExecutor({ maxWorkers: 1 });
    try {
      const blob = new Blob(['ab']);
      expect(() => processes.submit((b: Blob) => b.size, blob)).toThrow(
        /a Blob .*cannot be cloned/,
      );
      expect(await threads.submit((b: Blob) => b.size, blob)).toBe(2);
    } finally {
      await Promise.all([processes.shutdown(), threads.shutdown()]);
    }
  });
});

describe('initargs', () => {
  const module = new URL('./fixtures/shared-init.mjs', import.meta.url);

  it('reach a thread initializer with @skein/sync objects revived, as task arguments do', async () => {
    const lock = new Lock();
    const counter = new SharedValue('int32', 0);
    const pool = new api.ThreadPoolExecutor<Record<string, TaskFunction>>({
      module,
      initializer: 'keep',
      initargs: [lock, counter],
      maxWorkers: 2,
    });
    try {
      expect(await pool.submit('kinds')).toEqual(['Lock', 'SharedValue']);
      await Promise.all(Array.from({ length: 20 }, () => pool.submit('bump')));
      expect(counter.value).toBe(20);
    } finally {
      await pool.shutdown();
    }
  });

  it('with a @skein/sync object are refused by a process pool at construction', () => {
    expect(
      () => new api.ProcessPoolExecutor({ module, initializer: 'keep', initargs: [new Lock()] }),
    ).toThrow(/initargs: a Lock shares memory between threads, not processes/);
  });
});

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A `shutdown({ signal })` that gives up at once; a weak reference to its signal (a helper, so no frame of the test keeps it). */
async function abortedShutdown(pool: {
  shutdown(o: object): Promise<unknown>;
}): Promise<WeakRef<AbortSignal>> {
  const controller = new AbortController();
  const waiting = pool.shutdown({ signal: controller.signal });
  controller.abort(new Error('stop waiting'));
  await expect(waiting).rejects.toThrow('stop waiting');
  return new WeakRef(controller.signal);
}

describe.each(both)('shutdown that stops waiting on %s', (_name, make) => {
  it('keeps nothing of a shutdown({ signal }) that gave up while a task runs', async () => {
    const pool = make({ module: tasks, maxWorkers: 1 });
    const long = pool.submit('sleep', 1_000, 'late');
    const refs: Array<WeakRef<AbortSignal>> = [];
    for (let i = 0; i < 3; i++) refs.push(await abortedShutdown(pool));
    await new Promise(setImmediate);
    gc();
    expect(long.done()).toBe(false);
    // Each wait that gave up stayed attached to the pending shutdown until it finished.
    expect(refs.map((ref) => ref.deref() === undefined)).toEqual([true, true, true]);
    await pool.shutdown();
    expect(await long).toBe('late');
  });
});
