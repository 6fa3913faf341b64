import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { threadId, Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Event, Lock } from '@skein/sync';
import type * as Api from '../src/index.js';
import { drain, rejection } from './helpers.js';

// Loop threads load built JavaScript: test what ships.
const api = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof Api;
const jobs = new URL('./fixtures/jobs.mjs', import.meta.url);

/** The exports of fixtures/jobs.mjs. */
interface Jobs {
  add(a: number, b: number): Promise<number>;
  twice(x: number): Generator<unknown, number, any>;
  plus1(x: number): number;
  whereAmI(): number;
  fail(message: string): Promise<never>;
  sleepy(): Promise<string>;
  cancelledCount(): number;
  gated(id: number): Promise<number>;
  openGates(): void;
  noteAfterGate(value: string): Generator<unknown, void, any>;
  stats(): { running: number; maxRunning: number; waiting: number };
  note(value: string): void;
  stubborn(): Promise<never>;
  getNotes(): string[];
  failAs(kind: string): Promise<never>;
  failUncloneably(): Promise<never>;
  throwUncloneable(): Promise<never>;
  setWhere(value: string): void;
  getWhere(): string;
  notAFunction: number;
}

describe('startLoopThread', () => {
  let loop: Api.LoopThread<Jobs>;

  beforeAll(async () => {
    loop = await api.startLoopThread<Jobs>({ module: jobs });
  });

  afterAll(async () => {
    await loop.stop();
  });

  it('runs each job in a fresh context: a ContextVar one job sets is not seen by the next', async () => {
    // Back-to-back calls are taken by the idle thread's polling, which starts in the finished
    // job's done listener: 200 rounds so both the polled and the event-loop paths are hit.
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      await loop.runCoroutineThreadsafe('setWhere', `job ${i}`);
      seen.add(await loop.runCoroutineThreadsafe('getWhere'));
    }
    expect([...seen]).toEqual(['unset']);
  });

  it('runs async, generator and plain exports on another thread and returns futures', async () => {
    const f = loop.runCoroutineThreadsafe('add', 2, 3);
    expect(f).toBeInstanceOf(api.Future);
    expect(await f).toBe(5);
    expect(f.done()).toBe(true);
    expect(await loop.runCoroutineThreadsafe('twice', 21).result({ timeout: 10_000 })).toBe(42);
    expect(await loop.runCoroutineThreadsafe('plus1', 1)).toBe(2);
    const other = await loop.runCoroutineThreadsafe('whereAmI');
    expect(other).not.toBe(threadId);
  });

  it('many coroutines added from outside run concurrently', async () => {
    const futures = [1, 2, 3].map((id) => loop.runCoroutineThreadsafe('gated', id));
    while ((await loop.runCoroutineThreadsafe('stats')).waiting < 3);
    loop.callSoonThreadsafe('openGates');
    expect(await Promise.all(futures)).toEqual([1, 2, 3]);
    expect((await loop.runCoroutineThreadsafe('stats')).maxRunning).toBeGreaterThanOrEqual(3);
  });

  it('errors cross with name, message, code and cause', async () => {
    const error = await rejection(loop.runCoroutineThreadsafe('fail', 'bad input'));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('RangeError');
    expect(error.message).toBe('bad input');
    expect(error.code).toBe('E_FAIL');
    expect(error.cause.name).toBe('TypeError');
    expect(error.stack).toContain('jobs.mjs');
    const f = loop.runCoroutineThreadsafe('fail', 'x');
    expect((await f.exception()) as Error).toBeInstanceOf(Error);
  });

  it('an error holding what cannot be cloned still comes back, and the loop goes on', async () => {
    const other = loop.runCoroutineThreadsafe('add', 1, 2);
    const odd = await rejection(loop.runCoroutineThreadsafe('failUncloneably'));
    expect([odd.name, odd.message, odd.code, odd.cause]).toEqual([
      'Error',
      'odd',
      'Symbol(E_ODD)',
      '() => 1',
    ]);
    const thrown = await rejection(loop.runCoroutineThreadsafe('throwUncloneable'));
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown.message).toBe('[object Object]');
    expect(await other).toBe(3);
    expect(await loop.runCoroutineThreadsafe('plus1', 1)).toBe(2);
  });

  it('errors come back as their own classes: built-ins by name, the package errors by code', async () => {
    const error = await rejection(loop.runCoroutineThreadsafe('fail', 'bad input'));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.cause).toBeInstanceOf(TypeError);
    const builtIns: Array<[string, new (...args: any[]) => Error]> = [
      ['TypeError', TypeError],
      ['RangeError', RangeError],
      ['SyntaxError', SyntaxError],
      ['ReferenceError', ReferenceError],
      ['EvalError', EvalError],
      ['URIError', URIError],
      ['AggregateError', AggregateError],
      ['TimeoutError', api.TimeoutError],
      ['InvalidStateError', api.InvalidStateError],
      ['LookupError', api.LookupError],
      ['ExceptionGroup', api.ExceptionGroup],
    ];
    for (const [kind, Class] of builtIns) {
      const e = await rejection(loop.runCoroutineThreadsafe('failAs', kind));
      expect([kind, Object.getPrototypeOf(e) === Class.prototype, e.name]).toEqual([
        kind,
        true,
        kind,
      ]);
    }
    const agg = await rejection(loop.runCoroutineThreadsafe('failAs', 'AggregateError'));
    expect(agg.message).toBe('agg');
    expect(agg.errors[0]).toBeInstanceOf(RangeError);
    expect(agg.errors[0].message).toBe('a1');
    expect(agg.errors[1]).toBe('plain');
    const group = await rejection(loop.runCoroutineThreadsafe('failAs', 'ExceptionGroup'));
    expect(group.message).toBe('group (2 sub-exceptions)');
    expect(group.exceptions.map((x: Error) => [x.constructor, x.message])).toEqual([
      [TypeError, 'g1'],
      [api.CancelledError, 'g2'],
    ]);
  });

  it('cancelling the future cancels the task on the loop', async () => {
    const f = loop.runCoroutineThreadsafe('sleepy');
    const calls: string[] = [];
    f.addDoneCallback((x) => calls.push(`cancelled=${x.cancelled()}`));
    expect(f.cancel()).toBe(true);
    expect(f.cancelled()).toBe(true);
    expect(f.cancel()).toBe(false);
    expect(await rejection(f.result())).toBeInstanceOf(api.CancelledError);
    while ((await loop.runCoroutineThreadsafe('cancelledCount')) < 1);
    expect(calls).toEqual(['cancelled=true']);
  });

  it('cancelling a task awaiting the future cancels the future and the task on the loop', async () => {
    const before = await loop.runCoroutineThreadsafe('cancelledCount');
    let future: Api.Future<string> | undefined;
    const task = api.createTask(async () => {
      future = loop.runCoroutineThreadsafe('sleepy');
      return await future;
    });
    await drain();
    expect(task.cancel()).toBe(true);
    expect(await rejection(task)).toBeInstanceOf(api.CancelledError);
    expect(future!.cancelled()).toBe(true);
    while ((await loop.runCoroutineThreadsafe('cancelledCount')) < before + 1);
  });

  it('callSoonThreadsafe runs in order on the loop', async () => {
    loop.callSoonThreadsafe('note', 'a');
    loop.callSoonThreadsafe('note', 'b');
    expect(await loop.runCoroutineThreadsafe('getNotes')).toEqual(['a', 'b']);
  });

  it('callSoonThreadsafe runs a generator export as a coroutine', async () => {
    loop.callSoonThreadsafe('noteAfterGate', 'generator');
    expect(await loop.runCoroutineThreadsafe('getNotes')).not.toContain('generator'); // gated
    loop.callSoonThreadsafe('openGates');
    expect(await loop.runCoroutineThreadsafe('getNotes')).toContain('generator');
  });

  it('an unknown export, a non-function export or an uncloneable argument fails at the call', () => {
    expect(() => loop.runCoroutineThreadsafe('nope' as never)).toThrow(TypeError);
    expect(() => loop.runCoroutineThreadsafe('nope' as never)).toThrow(/nope/);
    expect(() => loop.runCoroutineThreadsafe('notAFunction' as never)).toThrow(TypeError);
    expect(() => loop.callSoonThreadsafe('nope' as never)).toThrow(TypeError);
    expect(() => loop.runCoroutineThreadsafe('add', (() => 1) as never, 2)).toThrow(
      expect.objectContaining({ name: 'DataCloneError' }),
    );
  });

  it('a Lock or an Event among the arguments fails at the call instead of arriving as a dead object', () => {
    for (const arg of [new Event(), { done: new Event() }, [new Lock()]]) {
      for (const call of [
        () => loop.runCoroutineThreadsafe('add', arg as never, 2),
        () => loop.callSoonThreadsafe('add', arg as never, 2),
      ]) {
        expect(call).toThrow(
          expect.objectContaining({
            name: 'DataCloneError',
            message: expect.stringMatching(
              /toShared\(\) handle, revived there with \w+\.fromShared/,
            ),
          }),
        );
      }
    }
  });

  it('toShared/fromShared let another thread add coroutines to the same loop', async () => {
    const shared = loop.toShared();
    const client = new Worker(new URL('./fixtures/client.mjs', import.meta.url), {
      workerData: shared,
      transferList: [shared.port],
    });
    const exited = once(client, 'exit');
    const [reply] = (await once(client, 'message')) as [
      { results: number[]; unknown: string; notes: string[] },
    ];
    expect(reply.results).toEqual([5, 8]);
    expect(reply.unknown).toBe('TypeError');
    expect(reply.notes).toContain('from client');
    expect(await exited).toEqual([0]);
    expect(await loop.runCoroutineThreadsafe('add', 1, 1)).toBe(2);
    expect(() => api.LoopThread.fromShared({} as never)).toThrow(TypeError);
  });

  it('result() and exception() throw bad options at the call', async () => {
    const f = loop.runCoroutineThreadsafe('add', 1, 2);
    expect(() => f.result({ timeout: -1 })).toThrow(RangeError);
    expect(() => f.result({ timeout: 'soon' as never })).toThrow(TypeError);
    expect(() => f.result(5 as never)).toThrow(TypeError);
    expect(() => f.exception({ signal: 1 as never })).toThrow(/^Future.exception: options.signal/);
    expect(await f.result()).toBe(3);
  });

  it('result() times out with TimeoutError and leaves the work running', async () => {
    const f = loop.runCoroutineThreadsafe('sleepy');
    expect(await rejection(f.result({ timeout: 1 }))).toBeInstanceOf(api.TimeoutError);
    expect(f.done()).toBe(false);
    f.cancel();
  });
});

