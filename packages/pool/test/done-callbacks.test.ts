import { describe, expect, it } from 'vitest';
import type * as Api from '../src/index.js';
import { api } from './helpers.js';

/** A future settled by hand that counts the done callbacks registered on it and not yet run or removed. */
class CountingFuture extends api.Future<number> {
  listeners = 0;

  override addDoneCallback(fn: (future: Api.Future<number>) => void): void {
    if (!this.done()) this.listeners++;
    super.addDoneCallback(fn);
  }

  override removeDoneCallback(fn: (future: Api.Future<number>) => void): number {
    const removed = super.removeDoneCallback(fn);
    this.listeners -= removed;
    return removed;
  }

  finish(value: number): void {
    if (this._setResult(value)) this.listeners = 0;
  }
}

describe('wait and asCompleted stop listening to the futures when they end', () => {
  it('wait leaves no callback on a pending future after its timeout', async () => {
    const pending = new CountingFuture();
    for (let i = 0; i < 100; i++) {
      const { notDone } = await api.wait([pending], { timeout: 0 });
      expect(notDone.has(pending)).toBe(true);
    }
    expect(pending.listeners).toBe(0);
  });

  it('wait FIRST_COMPLETED leaves no callback on the futures that are still pending', async () => {
    const first = new CountingFuture();
    const other = new CountingFuture();
    const waiting = api.wait([first, other], { returnWhen: 'FIRST_COMPLETED' });
    expect(other.listeners).toBe(1);
    first.finish(1);
    const { done, notDone } = await waiting;
    expect([...done, ...notDone]).toEqual([first, other]);
    expect(other.listeners).toBe(0);
  });

  it('wait leaves no callback when its signal aborts', async () => {
    const pending = new CountingFuture();
    const controller = new AbortController();
    const waiting = api.wait([pending], { signal: controller.signal });
    expect(pending.listeners).toBe(1);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(pending.listeners).toBe(0);
  });

  it('asCompleted leaves no callback after return(), a timeout or an abort, and adds none before next()', async () => {
    const pending = new CountingFuture();
    for (let i = 0; i < 100; i++) await api.asCompleted([pending]).return?.();
    expect(pending.listeners).toBe(0);

    const slow = new CountingFuture();
    const fast = new CountingFuture();
    const iterator = api.asCompleted([slow, fast]);
    expect(slow.listeners + fast.listeners).toBe(0);
    const first = iterator.next();
    expect(slow.listeners + fast.listeners).toBe(2);
    fast.finish(2);
    expect(await first).toEqual({ value: fast, done: false });
    await iterator.return?.();
    expect(slow.listeners).toBe(0);

    const timedOut = api.asCompleted([pending], { timeout: 0 });
    await expect(timedOut.next()).rejects.toBeInstanceOf(api.TimeoutError);
    expect(pending.listeners).toBe(0);
    expect(await timedOut.next()).toEqual({ value: undefined, done: true });

    const controller = new AbortController();
    const aborted = api.asCompleted([pending], { signal: controller.signal });
    const step = aborted.next();
    expect(pending.listeners).toBe(1);
    controller.abort(new Error('stop'));
    await expect(step).rejects.toThrow('stop');
    expect(pending.listeners).toBe(0);
  });

  it('asCompleted yields the futures done before the first next() first, then in completion order', async () => {
    const a = new CountingFuture();
    const b = new CountingFuture();
    const c = new CountingFuture();
    const iterator = api.asCompleted([a, b, c]);
    b.finish(2);
    const order: unknown[] = [];
    const collected = (async () => {
      for await (const f of iterator) order.push(f);
    })();
    c.finish(3);
    a.finish(1);
    await collected;
    expect(order).toHaveLength(3);
    [b, c, a].forEach((future, i) => expect(order[i]).toBe(future));
  });
});

describe('Future.removeDoneCallback', () => {
  it('removes every registration of the function and says how many', () => {
    const future = new CountingFuture();
    const calls: string[] = [];
    const fn = (): void => void calls.push('removed');
    future.addDoneCallback(fn);
    future.addDoneCallback(() => calls.push('kept'));
    future.addDoneCallback(fn);
    expect(future.removeDoneCallback(fn)).toBe(2);
    expect(future.removeDoneCallback(fn)).toBe(0);
    future.finish(1);
    expect(calls).toEqual(['kept']);
    expect(future.removeDoneCallback(fn)).toBe(0);
  });
});
