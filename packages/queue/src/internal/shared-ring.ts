import { type Encoded, Undecodable, readPayload, writePayload } from './codec.js';
import { lock, unlock } from './mutex.js';
import { raw, type RawBuffer } from './raw-buffer.js';
import { pulse } from './seq-wait.js';

/*
 * SharedQueue's ring: variable-size records in one SharedArrayBuffer, shared by every thread
 * that holds the queue.
 *
 * Words (Int32, control block; the producers' words, the consumers' words, DONE and each wait
 * word on a cache line of their own, so the hot paths share no line they write):
 *   STATE      0 open, 1 shut down, 2 shut down immediately. Written by shutdown under PUT_LOCK.
 *   MAXSIZE, CAPACITY   constants, written once before the queue is shared.
 *   PUT_LOCK   the producers' futex mutex (mutex.ts); GET_LOCK the consumers'. Both are held
 *              only inside synchronous code, for one record copy. Order: PUT_LOCK, then GET_LOCK.
 *   TAIL, PUT  written by producers under PUT_LOCK only: TAIL the byte position where the next
 *              record goes, PUT how many records were ever published (a wrapping int32).
 *   HEAD, GOT  written by consumers under GET_LOCK only (and by the two rare paths below, which
 *              hold both locks): HEAD the position of the oldest record, GOT records taken.
 *              The queue holds PUT - GOT records (read GOT first: never negative).
 *   DONE       items marked done (taskDone) or dropped by an immediate shutdown; the unfinished
 *              count is PUT - DONE (read DONE first: never understated). taskDone CASes DONE
 *              up by one only while PUT - DONE > 0.
 *   DATA_SEQ, SPACE_SEQ   event counts with a waiter bit, for gets waiting for a record and
 *              puts waiting for room: bit 0 set means "someone waits in this generation".
 *   JOIN_WAITERS, JOIN_SEQ   joiners register (+1) before they read the unfinished count;
 *              whoever brings it to 0 then reads JOIN_WAITERS and, if non-zero, bumps JOIN_SEQ
 *              and notifies all. A joiner parks on JOIN_SEQ with the value it read before looking
 *              (in slices, looking again after each: its deadline is a setTimeout of its own).
 * Words only written under a lock are read plainly by holders of that lock and with
 * Atomics.load by everyone else. TAIL is only ever read under PUT_LOCK, so it is written
 * plainly too. HEAD is written plainly just before the Atomics.store of GOT, and producers read
 * GOT before HEAD, so they see a HEAD at least as new as the GOT they saw (HEAD only moves
 * forward while they hold PUT_LOCK); everything else is written with Atomics.store.
 *
 * Positions run over [0, 2 * CAPACITY) (a lap bit), so HEAD == TAIL means empty and
 * TAIL - HEAD == CAPACITY (mod 2 * CAPACITY) means full; the byte offset is the position mod
 * CAPACITY. Records are [int32 payload length][u8 tag][payload], padded to 4 bytes. A record
 * that does not fit before the end of the buffer leaves a wrap marker (length -1) and starts at
 * offset 0; the skipped bytes count as used until the consumer passes the marker.
 *
 * Protocol:
 *   - put: under PUT_LOCK, if STATE is open, PUT - GOT < the item limit and the record fits in
 *     CAPACITY - (TAIL - HEAD): write the record, store TAIL, store PUT; unlock. The record's
 *     bytes are written before PUT, so whoever sees the new PUT sees the bytes (Atomics are
 *     sequentially consistent, which orders the plain writes before them). Then read DATA_SEQ
 *     and, only if its waiter bit is set, wake (below).
 *   - get: under GET_LOCK, if PUT - GOT > 0, read the record at HEAD, store HEAD and GOT;
 *     unlock. Then read SPACE_SEQ and, only if its waiter bit is set, wake. Before locking, a
 *     get whose object took the last record it saw published reads PUT (Atomics.load): if
 *     PUT still equals the GOT that take left, the ring is empty (GOT lies between the two),
 *     and it returns empty without the lock. That read is ordered like the locked one, so the
 *     waiting protocol below holds for it as well.
 *   - Waiting (pump.ts): a thread's waiting gets (puts) queue locally in FIFO order, and one
 *     pump per thread and queue object serves them. When its head call cannot be served, the
 *     pump first watches PUT (GOT) with plain Atomics.loads for a few microseconds and tries
 *     again as soon as it moves: a thread busy putting (getting) moves it within that time,
 *     and a park costs a wake-up through the event loop. A put or get about to park a call
 *     does the same first (publishSoon, takeSoon). This touches no shared flag, so it needs no
 *     care. Only then does the pump announce itself by setting the waiter
 *     bit of DATA_SEQ (SPACE_SEQ) with a CAS, then tries to serve its head call, and if it
 *     cannot, parks (Atomics.waitAsync) on the value with the bit set. Waking is a CAS of the
 *     word from that value to the next generation (bit clear), then a notify of everyone.
 *     The other side changes the ring before it reads the word, and the pump sets the bit
 *     before it looks at the ring, so either the pump's look sees the change or the other side
 *     sees the bit and moves the word on, which makes the park return at once or wakes it. A
 *     word only ever leaves a value with the bit set through such a CAS followed by a notify
 *     of everyone, so no parked pump misses it; no one clears a bit except by starting a new
 *     generation (the lost wake-up of an earlier ring came from a waker clearing a waiter's
 *     flag). Calls leave the local list when they time out or are aborted, before they are
 *     served or instead of it: an aborted get took nothing and an aborted put inserted nothing.
 *     An idle pump's parked wait is kept and reused (a waitAsync cannot be cancelled); the pump
 *     holds its thread alive only while a call waits. A pump wakes in every thread that waits,
 *     and the first to get the lock wins; the rest park again.
 *   - A record can fit in an empty ring yet not at TAIL's offset, before the end or after the
 *     wrap: a put that finds the ring empty takes GET_LOCK as well and moves HEAD and TAIL to 0.
 *   - shutdown: under PUT_LOCK set STATE, so no record is published after it; with immediate,
 *     also take GET_LOCK, set HEAD = TAIL and GOT = PUT, and add the dropped count to DONE.
 *     Then move both DATA_SEQ and SPACE_SEQ to a new generation and notify, and pulse JOIN_SEQ
 *     if nothing is unfinished. Woken pumps find STATE shut down: put pumps fail their calls
 *     with QueueShutDown, get pumps too once the ring is empty.
 */
