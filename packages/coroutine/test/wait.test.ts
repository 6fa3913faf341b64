import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ALL_COMPLETED,
  asCompleted,
  CancelledError,
  createTask,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  sleep,
  TimeoutError,
  wait,
} from '../src/index.js';
import { deferred, drain, rejection } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('wait', () => {
  it('FIRST_COMPLETED resolves when one finishes and cancels nothing', async () => {
    const a = deferred<string>();
    const b = deferred<string>();
    const ta = createTask(a.promise);
    const tb = createTask(b.promise);
    const p = wait([ta, tb], { returnWhen: FIRST_COMPLETED });
    b.resolve('b');
    const { done, pending } = await p;
    expect([...done]).toEqual([tb]);
    expect([...pending]).toEqual([ta]);
    expect(ta.state).toBe('running');
    a.resolve('a');
    await ta;
  });

  it('FIRST_EXCEPTION resolves on the first failure, else when all are done', async () => {
    const a = deferred();
    const b = deferred();
    const ta = createTask(a.promise);
    const tb = createTask(b.promise);
    const steps: string[] = [];
    const p = wait([ta, tb], { returnWhen: FIRST_EXCEPTION }).then((r) =>
      steps.push(`resolved ${r.done.size}`),
    );
    a.resolve();
    await drain();
    steps.push('a done');
    b.reject(new Error('x'));
    await p;
    expect(steps).toEqual(['a done', 'resolved 2']);

    const c = deferred();
    const failing = createTask(Promise.reject(new Error('y')));
    const tc = createTask(c.promise);
    const r = await wait([failing, tc], { returnWhen: FIRST_EXCEPTION });
    expect([...r.done]).toEqual([failing]);
    c.resolve();
  });

  it('sorts done and pending when the waiter resumes: tasks released by one promise are all done', async () => {
    for (const returnWhen of [FIRST_COMPLETED, FIRST_EXCEPTION] as const) {
      const gate = deferred();
      const fail = (name: string): never => {
        throw new Error(name);
      };
      const a = createTask(async () => {
        await gate.promise;
        fail('a');
      });
      const b = createTask(function* () {
        yield gate.promise;
        fail('b');
      });
      const p = wait([a, b], { returnWhen });
      await drain();
      gate.resolve();
      const { done, pending } = await p;
      expect([returnWhen, done.size, pending.size]).toEqual([returnWhen, 2, 0]);
    }
  });

  it('FIRST_EXCEPTION does not count a cancelled task as failed', async () => {
    const gate = deferred();
    const cancelled = createTask(() => sleep(60_000));
    const other = createTask(gate.promise);
    const steps: string[] = [];
    const p = wait([cancelled, other], { returnWhen: FIRST_EXCEPTION }).then(({ done }) =>
      steps.push(`done ${done.size}`),
    );
    await drain();
    cancelled.cancel();
    await drain();
    steps.push('cancelled');
    gate.resolve();
    await p;
    expect(steps).toEqual(['cancelled', 'done 2']);
  });

  it('ALL_COMPLETED (default) waits for all, errors included, without throwing them', async () => {
    const t1 = createTask(() => 1);
    const t2 = createTask(() => {
      throw new Error('e');
    });
    const { done, pending } = await wait([t1, t2], { returnWhen: ALL_COMPLETED });
    expect(done).toEqual(new Set([t1, t2]));
    expect(pending.size).toBe(0);
  });

  it('timeout resolves with what is done so far and leaves no timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const gate = deferred();
    const slow = createTask(gate.promise);
    const p = wait([slow], { timeout: 100 });
    await vi.advanceTimersByTimeAsync(100);
    const { done, pending } = await p;
    expect(done.size).toBe(0);
    expect([...pending]).toEqual([slow]);
    expect(vi.getTimerCount()).toBe(0);
    gate.resolve();
  });

  it('rejects bad input at the call', () => {
    expect(() => wait([])).toThrow(RangeError);
    expect(() => wait([Promise.resolve()], { timeout: -1 })).toThrow(RangeError);
    expect(() => wait([Promise.resolve()], { returnWhen: 'SOMETIMES' as never })).toThrow(
      RangeError,
    );
    expect(() => wait(5 as never)).toThrow(TypeError);
    expect(() => wait([5 as never])).toThrow(TypeError);
    expect(() => wait([Promise.resolve(), 5 as never])).toThrow(/^wait: item 1: expected/);
  });

  it('cancelling the waiting task rejects wait with CancelledError and cancels nothing else', async () => {
    const gate = deferred();
    const child = createTask(gate.promise);
    const waiter = createTask(() => wait([child]));
    await drain();
    waiter.cancel();
    expect(await rejection(waiter)).toBeInstanceOf(CancelledError);
    expect(child.state).toBe('running');
    gate.resolve();
  });

  it('an aborted signal rejects with its reason', async () => {
    const ac = new AbortController();
    const gate = deferred();
    const p = wait([gate.promise], { signal: ac.signal });
    ac.abort(new Error('stop'));
    expect((await rejection(p)).message).toBe('stop');
    gate.resolve();
  });
});

describe('asCompleted', () => {
  it('for await yields results in completion order', async () => {
    const a = deferred<string>();
    const b = deferred<string>();
    const c = deferred<string>();
    const steps: string[] = [];
    const loop = (async () => {
      for await (const value of asCompleted([a.promise, b.promise, c.promise])) steps.push(value);
    })();
    b.resolve('b');
    await drain();
    c.resolve('c');
    await drain();
    a.resolve('a');
    await loop;
    expect(steps).toEqual(['b', 'c', 'a']);
  });

  it('for await throws the error of a failed awaitable when its turn comes', async () => {
    const seen: unknown[] = [];
    const boom = new Error('boom');
    const gate = deferred<string>();
    const loop = (async () => {
      for await (const value of asCompleted([gate.promise, Promise.reject(boom)])) seen.push(value);
    })();
    expect(await rejection(loop)).toBe(boom);
    gate.resolve('late');
    expect(seen).toEqual([]);
  });

  it('a plain for yields promises of the next result', async () => {
    const a = deferred<number>();
    const b = deferred<number>();
    const results: number[] = [];
    const it = asCompleted([a.promise, b.promise]);
    const promises = [...it];
    expect(promises).toHaveLength(2);
    b.resolve(2);
    a.resolve(1);
    for (const next of promises) results.push(await next);
    expect(results).toEqual([2, 1]);
  });

  it('throws TimeoutError when the deadline passes first', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const a = deferred<number>();
    const iterator = asCompleted([Promise.resolve(1), a.promise], { timeout: 50 })[
      Symbol.asyncIterator
    ]();
    expect((await iterator.next()).value).toBe(1);
    const second = iterator.next();
    const caught = rejection(second);
    await vi.advanceTimersByTimeAsync(50);
    expect(await caught).toBeInstanceOf(TimeoutError);
    a.resolve(2);
  });

  it('breaking out of the loop leaves no timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const gate = deferred();
    for await (const value of asCompleted([Promise.resolve(1), gate.promise], { timeout: 1000 })) {
      expect(value).toBe(1);
      break;
    }
    expect(vi.getTimerCount()).toBe(0);
    gate.resolve();
  });

  it('rejects a bad timeout at the call', () => {
    expect(() => asCompleted([sleep(1)], { timeout: -5 })).toThrow(RangeError);
  });
});
