import { describe, expect, it } from 'vitest';
import { Barrier, Event, Lock, SharedArray, SharedValue } from '../src/index.js';
import { findShareable, shareableHint } from '../src/crossing.js';

describe('@skein/sync/crossing', () => {
  it('finds a Skein object wherever structured cloning would copy it', () => {
    const event = new Event();
    class Job {
      constructor(readonly done: Event) {}
    }
    const places: unknown[] = [
      event,
      [1, 'a', event],
      { a: { b: [{ c: event }] } },
      new Map([['k', event]]),
      new Map([[event, 'v']]),
      new Set([event]),
      new Job(event),
    ];
    for (const value of places) expect(findShareable(value)).toBe(event);
  });

  it('finds nothing in plain data, handles, typed arrays or cycles', () => {
    const cycle: Record<string, unknown> = { n: 1 };
    cycle.self = cycle;
    const values: unknown[] = [
      undefined,
      null,
      5,
      'x',
      [1, 2, [3]],
      { a: { b: 'c' } },
      cycle,
      new Lock().toShared(),
      new Uint8Array(4),
      new Date(0),
      new Map([[1, { x: 2 }]]),
      new Error('e'),
    ];
    for (const value of values) expect(findShareable(value)).toBeUndefined();
  });

  it('knows an object by its toShared method and its class static fromShared', () => {
    class Handle {
      toShared(): object {
        return {};
      }
      static fromShared(): Handle {
        return new Handle();
      }
    }
    expect(findShareable([new Handle()])).toBeInstanceOf(Handle);
    expect(findShareable([{ toShared: () => ({}) }])).toBeUndefined(); // no class to revive it
  });

  it('names the object and the way across', () => {
    expect(shareableHint(new Lock())).toBe(
      'a Lock crosses threads as its toShared() handle, revived there with Lock.fromShared()',
    );
    expect(shareableHint(new Event())).toMatch(/^an Event .* Event\.fromShared\(\)$/);
    for (const shareable of [
      new Barrier(2),
      new SharedValue('int32', 1),
      new SharedArray('int8', 2),
    ])
      expect(findShareable({ x: shareable })).toBe(shareable);
  });
});