const STATE = 0;
const MAXSIZE = 1;
const CAPACITY = 2;
const JOIN_WAITERS = 4;
export const JOIN_SEQ = 5;
const DONE = 80;
const TAIL = 16;
export const PUT = 17;
const PUT_LOCK = 18;
const HEAD = 32;
export const GOT = 33;
const GET_LOCK = 34;
export const SPACE_SEQ = 48;
export const DATA_SEQ = 64;
/** Bytes of the control block; the ring's data follows it. */
const CONTROL_BYTES = 96 * 4;

export const OPEN = 0;
export const SHUT = 1;
export const SHUT_IMMEDIATE = 2;

/** Bytes of a record header: the int32 length and the tag byte. */
const HEADER = 5;
const WRAP = -1;

/** Outcome of {@link Ring.publish}. */
export const PUBLISHED = 0;
export const NO_ROOM = 1;
export const CLOSED = 2;

/** What {@link Ring.take} returns when the ring was empty (the queue is shut down and drained). */
export const NOTHING: unique symbol = Symbol('nothing');

/** Bytes the record of an item with a `length`-byte payload takes. */
export function recordBytes(length: number): number {
  return (HEADER + length + 3) & ~3;
}

export class Ring {
  readonly ctl: Int32Array;
  readonly capacity: number;
  readonly maxsize: number;
  /** At most this many records at once: `maxsize`, or what an int32 count allows. */
  private readonly limit: number;
  private readonly data: RawBuffer;
  private readonly view: DataView;
  /** PUT and TAIL as this object's last publish left them (-1: none yet). */
  private lastPut = -1;
  private lastTail = -1;
  /** GOT and HEAD as this object's producer side last read them. */
  private seenGot = 0;
  private seenHead = 0;
  /** GOT as this object's last take left it, and PUT as its consumer side last read it. */
  private lastGot = -1;
  private seenPut = 0;

