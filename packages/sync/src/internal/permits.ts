import { holdAlive, releaseAlive } from './keepalive.js';
import type { ParsedWait } from './options.js';
import { PARK_SLICE_MS } from './park-slice.js';
import { WaiterQueue } from './waiter-queue.js';

/*
 * Permits: a counting semaphore on shared memory, the core of Lock, RLock and the Semaphores.
 *
 * Words (Int32, shared by every thread that holds the object):
 *   STATE  bits 0-19  FREE permits. Takers CAS them down (never below zero); releasers CAS up.
 *          bits 20-29 PARKED: announced waiters, i.e. each thread's pump while its local queue
 *                     is non-empty and each acquireSync caller while it waits. An announced
 *                     waiter may be parked on SEQ or about to look again.
 *          bit  30    FAIR: some waiter is starving, so callers that are not waiting (tryTake,
 *                     the fast path of acquire) may not take permits.
 *   SEQ    event count that waiters park on; releasers bump it before they notify.
 *   VOTES  starving waiters; FAIR is set while it is > 0.
 *
 * Parking (announce, then look again):
 *   waiter:   PARKED += 1; then loop { s = SEQ; if a permit can be taken, take it and stop;
 *             else park on SEQ while it still equals s }; PARKED -= 1 when it stops waiting.
 *   releaser: add the permits to STATE with one CAS; if the STATE it replaced had PARKED > 0,
 *             SEQ += 1 and notify SEQ.
 *   Announcements and releases change the same word, so they are ordered: either the release
 *   saw the announcement (and changes SEQ before notifying, so the park returns at once or is
 *   woken), or the announcement came later, and then the waiter's look sees the permits. A
 *   release with nobody parked is one CAS: no SEQ traffic, no notify.
 *
 * Fairness: a waiter that keeps losing to barging callers for STARVATION_MS votes (VOTES += 1,
 * set FAIR); the vote ends when it is served or leaves, and the last vote out clears FAIR. A
 * voter re-sets FAIR after each failed try, so a clear racing with a new vote heals itself.
 *
 * Within a thread, async waiters queue in a local FIFO; one "pump" per thread stands for all of
 * them on shared memory (one registration, at most one pending Atomics.waitAsync) and grants
 * permits to the queue head in order. A release in a thread whose queue is non-empty hands the
 * permit straight to its own head when no other thread waits (PARKED is 1: the pump itself),
 * which keeps single-thread contention free of shared-memory traffic.
 *
 * Until an object is shared (toShared(), or revived from a handle in another thread) no other
 * thread can see its words, so this thread changes STATE with plain reads and writes instead
 * of CAS, never spins, and its pump never parks: only a release in this thread can serve the
 * queue, and it hands the permit over directly. share() switches to the protocol above before
 * the handle leaves the thread (postMessage orders the plain writes before the other thread's
 * first look); a pump with waiters then parks at once, so no wake-up from another thread is lost.
 *
 * A pending waitAsync cannot be cancelled. When the local queue empties (served, timed out,
 * aborted) the pump withdraws its announcement at once, and its wait stays pending as an idle
 * listener until its slice (PARK_SLICE_MS) ends: if a release wakes it first, it forwards the
 * wake-up (notify 1) to the next parked waiter, and a new local waiter reuses it instead of
 * parking again. So each thread parks at most once per object, only while it has waiters does
 * it hold the thread alive, and an object nobody waits on is not pinned in memory.
 */
const STATE = 0;
const SEQ = 1;
const VOTES = 2;
/** Words used by the permit core, from the start of its Int32Array. */
export const PERMIT_WORDS = 3;

/** The most permits one object can hold. */
export const MAX_PERMITS = 0xfffff;
const PARKED_ONE = 1 << 20;
const PARKED = 0x3ff << 20;
const FAIR = 1 << 30;

/** Looks at STATE `spinTake` makes before queueing (a few microseconds at most). */
const SPINS = 256;

/** How long a waiter may lose to barging callers before it asks for fairness. */
const STARVATION_MS = 10;

const TRUE = Promise.resolve(true);
const FALSE = Promise.resolve(false);

