import { describe, expect, it, vi } from 'vitest';
import {
  CancelledError,
  ContextVar,
  createTask,
  gather,
  currentTask,
  InvalidStateError,
  sleep,
  Task,
} from '../src/index.js';
import { deferred, drain, rejection } from './helpers.js';

describe('createTask', () => {
  it('starts on a later microtask and goes pending -> running -> done', async () => {
    const steps: string[] = [];
    const gate = deferred<number>();
    const task = createTask(async () => {
      steps.push('start');
      const v = await gate.promise;
      steps.push('end');
      return v * 2;
    });
    steps.push(`created:${task.state}`);
    await drain();
    steps.push(`started:${task.state}`);
    gate.resolve(21);
    steps.push(`value:${await task}`);
    steps.push(`after:${task.state}`);
    expect(steps).toEqual([
      'created:pending',
      'start',
      'started:running',
      'end',
      'value:42',
      'after:done',
    ]);
    expect(task.result()).toBe(42);
    expect(task.exception()).toBeUndefined();
    expect(task.done()).toBe(true);
    expect(task.cancelled()).toBe(false);
  });

  it('result() and exception() throw InvalidStateError while not done', async () => {
    const gate = deferred();
    const task = createTask(() => gate.promise);
    expect(() => task.result()).toThrow(InvalidStateError);
    expect(() => task.exception()).toThrow(InvalidStateError);
    await drain();
    expect(() => task.result()).toThrow(InvalidStateError);
    gate.resolve();
    await task;
  });

  it('a failing task is done with its exception', async () => {
    const boom = new Error('boom');
    const task = createTask(() => {
      throw boom;
    });
    expect(await rejection(task)).toBe(boom);
    expect(task.state).toBe('done');
    expect(task.exception()).toBe(boom);
    expect(() => task.result()).toThrow(boom);
  });

  it('runs sync functions, promises and generator objects', async () => {
    expect(await createTask(() => 5)).toBe(5);
    expect(await createTask(Promise.resolve('p'))).toBe('p');
    function* gen() {
      const a: number = yield Promise.resolve(1);
      return a + 1;
    }
    expect(await createTask(gen())).toBe(2);
    expect(await createTask(gen)).toBe(2);
  });

  it('names tasks', async () => {
    const named = createTask(() => currentTask()?.name, { name: 'worker' });
    expect(named.name).toBe('worker');
    expect(await named).toBe('worker');
    expect(createTask(async () => {}).name).toMatch(/^Task-\d+$/);
  });

  it('throws TypeError at the call for bad work or options', () => {
    for (const bad of [1, 'x', null, undefined, {}, [1]]) {
      expect(() => createTask(bad as never)).toThrow(TypeError);
    }
    expect(() => createTask(async () => {}, { name: 3 as never })).toThrow(TypeError);
    expect(() => createTask(async function* () {} as never)).toThrow(TypeError);
    expect(() => createTask(async () => {}, 'x' as never)).toThrow(TypeError);
  });

  it('passes an AbortSignal only to functions that declare a parameter', async () => {
    const seen: unknown[] = [];
    await createTask((...args: unknown[]) => seen.push(args.length));
    await createTask((signal: AbortSignal) => seen.push(signal instanceof AbortSignal));
    expect(seen).toEqual([0, true]);
  });

  it('passes the signal to test mocks, whose arity is hidden', async () => {
    const work = vi.fn();
    await createTask(work);
    expect(work).toHaveBeenCalledWith(expect.any(AbortSignal));
  });

  it('publishes the running task for @skein/sync lock owners, across awaits and yields', async () => {
    const current = (globalThis as Record<symbol, unknown>)[
      Symbol.for('skein.currentTask.v1')
    ] as () => object | undefined;
    const seen: unknown[] = [];
    const gate = deferred();
    const asyncTask: Task<void> = createTask(async () => {
      seen.push(current() === asyncTask);
      await gate.promise;
      seen.push(current() === asyncTask);
    });
    const genTask: Task<void> = createTask(function* () {
      seen.push(current() === genTask);
      yield gate.promise;
      seen.push(current() === genTask);
    });
    seen.push(current());
    await drain();
    gate.resolve();
    await gather(asyncTask, genTask);
    expect(seen).toEqual([undefined, true, true, true, true]);
  });
});

