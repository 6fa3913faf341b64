// Child process of the task-heap question (run with --expose-gc): measures the heap bytes per
// pending task of one contender and prints `{ bytes, pending }` as one JSON line.
// node --expose-gc coroutine-heap.js <contender> <n>
import { createTask, gather, sleep, type Task } from '@skein/coroutine';
import { run, sleep as effectionSleep, spawn, suspend } from 'effection';

const SLEEP_MS = 60_000;

/** n pending tasks of one kind: how many are still pending, and how to end them all. */
interface Pending {
  pending(): number;
  dispose(): Promise<void>;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function skeinTasks(n: number, make: () => Task<void>): Pending {
  const tasks = new Array<Task<void>>(n);
  for (let i = 0; i < n; i++) tasks[i] = make();
  return {
    pending: () => tasks.filter((t) => t.state === 'running').length,
    async dispose() {
      for (const task of tasks) task.cancel();
      await gather(...tasks, { returnExceptions: true });
    },
  };
}

/** The floors: an async function awaiting a timer promise, optionally cancellable by an AbortController. */
function timerTasks(n: number, withController: boolean): Pending {
  const timers = new Array<ReturnType<typeof setTimeout>>(n);
  const controllers = new Array<AbortController>(withController ? n : 0);
  let settled = 0;
  const count = (): void => void settled++;
  for (let i = 0; i < n; i++) {
    const parked = new Promise<void>((resolve, reject) => {
      timers[i] = setTimeout(resolve, SLEEP_MS);
      if (!withController) return;
      const signal = (controllers[i] = new AbortController()).signal;
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    });
    void (async () => {
      await parked;
    })().then(count, count);
  }
  return {
    pending: () => n - settled,
    async dispose() {
      for (const timer of timers) clearTimeout(timer);
      for (const controller of controllers) controller.abort();
      await nextTurn();
    },
  };
}

function effectionTasks(n: number): Pending {
  let started = 0;
  const main = run(function* () {
    for (let i = 0; i < n; i++) {
      void (yield* spawn(function* () {
        started++;
        yield* effectionSleep(SLEEP_MS);
      }));
    }
    yield* suspend();
  });
  return {
    pending: () => started,
    dispose: () => main.halt(),
  };
}

const contenders: Record<string, (n: number) => Pending> = {
  'skein-async': (n) =>
    skeinTasks(n, () =>
      createTask(async () => {
        await sleep(SLEEP_MS);
      }),
    ),
  'skein-generator': (n) =>
    skeinTasks(n, () =>
      createTask(function* () {
        yield sleep(SLEEP_MS);
      }),
    ),
  effection: effectionTasks,
  'promise-timer': (n) => timerTasks(n, false),
  'promise-abort': (n) => timerTasks(n, true),
};

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');
const [name = '', count = ''] = process.argv.slice(2);
const make = contenders[name];
if (make === undefined) throw new Error(`unknown contender ${name}`);
const n = Number(count);

async function heapAfter(): Promise<number> {
  await nextTurn();
  await nextTurn();
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

// A small round first, so code compiled and caches filled on first use are not counted.
await make(1000).dispose();
const before = await heapAfter();
const tasks = make(n);
const after = await heapAfter();
const pending = tasks.pending();
await tasks.dispose();
process.stdout.write(`${JSON.stringify({ bytes: (after - before) / n, pending })}\n`);
