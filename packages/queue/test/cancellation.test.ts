// Timeouts and aborts: nothing consumed, nothing inserted, nothing left armed.
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Queue, QueueEmpty, QueueFull, SimpleQueue } from '../src/index.js';
import { activeTimers, outcome } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('abort', () => {
  it('rejects a waiting get with signal.reason and takes nothing', async () => {
    const q = new Queue<number>();
    const ac = new AbortController();
    const reason = new Error('stop');
    const aborted = outcome(q.get({ signal: ac.signal }));
    ac.abort(reason);
    expect(await aborted).toEqual({ error: reason });
    q.putNowait(1);
    expect(q.qsize()).toBe(1);
    expect(q.getNowait()).toBe(1);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('rejects a waiting put with signal.reason and inserts nothing', async () => {
    const q = new Queue<number>({ maxsize: 1 });
    q.putNowait(1);
    const ac = new AbortController();
    const aborted = outcome(q.put(2, { signal: ac.signal }));
    ac.abort('any value');
    expect(await aborted).toEqual({ error: 'any value' });
    expect(q.getNowait()).toBe(1);
    expect(q.qsize()).toBe(0);
    q.taskDone();
    expect(await q.join({ timeout: 0 })).toBe(true); // the aborted item was never counted
  });

  it('rejects at once with an already-aborted signal, even when no wait is needed', async () => {
    const q = new Queue<number>();
    q.putNowait(1);
    const signal = AbortSignal.abort(new Error('early'));
    await expect(q.get({ signal })).rejects.toThrow('early');
    await expect(q.put(2, { signal })).rejects.toThrow('early');
    await expect(q.join({ signal })).rejects.toThrow('early');
    expect(q.qsize()).toBe(1);
    expect(q.getNowait()).toBe(1);
  });

  it('leaves a get that already received its item alone', async () => {
    const q = new Queue<number>();
    const ac = new AbortController();
    const got = q.get({ signal: ac.signal });
    q.putNowait(5);
    ac.abort();
    expect(await got).toBe(5);
  });

  it('rejects a waiting join with signal.reason', async () => {
    const q = new Queue<number>();
    q.putNowait(1);
    const ac = new AbortController();
    const joined = outcome(q.join({ signal: ac.signal }));
    ac.abort('bye');
    expect(await joined).toEqual({ error: 'bye' });
  });

  it('keeps one listener on a signal shared by many waiting calls, and no warning', async () => {
    const q = new Queue<number>();
    const ac = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const calls = Array.from({ length: 50 }, () => outcome(q.get({ signal: ac.signal })));
      expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
      q.putNowait(1); // the first call gets it and stops listening; the others still wait
      expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
      ac.abort('all');
      const results = await Promise.all(calls);
      expect(results[0]).toEqual({ value: 1 });
      expect(results.slice(1)).toEqual(Array.from({ length: 49 }, () => ({ error: 'all' })));
      expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('removes its listener once the call settles any other way', async () => {
    const q = new SimpleQueue<number>();
    const ac = new AbortController();
    const got = q.get({ signal: ac.signal, timeout: 1_000 });
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    q.putNowait(1);
    await got;
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    await expect(q.get({ signal: ac.signal, timeout: 1 })).rejects.toThrow(QueueEmpty);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });
});

describe('timeout', () => {
  it('arms no timer when no wait is needed, and clears it when the wait ends early', async () => {
    const q = new Queue<number>({ maxsize: 1 });
    const before = activeTimers();
    await q.put(1, { timeout: 1_000 });
    expect(await q.get({ timeout: 1_000 })).toBe(1);
    expect(activeTimers()).toBeLessThanOrEqual(before);

    const got = q.get({ timeout: 60_000 });
    expect(activeTimers()).toBeGreaterThanOrEqual(before + 1);
    q.putNowait(2);
    expect(await got).toBe(2);
    expect(activeTimers()).toBeLessThanOrEqual(before);

    q.putNowait(3);
    const put = q.put(4, { timeout: 60_000 });
    const joined = q.join({ timeout: 60_000 });
    expect(activeTimers()).toBeGreaterThanOrEqual(before + 2);
    q.getNowait();
    await put;
    q.getNowait();
    q.taskDone();
    q.taskDone();
    q.taskDone();
    q.taskDone();
    expect(await joined).toBe(true);
    expect(activeTimers()).toBeLessThanOrEqual(before);
  });

  it('leaves no timer behind after an abort or a timeout', async () => {
    const q = new Queue<number>({ maxsize: 1 });
    const before = activeTimers();
    const ac = new AbortController();
    const get = outcome(q.get({ timeout: 60_000, signal: ac.signal }));
    expect(activeTimers()).toBeGreaterThanOrEqual(before + 1);
    ac.abort();
    await get;
    expect(activeTimers()).toBeLessThanOrEqual(before);
    await expect(q.get({ timeout: 1 })).rejects.toThrow(QueueEmpty);
    q.putNowait(1);
    await expect(q.put(2, { timeout: 1 })).rejects.toThrow(QueueFull);
    expect(activeTimers()).toBeLessThanOrEqual(before);
    q.shutdown();
    expect(activeTimers()).toBeLessThanOrEqual(before);
  });

  it('follows the fake clock: get gives up exactly at its timeout, having taken nothing', async () => {
    vi.useFakeTimers();
    const q = new Queue<number>();
    const got = outcome(q.get({ timeout: 1_000 }));
    await vi.advanceTimersByTimeAsync(999);
    q.putNowait(1); // arrives in time
    expect(await got).toEqual({ value: 1 });

    const late = outcome(q.get({ timeout: 1_000 }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await late).toEqual({ error: expect.any(QueueEmpty) });
    q.putNowait(2);
    expect(q.qsize()).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('follows the fake clock: put gives up at its timeout, having inserted nothing', async () => {
    vi.useFakeTimers();
    const q = new Queue<number>({ maxsize: 1 });
    q.putNowait(1);
    const put = outcome(q.put(2, { timeout: 500 }));
    await vi.advanceTimersByTimeAsync(500);
    expect(await put).toEqual({ error: expect.any(QueueFull) });
    expect(q.getNowait()).toBe(1);
    expect(q.qsize()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits out timeouts longer than setTimeout can take in one step', async () => {
    vi.useFakeTimers();
    const q = new Queue<number>();
    const day = 24 * 60 * 60 * 1_000;
    const got = outcome(q.get({ timeout: 30 * day }));
    await vi.advanceTimersByTimeAsync(29 * day);
    let settled = false;
    void got.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(day);
    expect(await got).toEqual({ error: expect.any(QueueEmpty) });
  });

  it('with timeout 0 fails at once instead of waiting, without a timer', async () => {
    const q = new Queue<number>({ maxsize: 1 });
    const before = activeTimers();
    await expect(q.get({ timeout: 0 })).rejects.toThrow(QueueEmpty);
    await q.put(1, { timeout: 0 });
    await expect(q.put(2, { timeout: 0 })).rejects.toThrow(QueueFull);
    expect(await q.get({ timeout: 0 })).toBe(1);
    expect(activeTimers()).toBeLessThanOrEqual(before);
  });
});
