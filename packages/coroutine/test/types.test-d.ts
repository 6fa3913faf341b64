// Type tests: checked by `pnpm typecheck` (tsc), never run.
import { describe, expectTypeOf, it } from 'vitest';
import {
  asCompleted,
  createTask,
  gather,
  Greenlet,
  shield,
  sleep,
  spawn,
  TaskGroup,
  timeout,
  wait,
  waitFor,
  type Future,
  type LoopThread,
  type Task,
} from '../src/index.js';

interface Jobs {
  add(a: number, b: number): Promise<number>;
  twice(x: number): Generator<unknown, number, any>;
  version: string;
}
declare const loop: LoopThread<Jobs>;

describe('types', () => {
  it('Task<T> infers the result of every kind of work', () => {
    expectTypeOf(createTask(async () => 1)).toEqualTypeOf<Task<number>>();
    expectTypeOf(createTask(async (signal: AbortSignal) => signal.aborted)).toEqualTypeOf<
      Task<boolean>
    >();
    expectTypeOf(createTask(() => 'sync')).toEqualTypeOf<Task<string>>();
    expectTypeOf(createTask(Promise.resolve(1n))).toEqualTypeOf<Task<bigint>>();
    expectTypeOf(
      createTask(function* () {
        yield sleep(1);
        return 'gen';
      }),
    ).toEqualTypeOf<Task<string>>();
    expectTypeOf(createTask(async () => 1).result()).toEqualTypeOf<number>();
    expectTypeOf<Awaited<Task<number>>>().toEqualTypeOf<number>();
  });

  it('gather infers a tuple', () => {
    const t = gather(
      sleep(1, 'a'),
      createTask(async () => 2),
      async () => true,
      Promise.resolve(null),
    );
    expectTypeOf(t).toEqualTypeOf<Task<[string, number, boolean, null]>>();
    const s = gather(Promise.resolve(1), sleep(1, 'x'), { returnExceptions: true });
    expectTypeOf(s).toEqualTypeOf<Task<[number | Error, string | Error]>>();
    const many: Task<number>[] = [];
    expectTypeOf(gather(...many)).toEqualTypeOf<Task<number[]>>();
    const n = gather(Promise.resolve(1), { returnExceptions: false });
    expectTypeOf(n).toEqualTypeOf<Task<[number]>>();
  });

  it('waitFor, timeout, shield, wait and asCompleted keep the result type', () => {
    expectTypeOf(waitFor(sleep(1, 5), 10)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(timeout(10, async () => 'x')).toEqualTypeOf<Promise<string>>();
    expectTypeOf(shield(createTask(async () => 1))).toEqualTypeOf<Task<number>>();
    expectTypeOf(wait([sleep(1, 'a')]))
      .resolves.toHaveProperty('done')
      .toEqualTypeOf<Set<Task<string>>>();
    const completions = asCompleted([sleep(1, 1)])[Symbol.asyncIterator]();
    expectTypeOf(completions.next()).resolves.toEqualTypeOf<IteratorResult<number>>();
    expectTypeOf(TaskGroup.run(async () => 3)).toEqualTypeOf<Task<number>>();
  });

  it('for await over asCompleted gives the values', async () => {
    for await (const value of asCompleted([sleep(1, 'a'), Promise.resolve(2)])) {
      expectTypeOf(value).toEqualTypeOf<string | number>();
    }
  });

  it('greenlets and loop threads are typed', () => {
    expectTypeOf(
      spawn(function* (n: number) {
        yield sleep(n);
        return n;
      }, 1),
    ).toEqualTypeOf<Greenlet<number>>();
    expectTypeOf(loop.runCoroutineThreadsafe('add', 1, 2)).toEqualTypeOf<Future<number>>();
    expectTypeOf(loop.runCoroutineThreadsafe('twice', 1)).toEqualTypeOf<Future<number>>();
    // @ts-expect-error: not a function export
    loop.runCoroutineThreadsafe('version');
    // @ts-expect-error: wrong argument type
    loop.runCoroutineThreadsafe('add', 'a', 2);
  });
});
