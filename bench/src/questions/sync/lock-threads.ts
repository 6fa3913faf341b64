// BENCHMARKS.md, @skein/sync: "Lock across 2 worker threads, 1M increments". Two workers
// increment one Int32 on a SharedArrayBuffer non-atomically inside the lock; the final count
// must be exactly 1M or the row fails. Timing starts when both workers are parked on GO and
// stops when both have finished: worker start-up is not part of the question.
import { pythonMissing, runPython } from '../../harness/python.js';
import { runTimedWorkers } from '../../harness/timed-workers.js';
import type { Contender, Question } from '../../harness/types.js';
import { loadSkein } from '../../skein.js';
import type { CounterJob, CounterVariant } from '../../workers/protocol.js';

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
  const job: Omit<CounterJob, 'control'> = {
    variant,
    iterations: total / THREADS,
    counter,
    lock: lock(),
  };
  const workers = Array.from({ length: THREADS }, (_, i) => ({
    label: `${variant} worker ${i}`,
    data: job,
  }));
  const ns = await runTimedWorkers(WORKER_URL, workers, {
    timeoutMs: RUN_TIMEOUT_MS,
    diagnose: () => `count=${new Int32Array(counter)[0]}`,
  });
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
