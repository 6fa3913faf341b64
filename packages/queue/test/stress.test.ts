// Many producers and consumers in one thread: every item arrives exactly once, whatever
// interleaving, timeouts and aborts happen on the way.
import { describe, expect, it } from 'vitest';
import {
  LifoQueue,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  SimpleQueue,
} from '../src/index.js';

/** A deterministic pseudo-random source, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Yields to other tasks in one of several ways: a microtask, a macrotask, or not at all. */
async function jitter(r: number): Promise<void> {
  if (r < 0.5) return;
  if (r < 0.9) await Promise.resolve();
  else await new Promise((resolve) => setImmediate(resolve));
}

const PRODUCERS = 8;
const CONSUMERS = 8;
const PER_PRODUCER = 1_500;

const kinds = [
  ['Queue', () => new Queue<number>({ maxsize: 16 })],
  ['LifoQueue', () => new LifoQueue<number>({ maxsize: 3 })],
  ['PriorityQueue', () => new PriorityQueue<number>({ maxsize: 1 })],
  ['SimpleQueue', () => new SimpleQueue<number>()],
] as const;

describe.each(kinds)('%s under many producers and consumers', (_, make) => {
  it.each([1, 2, 3])('delivers every item exactly once (seed %i)', async (seed) => {
    const q = make();
    const random = rng(seed);
    const received = new Uint8Array(PRODUCERS * PER_PRODUCER);
    let aborted = 0;
    let timedOut = 0;

    const producers = Array.from({ length: PRODUCERS }, async (_, p) => {
      for (let i = 0; i < PER_PRODUCER; i++) {
        const item = p * PER_PRODUCER + i;
        for (;;) {
          const r = random();
          try {
            if (r < 0.1) q.putNowait(item);
            else if (r < 0.2) await q.put(item, { timeout: 0 });
            else if (r < 0.25) {
              const ac = new AbortController();
              const put = q.put(item, { signal: ac.signal });
              if (random() < 0.5) ac.abort(new Error('abort'));
              await put;
            } else await q.put(item);
            break;
          } catch (error) {
            if (error instanceof QueueFull) timedOut++;
            else if ((error as Error).message === 'abort') aborted++;
            else throw error;
          }
        }
        await jitter(random());
      }
    });

    const consumers = Array.from({ length: CONSUMERS }, async () => {
      for (;;) {
        const r = random();
        let item: number;
        try {
          if (r < 0.1) item = q.getNowait();
          else if (r < 0.2) item = await q.get({ timeout: random() < 0.5 ? 0 : 1 });
          else if (r < 0.25) {
            const ac = new AbortController();
            const get = q.get({ signal: ac.signal });
            if (random() < 0.5) ac.abort(new Error('abort'));
            item = await get;
          } else item = await q.get();
        } catch (error) {
          if (error instanceof QueueShutDown) return;
          if (error instanceof QueueEmpty) timedOut++;
          else if ((error as Error).message === 'abort') aborted++;
          else throw error;
          await jitter(1);
          continue;
        }
        expect(received[item]).toBe(0);
        received[item] = 1;
        if ('taskDone' in q) q.taskDone();
        await jitter(random());
      }
    });

    await Promise.all(producers);
    if ('join' in q) expect(await q.join()).toBe(true);
    q.shutdown();
    await Promise.all(consumers);
    expect(received.every((v) => v === 1)).toBe(true);
    expect(q.qsize()).toBe(0);
    expect(aborted).toBeGreaterThan(0);
    expect(timedOut).toBeGreaterThan(0);
  });
});
