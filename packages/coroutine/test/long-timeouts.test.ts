// Delays and timeouts beyond setTimeout's 2^31-1 ms (24.8 days), and Infinity: Node fires such a
// setTimeout after 1 ms, and so do fake timers, so an early expiry shows here.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  asCompleted,
  createTask,
  Future,
  joinAll,
  sleep,
  spawn,
  timeout,
  TimeoutError,
  wait,
  waitFor,
} from '../src/index.js';
import { deferred } from './helpers.js';

const LONG = 2 ** 32;

/** Records how `p` settles, by name. */
function track(outcomes: string[], name: string, p: PromiseLike<unknown>): void {
  Promise.resolve(p).then(
    () => outcomes.push(`${name} resolved`),
    (e: unknown) => outcomes.push(`${name} ${e instanceof TimeoutError ? 'timed out' : String(e)}`),
  );
}

describe('long delays and timeouts', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sleep of more than 24.8 days sleeps that long; sleep(Infinity) never wakes and makes no timer', async () => {
    const outcomes: string[] = [];
    track(outcomes, 'long', sleep(LONG));
    const forever = createTask(sleep(Infinity));
    track(outcomes, 'forever', forever);
    await vi.advanceTimersByTimeAsync(10);
    expect(outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(LONG - 10);
    expect(outcomes).toEqual(['long resolved']);
    expect(vi.getTimerCount()).toBe(0);
    forever.cancel();
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes).toEqual(['long resolved', 'forever CancelledError']);
  });

  it('waitFor, timeout, wait, asCompleted, Future.result and joinAll do not give up early, and do on time', async () => {
    const gate = deferred<string>();
    const outcomes: string[] = [];
    track(outcomes, 'waitFor', waitFor(gate.promise, LONG));
    track(
      outcomes,
      'timeout',
      timeout(LONG, () => sleep(Infinity)),
    );
    const slow = createTask(gate.promise);
    track(
      outcomes,
      'wait',
      wait([slow], { timeout: LONG }).then(({ pending }) => {
        if (pending.size !== 1) throw new Error('wait: the slow task is not pending');
        throw new TimeoutError('wait: nothing done');
      }),
    );
    track(
      outcomes,
      'asCompleted',
      asCompleted([slow], { timeout: LONG })[Symbol.asyncIterator]().next(),
    );
    track(outcomes, 'Future.result', new Future<number>(() => {}).result({ timeout: LONG }));
    const sleeper = spawn(function* () {
      yield gate.promise;
    });
    track(
      outcomes,
      'joinAll',
      joinAll([sleeper], { timeout: LONG }).then((done) => {
        if (done.length === 0) throw new TimeoutError('joinAll: none finished');
      }),
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(LONG - 20);
    expect(outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(10);
    expect(outcomes.sort()).toEqual(
      ['asCompleted', 'Future.result', 'joinAll', 'timeout', 'wait', 'waitFor']
        .map((name) => `${name} timed out`)
        .sort(),
    );
    gate.resolve('late');
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
