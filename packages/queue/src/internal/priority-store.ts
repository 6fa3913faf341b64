import { checkNaturalKey, naturalCompare } from './natural-order.js';
import type { Store } from './store.js';
import { describe } from './validate.js';

/** An item in the heap with what orders it: its key and, for ties, when it was added. */
interface Entry<T> {
  readonly item: T;
  readonly key: unknown;
  readonly seq: number;
}

/**
 * A binary min-heap of items, ordered by their `compare` function when there is one, otherwise
 * by their key (the `priority` given to `put`, or the item itself) in Python's order; equal
 * entries come out in the order they were added.
 */
export class PriorityStore<T> implements Store<T> {
  private readonly heap: Entry<T>[] = [];
  private seq = 0;
  private readonly before: (a: Entry<T>, b: Entry<T>) => boolean;

  constructor(private readonly compare: ((a: T, b: T) => number) | undefined) {
    this.before =
      compare === undefined
        ? (a, b) => (naturalCompare(a.key, b.key) || a.seq - b.seq) < 0
        : (a, b) => (compare(a.item, b.item) || a.seq - b.seq) < 0;
  }

  get size(): number {
    return this.heap.length;
  }

  /** Throws at the call unless `item` with `priority` can be ordered here. */
  check(item: T, priority: unknown, where: string): void {
    if (priority !== undefined) {
      if (this.compare !== undefined) {
        throw new TypeError(
          `${where}: options.priority cannot be combined with a compare function; order items with one or the other`,
        );
      }
      if (typeof priority !== 'number') {
        throw new TypeError(
          `${where}: options.priority must be a number, got ${describe(priority)}`,
        );
      }
      if (Number.isNaN(priority))
        throw new RangeError(`${where}: options.priority must not be NaN`);
    } else if (this.compare === undefined) {
      checkNaturalKey(item, `${where}: an item put without options.priority`);
    }
  }

  add(item: T, priority: number | undefined): void {
    const heap = this.heap;
    let i = heap.length;
    const entry: Entry<T> = { item, key: priority ?? item, seq: this.seq++ };
    heap.push(entry);
    // Sift up by swapping, so every item stays in the heap even if `compare` throws.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = heap[parent] as Entry<T>;
      if (!this.before(entry, above)) break;
      heap[parent] = entry;
      heap[i] = above;
      i = parent;
    }
  }

  take(): T {
    const heap = this.heap;
    const top = heap[0] as Entry<T>;
    const last = heap.pop() as Entry<T>;
    const n = heap.length;
    if (n > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child =
          right < n && this.before(heap[right] as Entry<T>, heap[left] as Entry<T>) ? right : left;
        const below = heap[child] as Entry<T>;
        if (!this.before(below, last)) break;
        heap[i] = below;
        heap[child] = last;
        i = child;
      }
    }
    return top.item;
  }

  clear(): void {
    this.heap.length = 0;
  }
}
