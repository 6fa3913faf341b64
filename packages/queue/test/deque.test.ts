// The ring buffer under FIFO queues: wrap-around, growth and shrinking keep the order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Deque } from '../src/internal/deque.js';

describe('Deque', () => {
  it('matches an array through random bursts of adds and takes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -40, max: 40 }), { maxLength: 80 }), (bursts) => {
        const deque = new Deque<number>();
        const model: number[] = [];
        let next = 0;
        for (const burst of bursts) {
          for (let i = 0; i < burst; i++) {
            deque.add(next);
            model.push(next++);
          }
          for (let i = 0; i < -burst && model.length > 0; i++)
            expect(deque.take()).toBe(model.shift());
          expect(deque.size).toBe(model.length);
        }
        while (model.length > 0) expect(deque.take()).toBe(model.shift());
        deque.clear();
        expect(deque.size).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('lets go of taken items', () => {
    const deque = new Deque<object>();
    for (let i = 0; i < 100; i++) deque.add({});
    for (let i = 0; i < 100; i++) deque.take();
    const { slots } = deque as unknown as { slots: unknown[] };
    expect(slots.every((s) => s === undefined)).toBe(true);
    expect(slots.length).toBe(16); // shrank back after the burst
  });
});
