import { describe, expect, it } from 'vitest';
import { CancelledError, createTask, run, sleep } from '../src/index.js';
import { rejection } from './helpers.js';

describe('run', () => {
  it('returns main result, then cancels and awaits the tasks left running', async () => {
    const steps: string[] = [];
    const value = await run(async () => {
      createTask(async () => {
        try {
          await sleep(60_000);
        } finally {
          steps.push('leftover cleaned up');
        }
      });
      await Promise.resolve();
      steps.push('main done');
      return 'result';
    });
    steps.push(`run returned ${value}`);
    expect(steps).toEqual(['main done', 'leftover cleaned up', 'run returned result']);
  });

  it('throws main error after cleaning up', async () => {
    const boom = new Error('boom');
    expect(
      await rejection(
        run(() => {
          throw boom;
        }),
      ),
    ).toBe(boom);
  });

  it('SIGINT cancels main', async () => {
    const steps: string[] = [];
    const p = run(async () => {
      try {
        await sleep(60_000);
      } finally {
        steps.push('main cancelled');
      }
    });
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    process.emit('SIGINT');
    expect(await rejection(p)).toBeInstanceOf(CancelledError);
    expect(steps).toEqual(['main cancelled']);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('reports a leftover task that fails while cancelled as a warning, as asyncio.run does', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w);
    };
    process.on('warning', onWarning);
    const cleanup = new Error('cleanup failed');
    try {
      const value = await run(async () => {
        createTask(async () => {
          try {
            await sleep(60_000);
          } finally {
            // eslint-disable-next-line no-unsafe-finally
            throw cleanup;
          }
        });
        createTask(() => sleep(60_000)); // ends cancelled: nothing to report
        await sleep(0);
        return 'main done';
      });
      expect(value).toBe('main done'); // what run returns is unchanged
      await new Promise((r) => setImmediate(r)); // warnings are emitted on a later tick
    } finally {
      process.off('warning', onWarning);
    }
    const reported = warnings.filter((w) => w.name === 'RunShutdownError');
    expect(reported.map((w) => w.cause)).toEqual([cleanup]);
    expect(reported[0]?.message).toMatch(/cleanup failed/);
  });

  it('throws TypeError at the call for a bad main', () => {
    expect(() => run(5 as never)).toThrow(TypeError);
  });
});
