// BENCHMARKS.md, @skein/coroutine: "loop-thread round trip (µs)". One sample starts a loop
// thread, makes 4,000 warm-up round trips, then times 2,000 sequential ones (each awaits an echo
// of its index and checks it) and reports their p50 and p99. Thread start-up is not timed.
import { Worker } from 'node:worker_threads';
import { startLoopThread } from '@skein/coroutine';
import type { MetricContender, MetricQuestion } from '../../harness/types.js';
import { pythonMissing, runAsyncio } from './python.js';

const TRIPS = 2_000;
// A fresh loop thread's first few thousand trips still compile and grow its heap (p99 in the
// milliseconds after 200 warm-up trips, ~50 µs after 4,000): warm both threads up first.
const WARMUP = 4_000;
const JOBS = new URL('../../workers/coroutine-loop-jobs.js', import.meta.url);
const ECHO = new URL('../../workers/coroutine-echo.js', import.meta.url);

/** Times `trip(i)` for WARMUP + TRIPS sequential trips; p50 and p99 of the timed ones, in µs. */
async function percentiles(
  trip: (i: number) => PromiseLike<number>,
): Promise<Record<string, number>> {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + TRIPS; i++) {
    const start = process.hrtime.bigint();
    const value = await trip(i);
    const ns = Number(process.hrtime.bigint() - start);
    if (value !== i) throw new Error(`round trip ${i} returned ${value}`);
    if (i >= WARMUP) samples.push(ns / 1e3);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(TRIPS / 2)]!, p99: samples[Math.floor(TRIPS * 0.99)]! };
}

async function skein(): Promise<Record<string, number>> {
  const loop = await startLoopThread<typeof import('../../workers/coroutine-loop-jobs.js')>({
    module: JOBS,
  });
  try {
    return await percentiles((i) => loop.runCoroutineThreadsafe('echo', i));
  } finally {
    await loop.stop();
  }
}

async function postMessageFloor(): Promise<Record<string, number>> {
  const worker = new Worker(ECHO);
  let answer: ((value: number) => void) | undefined;
  worker.on('message', (value: number) => answer?.(value));
  try {
    return await percentiles(
      (i) =>
        new Promise<number>((resolve) => {
          answer = resolve;
          worker.postMessage(i);
        }),
    );
  } finally {
    await worker.terminate();
  }
}

const SKEIN = 'Skein runCoroutineThreadsafe';

export const loopThreadRtt: MetricQuestion = {
  style: 'metric',
  name: 'loop-thread-rtt',
  title: 'loop-thread round trip (µs)',
  op: `${TRIPS.toLocaleString('en')} sequential round trips to an echo coroutine on another thread, after ${WARMUP.toLocaleString('en')} warm-up trips`,
  reference: 'Python run_coroutine_threadsafe',
  metrics: [
    { key: 'p50', label: 'p50', unit: 'µs', better: 'lower' },
    { key: 'p99', label: 'p99', unit: 'µs', better: 'lower' },
  ],
  targets: [
    { contender: SKEIN, metric: 'p50', level: 'must', factor: 30 },
    { contender: SKEIN, metric: 'p50', level: 'aim', factor: 20 },
  ],
  notes:
    'Skein: `await loop.runCoroutineThreadsafe("echo", i)` on a `startLoopThread` whose module exports `echo`. Floor: a bare worker that posts each message back (`postMessage` both ways, one promise per trip). Python: `asyncio.run_coroutine_threadsafe(echo(i), loop).result()` from the main thread to a loop running in a `threading.Thread`, in a `python3` subprocess timing itself. Targets (BENCHMARKS.md) are on the median.',
  setup(): Promise<MetricContender[]> {
    const python = pythonMissing();
    const sampleAsyncio = (): Promise<Record<string, number>> => runAsyncio('rtt', TRIPS);
    return Promise.resolve([
      { name: SKEIN, kind: 'skein', sample: skein },
      { name: 'postMessage echo worker', kind: 'floor', sample: postMessageFloor },
      python === undefined
        ? { name: 'Python run_coroutine_threadsafe', kind: 'peer', sample: sampleAsyncio }
        : {
            name: 'Python run_coroutine_threadsafe',
            kind: 'peer',
            unavailable: python,
            sample: sampleAsyncio,
          },
    ]);
  },
};
