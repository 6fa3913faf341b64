import type * as Api from '../src/index.js';

// Workers load built JavaScript: test what ships.
export const api = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof Api;
export const tasks = new URL('./fixtures/tasks.mjs', import.meta.url);
export const broken = new URL('./fixtures/broken.mjs', import.meta.url);
export type Tasks = typeof import('./fixtures/tasks.mjs');

/** A promise with its settle functions, resolved by hand to drive ordering tests. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((res) => (resolve = res));
  return { promise, resolve };
}

/** The settled error of `p` (fails the test if it resolves). */
export async function rejection(p: PromiseLike<unknown>): Promise<any> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Resources that are neither the test runner's own nor harmless, to check nothing is left behind. */
export function workerResources(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter(
      (r) => r === 'MessagePort' || r === 'ProcessWrap' || r === 'PipeWrap' || r === 'Worker',
    );
}

export const both = [
  ['ThreadPoolExecutor', (o: Api.ExecutorOptions<Tasks>) => new api.ThreadPoolExecutor<Tasks>(o)],
  ['ProcessPoolExecutor', (o: Api.ExecutorOptions<Tasks>) => new api.ProcessPoolExecutor<Tasks>(o)],
] as const;

/** Polls `predicate` every few ms until it holds (for states another thread or process changes). */
export async function until(predicate: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The executor without its module's types, to submit what the types rightly refuse. */
export function loose(executor: Api.Executor<Tasks>): Api.Executor {
  return executor;
}
