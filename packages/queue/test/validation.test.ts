// Bad input throws TypeError/RangeError naming the parameter, synchronously, at the call.
import { describe, expect, it } from 'vitest';
import { LifoQueue, PriorityQueue, Queue, SimpleQueue } from '../src/index.js';

// Values the types forbid, as untyped JavaScript callers could pass them.
const bad = (v: unknown): any => v;

describe('constructor options', () => {
  it.each([Queue, LifoQueue, PriorityQueue])('%o rejects a bad maxsize', (Q) => {
    for (const maxsize of [1.5, Infinity]) expect(() => new Q({ maxsize })).toThrow(/maxsize/);
    for (const maxsize of [1.5, Infinity]) expect(() => new Q({ maxsize })).toThrow(RangeError);
    for (const maxsize of ['3', null, NaN])
      expect(() => new Q({ maxsize: bad(maxsize) })).toThrow(TypeError);
    expect(() => new Q(bad(5))).toThrow(/options must be an object/);
    expect(new Q({ maxsize: 0 }).maxsize).toBe(0);
    expect(new Q({}).maxsize).toBe(0);
    expect(new Q({ maxsize: undefined }).maxsize).toBe(0);
  });

  it.each([Queue, LifoQueue, PriorityQueue])(
    '%o is unbounded for a negative maxsize, as in CPython',
    (Q) => {
      const q = new Q<number>({ maxsize: -1 });
      for (let i = 0; i < 100; i++) q.putNowait(i);
      expect([q.maxsize, q.qsize(), q.full()]).toEqual([0, 100, false]);
    },
  );

  it('PriorityQueue rejects a compare that is not a function', () => {
    expect(() => new PriorityQueue({ compare: bad('asc') })).toThrow(TypeError);
    expect(() => new PriorityQueue({ compare: bad('asc') })).toThrow(/compare/);
  });
});

describe('wait options', () => {
  const q = new Queue<number>({ maxsize: 1 });
  const calls = {
    put: (o: unknown) => q.put(1, bad(o)),
    get: (o: unknown) => q.get(bad(o)),
    join: (o: unknown) => q.join(bad(o)),
  };

  it.each(Object.entries(calls))('%s throws at the call for a bad timeout or signal', (_, call) => {
    for (const timeout of [-1, -Infinity]) {
      expect(() => call({ timeout })).toThrow(RangeError);
      expect(() => call({ timeout })).toThrow(/timeout/);
    }
    for (const timeout of ['10', null, NaN, 10n]) {
      expect(() => call({ timeout })).toThrow(TypeError);
      expect(() => call({ timeout })).toThrow(/timeout/);
    }
    for (const signal of [{}, 'x', null, new AbortController()]) {
      expect(() => call({ signal })).toThrow(TypeError);
      expect(() => call({ signal })).toThrow(/signal/);
    }
    expect(() => call(5)).toThrow(TypeError);
    expect(() => call(null)).toThrow(/options/);
    expect(q.qsize()).toBe(0); // nothing was inserted by the failed puts
  });

  it('a timeout of Infinity waits forever, as none does', async () => {
    const getting = q.get({ timeout: Infinity });
    q.putNowait(7);
    expect(await getting).toBe(7);
    const bounded = new Queue<number>({ maxsize: 1 });
    bounded.putNowait(1);
    const putting = bounded.put(2, { timeout: Infinity });
    expect(bounded.getNowait()).toBe(1);
    await putting;
    expect(bounded.getNowait()).toBe(2);
  });

  it('shutdown rejects a non-boolean immediate', () => {
    expect(() => new Queue().shutdown({ immediate: bad('yes') })).toThrow(TypeError);
    expect(() => new Queue().shutdown({ immediate: bad('yes') })).toThrow(/immediate/);
    expect(() => new SimpleQueue().shutdown(bad(1))).toThrow(TypeError);
  });
});

describe('PriorityQueue put', () => {
  it('rejects a priority that is not a number, or NaN', () => {
    const q = new PriorityQueue<string>();
    expect(() => q.putNowait('a', { priority: bad('1') })).toThrow(TypeError);
    expect(() => q.putNowait('a', { priority: NaN })).toThrow(RangeError);
    expect(() => q.put('a', { priority: NaN })).toThrow(/priority/);
    expect(() => q.putNowait('a', bad(3))).toThrow(TypeError);
    expect(q.qsize()).toBe(0);
  });

  it('rejects an item it cannot order when no priority and no compare are given', () => {
    const q = new PriorityQueue<unknown>();
    for (const item of [{}, null, undefined, true, () => 1]) {
      expect(() => q.putNowait(item)).toThrow(TypeError);
      expect(() => q.put(item)).toThrow(/priority.*compare/);
    }
    expect(() => q.putNowait(NaN)).toThrow(RangeError);
    expect(() => q.putNowait([1, [NaN]])).toThrow(RangeError);
    expect(q.qsize()).toBe(0);
  });

  it('rejects priority together with compare', () => {
    const q = new PriorityQueue<number>({ compare: (a, b) => a - b });
    expect(() => q.putNowait(1, { priority: 1 })).toThrow(TypeError);
    expect(() => q.put(1, { priority: 1 })).toThrow(/compare/);
    expect(q.qsize()).toBe(0);
  });
});
