import { describe, expect, it } from 'vitest';
import { createTask, gather, sleep, Task, TaskGroup, waitFor } from '../src/index.js';

/** A small seeded PRNG so a failure replays. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('stress', () => {
  it('10,000 tasks cancelled at random points leave no timer and no pending task', async () => {
    const before = timers();
    const rand = mulberry32(20261122);
    const ms = (max: number) => Math.floor(rand() * max);
    let cleanups = 0;
    let generatorsStarted = 0;
    const tasks: Task<unknown>[] = [];
    for (let i = 0; i < 10_000; i++) {
      const kind = i % 6;
      const d1 = ms(4);
      const d2 = ms(4);
      let task: Task<unknown>;
      if (kind === 0) {
        task = createTask(async () => {
          await sleep(d1);
          await sleep(d2);
          return i;
        });
      } else if (kind === 1) {
        task = createTask(function* () {
          generatorsStarted++;
          try {
            yield sleep(d1);
            yield Promise.resolve();
            yield sleep(d2);
          } finally {
            cleanups++;
          }
        });
      } else if (kind === 2) {
        task = createTask(async () => createTask(() => sleep(d1, i)));
      } else if (kind === 3) {
        task = createTask(() =>
          waitFor(
            createTask(() => sleep(d1 * 2)),
            d2,
          ),
        );
      } else if (kind === 4) {
        task = TaskGroup.run((tg) => {
          tg.createTask(() => sleep(d1));
          tg.createTask(async () => {
            await sleep(d2);
            if (d2 === 3) throw new Error('group failure');
          });
        });
      } else {
        task = gather(
          createTask(() => sleep(d1)),
          createTask(() => sleep(d2)),
        );
      }
      tasks.push(task);
    }
    const cancelTimers: ReturnType<typeof setTimeout>[] = [];
    for (const task of tasks) {
      const when = rand();
      if (when < 0.2) task.cancel('now');
      else if (when < 0.4) queueMicrotask(() => task.cancel('microtask'));
      else if (when < 0.8) cancelTimers.push(setTimeout(() => task.cancel('timer'), ms(6)));
    }
    const outcomes = await Promise.allSettled(tasks.map((t) => Promise.resolve().then(() => t)));
    for (const t of cancelTimers) clearTimeout(t);
    expect(outcomes).toHaveLength(10_000);
    expect(tasks.every((t) => t.done())).toBe(true);
    expect(tasks.some((t) => t.cancelled())).toBe(true);
    expect(tasks.some((t) => t.state === 'done')).toBe(true);
    expect(cleanups).toBe(generatorsStarted);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('50,000 generator tasks stepping through plain yields, a third cancelled between steps', async () => {
    const rand = mulberry32(4242);
    let started = 0;
    let cleanups = 0;
    const tasks: Task<number>[] = [];
    const stepCounts: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      const steps = 1 + Math.floor(rand() * 4);
      stepCounts.push(steps);
      tasks.push(
        createTask(function* () {
          started++;
          let sum = 0;
          try {
            // Each plain value comes back from its yield; a step queued before a cancel is skipped.
            for (let k = 1; k <= steps; k++) sum += (yield k) as number;
            return sum;
          } finally {
            cleanups++;
          }
        }),
      );
    }
    const cancelled = new Set<Task<number>>();
    for (const task of tasks) {
      const when = rand();
      if (when < 0.15) {
        task.cancel();
        cancelled.add(task);
      } else if (when < 0.33) {
        queueMicrotask(() => {
          if (task.cancel()) cancelled.add(task);
        });
      }
    }
    const results = await gather(...tasks, { returnExceptions: true });
    expect(cleanups).toBe(started);
    let wrong = 0;
    for (let i = 0; i < tasks.length; i++) {
      const task = tasks[i]!;
      const steps = stepCounts[i]!;
      const ok = cancelled.has(task) ? task.cancelled() : results[i] === (steps * (steps + 1)) / 2;
      if (!ok) wrong++;
    }
    expect(wrong).toBe(0);
    expect(tasks.some((t) => t.cancelled())).toBe(true);
    expect(tasks.some((t) => !t.cancelled())).toBe(true);
  });
});
