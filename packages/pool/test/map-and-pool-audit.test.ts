import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type * as Api from '../src/index.js';
import { api, deferred, rejection, tasks, type Tasks } from './helpers.js';

/** Words shared with the tasks: [0] set when the gated item starts, [1] the gate, [2] items run. */
const STARTED = 0;
const GATE = 1;
const RAN = 2;

function shared(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(12));
}

/** Counts the item; item 0 first says it started, then waits for the gate to open. */
function gated([words, i]: [Int32Array, number]): number {
  if (i === 0) {
    Atomics.store(words, 0, 1);
    Atomics.notify(words, 0);
    Atomics.wait(words, 1, 0, 20_000);
  }
  Atomics.add(words, 2, 1);
  return i;
}

function items(words: Int32Array, n: number): Array<[Int32Array, number]> {
  return Array.from({ length: n }, (_, i) => [words, i]);
}

async function startedGatedItem(words: Int32Array): Promise<void> {
  await Atomics.waitAsync(words, STARTED, 0).value;
}

function openGate(words: Int32Array): void {
  Atomics.store(words, GATE, 1);
  Atomics.notify(words, GATE);
}

/** Whatever the single worker of `pool` had queued before this has run once it resolves (FIFO). */
async function drained(pool: Api.Executor): Promise<void> {
  await pool.submit(() => 0);
}

