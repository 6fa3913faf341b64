/** A promise with its settle functions, resolved by hand to drive ordering tests. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every queued microtask (and the ones they queue) run: one macrotask turn. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Which way a promise went, without throwing: for asserting on outcomes. */
export async function outcome<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

/**
 * How many timers are alive in this process now. The test runner has timers of its own that
 * may come and go, so compare with `<=`/`>=` around a count taken just before.
 */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

/** Records whether a promise has settled yet, without awaiting it. */
export function track<T>(promise: Promise<T>): {
  readonly done: boolean;
  readonly promise: Promise<T>;
} {
  const state = { done: false, promise };
  promise.then(
    () => (state.done = true),
    () => (state.done = true),
  );
  return state;
}
