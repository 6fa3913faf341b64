import { describe, expect, it } from 'vitest';
import { serializeError } from '@skein/sync/serialize-error';
import { deserializeError } from '../src/internal/deserialize-error.js';
import { api, rejection, tasks, type Tasks } from './helpers.js';

/** A task's own error that happens to use one of the pool's codes. */
function impostor(code: string): Error {
  const error = new RangeError('slow down');
  error.name = 'ThrottleError';
  return Object.assign(error, { code });
}

const crossed = (error: unknown): Error => deserializeError(structuredClone(serializeError(error)));

describe('errors from a worker', () => {
  it("keep a task error's name when its code is one of the pool's", () => {
    for (const code of ['ERR_CANCELLED', 'ERR_TIMEOUT', 'ERR_QUEUE_FULL', 'ERR_WORKER_CRASHED']) {
      const error = crossed(impostor(code));
      expect(error).not.toBeInstanceOf(api.SkeinError);
      expect([error.name, error.message, (error as { code?: unknown }).code]).toEqual([
        'ThrottleError',
        'slow down',
        code,
      ]);
    }
  });

  it("rebuild the pool's own errors as its classes, also as causes and in an AggregateError", () => {
    const cancelled = new api.CancelledError('stopped');
    const full = new api.QueueFullError(3);
    const error = crossed(
      new AggregateError([full, impostor('ERR_QUEUE_FULL')], 'batch', { cause: cancelled }),
    );
    expect(error).toBeInstanceOf(AggregateError);
    const cause = error.cause as Error;
    expect(cause).toBeInstanceOf(api.CancelledError);
    expect([cause.message, cause.stack]).toEqual(['stopped', cancelled.stack]);
    expect(Object.keys(cause)).not.toContain('stack');
    const [own, foreign] = (error as AggregateError).errors as Error[];
    expect(own).toBeInstanceOf(api.QueueFullError);
    expect(own!.message).toBe(full.message);
    expect(foreign!.name).toBe('ThrottleError');
  });

  it('arrive from a task with their own name', async () => {
    await using pool = new api.ThreadPoolExecutor({ maxWorkers: 1 });
    const error = await rejection(
      pool.submit(() => {
        const e = new RangeError('slow down');
        e.name = 'ThrottleError';
        throw Object.assign(e, { code: 'ERR_CANCELLED' });
      }),
    );
    expect(error).not.toBeInstanceOf(api.CancelledError);
    expect([error.name, error.code]).toEqual(['ThrottleError', 'ERR_CANCELLED']);
  });
});

describe('argument checks at the call', () => {
  it("Pool: a kind that is not 'process' or 'thread' is a RangeError, a non-string a TypeError", () => {
    expect(() => new api.Pool({ kind: 'fiber' as never })).toThrow(RangeError);
    expect(() => new api.Pool({ kind: 42 as never })).toThrow(TypeError);
  });

  it('map, mapUnordered and the Pool map forms refuse a task that is no function or name, also for no items', async () => {
    await using executor = new api.ThreadPoolExecutor<Tasks>({ module: tasks, maxWorkers: 1 });
    await using pool = new api.Pool({ processes: 1, kind: 'thread' });
    const notAFunction = 42 as unknown as (x: number) => number;
    for (const items of [[], [1, 2]] as number[][]) {
      expect(() => executor.map(notAFunction, items)).toThrow(TypeError);
      expect(() => executor.mapUnordered(notAFunction, items)).toThrow(TypeError);
      expect(() => pool.map(notAFunction, items)).toThrow(TypeError);
      expect(() => pool.mapAsync(notAFunction, items)).toThrow(TypeError);
      expect(() =>
        pool.starmap(
          notAFunction,
          items.map((x) => [x] as [number]),
        ),
      ).toThrow(TypeError);
      expect(() => pool.imap(notAFunction, items)).toThrow(TypeError);
      expect(() => pool.imapUnordered(notAFunction, items)).toThrow(TypeError);
    }
    expect(await pool.map((x: number) => x + 1, [1])).toEqual([2]);
    pool.close();
    expect(() => pool.map((x: number) => x, [1])).toThrow(RangeError);
  });
});
