import type { MapResults } from '../executor.js';
import { TimeoutError } from '../errors.js';
import { MAP, type Mode } from './protocol.js';
import { Ring } from './ring.js';
import type { Task } from './task.js';
import { startTimer, stopTimer } from '@skein/sync/timers';
import { checkTimeout } from './wait-options.js';

/** The part of an executor `map` uses. */
export interface ChunkSubmitter {
  submitChunk(fn: unknown, mode: Mode, items: unknown[]): Task<ArrayLike<unknown>>;
  whenRoom(): Promise<void> | undefined;
}

/**
 * The iterator behind `map`/`mapUnordered` (and `Pool.imap`): submits the input in chunks as it
 * reads it — while `maxQueue` allows and, with a `lookahead`, while fewer than that many chunks
 * are submitted and not yet consumed — and yields the results in input or completion order.
 * Ending early (break, error, timeout, abort) cancels every chunk that has not started.
 */
export class MapIterator<R> implements MapResults<R> {
  readonly #pool: ChunkSubmitter;
  readonly #fn: unknown;
  readonly #mode: Mode;
  readonly #ordered: boolean;
  readonly #chunksize: number;
  readonly #lookahead: number;
  readonly #deadline: number | undefined;
  readonly #signal: AbortSignal | undefined;
  /** Chunks submitted and not consumed: in input order, or (unordered) in completion order once done. */
  readonly #chunks = new Ring<Task<ArrayLike<unknown>>>();
  readonly #live = new Set<Task<ArrayLike<unknown>>>();
  /** The results of the chunk being yielded: an array, or a Float64Array when they are all numbers. */
  #values: ArrayLike<unknown> = [];
  #index = 0;
  #sourceDone = false;
  #sourceError: { error: unknown } | undefined;
  #closed = false;
  #wake: (() => void) | undefined;
  /** Resumes the feeder waiting for a chunk to be consumed (under a `lookahead`). */
  #onConsumed: (() => void) | undefined;

  constructor(
    pool: ChunkSubmitter,
    fn: unknown,
    items: Iterable<unknown> | AsyncIterable<unknown>,
    options: {
      chunksize?: number | undefined;
      timeout?: number | undefined;
      signal?: AbortSignal | undefined;
    } = {},
    ordered: boolean,
    mode: Mode = MAP,
    lookahead = Infinity,
  ) {
    if (typeof fn !== 'string' && typeof fn !== 'function') {
      throw new TypeError(
        `map: expected an export name or a self-contained function, got ${typeof fn}`,
      );
    }
    this.#pool = pool;
    this.#fn = fn;
    this.#mode = mode;
    this.#ordered = ordered;
    const chunksize = options.chunksize ?? 1;
    if (!Number.isInteger(chunksize) || chunksize < 1)
      throw new RangeError(`map: chunksize must be an integer >= 1, got ${String(chunksize)}`);
    this.#chunksize = chunksize;
    this.#lookahead = lookahead;
    const timeout = checkTimeout(options.timeout, 'map');
    this.#deadline = timeout === undefined ? undefined : Date.now() + timeout;
    this.#signal = options.signal;
    if (items === null || (typeof items !== 'object' && typeof items !== 'string'))
      throw new TypeError('map: items must be iterable');
    const sync = Symbol.iterator in Object(items);
    if (!sync && !(Symbol.asyncIterator in Object(items)))
      throw new TypeError('map: items must be iterable');
    // A synchronous input is read (and its first chunks submitted) right away, as Python's map does;
    // with a lookahead, only as far as that.
    if (sync)
      this.#feedSync(
        Array.isArray(items)
          ? sliceChunks(items, chunksize)
          : iterateChunks(items as Iterable<unknown>, chunksize),
      );
    else void this.#feedAsync((items as AsyncIterable<unknown>)[Symbol.asyncIterator]());
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<R>> {
    if (this.#index < this.#values.length) {
      const value = this.#values[this.#index++] as R;
      return Promise.resolve({ value, done: false });
    }
    return this.#slowNext();
  }

