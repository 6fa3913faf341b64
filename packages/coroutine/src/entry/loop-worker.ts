// The loop thread: imports the user's module and runs its exports as tasks on this thread's
// event loop, for the thread that started it and for every thread it shared a port with.
import { AsyncResource } from 'node:async_hooks';
import {
  parentPort,
  receiveMessageOnPort,
  workerData,
  type MessagePort,
} from 'node:worker_threads';
import { createTask, type Task } from '../task.js';
import { serializeError } from '../internal/serialize-error.js';
import { isGenerator, isThenable } from '../internal/validate.js';
import type { FromLoop, LoopWorkerData, ToLoop } from '../internal/loop-protocol.js';
import { warn } from '../internal/warn.js';

const { module: href, concurrency } = workerData as LoopWorkerData;
const main = parentPort!;

let exports: Record<string, unknown>;
try {
  exports = (await import(href)) as Record<string, unknown>;
} catch (error) {
  main.postMessage({ type: 'failed', error: serializeError(error) } satisfies FromLoop);
  process.exit(1);
}
const fn = (name: string): ((...args: unknown[]) => unknown) =>
  exports[name] as (...args: unknown[]) => unknown;

interface Job {
  port: MessagePort;
  id: number;
  name: string;
  args: unknown[];
}

/** Running tasks by port, then by the id that port gave them. */
const running = new Map<MessagePort, Map<number, Task<unknown>>>();
const queued: Job[] = [];
let active = 0;
let stopping = false;

function send(job: Job, task: Task<unknown>): void {
  active--;
  running.get(job.port)?.delete(job.id);
  const post = (message: FromLoop): void => job.port.postMessage(message);
  if (task.state === 'done' && !task._failed()) {
    try {
      post({ type: 'result', id: job.id, ok: true, value: task.result() });
    } catch (error) {
      post({ type: 'result', id: job.id, ok: false, error: serializeError(error) });
    }
  } else {
    let error: unknown;
    try {
      task.result();
    } catch (e) {
      error = e;
    }
    post({ type: 'result', id: job.id, ok: false, error: serializeError(error) });
  }
  startQueued();
  if (active === 0) outside.runInAsyncScope(pollWhileIdle);
}

// With nothing left to run, the thread polls its ports this long before it sleeps in the event
// loop. Waking a sleeping thread costs 20-60 us on the 2-vCPU machines we measure on, more than
// a round trip's own work, so a caller that sends its next job right after the answer finds the
// thread awake. The price is at most this much CPU per idle spell. Messages that keep coming
// without starting a task ('call') stop the polling after MAX_POLL_MS, so the module's own
// timers and promises still get the event loop.
const POLL_MS = 0.05;
const MAX_POLL_MS = 1;
// The poll starts in a finished task's done listener: messages it takes run in the context of
// this resource (made at start-up, outside every task and lock scope), as from the event loop.
const outside = new AsyncResource('skein.loop-thread-poll');

function pollWhileIdle(): void {
  const start = performance.now();
  let until = start + POLL_MS;
  while (active === 0 && !stopping) {
    let got = false;
    for (const port of running.keys()) {
      const next = receiveMessageOnPort(port) as { message: ToLoop } | undefined;
      if (next === undefined) continue;
      handle(port, next.message);
      got = true;
    }
    const now = performance.now();
    if (now - start > MAX_POLL_MS) return;
    if (got) until = now + POLL_MS;
    else if (now > until) return;
  }
}

function start(job: Job): void {
  active++;
  const task = createTask(() => fn(job.name)(...job.args), { name: `${job.name}#${job.id}` });
  running.get(job.port)?.set(job.id, task);
  task.listen((t) => send(job, t));
}

/**
 * Runs an export for callSoonThreadsafe, ignoring its result: a generator it returns runs as a
 * task, as runCoroutineThreadsafe would run it (calling a generator function runs none of it).
 */
function callSoon(name: string, args: unknown[]): void {
  let out: unknown;
  try {
    out = fn(name)(...args);
  } catch (error) {
    callFailed(error);
    return;
  }
  if (isGenerator(out)) out = createTask(out);
  if (isThenable(out)) out.then(undefined, callFailed);
}

function callFailed(error: unknown): void {
  warn('LoopThreadError', 'a function called with callSoonThreadsafe threw', error);
}

function startQueued(): void {
  while (queued.length > 0 && active < concurrency) start(queued.shift()!);
}

function serve(port: MessagePort): void {
  running.set(port, new Map());
  port.on('message', (message: ToLoop) => handle(port, message));
  port.on('close', () => {
    // A sharing thread went away: nobody can receive these results any more.
    for (const t of running.get(port)?.values() ?? []) t.cancel('loop thread client closed');
    running.delete(port);
  });
}

function handle(port: MessagePort, message: ToLoop): void {
  switch (message.type) {
    case 'run':
      if (stopping) return;
      if (active < concurrency)
        start({ port, id: message.id, name: message.name, args: message.args });
      else queued.push({ port, id: message.id, name: message.name, args: message.args });
      return;
    case 'call':
      if (!stopping) callSoon(message.name, message.args);
      return;
    case 'cancel': {
      const i = queued.findIndex((q) => q.port === port && q.id === message.id);
      if (i >= 0) queued.splice(i, 1);
      running.get(port)?.get(message.id)?.cancel();
      return;
    }
    case 'connect':
      serve(message.port);
      return;
    case 'stop': {
      stopping = true;
      queued.length = 0;
      const left = [...running.values()].flatMap((tasks) => [...tasks.values()]);
      for (const t of left) t.cancel('loop thread stopped');
      void Promise.all(
        left.map((t) => new Promise<void>((resolve) => t.listen(() => resolve()))),
      ).then(() => process.exit(0));
      return;
    }
  }
}

serve(main);
main.postMessage({
  type: 'ready',
  names: Object.keys(exports).filter((name) => typeof exports[name] === 'function'),
} satisfies FromLoop);
