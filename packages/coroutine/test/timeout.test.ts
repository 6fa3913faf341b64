import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CancelledError,
  createTask,
  shield,
  sleep,
  timeout,
  TimeoutError,
  waitFor,
} from '../src/index.js';
import { deferred, drain, rejection } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A task sleeping a minute whose cleanup waits for `cleanup`, noting its steps. */
function sleeperWithCleanup(
  steps: string[],
  cleanup: { promise: Promise<unknown> },
  last?: string,
): ReturnType<typeof createTask<void>> {
  return createTask(async () => {
    try {
      await sleep(60_000);
    } finally {
      steps.push('cleanup started');
      await cleanup.promise;
      if (last !== undefined) steps.push(last);
    }
  });
}

describe('waitFor', () => {
  it('returns the value when in time and clears its timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const gate = deferred<string>();
    const p = waitFor(gate.promise, 1000);
    gate.resolve('ok');
    expect(await p).toBe('ok');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('on timeout cancels the inner task and waits for its cleanup before throwing TimeoutError', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const steps: string[] = [];
    const cleanup = deferred();
    const inner = sleeperWithCleanup(steps, cleanup, 'cleanup done');
    const p = waitFor(inner, 100).catch((e: Error) => {
      steps.push(`${e.name} cause=${(e.cause as Error).name}`);
    });
    await vi.advanceTimersByTimeAsync(100);
    steps.push('timer fired');
    cleanup.resolve();
    await p;
    expect(steps).toEqual([
      'cleanup started',
      'timer fired',
      'cleanup done',
      'TimeoutError cause=CancelledError',
    ]);
    expect(inner.state).toBe('cancelled');
  });

  it('returns the value of an inner task that swallows the cancellation', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const p = waitFor(
      createTask(async () => {
        try {
          await sleep(60_000);
        } catch {
          return 'swallowed';
        }
        return 'unreachable';
      }),
      10,
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(await p).toBe('swallowed');
  });

  it('propagates the inner error', async () => {
    const boom = new Error('boom');
    expect(await rejection(waitFor(Promise.reject(boom), 100))).toBe(boom);
  });

  it('cancelling the waiter cancels the inner task and rejects with CancelledError', async () => {
    const steps: string[] = [];
    const inner = createTask(async () => {
      try {
        await sleep(60_000);
      } finally {
        steps.push('inner cleanup');
      }
    });
    const waiter = createTask(() => waitFor(inner, 60_000));
    await drain();
    waiter.cancel();
    const error = await rejection(waiter);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(steps).toEqual(['inner cleanup']);
  });

  it('a waiter cancelled while the inner task cleans up past the deadline rejects with CancelledError', async () => {
    // As asyncio.wait_for: the timeout counts as the cause only when nobody else asked to cancel.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const steps: string[] = [];
    const cleanup = deferred();
    const inner = sleeperWithCleanup(steps, cleanup);
    const waiter = createTask(() => waitFor(inner, 100));
    await drain();
    waiter.cancel('caller');
    await drain();
    await vi.advanceTimersByTimeAsync(100); // the deadline passes during the cleanup
    steps.push('deadline passed');
    cleanup.resolve();
    const error = (await rejection(waiter)) as Error;
    steps.push(`${error.name}: ${error.message}`);
    expect(steps).toEqual(['cleanup started', 'deadline passed', 'CancelledError: caller']);
    expect(waiter.state).toBe('cancelled');
  });

  it('a zero timeout cancels work that has not finished before it runs', async () => {
    const steps: string[] = [];
    const inner = createTask(async () => {
      steps.push('ran');
      await Promise.resolve();
    });
    expect(await rejection(waitFor(inner, 0))).toBeInstanceOf(TimeoutError);
    expect(steps).toEqual([]);
    const finished = createTask(async () => 'ok');
    await finished;
    expect(await waitFor(finished, 0)).toBe('ok');
  });

  it('waits forever with undefined or null ms', async () => {
    expect(await waitFor(Promise.resolve(1), undefined)).toBe(1);
    expect(await waitFor(Promise.resolve(2), null)).toBe(2);
    expect(await timeout(null, () => 3)).toBe(3);
  });

  it('rejects bad input at the call', () => {
    expect(() => waitFor(Promise.resolve(), -1)).toThrow(RangeError);
    expect(() => waitFor(Promise.resolve(), 'soon' as never)).toThrow(TypeError);
    expect(() => waitFor(42 as never, 10)).toThrow(TypeError);
  });
});

