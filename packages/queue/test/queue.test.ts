// CPython's Lib/test/test_queue.py behaviours, translated, for every queue with task tracking.
import { describe, expect, it } from 'vitest';
import {
  BrokenQueueError,
  LifoQueue,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  SkeinError,
  isSkeinError,
} from '../src/index.js';
import { outcome, settle, track } from './helpers.js';

const kinds = [
  { name: 'Queue', make: (maxsize = 0) => new Queue<number>({ maxsize }), order: [111, 333, 222] },
  {
    name: 'LifoQueue',
    make: (maxsize = 0) => new LifoQueue<number>({ maxsize }),
    order: [222, 333, 111],
  },
  {
    name: 'PriorityQueue',
    make: (maxsize = 0) => new PriorityQueue<number>({ maxsize }),
    order: [111, 222, 333],
  },
] as const;

describe.each(kinds)('$name', ({ make, order }) => {
  it('hands items out in its order (simple_queue_test)', async () => {
    const q = make(3);
    expect(q.empty()).toBe(true);
    expect(q.full()).toBe(false);
    await q.put(111);
    await q.put(333);
    await q.put(222);
    expect(q.qsize()).toBe(3);
    expect(q.full()).toBe(true);
    expect(q.empty()).toBe(false);
    expect([await q.get(), await q.get(), await q.get()]).toEqual(order);
    expect(q.empty()).toBe(true);
  });

  it('throws QueueFull from putNowait and from a put that times out when full', async () => {
    const q = make(1);
    q.putNowait(1);
    expect(() => q.putNowait(2)).toThrow(QueueFull);
    await expect(q.put(2, { timeout: 0 })).rejects.toThrow(QueueFull);
    await expect(q.put(2, { timeout: 5 })).rejects.toBeInstanceOf(QueueFull);
    expect(q.qsize()).toBe(1);
    expect(q.getNowait()).toBe(1);
  });

  it('throws QueueEmpty from getNowait and from a get that times out when empty', async () => {
    const q = make();
    expect(() => q.getNowait()).toThrow(QueueEmpty);
    await expect(q.get({ timeout: 0 })).rejects.toThrow(QueueEmpty);
    await expect(q.get({ timeout: 5 })).rejects.toBeInstanceOf(QueueEmpty);
  });

  it('frees a slot for a blocked put when an item is taken (shrinking queue)', async () => {
    const q = make(3);
    for (const n of [1, 2, 3]) q.putNowait(n);
    const blocked = track(q.put(4));
    await settle();
    expect(blocked.done).toBe(false);
    q.getNowait();
    await settle();
    expect(blocked.done).toBe(true);
    expect(q.qsize()).toBe(3);
    expect(q.full()).toBe(true);
  });

  it('wakes a blocked get with the next put', async () => {
    const q = make();
    const got = q.get();
    await settle();
    q.putNowait(7);
    expect(await got).toBe(7);
    expect(q.qsize()).toBe(0);
  });

  it('is unbounded when maxsize is 0', () => {
    const q = make();
    for (let i = 0; i < 10_000; i++) q.putNowait(i);
    expect(q.full()).toBe(false);
    expect(q.qsize()).toBe(10_000);
    expect(q.maxsize).toBe(0);
  });

  it('throws RangeError from taskDone called too often (test_queue_task_done)', () => {
    const q = make();
    expect(() => q.taskDone()).toThrow(RangeError);
    q.putNowait(1);
    q.getNowait();
    q.taskDone();
    expect(() => q.taskDone()).toThrow(RangeError);
  });

  it('join waits for a taskDone per item put (test_queue_join)', async () => {
    const q = make();
    let total = 0;
    const workers = [1, 2].map(async () => {
      for (;;) {
        const n = await q.get();
        if (n < 0) {
          q.taskDone();
          return;
        }
        total += n;
        q.taskDone();
      }
    });
    for (let i = 0; i < 100; i++) await q.put(i);
    expect(await q.join()).toBe(true);
    expect(total).toBe(4950);
    await q.put(-1);
    await q.put(-1);
    await q.join();
    await Promise.all(workers);
    expect(await q.join()).toBe(true); // nothing left: resolves at once, as join on an empty queue
  });

  it('join resolves false when its timeout runs out first', async () => {
    const q = make();
    q.putNowait(1);
    expect(await q.join({ timeout: 5 })).toBe(false);
    expect(await q.join({ timeout: 0 })).toBe(false);
    q.getNowait();
    q.taskDone();
    expect(await q.join({ timeout: 0 })).toBe(true);
  });

  describe('shutdown (3.13)', () => {
    it('makes puts throw and gets throw once empty (test_shutdown_empty / nonempty)', async () => {
      const q = make();
      q.putNowait(1);
      q.shutdown();
      expect(() => q.putNowait(2)).toThrow(QueueShutDown);
      await expect(q.put(2)).rejects.toThrow(QueueShutDown);
      expect(await q.get()).toBe(1);
      await expect(q.get()).rejects.toThrow(QueueShutDown);
      expect(() => q.getNowait()).toThrow(QueueShutDown);
      await expect(q.get({ timeout: 0 })).rejects.toThrow(QueueShutDown);
    });

    it('drops queued items when immediate, and stops counting them for join', async () => {
      const q = make();
      q.putNowait(1);
      q.putNowait(2);
      const joined = track(q.join());
      q.shutdown({ immediate: true });
      expect(q.qsize()).toBe(0);
      await expect(q.get()).rejects.toThrow(QueueShutDown);
      await settle();
      expect(joined.done).toBe(true);
      expect(await joined.promise).toBe(true);
      expect(() => q.taskDone()).toThrow(RangeError);
    });

    it('immediate shutdown keeps counting items a consumer holds', async () => {
      const q = make();
      q.putNowait(1);
      q.putNowait(2);
      q.getNowait(); // a consumer holds this one
      const joined = track(q.join());
      q.shutdown({ immediate: true });
      await settle();
      expect(joined.done).toBe(false);
      q.taskDone();
      await settle();
      expect(joined.done).toBe(true);
    });

    it('rejects blocked puts and blocked gets (test_shutdown_pending_get / put)', async () => {
      const full = make(1);
      full.putNowait(1);
      const put = outcome(full.put(2));
      const empty = make();
      const get = outcome(empty.get());
      await settle();
      full.shutdown();
      empty.shutdown();
      expect(await put).toEqual({ error: expect.any(QueueShutDown) });
      expect(await get).toEqual({ error: expect.any(QueueShutDown) });
      expect(full.qsize()).toBe(1); // the blocked put inserted nothing
      expect(full.getNowait()).toBe(1);
    });

    it('allows the transition from normal to immediate (test_shutdown_allowed_transitions)', async () => {
      const q = make();
      q.putNowait(1);
      q.shutdown();
      q.shutdown({ immediate: false });
      expect(q.qsize()).toBe(1);
      q.shutdown({ immediate: true });
      expect(q.qsize()).toBe(0);
      await expect(q.get()).rejects.toThrow(QueueShutDown);
    });
  });

  describe('for await', () => {
    it('yields until shut down and drained, calling taskDone for each item', async () => {
      const q = make();
      for (const n of [111, 333, 222]) q.putNowait(n);
      q.shutdown();
      const seen: number[] = [];
      for await (const n of q) seen.push(n);
      expect(seen).toEqual(order);
      expect(await q.join({ timeout: 0 })).toBe(true);
    });

    it('marks an item done only when the loop asks for the next one or exits', async () => {
      const q = make();
      q.putNowait(1);
      q.putNowait(2);
      const joins: boolean[] = [];
      for await (const item of q) {
        expect(item).toBeTypeOf('number');
        joins.push(await q.join({ timeout: 0 })); // the current item is not done yet
        if (joins.length === 2) break;
      }
      expect(joins).toEqual([false, false]);
      expect(await q.join({ timeout: 0 })).toBe(true);
    });

    it('marks the item done when the loop body throws', async () => {
      const q = make();
      q.putNowait(1);
      await expect(
        (async () => {
          for await (const item of q) throw new Error(`boom ${item}`);
        })(),
      ).rejects.toThrow('boom');
      expect(await q.join({ timeout: 0 })).toBe(true);
    });

    it('marks every item it handed out done, also when next() was called without awaiting', async () => {
      const q = make();
      q.putNowait(1);
      q.putNowait(2);
      const it = q[Symbol.asyncIterator]();
      const [a, b] = await Promise.all([it.next(), it.next()]);
      expect([a.done, b.done]).toEqual([false, false]);
      expect(await q.join({ timeout: 0 })).toBe(false);
      await it.return?.();
      expect(await q.join({ timeout: 0 })).toBe(true);
      expect(await it.next()).toEqual({ value: undefined, done: true });
    });

    it('waits for items, then ends when the queue is shut down', async () => {
      const q = make();
      const seen: number[] = [];
      const loop = (async () => {
        for await (const n of q) seen.push(n);
      })();
      await q.put(1);
      await settle();
      await q.put(2);
      await settle();
      q.shutdown();
      await loop;
      expect(seen.sort()).toEqual([1, 2]);
    });
  });
});

