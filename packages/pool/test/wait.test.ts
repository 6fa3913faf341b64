import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, rejection, tasks, type Tasks } from './helpers.js';

describe('wait and asCompleted', () => {
  let pool: InstanceType<typeof api.ThreadPoolExecutor<Tasks>>;
  beforeAll(async () => {
    pool = new api.ThreadPoolExecutor<Tasks>({ module: tasks, maxWorkers: 2 });
    // Both workers up, so no ordering below depends on how long a thread takes to start.
    await Promise.all([pool.submit('sleep', 50, 0), pool.submit('sleep', 50, 0)]);
  });
  afterAll(() => pool.shutdown());

  it('ALL_COMPLETED waits for all; FIRST_COMPLETED for one', async () => {
    const fast = pool.submit('sleep', 1, 'fast');
    const slow = pool.submit('sleep', 300, 'slow');
    const first = await api.wait([fast, slow], { returnWhen: 'FIRST_COMPLETED' });
    expect([...first.done]).toEqual([fast]);
    expect([...first.notDone]).toEqual([slow]);
    const all = await api.wait([fast, slow]);
    expect(all.done.size).toBe(2);
    expect(all.notDone.size).toBe(0);
  });

  it('FIRST_EXCEPTION returns at the first error, not at a cancellation', async () => {
    const slow = pool.submit('sleep', 2_000, 'slow');
    const bad = pool.submit('fail', 'x', 'E');
    const { done, notDone } = await api.wait([slow, bad], { returnWhen: 'FIRST_EXCEPTION' });
    expect([...done]).toEqual([bad]);
    expect([...notDone]).toEqual([slow]);
    const none = await api.wait([pool.submit('add', 1, 1)], { returnWhen: 'FIRST_EXCEPTION' });
    expect(none.done.size).toBe(1);
  });

  it('returns what is done when the timeout passes', async () => {
    const slow = pool.submit('sleep', 300, 1);
    const { done, notDone } = await api.wait([slow], { timeout: 20 });
    expect(done.size).toBe(0);
    expect(notDone.has(slow)).toBe(true);
    expect(() => api.wait([slow], { returnWhen: 'SOMETIMES' as never })).toThrow(RangeError);
  });

  it('asCompleted yields each future once, in completion order, done ones first', async () => {
    const done = pool.submit('add', 0, 0);
    await done;
    const slow = pool.submit('sleep', 200, 'slow');
    const fast = pool.submit('sleep', 20, 'fast');
    const order: unknown[] = [];
    for await (const f of api.asCompleted([slow, done, fast, fast])) order.push(await f);
    expect(order).toEqual([0, 'fast', 'slow']);
  });

  it('asCompleted throws TimeoutError when futures are left at the deadline', async () => {
    const slow = pool.submit('sleep', 500, 'slow');
    const error = await rejection(
      (async () => {
        for await (const f of api.asCompleted([slow], { timeout: 20 })) void f;
      })(),
    );
    expect(error).toBeInstanceOf(api.TimeoutError);
  });
});