describe('startLoopThread options', () => {
  it('concurrency limits how many coroutines run at once', async () => {
    const loop = await api.startLoopThread<Jobs>({ module: jobs, concurrency: 2 });
    const futures = [1, 2, 3, 4].map((id) => loop.runCoroutineThreadsafe('gated', id));
    const stats = loop.runCoroutineThreadsafe('stats'); // queued behind the gated coroutines
    // Messages are handled in order, each after the previous one's microtasks: the first opens
    // 1 and 2, whose completion starts 3 and 4, which the second opens.
    loop.callSoonThreadsafe('openGates');
    loop.callSoonThreadsafe('openGates');
    expect(await Promise.all(futures)).toEqual([1, 2, 3, 4]);
    expect(await stats).toEqual({ running: 0, maxRunning: 2, waiting: 0 });
    await loop.stop();
  });

  it('stop() cancels pending futures and later calls throw InvalidStateError', async () => {
    const loop = await api.startLoopThread<Jobs>({ module: jobs.href });
    const f = loop.runCoroutineThreadsafe('sleepy');
    await loop.stop();
    expect(await rejection(f)).toBeInstanceOf(api.CancelledError);
    expect(() => loop.runCoroutineThreadsafe('add', 1, 2)).toThrow(api.InvalidStateError);
  });

  it('stop({ timeout }) terminates a loop whose tasks ignore cancellation', async () => {
    const loop = await api.startLoopThread<Jobs>({ module: jobs });
    const f = loop.runCoroutineThreadsafe('stubborn');
    await loop.runCoroutineThreadsafe('add', 0, 0); // the stubborn task has started
    expect(() => loop.stop({ timeout: -1 })).toThrow(RangeError);
    await loop.stop({ timeout: 10 });
    expect(await rejection(f)).toBeInstanceOf(api.CancelledError);
  });

  it('stop({ signal }) takes a signal: aborted, it terminates the loop and rejects with signal.reason', async () => {
    const loop = await api.startLoopThread<Jobs>({ module: jobs });
    const f = loop.runCoroutineThreadsafe('stubborn');
    await loop.runCoroutineThreadsafe('add', 0, 0); // the stubborn task has started
    expect(() => loop.stop({ signal: 'stop' as never })).toThrow(TypeError);
    const reason = new Error('stop now');
    expect(await rejection(loop.stop({ signal: AbortSignal.abort(reason) }))).toBe(reason);
    // The thread has ended (not merely the wait): the stubborn task's future is cancelled.
    expect(await rejection(f)).toBeInstanceOf(api.CancelledError);
    await loop.stop();
  });

  it('rejects with LoopThreadExitedError when the thread exits before its loop is ready', async () => {
    const error = await rejection(
      api.startLoopThread({ module: new URL('./fixtures/exits.mjs', import.meta.url) }),
    );
    expect(error).toBeInstanceOf(api.LoopThreadExitedError);
    expect([error.name, error.code, error.exitCode]).toEqual([
      'LoopThreadExitedError',
      'ERR_LOOP_THREAD_EXITED',
      3,
    ]);
  });

  it('rejects with the module load error, and bad options at the call', async () => {
    const error = await rejection(
      api.startLoopThread({ module: new URL('./fixtures/broken.mjs', import.meta.url) }),
    );
    expect(error.message).toBe('broken module');
    expect(() => api.startLoopThread({ module: 5 as never })).toThrow(TypeError);
    expect(() => api.startLoopThread({ module: jobs, concurrency: 0 })).toThrow(RangeError);
    expect(() => api.startLoopThread(null as never)).toThrow(TypeError);
  });
});

describe('a loop thread and the process', () => {
  it('a loop that never ran a future does not keep the process alive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skein-loop-'));
    try {
      const script = join(dir, 'start-only.mjs');
      writeFileSync(
        script,
        [
          `import { startLoopThread } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};`,
          `await startLoopThread({ module: new URL(${JSON.stringify(jobs.href)}) });`,
          `console.log('started');`,
        ].join('\n'),
      );
      // It kept the process alive forever: the timeout turns that into a failure.
      const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 20_000 });
      expect(stdout.trim()).toBe('started');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