describe('items', () => {
  it('can be undefined, null or anything else', async () => {
    const values = [undefined, null, 0, '', false, NaN, { a: 1 }];
    for (const q of [
      new Queue<unknown>(),
      new LifoQueue<unknown>(),
      new PriorityQueue<unknown>(),
    ]) {
      const put = (v: unknown) =>
        q instanceof PriorityQueue ? q.put(v, { priority: 0 }) : q.put(v);
      for (const v of values) await put(v);
      const out: unknown[] = [];
      while (!q.empty()) out.push(await q.get());
      expect(out).toEqual(q instanceof LifoQueue ? [...values].reverse() : values);
      const waiting = q.get();
      await put(undefined);
      expect(await waiting).toBeUndefined();
    }
  });
});

describe('errors', () => {
  it('have a stable name and code, and keep a cause', () => {
    const cause = new Error('why');
    for (const [E, name, code] of [
      [QueueFull, 'QueueFull', 'ERR_QUEUE_FULL'],
      [QueueEmpty, 'QueueEmpty', 'ERR_QUEUE_EMPTY'],
      [QueueShutDown, 'QueueShutDown', 'ERR_QUEUE_SHUT_DOWN'],
    ] as const) {
      const e = new E(undefined, { cause });
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(name);
      expect(e.code).toBe(code);
      expect(e.cause).toBe(cause);
      expect(e.message).not.toBe('');
      expect(String(e.stack)).toMatch(new RegExp(`^${name}: `));
      expect((e as unknown as Record<symbol, unknown>)[Symbol.for('skein.error')]).toBe(true);
    }
  });

  it('answer instanceof by brand and name across copies, and are SkeinErrors', () => {
    // What another copy of @skein/queue (or a rebuilt error) makes: branded, same name and code.
    const foreign = (name: string, code: string): Error => {
      const e = Object.assign(new Error('from another copy'), { name, code });
      Object.defineProperty(e, Symbol.for('skein.error'), { value: true });
      return e;
    };
    expect(foreign('QueueFull', 'ERR_QUEUE_FULL')).toBeInstanceOf(QueueFull);
    expect(foreign('QueueEmpty', 'ERR_QUEUE_EMPTY')).toBeInstanceOf(QueueEmpty);
    expect(foreign('QueueShutDown', 'ERR_QUEUE_SHUT_DOWN')).toBeInstanceOf(QueueShutDown);
    expect(foreign('QueueFull', 'ERR_QUEUE_FULL') instanceof QueueEmpty).toBe(false);
    expect(Object.assign(new Error('x'), { name: 'QueueFull' }) instanceof QueueFull).toBe(false);
    for (const e of [
      new QueueFull(),
      new QueueEmpty(),
      new QueueShutDown(),
      new BrokenQueueError('x'),
    ]) {
      expect(e).toBeInstanceOf(SkeinError);
      expect(isSkeinError(e, e.code)).toBe(true);
    }
    expect(new BrokenQueueError('x')).toMatchObject({
      name: 'BrokenQueueError',
      code: 'ERR_BROKEN_QUEUE',
    });
  });
});