describe('contexts', () => {
  it('a generator cancelled while awaiting a plain promise runs its finally as its own task', async () => {
    const current = (globalThis as Record<symbol, unknown>)[
      Symbol.for('skein.currentTask.v1')
    ] as () => object | undefined;
    const seen: unknown[] = [];
    const task: Task<void> = createTask(function* () {
      try {
        yield new Promise(() => {});
      } finally {
        seen.push(current() === task);
      }
    });
    await drain();
    createTask(async () => task.cancel());
    await rejection(task);
    expect(seen).toEqual([true]);
  });

  it('the finally of a cancelled generator runs in the task context', async () => {
    const v = new ContextVar<string>('where', { default: 'outside' });
    const seen: string[] = [];
    const task = createTask(function* () {
      v.set('inside');
      try {
        yield new Promise(() => {});
      } finally {
        seen.push(v.get());
      }
    });
    await drain();
    task.cancel();
    await rejection(task);
    expect(seen).toEqual(['inside']);
  });
});

describe('done callbacks', () => {
  it('run once after completion, in order, and can be removed', async () => {
    const steps: string[] = [];
    const gate = deferred();
    const task = createTask(() => gate.promise);
    const a = (t: Task<void>) => steps.push(`a:${t.state}`);
    const b = () => steps.push('b');
    task.addDoneCallback(a);
    task.addDoneCallback(b);
    task.addDoneCallback(b);
    expect(task.removeDoneCallback(b)).toBe(2);
    gate.resolve();
    await task;
    await drain();
    task.addDoneCallback(() => steps.push('late'));
    await drain();
    expect(steps).toEqual(['a:done', 'late']);
  });

  it('reports callback errors as warnings instead of throwing', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const task = createTask(() => 1);
    task.addDoneCallback(() => {
      throw new Error('cb failed');
    });
    await task;
    await drain();
    await drain();
    process.off('warning', onWarning);
    // Named for what it is (Node names a warning after its Error), the original as its cause.
    const warning = warnings.find((w) => w.name === 'DoneCallbackError');
    expect((warning?.cause as Error | undefined)?.message).toBe('cb failed');
  });

  it('run in a copy of the context that added them, outside every task, as in asyncio', async () => {
    const where = new ContextVar('where', { default: 'unset' });
    const seen: string[] = [];
    let made: Task<string> | undefined;
    const record = (label: string) => () => {
      seen.push(`${label}: ${where.get()} in ${currentTask()?.name ?? 'no task'}`);
      made ??= createTask(async () => where.get());
    };
    const gate = deferred();
    const adder = createTask(
      async () => {
        where.set('adder');
        const task = createTask(
          async () => {
            where.set('finished task');
            await gate.promise;
          },
          { name: 'finished' },
        );
        task.addDoneCallback(record('before done'));
        await task;
        task.addDoneCallback(record('after done'));
        where.set('adder changed its mind'); // the copy was taken when the callback was added
        await drain();
      },
      { name: 'adder' },
    );
    await drain();
    gate.resolve();
    await adder;
    expect(seen).toEqual(['before done: adder in no task', 'after done: adder in no task']);
    expect(await made).toBe('adder');
  });

  it('rejects non-function callbacks', () => {
    expect(() => createTask(async () => {}).addDoneCallback(1 as never)).toThrow(TypeError);
  });
});

