import type { Awaitable } from './gather.js';
import { createTask, toTask, type ResultOf, type Task } from './task.js';

/**
 * Protects `aw` from cancellation, as `asyncio.shield`: returns a new task that mirrors `aw`'s
 * outcome. Cancelling that task (or the task awaiting it) cancels only the wrapper, which ends
 * cancelled at once; the shielded work keeps running and can still be awaited directly.
 * Promises and work become tasks; an already finished task is returned as is.
 *
 * @example
 * ```ts
 * import { createTask, shield, sleep } from '@skein/coroutine';
 * const save = createTask(() => sleep(20, 'saved'));
 * const waiter = createTask(() => shield(save));
 * await sleep(1);
 * waiter.cancel();
 * console.log(await save); // 'saved'
 * ```
 */
export function shield<A extends Awaitable<any>>(aw: A): Task<ResultOf<A>> {
  const inner = toTask<ResultOf<A>>(aw, 'shield');
  if (inner.done()) return inner;
  return createTask(inner);
}