describe('timeout', () => {
  it('runs fn with a signal and returns its value in time', async () => {
    expect(await timeout(1000, (signal) => (signal instanceof AbortSignal ? 'ok' : 'no'))).toBe(
      'ok',
    );
  });

  it('aborts the signal, cancels what fn awaits and throws TimeoutError', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const steps: string[] = [];
    const p = timeout(50, async (signal) => {
      signal.addEventListener('abort', () => steps.push('aborted'));
      try {
        await sleep(60_000);
      } finally {
        steps.push('finally');
      }
    }).catch((e: Error) => steps.push(e.name));
    await vi.advanceTimersByTimeAsync(50);
    await p;
    expect(steps).toEqual(['aborted', 'finally', 'TimeoutError']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a caller cancelled after the deadline, while fn cleans up, rejects with CancelledError', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const steps: string[] = [];
    const cleanup = deferred();
    const caller = createTask(() =>
      timeout(100, async () => {
        try {
          await sleep(60_000);
        } finally {
          steps.push('cleanup started');
          await cleanup.promise;
        }
      }),
    );
    await drain();
    await vi.advanceTimersByTimeAsync(100);
    steps.push('deadline passed');
    caller.cancel('caller');
    cleanup.resolve();
    const error = (await rejection(caller)) as Error;
    steps.push(error.name);
    expect(steps).toEqual(['cleanup started', 'deadline passed', 'CancelledError']);
    expect(caller.state).toBe('cancelled');
  });

  it('works with generator functions', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const steps: string[] = [];
    const p = timeout(5, function* () {
      try {
        yield new Promise(() => {});
      } finally {
        steps.push('finally');
      }
    }).catch((e: Error) => steps.push(e.name));
    await vi.advanceTimersByTimeAsync(5);
    await p;
    expect(steps).toEqual(['finally', 'TimeoutError']);
  });

  it('a zero timeout runs fn up to where it waits on a timer, as asyncio.timeout(0)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    expect(await timeout(0, async () => 'no await')).toBe('no await');
    expect(
      // eslint-disable-next-line require-yield -- a body that never suspends
      await timeout(0, function* () {
        return 'no yield';
      }),
    ).toBe('no yield');
    expect(await timeout(0, async () => await Promise.resolve('settled'))).toBe('settled');
    expect(vi.getTimerCount()).toBe(0);

    const steps: string[] = [];
    const p = timeout(0, async () => {
      steps.push('started');
      await sleep(0);
      steps.push('unreachable');
    }).catch((e: Error) => steps.push(e.name));
    await vi.advanceTimersByTimeAsync(0);
    await p;
    expect(steps).toEqual(['started', 'TimeoutError']);
  });

  it('rejects bad input at the call', () => {
    expect(() => timeout(-1, async () => {})).toThrow(RangeError);
    expect(() => timeout(10, 'fn' as never)).toThrow(TypeError);
  });
});

describe('shield', () => {
  it('shielded work survives the cancellation of its waiter', async () => {
    const steps: string[] = [];
    const gate = deferred<string>();
    const work = createTask(async () => {
      const v = await gate.promise;
      steps.push('work finished');
      return v;
    });
    const waiter = createTask(async () => {
      try {
        return await shield(work);
      } catch (e) {
        steps.push(`waiter ${(e as Error).name}`);
        throw e;
      }
    });
    await drain();
    waiter.cancel();
    await rejection(waiter);
    expect(work.state).toBe('running');
    gate.resolve('saved');
    expect(await work).toBe('saved');
    expect(steps).toEqual(['waiter CancelledError', 'work finished']);
  });

  it('cancelling the shield ends it cancelled at once, not the inner work', async () => {
    const gate = deferred<number>();
    const inner = createTask(gate.promise);
    const outer = shield(inner);
    expect(outer.cancel()).toBe(true);
    expect(outer.state).toBe('cancelled');
    expect(inner.state).toBe('running');
    gate.resolve(7);
    expect(await inner).toBe(7);
  });

  it('mirrors the outcome and returns a finished task as is', async () => {
    const boom = new Error('boom');
    expect(await rejection(shield(Promise.reject(boom)))).toBe(boom);
    const done = createTask(() => 1);
    await done;
    expect(shield(done)).toBe(done);
    expect(() => shield(3 as never)).toThrow(TypeError);
  });
});
