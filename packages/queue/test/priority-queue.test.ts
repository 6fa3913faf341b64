import { describe, expect, it } from 'vitest';
import { PriorityQueue } from '../src/index.js';
import { settle } from './helpers.js';

function drain<T>(q: PriorityQueue<T>): T[] {
  const out: T[] = [];
  while (!q.empty()) out.push(q.getNowait());
  return out;
}

describe('PriorityQueue', () => {
  it('hands out the lowest priority first, FIFO among equals', () => {
    const q = new PriorityQueue<string>();
    const input = Array.from({ length: 200 }, (_, i) => ({ item: `i${i}`, priority: (i * 7) % 5 }));
    for (const { item, priority } of input) q.putNowait(item, { priority });
    const expected = [...input].sort((a, b) => a.priority - b.priority).map((e) => e.item); // sort is stable
    expect(drain(q)).toEqual(expected);
  });

  it('orders items themselves as Python does when no priority is given', () => {
    const q = new PriorityQueue<unknown>();
    for (const item of [3, 'b', [2, 'z'], 1n, 'a', [1, 'y'], 2.5, [2, 'a'], [2], -Infinity])
      q.putNowait(item);
    expect(drain(q)).toEqual([-Infinity, 1n, 2.5, 3, 'a', 'b', [1, 'y'], [2], [2, 'a'], [2, 'z']]);
  });

  it('compares tuples past equal infinite elements, as Python does', () => {
    const q = new PriorityQueue<[number, string]>();
    for (const item of [
      [Infinity, 'second'],
      [-Infinity, 'z'],
      [Infinity, 'first'],
      [-Infinity, 'a'],
    ] as [number, string][])
      q.putNowait(item);
    expect(drain(q)).toEqual([
      [-Infinity, 'a'],
      [-Infinity, 'z'],
      [Infinity, 'first'],
      [Infinity, 'second'],
    ]);
  });

  it('lets [priority, object] tuples tie in FIFO order instead of comparing the objects', () => {
    const q = new PriorityQueue<[number, { id: number }]>();
    for (let id = 0; id < 10; id++) q.putNowait([id % 2, { id }]);
    expect(drain(q).map(([, job]) => job.id)).toEqual([0, 2, 4, 6, 8, 1, 3, 5, 7, 9]);
  });

  it('orders by compare when given, FIFO among equals', () => {
    interface Job {
      deadline: number;
      name: string;
    }
    const q = new PriorityQueue<Job>({ compare: (a, b) => a.deadline - b.deadline });
    for (const [deadline, name] of [
      [3, 'c'],
      [1, 'a1'],
      [2, 'b'],
      [1, 'a2'],
    ] as const)
      q.putNowait({ deadline, name });
    expect(drain(q).map((j) => j.name)).toEqual(['a1', 'a2', 'b', 'c']);
  });

  it('lets waiting puts in with their own priorities', async () => {
    const q = new PriorityQueue<string>({ maxsize: 2 });
    q.putNowait('m', { priority: 5 });
    q.putNowait('n', { priority: 6 });
    const later = [q.put('urgent', { priority: 0 }), q.put('late', { priority: 9 })];
    expect(q.getNowait()).toBe('m'); // lets 'urgent' in
    expect(q.getNowait()).toBe('urgent'); // lets 'late' in
    await Promise.all(later);
    expect(drain(q)).toEqual(['n', 'late']);
  });

  it('hands an item straight to a waiting get whatever its priority', async () => {
    const q = new PriorityQueue<string>();
    const got = q.get();
    await settle();
    q.putNowait('x', { priority: 100 });
    q.putNowait('y', { priority: 1 });
    expect(await got).toBe('x');
    expect(q.getNowait()).toBe('y');
  });

  it('keeps heap order through many random operations', () => {
    const q = new PriorityQueue<number>();
    const model: number[] = [];
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5_000; i++) {
      if (rand() < 0.6 || model.length === 0) {
        const n = Math.floor(rand() * 1000);
        q.putNowait(n);
        model.push(n);
        model.sort((a, b) => a - b);
      } else {
        expect(q.getNowait()).toBe(model.shift());
      }
    }
    expect(drain(q)).toEqual(model);
  });
});
