import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, rejection, tasks, type Tasks } from './helpers.js';

describe('timeouts under fake timers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('Future.result({ timeout }) and wait({ timeout }) run on setTimeout, so fake time drives them', async () => {
    await using pool = new api.ThreadPoolExecutor<Tasks>({ module: tasks, maxWorkers: 1 });
    expect(await pool.submit('add', 1, 1)).toBe(2);
    vi.useFakeTimers();
    const never = pool.submit('spin', 400, 'x');
    const waiting = rejection(never.result({ timeout: 60_000 }));
    const partial = api.wait([never], { timeout: 60_000 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await waiting).toBeInstanceOf(api.TimeoutError);
    expect((await partial).notDone.has(never)).toBe(true);
    vi.useRealTimers();
    expect(await never).toBe('x');
  });
});