describe('map with a signal', () => {
  it('runs nothing for an already-aborted signal and ends with its reason at the first next()', async () => {
    await using pool = new api.ThreadPoolExecutor({ maxWorkers: 1 });
    const words = shared();
    const reason = new Error('aborted before the call');
    const signal = AbortSignal.abort(reason);
    const results = pool.map(gated, items(words, 5), { signal });
    const collected = pool.mapUnordered(gated, items(words, 5), { signal });
    await drained(pool);
    expect(Atomics.load(words, RAN)).toBe(0);
    expect(await rejection(results.next())).toBe(reason);
    expect(await results.next()).toEqual({ value: undefined, done: true });
    expect(await rejection(collected.toArray())).toBe(reason);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it.each(['map', 'mapUnordered'] as const)(
    '%s cancels what has not started at the abort, while nobody iterates; the next next() throws the reason',
    async (map) => {
      await using pool = new api.ThreadPoolExecutor({ maxWorkers: 1 });
      const words = shared();
      const controller = new AbortController();
      const options = { signal: controller.signal };
      const results =
        map === 'map'
          ? pool.map(gated, items(words, 10), options)
          : pool.mapUnordered(gated, items(words, 10), options);
      await startedGatedItem(words);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      const reason = new Error('stop');
      controller.abort(reason);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      openGate(words);
      await drained(pool);
      expect(Atomics.load(words, RAN)).toBe(1); // item 0, which had started; items 1-9 never ran
      expect(await rejection(results.next())).toBe(reason);
      expect(await results.next()).toEqual({ value: undefined, done: true });
    },
  );

  it('rejects a pending next() with the reason, and a later one even when every result is in', async () => {
    await using pool = new api.ThreadPoolExecutor({ maxWorkers: 1 });
    const words = shared();
    const controller = new AbortController();
    const results = pool.map(gated, items(words, 10), { signal: controller.signal });
    const pending = results.next();
    await startedGatedItem(words);
    const reason = new Error('stop');
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    openGate(words);
    await drained(pool);
    expect(Atomics.load(words, RAN)).toBe(1);

    const late = new AbortController();
    const options = { chunksize: 2, signal: late.signal };
    const done = pool.map((x: number) => x * 2, [1, 2, 3, 4], options);
    expect(await done.next()).toEqual({ value: 2, done: false });
    await drained(pool); // both chunks are done, the first one's second result not yet yielded
    late.abort(reason);
    expect(await rejection(done.next())).toBe(reason);
    expect(getEventListeners(late.signal, 'abort')).toHaveLength(0);
    const signal = new AbortController().signal;
    expect(await pool.map((x: number) => x * 2, [1, 2, 3], { signal }).toArray()).toEqual([
      2, 4, 6,
    ]);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});

describe('Pool map forms', () => {
  /** Counts the item in `words[RAN]`; items 3 and 7 fail. */
  const countAndFail = (words: Int32Array, x: number): number => {
    Atomics.add(words, 2, 1);
    if (x === 3 || x === 7) throw new RangeError(`item ${x}`);
    return x;
  };
  /**
   * The same for `[words, x]`, as a promise: item 3's failure then reaches the pool at once, while
   * item 4 waits for the gate that the errorCallback opens (at most 300 ms, the way on when the
   * callback rightly comes last). A map that settled at the first error would see 5 items run.
   */
  const countPairAndFail = async ([words, x]: [Int32Array, number]): Promise<number> => {
    Atomics.add(words, 2, 1);
    if (x === 3 || x === 7) throw new RangeError(`item ${x}`);
    if (x === 4) await Atomics.waitAsync(words, 1, 0, 300).value;
    return x;
  };

  it('run every task even after one failed, and settle once all are done with the first error', async () => {
    await using pool = new api.Pool({ processes: 1, kind: 'thread' });
    const words = shared();
    const ran = (): number => Atomics.load(words, RAN);
    const pairs = Array.from({ length: 20 }, (_, i) => [words, i] as [Int32Array, number]);
    const errors: Array<[unknown, number]> = [];
    const r = pool.mapAsync(countPairAndFail, pairs, 1, {
      errorCallback: (e) => {
        errors.push([e, ran()]);
        openGate(words);
      },
    });
    await r.wait();
    expect(r.successful()).toBe(false);
    expect(errors).toHaveLength(1);
    const [first, ranThen] = errors[0]!;
    expect((first as Error).message).toBe('item 3');
    expect(ranThen).toBe(20);
    expect(await rejection(r.get())).toBe(first);

    const failed = await rejection(pool.map(countPairAndFail, pairs, 2));
    expect([failed.message, ran()]).toEqual(['item 3', 40]);
    const starred = await rejection(pool.starmap(countAndFail, pairs, 1));
    expect([starred.message, ran()]).toEqual(['item 3', 60]);
    const starAsync = pool.starmapAsync(countAndFail, pairs, 1);
    await starAsync.wait();
    expect([starAsync.successful(), ran()]).toEqual([false, 80]);
  });
});

describe.each(['thread', 'process'] as const)("Pool({ kind: '%s' }).starmap", (kind) => {
  it('starmap refuses an item that is not an argument list at the call, naming the call and the item', async () => {
    await using pool = new api.Pool<Tasks>({ processes: 1, kind, module: tasks });
    const bad = [[1, 2], 3, [4, 5]] as unknown as Array<[number, number]>;
    expect(() => pool.starmap('add', bad)).toThrow(
      new TypeError('Pool.starmap: item 1 must be an array of arguments, got number'),
    );
    expect(() => pool.starmapAsync('add', [null] as never)).toThrow(
      new TypeError('Pool.starmapAsync: item 0 must be an array of arguments, got null'),
    );
    expect(await pool.starmap('add', [[1, 2]])).toEqual([3]);
  });
});

describe.each(['thread', 'process'] as const)("Pool({ kind: '%s' }).imap", (kind) => {
  /** 0, 1, 2, … counting how often its `finally` runs. */
  function* numbers(closes: { count: number }): Generator<number> {
    try {
      for (let i = 0; i < 100_000; i++) yield i;
    } finally {
      closes.count++;
    }
  }

  it('closes a synchronous input left early by a break or a task error, once', async () => {
    await using pool = new api.Pool({ processes: 2, kind });
    const closes = { count: 0 };
    const results = pool.imap((x: number) => x, numbers(closes));
    for await (const x of results) if (x === 3) break;
    expect(closes.count).toBe(1);
    await results.return!();
    expect(closes.count).toBe(1);

    const failing = (x: number): number => {
      if (x === 2) throw new Error('two');
      return x;
    };
    const afterError = { count: 0 };
    const error = await rejection(
      (async () => {
        for await (const _ of pool.imapUnordered(failing, numbers(afterError))) void _;
      })(),
    );
    expect(error.message).toBe('two');
    expect(afterError.count).toBe(1);
  });

  it('closes an asynchronous input left early', async () => {
    await using pool = new api.Pool({ processes: 2, kind });
    const closed = deferred();
    async function* source(): AsyncGenerator<number> {
      try {
        for (let i = 0; i < 100_000; i++) yield i;
      } finally {
        closed.resolve();
      }
    }
    for await (const x of pool.imap((x: number) => x, source())) if (x === 3) break;
    await closed.promise;
  });
});

describe('Executor.map closes its input too', () => {
  it('closes a synchronous input it reads as room frees (maxQueue) when the loop breaks', async () => {
    await using pool = new api.ThreadPoolExecutor<Tasks>({
      module: tasks,
      maxWorkers: 1,
      maxQueue: 2,
    });
    let closes = 0;
    function* source(): Generator<number> {
      try {
        for (let i = 0; i < 100_000; i++) yield i;
      } finally {
        closes++;
      }
    }
    for await (const x of pool.map('identity', source())) if (x === 3) break;
    expect(closes).toBe(1);
  });

  it('closes an asynchronous input on a break, and submits nothing it was reading then', async () => {
    await using pool = new api.ThreadPoolExecutor({ maxWorkers: 1 });
    const words = shared();
    const gate = deferred();
    const closed = deferred();
    async function* source(): AsyncGenerator<[Int32Array, number]> {
      try {
        yield [words, 1];
        await gate.promise; // the map waits here for item 2 when the loop breaks
        yield [words, 2];
      } finally {
        closed.resolve();
      }
    }
    for await (const x of pool.map(gated, source())) if (x === 1) break;
    gate.resolve();
    await closed.promise;
    await drained(pool);
    expect(Atomics.load(words, RAN)).toBe(1);
  });

  it('closes an input left early, but not one that ran out or threw', async () => {
    await using executor = new api.ThreadPoolExecutor({ maxWorkers: 1 });
    await using pool = new api.Pool({ processes: 1, kind: 'thread' });
    let returns = 0;
    /** `values`, then the end or (`fail`) an error, counting the calls of `return()`. */
    const iterable = (values: number[], fail: boolean): Iterable<number> => ({
      [Symbol.iterator]: () => {
        let i = 0;
        return {
          next: () => {
            if (i < values.length) return { value: values[i++]!, done: false };
            if (fail) throw new Error('source failed');
            return { value: undefined, done: true };
          },
          return: () => {
            returns++;
            return { value: undefined, done: true };
          },
        };
      },
    });
    const all: number[] = [];
    for await (const x of pool.imap((x: number) => x, iterable([1, 2], false))) all.push(x);
    expect(all).toEqual([1, 2]);
    const error = await rejection(executor.map((x: number) => x, iterable([1], true)).toArray());
    expect(error.message).toBe('source failed');
    expect(returns).toBe(0);
    const long = Array.from({ length: 1_000 }, (_, i) => i); // more than imap reads ahead
    for await (const x of pool.imap((x: number) => x, iterable(long, false))) if (x === 1) break;
    expect(returns).toBe(1);
  });
});
