// The floor of the shared-queue questions: a single-producer, single-consumer ring of fixed-size
// slots on a SharedArrayBuffer, with no locks, no variable-size records, no async waiting.
// A payload is an int32 (4-byte slots) or a 64-character Latin-1 string (64-byte slots).
//
// Words (Int32, each on a cache line of its own):
//   TAIL        items ever put; written by the producer only (Atomics.store after the slot).
//   HEAD        items ever taken; written by the consumer only (Atomics.store after reading).
//   PRODUCER_WAITS, CONSUMER_WAITS   1 while that side may sleep; each set and cleared only by
//               its own side (the waker never touches them: that is how the first SAB ring of
//               BENCHMARKS.md lost a wake-up).
// A side that finds the ring full (empty) spins briefly, then sets its flag, reads the other
// side's word again and, if still blocked, Atomics.wait()s on that word with the value it read.
// The other side stores its word before it reads the flag, so either the re-read sees the
// change or the flag is seen and the word is notified (Atomics are sequentially consistent, and
// Atomics.wait returns at once if the word no longer holds the value).
import { WINDOW } from './queue-protocol.js';

/** Buffer's Latin-1 methods without `write`/`toString`'s argument parsing (untyped in @types/node). */
interface Latin1Buffer extends Buffer {
  latin1Write(s: string, offset: number, length: number): number;
  latin1Slice(start: number, end: number): string;
}

const TAIL = 0;
const HEAD = 16;
const PRODUCER_WAITS = 32;
const CONSUMER_WAITS = 48;
const CONTROL_BYTES = 64 * 4;
const SLOTS = WINDOW;
const MASK = SLOTS - 1;
const SPINS = 200;

/** A new ring for slots of `slotBytes` bytes (4 or 64). */
export function allocateRing(slotBytes: 4 | 64): SharedArrayBuffer {
  return new SharedArrayBuffer(CONTROL_BYTES + SLOTS * slotBytes);
}

/** Waits until `ctl[index]` differs from `value`, spinning briefly before sleeping on it. */
function waitWhile(ctl: Int32Array, index: number, value: number, flag: number): void {
  for (let i = 0; i < SPINS; i++) if (Atomics.load(ctl, index) !== value) return;
  Atomics.store(ctl, flag, 1);
  while (Atomics.load(ctl, index) === value) Atomics.wait(ctl, index, value);
  Atomics.store(ctl, flag, 0);
}

abstract class End {
  protected readonly ctl: Int32Array;
  protected readonly ints: Int32Array;
  protected readonly bytes: Latin1Buffer;

  constructor(buffer: SharedArrayBuffer) {
    this.ctl = new Int32Array(buffer, 0, CONTROL_BYTES / 4);
    this.ints = new Int32Array(buffer, CONTROL_BYTES);
    this.bytes = Buffer.from(buffer, CONTROL_BYTES) as Latin1Buffer;
  }
}

/** The producer's end. */
export class RingProducer extends End {
  #tail = 0;
  #head = 0;

  /** Waits for a free slot and returns its index; publish with {@link commit}. */
  private slot(): number {
    const t = this.#tail;
    if (t - this.#head >= SLOTS) {
      this.#head = Atomics.load(this.ctl, HEAD);
      while (t - this.#head >= SLOTS) {
        waitWhile(this.ctl, HEAD, this.#head, PRODUCER_WAITS);
        this.#head = Atomics.load(this.ctl, HEAD);
      }
    }
    return t & MASK;
  }

  private commit(): void {
    Atomics.store(this.ctl, TAIL, ++this.#tail);
    if (Atomics.load(this.ctl, CONSUMER_WAITS) !== 0) Atomics.notify(this.ctl, TAIL);
  }

  putInt(value: number): void {
    this.ints[this.slot()] = value;
    this.commit();
  }

  /** Puts a string of exactly 64 Latin-1 characters. */
  putString64(value: string): void {
    this.bytes.latin1Write(value, this.slot() * 64, 64);
    this.commit();
  }
}

/** The consumer's end. */
export class RingConsumer extends End {
  #head = 0;
  #tail = 0;

  /** Waits for an item and returns its slot index; release it with {@link release}. */
  private slot(): number {
    const h = this.#head;
    if (h === this.#tail) {
      this.#tail = Atomics.load(this.ctl, TAIL);
      while (h === this.#tail) {
        waitWhile(this.ctl, TAIL, h, CONSUMER_WAITS);
        this.#tail = Atomics.load(this.ctl, TAIL);
      }
    }
    return h & MASK;
  }

  private release(): void {
    Atomics.store(this.ctl, HEAD, ++this.#head);
    if (Atomics.load(this.ctl, PRODUCER_WAITS) !== 0) Atomics.notify(this.ctl, HEAD);
  }

  takeInt(): number {
    const value = this.ints[this.slot()]!;
    this.release();
    return value;
  }

  takeString64(): string {
    const at = this.slot() * 64;
    const value = this.bytes.latin1Slice(at, at + 64);
    this.release();
    return value;
  }
}
