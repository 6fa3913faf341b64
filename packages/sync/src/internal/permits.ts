import { holdAlive, releaseAlive } from './keepalive.js';
import type { ParsedWait } from './options.js';
import { WaiterQueue } from './waiter-queue.js';

/*
 * Permits: a counting semaphore on shared memory, the core of Lock, RLock and the Semaphores.
 *
 * Words (Int32, shared by every thread that holds the object):
 *   STATE  bits 0-19  FREE: permits anyone may take
 *          bits 20-29 WAITERS: registered waiters, i.e. each thread's pump while its local
 *                     queue is non-empty, and each acquireSync caller while it waits
 *          bit  30    FAIR: some waiter is starving; callers that are not registered waiters
 *                     (tryTake, the fast path of acquire) may not take permits
 *   SEQ    event count: waiters park on it
 *   VOTES  how many waiters are starving; FAIR is set while it is > 0
 *
 * Protocol:
 *   - A taker CASes STATE down by one permit (CAS, so it never goes below zero).
 *   - A waiter registers (adds one WAITER) BEFORE it first looks for a permit; then, in a loop,
 *     it reads SEQ, tries to take, and parks on SEQ with the value it read.
 *   - A releaser adds its permits with one CAS and learns from the old STATE whether anyone was
 *     registered; if so it bumps SEQ and notifies SEQ. Permits and waiters share one word, so
 *     either the waiter's look sees the permit or the release sees the waiter; a release that
 *     lands between a waiter's look and its park has changed SEQ, so the park returns at once.
 *   - A waiter that has lost to barging callers for STARVATION_MS votes (VOTES += 1, set FAIR);
 *     the vote ends when it is served or leaves, and the last vote out clears FAIR. A voter
 *     re-sets FAIR after each failed try, so a clear racing with a new vote heals itself.
 *
 * Within a thread, async waiters queue in a local FIFO; one "pump" per thread stands for all of
 * them on shared memory (one registration, at most one pending Atomics.waitAsync). The pump
 * grants permits to the local queue head in order. A release in a thread whose queue is
 * non-empty hands the permit straight to its own head when no other thread waits (WAITERS is 1:
 * the pump itself), which keeps single-thread contention free of shared-memory traffic.
 *
 * A pending waitAsync cannot be cancelled. When the local queue empties (served, timed out,
 * aborted) the pump unregisters at once and its pending wait stays parked as an idle listener:
 * if a release wakes it, it forwards the wake-up (notify 1) to the next parked waiter, and the
 * next local waiter reuses it instead of parking again. So each thread parks at most once per
 * object, and only while it has waiters does it hold the thread alive.
 */
const STATE = 0;
const SEQ = 1;
const VOTES = 2;
/** Words used by the permit core, from the start of its Int32Array. */
export const PERMIT_WORDS = 3;

/** The most permits one object can hold. */
export const MAX_PERMITS = 0xfffff;
const WAITER = 1 << 20;
const WAITERS = 0x3ff << 20;
const FAIR = 1 << 30;

/** How long a waiter may lose to barging callers before it asks for fairness. */
const STARVATION_MS = 1;

const TRUE = Promise.resolve(true);
const FALSE = Promise.resolve(false);

export class Permits {
  private readonly queue = new WaiterQueue<boolean>(() => this.onLeave());
  /** The last STATE this thread saw: the first CAS of a take or release usually succeeds with it. */
  private guess: number;
  /** This thread's pump counts in WAITERS. */
  private registered = false;
  /** This thread has an Atomics.waitAsync pending on SEQ. */
  private parked = false;
  /** This thread holds the keep-alive for its parked wait. */
  private alive = false;
  /** This thread's pump counts in VOTES. */
  private starving = false;
  /** When the pump first failed to get a permit for its current head (0: it has not failed). */
  private losingSince = 0;

  constructor(private readonly words: Int32Array) {
    this.guess = Atomics.load(words, STATE);
  }

  static init(words: Int32Array, permits: number): void {
    Atomics.store(words, STATE, permits);
  }

  /** Permits free right now. */
  available(): number {
    return Atomics.load(this.words, STATE) & MAX_PERMITS;
  }

  /** Takes a permit without waiting; fails while a starving waiter asked for fairness. */
  tryTake(): boolean {
    return this.take(FAIR | MAX_PERMITS);
  }

  acquire(opts: ParsedWait): Promise<boolean> {
    if (opts.signal?.aborted) return Promise.reject(opts.signal.reason);
    if (this.queue.size === 0 && this.take(FAIR | MAX_PERMITS)) return TRUE;
    if (opts.timeout === 0) return FALSE;
    const result = this.queue.wait(opts, false);
    // Joining a non-empty queue changes nothing on shared memory: the head is served first.
    if (this.queue.size === 1) {
      this.registered = true;
      Atomics.add(this.words, STATE, WAITER);
      this.drive();
    }
    return result;
  }

