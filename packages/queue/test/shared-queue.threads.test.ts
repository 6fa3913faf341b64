// SharedQueue between real worker threads, against the built package (run `pnpm build` first):
// exactly-once delivery under many producers and consumers, backpressure, taskDone/join and
// shutdown across threads, and a long stress run under a watchdog.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type * as Built from '../src/index.js';

// The built package, as users load it; the types are the source's.
const { SharedQueue, QueueShutDown } = (await import(
  new URL('../dist/index.js', import.meta.url).href
)) as typeof Built;
type SharedQueueHandle = Built.SharedQueueHandle;

const fixture = new URL('./fixtures/shared-queue-worker.mjs', import.meta.url);

interface Running<R> {
  readonly worker: Worker;
  readonly result: Promise<R>;
}

/** Starts one worker role; `result` settles with what the role returned, once it exited cleanly. */
function run<R = Record<string, unknown>>(data: Record<string, unknown>): Running<R> {
  const worker = new Worker(fixture, { workerData: data });
  const result = new Promise<R>((resolve, reject) => {
    let value: R | undefined;
    worker.on('message', (m: { result: R }) => (value = m.result));
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code === 0 && value !== undefined) resolve(value);
      else reject(new Error(`worker ${String(data.role)} exited with code ${code} and no result`));
    });
  });
  return { worker, result };
}

function counters(n: number): { buffer: SharedArrayBuffer; view: Int32Array } {
  const buffer = new SharedArrayBuffer(n * 4);
  return { buffer, view: new Int32Array(buffer) };
}

/** Waits (without blocking the event loop) until `view[i] >= value`. */
async function reach(view: Int32Array, i: number, value: number): Promise<void> {
  for (;;) {
    const now = Atomics.load(view, i);
    if (now >= value) return;
    const r = Atomics.waitAsync(view, i, now, 10_000);
    if ((r.async ? await r.value : r.value) === 'timed-out') {
      throw new Error(`stuck at ${Atomics.load(view, i)} of ${value} (counter ${i})`);
    }
  }
}

