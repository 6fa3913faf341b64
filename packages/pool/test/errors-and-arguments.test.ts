import { QueueEmpty, SharedQueue } from '@skein/queue';
import { Event, Lock } from '@skein/sync';
import { describe, expect, it } from 'vitest';
import { serializeError } from '@skein/sync/serialize-error';
import { deserializeError } from '../src/internal/deserialize-error.js';
import { api, both, rejection, tasks, type Tasks } from './helpers.js';

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

describe('Skein errors of other packages from a worker', () => {
  it.each(both)(
    '%s: a @skein/queue error a task throws stays a QueueEmpty (instanceof, isSkeinError)',
    async (_, make) => {
      await using pool = make({ module: tasks, maxWorkers: 1 });
      const error = await rejection(pool.submit('failWithQueueEmpty'));
      expect(error.cause).toBeInstanceOf(QueueEmpty);
      expect(api.isSkeinError(error.cause, 'ERR_QUEUE_EMPTY')).toBe(true);
      expect(error).not.toBeInstanceOf(api.SkeinError);
    },
  );
});

describe('argument checks at the call', () => {
  it('a timeout that is no number is a TypeError, a negative one a RangeError, a bad signal a TypeError, all at the call', async () => {
    await using pool = new api.ThreadPoolExecutor({ maxWorkers: 1 });
    const future = pool.submit(() => 1);
    const calls: Array<(options: object) => unknown> = [
      (o) => future.result(o),
      (o) => future.exception(o),
      (o) => api.wait([future], o),
      (o) => api.asCompleted([future], o),
      (o) => pool.submitWith(o, () => 1),
    ];
    for (const call of calls) {
      expect(() => call({ timeout: '1' })).toThrow(TypeError);
      expect(() => call({ timeout: NaN })).toThrow(TypeError);
      expect(() => call({ timeout: -1 })).toThrow(RangeError);
      expect(() => call({ signal: 1 })).toThrow(TypeError);
    }
    // asCompleted too, although an iteration that finds every future done never waits.
    await future;
    expect(() => api.asCompleted([future], null as never)).toThrow(TypeError);
    expect(() => api.asCompleted([future], { signal: {} as never })).toThrow(TypeError);
    // A bad shutdown call changes nothing: the pool still takes work.
    expect(() => pool.shutdown({ timeout: 'x' as never })).toThrow(TypeError);
    expect(await pool.submit(() => 2)).toBe(2);
  });

  it('a Lock or an Event nested in an argument is refused at the call, not cloned into a dead object', async () => {
    await using threads = new api.ThreadPoolExecutor({ maxWorkers: 1 });
    await using processes = new api.ProcessPoolExecutor({ maxWorkers: 1 });
    const id = (x: unknown): unknown => x;
    const nested = [{ done: new Event() }, [new Lock()], new Map([['q', new SharedQueue()]])];
    for (const arg of nested) {
      expect(() => threads.submit(id, arg)).toThrow(
        expect.objectContaining({
          name: 'DataCloneError',
          message: expect.stringMatching(/toShared\(\) handle, revived there with \w+\.fromShared/),
        }),
      );
      expect(() => processes.submit(id, arg)).toThrow(/between threads, not processes/);
    }
    await expect(threads.map(id, [1, { done: new Event() }]).toArray()).rejects.toThrow(
      /Event\.fromShared/,
    );
    // One of its own is revived in a thread worker.
    const event = new Event();
    await threads.submit((e: Event) => e.set(), event);
    expect(event.isSet()).toBe(true);
  });

  it('transfer lists and arguments postMessage would refuse are refused at the call', async () => {
    await using threads = new api.ThreadPoolExecutor({ maxWorkers: 1 });
    await using processes = new api.ProcessPoolExecutor({ maxWorkers: 1 });
    const id = (x: unknown): unknown => x;
    const buffer = new ArrayBuffer(4);
    expect(() => threads.submitWith({ transfer: [{} as never] }, id, 1)).toThrow(TypeError);
    expect(() => threads.submitWith({ transfer: [buffer, buffer] }, id, buffer)).toThrow(
      expect.objectContaining({ name: 'DataCloneError' }),
    );
    const detached = new ArrayBuffer(8);
    structuredClone(detached, { transfer: [detached] });
    for (const call of [
      () => threads.submitWith({ transfer: [detached] }, id, 1),
      () => threads.submit(id, detached),
      () => threads.submit(id, new Proxy({}, {})),
    ])
      expect(call).toThrow(expect.objectContaining({ name: 'DataCloneError' }));
    const { port1, port2 } = new MessageChannel();
    try {
      expect(() => processes.submitWith({ transfer: [port1] }, id, port1)).toThrow(
        /only threads take ports/,
      );
    } finally {
      port1.close();
      port2.close();
    }
  });

  it("Pool: a kind that is not 'process' or 'thread' is a RangeError, a non-string a TypeError", () => {
    expect(() => new api.Pool({ kind: 'fiber' as never })).toThrow(RangeError);
    expect(() => new api.Pool({ kind: 42 as never })).toThrow(TypeError);
  });

  it("Pool: processes and maxtasksperchild errors name those options, not the executor's", () => {
    for (const kind of ['thread', 'process'] as const) {
      for (const bad of [0, -1, 1.5, NaN]) {
        expect(() => new api.Pool({ kind, processes: bad })).toThrow(
          new RangeError(`Pool: processes must be an integer >= 1, got ${bad}`),
        );
        expect(() => new api.Pool({ kind, maxtasksperchild: bad })).toThrow(
          new RangeError(`Pool: maxtasksperchild must be an integer >= 1, got ${bad}`),
        );
      }
      expect(() => new api.Pool({ kind, processes: '2' as never })).toThrow(
        new TypeError('Pool: processes must be an integer >= 1, got string'),
      );
      expect(() => new api.Pool({ kind, maxtasksperchild: '2' as never })).toThrow(
        new TypeError('Pool: maxtasksperchild must be an integer >= 1, got string'),
      );
    }
    expect(() => new api.Pool(null as never)).toThrow(
      new TypeError('Pool: options must be an object, got null'),
    );
  });

  it('Pool: options that are no object and callbacks that are no functions are a TypeError at the call', async () => {
    await using pool = new api.Pool({ processes: 1, kind: 'thread' });
    const inc = (x: number): number => x + 1;
    // null options used to reject, unhandled, inside the result's callback handling.
    expect(() => pool.applyAsync(inc, [1], null as never)).toThrow(
      new TypeError('Pool.applyAsync: options must be an object, got null'),
    );
    expect(() => pool.applyAsync(inc, [1], { callback: 'log' as never })).toThrow(
      new TypeError('Pool.applyAsync: callback must be a function, got the string "log"'),
    );
    expect(() => pool.mapAsync(inc, [1], 1, { errorCallback: 5 as never })).toThrow(
      new TypeError('Pool.mapAsync: errorCallback must be a function, got number 5'),
    );
    expect(() => pool.starmapAsync(inc, [[1]], { callback: null as never })).toThrow(
      new TypeError('Pool.starmapAsync: callback must be a function, got null'),
    );
    // A chunksize that is no number was read as options without one: the default, silently.
    expect(() => pool.map(inc, [1], '4' as never)).toThrow(
      new TypeError('Pool.map: options must be an object, got the string "4"'),
    );
    expect(await pool.applyAsync(inc, [1], { callback: () => {} }).get()).toBe(2);
  });

  it('a chunksize that is no number is a TypeError, one that is no integer >= 1 a RangeError, at the call', async () => {
    await using executor = new api.ThreadPoolExecutor({ maxWorkers: 1 });
    await using pool = new api.Pool({ processes: 1, kind: 'thread' });
    const id = (x: number): number => x;
    for (const [chunksize, E] of [
      ['2', TypeError],
      [true, TypeError],
      [0, RangeError],
      [1.5, RangeError],
    ] as const) {
      const c = chunksize as unknown as number;
      expect(() => executor.map(id, [1], { chunksize: c })).toThrow(E);
      expect(() => executor.mapUnordered(id, [1], { chunksize: c })).toThrow(E);
      expect(() => pool.map(id, [1], c)).toThrow(E);
      expect(() => pool.imap(id, [1], c)).toThrow(E);
    }
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
