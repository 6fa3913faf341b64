// The loop thread: imports the user's module and runs its exports as tasks on this thread's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { createTask, type Task } from '../task.js';
import { serializeError } from '../internal/serialize-error.js';
import type { FromLoop, LoopWorkerData, ToLoop } from '../internal/loop-protocol.js';

const port = parentPort!;
const { module: href, concurrency } = workerData as LoopWorkerData;
const post = (message: FromLoop): void => port.postMessage(message);

let exports: Record<string, unknown>;
try {
  exports = (await import(href)) as Record<string, unknown>;
} catch (error) {
  post({ type: 'failed', error: serializeError(error) });
  process.exit(1);
}
const fn = (name: string): ((...args: unknown[]) => unknown) => exports[name] as (...args: unknown[]) => unknown;

const running = new Map<number, Task<unknown>>();
const queued: Array<{ id: number; name: string; args: unknown[] }> = [];
let stopping = false;

function send(id: number, task: Task<unknown>): void {
  running.delete(id);
  if (task.state === 'done' && task.exception() === undefined) {
    try {
      post({ type: 'result', id, ok: true, value: task.result() });
    } catch (error) {
      post({ type: 'result', id, ok: false, error: serializeError(error) });
    }
  } else {
    let error: unknown;
    try {
      task.result();
    } catch (e) {
      error = e;
    }
    post({ type: 'result', id, ok: false, error: serializeError(error) });
  }
  startQueued();
}

function start(id: number, name: string, args: unknown[]): void {
  const task = createTask(() => fn(name)(...args), { name: `${name}#${id}` });
  running.set(id, task);
  task.listen((t) => send(id, t));
}

function startQueued(): void {
  while (queued.length > 0 && running.size < concurrency) {
    const next = queued.shift()!;
    start(next.id, next.name, next.args);
  }
}

port.on('message', (message: ToLoop) => {
  switch (message.type) {
    case 'run':
      if (stopping) return;
      if (running.size < concurrency) start(message.id, message.name, message.args);
      else queued.push(message);
      return;
    case 'call':
      if (stopping) return;
      try {
        const out = fn(message.name)(...message.args);
        if (out instanceof Promise) out.catch((error: unknown) => process.emitWarning(String(error), 'LoopThreadError'));
      } catch (error) {
        process.emitWarning(error instanceof Error ? error : String(error), 'LoopThreadError');
      }
      return;
    case 'cancel': {
      const i = queued.findIndex((q) => q.id === message.id);
      if (i >= 0) queued.splice(i, 1);
      running.get(message.id)?.cancel();
      return;
    }
    case 'stop': {
      stopping = true;
      queued.length = 0;
      const left = [...running.values()];
      for (const t of left) t.cancel('loop thread stopped');
      void Promise.all(left.map((t) => new Promise<void>((resolve) => t.listen(() => resolve())))).then(() =>
        process.exit(0),
      );
      return;
    }
  }
});

post({
  type: 'ready',
  names: Object.keys(exports).filter((name) => typeof exports[name] === 'function'),
});
