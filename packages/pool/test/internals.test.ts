import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { serializeError } from '@skein/sync/serialize-error';
import { checkCloneable } from '../src/internal/clone-check.js';
import { packNumbers } from '../src/internal/numbers.js';
import { Ring } from '../src/internal/ring.js';
import { deserializeError } from '../src/internal/deserialize-error.js';
import * as api from '../src/index.js';
import type { Tasks } from './helpers.js';

describe('packNumbers', () => {
  it('packs a long list of numbers into a Float64Array that reads back every value exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: 64, maxLength: 300 }), (items) => {
        const packed = packNumbers(items);
        expect(packed).toBeInstanceOf(Float64Array);
        expect(Array.from(structuredClone(packed))).toEqual(items); // Object.is: -0 and NaN too
      }),
    );
  });

  it('leaves short lists and lists with anything but numbers as they are', () => {
    const short = [1, 2, 3];
    expect(packNumbers(short)).toBe(short);
    const mixed = [...Array.from({ length: 100 }, (_, i) => i), '100'];
    expect(packNumbers(mixed)).toBe(mixed);
    const boxed = Array.from({ length: 100 }, (_, i) => (i === 50 ? Object(i) : i));
    expect(packNumbers(boxed)).toBe(boxed);
  });
});

describe('Ring', () => {
  it('behaves as a deque across wrap-around and growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant('push'), fc.constant('unshift'), fc.constant('shift'))),
        (ops) => {
          const ring = new Ring<number>();
          const model: number[] = [];
          ops.forEach((op, i) => {
            if (op === 'push') {
              ring.push(i);
              model.push(i);
            } else if (op === 'unshift') {
              ring.unshift(i);
              model.unshift(i);
            } else expect(ring.shift()).toBe(model.shift());
            expect(ring.length).toBe(model.length);
            expect(ring.peek()).toBe(model[0]);
          });
          expect([...ring]).toEqual(model);
          expect(model.map((_, i) => ring.at(i))).toEqual(model);
        },
      ),
    );
  });
});

describe('checkCloneable', () => {
  it('accepts what structuredClone accepts and refuses functions and symbols with DataCloneError', () => {
    for (const ok of [
      1,
      'a',
      null,
      undefined,
      1n,
      [1, { a: [new Date(), /x/, new Map([[1, new Set([2])]])] }],
      new Uint8Array(2),
      new Error('e'),
    ]) {
      expect(() => checkCloneable([ok], 'submit')).not.toThrow();
    }
    for (const bad of [
      () => 1,
      Symbol('s'),
      { deep: [{ fn() {} }] },
      new Map([[1, () => 1]]),
      Promise.resolve(),
    ]) {
      expect(() => checkCloneable([bad], 'submit')).toThrow(
        expect.objectContaining({ name: 'DataCloneError' }) as Error,
      );
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => checkCloneable([cyclic], 'submit')).not.toThrow();
  });
});

describe('deserializeError (pool codes over @skein/sync/serialize-error)', () => {
  it('rebuilds pool errors by code and keeps a thrown non-error as the cause', () => {
    // Names, messages, stacks and causes are the shared module's job (tested in @skein/sync).
    const cancelled = deserializeError(
      structuredClone(serializeError(new api.CancelledError('x'))),
    );
    expect(cancelled).toBeInstanceOf(api.CancelledError);
    expect(cancelled.message).toBe('x');
    expect(deserializeError(serializeError('plain string')).cause).toBe('plain string');
  });
});

describe('types', () => {
  it('types submit from the task module', () => {
    const pool = new api.ThreadPoolExecutor<Tasks>({
      module: new URL('./fixtures/tasks.mjs', import.meta.url),
      maxWorkers: 1,
    });
    const add = pool.submit('add', 1, 2);
    const length = pool.submit((a: string) => a.length, 'x');
    const fib = pool.submit('fib', 10);
    expectTypeOf<Awaited<ReturnType<typeof add.result>>>().toEqualTypeOf<number>();
    expectTypeOf<Awaited<ReturnType<typeof length.result>>>().toEqualTypeOf<number>();
    expectTypeOf<Awaited<ReturnType<typeof fib.result>>>().toEqualTypeOf<number>();
    expectTypeOf(pool.map('fib', [1, 2])).toEqualTypeOf<api.MapResults<number>>();
    expect([add, length, fib].every((f) => !f.cancelled())).toBe(true);
    // @ts-expect-error -- 'add' takes numbers
    expect(() => pool.submit('add', 'a', 'b')).toBeDefined();
    // @ts-expect-error -- not an export of the module
    expect(() => pool.submit('nope')).toBeDefined();
    void pool.shutdown({ cancelFutures: true });
  });
});
