import { describe, expect, it } from 'vitest';
import { SharedArray, SharedValue, TimeoutError, fromShared } from '../src/index.js';
import { deferred } from './helpers.js';

describe('SharedValue', () => {
  it('holds a typed value for every type', () => {
    expect(new SharedValue('int8', 127).value).toBe(127);
    expect(new SharedValue('uint8', 255).value).toBe(255);
    expect(new SharedValue('int16', -3).value).toBe(-3);
    expect(new SharedValue('uint32', 4_000_000_000).value).toBe(4_000_000_000);
    expect(new SharedValue('float32', 1.5).value).toBe(1.5);
    expect(new SharedValue('float64', Math.PI).value).toBe(Math.PI);
    expect(new SharedValue('bigint64', -5n).value).toBe(-5n);
    expect(new SharedValue('biguint64', 5n).value).toBe(5n);
    expect(new SharedValue('int32').value).toBe(0);
  });

  it('shares its value and lock with its revived twin', async () => {
    const v = new SharedValue('int32', 1);
    const twin = SharedValue.fromShared(structuredClone(v.toShared()));
    twin.value = 42;
    expect(v.value).toBe(42);
    expect(twin.getLock().orderKey).toBe(v.getLock().orderKey);
    await v.withLock(() => {
      v.value += 1;
    });
    expect(twin.value).toBe(43);
    expect(fromShared(v.toShared())).toBeInstanceOf(SharedValue);
  });

  it('rejects unknown types and values of the wrong kind', () => {
    expect(() => new SharedValue('int128' as never, 1 as never)).toThrow(TypeError);
    expect(() => new SharedValue('int32', 1n as never)).toThrow(TypeError);
    expect(() => new SharedValue('bigint64', 1 as never)).toThrow(TypeError);
    expect(() => new SharedValue('int32', 1.5)).toThrow(TypeError);
    expect(() => SharedValue.fromShared({ nope: true } as never)).toThrow(TypeError);
  });
});

describe('SharedArray', () => {
  it('is created from a length or from values', () => {
    const zeros = new SharedArray('int16', 3);
    expect(zeros.toArray()).toEqual([0, 0, 0]);
    const a = new SharedArray('float64', [1.5, 2.5]);
    expect(a.length).toBe(2);
    a.set(1, 9);
    expect(a.get(1)).toBe(9);
    expect(new SharedArray('uint8', 0).length).toBe(0);
  });

  it('checks indexes and values', () => {
    const a = new SharedArray('int32', 2);
    expect(() => a.get(2)).toThrow(RangeError);
    expect(() => a.get(-1)).toThrow(RangeError);
    expect(() => a.set(0, 'x' as never)).toThrow(TypeError);
    expect(() => new SharedArray('int32', -1)).toThrow(RangeError);
    expect(() => new SharedArray('int32', 'abc' as never)).toThrow(TypeError);
  });

  it('round-trips through toShared', () => {
    const a = new SharedArray('bigint64', [1n, 2n]);
    const twin = SharedArray.fromShared(structuredClone(a.toShared()));
    twin.set(0, 7n);
    expect(a.toArray()).toEqual([7n, 2n]);
    expect(twin.length).toBe(2);
    expect(SharedArray.fromShared(new SharedArray('int8', 0).toShared()).length).toBe(0);
  });
});

describe('SharedValue.withLock options', () => {
  it('honours timeout and signal while another context holds the lock', async () => {
    const v = new SharedValue('int32', 0);
    const lock = v.getLock();
    const release = deferred();
    const holding = deferred();
    const holder = lock.withLock(async () => {
      holding.resolve();
      await release.promise;
    });
    await holding.promise;
    await expect(v.withLock(() => 1, { timeout: 1 })).rejects.toBeInstanceOf(TimeoutError);
    await expect(v.withLock(() => 1, { signal: AbortSignal.abort('no') })).rejects.toBe('no');
    release.resolve();
    await holder;
    expect(await v.withLock(() => 2, { timeout: 1000 })).toBe(2);
  });
});
