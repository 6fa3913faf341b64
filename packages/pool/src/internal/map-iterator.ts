import type { MapResults } from '../executor.js';
import { TimeoutError } from '../errors.js';
import { MAP, type Mode } from './protocol.js';
import { Ring } from './ring.js';
import type { Task } from './task.js';
import { startTimer, stopTimer } from '@skein/sync/timers';
import { checkTimeout } from './wait-options.js';
import { OneAtATime } from './one-at-a-time.js';

/** The part of an executor `map` uses. */
export interface ChunkSubmitter {
  submitChunk(fn: unknown, mode: Mode, items: unknown[], feed: object): Task<ArrayLike<unknown>>;
  whenRoom(): Promise<void> | undefined;
  /** From now until `closeFeed`, chunks of `feed` count as work accepted before a shutdown. */
  openFeed(feed: object): void;
  closeFeed(feed: object): void;
}

/** Throws at the call for a task that is neither an export name nor a function. */
export function checkTask(fn: unknown, where: string): void {
  if (typeof fn !== 'string' && typeof fn !== 'function') {
    throw new TypeError(
      `${where}: expected an export name or a self-contained function, got ${typeof fn}`,
    );
  }
}

/**
 * Returns `chunksize` (default 1), or throws at the call: `TypeError` when it is not a number,
 * `RangeError` when it is not an integer >= 1.
 */
export function checkChunksize(chunksize: number | undefined, where: string): number {
  const size = chunksize ?? 1;
  if (typeof size !== 'number')
    throw new TypeError(`${where}: chunksize must be an integer >= 1, got ${typeof size}`);
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`${where}: chunksize must be an integer >= 1, got ${String(size)}`);
  return size;
}

/**
 * The iterator behind `map`/`mapUnordered` (and `Pool.imap`): submits the input in chunks as it
 * reads it — while `maxQueue` allows and, with a `lookahead`, while fewer than that many chunks
 * are submitted and not yet consumed — and yields the results in input or completion order.
 * Ending early (break, error, timeout, abort) cancels every chunk that has not started and
 * closes the input (its `return()`), as `for...of` does. A shutdown of the executor (a `Pool`'s
 * `close()`) after the call still lets it submit the rest of its input: that is not new work.
 */