  constructor(
    readonly buffer: SharedArrayBuffer,
    maxItems: number,
  ) {
    this.ctl = new Int32Array(buffer, 0, CONTROL_BYTES / 4);
    this.capacity = this.ctl[CAPACITY]!;
    this.maxsize = this.ctl[MAXSIZE]!;
    this.limit = this.maxsize > 0 ? this.maxsize : maxItems;
    this.data = raw(Buffer.from(buffer, CONTROL_BYTES, this.capacity));
    this.view = new DataView(buffer, CONTROL_BYTES, this.capacity);
  }

  /** A new shared buffer laid out for a ring of `capacity` bytes (a multiple of 4). */
  static allocate(capacity: number, maxsize: number): SharedArrayBuffer {
    const buffer = new SharedArrayBuffer(CONTROL_BYTES + capacity);
    const ctl = new Int32Array(buffer, 0, CONTROL_BYTES / 4);
    ctl[CAPACITY] = capacity;
    ctl[MAXSIZE] = maxsize;
    return buffer;
  }

  /** Whether `buffer` is big enough to be a ring allocated by {@link allocate}. */
  static fits(buffer: SharedArrayBuffer): boolean {
    if (buffer.byteLength < CONTROL_BYTES) return false;
    const capacity = new Int32Array(buffer, 0, CONTROL_BYTES / 4)[CAPACITY]!;
    return capacity > 0 && buffer.byteLength === CONTROL_BYTES + capacity;
  }

  state(): number {
    return Atomics.load(this.ctl, STATE);
  }

  size(): number {
    const got = Atomics.load(this.ctl, GOT);
    return (Atomics.load(this.ctl, PUT) - got) | 0;
  }

  /** Items put and not yet marked done (PUT - DONE, DONE read first). */
  unfinished(): number {
    const done = Atomics.load(this.ctl, DONE);
    return (Atomics.load(this.ctl, PUT) - done) | 0;
  }

  /** Publishes `item` if the queue is open and it fits now, and wakes waiting gets. */
  publish(item: Encoded): number {
    const c = this.ctl;
    lock(c, PUT_LOCK);
    // PUT_LOCK held: STATE, TAIL and PUT change only under it, so plain reads see their latest.
    if (c[STATE] !== OPEN) {
      unlock(c, PUT_LOCK);
      return CLOSED;
    }
    const put = c[PUT]!;
    const cap = this.capacity;
    const need = recordBytes(item.length);
    let tail = c[TAIL]!;
    // The consumers' GOT and HEAD as this object last read them are still safe to use (only
    // ever behind, so they understate the room) while no other producer published since.
    const cached = put === this.lastPut && tail === this.lastTail;
    if (!cached) this.refresh();
    let at = this.room(put, tail, need);
    if (at < 0 && cached) {
      this.refresh();
      at = this.room(put, tail, need);
    }
    if (at === -1 && this.rewindIfEmpty(tail)) {
      tail = at = 0;
      this.seenHead = 0;
    }
    if (at < 0) {
      unlock(c, PUT_LOCK);
      return NO_ROOM;
    }
    let off = tail >= cap ? tail - cap : tail;
    if (at !== off) {
      // Wrap: mark the rest of the buffer skipped and start the record at offset 0.
      this.view.setInt32(off, WRAP, true);
      tail += cap - off;
      if (tail === 2 * cap) tail = 0;
      off = 0;
    }
    this.view.setInt32(off, item.length, true);
    this.data[off + 4] = item.tag;
    writePayload(this.data, this.view, off + HEADER, item);
    tail += need;
    if (tail >= 2 * cap) tail -= 2 * cap;
    c[TAIL] = tail;
    Atomics.store(c, PUT, (this.lastPut = (put + 1) | 0));
    this.lastTail = tail;
    unlock(c, PUT_LOCK);
    const data = Atomics.load(c, DATA_SEQ);
    if ((data & 1) !== 0) nextGeneration(c, DATA_SEQ, data);
    return PUBLISHED;
  }

