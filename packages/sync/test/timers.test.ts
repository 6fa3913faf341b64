// @skein/sync/timers: setTimeout for any delay (Node fires one beyond 2^31-1 ms after 1 ms, and so
// do fake timers, so an early expiry shows here), none for Infinity, arguments without closures.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTimer, stopTimer } from '../src/timers.js';

const MAX = 2 ** 31 - 1;
const LONG = 3 * MAX + 5;

describe('startTimer / stopTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a delay of several times 24.8 days fires once, on time, with its arguments', async () => {
    const calls: unknown[][] = [];
    startTimer((a: string, b: number) => calls.push([a, b]), LONG, 'late', 7);
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(LONG - 11);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([['late', 7]]);
    await vi.advanceTimersByTimeAsync(LONG);
    expect(calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a short delay is a plain timer and gets its arguments', async () => {
    const calls: unknown[][] = [];
    const handle = startTimer((a: number, b: number) => calls.push([a, b]), 50, 1, 2);
    expect(handle).toBeDefined();
    await vi.advanceTimersByTimeAsync(50);
    expect(calls).toEqual([[1, 2]]);
  });

  it('Infinity makes no timer and never fires; stopTimer(undefined) is fine', async () => {
    const fired: string[] = [];
    const handle = startTimer(() => fired.push('never'), Infinity);
    expect(handle).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(LONG);
    expect(fired).toEqual([]);
    stopTimer(handle);
  });

  it('stopTimer stops a long timer in any of its steps, and a short one', async () => {
    const fired: string[] = [];
    const long = startTimer(() => fired.push('long'), LONG);
    const short = startTimer(() => fired.push('short'), 10);
    stopTimer(short);
    await vi.advanceTimersByTimeAsync(2 * MAX + 3); // into the third step
    stopTimer(long);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(LONG);
    expect(fired).toEqual([]);
  });
});

describe('unref', () => {
  it('unref() lets the process exit while a long timer runs', () => {
    const refed = (): number =>
      process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = refed();
    const handle = startTimer(() => {}, LONG);
    expect(refed()).toBe(before + 1);
    handle!.unref();
    expect(refed()).toBe(before);
    stopTimer(handle);
  });
});
