import {
  Condition,
  Lock,
  SharedArray,
  type SharedCondition,
  type SharedData,
  type SharedLock,
} from '@skein/sync';

/** What crosses to each worker: the slots, the cursor words, the lock and its two conditions. */
export interface SharedBuffer {
  slots: SharedData<'SharedArray', 'int32'>;
  state: SharedData<'SharedArray', 'int32'>;
  lock: SharedLock;
  notEmpty: SharedCondition;
  notFull: SharedCondition;
}

// state words: count of items in the buffer, next slot to write, next slot to read, producers still running
const COUNT = 0;
const TAIL = 1;
const HEAD = 2;
const PRODUCERS = 3;

/**
 * A bounded FIFO of integers on shared memory, built like Python's `queue.Queue`: one lock and
 * two conditions over it, `notEmpty` for consumers and `notFull` for producers, so a put wakes
 * one consumer and a take wakes one producer. Its users are worker threads.
 */
export class BoundedBuffer {
  readonly #slots: SharedArray<'int32'>;
  readonly #state: SharedArray<'int32'>;
  readonly #lock: Lock;
  readonly #notEmpty: Condition;
  readonly #notFull: Condition;

  constructor(capacity: number, producers: number);
  constructor(shared: SharedBuffer);
  constructor(arg: number | SharedBuffer, producers = 0) {
    if (typeof arg === 'number') {
      this.#slots = new SharedArray('int32', arg);
      this.#state = new SharedArray('int32', [0, 0, 0, producers]);
      this.#lock = new Lock({ name: 'buffer' });
      this.#notEmpty = new Condition(this.#lock);
      this.#notFull = new Condition(this.#lock);
    } else {
      this.#slots = SharedArray.fromShared(arg.slots);
      this.#state = SharedArray.fromShared(arg.state);
      this.#lock = Lock.fromShared(arg.lock);
      this.#notEmpty = Condition.fromShared(arg.notEmpty, this.#lock);
      this.#notFull = Condition.fromShared(arg.notFull, this.#lock);
    }
  }

  toShared(): SharedBuffer {
    return {
      slots: this.#slots.toShared(),
      state: this.#state.toShared(),
      lock: this.#lock.toShared(),
      notEmpty: this.#notEmpty.toShared(),
      notFull: this.#notFull.toShared(),
    };
  }

  /** Waits while the buffer is full, then appends `item`. */
  put(item: number): Promise<void> {
    return this.#lock.withLock(async () => {
      const s = this.#state;
      await this.#notFull.waitFor(() => s.get(COUNT) < this.#slots.length);
      const tail = s.get(TAIL);
      this.#slots.set(tail, item);
      s.set(TAIL, (tail + 1) % this.#slots.length);
      s.set(COUNT, s.get(COUNT) + 1);
      this.#notEmpty.notify();
    });
  }

  /** Waits for an item; resolves `undefined` once the buffer is empty and every producer is done. */
  take(): Promise<number | undefined> {
    return this.#lock.withLock(async () => {
      const s = this.#state;
      await this.#notEmpty.waitFor(() => s.get(COUNT) > 0 || s.get(PRODUCERS) === 0);
      if (s.get(COUNT) === 0) return undefined;
      const head = s.get(HEAD);
      const item = this.#slots.get(head);
      s.set(HEAD, (head + 1) % this.#slots.length);
      s.set(COUNT, s.get(COUNT) - 1);
      this.#notFull.notify();
      return item;
    });
  }

  /** A producer says it will put nothing more; the last one wakes every waiting consumer. */
  producerDone(): Promise<void> {
    return this.#lock.withLock(() => {
      this.#state.set(PRODUCERS, this.#state.get(PRODUCERS) - 1);
      this.#notEmpty.notifyAll();
    });
  }
}