/** Rejects with the progress counters if `work` takes longer than `ms`, instead of hanging. */
async function watchdog<R>(
  work: Promise<R>,
  ms: number,
  report: () => string,
  workers: Worker[],
): Promise<R> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      for (const w of workers) void w.terminate();
      reject(new Error(`watchdog: no result after ${ms} ms; progress: ${report()}`));
    }, ms);
  });
  try {
    return await Promise.race([work, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

describe('SharedQueue across worker threads', () => {
  it.each([
    {
      what: '200,000 numbers, bounded by maxsize',
      per: 50_000,
      maxsize: 64,
      capacity: 2048,
      pad: 0,
    },
    {
      what: '40,000 strings of 5 to 60 bytes, bounded by a 256-byte ring',
      per: 10_000,
      maxsize: 0,
      capacity: 256,
      pad: 56,
    },
  ])(
    '4 producers and 4 consumers move $what, each arriving exactly once',
    async ({ per, maxsize, capacity, pad }) => {
      const PRODUCERS = 4;
      const CONSUMERS = 4;
      const PER = per;
      const N = PRODUCERS * PER;
      const q = new SharedQueue<number | string>({ maxsize, capacity });
      const seen = new SharedArrayBuffer(N);
      const progress = counters(PRODUCERS + CONSUMERS);
      const handle = q.toShared();
      const producers = Array.from({ length: PRODUCERS }, (_, p) =>
        run({
          role: 'produce',
          handle,
          progress: progress.buffer,
          slot: p,
          from: p * PER,
          count: PER,
          seed: p + 1,
          pad,
        }),
      );
      const consumers = Array.from({ length: CONSUMERS }, (_, c) =>
        run<{ got: number; sum: string; missed: number }>({
          role: 'consume',
          handle,
          progress: progress.buffer,
          slot: PRODUCERS + c,
          seen,
          seed: 100 + c,
        }),
      );
      const all = [...producers, ...consumers].map((r) => r.worker);
      const results = await watchdog(
        (async () => {
          await Promise.all(producers.map((p) => p.result));
          expect(await q.join()).toBe(true); // every item taken and marked done, by other threads
          q.shutdown();
          return Promise.all(consumers.map((c) => c.result));
        })(),
        120_000,
        () => `${Array.from(progress.view).join(',')} qsize=${q.qsize()}`,
        all,
      );
      const got = results.reduce((n, r) => n + r.got, 0);
      const sum = results.reduce((s, r) => s + BigInt(r.sum), 0n);
      expect(got).toBe(N);
      expect(sum).toBe((BigInt(N) * BigInt(N - 1)) / 2n);
      const marks = new Uint8Array(seen);
      expect(marks.every((m) => m === 1)).toBe(true);
      expect(q.qsize()).toBe(0);
      // The consumers also timed out and aborted gets on the way; those took nothing.
      expect(results.some((r) => r.missed > 0)).toBe(true);
    },
  );

  it('an Error nested in an item put in another thread keeps its name, message, stack, code and cause', async () => {
    const q = new SharedQueue<unknown>();
    const producer = run<{ stacks: string[] }>({ role: 'putNestedErrors', handle: q.toShared() });
    const first = (await q.get()) as { err: Error & { code?: unknown } };
    const second = (await q.get()) as [number, Error & { code?: unknown; cause?: Error }];
    const { stacks } = await producer.result;
    const { name, message, stack, code } = first.err;
    expect([name, message, stack, code]).toEqual(['Error', 'x', stacks[0], 'E1']);
    const mine = second[1];
    expect([mine.name, mine.message, mine.stack, mine.code]).toEqual([
      'MyError',
      'mine',
      stacks[1],
      'E_MINE',
    ]);
    expect([mine.cause?.name, mine.cause?.message]).toEqual(['RangeError', 'why']);
    expect(stacks[1]).toContain('shared-queue-worker.mjs');
  });

  it('a put in another thread waits while maxsize items are queued', async () => {
    const q = new SharedQueue<number>({ maxsize: 2 });
    const progress = counters(1);
    const producer = run({
      role: 'putAll',
      handle: q.toShared(),
      progress: progress.buffer,
      items: [0, 1, 2, 3, 4],
    });
    const steps: string[] = [];
    await reach(progress.view, 0, 2);
    for (let i = 0; i < 5; i++) {
      expect(q.qsize()).toBeLessThanOrEqual(2);
      const item = await q.get();
      steps.push(`got ${item}`);
      if (i < 3) await reach(progress.view, 0, i + 3); // the freed slot lets the next put in
    }
    await producer.result;
    expect(steps).toEqual(['got 0', 'got 1', 'got 2', 'got 3', 'got 4']);
  });

  it('a put in another thread waits while the item does not fit in the free bytes', async () => {
    // Records of 40-character strings take 48 bytes: one fits in 64 bytes at a time.
    const q = new SharedQueue<string>({ capacity: 64 });
    const items = ['a', 'b', 'c', 'd', 'e'].map((c) => c.repeat(40));
    const progress = counters(1);
    const producer = run({
      role: 'putAll',
      handle: q.toShared(),
      progress: progress.buffer,
      items,
    });
    const got: string[] = [];
    await reach(progress.view, 0, 1);
    for (let i = 0; i < items.length; i++) {
      expect(q.qsize()).toBeLessThanOrEqual(1);
      got.push(await q.get());
    }
    await producer.result;
    expect(got).toEqual(items);
  });

  it('join waits for taskDone calls made in other threads', async () => {
    const q = new SharedQueue<number>();
    const N = 1_000;
    for (let i = 0; i < N; i++) q.putNowait(i);
    const progress = counters(1);
    const workers = [0, 1].map(() =>
      run({ role: 'work', handle: q.toShared(), progress: progress.buffer, count: N / 2 }),
    );
    expect(await q.join()).toBe(true);
    // Each worker counts an item before marking it done, so all were counted when join resolved.
    expect(Atomics.load(progress.view, 0)).toBe(N);
    await Promise.all(workers.map((w) => w.result));
    expect(() => q.taskDone()).toThrow(RangeError);
  });

  it.each([false, true])(
    'shutdown({ immediate: %s }) wakes gets waiting in other threads',
    async (immediate) => {
      const q = new SharedQueue<number>();
      const progress = counters(1);
      const getters = [0, 1, 2].map(() =>
        run<{ error?: string }>({
          role: 'getOne',
          handle: q.toShared(),
          progress: progress.buffer,
        }),
      );
      await reach(progress.view, 0, 3);
      q.shutdown({ immediate });
      const results = await Promise.all(getters.map((g) => g.result));
      expect(results).toEqual([
        { error: 'QueueShutDown' },
        { error: 'QueueShutDown' },
        { error: 'QueueShutDown' },
      ]);
    },
  );

  it('shutdown lets other threads drain what is queued, then their gets throw', async () => {
    const q = new SharedQueue<string>();
    for (const s of ['a', 'b', 'c']) q.putNowait(s);
    q.shutdown();
    const consumer = run<{ items: string[] }>({ role: 'iterate', handle: q.toShared() });
    expect(await consumer.result).toEqual({ items: ['a', 'b', 'c'] });
    expect(await q.join()).toBe(true); // the iterator marked them done in the worker
  });

  it('shutdown({ immediate: true }) fails puts waiting in other threads, drains and releases join', async () => {
    const q = new SharedQueue<number>({ maxsize: 1 });
    q.putNowait(0);
    const progress = counters(1);
    const putters = [1, 2].map((item) =>
      run<{ error?: string }>({
        role: 'putOne',
        handle: q.toShared(),
        progress: progress.buffer,
        item,
      }),
    );
    await reach(progress.view, 0, 2);
    q.shutdown({ immediate: true });
    expect(await Promise.all(putters.map((p) => p.result))).toEqual([
      { error: 'QueueShutDown' },
      { error: 'QueueShutDown' },
    ]);
    expect(q.qsize()).toBe(0);
    expect(await q.join()).toBe(true);
    await expect(q.get()).rejects.toBeInstanceOf(QueueShutDown);
  });

  it('a worker waiting only on a get stays alive until its item comes', async () => {
    const q = new SharedQueue<{ n: number }>();
    const progress = counters(1);
    const getter = run<{ value: { n: number } }>({
      role: 'getOne',
      handle: q.toShared(),
      progress: progress.buffer,
    });
    await reach(progress.view, 0, 1);
    // Let the worker park: wait for a macrotask turn of our own before putting.
    await new Promise((resolve) => setImmediate(resolve));
    await q.put({ n: 7 });
    expect(await getter.result).toEqual({ value: { n: 7 } });
  });

  it('a worker waiting only on a put stays alive until there is room', async () => {
    const q = new SharedQueue<number>({ maxsize: 1 });
    q.putNowait(0);
    const progress = counters(1);
    const putter = run<{ ok?: boolean }>({
      role: 'putOne',
      handle: q.toShared(),
      progress: progress.buffer,
      item: 1,
    });
    await reach(progress.view, 0, 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await q.get()).toBe(0);
    expect(await putter.result).toEqual({ ok: true });
    expect(q.getNowait()).toBe(1);
  });

  const STRESS = process.env.SKEIN_STRESS === '1' ? 10_000_000 : 2_000_000;
  it(`stress: ${STRESS.toLocaleString('en')} messages between 2 threads arrive in order, no lost wake-up`, async () => {
    // A small ring and maxsize, and each side stalling now and then for longer than the other
    // watches before parking, make both sides park and wake all the time.
    const q = new SharedQueue<number>({ maxsize: 16, capacity: 96 });
    const progress = counters(2);
    const handle: SharedQueueHandle = q.toShared();
    const producer = run({
      role: 'sequence',
      handle,
      progress: progress.buffer,
      slot: 0,
      count: STRESS,
      stallEvery: 61,
    });
    const consumer = run({
      role: 'ordered',
      handle,
      progress: progress.buffer,
      slot: 1,
      count: STRESS,
      stallEvery: 53,
    });
    let last = [0, 0];
    const result = await watchdog(
      (async () => {
        // Fail fast on a stall: both counters must move within every 20 s window.
        for (;;) {
          const done = await Promise.race([
            Promise.all([producer.result, consumer.result]).then(() => true),
            new Promise<false>((resolve) => setTimeout(resolve, 20_000, false)),
          ]);
          if (done) return true;
          const now = Array.from(progress.view);
          if (now[0] === last[0] && now[1] === last[1])
            throw new Error(`stalled at put=${now[0]} got=${now[1]}`);
          last = now;
        }
      })(),
      STRESS === 2_000_000 ? 300_000 : 1_500_000,
      () => `put=${Atomics.load(progress.view, 0)} got=${Atomics.load(progress.view, 1)}`,
      [producer.worker, consumer.worker],
    );
    expect(result).toBe(true);
    expect(Array.from(progress.view)).toEqual([STRESS, STRESS]);
    // Both sides really parked and were woken: each wake-up starts a new generation (+2) of
    // SPACE_SEQ (word 48) or DATA_SEQ (word 64), see the layout in src/internal/shared-ring.ts.
    const words = new Int32Array(handle.buffer);
    const wakes = { space: words[48]! >>> 1, data: words[64]! >>> 1 };
    expect(wakes.space).toBeGreaterThan(STRESS / 1000);
    expect(wakes.data).toBeGreaterThan(STRESS / 1000);
  }, 1_600_000);
});
