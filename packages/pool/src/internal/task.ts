import type { TransferListItem } from 'node:worker_threads';
import { Future } from '../future.js';
import type { Lane } from './lane.js';
import type { Mode } from './protocol.js';

/** What a task asks of its executor. */
export interface TaskOwner {
  withdraw(task: Task<any>): boolean;
}

/** A submitted task: the future the caller holds, plus what the executor needs to run it. */
export class Task<T = unknown> extends Future<T> {
  /** The worker it was handed to, and its number there. */
  lane: Lane | undefined;
  seq = 0;
  /** Why the executor stopped this running task (per-task timeout or signal), if it did. */
  abortReason: unknown;
  /** Undoes the per-task timer and signal listener. */
  disarm: (() => void) | undefined;

  constructor(
    readonly owner: TaskOwner,
    readonly fn: number,
    readonly mode: Mode,
    public payload: unknown[],
    public transfer: TransferListItem[] | undefined,
  ) {
    super();
  }

  resolveWith(value: T): boolean {
    return this._setResult(value);
  }

  rejectWith(error: unknown): boolean {
    return this._setException(error);
  }

  protected override _started(): boolean {
    return this.lane?.started(this) ?? false;
  }

  protected override _withdraw(): boolean {
    return this.owner.withdraw(this);
  }
}
