// SharedQueue in one thread: every QueueLike rule, the structured-clone contract, and the ring's
// byte accounting (wrap-around, an item that only fits once the ring is rewound).
import { Event, Lock, SharedValue } from '@skein/sync';
import { describe, expect, it, vi } from 'vitest';
import {
  BrokenQueueError,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  SharedQueue,
  type QueueLike,
} from '../src/index.js';
import { outcome, settle, track } from './helpers.js';

describe('SharedQueue in one thread', () => {
  it('satisfies QueueLike', () => {
    const q: QueueLike<number> = new SharedQueue<number>();
    expect(q.maxsize).toBe(0);
  });

  it('is first in, first out', async () => {
    const q = new SharedQueue<number>();
    for (let i = 0; i < 5; i++) await q.put(i);
    const out: number[] = [];
    for (let i = 0; i < 5; i++) out.push(await q.get());
    expect(out).toEqual([0, 1, 2, 3, 4]);
  });

  it('round-trips what structuredClone does', () => {
    const q = new SharedQueue<unknown>();
    const values: unknown[] = [
      undefined,
      null,
      true,
      false,
      0,
      -0,
      42,
      -7,
      2 ** 31,
      1.5,
      NaN,
      Infinity,
      -Infinity,
      '',
      'abc',
      'é ü 中文 🎉',
      'x'.repeat(1000),
      'café ÿ',
      'ñ¿'.repeat(40),
      // Latin-1 characters held in a two-byte string (sliced off one that was not).
      ('\u0100' + 'é'.repeat(40)).slice(1),
      'é'.repeat(40) + '\u0100',
      '\ud800 lone surrogate',
      { short: 'déjà', long: 'ß'.repeat(50), wide: '中'.repeat(20) },
      10n,
      -(2n ** 100n),
      { a: 1, b: [1, 'two', { c: null }] },
      [1, undefined, 3],
      new Map([[1, { x: 1 }]]),
      new Set(['a']),
      new Date(0),
      /re/g,
      new Uint8Array([1, 2, 3]),
      new Float64Array([1.5]),
      new Error('boom'),
    ];
    for (const v of values) q.putNowait(v);
    for (const v of values) {
      const got = q.getNowait();
      if (v instanceof Error) expect((got as Error).message).toBe('boom');
      else expect(got).toStrictEqual(structuredClone(v));
      if (typeof v === 'number') expect(Object.is(got, v)).toBe(true);
    }
  });

  it('an Error item keeps its name, code, stack and cause, as Skein errors crossing threads do', () => {
    const q = new SharedQueue<Error>();
    class ThrottleError extends Error {
      override name = 'ThrottleError';
      code = 'E_THROTTLE';
    }
    const sent = new ThrottleError('slow down', { cause: new RangeError('rate') });
    q.putNowait(sent);
    q.putNowait(new QueueFull());
    const got = q.getNowait() as Error & { code?: unknown; cause?: Error };
    expect([got.name, got.message, got.code, got.stack]).toEqual([
      'ThrottleError',
      'slow down',
      'E_THROTTLE',
      sent.stack,
    ]);
    expect([got.cause?.name, got.cause?.message]).toEqual(['RangeError', 'rate']);
    const full = q.getNowait() as Error & { code?: unknown };
    expect([full.name, full.code]).toEqual(['QueueFull', 'ERR_QUEUE_FULL']);
  });

  it('an Error nested in an object, array or Map keeps its name, code, stack and cause too', () => {
    const q = new SharedQueue<unknown>();
    class MyError extends Error {
      override name = 'MyError';
    }
    const coded = Object.assign(new Error('x'), { code: 'E1' });
    const mine = Object.assign(new MyError('mine', { cause: new RangeError('why') }), {
      code: 'E_MINE',
    });
    const cyclic: Record<string, unknown> = { err: mine };
    cyclic.self = cyclic;
    const holey = [1, , coded]; // eslint-disable-line no-sparse-arrays
    const sent = {
      err: coded,
      list: [1, mine],
      map: new Map<unknown, unknown>([[{ k: 1 }, coded]]),
      cyclic,
      holey,
      ['__proto__']: mine,
      when: new Date(0),
    };
    q.putNowait(sent);
    // The item put is left as it was.
    expect(sent.err).toBe(coded);
    expect(sent.list[1]).toBe(mine);
    const got = q.getNowait() as typeof sent;
    const same = (e: unknown): unknown[] => {
      const { name, message, stack, code, cause } = e as Error & { code?: unknown };
      return [name, message, stack, code, (cause as Error | undefined)?.name];
    };
    expect(same(got.err)).toEqual(['Error', 'x', coded.stack, 'E1', undefined]);
    expect(same(got.list[1])).toEqual(['MyError', 'mine', mine.stack, 'E_MINE', 'RangeError']);
    expect(same([...got.map.values()][0])).toEqual(same(coded));
    expect([...got.map.keys()]).toEqual([{ k: 1 }]);
    expect(same((got.cyclic as { err: unknown }).err)).toEqual(same(mine));
    expect(got.cyclic.self).toBe(got.cyclic);
    expect(got.holey).toHaveLength(3);
    expect(1 in got.holey).toBe(false);
    expect(same(got.holey[2])).toEqual(same(coded));
    expect(Object.getOwnPropertyDescriptor(got, '__proto__')?.value).toBeInstanceOf(Error);
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect(got.when).toEqual(new Date(0));
    // One error met in several places is rebuilt once, as structured clone keeps it shared.
    expect(got.err).toBe(got.holey[2]);
    expect(got.list[1]).toBe((got.cyclic as { err: unknown }).err);
  });

  it('keeps shared references and cycles, as structuredClone does', () => {
    const q = new SharedQueue<unknown>();
    const shared = { x: 1 };
    const cyclic: Record<string, unknown> = { name: 'c' };
    cyclic.self = cyclic;
    q.putNowait([shared, shared]);
    q.putNowait(cyclic);
    q.putNowait(JSON.parse('{"__proto__":1}'));
    const [a, b] = q.getNowait() as object[];
    expect(a).toBe(b);
    const c = q.getNowait() as Record<string, unknown>;
    expect(c.self).toBe(c);
    const p = q.getNowait() as object;
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
    expect(Object.getOwnPropertyNames(p)).toEqual(['__proto__']);
  });

  it('turns class instances into plain objects and runs getters once, as structuredClone does', () => {
    const q = new SharedQueue<unknown>();
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    let reads = 0;
    const withGetter = {
      get n() {
        return ++reads;
      },
    };
    q.putNowait(new Point(1, 2));
    q.putNowait({ nested: [withGetter] });
    const p = q.getNowait();
    expect(p).toEqual({ x: 1, y: 2 });
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
    expect(q.getNowait()).toEqual({ nested: [{ n: 1 }] });
    expect(reads).toBe(1);
  });

  it('copies typed arrays by their bytes; a Buffer arrives as a Uint8Array', () => {
    const q = new SharedQueue<unknown>();
    q.putNowait(new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4));
    q.putNowait(Buffer.from('ab'));
    q.putNowait({ f: new Float64Array([1.5, -0]) });
    expect(q.getNowait()).toStrictEqual(new Uint8Array([1, 2, 3]));
    expect(q.getNowait()).toStrictEqual(new Uint8Array([97, 98]));
    expect(q.getNowait()).toStrictEqual({ f: new Float64Array([1.5, -0]) });
    expect(() => q.putNowait(new SharedArrayBuffer(4))).toThrow(
      expect.objectContaining({ name: 'DataCloneError' }) as Error,
    );
  });

  it('hands out clones: changing the original after put changes nothing', async () => {
    const q = new SharedQueue<{ n: number }>();
    const item = { n: 1 };
    await q.put(item);
    item.n = 2;
    expect(await q.get()).toEqual({ n: 1 });
  });

  it('putNowait/getNowait throw QueueFull/QueueEmpty', () => {
    const q = new SharedQueue<number>({ maxsize: 1 });
    expect(() => q.getNowait()).toThrow(QueueEmpty);
    q.putNowait(1);
    expect(() => q.putNowait(2)).toThrow(QueueFull);
    expect(q.getNowait()).toBe(1);
  });

  it('qsize, empty, full and maxsize', () => {
    const q = new SharedQueue<number>({ maxsize: 2 });
    expect([q.qsize(), q.empty(), q.full(), q.maxsize]).toEqual([0, true, false, 2]);
    q.putNowait(1);
    q.putNowait(2);
    expect([q.qsize(), q.empty(), q.full()]).toEqual([2, false, true]);
    const u = new SharedQueue<number>();
    for (let i = 0; i < 100; i++) u.putNowait(i);
    expect(u.full()).toBe(false);
  });

  it('a waiting get is served when an item comes', async () => {
    const q = new SharedQueue<string>();
    const got = track(q.get());
    await settle();
    expect(got.done).toBe(false);
    q.putNowait('x');
    expect(await got.promise).toBe('x');
  });

  it('waiting gets are served in the order they were called', async () => {
    const q = new SharedQueue<number>();
    const steps: string[] = [];
    const gets = ['a', 'b', 'c'].map((name) => q.get().then((n) => steps.push(`${name}:${n}`)));
    await settle();
    for (const n of [1, 2, 3]) q.putNowait(n);
    await Promise.all(gets);
    expect(steps).toEqual(['a:1', 'b:2', 'c:3']);
  });

  it('waiting puts are served in the order they were called', async () => {
    const q = new SharedQueue<number>({ maxsize: 1 });
    q.putNowait(0);
    const steps: string[] = [];
    const puts = [1, 2, 3].map((n) => q.put(n).then(() => steps.push(`put ${n}`)));
    await settle();
    expect(steps).toEqual([]);
    for (let i = 0; i < 4; i++) {
      steps.push(`got ${await q.get()}`);
      await settle();
    }
    await Promise.all(puts);
    expect(steps).toEqual(['got 0', 'put 1', 'got 1', 'put 2', 'got 2', 'put 3', 'got 3']);
  });

  it('get({ timeout }) rejects with QueueEmpty and takes nothing', async () => {
    const q = new SharedQueue<number>();
    await expect(q.get({ timeout: 5 })).rejects.toBeInstanceOf(QueueEmpty);
    await expect(q.get({ timeout: 0 })).rejects.toBeInstanceOf(QueueEmpty);
    q.putNowait(1);
    expect(await q.get({ timeout: 0 })).toBe(1);
    const late = q.get({ timeout: 5 });
    await expect(late).rejects.toBeInstanceOf(QueueEmpty);
    q.putNowait(2);
    expect(q.getNowait()).toBe(2);
  });

  it('put({ timeout }) rejects with QueueFull and inserts nothing', async () => {
    const q = new SharedQueue<number>({ maxsize: 1 });
    q.putNowait(1);
    await expect(q.put(2, { timeout: 5 })).rejects.toBeInstanceOf(QueueFull);
    await expect(q.put(2, { timeout: 0 })).rejects.toBeInstanceOf(QueueFull);
    expect(q.qsize()).toBe(1);
    expect(q.getNowait()).toBe(1);
    expect(q.empty()).toBe(true);
  });

  it('an aborted get rejects with signal.reason and takes nothing', async () => {
    const q = new SharedQueue<number>();
    const ac = new AbortController();
    const reason = new Error('stop');
    const get = q.get({ signal: ac.signal });
    await settle();
    ac.abort(reason);
    await expect(get).rejects.toBe(reason);
    q.putNowait(1);
    expect(q.qsize()).toBe(1);
    expect(await q.get()).toBe(1);
    await expect(q.get({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('an aborted put rejects with signal.reason and inserts nothing', async () => {
    const q = new SharedQueue<number>({ maxsize: 1 });
    q.putNowait(1);
    const ac = new AbortController();
    const put = q.put(2, { signal: ac.signal });
    await settle();
    ac.abort(new Error('stop'));
    await expect(put).rejects.toThrow('stop');
    expect(q.getNowait()).toBe(1);
    expect(q.empty()).toBe(true);
    await expect(q.put(3, { signal: AbortSignal.abort() })).rejects.toHaveProperty(
      'name',
      'AbortError',
    );
    expect(q.empty()).toBe(true);
  });

  it('when the head of the waiting puts gives up, the next one goes in', async () => {
    const q = new SharedQueue<string>({ capacity: 64 });
    q.putNowait('a'.repeat(40)); // 48 of 64 bytes
    const big = q.put('b'.repeat(40), { timeout: 5 });
    const small = q.put('c');
    await expect(big).rejects.toBeInstanceOf(QueueFull);
    await small;
    expect([q.getNowait(), q.getNowait()]).toEqual(['a'.repeat(40), 'c']);
  });

  it('taskDone and join', async () => {
    const q = new SharedQueue<number>();
    expect(await q.join()).toBe(true);
    q.putNowait(1);
    q.putNowait(2);
    expect(await q.join({ timeout: 0 })).toBe(false);
    expect(await q.join({ timeout: 5 })).toBe(false);
    const joined = track(q.join());
    q.getNowait();
    q.taskDone();
    await settle();
    expect(joined.done).toBe(false);
    q.getNowait();
    q.taskDone();
    expect(await joined.promise).toBe(true);
    expect(() => q.taskDone()).toThrow(RangeError);
  });

  // A join's timeout is a setTimeout like every other wait's: fake timers end it (it used to be
  // the Atomics.waitAsync's own timeout, so this join took its 60 s of real time).
  it('a join timeout runs on timers, so fake timers drive it', async () => {
    vi.useFakeTimers();
    try {
      const q = new SharedQueue<number>();
      q.putNowait(1);
      const late = track(q.join({ timeout: 60_000 }));
      await vi.advanceTimersByTimeAsync(59_999);
      expect(late.done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await late.promise).toBe(false);
      const inTime = q.join({ timeout: 60_000 });
      await vi.advanceTimersByTimeAsync(1_000);
      q.getNowait();
      q.taskDone();
      expect(await inTime).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  }, 10_000);

  it('an aborted join rejects with signal.reason', async () => {
    const q = new SharedQueue<number>();
    q.putNowait(1);
    const ac = new AbortController();
    const join = q.join({ signal: ac.signal });
    ac.abort(new Error('stop'));
    await expect(join).rejects.toThrow('stop');
  });

  it('shutdown: puts throw, gets drain then throw', async () => {
    const q = new SharedQueue<number>();
    q.putNowait(1);
    q.putNowait(2);
    q.shutdown();
    await expect(q.put(3)).rejects.toBeInstanceOf(QueueShutDown);
    expect(() => q.putNowait(3)).toThrow(QueueShutDown);
    expect(await q.get()).toBe(1);
    expect(q.getNowait()).toBe(2);
    await expect(q.get()).rejects.toBeInstanceOf(QueueShutDown);
    expect(() => q.getNowait()).toThrow(QueueShutDown);
    await expect(q.get({ timeout: 0 })).rejects.toBeInstanceOf(QueueShutDown);
    q.taskDone();
    q.taskDone();
    expect(await q.join()).toBe(true);
  });

  it('shutdown rejects waiting gets and waiting puts', async () => {
    const q = new SharedQueue<number>();
    const gets = [q.get(), q.get()];
    const b = new SharedQueue<number>({ maxsize: 1 });
    b.putNowait(0);
    const put = b.put(1);
    await settle();
    q.shutdown();
    b.shutdown();
    for (const g of gets) expect(await outcome(g)).toEqual({ error: expect.any(QueueShutDown) });
    expect(await outcome(put)).toEqual({ error: expect.any(QueueShutDown) });
    expect(b.getNowait()).toBe(0);
  });

  it('shutdown({ immediate: true }) drops the items and releases join', async () => {
    const q = new SharedQueue<number>();
    for (let i = 0; i < 3; i++) q.putNowait(i);
    expect(q.getNowait()).toBe(0); // held by a consumer: still unfinished
    const joined = track(q.join());
    q.shutdown({ immediate: true });
    expect(q.qsize()).toBe(0);
    await expect(q.get()).rejects.toBeInstanceOf(QueueShutDown);
    await settle();
    expect(joined.done).toBe(false);
    q.taskDone();
    expect(await joined.promise).toBe(true);
    expect(() => q.taskDone()).toThrow(RangeError);
  });

  it('shutdown can be repeated and made immediate later', async () => {
    const q = new SharedQueue<number>();
    q.putNowait(1);
    q.shutdown();
    q.shutdown();
    expect(q.qsize()).toBe(1);
    q.shutdown({ immediate: true });
    expect(q.qsize()).toBe(0);
    expect(await q.join()).toBe(true);
  });

  it('for await yields until shut down and drained, marking items done', async () => {
    const q = new SharedQueue<string>();
    const seen: string[] = [];
    const loop = (async () => {
      for await (const s of q) seen.push(s);
    })();
    for (const s of ['a', 'b', 'c']) await q.put(s);
    expect(await q.join()).toBe(true);
    q.shutdown();
    await loop;
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  describe('what cannot be put', () => {
    /** What `putNowait` and `put` throw for `item`, one each (both throw at the call). */
    async function putErrors(q: SharedQueue<unknown>, item: unknown): Promise<unknown[]> {
      const errors: unknown[] = [];
      for (const call of [async () => q.putNowait(item), () => q.put(item)]) {
        try {
          await call();
          errors.push(undefined);
        } catch (e) {
          errors.push(e);
        }
      }
      return errors;
    }

    it('a function, or a value holding one: DataCloneError at the call, nothing inserted', async () => {
      const q = new SharedQueue<unknown>();
      for (const bad of [() => 1, { f: () => 1 }, [1, Symbol('s')], Symbol('t')]) {
        for (const error of await putErrors(q, bad)) {
          expect(error).toBeInstanceOf(DOMException);
          expect(error).toHaveProperty('name', 'DataCloneError');
        }
      }
      expect(q.qsize()).toBe(0);
      expect(await q.join({ timeout: 0 })).toBe(true);
    });

    it('a Lock, an Event or a SharedQueue, even nested: DataCloneError naming toShared(), nothing inserted', async () => {
      const q = new SharedQueue<unknown>();
      const items = [
        new Event(),
        [new Event()],
        { gate: { lock: new Lock() } },
        new Map([['n', new SharedValue('int32', 1)]]),
        [new SharedQueue()],
      ];
      for (const item of items) {
        for (const error of await putErrors(q, item)) {
          expect(error).toHaveProperty('name', 'DataCloneError');
          expect((error as Error).message).toMatch(
            /toShared\(\) handle, revived there with \w+\.fromShared\(\).*postMessage/,
          );
        }
      }
      expect(q.qsize()).toBe(0);
      // Nor its handle: shared memory cannot become bytes.
      expect(() => q.putNowait({ done: new Event().toShared() })).toThrow(
        expect.objectContaining({ name: 'DataCloneError' }),
      );
      expect(q.qsize()).toBe(0);
    });

    it('an item larger than the capacity: RangeError at the call, nothing inserted', () => {
      const q = new SharedQueue<string>({ capacity: 64 });
      expect(() => q.putNowait('x'.repeat(60))).toThrow(RangeError);
      expect(() => q.put('x'.repeat(60))).toThrow(RangeError);
      expect(() => q.putNowait('x'.repeat(59))).not.toThrow(); // 5 + 59 = 64 bytes: fits exactly
      expect(q.qsize()).toBe(1);
    });
  });

  describe('the ring', () => {
    it('wraps variable-size records around a small buffer many times', () => {
      const q = new SharedQueue<string>({ capacity: 100 });
      let r = 1;
      const expected: string[] = [];
      for (let i = 0; i < 5_000; i++) {
        r = (r * 48271) % 2147483647;
        const item = String(i).padEnd(r % 60, '.');
        try {
          q.putNowait(item);
          expected.push(item);
        } catch (e) {
          expect(e).toBeInstanceOf(QueueFull);
          expect(q.getNowait()).toBe(expected.shift());
        }
        if (r % 3 === 0 && expected.length > 0) expect(q.getNowait()).toBe(expected.shift());
      }
      while (expected.length > 0) expect(q.getNowait()).toBe(expected.shift());
      expect(q.empty()).toBe(true);
    });

    it('an item that fits only once the empty ring starts over at 0 goes in', () => {
      const q = new SharedQueue<string>({ capacity: 100 });
      q.putNowait('x'.repeat(43)); // 48 bytes at 0..48
      q.getNowait(); // empty, the next record would start at 48
      q.putNowait('y'.repeat(75)); // 80 bytes: neither 48..128 nor 0..80 (48 still the head) is free
      expect(q.getNowait()).toBe('y'.repeat(75));
    });

    it('a put waiting for bytes goes in when a get frees them', async () => {
      const q = new SharedQueue<string>({ capacity: 64 });
      q.putNowait('a'.repeat(40));
      expect(() => q.putNowait('b')).not.toThrow(); // 8 more bytes fit
      const put = track(q.put('c'.repeat(40)));
      await settle();
      expect(put.done).toBe(false);
      expect(q.full()).toBe(false); // no maxsize: full() counts items only
      q.getNowait();
      await put.promise;
      expect([q.getNowait(), q.getNowait()]).toEqual(['b', 'c'.repeat(40)]);
    });
  });

  describe('crossing threads', () => {
    it('toShared gives a cloneable handle that fromShared revives onto the same items', () => {
      const q = new SharedQueue<number>({ maxsize: 5, capacity: 1000 });
      const handle = structuredClone(q.toShared());
      const same = SharedQueue.fromShared<number>(handle);
      expect([same.maxsize, same.capacity]).toEqual([5, 1000]);
      q.putNowait(1);
      expect(same.qsize()).toBe(1);
      expect(same.getNowait()).toBe(1);
      same.taskDone();
      expect(() => q.taskDone()).toThrow(RangeError);
    });

    it('fromShared refuses anything else', () => {
      for (const bad of [
        undefined,
        {},
        { __skein: 'Lock', buffer: new SharedArrayBuffer(8) },
        { __skein: 'SharedQueue', buffer: new SharedArrayBuffer(8) },
      ]) {
        expect(() => SharedQueue.fromShared(bad as never)).toThrow(TypeError);
      }
    });
  });

  describe('arguments', () => {
    it('checks the constructor options', () => {
      expect(new SharedQueue({ maxsize: -1 }).maxsize).toBe(0); // unbounded, as in CPython
      expect(() => new SharedQueue({ maxsize: 1.5 })).toThrow(RangeError);
      expect(() => new SharedQueue({ maxsize: 'x' as never })).toThrow(TypeError);
      expect(() => new SharedQueue({ capacity: 8 })).toThrow(RangeError);
      expect(() => new SharedQueue({ capacity: 2 ** 31 })).toThrow(RangeError);
      expect(() => new SharedQueue({ capacity: '1' as never })).toThrow(TypeError);
      expect(() => new SharedQueue(1 as never)).toThrow(TypeError);
      expect(new SharedQueue({ capacity: 17 }).capacity).toBe(20);
      expect(new SharedQueue().capacity).toBe(1 << 20);
    });

    it('checks wait options at the call', () => {
      const q = new SharedQueue<number>();
      expect(() => q.get({ timeout: -1 })).toThrow(RangeError);
      expect(() => q.put(1, { timeout: NaN })).toThrow(TypeError);
      expect(() => q.join({ signal: {} as never })).toThrow(TypeError);
      expect(() => q.shutdown({ immediate: 1 as never })).toThrow(TypeError);
      expect(q.qsize()).toBe(0);
    });
  });

  it('throws BrokenQueueError, not a bare Error, when an internal lock stays held', () => {
    const q = new SharedQueue<number>();
    // PUT_LOCK (word 18) left held, as by a thread terminated inside put; the clock jumps so
    // the 10 s give-up comes after two 100 ms waits.
    const words = new Int32Array(q.toShared().buffer, 0, 64);
    Atomics.store(words, 18, 1);
    let now = performance.now();
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 6_000));
    try {
      let thrown: unknown;
      try {
        q.putNowait(1);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(BrokenQueueError);
      expect(thrown).toMatchObject({ name: 'BrokenQueueError', code: 'ERR_BROKEN_QUEUE' });
    } finally {
      clock.mockRestore();
    }
  });
});
