// BENCHMARKS.md, @skein/sync: "Lock across 2 worker threads, 1M increments". Two workers
// increment one Int32 on a SharedArrayBuffer non-atomically inside the lock; the final count
// must be exactly 1M or the row fails. Timing starts when both workers are parked on GO and
// stops when both have finished: worker start-up is not part of the question.
import { Worker } from 'node:worker_threads';
import { pythonMissing, runPython } from '../../harness/python.js';
import type { Contender, Question } from '../../harness/types.js';
import { loadSkein } from '../../skein.js';
import {
  CONTROL_WORDS,
  DONE,
  FAILED,
  GO,
  type CounterJob,
  type CounterVariant,
} from '../../workers/protocol.js';

const INCREMENTS = 1_000_000;
const THREADS = 2;
const PYTHON_THREADS = 4;
const RUN_TIMEOUT_MS = 30_000;
const WORKER_URL = new URL('../../workers/counter.js', import.meta.url);

/** Runs one round of THREADS workers; returns the nanoseconds from GO to the last worker done. */
async function runWorkers(
  variant: CounterVariant,
  total: number,
  lock: () => unknown,
): Promise<number> {
  const counter = new SharedArrayBuffer(4);
  const control = new SharedArrayBuffer(4 * CONTROL_WORDS);
  const ctl = new Int32Array(control);
  const sharedLock = lock();
  const errors: string[] = [];
  const workers: Worker[] = [];
  const exits: Promise<number>[] = [];
  const readies: Promise<void>[] = [];
  for (let i = 0; i < THREADS; i++) {
    const job: CounterJob = {
      variant,
      iterations: total / THREADS,
      counter,
      control,
      lock: sharedLock,
    };
    const worker = new Worker(WORKER_URL, { workerData: job });
    workers.push(worker);
    worker.on('error', (error) => errors.push(`worker ${i}: ${error.stack ?? error.message}`));
    exits.push(new Promise((resolve) => worker.once('exit', resolve)));
    readies.push(
      new Promise((resolve, reject) => {
        worker.on('message', (message: unknown) => {
          if (message === 'ready') resolve();
          else if (typeof message === 'object' && message !== null && 'error' in message) {
            errors.push(`worker ${i}: ${String(message.error)}`);
          }
        });
        worker.once('exit', (code) =>
          reject(
            new Error(
              `worker ${i} exited with code ${code} before it was ready: ${errors.join('; ')}`,
            ),
          ),
        );
      }),
    );
  }
  try {
    await Promise.all(readies);
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }

  const start = process.hrtime.bigint();
  Atomics.store(ctl, GO, 1);
  Atomics.notify(ctl, GO);
  // Wait for DONE on the event loop (not Atomics.wait) so a crashed worker is noticed.
  const crashed = Promise.all(exits).then(() => 'exited' as const);
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  let done: number;
  while ((done = Atomics.load(ctl, DONE)) < THREADS) {
    const waited = Atomics.waitAsync(ctl, DONE, done, Math.max(0, deadline - Date.now()));
    const outcome = waited.async ? await Promise.race([waited.value, crashed]) : waited.value;
    if (outcome === 'timed-out' || (outcome === 'exited' && Atomics.load(ctl, DONE) < THREADS)) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw new Error(
        `${variant}: workers did not finish (${outcome}); done=${Atomics.load(ctl, DONE)}/${THREADS}, count=${new Int32Array(counter)[0]}; ${errors.join('; ')}`,
      );
    }
  }
  const ns = Number(process.hrtime.bigint() - start);

  const codes = await Promise.all(exits);
  if (Atomics.load(ctl, FAILED) !== 0 || errors.length > 0 || codes.some((c) => c !== 0)) {
    throw new Error(
      `${variant}: worker failed (exit codes ${codes.join(',')}): ${errors.join('; ')}`,
    );
  }
  const count = new Int32Array(counter)[0]!;
  if (count !== total) {
    const message = `${variant}: EXCLUSION VIOLATED: counter is ${count}, expected ${total} (${total - count} increments lost)`;
    process.stderr.write(`\n!!! ${message}\n\n`);
    throw new Error(message);
  }
  return ns;
}

