import { TimeoutError } from './errors.js';
import { failedSync, type Future } from './future.js';
import { OneAtATime } from './internal/one-at-a-time.js';
import { checkWait, waitFor, type WaitOptions } from './internal/wait-options.js';

/**
 * When {@link wait} returns, as in `concurrent.futures`.
 *
 * @example
 * ```ts
 * import type { ReturnWhen } from '@skein/pool';
 * const when: ReturnWhen = 'FIRST_EXCEPTION';
 * ```
 */
export type ReturnWhen = 'FIRST_COMPLETED' | 'FIRST_EXCEPTION' | 'ALL_COMPLETED';

/**
 * Options of {@link wait}.
 *
 * @example
 * ```ts
 * import type { WaitForFuturesOptions } from '@skein/pool';
 * const options: WaitForFuturesOptions = { timeout: 1000, returnWhen: 'FIRST_COMPLETED' };
 * ```
 */
export interface WaitForFuturesOptions extends WaitOptions {
  /** Default `'ALL_COMPLETED'`. */
  returnWhen?: ReturnWhen | undefined;
}

/**
 * What {@link wait} resolves to.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor, wait, type DoneAndNotDone } from '@skein/pool';
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
 * const result: DoneAndNotDone = await wait([pool.submit(() => 1)]);
 * console.log(result.done.size, result.notDone.size); // 1 0
 * ```
 */
export interface DoneAndNotDone<F extends Future<any> = Future<unknown>> {
  done: Set<F>;
  notDone: Set<F>;
}

/**
 * Waits for the futures (`concurrent.futures.wait`): until all are done (`'ALL_COMPLETED'`),
 * any is done (`'FIRST_COMPLETED'`), or any finished with an error (`'FIRST_EXCEPTION'`;
 * cancellation is no error). On `timeout` it resolves with what is done so far; an aborted
 * `signal` rejects with `signal.reason`.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor, wait } from '@skein/pool';
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
 * const futures = [1, 2, 3].map((n) => pool.submit((x: number) => x * 2, n));
 * const { done, notDone } = await wait(futures, { returnWhen: 'FIRST_COMPLETED' });
 * console.log(done.size >= 1, done.size + notDone.size); // true 3
 * ```
 */
export function wait<F extends Future<any>>(
  futures: Iterable<F>,
  options: WaitForFuturesOptions = {},
): Promise<DoneAndNotDone<F>> {
  checkWait(options, 'wait'); // bad options throw at the call
  const returnWhen = options.returnWhen ?? 'ALL_COMPLETED';
  if (
    returnWhen !== 'ALL_COMPLETED' &&
    returnWhen !== 'FIRST_COMPLETED' &&
    returnWhen !== 'FIRST_EXCEPTION'
  ) {
    throw new RangeError(
      `wait: returnWhen must be 'FIRST_COMPLETED', 'FIRST_EXCEPTION' or 'ALL_COMPLETED', got ${String(returnWhen)}`,
    );
  }
  return waitUntil(new Set(futures), returnWhen, options);
}

async function waitUntil<F extends Future<any>>(
  all: Set<F>,
  returnWhen: 'ALL_COMPLETED' | 'FIRST_COMPLETED' | 'FIRST_EXCEPTION',
  options: WaitOptions,
): Promise<DoneAndNotDone<F>> {
  /** Whether `f`, done, meets `returnWhen` on its own. */
  const decisive = (f: F): boolean =>
    returnWhen === 'FIRST_COMPLETED' || (returnWhen === 'FIRST_EXCEPTION' && failedSync(f));
  let pending = 0;
  let met = false;
  for (const f of all) {
    if (!f.done()) pending++;
    else if (decisive(f)) met = true;
  }
  if (!met && pending > 0) {
    await waitFor(
      (wake) => {
        // Each future counts once as it finishes: no rescan of them all (quadratic for many).
        const onDone = (f: Future<any>): void => {
          if (--pending === 0 || decisive(f as F)) wake();
        };
        for (const f of all) if (!f.done()) f.addDoneCallback(onDone);
        // However the wait ends, the futures that are still pending must not keep it alive.
        return () => {
          for (const f of all) f.removeDoneCallback(onDone);
        };
      },
      options,
      'wait',
      true,
    );
  }
  const result: DoneAndNotDone<F> = { done: new Set(), notDone: new Set() };
  for (const f of all) (f.done() ? result.done : result.notDone).add(f);
  return result;
}