  acquireSync(opts: ParsedWait): boolean {
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (this.take(FAIR | MAX_PERMITS)) return true;
    if (opts.timeout === 0) return false;
    // No spinning before parking: on two busy cores it slowed the holder's release more than
    // it saved (measured with 2 workers x 500k increments, like the futex floor in bench/).
    const w = this.words;
    const start = performance.now();
    const deadline = start + opts.timeout;
    let starving = false;
    Atomics.add(w, STATE, WAITER);
    try {
      for (;;) {
        const seq = Atomics.load(w, SEQ);
        if (this.take(MAX_PERMITS)) return true;
        const now = performance.now();
        if (starving) Atomics.or(w, STATE, FAIR);
        else if (now - start > STARVATION_MS) starving = vote(w);
        if (now >= deadline) return false;
        Atomics.wait(w, SEQ, seq, deadline - now);
      }
    } finally {
      if (starving) unvote(w);
      Atomics.sub(w, STATE, WAITER);
    }
  }

  /**
   * Returns `n` permits unless that would make more than `max` free (then returns false and
   * changes nothing: the caller reports the misuse).
   */
  release(n: number, max: number): boolean {
    const w = this.words;
    if (this.queue.size > 0) {
      const v = Atomics.load(w, STATE);
      if ((v & MAX_PERMITS) + n > max) return false;
      // No other thread waits (WAITERS is our own pump): hand permits straight to our waiters.
      if ((v & WAITERS) === WAITER) {
        while (n > 0 && this.queue.size > 0) {
          this.grant();
          n--;
        }
        if (n === 0) return true;
      }
    }
    let v = this.guess;
    for (;;) {
      if ((v & MAX_PERMITS) + n > max) {
        const now = Atomics.load(w, STATE);
        if (now === v) return false;
        v = now;
        continue;
      }
      const seen = Atomics.compareExchange(w, STATE, v, v + n);
      if (seen === v) break;
      v = seen;
    }
    this.guess = v + n;
    if ((v & WAITERS) !== 0) {
      Atomics.add(w, SEQ, 1);
      Atomics.notify(w, SEQ, n);
    }
    return true;
  }

  /**
   * CAS one permit out of STATE unless `(STATE & mask)` forbids it (no permit, or FAIR when the
   * mask has it). When our last look saw no permit, the first CAS bets that one was returned
   * since (the usual case under contention): a failed CAS returns the real STATE, so the bet
   * costs no extra load either way.
   */
  private take(mask: number): boolean {
    const w = this.words;
    let v = this.guess;
    let fresh = false;
    for (;;) {
      if ((v & mask & ~MAX_PERMITS) !== 0 || (v & MAX_PERMITS) === 0) {
        if (fresh) {
          this.guess = v;
          return false;
        }
        v = (v & ~(mask & FAIR) & ~MAX_PERMITS) | 1;
      }
      const seen = Atomics.compareExchange(w, STATE, v, v - 1);
      if (seen === v) {
        this.guess = v - 1;
        return true;
      }
      v = seen;
      fresh = true;
    }
  }

  /** Serves the local queue from shared memory until it is empty or must wait. */
  private drive(): void {
    const w = this.words;
    while (this.queue.size > 0) {
      const seq = Atomics.load(w, SEQ);
      if (this.take(MAX_PERMITS)) {
        this.grant();
        continue;
      }
      if (this.starving) Atomics.or(w, STATE, FAIR);
      else if (this.losingSince === 0) this.losingSince = performance.now();
      else if (performance.now() - this.losingSince > STARVATION_MS) this.starving = vote(w);
      if (!this.parked) {
        const r = Atomics.waitAsync(w, SEQ, seq);
        if (!r.async) continue;
        this.parked = true;
        void r.value.then(this.onWake);
      }
      if (!this.alive) {
        this.alive = true;
        holdAlive();
      }
      return;
    }
  }

  private readonly onWake = (): void => {
    this.parked = false;
    if (this.queue.size > 0) {
      this.drive();
      return;
    }
    // Woken for a registered waiter, but nobody here waits any more: pass the wake-up on.
    if ((Atomics.load(this.words, STATE) & WAITERS) !== 0) Atomics.notify(this.words, SEQ, 1);
  };

  /** Gives a permit this thread already took (or holds) to the oldest local waiter. */
  private grant(): void {
    this.losingSince = 0;
    if (this.starving) {
      this.starving = false;
      unvote(this.words);
    }
    const waiter = this.queue.shift()!;
    if (this.queue.size === 0) this.unregister();
    waiter.resolve(true);
  }

  private onLeave(): void {
    if (this.queue.size === 0) this.unregister();
  }

  private unregister(): void {
    if (this.alive) {
      this.alive = false;
      releaseAlive();
    }
    if (!this.registered) return;
    this.registered = false;
    if (this.starving) {
      this.starving = false;
      unvote(this.words);
    }
    Atomics.sub(this.words, STATE, WAITER);
  }
}

function vote(w: Int32Array): true {
  Atomics.add(w, VOTES, 1);
  Atomics.or(w, STATE, FAIR);
  return true;
}

function unvote(w: Int32Array): void {
  if (Atomics.sub(w, VOTES, 1) === 1) Atomics.and(w, STATE, ~FAIR);
}
