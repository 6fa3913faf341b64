/**
 * Runs an iterator's `next()` steps one after another, as an async generator queues the calls
 * made while one is pending: two at once would otherwise share one wake-up slot or one chunk.
 */
export class OneAtATime<T> {
  /** The step that has not settled yet, if any. */
  #busy: Promise<T> | undefined;

  /** True while a step is pending. */
  get busy(): boolean {
    return this.#busy !== undefined;
  }

  /** Runs `step` now, or after the pending one settles (whichever way). */
  run(step: () => Promise<T>): Promise<T> {
    const busy = this.#busy;
    const current = busy === undefined ? step() : busy.then(step, step);
    this.#busy = current;
    const idle = (): void => {
      if (this.#busy === current) this.#busy = undefined;
    };
    current.then(idle, idle);
    return current;
  }
}