export class MapIterator<R> implements MapResults<R> {
  readonly #pool: ChunkSubmitter;
  readonly #fn: unknown;
  readonly #ordered: boolean;
  readonly #chunksize: number;
  readonly #lookahead: number;
  readonly #deadline: number | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = (): void => this.#abort();
  /** Chunks submitted and not consumed: in input order, or (unordered) in completion order once done. */
  readonly #chunks = new Ring<Task<ArrayLike<unknown>>>();
  readonly #live = new Set<Task<ArrayLike<unknown>>>();
  /** The results of the chunk being yielded: an array, or a Float64Array when they are all numbers. */
  #values: ArrayLike<unknown> = [];
  #index = 0;
  /** The input's iterator while it may yield more (none for an array): closed if the map ends first. */
  #source: Iterator<unknown> | AsyncIterator<unknown> | undefined;
  #sourceDone = false;
  #sourceError: { error: unknown } | undefined;
  #closed = false;
  /** Why the map ended while no `next()` was there to be told (an abort): the next one throws it. */
  #end: { error: unknown } | undefined;
  #wake: (() => void) | undefined;
  /** Resumes the feeder waiting for a chunk to be consumed (under a `lookahead`). */
  #onConsumed: (() => void) | undefined;
  /** `next()` calls made while one waits go after it. */
  readonly #steps = new OneAtATime<IteratorResult<R>>();

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
    lookahead = Infinity,
  ) {
    checkTask(fn, 'map');
    this.#pool = pool;
    this.#fn = fn;
    this.#ordered = ordered;
    this.#chunksize = checkChunksize(options.chunksize, 'map');
    this.#lookahead = lookahead;
    const timeout = checkTimeout(options.timeout, 'map: options.timeout');
    this.#deadline = timeout === undefined ? undefined : Date.now() + timeout;
    if (items === null || (typeof items !== 'object' && typeof items !== 'string'))
      throw new TypeError('map: items must be iterable');
    const sync = Symbol.iterator in Object(items);
    if (!sync && !(Symbol.asyncIterator in Object(items)))
      throw new TypeError('map: items must be iterable');
    const signal = options.signal;
    this.#signal = signal;
    pool.openFeed(this);
    if (signal?.aborted === true) {
      this.#end = { error: signal.reason };
      this.#close();
      return;
    }
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    // A synchronous input is read (and its first chunks submitted) right away, as Python's map does;
    // with a lookahead, only as far as that.
    if (Array.isArray(items)) this.#feedSync(sliceChunks(items, this.#chunksize));
    else if (sync) {
      this.#source = (items as Iterable<unknown>)[Symbol.iterator]();
      this.#feedSync(() => this.#readChunk());
    } else {
      const source = (items as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      this.#source = source;
      void this.#feedAsync(source);
    }
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<R>> {
    // A value at hand needs no turn; otherwise two calls at once would each take a chunk, the
    // later one's values replacing the earlier's.
    return !this.#steps.busy && this.#index < this.#values.length
      ? this.#nextNow()
      : this.#steps.run(this.#nextNow);
  }

  readonly #nextNow = (): Promise<IteratorResult<R>> =>
    this.#index < this.#values.length
      ? Promise.resolve({ value: this.#values[this.#index++] as R, done: false })
      : this.#slowNext();

  /** Every result, in input order, as one array: one await per chunk instead of one per item. */
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
    this.#end = undefined;
    this.#close();
    return { value: undefined, done: true };
  }

  async #slowNext(): Promise<IteratorResult<R>> {
    try {
      return await this.#nextFromChunks();
    } catch (error) {
      throw this.#fail(error);
    }
  }

  async #nextFromChunks(): Promise<IteratorResult<R>> {
    for (;;) {
      if (this.#end !== undefined) throw this.#end.error;
      if (this.#closed) return { value: undefined, done: true };
      const chunk =
        this.#ordered || this.#chunks.peek()?.done() === true ? this.#chunks.shift() : undefined;
      if (chunk !== undefined) {
        const values = await this.#result(chunk);
        if (this.#closed) continue; // ended (aborted) while the chunk was awaited
        this.#values = values;
        this.#index = 0;
        this.#live.delete(chunk);
        this.#consumed();
        if (this.#index < this.#values.length)
          return { value: this.#values[this.#index++] as R, done: false };
        continue;
      }
      if (this.#live.size === 0 && this.#sourceDone) {
        if (this.#sourceError !== undefined) throw this.#sourceError.error;
        this.#close();
        return { value: undefined, done: true };
      }
      await this.#waitForChange();
    }
  }

  /**
   * Ends the map on an error for the consumer. After an abort that is `signal.reason`, whatever
   * the abort made the pending wait throw (a cancelled chunk's `CancelledError`).
   */
  #fail(error: unknown): unknown {
    const end = this.#end;
    this.#end = undefined;
    this.#close();
    return end === undefined ? error : end.error;
  }

  /** A chunk's results, within what is left of the timeout. */
  async #result(chunk: Task<ArrayLike<unknown>>): Promise<ArrayLike<unknown>> {
    if (chunk.done() || (this.#deadline === undefined && this.#signal === undefined))
      return chunk.result();
    const timeout =
      this.#deadline === undefined ? undefined : Math.max(0, this.#deadline - Date.now());
    return chunk.result({ timeout, signal: this.#signal });
  }

  /** Waits for a chunk to finish, the input to end or an abort, within what is left of the timeout. */
  #waitForChange(): Promise<void> {
    const remaining = this.#deadline === undefined ? undefined : this.#deadline - Date.now();
    if (remaining !== undefined && remaining <= 0)
      return Promise.reject(new TimeoutError('map: timed out'));
    return new Promise<void>((resolve, reject) => {
      const timer =
        remaining === undefined
          ? undefined
          : startTimer(() => {
              this.#wake = undefined;
              reject(new TimeoutError('map: timed out'));
            }, remaining);
      this.#wake = () => {
        stopTimer(timer);
        this.#wake = undefined;
        resolve();
      };
    });
  }

  /** The signal aborted: stop at once, whether or not anyone waits; the consumer sees `signal.reason`. */
  #abort(): void {
    this.#end = { error: this.#signal!.reason };
    this.#close();
  }

  #submit(items: unknown[]): void {
    const chunk = this.#pool.submitChunk(this.#fn, MAP, items, this);
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
        if (this.#closed) return; // the input aborted the signal while it was read
        if (items.length === 0) break;
        this.#submit(items);
      }
    } catch (error) {
      this.#failSource(error);
    }
    this.#endSource();
  }

  /** The next chunk of a synchronous input other than an array; empty once it is exhausted. */
  #readChunk(): unknown[] {
    const chunk: unknown[] = [];
    while (this.#source !== undefined && chunk.length < this.#chunksize) {
      const step = this.#readSync(this.#source as Iterator<unknown>);
      if (step.done !== true) chunk.push(step.value);
    }
    return chunk;
  }

  /** One step of a synchronous input; one that is exhausted or has thrown is not closed. */
  #readSync(source: Iterator<unknown>): IteratorResult<unknown> {
    try {
      const step = source.next();
      if (step.done === true) this.#source = undefined;
      return step;
    } catch (error) {
      this.#source = undefined;
      throw error;
    }
  }

  /** One step of an asynchronous input; one that is exhausted or has thrown is not closed. */
  async #readAsync(source: AsyncIterator<unknown>): Promise<IteratorResult<unknown>> {
    try {
      const step = await source.next();
      if (step.done === true) this.#source = undefined;
      return step;
    } catch (error) {
      this.#source = undefined;
      throw error;
    }
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

  async #feedAsync(source: AsyncIterator<unknown>): Promise<void> {
    try {
      let items: unknown[] = [];
      for (;;) {
        await this.#whenRoom();
        if (this.#closed) return;
        const step = await this.#readAsync(source);
        if (this.#closed) return;
        if (step.done === true) break;
        items.push(step.value);
        if (items.length === this.#chunksize) {
          this.#submit(items);
          items = [];
        }
      }
      if (items.length > 0) this.#submit(items);
    } catch (error) {
      this.#failSource(error);
    }
    this.#endSource();
  }

  /** The input threw, or a chunk of it could not be submitted: the map ends with that error at its place. */
  #failSource(error: unknown): void {
    this.#sourceError = { error };
    this.#closeSource();
  }

  #endSource(): void {
    this.#sourceDone = true;
    this.#pool.closeFeed(this);
    this.#wake?.();
  }

  /** Calls `return()` of an input not read to its end, once, as `for...of` does when it is left early. */
  #closeSource(): void {
    const source = this.#source;
    if (source === undefined) return;
    this.#source = undefined;
    try {
      // The map has already ended with its own outcome: an error from closing has nowhere to go.
      Promise.resolve(source.return?.()).catch(ignore);
    } catch {
      // As above, for a synchronous `return()` that throws.
    }
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#values = [];
    this.#index = 0;
    for (const chunk of this.#live) chunk.cancel();
    this.#live.clear();
    this.#closeSource();
    this.#consumed(); // lets a waiting feeder see the close and stop
    this.#pool.closeFeed(this);
    this.#wake?.(); // a pending next() (a return() or an abort meanwhile) ends too
  }
}

function ignore(): void {}

/** Chunks of an array, by slicing. */
function sliceChunks(items: unknown[], size: number): () => unknown[] {
  let start = 0;
  return () => items.slice(start, (start += size));
}
