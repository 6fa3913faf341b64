import { describe, expect, it } from 'vitest';
import { QueueEmpty, QueueShutDown, SimpleQueue } from '../src/index.js';
import { settle } from './helpers.js';

describe('SimpleQueue', () => {
  it('is an unbounded FIFO without taskDone or join', () => {
    const q = new SimpleQueue<number>();
    for (let i = 0; i < 1_000; i++) q.putNowait(i);
    expect(q.maxsize).toBe(0);
    expect(q.full()).toBe(false);
    expect(q.qsize()).toBe(1_000);
    expect(q.getNowait()).toBe(0);
    expect('taskDone' in q).toBe(false);
    expect('join' in q).toBe(false);
  });

  it('put never waits; get waits for the next put', async () => {
    const q = new SimpleQueue<string>();
    const got = q.get();
    await settle();
    await q.put('a');
    expect(await got).toBe('a');
    expect(() => q.getNowait()).toThrow(QueueEmpty);
    await expect(q.get({ timeout: 1 })).rejects.toThrow(QueueEmpty);
  });

  it('iterates until shut down and drained', async () => {
    const q = new SimpleQueue<number>();
    q.putNowait(1);
    q.putNowait(2);
    q.shutdown();
    expect(() => q.putNowait(3)).toThrow(QueueShutDown);
    const seen: number[] = [];
    for await (const n of q) seen.push(n);
    expect(seen).toEqual([1, 2]);
  });

  it('drops everything on an immediate shutdown', async () => {
    const q = new SimpleQueue<number>();
    q.putNowait(1);
    q.shutdown({ immediate: true });
    await expect(q.get()).rejects.toThrow(QueueShutDown);
  });
});