describe('cancel', () => {
  it('a task cancelled before it starts never runs', async () => {
    const steps: string[] = [];
    const task = createTask(() => steps.push('ran'));
    expect(task.cancel('early')).toBe(true);
    const error = await rejection(task);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error.message).toBe('early');
    expect(error.code).toBe('ERR_CANCELLED');
    expect(task.state).toBe('cancelled');
    expect(task.cancelled()).toBe(true);
    expect(() => task.result()).toThrow(CancelledError);
    expect(() => task.exception()).toThrow(CancelledError);
    expect(steps).toEqual([]);
  });

  it('cancel() of a done task returns false', async () => {
    const task = createTask(() => 1);
    await task;
    expect(task.cancel()).toBe(false);
    expect(task.state).toBe('done');
  });

  it('throws CancelledError at the current yield of a generator so finally runs', async () => {
    const steps: string[] = [];
    const never = deferred();
    const task = createTask(function* () {
      try {
        steps.push('before');
        yield never.promise;
        steps.push('not reached');
      } finally {
        steps.push('finally');
      }
    });
    await drain();
    task.cancel('stop');
    steps.push(`cancel:${task.state}`);
    const error = await rejection(task);
    steps.push(`${error.name}:${error.message}:${task.state}`);
    expect(steps).toEqual(['before', 'cancel:running', 'finally', 'CancelledError:stop:cancelled']);
  });

  it('yield* delegates to an inner generator and cancellation reaches it', async () => {
    const steps: string[] = [];
    const never = deferred();
    function* inner() {
      try {
        const x: number = yield Promise.resolve(1);
        steps.push(`inner got ${x}`);
        yield never.promise;
      } finally {
        steps.push('inner finally');
      }
      return 'unreachable';
    }
    const task = createTask(function* () {
      try {
        return yield* inner();
      } finally {
        steps.push('outer finally');
      }
    });
    await drain();
    task.cancel();
    await rejection(task);
    expect(steps).toEqual(['inner got 1', 'inner finally', 'outer finally']);
  });

  it('aborts the signal of an async task and cancels the sleep it awaits', async () => {
    const steps: string[] = [];
    const task = createTask(async (signal) => {
      signal.addEventListener('abort', () => steps.push(`abort:${(signal.reason as Error).name}`));
      try {
        await sleep(60_000);
      } finally {
        steps.push('finally');
      }
    });
    await drain();
    task.cancel();
    await rejection(task);
    expect(steps).toEqual(['abort:CancelledError', 'finally']);
    expect(task.state).toBe('cancelled');
  });

  it('a task that catches CancelledError and returns normally is done, not cancelled', async () => {
    const gen = createTask(function* () {
      try {
        yield sleep(60_000);
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      }
      return 'recovered';
    });
    const fn = createTask(async () => {
      try {
        await sleep(60_000);
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      }
      return 'recovered';
    });
    await drain();
    gen.cancel();
    fn.cancel();
    expect(await gen).toBe('recovered');
    expect(await fn).toBe('recovered');
    expect([gen.state, fn.state]).toEqual(['done', 'done']);
  });

  it('cancelling twice returns true both times and ends cancelled once', async () => {
    const steps: string[] = [];
    const task = createTask(function* () {
      try {
        yield sleep(60_000);
      } finally {
        steps.push('finally');
      }
    });
    await drain();
    expect(task.cancel('one')).toBe(true);
    expect(task.cancel('two')).toBe(true);
    await rejection(task);
    expect(task.cancel('three')).toBe(false);
    expect(steps).toEqual(['finally']);
  });

  it('a generator that keeps running after catching can be cancelled again', async () => {
    const steps: string[] = [];
    const task = createTask(function* () {
      try {
        yield sleep(60_000);
      } catch {
        steps.push('caught 1');
      }
      try {
        yield sleep(60_000);
      } finally {
        steps.push('finally 2');
      }
    });
    await drain();
    task.cancel();
    await drain();
    expect(task.state).toBe('running');
    task.cancel();
    await rejection(task);
    expect(steps).toEqual(['caught 1', 'finally 2']);
  });

  it('an async task that ignores cancellation is cancelled when it finishes', async () => {
    const gate = deferred<number>();
    const task = createTask(async () => gate.promise);
    await drain();
    task.cancel();
    expect(task.state).toBe('running');
    gate.resolve(1);
    expect(await rejection(task)).toBeInstanceOf(CancelledError);
  });

  it('a task that declares the signal is cancelled like one that does not: the next sleep rejects at once', async () => {
    for (const declares of [true, false]) {
      const steps: string[] = [];
      const gate = deferred();
      const body = async () => {
        await gate.promise;
        steps.push('resumed');
        try {
          await sleep(60_000);
          steps.push('slept');
        } catch (e) {
          steps.push((e as Error).name);
          throw e;
        }
      };
      const task = declares
        ? createTask(async (_signal) => body())
        : createTask(async () => body());
      await drain();
      task.cancel();
      gate.resolve();
      await drain();
      const state = task.state;
      task.cancel(); // before the fix the sleep was still running: do not leave it behind
      expect(await rejection(task)).toBeInstanceOf(CancelledError);
      expect([declares, state, steps]).toEqual([
        declares,
        'cancelled',
        ['resumed', 'CancelledError'],
      ]);
    }
  });

  it('a task that ignores its aborted signal and returns ends cancelled; one whose signal user swallows the abort is done', async () => {
    const gate = deferred();
    const ignores = createTask(async (signal) => {
      await gate.promise;
      return signal.aborted ? 'ignored' : 'not aborted';
    });
    const viaSignal = createTask(async (signal) => {
      try {
        // Stands for fetch(url, { signal }): rejects with signal.reason when aborted.
        await new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        );
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      }
      await sleep(0);
      return 'recovered';
    });
    await drain();
    ignores.cancel();
    viaSignal.cancel();
    gate.resolve();
    expect(await rejection(ignores)).toBeInstanceOf(CancelledError);
    expect(ignores.state).toBe('cancelled');
    expect(await viaSignal).toBe('recovered');
    expect(viaSignal.state).toBe('done');
  });

  it('a task that read currentTask().signal is still cancelled at its next sleep', async () => {
    const gate = deferred();
    const steps: string[] = [];
    const task = createTask(async () => {
      steps.push(`aborted:${currentTask()!.signal.aborted}`);
      await gate.promise;
      await sleep(60_000).catch((e: Error) => {
        steps.push(e.name);
        throw e;
      });
    });
    await drain();
    task.cancel();
    gate.resolve();
    await drain();
    const state = task.state;
    task.cancel();
    await rejection(task);
    expect([state, steps]).toEqual(['cancelled', ['aborted:false', 'CancelledError']]);
  });

  it('a pending cancellation hits the next sleep of an async task', async () => {
    const steps: string[] = [];
    const gate = deferred();
    const task = createTask(async () => {
      await gate.promise;
      steps.push('resumed');
      try {
        await sleep(60_000);
      } catch (e) {
        steps.push((e as Error).name);
        throw e;
      }
    });
    await drain();
    task.cancel();
    gate.resolve();
    await rejection(task);
    expect(steps).toEqual(['resumed', 'CancelledError']);
  });

  it('a promise task ends cancelled at once', async () => {
    const gate = deferred<number>();
    const task = createTask(gate.promise);
    expect(task.state).toBe('running');
    expect(task.cancel()).toBe(true);
    expect(task.state).toBe('cancelled');
    gate.resolve(1);
    expect(await rejection(task)).toBeInstanceOf(CancelledError);
  });

  it('cancelling a task cancels the tasks it created and awaits', async () => {
    const steps: string[] = [];
    const child = (name: string) =>
      createTask(async () => {
        try {
          await sleep(60_000);
        } finally {
          steps.push(`${name} cleanup`);
        }
      });
    let bystander!: Task<void>;
    const parent = createTask(async () => {
      bystander = child('bystander');
      const a = child('a');
      const b = child('b');
      try {
        await Promise.all([a, b]);
      } finally {
        steps.push('parent cleanup');
      }
    });
    await drain();
    parent.cancel();
    await rejection(parent);
    expect(steps).toEqual(['a cleanup', 'b cleanup', 'parent cleanup']);
    expect(bystander.state).toBe('running');
    bystander.cancel();
    await rejection(bystander);
  });

  it('a cancelled parent waits for the awaited child to clean up; a child that swallows lets the parent continue', async () => {
    const steps: string[] = [];
    const cleanupGate = deferred();
    const parent = createTask(function* () {
      const child = createTask(async () => {
        try {
          await sleep(60_000);
        } catch {
          steps.push('child caught');
          await cleanupGate.promise;
          steps.push('child cleaned');
          return 'child value';
        }
        return 'unreachable';
      });
      const value: string = yield child;
      steps.push(`parent got ${value}`);
      return value;
    });
    await drain();
    parent.cancel();
    await drain();
    steps.push('cleanup released');
    cleanupGate.resolve();
    expect(await parent).toBe('child value');
    expect(steps).toEqual([
      'child caught',
      'cleanup released',
      'child cleaned',
      'parent got child value',
    ]);
  });

  it('signal is created lazily and already aborted after a cancel', async () => {
    const task = createTask(() => sleep(60_000));
    task.cancel('late');
    expect(task.signal.aborted).toBe(true);
    expect((task.signal.reason as Error).message).toBe('late');
    await rejection(task);
  });

  it('currentTask() is the running task, undefined outside', async () => {
    expect(currentTask()).toBeUndefined();
    const seen: unknown[] = [];
    const task = createTask(async () => {
      await Promise.resolve();
      seen.push(currentTask());
    });
    await task;
    expect(seen).toEqual([task]);
  });

  it('a bare yield in a generator yields to the loop and resumes with the value', async () => {
    const steps: string[] = [];
    const a = createTask(function* () {
      steps.push('a1');
      const v: number = yield 7;
      steps.push(`a2:${v}`);
    });
    const b = createTask(function* () {
      steps.push('b1');
      yield;
      steps.push('b2');
    });
    await Promise.all([a, b]);
    expect(steps).toEqual(['a1', 'b1', 'a2:7', 'b2']);
  });

  it('generators yielding plain values take turns in FIFO order, each step in its own context', async () => {
    const who = new ContextVar<string>('who');
    const steps: string[] = [];
    const body = (name: string) =>
      function* () {
        who.set(name);
        for (let i = 0; i < 3; i++) {
          steps.push(`${name}${i}:${currentTask()?.name}:${who.get()}`);
          yield i;
        }
      };
    await Promise.all([createTask(body('a'), { name: 'A' }), createTask(body('b'), { name: 'B' })]);
    expect(steps).toEqual(['a0:A:a', 'b0:B:b', 'a1:A:a', 'b1:B:b', 'a2:A:a', 'b2:B:b']);
    expect(currentTask()).toBeUndefined();
  });

  it('a cancellation asked during a generator step cancels what the step yields: its sleep, its child', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const steps: string[] = [];
      const sleeper = createTask(function* () {
        currentTask()!.cancel('sleeper');
        try {
          yield sleep(60_000);
        } catch (e) {
          steps.push(`sleep: ${(e as Error).message}`);
        }
        return 'went on';
      });
      expect(await sleeper).toBe('went on');
      expect(vi.getTimerCount()).toBe(0); // the sleep's timer was cleared

      let child!: Task<void>;
      const parent = createTask(function* () {
        child = createTask(async () => {
          try {
            await sleep(60_000);
          } catch (e) {
            steps.push(`child: ${(e as Error).message}`);
            throw e;
          }
        });
        yield; // the child starts
        currentTask()!.cancel('parent');
        yield child;
      });
      expect(await rejection(parent)).toBeInstanceOf(CancelledError);
      expect(child.cancelled()).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
      expect(steps).toEqual(['sleep: sleeper', 'child: parent']);

      // With nothing to cancel (a finished task), the CancelledError is thrown at the yield.
      const finished = createTask(function* () {
        currentTask()!.cancel();
        yield child;
        return 'unreachable';
      });
      expect(await rejection(finished)).toBeInstanceOf(CancelledError);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a generator cancelled between plain yields skips its queued step and gets CancelledError', async () => {
    const steps: string[] = [];
    const task = createTask(function* () {
      try {
        yield 1;
        steps.push('resumed');
        yield 2;
      } catch (error) {
        steps.push(error instanceof CancelledError ? 'cancelled' : 'other');
        throw error;
      }
    });
    await Promise.resolve();
    expect(task.cancel()).toBe(true);
    expect(await rejection(task)).toBeInstanceOf(CancelledError);
    expect(steps).toEqual(['cancelled']);
  });
});
