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

  it('throws TypeError at the call for a bad main', () => {
    expect(() => run(5 as never)).toThrow(TypeError);
  });
});
