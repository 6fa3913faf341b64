import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, tasks, type Tasks } from './helpers.js';

describe('stopping a thread worker', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('aborting tasks it already finished fails them without stopping it; no worker is terminated twice', async () => {
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    const warnings: string[] = [];
    const onWarning = (w: Error): number => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const pool = new api.ThreadPoolExecutor<Tasks>({ module: tasks, maxWorkers: 1 });
      await pool.submit('identity', 0);
      for (let round = 0; round < 10; round++) {
        const controllers = Array.from({ length: 64 }, () => new AbortController());
        const futures = controllers.map((c) =>
          pool.submitWith({ signal: c.signal }, 'identity', round),
        );
        // Handed over: the worker runs these tiny tasks while their answers wait to be batched.
        await new Promise((resolve) => setImmediate(resolve));
        for (const c of controllers) c.abort(new Error('stop'));
        for (const outcome of await Promise.allSettled(futures)) {
          if (outcome.status === 'rejected') expect((outcome.reason as Error).message).toBe('stop');
        }
      }
      expect(await pool.submit('identity', 7)).toBe(7);
      await pool.shutdown();
      const calls = new Map<unknown, number>();
      for (const worker of terminate.mock.contexts) calls.set(worker, (calls.get(worker) ?? 0) + 1);
      expect(Math.max(0, ...calls.values())).toBeLessThanOrEqual(1);
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
