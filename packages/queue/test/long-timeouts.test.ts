// Timeouts beyond setTimeout's 2^31-1 ms (24.8 days): Node fires a longer setTimeout after 1 ms,
// and so do fake timers, so an early expiry shows here.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Queue, QueueEmpty, QueueFull } from '../src/index.js';

const LONG = 2 ** 32;

describe('timeouts longer than 24.8 days', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('get and put wait them out in full, then give up', async () => {
    const empty = new Queue<number>();
    const full = new Queue<number>({ maxsize: 1 });
    full.putNowait(1);
    const outcomes: string[] = [];
    empty.get({ timeout: LONG }).then(
      () => outcomes.push('get resolved'),
      (e: unknown) => outcomes.push(e instanceof QueueEmpty ? 'get: QueueEmpty' : String(e)),
    );
    full.put(2, { timeout: LONG }).then(
      () => outcomes.push('put resolved'),
      (e: unknown) => outcomes.push(e instanceof QueueFull ? 'put: QueueFull' : String(e)),
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(LONG - 11);
    expect(outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(outcomes.sort()).toEqual(['get: QueueEmpty', 'put: QueueFull']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a long get is served by a later put and leaves no timer behind', async () => {
    const q = new Queue<string>();
    const got = q.get({ timeout: LONG });
    await vi.advanceTimersByTimeAsync(10);
    q.putNowait('x');
    expect(await got).toBe('x');
    expect(vi.getTimerCount()).toBe(0);
  });
});
