import { QueueShutDown } from '../errors.js';

/** What a {@link QueueIterator} needs from its queue; queues that track tasks have `taskDone`. */
export interface IterableQueue<T> {
  get(): Promise<T>;
  taskDone?(): void;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * `for await (const item of queue)`: gets items until the queue is shut down and drained. The
 * item it handed out last is marked with `taskDone()` when the loop asks for the next one or
 * leaves (`break`, `return`, a throw), so `join()` sees each item finished once the loop body
 * ran for it.
 */
export class QueueIterator<T> implements AsyncIterableIterator<T, undefined, undefined> {
  /** Items handed out and not yet marked done: one in a `for await` loop. */
  private held = 0;
  private finished = false;

  constructor(private readonly queue: IterableQueue<T>) {}

  next(): Promise<IteratorResult<T, undefined>> {
    this.release();
    if (this.finished) return Promise.resolve(DONE);
    return this.queue.get().then(
      (value) => {
        this.held++;
        return { value, done: false };
      },
      (error: unknown) => {
        if (!(error instanceof QueueShutDown)) throw error;
        this.finished = true;
        return DONE;
      },
    );
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.release();
    this.finished = true;
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private release(): void {
    while (this.held > 0) {
      this.held--;
      this.queue.taskDone?.();
    }
  }
}