  /**
   * {@link publish}, but when there is no room, watches GOT (see {@link watch}) and tries again
   * each time it moves, for at most SPINS loads in all: for a put that would otherwise park.
   */
  publishSoon(item: Encoded): number {
    let outcome = this.publish(item);
    for (let budget = SPINS; outcome === NO_ROOM && budget >= 0;) {
      const seen = Atomics.load(this.ctl, GOT);
      outcome = this.publish(item);
      if (outcome !== NO_ROOM) break;
      budget = watch(this.ctl, GOT, seen, budget);
    }
    return outcome;
  }

  /** Reads the consumers' GOT and HEAD afresh. */
  private refresh(): void {
    this.seenGot = Atomics.load(this.ctl, GOT);
    this.seenHead = Atomics.load(this.ctl, HEAD);
  }

  /**
   * Where a record of `need` bytes goes with PUT at `put` and TAIL at `tail`: its offset, -1
   * when the bytes do not fit now, -2 when the queue holds its limit of items. Under PUT_LOCK,
   * with the consumers' words as last seen (they only move forward, which frees room).
   */
  private room(put: number, tail: number, need: number): number {
    if (((put - this.seenGot) | 0) >= this.limit) return -2;
    const cap = this.capacity;
    let used = tail - this.seenHead;
    if (used < 0) used += 2 * cap;
    const off = tail >= cap ? tail - cap : tail;
    if (off + need <= cap) return used + need <= cap ? off : -1;
    return used + (cap - off) + need <= cap ? 0 : -1;
  }

  /** With PUT_LOCK held: if the ring is empty, moves HEAD and TAIL to 0 (under GET_LOCK too). */
  private rewindIfEmpty(tail: number): boolean {
    const c = this.ctl;
    if (tail === 0 || Atomics.load(c, HEAD) !== tail) return false;
    lock(c, GET_LOCK);
    // Both locks held: HEAD and TAIL are stable.
    const empty = c[HEAD] === tail;
    if (empty) {
      Atomics.store(c, HEAD, 0);
      Atomics.store(c, TAIL, 0);
    }
    unlock(c, GET_LOCK);
    return empty;
  }

  /** Takes the oldest record: returns its raw payload (see `decode`), or {@link NOTHING}. */
  take(): unknown {
    const c = this.ctl;
    // Without the lock: if the last record this object saw published is the last it took and
    // PUT has not moved since, the ring is empty (GOT lies between the two: never past PUT,
    // never behind this object's own take).
    if (this.seenPut === this.lastGot && Atomics.load(c, PUT) === this.lastGot) return NOTHING;
    lock(c, GET_LOCK);
    // GET_LOCK held: HEAD and GOT change only under it.
    const got = c[GOT]!;
    // PUT as last read still shows records published (it is only ever behind) while no other
    // consumer took one since; read it afresh otherwise, or when it shows none.
    if (got !== this.lastGot || this.seenPut === got) {
      this.seenPut = Atomics.load(c, PUT);
      if (this.seenPut === got) {
        unlock(c, GET_LOCK);
        return NOTHING;
      }
    }
    const cap = this.capacity;
    let head = c[HEAD]!;
    let off = head >= cap ? head - cap : head;
    let length = this.view.getInt32(off, true);
    if (length === WRAP) {
      head += cap - off;
      if (head === 2 * cap) head = 0;
      off = 0;
      length = this.view.getInt32(0, true);
    }
    let value: unknown;
    try {
      value = readPayload(this.data, this.view, off + HEADER, this.data[off + 4]!, length);
    } catch (error) {
      // Never expected; but the record is passed either way, and the lock released.
      value = new Undecodable(error);
    }
    head += recordBytes(length);
    if (head >= 2 * cap) head -= 2 * cap;
    c[HEAD] = head;
    Atomics.store(c, GOT, (this.lastGot = (got + 1) | 0));
    unlock(c, GET_LOCK);
    const space = Atomics.load(c, SPACE_SEQ);
    if ((space & 1) !== 0) nextGeneration(c, SPACE_SEQ, space);
    return value;
  }

  /**
   * {@link take}, but when the ring is empty and the queue open, watches PUT (see {@link watch})
   * and tries again each time it moves, for at most SPINS loads in all: for a get that would
   * otherwise park.
   */
  takeSoon(): unknown {
    let raw = this.take();
    for (let budget = SPINS; raw === NOTHING && budget >= 0 && this.state() === OPEN;) {
      const seen = Atomics.load(this.ctl, PUT);
      raw = this.take();
      if (raw !== NOTHING) break;
      budget = watch(this.ctl, PUT, seen, budget);
    }
    return raw;
  }