export class Permits {
  private readonly queue = new WaiterQueue<boolean>(() => this.onLeave());
  /** The last STATE this thread saw: the first CAS of a take or release usually succeeds with it. */
  private guess: number;
  /** This thread's pump counts in STATE's PARKED. */
  private announced = false;
  /** This thread has an Atomics.waitAsync pending on SEQ. */
  private parked = false;
  /** This thread holds the keep-alive for its parked wait. */
  private alive = false;
  /** This thread's pump counts in VOTES. */
  private starving = false;
  /** When the pump first failed to get a permit for its current head (0: it has not failed). */
  private losingSince = 0;
  /** Permits taken through this object in this thread and not yet returned (a hint only). */
  private heldHere = 0;

  /** `shared`: other threads may already see the words (the object was revived from a handle). */
  constructor(
    private readonly words: Int32Array,
    private shared: boolean,
  ) {
    this.guess = Atomics.load(words, STATE);
  }

  /** Other threads are about to see the words: from now on every change goes through Atomics. */
  share(): void {
    if (this.shared) return;
    this.shared = true;
    this.drive();
  }

  static init(words: Int32Array, permits: number): void {
    Atomics.store(words, STATE, permits);
  }

  /** Permits free right now. */
  available(): number {
    return Atomics.load(this.words, STATE) & MAX_PERMITS;
  }

  /** The fast path of acquire: a permit now, unless someone here queues (FIFO) or fair mode. */
  takeNow(): boolean {
    if (this.queue.size > 0 || !this.take(FAIR)) return false;
    this.heldHere++;
    return true;
  }

  /** Takes a permit without waiting; fails while a starving waiter asked for fairness. */
  tryTake(): boolean {
    if (!this.take(FAIR)) return false;
    this.heldHere++; // below zero after releases of what another thread took: still a success
    return true;
  }

  acquire(opts: ParsedWait): Promise<boolean> {
    if (opts.signal?.aborted) return Promise.reject(opts.signal.reason);
    if (this.queue.size === 0 && (this.take(FAIR) || this.spinTake())) {
      this.heldHere++;
      return TRUE;
    }
    if (opts.timeout === 0) return FALSE;
    const result = this.queue.wait(opts, false);
    // Joining a non-empty queue changes nothing on shared memory: the head is served first. The
    // wait may also have left at once (a Task cancelled before it waited): then nothing changed.
    if (this.queue.size > 0 && !this.announced) {
      this.announced = true;
      this.guess = Atomics.add(this.words, STATE, PARKED_ONE) + PARKED_ONE;
      this.drive();
    }
    return result;
  }

  acquireSync(opts: ParsedWait): boolean {
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (this.take(FAIR)) {
      this.heldHere++;
      return true;
    }
    if (opts.timeout === 0) return false;
    const w = this.words;
    // The clock is read only when needed (a finite timeout, or a second failed look): in a
    // worker it costs more than the uncontended lock itself.
    const deadline = opts.timeout === Infinity ? Infinity : performance.now() + opts.timeout;
    let losingSince = 0;
    let starving = false;
    Atomics.add(w, STATE, PARKED_ONE);
    try {
      for (;;) {
        const seq = Atomics.load(w, SEQ);
        if (this.take(0)) {
          this.heldHere++;
          return true;
        }
        if (starving) Atomics.or(w, STATE, FAIR);
        else if (losingSince === 0) losingSince = performance.now();
        else if (performance.now() - losingSince > STARVATION_MS) starving = vote(w);
        const left = deadline === Infinity ? Infinity : deadline - performance.now();
        if (left <= 0) return false;
        Atomics.wait(w, SEQ, seq, left);
      }
    } finally {
      if (starving) unvote(w);
      Atomics.sub(w, STATE, PARKED_ONE);
    }
  }

