import { linkToCurrentTask } from '@skein/sync';
import { startTimer, stopTimer, type TimerHandle } from '@skein/sync/timers';
import type { WaitOptions } from '../types.js';
import { unwatch, watch } from './abort-watch.js';

/**
 * One parked call: a node of its {@link WaiterList}, the settle functions of its promise, and
 * what it carries (a waiting put's item and priority). It leaves the list whichever way it is
 * settled, disarming its timer and abort listener, so nothing lingers after it.
 */
export class Waiter<R, I = undefined> {
  prev: Waiter<R, I> | null = null;
  next: Waiter<R, I> | null = null;
  linked = false;
  private timer: TimerHandle | undefined = undefined;
  private signal: AbortSignal | undefined = undefined;
  /** Set while the coroutine Task that made the call can cancel it (see WaiterList.wait). */
  unlinkTask: (() => void) | undefined = undefined;

  constructor(
    private readonly list: WaiterList<R, I>,
    private readonly resolve: (value: R) => void,
    private readonly reject: (reason: unknown) => void,
    readonly item: I,
    readonly priority: number | undefined,
  ) {}

  /** Resolves the call with `value`. */
  settle(value: R): void {
    this.leave();
    this.resolve(value);
  }

  /** Rejects the call with `reason`. */
  fail(reason: unknown): void {
    this.leave();
    this.reject(reason);
  }

  /** Arms the timeout and the abort listener; `options` were validated and the signal is not aborted. */
  arm(options: WaitOptions | undefined): void {
    if (options === undefined) return;
    const { timeout, signal } = options;
    if (timeout !== undefined) this.timer = startTimer(onTimer, timeout, this);
    if (signal !== undefined) {
      this.signal = signal;
      watch(signal, this);
    }
  }

  /** Called by the timer: the call gives up. */
  expire(): void {
    this.timer = undefined;
    this.list.expire(this);
  }

  private leave(): void {
    if (this.linked) this.list.unlink(this);
    if (this.timer !== undefined) {
      stopTimer(this.timer);
      this.timer = undefined;
    }
    if (this.signal !== undefined) {
      unwatch(this.signal, this);
      this.signal = undefined;
    }
    if (this.unlinkTask !== undefined) {
      this.unlinkTask();
      this.unlinkTask = undefined;
    }
  }
}

function onTimer(waiter: Pick<Waiter<unknown>, 'expire'>): void {
  waiter.expire();
}

/**
 * A FIFO of parked calls with O(1) removal from anywhere, for the waiter that times out or is
 * aborted. `expire` decides what a timeout means for this list (reject with `QueueEmpty`,
 * resolve `false`, …).
 */
export class WaiterList<R, I = undefined> {
  head: Waiter<R, I> | null = null;
  private tail: Waiter<R, I> | null = null;

  constructor(readonly expire: (waiter: Waiter<R, I>) => void) {}

  /**
   * Parks a call at the tail and returns its promise. A `timeout` of 0 expires it at once, so a
   * call that would have to wait fails the way its timeout would, without arming anything.
   * Given no signal, the call can be cancelled by the coroutine Task running now: it then fails
   * with the Task's `CancelledError`, having taken or inserted nothing (`linkToCurrentTask`).
   */
  wait(options: WaitOptions | undefined, item: I, priority: number | undefined): Promise<R> {
    let waiter!: Waiter<R, I>;
    const promise = new Promise<R>((resolve, reject) => {
      waiter = new Waiter<R, I>(this, resolve, reject, item, priority);
    });
    if (options?.timeout === 0) {
      this.expire(waiter);
      return promise;
    }
    this.link(waiter);
    waiter.arm(options);
    if (options?.signal === undefined) {
      waiter.unlinkTask = linkToCurrentTask(promise, (reason) => waiter.fail(reason));
    }
    return promise;
  }

  private link(waiter: Waiter<R, I>): void {
    waiter.linked = true;
    waiter.prev = this.tail;
    if (this.tail === null) this.head = waiter;
    else this.tail.next = waiter;
    this.tail = waiter;
  }

  /** Removes a linked waiter (its own `settle`/`fail` call this). */
  unlink(waiter: Waiter<R, I>): void {
    const { prev, next } = waiter;
    if (prev === null) this.head = next;
    else prev.next = next;
    if (next === null) this.tail = prev;
    else next.prev = prev;
    waiter.prev = waiter.next = null;
    waiter.linked = false;
  }

  /** Rejects every waiter with a fresh error from `reason`, oldest first. */
  failAll(reason: () => unknown): void {
    for (let w = this.head; w !== null; w = this.head) w.fail(reason());
  }

  /** Resolves every waiter with `value`, oldest first. */
  settleAll(value: R): void {
    for (let w = this.head; w !== null; w = this.head) w.settle(value);
  }
}
