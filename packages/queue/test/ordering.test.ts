// Who gets what, and when: proven by recording steps, driven by hand-resolved deferreds.
import { describe, expect, it } from 'vitest';
import { Queue, QueueEmpty, QueueFull } from '../src/index.js';
import { deferred, settle } from './helpers.js';

describe('waiters are served FIFO', () => {
  it('hands items to waiting gets in the order they started waiting', async () => {
    const q = new Queue<number>();
    const steps: string[] = [];
    const getters = ['a', 'b', 'c'].map(async (name) => steps.push(`${name}:got ${await q.get()}`));
    await settle();
    steps.push('put 1, 2, 3');
    q.putNowait(1);
    q.putNowait(2);
    q.putNowait(3);
    await Promise.all(getters);
    expect(steps).toEqual(['put 1, 2, 3', 'a:got 1', 'b:got 2', 'c:got 3']);
  });

  it('lets waiting puts in, in the order they started waiting', async () => {
    const q = new Queue<string>({ maxsize: 1 });
    const steps: string[] = [];
    q.putNowait('x');
    const putters = ['a', 'b', 'c'].map(async (name) => {
      await q.put(name);
      steps.push(`${name}:put`);
    });
    await settle();
    for (let i = 0; i < 4; i++) {
      steps.push(`got ${await q.get()}`);
      await settle();
    }
    await Promise.all(putters);
    // Each get lets the oldest put in at the same moment, so that put resolves first.
    expect(steps).toEqual(['a:put', 'got x', 'b:put', 'got a', 'c:put', 'got b', 'got c']);
  });

  it('keeps FIFO around a waiter that timed out or was aborted', async () => {
    const q = new Queue<number>();
    const steps: string[] = [];
    const ac = new AbortController();
    const a = q.get().then((n) => steps.push(`a:got ${n}`));
    const b = q.get({ signal: ac.signal }).catch(() => steps.push('b:aborted'));
    const c = q.get({ timeout: 1 }).catch((e: Error) => steps.push(`c:${e.name}`));
    const d = q.get().then((n) => steps.push(`d:got ${n}`));
    ac.abort();
    await c;
    q.putNowait(1);
    q.putNowait(2);
    await Promise.all([a, b, d]);
    expect(steps).toEqual(['b:aborted', 'c:QueueEmpty', 'a:got 1', 'd:got 2']);
  });

  it('never lets a later getNowait steal the item meant for a waiting get', async () => {
    const q = new Queue<number>();
    const waiting = q.get();
    q.putNowait(1);
    expect(() => q.getNowait()).toThrow(QueueEmpty);
    expect(await waiting).toBe(1);
  });

  it('never lets a later putNowait take the slot a waiting put was given', async () => {
    const q = new Queue<number>({ maxsize: 1 });
    q.putNowait(1);
    const waiting = q.put(2);
    expect(q.getNowait()).toBe(1);
    expect(() => q.putNowait(3)).toThrow(QueueFull);
    await waiting;
    expect(q.getNowait()).toBe(2);
  });
});

describe('producer and consumers', () => {
  it('join resolves only after the consumer marked the last item done', async () => {
    const q = new Queue<string>({ maxsize: 1 });
    const steps: string[] = [];
    const work = new Map([
      ['j1', deferred()],
      ['j2', deferred()],
    ]);
    const consumer = (async () => {
      for await (const job of q) {
        steps.push(`consumer:start ${job}`);
        await work.get(job)?.promise;
        steps.push(`consumer:end ${job}`);
      }
    })();
    const producer = (async () => {
      await q.put('j1');
      steps.push('producer:put j1');
      await q.put('j2');
      steps.push('producer:put j2');
      await q.join();
      steps.push('producer:joined');
    })();
    await settle();
    work.get('j1')?.resolve();
    await settle();
    work.get('j2')?.resolve();
    await producer;
    q.shutdown();
    await consumer;
    expect(steps).toEqual([
      'producer:put j1',
      'consumer:start j1',
      'producer:put j2',
      'consumer:end j1',
      'consumer:start j2',
      'consumer:end j2',
      'producer:joined',
    ]);
  });

  it('a put that settles without waiting is already resolved when returned', async () => {
    const q = new Queue<number>();
    const steps: string[] = [];
    void q.put(1).then(() => steps.push('put resolved'));
    void q.get().then((n) => steps.push(`got ${n}`));
    void Promise.resolve().then(() => steps.push('next microtask'));
    await settle();
    expect(steps).toEqual(['put resolved', 'got 1', 'next microtask']);
  });
});
