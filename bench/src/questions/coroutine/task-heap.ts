// BENCHMARKS.md, @skein/coroutine: "heap per pending task (bytes)". Each sample runs a fresh
// `node --expose-gc` child (workers/coroutine-heap.js): it starts n tasks that sleep 60 s,
// lets them all park, and divides the growth of `heapUsed` (after full GCs) by n. Python:
// tracemalloc's traced bytes over the same n `asyncio.sleep(60)` tasks.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MetricContender, MetricQuestion } from '../../harness/types.js';
import { pythonMissing, runAsyncio } from './python.js';

const TASKS = 20_000;
// effection spawns ~4,000 tasks/s here, and each holds ~12 KB: fewer suffice.
const EFFECTION_TASKS = 5_000;
const CHILD = fileURLToPath(new URL('../../workers/coroutine-heap.js', import.meta.url));

function measureChild(contender: string, n: number): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', CHILD, contender, String(n)],
      { timeout: 50_000 },
      (error, stdout) => {
        if (error) {
          reject(new Error(`${contender}: child failed: ${error.message}`, { cause: error }));
          return;
        }
        const { bytes, pending } = JSON.parse(stdout) as { bytes: number; pending: number };
        if (pending !== n) reject(new Error(`${contender}: ${pending} of ${n} tasks were pending`));
        else resolve({ bytes });
      },
    );
  });
}

async function measurePython(): Promise<Record<string, number>> {
  const { bytes, pending } = await runAsyncio('heap', TASKS);
  if (pending !== TASKS) throw new Error(`python: ${pending} of ${TASKS} tasks were pending`);
  return { bytes: bytes! };
}

const SKEIN = 'Skein createTask async, await sleep';

export const taskHeap: MetricQuestion = {
  style: 'metric',
  name: 'task-heap',
  title: 'heap per pending task (bytes)',
  op: `one child process holding ${TASKS / 1000}k tasks parked in a 60 s sleep (effection: ${EFFECTION_TASKS / 1000}k)`,
  reference: 'Python asyncio task, sleep(60)',
  metrics: [{ key: 'bytes', label: 'heap per task', unit: 'bytes', better: 'lower' }],
  targets: [
    { contender: SKEIN, metric: 'bytes', level: 'must', factor: 2000 },
    { contender: SKEIN, metric: 'bytes', level: 'aim', factor: 1300 },
  ],
  notes:
    'Node rows: `heapUsed` after two `gc()` calls, before and after starting the tasks, in a fresh `node --expose-gc` child per sample; the count includes the array holding the tasks (8 bytes each). Each row checks that every task was still pending when measured. The floors are an async function awaiting a promise resolved by `setTimeout`, and the same with an `AbortController` whose signal rejects it. Python: `tracemalloc` traced bytes over `asyncio.create_task(asyncio.sleep(60))`, after one loop turn.',
  setup(): Promise<MetricContender[]> {
    const python = pythonMissing();
    const child = (
      name: string,
      kind: MetricContender['kind'],
      contender: string,
      n = TASKS,
    ): MetricContender => ({
      name,
      kind,
      sample: () => measureChild(contender, n),
    });
    return Promise.resolve([
      child(SKEIN, 'skein', 'skein-async'),
      child('Skein generator task, yield sleep', 'skein', 'skein-generator'),
      child('async fn awaiting Promise + timer', 'floor', 'promise-timer'),
      child('async fn awaiting Promise + timer + AbortController', 'floor', 'promise-abort'),
      child('effection 4 spawn, sleep', 'peer', 'effection', EFFECTION_TASKS),
      python === undefined
        ? { name: 'Python asyncio task, sleep(60)', kind: 'peer', sample: measurePython }
        : {
            name: 'Python asyncio task, sleep(60)',
            kind: 'peer',
            unavailable: python,
            sample: measurePython,
          },
    ]);
  },
};
