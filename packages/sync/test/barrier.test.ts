import { describe, expect, it, vi } from 'vitest';
import { Barrier, BrokenBarrierError } from '../src/index.js';

describe('Barrier', () => {
  it('releases all parties together with distinct indices and is reusable', async () => {
    const b = new Barrier(3);
    for (let round = 0; round < 3; round++) {
      const steps: string[] = [];
      const parties = [0, 1, 2].map(async (p) => {
        steps.push(`arrive:${p}`);
        const i = await b.wait();
        steps.push(`leave:${p}`);
        return i;
      });
      expect((await Promise.all(parties)).sort()).toEqual([0, 1, 2]);
      expect(steps.slice(0, 3)).toEqual(['arrive:0', 'arrive:1', 'arrive:2']);
      expect(b.nWaiting).toBe(0);
    }
    expect(b.parties).toBe(3);
    expect(b.broken).toBe(false);
  });

  it('runs the action once, in the last party, before anyone leaves', async () => {
    const steps: string[] = [];
    const b = new Barrier(2, { action: () => steps.push('action') });
    await Promise.all([b.wait().then(() => steps.push('a')), b.wait().then(() => steps.push('b'))]);
    expect(steps[0]).toBe('action');
    expect(steps).toHaveLength(3);
  });

  it('a failing action breaks the barrier for everyone', async () => {
    const b = new Barrier(2, {
      action: () => {
        throw new Error('bad action');
      },
    });
    const results = await Promise.allSettled([b.wait(), b.wait()]);
    const reasons = results
      .map((r) => (r.status === 'rejected' ? (r.reason as Error).name : 'ok'))
      .sort();
    expect(reasons).toEqual(['BrokenBarrierError', 'Error']);
    expect(b.broken).toBe(true);
  });

  it('a timeout breaks it; waits then fail until reset', async () => {
    vi.useFakeTimers();
    try {
      const b = new Barrier(2, { timeout: 30 });
      const lonely = b.wait();
      const outcome = lonely.catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(30);
      expect(await outcome).toBeInstanceOf(BrokenBarrierError);
      expect(b.broken).toBe(true);
      await expect(b.wait()).rejects.toBeInstanceOf(BrokenBarrierError);
      await b.reset();
      expect(b.broken).toBe(false);
      expect((await Promise.all([b.wait(), b.wait()])).sort()).toEqual([0, 1]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('abort() breaks waiting parties at once', async () => {
    const b = new Barrier(3);
    const waiting = [b.wait().catch((e: unknown) => e), b.wait().catch((e: unknown) => e)];
    await vi.waitFor(() => expect(b.nWaiting).toBe(2));
    void b.abort();
    for (const r of await Promise.all(waiting)) expect(r).toBeInstanceOf(BrokenBarrierError);
    expect(b.broken).toBe(true);
  });

  it('counts a party once wait() returns, so abort() and reset() called next reach it', async () => {
    const b = new Barrier(3);
    const first = b.wait().catch((e: unknown) => e);
    const second = b.wait().catch((e: unknown) => e);
    expect(b.nWaiting).toBe(2);
    void b.abort();
    expect(b.broken).toBe(true);
    for (const r of await Promise.all([first, second]))
      expect(r).toBeInstanceOf(BrokenBarrierError);

    const c = new Barrier(2);
    const lone = c.wait().catch((e: unknown) => e);
    expect(c.nWaiting).toBe(1);
    void c.reset();
    expect(c.nWaiting).toBe(0);
    expect(await lone).toBeInstanceOf(BrokenBarrierError);
    expect(c.broken).toBe(false);
    expect((await Promise.all([c.wait(), c.wait()])).sort()).toEqual([0, 1]);
  });

  it('reset() breaks current waiters and leaves the barrier usable', async () => {
    const b = new Barrier(2);
    const waiting = b.wait().catch((e: unknown) => e);
    await vi.waitFor(() => expect(b.nWaiting).toBe(1));
    await b.reset();
    expect(await waiting).toBeInstanceOf(BrokenBarrierError);
    expect(b.broken).toBe(false);
    expect((await Promise.all([b.wait(), b.wait()])).sort()).toEqual([0, 1]);
  });

  it('an aborted wait rejects with the reason and breaks the barrier for others', async () => {
    const b = new Barrier(3);
    const ac = new AbortController();
    const mine = b.wait({ signal: ac.signal }).catch((e: unknown) => e);
    const other = b.wait().catch((e: unknown) => e);
    await vi.waitFor(() => expect(b.nWaiting).toBe(2));
    ac.abort('bye');
    expect(await mine).toBe('bye');
    expect(await other).toBeInstanceOf(BrokenBarrierError);
  });

  it('rejects bad input', async () => {
    expect(() => new Barrier(0)).toThrow(RangeError);
    expect(() => new Barrier(2, { timeout: -1 })).toThrow(RangeError);
    expect(() => new Barrier(2, { action: 5 as never })).toThrow(TypeError);
    expect(() => new Barrier(2, 5 as never)).toThrow(TypeError);
    expect(() => new Barrier(2).wait({ timeout: NaN })).toThrow(TypeError); // at the call
  });
});