async function runPythonLock(total: number): Promise<number> {
  const { ns, count } = await runPython('sync-lock.py', [total, PYTHON_THREADS], RUN_TIMEOUT_MS);
  if (count !== total)
    throw new Error(`python: EXCLUSION VIOLATED: count ${count}, expected ${total}`);
  return ns!;
}

const rawLock = (): SharedArrayBuffer => new SharedArrayBuffer(4);

export const lockThreads: Question = {
  name: 'lock-threads',
  title: 'Lock across 2 worker threads, 1M increments (ops/s)',
  op: 'one locked non-atomic increment of a shared Int32 (1M in all, split over 2 workers; Python: 4 threads)',
  reference: 'Python threading.Lock, 4 threads',
  fixedOps: INCREMENTS,
  targets: [
    { contender: 'Skein Lock, await acquire()', level: 'must', factor: 3e6 },
    {
      contender: 'Skein Lock, await acquire()',
      level: 'aim',
      factor: 0.8,
      ref: 'futex floor, Atomics.waitAsync',
    },
    { contender: 'Skein Lock, acquireSync()', level: 'must', factor: 15e6 },
    {
      contender: 'Skein Lock, acquireSync()',
      level: 'aim',
      factor: 0.8,
      ref: 'futex floor, Atomics.wait',
    },
  ],
  notes:
    "The futex floors are Drepper's three-state mutex on a SharedArrayBuffer; the async one awaits `Atomics.waitAsync` only when the lock is taken. The spinlock never sleeps (fine on 2 idle cores, useless beyond). Every row checks the final count is exactly 1M. The `tryAcquire() || await acquire()` row has no target: it shows what the sync fast path buys against the floor, which also awaits only when the lock is taken. The absolute targets (3M, 15M) were set on a machine where these floors ran at 7.45M / 32.4M; compare with the floor ratios when this machine is slower.",
  async setup(): Promise<Contender[]> {
    const skein = await loadSkein();
    let skeinMissing: string | undefined = skein.ok ? undefined : skein.reason;
    if (skein.ok) {
      const proto = skein.sync.Lock.prototype as Partial<Record<string, unknown>>;
      if (
        typeof skein.sync.Lock.fromShared !== 'function' ||
        typeof proto.toShared !== 'function'
      ) {
        skeinMissing = 'Lock.toShared / Lock.fromShared not implemented';
      }
    }
    const skeinLock = (): unknown => (skein.ok ? new skein.sync.Lock().toShared() : undefined);
    const syncMissing =
      skeinMissing ??
      (skein.ok &&
      typeof (skein.sync.Lock.prototype as Partial<Record<string, unknown>>).acquireSync !==
        'function'
        ? 'Lock.acquireSync not implemented'
        : undefined);
    const python = pythonMissing();
    const row = (contender: Contender, missing: string | undefined): Contender =>
      missing === undefined ? contender : { ...contender, unavailable: missing };
    return [
      row(
        {
          name: 'Skein Lock, await acquire()',
          kind: 'skein',
          run: (n) => runWorkers('skein-async', n, skeinLock),
        },
        skeinMissing,
      ),
      row(
        {
          name: 'Skein Lock, tryAcquire() || await acquire()',
          kind: 'skein',
          run: (n) => runWorkers('skein-try-async', n, skeinLock),
        },
        skeinMissing,
      ),
      row(
        {
          name: 'Skein Lock, acquireSync()',
          kind: 'skein',
          run: (n) => runWorkers('skein-sync', n, skeinLock),
        },
        syncMissing,
      ),
      {
        name: 'futex floor, Atomics.waitAsync',
        kind: 'floor',
        run: (n) => runWorkers('futex-async', n, rawLock),
      },
      {
        name: 'futex floor, Atomics.wait',
        kind: 'floor',
        run: (n) => runWorkers('futex', n, rawLock),
      },
      {
        name: 'spinlock floor, Atomics CAS',
        kind: 'floor',
        run: (n) => runWorkers('spin', n, rawLock),
      },
      row(
        { name: 'Python threading.Lock, 4 threads', kind: 'peer', run: (n) => runPythonLock(n) },
        python,
      ),
    ];
  },
};
