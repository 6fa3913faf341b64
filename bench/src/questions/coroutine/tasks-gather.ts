// BENCHMARKS.md, @skein/coroutine: "create+await 100k tasks, one yield each (µs/task)".
// One run creates 100,000 tasks that each yield once and return their index, awaits them all,
// and checks the sum of the results. Each row names its yield: `await resolved` (a shared
// resolved promise) and `yield null` are one microtask (the kind the targets are written for);
// `await setImmediate` is one event-loop turn.
// Python's only yield is `asyncio.sleep(0)`, one trip through the loop's ready queue: cheaper
// than a Node event-loop turn, dearer than a microtask, so both Node yields are shown.
import { createTask, gather, TaskGroup, type Task } from '@skein/coroutine';
import { all, run, spawn, until, type Operation } from 'effection';
import type { Contender, Question } from '../../harness/types.js';
import { pythonMissing, runAsyncio } from './python.js';

const TASKS = 100_000;
// effection runs ~100x slower than the others: a 100k-task run would take most of a minute,
// so its row times 4,000 tasks and scales the time to 100k (its cost per task grows with the
// count, so this flatters it).
const EFFECTION_TASKS = 4_000;

// `await resolved` is one microtask and allocates nothing, the same for every async row.
const resolved = Promise.resolve();
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function checkSum(name: string, results: readonly number[], n: number): void {
  let sum = 0;
  for (const r of results) sum += r;
  const expected = (n * (n - 1)) / 2;
  if (results.length !== n || sum !== expected) {
    throw new Error(
      `${name}: ${results.length} results summing to ${sum}, expected ${n} summing to ${expected}`,
    );
  }
}

async function skeinAsync(n: number): Promise<undefined> {
  const tasks = new Array<Task<number>>(n);
  for (let i = 0; i < n; i++) {
    tasks[i] = createTask(async () => {
      await resolved;
      return i;
    });
  }
  checkSum('Skein async', await gather(...tasks), n);
  return undefined;
}

async function skeinGenerator(n: number): Promise<undefined> {
  const tasks = new Array<Task<number>>(n);
  for (let i = 0; i < n; i++) {
    tasks[i] = createTask(function* () {
      yield null;
      return i;
    });
  }
  checkSum('Skein generator', await gather(...tasks), n);
  return undefined;
}

async function skeinTaskGroup(n: number): Promise<undefined> {
  const tasks = await TaskGroup.run((tg) => {
    const tasks = new Array<Task<number>>(n);
    for (let i = 0; i < n; i++) {
      tasks[i] = tg.createTask(async () => {
        await resolved;
        return i;
      });
    }
    return tasks;
  });
  checkSum(
    'Skein TaskGroup',
    tasks.map((t) => t.result()),
    n,
  );
  return undefined;
}

async function skeinAsyncNextTurn(n: number): Promise<undefined> {
  const tasks = new Array<Task<number>>(n);
  for (let i = 0; i < n; i++) {
    tasks[i] = createTask(async () => {
      await nextTurn();
      return i;
    });
  }
  checkSum('Skein async, setImmediate', await gather(...tasks), n);
  return undefined;
}

async function promiseAll(n: number): Promise<undefined> {
  const promises = new Array<Promise<number>>(n);
  for (let i = 0; i < n; i++) {
    promises[i] = (async () => {
      await resolved;
      return i;
    })();
  }
  checkSum('Promise.all', await Promise.all(promises), n);
  return undefined;
}

async function promiseAllNextTurn(n: number): Promise<undefined> {
  const promises = new Array<Promise<number>>(n);
  for (let i = 0; i < n; i++) {
    promises[i] = (async () => {
      await nextTurn();
      return i;
    })();
  }
  checkSum('Promise.all, setImmediate', await Promise.all(promises), n);
  return undefined;
}

async function effection(ops: number): Promise<number> {
  const n = EFFECTION_TASKS;
  const start = process.hrtime.bigint();
  const results = await run(function* (): Operation<number[]> {
    const tasks: Operation<number>[] = [];
    for (let i = 0; i < n; i++) {
      tasks.push(
        yield* spawn(function* (): Operation<number> {
          yield* until(Promise.resolve());
          return i;
        }),
      );
    }
    return yield* all(tasks);
  });
  const ns = Number(process.hrtime.bigint() - start);
  checkSum('effection', results, n);
  return (ns * ops) / n;
}

async function asyncio(mode: 'gather' | 'taskgroup', n: number): Promise<number> {
  const { ns, sum } = await runAsyncio(mode, n);
  const expected = (n * (n - 1)) / 2;
  if (sum !== expected) throw new Error(`python ${mode}: sum ${sum}, expected ${expected}`);
  return ns!;
}

const ASYNC = 'Skein createTask async, await resolved';
const GENERATOR = 'Skein generator task, yield null';
const GATHER = 'Python asyncio.gather, sleep(0)';

export const tasksGather: Question = {
  name: 'tasks-gather',
  title: 'create+await 100k tasks, one yield each (tasks/s)',
  op: 'one task created, yielding once and awaited through gather (100,000 per run)',
  reference: GATHER,
  fixedOps: TASKS,
  targets: [
    { contender: ASYNC, level: 'must', factor: 500_000 },
    { contender: ASYNC, level: 'must', factor: 5, ref: GATHER },
    { contender: ASYNC, level: 'aim', factor: 1_000_000 },
    { contender: GENERATOR, level: 'aim', factor: 500_000 },
  ],
  notes:
    'Targets in BENCHMARKS.md are µs/task: must ≤ 2 µs (500k tasks/s) and ≥ 5× asyncio, aim ≤ 1 µs; generator tasks aim ≤ 2 µs. `await resolved` (a shared resolved promise) and `yield null` are one microtask each, `setImmediate` one event-loop turn, Python `sleep(0)` one trip through the asyncio ready queue. Every row checks that the 100,000 results sum to n(n−1)/2. The effection row times 4,000 tasks and scales to 100k (its cost per task grows with the count). Python rows run in a `python3` subprocess that times itself.',
  setup(): Promise<Contender[]> {
    const python = pythonMissing();
    const py = (contender: Contender): Contender =>
      python === undefined ? contender : { ...contender, unavailable: python };
    return Promise.resolve([
      { name: ASYNC, kind: 'skein', run: skeinAsync },
      { name: GENERATOR, kind: 'skein', run: skeinGenerator },
      { name: 'Skein TaskGroup, await resolved', kind: 'skein', run: skeinTaskGroup },
      {
        name: 'Skein createTask async, await setImmediate',
        kind: 'skein',
        run: skeinAsyncNextTurn,
      },
      { name: 'Promise.all, await resolved', kind: 'floor', run: promiseAll },
      { name: 'Promise.all, await setImmediate', kind: 'floor', run: promiseAllNextTurn },
      {
        name: `effection 4 spawn + all, until(resolved), ${EFFECTION_TASKS / 1000}k tasks scaled`,
        kind: 'peer',
        run: effection,
      },
      py({ name: GATHER, kind: 'peer', run: (n) => asyncio('gather', n) }),
      py({
        name: 'Python asyncio.TaskGroup, sleep(0)',
        kind: 'peer',
        run: (n) => asyncio('taskgroup', n),
      }),
    ]);
  },
};
