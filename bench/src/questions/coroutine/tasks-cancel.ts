// BENCHMARKS.md, @skein/coroutine: "cancel 100k sleeping tasks (µs/task)". One run starts
// 100,000 tasks that each sleep 60 s and waits until every one is parked on its timer; the
// timed part is cancelling them all and awaiting every one of them settling. Every row checks
// that each task ended cancelled (so its timer was cleared, or the process would not exit).
import { CancelledError, createTask, gather, sleep, type Task } from '@skein/coroutine';
import {
  run,
  sleep as effectionSleep,
  spawn,
  suspend,
  type Task as EffectionTask,
} from 'effection';
import type { Contender, Question } from '../../harness/types.js';
import { pythonMissing, runAsyncio } from './python.js';

const TASKS = 100_000;
const SLEEP_MS = 60_000;
// effection takes ~250 µs to spawn a task here: its row cancels 4,000 and scales the time.
const EFFECTION_TASKS = 4_000;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function checkCancelled(name: string, count: number, n: number): void {
  if (count !== n) throw new Error(`${name}: ${count} of ${n} tasks ended cancelled`);
}

async function cancelSkein(name: string, n: number, make: () => Task<void>): Promise<number> {
  const tasks = new Array<Task<void>>(n);
  for (let i = 0; i < n; i++) tasks[i] = make();
  await nextTurn();
  const start = process.hrtime.bigint();
  for (const task of tasks) task.cancel();
  const results = await gather(...tasks, { returnExceptions: true });
  const ns = Number(process.hrtime.bigint() - start);
  let cancelled = 0;
  for (let i = 0; i < n; i++)
    if (results[i] instanceof CancelledError && tasks[i]!.cancelled()) cancelled++;
  checkCancelled(name, cancelled, n);
  return ns;
}

const skeinAsync = (n: number): Promise<number> =>
  cancelSkein('Skein async', n, () =>
    createTask(async () => {
      await sleep(SLEEP_MS);
    }),
  );

const skeinGenerator = (n: number): Promise<number> =>
  cancelSkein('Skein generator', n, () =>
    createTask(function* () {
      yield sleep(SLEEP_MS);
    }),
  );

async function abortFloor(n: number): Promise<number> {
  const controllers = new Array<AbortController>(n);
  const promises = new Array<Promise<void>>(n);
  for (let i = 0; i < n; i++) {
    const controller = (controllers[i] = new AbortController());
    promises[i] = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, SLEEP_MS);
      controller.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(controller.signal.reason as Error);
        },
        { once: true },
      );
    });
  }
  await nextTurn();
  const start = process.hrtime.bigint();
  for (const controller of controllers) controller.abort();
  const settled = await Promise.allSettled(promises);
  const ns = Number(process.hrtime.bigint() - start);
  checkCancelled('AbortController floor', settled.filter((s) => s.status === 'rejected').length, n);
  return ns;
}

async function effection(ops: number): Promise<number> {
  const n = EFFECTION_TASKS;
  const tasks: EffectionTask<void>[] = [];
  const main = run(function* () {
    for (let i = 0; i < n; i++) tasks.push(yield* spawn(() => effectionSleep(SLEEP_MS)));
    yield* suspend();
  });
  while (tasks.length < n) await nextTurn();
  await nextTurn();
  const start = process.hrtime.bigint();
  await Promise.all(tasks.map((task) => task.halt()));
  const ns = Number(process.hrtime.bigint() - start);
  const settled = await Promise.allSettled(tasks);
  await main.halt();
  checkCancelled('effection', settled.filter((s) => s.status === 'rejected').length, n);
  return (ns * ops) / n;
}

async function asyncio(n: number): Promise<number> {
  const { ns, cancelled } = await runAsyncio('cancel', n);
  checkCancelled('python', cancelled!, n);
  return ns!;
}

const SKEIN = 'Skein createTask async, await sleep';
const PYTHON = 'Python asyncio, task.cancel() + gather';

export const tasksCancel: Question = {
  name: 'tasks-cancel',
  title: 'cancel 100k sleeping tasks (tasks/s)',
  op: 'one sleeping task cancelled and awaited until it settled (100,000 per run; creating them is not timed)',
  reference: PYTHON,
  fixedOps: TASKS,
  targets: [
    { contender: SKEIN, level: 'must', factor: 200_000 },
    { contender: SKEIN, level: 'aim', factor: 400_000 },
  ],
  notes:
    'Targets in BENCHMARKS.md are µs/task: must ≤ 5 µs (200k tasks/s), aim ≤ 2.5 µs (400k). Timed: `cancel()` on every task, then awaiting them all (Skein and Python through gather with returnExceptions, the floor through Promise.allSettled, effection through `halt()`). The floor is a promise with a timer and an AbortController whose abort listener clears the timer. The effection row cancels 4,000 tasks and scales to 100k (spawning 100k takes most of a minute). Python runs in a `python3` subprocess that times itself.',
  setup(): Promise<Contender[]> {
    const python = pythonMissing();
    return Promise.resolve([
      { name: SKEIN, kind: 'skein', run: skeinAsync },
      { name: 'Skein generator task, yield sleep', kind: 'skein', run: skeinGenerator },
      { name: 'Promise + AbortController + timer', kind: 'floor', run: abortFloor },
      {
        name: `effection 4 task.halt(), ${EFFECTION_TASKS / 1000}k tasks scaled`,
        kind: 'peer',
        run: effection,
      },
      python === undefined
        ? { name: PYTHON, kind: 'peer', run: asyncio }
        : { name: PYTHON, kind: 'peer', unavailable: python, run: asyncio },
    ]);
  },
};
