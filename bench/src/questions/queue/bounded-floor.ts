// The floor of the queue-pipe question: the least code that gives a bounded FIFO queue between
// async tasks in one thread. No timeouts, no signals, no shutdown, no taskDone/join: only a ring
// of items and one waiting getter or putter at a time (one producer, one consumer).

const DONE: Promise<void> = Promise.resolve();

/** A bounded single-producer, single-consumer async queue; `put` waits while full, `get` while empty. */
export class BoundedFloor<T> {
  readonly #items: (T | undefined)[];
  readonly #mask: number;
  #head = 0;
  #size = 0;
  #getter: ((item: T) => void) | undefined = undefined;
  #putter: { item: T; resolve: () => void } | undefined = undefined;

  /** `maxsize` is rounded up to a power of two for the ring, but the bound stays `maxsize`. */
  constructor(readonly maxsize: number) {
    const slots = 2 ** Math.ceil(Math.log2(maxsize));
    this.#items = new Array<T | undefined>(slots).fill(undefined);
    this.#mask = slots - 1;
  }

  /** Whether `put` would wait. */
  full(): boolean {
    return this.#size >= this.maxsize;
  }

  /** Whether `get` would wait. */
  empty(): boolean {
    return this.#size === 0;
  }

  put(item: T): Promise<void> {
    if (this.#size < this.maxsize) {
      this.putNowait(item);
      return DONE;
    }
    return new Promise((resolve) => (this.#putter = { item, resolve }));
  }

  /** Hands `item` to the waiting get, or stores it; the caller checked `full()` is false. */
  putNowait(item: T): void {
    const getter = this.#getter;
    if (getter === undefined) this.#push(item);
    else {
      this.#getter = undefined;
      getter(item);
    }
  }

  get(): Promise<T> {
    if (this.#size > 0) return Promise.resolve(this.getNowait());
    return new Promise((resolve) => (this.#getter = resolve));
  }

  /** Takes the oldest item, letting a waiting put in; the caller checked `empty()` is false. */
  getNowait(): T {
    const item = this.#items[this.#head]!;
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) & this.#mask;
    this.#size--;
    const putter = this.#putter;
    if (putter !== undefined) {
      this.#putter = undefined;
      this.#push(putter.item);
      putter.resolve();
    }
    return item;
  }

  #push(item: T): void {
    this.#items[(this.#head + this.#size) & this.#mask] = item;
    this.#size++;
  }
}
