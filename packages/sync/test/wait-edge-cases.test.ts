// Edge cases of waiting calls: timeouts beyond setTimeout's 2^31-1 ms (24.8 days; Node fires a
// longer setTimeout after 1 ms, and so do fake timers, so these tests see an early expiry),
// Infinity, tryAcquire's result, and signals that are already aborted.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Barrier, Condition, Event, Lock, RLock, Semaphore, Timer } from '../src/index.js';

const LONG = 2 ** 32;

describe('long and infinite timeouts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a wait longer than 24.8 days does not expire early, and expires on time', async () => {
    const event = new Event();
    let result: boolean | undefined;
    void event.wait({ timeout: LONG }).then((r) => (result = r));
    await vi.advanceTimersByTimeAsync(10);
    expect(result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(LONG);
    expect(result).toBe(false);
  });

  it('Lock.acquire and Condition.wait with a long timeout are woken, not timed out', async () => {
    const lock = new Lock();
    await lock.acquire();
    const acquiring = lock.acquire({ timeout: LONG });
    await vi.advanceTimersByTimeAsync(10);
    lock.release();
    expect(await acquiring).toBe(true);
    lock.release();

    const cond = new Condition();
    await cond.acquire();
    let woken: boolean | undefined;
    void cond.wait({ timeout: LONG }).then((r) => (woken = r));
    await vi.advanceTimersByTimeAsync(10);
    expect(woken).toBeUndefined();
    await cond.acquire();
    cond.notify();
    cond.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(woken).toBe(true);
    cond.release();
  });

  it('a Timer of more than 24.8 days fires on time, not after 1 ms; Infinity never fires', async () => {
    const fired: string[] = [];
    const long = new Timer(LONG, () => fired.push('long'));
    const never = new Timer(Infinity, () => fired.push('never'));
    long.start();
    never.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(fired).toEqual([]);
    await vi.advanceTimersByTimeAsync(LONG);
    expect(fired).toEqual(['long']);
    never.cancel();
    expect(never.finished.isSet()).toBe(true);
  });

  it('a Barrier’s default timeout beyond 24.8 days (or Infinity) is kept, not cut to 24.8 days', async () => {
    const outcomes: string[] = [];
    const track = (what: string, p: Promise<number>): void =>
      void p.then(
        () => outcomes.push(`${what} passed`),
        (e: unknown) => outcomes.push(`${what} ${(e as Error).name}`),
      );
    const long = new Barrier(2, { timeout: LONG });
    const forever = new Barrier(2, { timeout: Infinity });
    track('long', long.wait());
    track('forever', forever.wait());
    await vi.advanceTimersByTimeAsync(2 ** 31);
    expect(outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(LONG - 2 ** 31 - 1);
    expect(outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000); // kept in whole seconds beyond 24.8 days
    expect(outcomes).toEqual(['long BrokenBarrierError']);
    await vi.advanceTimersByTimeAsync(100 * LONG);
    expect(outcomes).toEqual(['long BrokenBarrierError']);
    await forever.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes).toEqual(['long BrokenBarrierError', 'forever BrokenBarrierError']);
  });

  it('a timeout of Infinity waits forever, as no timeout does', async () => {
    const sem = new Semaphore(0);
    let got: boolean | undefined;
    void sem.acquire({ timeout: Infinity }).then((r) => (got = r));
    await vi.advanceTimersByTimeAsync(LONG);
    expect(got).toBeUndefined();
    sem.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(got).toBe(true);
  });
});

describe('tryAcquire', () => {
  it('reports the permit it took, also after releases of what another caller acquired', () => {
    const sem = new Semaphore(0);
    sem.release();
    expect(sem.tryAcquire()).toBe(true);
    expect(sem.value).toBe(0);
    expect(sem.tryAcquire()).toBe(false);
  });
});

describe('an aborted signal', () => {
  it('rejects a re-entry of an RLock and a waitFor whose predicate already holds', async () => {
    const signal = AbortSignal.abort(new Error('stop'));
    const rlock = new RLock();
    await rlock.acquire();
    await expect(rlock.acquire({ signal })).rejects.toThrow('stop');
    rlock.release();
    expect(rlock.locked()).toBe(false); // the rejected re-entry took nothing
    const cond = new Condition();
    await cond.acquire();
    await expect(cond.waitFor(() => true, { signal })).rejects.toThrow('stop');
    cond.release();
  });
});
