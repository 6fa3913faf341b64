import { linkToCurrentTask } from './context.js';
import type { ParsedWait } from './options.js';
import { startTimer, stopTimer } from '../timers.js';

/** One parked caller: how to settle it, and how to stop its timeout or abort listener. */
export class Waiter<T> {
  prev: Waiter<T> | undefined = undefined;
  next: Waiter<T> | undefined = undefined;
  /** Set only for a wait with a timeout or a signal (most have neither: a smaller waiter). */
  disarm: (() => void) | undefined = undefined;
  constructor(
    readonly resolve: (value: T) => void,
    /** Free per-waiter data for the owner (e.g. the generation an Event waiter started in). */
    readonly tag: number,
  ) {}
}

/**
 * A FIFO of parked callers in this thread, with O(1) removal when one times out or aborts.
 * Timeouts use `setTimeout` (so fake timers drive them); an abort rejects with `signal.reason`.
 * Whoever serves the queue takes waiters with `shift()` and resolves them itself; a waiter that
 * leaves by timeout or abort is removed first, then `onLeave` runs so the owner can react
 * (for example stop waiting on shared memory when nobody in this thread waits any more).
 */
export class WaiterQueue<T> {
  private head: Waiter<T> | undefined = undefined;
  private tail: Waiter<T> | undefined = undefined;
  size = 0;

  constructor(private readonly onLeave: () => void = noop) {}

  /**
   * Parks a caller; resolves with what the server gives it, or `timedOut` after the timeout.
   * Given no signal, it can be cancelled by the coroutine Task running now (linkToCurrentTask).
   */
  wait(opts: ParsedWait, timedOut: T, tag = 0): Promise<T> {
    let w!: Waiter<T>;
    let reject!: (reason: unknown) => void;
    const promise = new Promise<T>((resolve, rej) => {
      w = new Waiter<T>(resolve, tag);
      reject = rej;
      this.push(w);
      if (opts.timeout !== Infinity || opts.signal !== undefined)
        this.arm(w, opts, timedOut, reject);
    });
    if (opts.signal === undefined && opts.uncancellable !== true) {
      const unlink = linkToCurrentTask(promise, (reason) => this.leave(w, () => reject(reason)));
      if (unlink !== undefined) {
        const disarmTimer = w.disarm;
        w.disarm =
          disarmTimer === undefined
            ? unlink
            : () => {
                disarmTimer();
                unlink();
              };
      }
    }
    return promise;
  }

  private arm(
    w: Waiter<T>,
    opts: ParsedWait,
    timedOut: T,
    reject: (reason: unknown) => void,
  ): void {
    const timer = startTimer(() => this.leave(w, () => w.resolve(timedOut)), opts.timeout);
    const signal = opts.signal;
    const onAbort =
      signal === undefined ? undefined : () => this.leave(w, () => reject(signal.reason));
    if (onAbort !== undefined) signal!.addEventListener('abort', onAbort, { once: true });
    w.disarm = () => {
      stopTimer(timer);
      if (onAbort !== undefined) signal!.removeEventListener('abort', onAbort);
    };
  }

  peek(): Waiter<T> | undefined {
    return this.head;
  }

  /** Removes the oldest waiter and disarms its timer and abort listener; the caller settles it. */
  shift(): Waiter<T> | undefined {
    const w = this.head;
    if (w !== undefined) {
      this.unlink(w);
      disarm(w);
    }
    return w;
  }

  /** Settles every waiter the predicate accepts (in FIFO order) with `value`. */
  resolveWhere(accept: (w: Waiter<T>) => boolean, value: T): void {
    for (let w = this.head; w !== undefined;) {
      const next = w.next;
      if (accept(w)) {
        this.unlink(w);
        disarm(w);
        w.resolve(value);
      }
      w = next;
    }
  }

  private leave(w: Waiter<T>, settle: () => void): void {
    this.unlink(w);
    disarm(w);
    settle();
    this.onLeave();
  }

  private push(w: Waiter<T>): void {
    w.prev = this.tail;
    if (this.tail === undefined) this.head = w;
    else this.tail.next = w;
    this.tail = w;
    this.size++;
  }

  private unlink(w: Waiter<T>): void {
    if (w.prev === undefined) this.head = w.next;
    else w.prev.next = w.next;
    if (w.next === undefined) this.tail = w.prev;
    else w.next.prev = w.prev;
    w.prev = w.next = undefined;
    this.size--;
  }
}

function disarm<T>(w: Waiter<T>): void {
  if (w.disarm !== undefined) {
    w.disarm();
    w.disarm = undefined;
  }
}

function noop(): void {}
