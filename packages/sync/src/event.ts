import { holdAlive, releaseAlive } from './internal/keepalive.js';
import { allocWords, checkHandle, makeHandle, type SharedHandle } from './internal/handle.js';
import { parseWait, type WaitOptions } from './internal/options.js';
import { PARK_SLICE_MS } from './internal/park-slice.js';
import { WaiterQueue } from './internal/waiter-queue.js';

/*
 * One word, FLAG = generation << 1 | set. set() turns the bit on and bumps the generation in
 * one CAS, then notifies FLAG. A waiter remembers the generation it started in, so a set()
 * followed at once by clear() still wakes it (as in CPython, where set() notifies waiters).
 * Per thread, local waiters queue in a FIFO and one Atomics.waitAsync on FLAG stands for them;
 * it stays parked when they all time out and is reused by the next waiter, so a thread parks
 * at most once per Event; each wait lasts at most PARK_SLICE_MS, so one left behind expires.
 */
const FLAG = 0;
const TRUE = Promise.resolve(true);
const FALSE = Promise.resolve(false);

/** The shared form of an {@link Event}. */
export type SharedEvent = SharedHandle<'Event'>;

/**
 * A flag that tasks and threads can wait for (Python's `threading.Event`).
 *
 * @example
 * ```ts
 * import { Event } from '@skein/sync';
 * const ready = new Event();
 * setTimeout(() => ready.set(), 10);
 * console.log(await ready.wait({ timeout: 1000 })); // true
 * ```
 */
export class Event {
  readonly #words: Int32Array;
  readonly #queue = new WaiterQueue<boolean>(() => this.#onLeave());
  #parked = false;
  #alive = false;

  constructor();
  /** @internal */
  constructor(from: SharedEvent);
  constructor(from?: SharedEvent) {
    if (from === undefined) {
      this.#words = allocWords(1);
    } else {
      checkHandle(from, 'Event', 4);
      this.#words = new Int32Array(from.buffer);
    }
  }

  /**
   * Revives an Event sent from another thread with `toShared()`.
   *
   * @example
   * ```ts
   * import { Event } from '@skein/sync';
   * const e = new Event();
   * e.set();
   * console.log(Event.fromShared(e.toShared()).isSet()); // true
   * ```
   */
  static fromShared(handle: SharedEvent): Event {
    return new Event(handle);
  }

  /**
   * Whether the flag is set.
   *
   * @example
   * ```ts
   * import { Event } from '@skein/sync';
   * console.log(new Event().isSet()); // false
   * ```
   */
  isSet(): boolean {
    return (Atomics.load(this.#words, FLAG) & 1) === 1;
  }

  /**
   * Sets the flag and wakes every waiter in every thread.
   *
   * @example
   * ```ts
   * import { Event } from '@skein/sync';
   * const e = new Event();
   * e.set();
   * console.log(await e.wait()); // true
   * ```
   */
  set(): void {
    const w = this.#words;
    for (;;) {
      const v = Atomics.load(w, FLAG);
      if ((v & 1) === 1) return;
      if (Atomics.compareExchange(w, FLAG, v, (v + 3) | 0) === v) break;
    }
    Atomics.notify(w, FLAG);
    this.#queue.resolveWhere(always, true);
    this.#settleAlive();
  }

  /**
   * Clears the flag; later waits block until the next `set()`.
   *
   * @example
   * ```ts
   * import { Event } from '@skein/sync';
   * const e = new Event();
   * e.set(); e.clear();
   * console.log(e.isSet()); // false
   * ```
   */
  clear(): void {
    const w = this.#words;
    for (;;) {
      const v = Atomics.load(w, FLAG);
      if ((v & 1) === 0 || Atomics.compareExchange(w, FLAG, v, v - 1) === v) return;
    }
  }

  /**
   * Waits until the flag is set. Resolves `true`, or `false` if `timeout` ms passed first;
   * rejects with `signal.reason` on abort.
   *
   * @example
   * ```ts
   * import { Event } from '@skein/sync';
   * console.log(await new Event().wait({ timeout: 5 })); // false
   * ```
   */
  wait(options?: WaitOptions): Promise<boolean> {
    const opts = parseWait(options, 'Event.wait');
    if (opts.signal?.aborted) return Promise.reject(opts.signal.reason);
    const v = Atomics.load(this.#words, FLAG);
    if ((v & 1) === 1) return TRUE;
    if (opts.timeout === 0) return FALSE;
    const result = this.#queue.wait(opts, false, v >> 1);
    this.#park(v);
    return result;
  }

  /** The plain object that carries this Event to another thread. */
  toShared(): SharedEvent {
    return makeHandle('Event', this.#words.buffer as SharedArrayBuffer, {});
  }

  #park(seen: number): void {
    if (!this.#parked) {
      const r = Atomics.waitAsync(this.#words, FLAG, seen, PARK_SLICE_MS);
      if (!r.async) {
        this.#onChange();
        return;
      }
      this.#parked = true;
      void r.value.then(this.#onWake);
    }
    if (!this.#alive) {
      this.#alive = true;
      holdAlive();
    }
  }

  readonly #onWake = (): void => {
    this.#parked = false;
    this.#onChange();
  };

  /** The flag changed (or may have): wake whoever saw a set since they started waiting. */
  #onChange(): void {
    const v = Atomics.load(this.#words, FLAG);
    if ((v & 1) === 1) this.#queue.resolveWhere(always, true);
    else this.#queue.resolveWhere((w) => w.tag !== v >> 1, true);
    if (this.#queue.size > 0) this.#park(v);
    else this.#settleAlive();
  }

  #onLeave(): void {
    if (this.#queue.size === 0) this.#settleAlive();
  }

  #settleAlive(): void {
    if (this.#alive && this.#queue.size === 0) {
      this.#alive = false;
      releaseAlive();
    }
  }
}

function always(): boolean {
  return true;
}