/**
 * Yields the futures as they complete (`concurrent.futures.as_completed`), those done when the
 * iteration starts first; each future once. Throws `TimeoutError` when `timeout` ms (from the
 * call) pass before all are done, `signal.reason` when aborted; either ends the iteration.
 * Options that are no object, a bad `timeout` or a `signal` that is no `AbortSignal` throw a
 * `TypeError` (a negative timeout a `RangeError`) at the call.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor, asCompleted } from '@skein/pool';
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
 * const futures = [30, 10, 20].map((ms) => pool.submit((t: number) => new Promise((r) => setTimeout(r, t, t)), ms));
 * for await (const f of asCompleted(futures, { timeout: 5000 })) console.log(await f);
 * ```
 */
export function asCompleted<F extends Future<any>>(
  futures: Iterable<F>,
  options: WaitOptions = {},
): AsyncIterableIterator<F> {
  return new CompletionIterator(futures, options);
}

/**
 * A plain iterator, not an async generator: a generator would await each yielded future instead of
 * yielding it. It listens to the futures from the first `next()` until it ends (all yielded,
 * timeout, abort or `return()`), and not at all if never iterated.
 */
class CompletionIterator<F extends Future<any>> implements AsyncIterableIterator<F> {
  readonly #pending: Set<F>;
  readonly #finished: F[] = [];
  readonly #deadline: number | undefined;
  readonly #signal: AbortSignal | undefined;
  #listening = false;
  #wake: (() => void) | undefined;
  /** `next()` calls made while one waits go after it. */
  readonly #steps = new OneAtATime<IteratorResult<F>>();
  readonly #onDone = (future: Future<any>): void => {
    if (!this.#pending.delete(future as F)) return;
    this.#finished.push(future as F);
    this.#wake?.();
  };

  constructor(futures: Iterable<F>, options: WaitOptions) {
    // A bad timeout or signal throws at the call, as `wait` and every other waiting call do.
    const timeout = checkWait(options, 'asCompleted');
    this.#deadline = timeout === undefined ? undefined : Date.now() + timeout;
    this.#signal = options.signal;
    this.#pending = new Set(futures);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<F>> {
    // Two calls waiting at once would share one wake-up, and the other would wait forever.
    return this.#steps.run(this.#nextNow);
  }

  readonly #nextNow = (): Promise<IteratorResult<F>> => this.#next();

  async #next(): Promise<IteratorResult<F>> {
    if (!this.#listening) this.#listen();
    for (;;) {
      const f = this.#finished.shift();
      if (f !== undefined) return { value: f, done: false };
      if (this.#pending.size === 0) return { value: undefined, done: true };
      const left = this.#deadline === undefined ? undefined : this.#deadline - Date.now();
      let arrived: boolean;
      try {
        arrived =
          (left === undefined || left > 0) &&
          (await waitFor(
            (wake) => {
              this.#wake = wake;
              return () => (this.#wake = undefined);
            },
            { timeout: left, signal: this.#signal },
            'asCompleted',
            true,
          ));
      } catch (error) {
        this.#end();
        throw error;
      }
      if (!arrived) {
        const left = this.#pending.size;
        this.#end();
        throw new TimeoutError(
          `asCompleted: ${left} future(s) unfinished when the timeout ran out`,
        );
      }
    }
  }

  async return(): Promise<IteratorResult<F>> {
    this.#end();
    return { value: undefined, done: true };
  }

  /** Moves the futures done by now to the front, in input order, and listens to the rest. */
  #listen(): void {
    this.#listening = true;
    for (const f of this.#pending) if (f.done()) this.#finished.push(f);
    for (const f of this.#finished) this.#pending.delete(f);
    for (const f of this.#pending) f.addDoneCallback(this.#onDone);
  }

  /** Yields nothing more and stops listening to the futures still pending. */
  #end(): void {
    for (const f of this.#pending) f.removeDoneCallback(this.#onDone);
    this.#pending.clear();
    this.#finished.length = 0;
    this.#wake?.(); // a pending next() (a return() meanwhile) ends too
  }
}
