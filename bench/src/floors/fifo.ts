// The floors of BENCHMARKS.md: the least code that gives a correct FIFO lock in one thread.
// Skein's in-thread fast path has nothing to beat but these.

type Waiter = (value: boolean) => void;

/** A growable ring buffer: O(1) push and shift, no Array.shift() copying. */
class Ring {
  #items: (Waiter | undefined)[] = new Array<Waiter | undefined>(16);
  #head = 0;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(item: Waiter): void {
    if (this.#size === this.#items.length) {
      const grown = new Array<Waiter | undefined>(this.#items.length * 2);
      for (let i = 0; i < this.#size; i++)
        grown[i] = this.#items[(this.#head + i) % this.#items.length];
      this.#items = grown;
      this.#head = 0;
    }
    this.#items[(this.#head + this.#size) % this.#items.length] = item;
    this.#size++;
  }

  shift(): Waiter | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#items.length;
    this.#size--;
    return item;
  }
}

const ACQUIRED: Promise<boolean> = Promise.resolve(true);

/** Plain FIFO waiter queue: an already-resolved promise when free, ownership handed to the oldest waiter on release. */
export class FifoMutex {
  #locked = false;
  readonly #waiters = new Ring();

  acquire(): Promise<boolean> {
    if (!this.#locked) {
      this.#locked = true;
      return ACQUIRED;
    }
    return new Promise<boolean>((resolve) => this.#waiters.push(resolve));
  }

  release(): void {
    const next = this.#waiters.shift();
    if (next === undefined) this.#locked = false;
    else next(true);
  }
}

/** The same queue with a counter: a FIFO semaphore. */
export class FifoSemaphore {
  #value: number;
  readonly #waiters = new Ring();

  constructor(value: number) {
    this.#value = value;
  }

  acquire(): Promise<boolean> {
    if (this.#value > 0) {
      this.#value--;
      return ACQUIRED;
    }
    return new Promise<boolean>((resolve) => this.#waiters.push(resolve));
  }

  release(): void {
    const next = this.#waiters.shift();
    if (next === undefined) this.#value++;
    else next(true);
  }
}

/** The minimal promise-chain mutex: each acquirer waits on the previous holder's release promise. */
export class PromiseChainMutex {
  #tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = held;
    return previous.then(() => release);
  }
}
