// Type-level checks: run by `pnpm typecheck` (tsc), trivially true at run time.
import { describe, expectTypeOf, it } from 'vitest';
import {
  LifoQueue,
  PriorityQueue,
  Queue,
  SimpleQueue,
  type PriorityPutOptions,
  type QueueLike,
  type WaitOptions,
} from '../src/index.js';

describe('types', () => {
  it('every task-tracking queue is a QueueLike', () => {
    expectTypeOf(new Queue<number>()).toExtend<QueueLike<number>>();
    expectTypeOf(new LifoQueue<number>()).toExtend<QueueLike<number>>();
    expectTypeOf(new PriorityQueue<number>()).toExtend<QueueLike<number>>();
    expectTypeOf(new SimpleQueue<number>()).toExtend<
      Omit<QueueLike<number>, 'taskDone' | 'join'>
    >();
    expectTypeOf(new SimpleQueue<number>()).not.toHaveProperty('taskDone');
    expectTypeOf(new SimpleQueue<number>()).not.toHaveProperty('join');
  });

  it('in-thread queues answer synchronously', () => {
    type Q = Queue<string>;
    expectTypeOf<ReturnType<Q['get']>>().toEqualTypeOf<Promise<string>>();
    expectTypeOf<ReturnType<Q['put']>>().toEqualTypeOf<Promise<void>>();
    expectTypeOf<ReturnType<Q['getNowait']>>().toEqualTypeOf<string>();
    expectTypeOf<ReturnType<Q['qsize']>>().toEqualTypeOf<number>();
    expectTypeOf<ReturnType<Q['join']>>().toEqualTypeOf<Promise<boolean>>();
    expectTypeOf<Q['maxsize']>().toEqualTypeOf<number>();
    expectTypeOf<ReturnType<Q[typeof Symbol.asyncIterator]>>().toExtend<AsyncIterator<string>>();
  });

  it('only PriorityQueue takes a priority', () => {
    expectTypeOf<Parameters<PriorityQueue<string>['put']>[1]>().toEqualTypeOf<
      PriorityPutOptions | undefined
    >();
    expectTypeOf<Parameters<Queue<string>['put']>[1]>().toEqualTypeOf<WaitOptions | undefined>();
    // @ts-expect-error Queue.put has no priority
    void new Queue<string>().put('x', { priority: 1 });
    // @ts-expect-error items must match the queue's type
    void new Queue<string>().put(1);
  });

  it('compare is typed by the items', () => {
    new PriorityQueue<{ at: number }>({ compare: (a, b) => a.at - b.at });
    // @ts-expect-error compare sees items, not numbers
    new PriorityQueue<{ at: number }>({ compare: (a: number, b: number) => a - b });
  });
});
