import type { Store } from './store.js';

const MIN_CAPACITY = 16;

/**
 * A FIFO ring buffer: O(1) `add` at the tail and `take` at the head, growing by doubling and
 * shrinking by half once it is a quarter full, so a burst does not pin its memory.
 */
export class Deque<T> implements Store<T> {
  private slots: (T | undefined)[] = new Array<T | undefined>(MIN_CAPACITY).fill(undefined);
  private mask = MIN_CAPACITY - 1;
  private head = 0;
  size = 0;

  add(item: T): void {
    if (this.size > this.mask) this.resize(this.slots.length * 2);
    this.slots[(this.head + this.size) & this.mask] = item;
    this.size++;
  }

  take(): T {
    const item = this.slots[this.head] as T;
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.size--;
    if (this.size === this.slots.length >>> 2 && this.slots.length > MIN_CAPACITY) {
      this.resize(this.slots.length >>> 1);
    }
    return item;
  }

  clear(): void {
    this.slots = new Array<T | undefined>(MIN_CAPACITY).fill(undefined);
    this.mask = MIN_CAPACITY - 1;
    this.head = 0;
    this.size = 0;
  }

  /** Moves the items, oldest first, into a buffer of `capacity` slots (a power of two). */
  private resize(capacity: number): void {
    const slots = new Array<T | undefined>(capacity).fill(undefined);
    for (let i = 0; i < this.size; i++) slots[i] = this.slots[(this.head + i) & this.mask];
    this.slots = slots;
    this.mask = capacity - 1;
    this.head = 0;
  }
}
