// Hand-written lower bounds of the pool questions: what postMessage to echo workers costs with no pool around it.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { WORKERS } from './peers.js';

const ECHO = new URL('../../workers/pool-echo.js', import.meta.url);
const SPIN = new URL('../../workers/pool-spin.js', import.meta.url);

async function withWorkers<T>(file: URL, body: (workers: Worker[]) => Promise<T>): Promise<T> {
  const workers = Array.from({ length: WORKERS }, () => new Worker(file));
  try {
    await Promise.all(workers.map((w) => once(w, 'online')));
    return await body(workers);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Sends the numbers 0..n-1 to the echo workers in arrays of `batch`, round-robin, all at once;
 * resolves the nanoseconds until every batch is back (checked by the sum).
 */
export function echoBatches(n: number, batch: number): Promise<number> {
  return withWorkers(ECHO, async (workers) => {
    const start = process.hrtime.bigint();
    let sum = 0;
    let left = Math.ceil(n / batch);
    const done = new Promise<void>((resolve) => {
      for (const w of workers)
        w.on('message', (items: number[]) => {
          for (const x of items) sum += x;
          if (--left === 0) resolve();
        });
    });
    for (let from = 0, i = 0; from < n; from += batch, i++) {
      const items = new Array<number>(Math.min(batch, n - from));
      for (let k = 0; k < items.length; k++) items[k] = from + k;
      workers[i % WORKERS]!.postMessage(items);
    }
    await done;
    const ns = Number(process.hrtime.bigint() - start);
    if (sum !== (n * (n - 1)) / 2)
      throw new Error(`echo: sum ${sum}, expected ${(n * (n - 1)) / 2}`);
    return ns;
  });
}

/** `n` single-message round trips to one echo worker, one after another; each one's nanoseconds. */
export function echoRoundTrips(n: number): Promise<number[]> {
  return withWorkers(ECHO, async ([worker]) => {
    let answer: (value: number) => void = () => {};
    worker!.on('message', (value: number) => answer(value));
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const start = process.hrtime.bigint();
      const back = await new Promise<number>((resolve) => {
        answer = resolve;
        worker!.postMessage(i);
      });
      times.push(Number(process.hrtime.bigint() - start));
      if (back !== i) throw new Error(`echo: sent ${i}, got ${back}`);
    }
    return times;
  });
}

/**
 * The CPU question's floor: `tasks` spins of `ms` split evenly over bare workers, one message
 * each way per worker (after a warm-up spin); resolves the nanoseconds until all are back.
 */
export function spinBare(tasks: number, ms: number): Promise<number> {
  return withWorkers(SPIN, async (workers) => {
    const run = (n: number): Promise<unknown[]> =>
      Promise.all(
        workers.map(
          (w) =>
            new Promise((resolve) => {
              w.once('message', resolve);
              w.postMessage({ n, ms });
            }),
        ),
      );
    await run(4);
    const start = process.hrtime.bigint();
    await run(tasks / WORKERS);
    return Number(process.hrtime.bigint() - start);
  });
}
