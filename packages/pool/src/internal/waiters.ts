/**
 * Wakes everyone waiting for `promise` once it settles (after its own handlers). A waiter that stops
 * waiting first (timeout, abort) is dropped at once: a loop that polls `wait({ timeout })` for a
 * long task keeps nothing of its finished waits (their signals, their promises) alive.
 */
export class Waiters {
  #wakers: Set<() => void> | undefined = new Set();

  constructor(promise: Promise<unknown>) {
    const wakeAll = (): void => {
      const wakers = this.#wakers!;
      this.#wakers = undefined;
      for (const wake of wakers) wake();
    };
    promise.then(wakeAll, wakeAll);
  }

  /** Calls `wake` when the promise settles (never synchronously here); returns the unsubscribe. */
  add(wake: () => void): () => void {
    const wakers = this.#wakers;
    if (wakers === undefined) {
      void Promise.resolve().then(wake);
      return ignore;
    }
    wakers.add(wake);
    return () => wakers.delete(wake);
  }
}

function ignore(): void {}
