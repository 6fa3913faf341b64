import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, both, rejection, tasks, until } from './helpers.js';

describe.each(both)('Future on %s', (_name, make) => {
  let pool: ReturnType<typeof make>;
  beforeAll(() => {
    pool = make({ module: tasks, maxWorkers: 1 });
  });
  afterAll(() => pool.shutdown());

  it('moves PENDING -> RUNNING -> FINISHED; cancel is false once it runs', async () => {
    const f = pool.submit('sleep', 80, 'v');
    expect(['PENDING', 'RUNNING']).toContain(f.state);
    await until(() => f.running(), 'the task to run');
    expect(f.cancel()).toBe(false);
    expect(f.done()).toBe(false);
    expect(await f).toBe('v');
    expect(f.state).toBe('FINISHED');
    expect(f.cancel()).toBe(false);
    expect(f.cancelled()).toBe(false);
  });

  it('cancels a task already handed to the worker as long as it has not started', async () => {
    const blocker = pool.submit('spin', 150, 'b');
    const queued = pool.submit('add', 1, 2);
    await until(() => blocker.running(), 'the blocker to run');
    expect(queued.state).toBe('PENDING');
    expect(queued.cancel()).toBe(true);
    expect(queued.cancel()).toBe(true);
    expect(queued.cancelled()).toBe(true);
    expect(queued.done()).toBe(true);
    expect(await rejection(queued)).toBeInstanceOf(api.CancelledError);
    expect(await rejection(queued.result())).toBeInstanceOf(api.CancelledError);
    expect(await rejection(queued.exception())).toBeInstanceOf(api.CancelledError);
    expect(await blocker).toBe('b');
    expect(await pool.submit('add', 2, 2)).toBe(4);
  });

  it('result and exception wait with a timeout or a signal, and the task goes on', async () => {
    const f = pool.submit('sleep', 150, 'late');
    expect(await rejection(f.result({ timeout: 10 }))).toBeInstanceOf(api.TimeoutError);
    expect(await rejection(f.exception({ timeout: 10 }))).toBeInstanceOf(api.TimeoutError);
    const controller = new AbortController();
    const waiting = f.result({ signal: controller.signal });
    controller.abort(new Error('gave up'));
    expect((await rejection(waiting)).message).toBe('gave up');
    expect(await f.result()).toBe('late');
    expect(await f.exception()).toBeUndefined();
  });

  it('calls done callbacks once, in order, at once when already done; their errors become warnings', async () => {
    const steps: string[] = [];
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    const f = pool.submit('add', 1, 1);
    f.addDoneCallback(() => steps.push('a'));
    f.addDoneCallback(() => {
      throw new Error('callback bug');
    });
    f.addDoneCallback((done) => steps.push(`b:${String(done.done())}`));
    expect(await f).toBe(2);
    f.addDoneCallback(() => steps.push('late'));
    expect(steps).toEqual(['a', 'b:true', 'late']);
    await until(() => warnings.length > 0, 'the warning');
    process.off('warning', onWarning);
    expect(warnings[0]!.name).toBe('FutureCallbackError');
    expect((warnings[0]!.cause as Error).message).toBe('callback bug');
    expect(await pool.submit('add', 2, 3)).toBe(5);
  });
});
