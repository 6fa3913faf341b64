/**
 * Where a queue keeps its items; the queue around it does all the waiting. `take` is only
 * called when `size > 0`. `priority` is what `PriorityQueue.put` was given (already checked);
 * the other stores ignore it.
 */
export interface Store<T> {
  readonly size: number;
  add(item: T, priority: number | undefined): void;
  take(): T;
  clear(): void;
}
