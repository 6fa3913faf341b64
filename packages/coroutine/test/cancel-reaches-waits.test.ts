// Cancelling a Task interrupts what it awaits in @skein/sync and @skein/queue even without a
// signal, as asyncio's cancellation interrupts `await lock.acquire()` or `await queue.get()`:
// those calls link their wait to the running Task (sync's linkToCurrentTask).
import { Queue, SharedQueue } from '@skein/queue';
import { Barrier, Condition, Event, Lock, RLock, Semaphore } from '@skein/sync';
import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  createTask,
  currentTask,
  shield,
  TimeoutError,
  waitFor,
} from '../src/index.js';
import { deferred, drain, rejection } from './helpers.js';

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
  it('Lock, Semaphore and Event; nothing is left held or queued', async () => {
    const lock = new Lock();
    await lock.acquire();
    await cancelWhileWaiting(() => lock.acquire());
    lock.release();
    expect(lock.locked()).toBe(false); // the cancelled waiter was not handed the lock
    const sem = new Semaphore(0);
    await cancelWhileWaiting(() => sem.acquire());
    sem.release();
    expect(sem.value).toBe(1);
    await cancelWhileWaiting(() => new Event().wait());
  });

  it('Condition.wait takes the lock back before the CancelledError goes on', async () => {
    for (const lock of [new Lock(), new RLock()]) {
      const cond = new Condition(lock);
      const notifiedHolds = deferred();
      const steps: string[] = [];
      const waiter = createTask(async () => {
        await cond.acquire();
        try {
          await cond.wait();
        } finally {
          steps.push(`waiter leaves holding: ${lock.locked()}`);
          cond.release();
        }
      });
      await drain();
      // Notified while another task holds the lock, then cancelled while taking it back.
      const holder = createTask(async () => {
        await cond.acquire();
        cond.notify();
        await notifiedHolds.promise;
        steps.push('holder releases');
        cond.release();
      });
      await drain();
      waiter.cancel();
      await drain();
      notifiedHolds.resolve();
      await holder;
      expect(await rejection(waiter)).toBeInstanceOf(CancelledError);
      expect(steps).toEqual(['holder releases', 'waiter leaves holding: true']);
      expect(lock.locked()).toBe(false);
    }
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

  it('SharedQueue.join: the cancelled join stops waiting, and a later join still ends', async () => {
    const shared = new SharedQueue<number>();
    shared.putNowait(1);
    await cancelWhileWaiting(() => shared.join());
    const joined = shared.join();
    shared.getNowait();
    shared.taskDone();
    expect(await joined).toBe(true);
    // A task cancelled before it joins stops at once.
    shared.putNowait(2);
    const early = createTask(async () => {
      currentTask()!.cancel();
      await shared.join();
    });
    expect(await rejection(early)).toBeInstanceOf(CancelledError);
  });

  it('a generator task cancelled during a step cancels the wait it yields, which takes nothing', async () => {
    const lock = new Lock();
    await lock.acquire();
    const task = createTask(function* () {
      currentTask()!.cancel();
      yield lock.acquire();
    });
    expect(await rejection(task)).toBeInstanceOf(CancelledError);
    lock.release();
    expect(lock.locked()).toBe(false); // the cancelled waiter was not handed the lock
  });

  it('a cancellation asked before the wait starts interrupts it at once, and a second one the next', async () => {
    const lock = new Lock();
    await lock.acquire();
    const gate = deferred();
    const outcomes: string[] = [];
    const task = createTask(async () => {
      await gate.promise; // cancelled while here: a bare promise, which cannot be interrupted
      try {
        await lock.acquire();
      } catch (error) {
        outcomes.push((error as Error).name); // swallowed: the task goes on
      }
      await lock.acquire();
    });
    await drain();
    task.cancel();
    gate.resolve();
    await drain();
    expect(outcomes).toEqual(['CancelledError']);
    expect(task.done()).toBe(false); // parked in the second acquire
    task.cancel();
    expect(await rejection(task)).toBeInstanceOf(CancelledError);
    lock.release();
    expect(lock.locked()).toBe(false);
  });

  it('a wait handed to shield survives its maker; one handed to waitFor is cancelled by it', async () => {
    const q = new Queue<number>();
    let shielded: Promise<number> | undefined;
    const outer = createTask(async () => {
      shielded = q.get();
      return shield(shielded);
    });
    await drain();
    outer.cancel();
    await rejection(outer);
    q.putNowait(5);
    expect(await shielded).toBe(5);

    const inner = createTask(async () => waitFor(q.get(), 1));
    expect(await rejection(inner)).toBeInstanceOf(TimeoutError);
    q.putNowait(6);
    expect(q.qsize()).toBe(1); // the timed-out get took nothing
  });

  it('a wait that leaves at once (cancelled before it started) does not disturb the queued ones', async () => {
    for (const lock of [new Lock(), new RLock(), new Semaphore(1)]) {
      await lock.acquire();
      let served = false;
      const queued = createTask(async () => {
        await lock.acquire();
        served = true;
        lock.release();
      });
      const gate = deferred();
      const late = createTask(async () => {
        await gate.promise; // cancelled while here
        await lock.acquire(); // leaves at once, while `queued` waits
      });
      await drain();
      late.cancel();
      gate.resolve();
      expect(await rejection(late)).toBeInstanceOf(CancelledError);
      lock.release();
      await queued;
      expect(served).toBe(true);
      expect(lock.tryAcquire()).toBe(true); // and the lock still works for everyone
      lock.release();
    }
  });

  it('a Condition waiter cancelled, then notified while taking its lock back, ends cancelled and passes the notification on', async () => {
    for (const lock of [new Lock(), new RLock()]) {
      const cond = new Condition(lock);
      const a = createTask(async () => {
        await cond.acquire();
        try {
          await cond.wait();
        } finally {
          cond.release();
        }
      });
      await drain();
      const c = createTask(async () => {
        await cond.acquire();
        try {
          return await cond.wait();
        } finally {
          cond.release();
        }
      });
      await drain();
      await cond.acquire();
      a.cancel(); // A's slot is still first in line...
      cond.notify(); // ...and takes this notification while it waits for the lock
      cond.release();
      expect(await rejection(a)).toBeInstanceOf(CancelledError);
      expect(await c).toBe(true); // the notification went on to C
    }
  });

  it('a barrier party cancelled as the barrier trips ends cancelled without breaking it, 20 rounds', async () => {
    for (let round = 0; round < 20; round++) {
      const barrier = new Barrier(2);
      const first = createTask(async () => barrier.wait());
      await drain();
      const second = createTask(async () => {
        const arriving = barrier.wait(); // trips the barrier...
        first.cancel(); // ...as the waiting party is cancelled
        return arriving;
      });
      expect(await second).toBe(1);
      expect(await rejection(first)).toBeInstanceOf(CancelledError);
      expect(barrier.broken).toBe(false);
    }
  });

  it('a lock handed over as its waiter is cancelled ends released, 200 rounds', async () => {
    const lock = new Lock();
    for (let round = 0; round < 200; round++) {
      await lock.acquire();
      const waiter = createTask(async () => {
        await lock.acquire();
        try {
          await drain();
        } finally {
          lock.release();
        }
      });
      await drain();
      lock.release(); // hands the lock to the waiter...
      waiter.cancel(); // ...as it is cancelled
      await waiter.then(
        () => undefined,
        () => undefined,
      );
      expect(lock.locked()).toBe(false);
    }
  });
});