  /**
   * Returns `n` permits unless that would make more than `max` free (then returns false and
   * changes nothing: the caller reports the misuse).
   */
  release(n: number, max: number): boolean {
    const w = this.words;
    if (this.queue.size > 0) {
      const now = Atomics.load(w, STATE);
      if ((now & MAX_PERMITS) + n > max) return false;
      // Nobody else waits (PARKED is our own pump): hand permits straight to our waiters.
      if ((now & PARKED) === PARKED_ONE) {
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
      const seen = this.cas(v, v + n);
      if (seen === v) break;
      v = seen;
    }
    this.guess = v + n;
    this.heldHere -= n;
    if ((v & PARKED) !== 0) wake(w, n);
    return true;
  }

  /**
   * CAS one permit out of STATE unless there is none, or `blocked` (FAIR or 0) is set. When
   * our last look saw no permit, the first CAS bets that one was returned since (the usual case
   * under contention): a failed CAS returns the real STATE, so the bet costs no extra load.
   */
  private take(blocked: number): boolean {
    let v = this.guess;
    let fresh = false;
    for (;;) {
      if ((v & blocked) !== 0 || (v & MAX_PERMITS) === 0) {
        if (fresh) {
          this.guess = v;
          return false;
        }
        v = (v & ~blocked & ~MAX_PERMITS) | 1;
      }
      const seen = this.cas(v, v - 1);
      if (seen === v) {
        this.guess = v - 1;
        return true;
      }
      v = seen;
      fresh = true;
    }
  }

  /** Compare-and-exchange on STATE; a plain read and write while no other thread sees it. */
  private cas(expected: number, next: number): number {
    const w = this.words;
    if (this.shared) return Atomics.compareExchange(w, STATE, expected, next);
    const seen = w[STATE]!;
    if (seen === expected) w[STATE] = next;
    return seen;
  }

  /** Serves the local queue from shared memory until it is empty or must wait. */
  private drive(): void {
    const w = this.words;
    while (this.queue.size > 0) {
      const seq = Atomics.load(w, SEQ);
      if (this.take(0)) {
        this.grant();
        continue;
      }
      if (!this.shared) return;
      if (this.starving) Atomics.or(w, STATE, FAIR);
      else if (this.losingSince === 0) this.losingSince = performance.now();
      else if (performance.now() - this.losingSince > STARVATION_MS) this.starving = vote(w);
      if (!this.parked) {
        const r = Atomics.waitAsync(w, SEQ, seq, PARK_SLICE_MS);
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

  /**
   * Before queueing, a caller whose permit is held by another thread watches STATE briefly:
   * that holder usually releases within a microsecond, far sooner than a park and a cross-thread
   * wake-up would take. Never when this thread holds permits itself (they cannot come back
   * while this thread spins), nor before the object is shared (no other thread can release).
   */
  private spinTake(): boolean {
    if (!this.shared || this.heldHere > 0) return false;
    for (let i = 0; i < SPINS; i++) {
      if ((Atomics.load(this.words, STATE) & MAX_PERMITS) !== 0 && this.take(FAIR)) return true;
    }
    return false;
  }

  private readonly onWake = (outcome: 'ok' | 'timed-out'): void => {
    this.parked = false;
    if (this.queue.size > 0) {
      this.drive();
      return;
    }
    // Woken for a parked waiter, but nobody here waits any more: pass the wake-up on.
    if (outcome === 'ok' && (Atomics.load(this.words, STATE) & PARKED) !== 0)
      Atomics.notify(this.words, SEQ, 1);
  };

  /** Gives a permit this thread already took (or holds) to the oldest local waiter. */
  private grant(): void {
    this.losingSince = 0;
    this.heldHere++;
    if (this.starving) {
      this.starving = false;
      unvote(this.words);
    }
    const waiter = this.queue.shift()!;
    if (this.queue.size === 0) this.withdraw();
    waiter.resolve(true);
  }

  private onLeave(): void {
    if (this.queue.size === 0) this.withdraw();
  }

  /** Nobody in this thread waits any more: take back the announcement. */
  private withdraw(): void {
    const w = this.words;
    if (this.alive) {
      this.alive = false;
      releaseAlive();
    }
    if (this.announced) {
      this.announced = false;
      Atomics.sub(w, STATE, PARKED_ONE);
    }
    if (this.starving) {
      this.starving = false;
      unvote(w);
    }
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

function wake(w: Int32Array, n: number): void {
  Atomics.add(w, SEQ, 1);
  Atomics.notify(w, SEQ, n);
}
