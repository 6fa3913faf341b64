import { Worker } from 'node:worker_threads';

const fixture = new URL('./fixtures/worker.mjs', import.meta.url);

/** Runs a scenario of fixtures/worker.mjs in a real worker thread; resolves what it returns. */
export function inWorker<T = unknown>(scenario: string, args: Record<string, unknown>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(fixture, { workerData: { scenario, args } });
    let settled = false;
    worker.once(
      'message',
      (m: { ok: boolean; result: T; error: { message: string; stack: string } }) => {
        settled = true;
        if (m.ok) resolve(m.result);
        else reject(Object.assign(new Error(m.error.message), { stack: m.error.stack }));
      },
    );
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled)
        reject(new Error(`worker '${scenario}' exited with code ${code} before answering`));
    });
  });
}

/** A promise with its settle functions, resolved by hand to drive ordering tests. */
export function deferred<T = void>(): {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
} {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every queued microtask and a few macrotask turns run. */
export async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

export function sharedInts(n: number): SharedArrayBuffer {
  return new SharedArrayBuffer(n * 4);
}

/** What an Int32Array cell holds after summing to `n` (it wraps around like C's int32). */
export function wrapInt32(n: number): number {
  return Number(BigInt.asIntN(32, BigInt(n)));
}
