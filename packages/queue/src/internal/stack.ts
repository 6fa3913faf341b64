import type { Store } from './store.js';

/** A LIFO store: the last item added is the first taken. */
export class Stack<T> implements Store<T> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  add(item: T): void {
    this.items.push(item);
  }

  take(): T {
    return this.items.pop() as T;
  }

  clear(): void {
    this.items.length = 0;
  }
}