  /** Marks one item done; false when nothing was unfinished. */
  taskDone(): boolean {
    const c = this.ctl;
    let done = Atomics.load(c, DONE);
    for (;;) {
      if (((Atomics.load(c, PUT) - done) | 0) <= 0) return false;
      const seen = Atomics.compareExchange(c, DONE, done, (done + 1) | 0);
      if (seen === done) break;
      done = seen;
    }
    if (((Atomics.load(c, PUT) - done - 1) | 0) === 0) this.joinable();
    return true;
  }

  /** After the unfinished count reached 0: wakes the joiners, if any. */
  private joinable(): void {
    if (Atomics.load(this.ctl, JOIN_WAITERS) > 0) pulse(this.ctl, JOIN_SEQ);
  }

  /** A joiner (un)registers, before it reads the unfinished count. */
  joinWaiters(delta: number): void {
    Atomics.add(this.ctl, JOIN_WAITERS, delta);
  }

  /**
   * A waiting pump announces itself before it looks at the ring: sets the waiter bit of the
   * word `index` and returns the value to park on, or -1 when the word moved meanwhile.
   */
  announce(index: number): number {
    const v = Atomics.load(this.ctl, index);
    if ((v & 1) !== 0) return v;
    return Atomics.compareExchange(this.ctl, index, v, v | 1) === v ? v | 1 : -1;
  }

  /** Shuts the ring down; see the protocol. */
  shutdown(immediate: boolean): void {
    const c = this.ctl;
    lock(c, PUT_LOCK);
    if (immediate) Atomics.store(c, STATE, SHUT_IMMEDIATE);
    else if (c[STATE] === OPEN) Atomics.store(c, STATE, SHUT);
    if (immediate) this.drain();
    unlock(c, PUT_LOCK);
    nextGeneration(c, DATA_SEQ, Atomics.load(c, DATA_SEQ) | 1);
    nextGeneration(c, SPACE_SEQ, Atomics.load(c, SPACE_SEQ) | 1);
    if (this.unfinished() === 0) this.joinable();
  }

  /** With PUT_LOCK held: drops every queued record and stops counting them as unfinished. */
  private drain(): void {
    const c = this.ctl;
    lock(c, GET_LOCK);
    const put = c[PUT]!;
    const dropped = (put - c[GOT]!) | 0;
    Atomics.store(c, HEAD, c[TAIL]!);
    Atomics.store(c, GOT, put);
    unlock(c, GET_LOCK);
    if (dropped === 0) return;
    let done = Atomics.load(c, DONE);
    for (;;) {
      const next = (done + Math.min(dropped, (put - done) | 0)) | 0;
      const seen = Atomics.compareExchange(c, DONE, done, next);
      if (seen === done) return;
      done = seen;
    }
  }
}

/**
 * Loads a call that cannot be served now spends watching the other side's counter before it
 * parks: about 4 µs here, many times what another thread's put or get takes, far less
 * than a park and a wake-up through the event loop (tens of microseconds, more on a busy
 * machine).
 */
export const SPINS = 512;

/**
 * Watches `words[index]` (PUT or GOT) for at most `budget` Atomics.loads: returns the loads
 * left once it differs from `seen`, -1 if it never did. Reads only, so it needs no care.
 */
export function watch(words: Int32Array, index: number, seen: number, budget: number): number {
  for (let left = budget; left > 0; left--)
    if (Atomics.load(words, index) !== seen) return left - 1;
  return -1;
}

/**
 * Moves the event-count word `words[index]` from `seen` (waiter bit set) to the next generation
 * (bit clear) and wakes everyone parked on it; gives up once the bit is found clear (another
 * waker did it, or, for the forced move of shutdown, nobody waits).
 */
function nextGeneration(words: Int32Array, index: number, seen: number): void {
  for (let v = seen; ;) {
    const was = Atomics.compareExchange(words, index, v, ((v | 1) + 1) | 0);
    if (was === v) break;
    if ((was & 1) === 0) return;
    v = was;
  }
  Atomics.notify(words, index);
}
