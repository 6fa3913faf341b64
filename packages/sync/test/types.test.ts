import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  Condition,
  Lock,
  RLock,
  SharedArray,
  SharedValue,
  Timer,
  fromShared,
  withAll,
  type Shareable,
  type SharedLock,
} from '../src/index.js';

// Checked by `pnpm typecheck` (tsc over test/); the runtime part only makes vitest count it.
describe('types', () => {
  it('infer element types from the type name', () => {
    expectTypeOf(new SharedValue('int32', 1).value).toEqualTypeOf<number>();
    expectTypeOf(new SharedValue('bigint64', 1n).value).toEqualTypeOf<bigint>();
    expectTypeOf(new SharedArray('float64', [1, 2]).toArray()).toEqualTypeOf<number[]>();
    expectTypeOf(new SharedArray('biguint64', 2).get(0)).toEqualTypeOf<bigint>();
  });

  it('keep withLock results and Timer arguments typed', () => {
    expectTypeOf(new Lock().withLock(() => 'x')).toEqualTypeOf<Promise<string>>();
    expectTypeOf(new RLock().withLock(async () => 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(withAll([new Lock()], () => true)).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(new Timer(1, (a: string, b: number) => a.length + b, 'a', 1)).toEqualTypeOf<
      Timer<[string, number]>
    >();
    expectTypeOf(new Condition().lock).toEqualTypeOf<Lock | RLock>();
  });

  it('type handles by kind', () => {
    expectTypeOf(new Lock().toShared()).toEqualTypeOf<SharedLock>();
    expectTypeOf(fromShared(new Lock().toShared())).toEqualTypeOf<Shareable>();
    // @ts-expect-error a Lock handle is not an RLock handle
    expect(() => RLock.fromShared(new Lock().toShared())).toThrow(TypeError);
  });
});
