// Cancelling a Task interrupts what it awaits in @skein/sync and @skein/queue even without a
// signal, as asyncio's cancellation interrupts `await lock.acquire()` or `await queue.get()`:
// those calls wait on the running Task's signal when given none (sync's currentTaskSignal).
import { Queue, SharedQueue } from '@skein/queue';
import { Condition, currentTaskSignal, Event, Lock, Semaphore } from '@skein/sync';
import { describe, expect, it } from 'vitest';
import { CancelledError, createTask } from '../src/index.js';
import { drain, rejection } from './helpers.js';

/** Starts `wait` in a task, lets it park, cancels the task and checks it ended cancelled. */
async function cancelWhileWaiting(wait: () => Promise<unknown>): Promise<void> {
  const task = createTask(async () => {
    await wait();
    return 'not interrupted';
  });
  await drain();
  expect(task.done()).toBe(false);
  task.cancel();
  expect(await rejection(task)).toBeInstanceOf(CancelledError);
  expect(task.cancelled()).toBe(true);
}

describe('cancelling a task interrupts its waits on @skein/sync and @skein/queue', () => {
  it('Lock, Semaphore, Event and Condition; nothing is left held or queued', async () => {
    const lock = new Lock();
    await lock.acquire();
    await cancelWhileWaiting(() => lock.acquire());
    lock.release();
    expect(lock.locked()).toBe(false); // the cancelled waiter was not handed the lock
    expect(lock.tryAcquire()).toBe(true);
    lock.release();

    const sem = new Semaphore(0);
    await cancelWhileWaiting(() => sem.acquire());
    sem.release();
    expect(sem.value).toBe(1);

    await cancelWhileWaiting(() => new Event().wait());

    const cond = new Condition();
    let heldAfter: boolean | undefined;
    await cancelWhileWaiting(() =>
      cond.withLock(async () => {
        try {
          await cond.wait();
        } finally {
          heldAfter = cond.lock.locked(); // the lock is taken back before the CancelledError goes on
        }
      }),
    );
    expect([heldAfter, cond.lock.locked()]).toEqual([true, false]);
  });

  it('Queue.get, Queue.put and SharedQueue.get: the next caller is served instead', async () => {
    const q = new Queue<number>();
    await cancelWhileWaiting(() => q.get());
    const next = q.get();
    q.putNowait(1);
    expect(await next).toBe(1);

    const full = new Queue<number>({ maxsize: 1 });
    full.putNowait(0);
    await cancelWhileWaiting(() => full.put(99));
    expect([full.getNowait(), full.qsize()]).toEqual([0, 0]); // the cancelled put inserted nothing

    const shared = new SharedQueue<number>();
    await cancelWhileWaiting(() => shared.get());
    const later = shared.get();
    shared.putNowait(2);
    expect(await later).toBe(2);
  });

  it('a signal of its own still wins, and outside a task there is none', async () => {
    expect(currentTaskSignal()).toBeUndefined();
    const own = new AbortController();
    const task = createTask(async () => {
      const signal = currentTaskSignal();
      await new Event().wait({ signal: own.signal }).catch((e: Error) => e.message);
      return signal instanceof AbortSignal;
    });
    await drain();
    own.abort(new Error('own'));
    expect(await task).toBe(true);
  });
});