  /** Every result, in input order, as one array: one await per chunk instead of one per item (`Pool.map`). */
  async toArray(): Promise<R[]> {
    const out: R[] = [];
    for (;;) {
      const values = this.#values;
      while (this.#index < values.length) out.push(values[this.#index++] as R);
      const step = await this.next();
      if (step.done === true) return out;
      out.push(step.value);
    }
  }

  async return(): Promise<IteratorResult<R>> {
    this.#close();
    return { value: undefined, done: true };
  }

  async #slowNext(): Promise<IteratorResult<R>> {
    for (;;) {
      if (this.#closed) return { value: undefined, done: true };
      const chunk =
        this.#ordered || this.#chunks.peek()?.done() === true ? this.#chunks.shift() : undefined;
      if (chunk !== undefined) {
        try {
          this.#values = await this.#result(chunk);
        } catch (error) {
          this.#close();
          throw error;
        }
        this.#index = 0;
        this.#live.delete(chunk);
        this.#consumed();
        if (this.#index < this.#values.length)
          return { value: this.#values[this.#index++] as R, done: false };
        continue;
      }
      if (this.#live.size === 0 && this.#sourceDone) {
        this.#close();
        if (this.#sourceError !== undefined) throw this.#sourceError.error;
        return { value: undefined, done: true };
      }
      try {
        await this.#waitForChange();
      } catch (error) {
        this.#close();
        throw error;
      }
    }
  }

  /** A chunk's results, within what is left of the timeout. */
  async #result(chunk: Task<ArrayLike<unknown>>): Promise<ArrayLike<unknown>> {
    if (chunk.done() || (this.#deadline === undefined && this.#signal === undefined))
      return chunk.result();
    const timeout =
      this.#deadline === undefined ? undefined : Math.max(0, this.#deadline - Date.now());
    return chunk.result({ timeout, signal: this.#signal });
  }

  #waitForChange(): Promise<void> {
    this.#signal?.throwIfAborted();
    const remaining = this.#deadline === undefined ? undefined : this.#deadline - Date.now();
    if (remaining !== undefined && remaining <= 0)
      return Promise.reject(new TimeoutError('map: timed out'));
    return new Promise<void>((resolve, reject) => {
      const timer =
        remaining === undefined
          ? undefined
          : startTimer(() => done(new TimeoutError('map: timed out')), remaining);
      const onAbort = (): void => done(this.#signal!.reason);
      const done = (error?: unknown): void => {
        stopTimer(timer);
        this.#signal?.removeEventListener('abort', onAbort);
        this.#wake = undefined;
        if (error === undefined) resolve();
        else reject(error);
      };
      this.#signal?.addEventListener('abort', onAbort, { once: true });
      this.#wake = () => done();
    });
  }

  #submit(items: unknown[]): void {
    const chunk = this.#pool.submitChunk(this.#fn, this.#mode, items);
    this.#live.add(chunk);
    if (this.#ordered) this.#chunks.push(chunk);
    chunk.addDoneCallback(() => {
      if (!this.#ordered && !this.#closed) this.#chunks.push(chunk);
      this.#wake?.();
    });
  }

  #feedSync(nextChunk: () => unknown[]): void {
    try {
      for (;;) {
        if (this.#closed) return;
        const room = this.#whenRoom();
        if (room !== undefined) {
          void room.then(() => this.#feedSync(nextChunk));
          return;
        }
        const items = nextChunk();
        if (items.length === 0) break;
        this.#submit(items);
      }
    } catch (error) {
      this.#sourceError = { error };
    }
    this.#endSource();
  }

  /** Resolves when another chunk may be submitted; undefined when one may be now. */
  #whenRoom(): Promise<void> | undefined {
    if (this.#live.size >= this.#lookahead)
      return new Promise<void>((resolve) => (this.#onConsumed = resolve));
    return this.#pool.whenRoom();
  }

  /** Resumes the feeder once half the lookahead is free, so that it submits chunks in bursts (fewer, fuller messages) rather than one per result. */
  #consumed(): void {
    if (this.#live.size > this.#lookahead / 2) return;
    const resume = this.#onConsumed;
    this.#onConsumed = undefined;
    resume?.();
  }

  async #feedAsync(iterator: AsyncIterator<unknown>): Promise<void> {
    try {
      let items: unknown[] = [];
      for (;;) {
        await this.#whenRoom();
        if (this.#closed) return;
        const step = await iterator.next();
        if (step.done === true) break;
        items.push(step.value);
        if (items.length === this.#chunksize) {
          this.#submit(items);
          items = [];
        }
      }
      if (items.length > 0 && !this.#closed) this.#submit(items);
    } catch (error) {
      this.#sourceError = { error };
    }
    this.#endSource();
  }

  #endSource(): void {
    this.#sourceDone = true;
    this.#wake?.();
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#values = [];
    this.#index = 0;
    for (const chunk of this.#live) chunk.cancel();
    this.#live.clear();
    this.#consumed(); // lets a waiting feeder see the close and stop
  }
}

/** Chunks of an array, by slicing. */
function sliceChunks(items: unknown[], size: number): () => unknown[] {
  let start = 0;
  return () => items.slice(start, (start += size));
}

/** Chunks of any iterable, item by item. */
function iterateChunks(items: Iterable<unknown>, size: number): () => unknown[] {
  const iterator = items[Symbol.iterator]();
  let done = false;
  return () => {
    const chunk: unknown[] = [];
    while (!done && chunk.length < size) {
      const step = iterator.next();
      if (step.done === true) done = true;
      else chunk.push(step.value);
    }
    return chunk;
  };
}
