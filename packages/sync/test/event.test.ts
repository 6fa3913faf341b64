import { describe, expect, it, vi } from 'vitest';
import { Event, holdThreadAlive } from '../src/index.js';

describe('Event', () => {
  it('starts clear, wakes every waiter on set, and stays set until clear', async () => {
    const e = new Event();
    expect(e.isSet()).toBe(false);
    const steps: string[] = [];
    const waiters = ['a', 'b', 'c'].map((n) => e.wait().then((v) => steps.push(`${n}:${v}`)));
    steps.push('set');
    e.set();
    await Promise.all(waiters);
    expect(steps).toEqual(['set', 'a:true', 'b:true', 'c:true']);
    expect(await e.wait()).toBe(true);
    e.clear();
    expect(e.isSet()).toBe(false);
  });

  it('wakes a waiter even if cleared right after set (through shared memory too)', async () => {
    const e = new Event();
    const twin = Event.fromShared(e.toShared());
    const local = e.wait();
    const remote = twin.wait();
    e.set();
    e.clear();
    expect(await local).toBe(true);
    expect(await remote).toBe(true);
  });

  it('returns false on timeout and rejects with the reason on abort', async () => {
    vi.useFakeTimers();
    try {
      const e = new Event();
      const t = e.wait({ timeout: 20 });
      await vi.advanceTimersByTimeAsync(20);
      expect(await t).toBe(false);
      const ac = new AbortController();
      const a = e.wait({ signal: ac.signal });
      ac.abort(new Error('cancelled'));
      await expect(a).rejects.toThrow('cancelled');
      expect(await e.wait({ timeout: 0 })).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a waiter through a second instance is woken by set on the first', async () => {
    const e = new Event();
    const twin = Event.fromShared(structuredClone(e.toShared()));
    const w = twin.wait();
    e.set();
    expect(await w).toBe(true);
    expect(twin.isSet()).toBe(true);
  });

  it('leaves no timer or keep-alive behind after waits end', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const e = new Event();
    const ac = new AbortController();
    const waits = [
      e.wait({ timeout: 1000 }),
      e.wait({ signal: ac.signal }).catch(() => 'aborted'),
      e.wait(),
    ];
    ac.abort();
    e.set();
    expect(await Promise.all(waits)).toEqual([true, 'aborted', true]);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
  });

  it('rejects bad options', () => {
    expect(() => new Event().wait({ timeout: -5 })).toThrow(RangeError);
    expect(() => Event.fromShared(null as never)).toThrow(TypeError);
  });
});

describe('holdThreadAlive', () => {
  it('holds one shared keep-alive while any holder lives, and releases once', () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const a = holdThreadAlive();
    const b = holdThreadAlive();
    expect(timers()).toBe(before + 1);
    a();
    a();
    expect(timers()).toBe(before + 1);
    b();
    expect(timers()).toBe(before);
  });
});
