// Model-based property test of SharedQueue in one thread: random sequences of the calls that
// settle without waiting run against a plain-array model; every outcome and size must agree.
// Items vary in kind and size, so the ring wraps, rewinds and runs out of bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueueEmpty, QueueFull, SharedQueue } from '../src/index.js';

type Item = number | string | { id: number; pad: string } | null;
type Op =
  | { t: 'putNowait'; item: Item }
  | { t: 'put0'; item: Item }
  | { t: 'getNowait' }
  | { t: 'get0' }
  | { t: 'taskDone' }
  | { t: 'join0' }
  | { t: 'shutdown'; immediate: boolean };

const item: fc.Arbitrary<Item> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.record({ id: fc.nat(), pad: fc.string({ maxLength: 30 }) }),
  fc.constant(null),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: item.map((i) => ({ t: 'putNowait' as const, item: i })) },
  { weight: 3, arbitrary: item.map((i) => ({ t: 'put0' as const, item: i })) },
  { weight: 3, arbitrary: fc.constant({ t: 'getNowait' as const }) },
  { weight: 2, arbitrary: fc.constant({ t: 'get0' as const }) },
  { weight: 2, arbitrary: fc.constant({ t: 'taskDone' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'join0' as const }) },
  {
    weight: 1,
    arbitrary: fc.boolean().map((immediate) => ({ t: 'shutdown' as const, immediate })),
  },
);

/** The bytes of an item's record in the ring: a 5-byte header and the payload, padded to 4 (-1: not known here). */
function recordSize(i: Item): number {
  let payload: number;
  if (i === null) payload = 0;
  else if (typeof i === 'number') payload = (i | 0) === i && !Object.is(i, -0) ? 4 : 8;
  else if (typeof i === 'string') payload = Buffer.byteLength(i, 'utf8');
  else payload = -1; // v8-serialized: size unknown here
  return payload < 0 ? -1 : (5 + payload + 3) & ~3;
}

async function result(f: () => unknown): Promise<{ value: unknown } | { error: string }> {
  try {
    return { value: await f() };
  } catch (e) {
    return { error: (e as Error).name };
  }
}

describe('SharedQueue against an array model', () => {
  it('agrees on every outcome (items limited by maxsize only)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 6 }),
        fc.array(op, { maxLength: 80 }),
        async (maxsize, ops) => {
          const q = new SharedQueue<Item>({ maxsize, capacity: 1 << 16 });
          const model: Item[] = [];
          let unfinished = 0;
          let closed = false;
          for (const o of ops) {
            const full = maxsize > 0 && model.length >= maxsize;
            switch (o.t) {
              case 'putNowait':
              case 'put0': {
                const got = await result(() =>
                  o.t === 'put0' ? q.put(o.item, { timeout: 0 }) : q.putNowait(o.item),
                );
                if (closed) expect(got).toEqual({ error: 'QueueShutDown' });
                else if (full) expect(got).toEqual({ error: 'QueueFull' });
                else {
                  expect(got).toEqual({ value: undefined });
                  model.push(o.item);
                  unfinished++;
                }
                break;
              }
              case 'getNowait':
              case 'get0': {
                const got = await result(() =>
                  o.t === 'get0' ? q.get({ timeout: 0 }) : q.getNowait(),
                );
                if (model.length > 0) expect(got).toEqual({ value: model.shift() });
                else expect(got).toEqual({ error: closed ? 'QueueShutDown' : 'QueueEmpty' });
                break;
              }
              case 'taskDone': {
                const got = await result(() => q.taskDone());
                if (unfinished > 0) {
                  expect(got).toEqual({ value: undefined });
                  unfinished--;
                } else expect(got).toEqual({ error: 'RangeError' });
                break;
              }
              case 'join0':
                expect(await q.join({ timeout: 0 })).toBe(unfinished === 0);
                break;
              case 'shutdown':
                q.shutdown({ immediate: o.immediate });
                closed = true;
                if (o.immediate) {
                  unfinished = Math.max(0, unfinished - model.length);
                  model.length = 0;
                }
                break;
            }
            expect([q.qsize(), q.empty(), q.full()]).toEqual([
              model.length,
              model.length === 0,
              maxsize > 0 && model.length >= maxsize,
            ]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps FIFO order through a small ring, refusing only what cannot fit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 50 }), fc.integer(), fc.constant('get')), {
          maxLength: 200,
        }),
        (ops) => {
          const capacity = 128;
          const q = new SharedQueue<string | number>({ capacity });
          const model: { v: string | number; bytes: number }[] = [];
          for (const o of ops) {
            if (o === 'get') {
              if (model.length === 0) expect(() => q.getNowait()).toThrow(QueueEmpty);
              else expect(q.getNowait()).toEqual(model.shift()!.v);
              continue;
            }
            const bytes = recordSize(o);
            const live = model.reduce((n, m) => n + m.bytes, 0);
            try {
              q.putNowait(o);
              model.push({ v: o, bytes });
              // It fit: never more bytes live than the capacity.
              expect(live + bytes).toBeLessThanOrEqual(capacity);
            } catch (e) {
              if (bytes > capacity) {
                expect(e).toBeInstanceOf(RangeError);
                continue;
              }
              expect(e).toBeInstanceOf(QueueFull);
              // Refused: it would not fit even with the least possible wrap waste.
              expect(live + 2 * bytes).toBeGreaterThan(capacity);
              expect(model.length).toBeGreaterThan(0); // an empty ring takes whatever fits in it
            }
          }
          expect(q.qsize()).toBe(model.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips any value exactly as structuredClone does', () => {
    const q = new SharedQueue<unknown>({ capacity: 1 << 20 });
    fc.assert(
      fc.property(
        fc.anything({
          maxDepth: 4,
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
          withSparseArray: true,
          withTypedArray: true,
          withBoxedValues: true,
          withObjectString: true,
          withUnicodeString: true,
        }),
        (value) => {
          q.putNowait(value);
          expect(q.getNowait()).toStrictEqual(structuredClone(value));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
