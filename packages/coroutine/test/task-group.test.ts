import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  createTask,
  currentTask,
  ExceptionGroup,
  InvalidStateError,
  sleep,
  TaskGroup,
  type Task,
} from '../src/index.js';
import { deferred, drain, rejection } from './helpers.js';

describe('TaskGroup', () => {
  it('waits for every task and returns the body value', async () => {
    const steps: string[] = [];
    const a = deferred();
    const b = deferred();
    const p = TaskGroup.run((tg) => {
      tg.createTask(async () => {
        await a.promise;
        steps.push('a');
      });
      tg.createTask(async () => {
        await b.promise;
        steps.push('b');
      });
      steps.push('body end');
      return 'value';
    });
    await drain();
    b.resolve();
    await drain();
    a.resolve();
    expect(await p).toBe('value');
    steps.push('group end');
    expect(steps).toEqual(['body end', 'b', 'a', 'group end']);
  });

  it('generator tasks that fail at once are all in the ExceptionGroup, as async ones are', async () => {
    for (const kind of ['generator', 'async'] as const) {
      const gate = deferred();
      const error = await rejection(
        TaskGroup.run((tg) => {
          for (const name of ['a', 'b']) {
            if (kind === 'generator') {
              tg.createTask(function* () {
                yield gate.promise;
                throw new Error(name);
              });
            } else {
              tg.createTask(async () => {
                await gate.promise;
                throw new Error(name);
              });
            }
          }
          gate.resolve();
        }),
      );
      expect(error).toBeInstanceOf(ExceptionGroup);
      expect([kind, (error as ExceptionGroup).errors.map((e) => (e as Error).message)]).toEqual([
        kind,
        ['a', 'b'],
      ]);
    }
  });

  it('tasks woken in the same turn of the loop all fail in their own right, as in asyncio', async () => {
    // Node runs microtasks between two callbacks of one phase (two immediates here; timers due
    // together likewise): a reaction on a microtask would cancel 'b' before its callback ran.
    // Each awaits a task (cancellable, unlike a bare promise) that ends on the next turn.
    const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    const error = await rejection(
      TaskGroup.run((tg) => {
        for (const name of ['a', 'b']) {
          tg.createTask(async () => {
            await createTask(nextTurn);
            throw new Error(name);
          });
        }
      }),
    );
    const messages = (error as ExceptionGroup).errors.map((e) => (e as Error).message);
    expect(messages).toEqual(['a', 'b']);
  });

  it('a task created after a failure but before the group reacts is accepted, then cancelled', async () => {
    const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    let late: Task<void> | undefined;
    const error = await rejection(
      TaskGroup.run(async (tg) => {
        tg.createTask(async () => {
          await createTask(nextTurn);
          throw new Error('boom');
        });
        for (let i = 0; i < 10; i++) await Promise.resolve(); // the failing task's turn is queued first
        await createTask(nextTurn); // same turn of the loop, after the failure
        late = tg.createTask(() => sleep(60_000));
        await sleep(60_000);
      }),
    );
    const messages = (error as ExceptionGroup).errors.map((e) => (e as Error).message);
    expect(messages).toEqual(['boom']);
    expect(late?.cancelled()).toBe(true);
  });

  it('the first failure cancels the others and the body; throws an ExceptionGroup of every failure', async () => {
    const steps: string[] = [];
    const fail = deferred();
    const error = await rejection(
      TaskGroup.run(async (tg) => {
        tg.createTask(async () => {
          try {
            await sleep(60_000);
          } finally {
            steps.push('sibling cancelled');
          }
        });
        tg.createTask(async () => {
          await fail.promise;
          throw new Error('first');
        });
        tg.createTask(async () => {
          try {
            await sleep(60_000);
          } catch {
            throw new Error('second, while cancelling');
          }
        });
        await drain();
        fail.resolve();
        try {
          await sleep(60_000);
        } finally {
          steps.push('body cancelled');
        }
      }),
    );
    expect(error).toBeInstanceOf(ExceptionGroup);
    expect(error).toBeInstanceOf(AggregateError);
    expect(error.name).toBe('ExceptionGroup');
    expect(error.code).toBe('ERR_EXCEPTION_GROUP');
    expect(error.errors.map((e: Error) => e.message)).toEqual([
      'first',
      'second, while cancelling',
    ]);
    expect(error.exceptions).toBe(error.errors);
    expect(steps).toEqual(['sibling cancelled', 'body cancelled']);
  });

  it('a body error is part of the group and cancels the tasks', async () => {
    const steps: string[] = [];
    const error = await rejection(
      TaskGroup.run(async (tg) => {
        tg.createTask(async () => {
          try {
            await sleep(60_000);
          } finally {
            steps.push('task cancelled');
          }
        });
        await drain();
        throw new Error('body');
      }),
    );
    expect(error.errors.map((e: Error) => e.message)).toEqual(['body']);
    expect(steps).toEqual(['task cancelled']);
  });

  it('a cancelled task is not a failure', async () => {
    expect(
      await TaskGroup.run(async (tg) => {
        const t = tg.createTask(() => sleep(60_000));
        await drain();
        t.cancel();
        return 'fine';
      }),
    ).toBe('fine');
  });

  it('cancelling the task awaiting the group cancels everything and throws CancelledError', async () => {
    const steps: string[] = [];
    const outer = createTask(() =>
      TaskGroup.run(async (tg) => {
        tg.createTask(async () => {
          try {
            await sleep(60_000);
          } finally {
            steps.push('child');
          }
        });
        try {
          await sleep(60_000);
        } finally {
          steps.push('body');
        }
      }),
    );
    await drain();
    outer.cancel();
    expect(await rejection(outer)).toBeInstanceOf(CancelledError);
    expect(steps).toEqual(['body', 'child']);
  });

  it('nested groups: a failure in the outer group cancels the inner group, which reports no error of its own', async () => {
    const steps: string[] = [];
    const fail = deferred();
    const error = await rejection(
      TaskGroup.run(async (outer) => {
        outer.createTask(async () => {
          await fail.promise;
          throw new Error('outer child');
        });
        await TaskGroup.run(async (inner) => {
          inner.createTask(async () => {
            try {
              await sleep(60_000);
            } finally {
              steps.push('inner child');
            }
          });
          fail.resolve();
          try {
            await sleep(60_000);
          } finally {
            steps.push('inner body');
          }
        });
      }),
    );
    expect(error.errors.map((e: Error) => e.message)).toEqual(['outer child']);
    expect(steps).toEqual(['inner body', 'inner child']);
  });

  it("nested groups: an inner group's ExceptionGroup is a failure of the outer group", async () => {
    const error = await rejection(
      TaskGroup.run((outer) => {
        outer.createTask(() =>
          TaskGroup.run((inner) => {
            inner.createTask(() => {
              throw new Error('deep');
            });
          }),
        );
      }),
    );
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]).toBeInstanceOf(ExceptionGroup);
    expect(error.errors[0].errors[0].message).toBe('deep');
  });

  it('refuses new tasks once finished or shutting down', async () => {
    let saved!: TaskGroup;
    await TaskGroup.run((tg) => {
      saved = tg;
    });
    expect(() => saved.createTask(async () => {})).toThrow(InvalidStateError);
    const steps: string[] = [];
    await rejection(
      TaskGroup.run(async (tg) => {
        tg.createTask(() => {
          throw new Error('x');
        });
        try {
          await sleep(60_000);
        } catch {
          try {
            tg.createTask(async () => {});
          } catch (e) {
            steps.push((e as Error).name);
          }
        }
      }),
    );
    expect(steps).toEqual(['InvalidStateError']);
  });

  it('works with Symbol.asyncDispose (await using)', async () => {
    const steps: string[] = [];
    const tg = new TaskGroup();
    const gate = deferred();
    tg.createTask(async () => {
      await gate.promise;
      steps.push('task');
    });
    const closing = tg[Symbol.asyncDispose]().then(() => steps.push('closed'));
    await drain();
    steps.push('released');
    gate.resolve();
    await closing;
    expect(steps).toEqual(['released', 'task', 'closed']);

    const failing = new TaskGroup();
    failing.createTask(() => {
      throw new Error('y');
    });
    expect(await rejection(failing[Symbol.asyncDispose]())).toBeInstanceOf(ExceptionGroup);
  });

  it('await using waits for the tasks when the block ends and throws the ExceptionGroup', async () => {
    const steps: string[] = [];
    const gate = deferred();
    const block = async () => {
      await using tg = new TaskGroup();
      tg.createTask(async () => {
        await gate.promise;
        steps.push('slow task');
      });
      tg.createTask(() => {
        throw new Error('fast failure');
      });
      steps.push('block end');
      gate.resolve();
    };
    const error = await rejection(block());
    expect(error).toBeInstanceOf(ExceptionGroup);
    expect(steps).toEqual(['block end', 'slow task']);
  });

  it('await using: leaving the block of a cancelled task cancels the group tasks first', async () => {
    const steps: string[] = [];
    const gate = deferred();
    const owner = createTask(async () => {
      await using tg = new TaskGroup();
      tg.createTask(async (signal) => {
        signal.addEventListener('abort', () => steps.push('child cancelled'));
        await gate.promise;
      });
      try {
        await sleep(60_000);
      } finally {
        steps.push('block left');
      }
    });
    await drain();
    owner.cancel();
    await drain();
    steps.push('gate released');
    gate.resolve();
    expect(await rejection(owner)).toBeInstanceOf(CancelledError);
    expect(steps).toEqual(['block left', 'child cancelled', 'gate released']);

    // A cancellation the task caught before it made the group does not count.
    const survivor = createTask(async () => {
      currentTask()!.cancel();
      await sleep(60_000).catch(() => {});
      await using tg = new TaskGroup();
      tg.createTask(async () => steps.push('survivor child finished'));
    });
    await survivor;
    expect(steps.at(-1)).toBe('survivor child finished');
  });

  it('passes the body an AbortSignal when it asks for one', async () => {
    expect(await TaskGroup.run((_tg, signal) => signal.aborted)).toBe(false);
    expect(() => TaskGroup.run(1 as never)).toThrow(TypeError);
  });
});
