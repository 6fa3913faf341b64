import type { Awaitable } from './gather.js';
import { currentContext, storage, type Ctx, type RunScope } from './internal/context.js';
import { warn } from './internal/warn.js';
import { toTask, type ResultOf, type Task } from './task.js';

/**
 * Runs `main` to completion and returns its result, as `asyncio.run`: then cancels every task
 * created under it that is still running and waits for them to finish. A `SIGINT` while it runs
 * cancels `main` (a second one kills the process as usual). `main` is anything
 * {@link createTask} accepts. Throws `TypeError` at the call for anything else. A task left over
 * that fails (rather than ending cancelled) while it is cancelled cannot reach any caller: as
 * asyncio reports "unhandled exception during asyncio.run() shutdown", it is reported as a
 * process warning named `RunShutdownError` whose `cause` is the task's error.
 *
 * @example
 * ```ts
 * import { run, createTask, sleep } from '@skein/coroutine';
 * const value = await run(async () => {
 *   createTask(() => sleep(60_000)); // left running: run() cancels it
 *   return 'main done';
 * });
 * console.log(value); // 'main done'
 * ```
 */
export function run<A extends Awaitable<any>>(main: A): Promise<ResultOf<A>> {
  const scope: RunScope = { tasks: new Set() };
  const ctx: Ctx = { vars: currentContext().vars, scope, awaiter: undefined };
  return finish(
    storage.run(ctx, () => toTask<ResultOf<A>>(main, 'run')),
    scope,
  );
}

async function finish<T>(task: Task<T>, scope: RunScope): Promise<T> {
  const onSigint = (): void => {
    task.cancel('SIGINT');
  };
  process.once('SIGINT', onSigint);
  try {
    await new Promise<void>((resolve) => task.listen(() => resolve()));
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  while (scope.tasks.size > 0) {
    const left = [...scope.tasks] as Task<unknown>[];
    for (const t of left) t.cancel();
    await Promise.all(left.map((t) => new Promise<void>((resolve) => t.listen(() => resolve()))));
    for (const t of left) {
      if (t._failed()) {
        warn(
          'RunShutdownError',
          `${t.name} failed while run() cancelled it at shutdown`,
          t.exception(),
        );
      }
    }
  }
  return task.result();
}
