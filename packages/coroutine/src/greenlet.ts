import { InvalidStateError, TimeoutError } from './errors.js';
import { Park } from './internal/park.js';
import {
  checkWaitOptions,
  describe,
  isThenable,
  rejectWith,
  type WaitOptions,
} from './internal/validate.js';
import { warn } from './internal/warn.js';
import { startTimer, stopTimer } from './internal/timers.js';

/**
 * A generator function a greenlet runs.
 *
 * @example
 * ```ts
 * import { spawn, type GreenletFunction } from '@skein/coroutine';
 * const twice: GreenletFunction<number, [number]> = function* (n) { return n * 2; };
 * spawn(twice, 21);
 * ```
 */
export type GreenletFunction<T, A extends unknown[] = any[]> = (
  ...args: A
) => Generator<unknown, T, any>;

/**
 * Options of {@link Greenlet}.
 *
 * @example
 * ```ts
 * import { Greenlet, type GreenletOptions } from '@skein/coroutine';
 * const options: GreenletOptions = { name: 'worker' };
 * new Greenlet(function* () {}, options);
 * ```
 */
export interface GreenletOptions {
  /** Shown in errors and debugging; defaults to `Greenlet-<n>`. */
  name?: string | undefined;
}

/**
 * Options of {@link joinAll}.
 *
 * @example
 * ```ts
 * import { joinAll, spawn, type JoinAllOptions } from '@skein/coroutine';
 * const options: JoinAllOptions = { timeout: 1000, raiseError: true };
 * await joinAll([spawn(function* () {})], options);
 * ```
 */
export interface JoinAllOptions extends WaitOptions {
  /** Reject with the first greenlet error instead of ignoring errors (gevent's `raise_error`). Default false. */
  raiseError?: boolean | undefined;
}

/** Where control goes when a greenlet finishes: a greenlet, the code outside (main), or the hub (nobody). */
type Parent = Greenlet<any> | typeof MAIN | typeof HUB;
interface Transfer {
  to: Parent;
  thrown: boolean;
  arg: unknown;
  /** The outside switch the chain carries from here on, when a step changed it. */
  origin?: Switch | undefined;
}

const GeneratorFunction = Object.getPrototypeOf(function* () {}) as object;
/** `function*` (also bound): what a greenlet runs. Async functions and plain functions are not. */
function isGeneratorFunction(fn: unknown): boolean {
  return typeof fn === 'function' && Object.getPrototypeOf(fn) === GeneratorFunction;
}
const MAIN = Symbol('main');
const HUB = Symbol('hub');
let current: Greenlet<any> | undefined;
let counter = 0;
let spawnParent: Parent | undefined;
const mainWaiters: Switch[] = [];

/**
 * A request to switch to a greenlet, made by {@link Greenlet.switch}. Inside a greenlet,
 * `yield` it to hand control over. From outside, the switch already happened; await it for
 * the value passed back when control returns to the outside.
 *
 * @example
 * ```ts
 * import { Greenlet } from '@skein/coroutine';
 * const g = new Greenlet(function* (x: number) { return x * 2; });
 * const request = g.switch(21); // runs g now
 * console.log(await request); // 42
 * ```
 */
export class Switch<T = unknown> implements PromiseLike<T> {
  #outcome: { thrown: boolean; arg: unknown } | undefined;
  #promise: Promise<T> | undefined;
  #settle: ((thrown: boolean, arg: unknown) => void) | undefined;
  /** Outside switches whose parked chain this one's took over: control coming back settles them too. */
  #merged: Switch[] | undefined;

  /** @internal */
  constructor(
    /** The greenlet to switch to. */
    readonly target: Greenlet<any>,
    /** The value it receives. */
    readonly value: unknown,
    /** @internal True when made outside every greenlet (and so already performed). */
    readonly fromMain: boolean,
  ) {}

  /** @internal Control came back to the outside. */
  _settle(thrown: boolean, arg: unknown): void {
    if (this.#settle !== undefined) this.#settle(thrown, arg);
    else this.#outcome = { thrown, arg };
    for (const other of this.#merged?.splice(0) ?? []) {
      const i = mainWaiters.indexOf(other);
      if (i >= 0) mainWaiters.splice(i, 1)[0]!._settle(thrown, arg);
    }
  }

  /** @internal `other`'s chain parked in a greenlet this chain resumed: it ends with this one. */
  _merge(other: Switch): void {
    (this.#merged ??= []).push(other);
  }

  /** The value passed back when control returns to the outside (made outside every greenlet only). */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    if (this.#promise === undefined) {
      if (!this.fromMain) {
        this.#promise = Promise.reject(
          new InvalidStateError('a switch made inside a greenlet must be yielded, not awaited'),
        );
      } else {
        const outcome = this.#outcome;
        this.#promise =
          outcome === undefined
            ? new Promise<T>((res) => {
                this.#settle = (thrown, arg) => (thrown ? res(rejectWith<T>(arg)) : res(arg as T));
              })
            : outcome.thrown
              ? rejectWith<T>(outcome.arg)
              : Promise.resolve(outcome.arg as T);
      }
    }
    return this.#promise.then(onfulfilled, onrejected);
  }
}

/**
 * Moves control along a chain of switches until it reaches the outside, the hub, or a greenlet
 * that parks. `origin` is the outside switch that started the chain: control coming back to the
 * outside resumes that one (greenlets that park carry it across the wait).
 */
function transfer(next: Transfer | undefined, origin: Switch | undefined): void {
  while (next !== undefined) {
    const { to, thrown, arg } = next;
    if (to === HUB) return;
    if (to === MAIN) {
      let i = origin === undefined ? -1 : mainWaiters.indexOf(origin);
      if (i < 0 && mainWaiters.length > 0) i = 0;
      if (i >= 0) mainWaiters.splice(i, 1)[0]!._settle(thrown, arg);
      else if (thrown) warn('GreenletError', 'a greenlet switched an error to nobody', arg);
      return;
    }
    const prev = current;
    current = to;
    try {
      next = to._step(thrown, arg, origin);
    } finally {
      current = prev;
    }
    if (next?.origin !== undefined) origin = next.origin;
  }
}

/**
 * A generator-based coroutine you switch to explicitly, as Python's `greenlet`. Inside a
 * greenlet, `yield other.switch(v)` hands control to `other` (the `yield` evaluates to the
 * value passed back later); from outside, `await g.switch(v)` runs greenlets until control
 * comes back. `yield promise` parks the greenlet until the promise settles (gevent's
 * cooperative sleep) while the others run. When a greenlet returns, control and its value go
 * to its parent: the greenlet (or the outside) that created it; a throw is raised in the parent.
 *
 * @example
 * ```ts
 * import { Greenlet } from '@skein/coroutine';
 * const out: string[] = [];
 * const gr1: Greenlet = new Greenlet(function* () { out.push('12'); yield gr2.switch(); out.push('56'); yield gr2.switch(); });
 * const gr2: Greenlet = new Greenlet(function* () { out.push('34'); yield gr1.switch(); out.push('78'); });
 * await gr1.switch();
 * console.log(out.join(' ')); // '12 34 56 78'
 * ```
 */
export class Greenlet<T = unknown> {
  /** The greenlet's name, from the options or `Greenlet-<n>`. */
  readonly name: string;
  readonly #fn: GreenletFunction<T>;
  readonly #parent: Parent;
  #args: unknown[] | undefined;
  #gen: Generator<unknown, T, unknown> | undefined;
  #dead = false;
  #failed = false;
  #value: T | undefined;
  #error: unknown;
  #park = 0;
  /** Set while parked on a promise: the outside switch its wake will carry on, if any. */
  #parked: { origin: Switch | undefined } | undefined;
  #joiners: Array<() => void> = [];
  /** Joiners that will hand the error on (`get`, `joinAll` with `raiseError`). */
  #surfacing = 0;

  constructor(fn: GreenletFunction<T>, options?: GreenletOptions) {
    if (!isGeneratorFunction(fn))
      throw new TypeError(`Greenlet: expected a generator function, got ${describe(fn)}`);
    if (options?.name !== undefined && typeof options.name !== 'string') {
      throw new TypeError(`Greenlet: options.name must be a string, got ${describe(options.name)}`);
    }
    this.#fn = fn;
    this.name = options?.name ?? `Greenlet-${counter++}`;
    this.#parent = spawnParent ?? current ?? MAIN;
  }

  /** @internal Makes a greenlet for {@link spawn}: started by the hub, finishing into nothing. */
  static _spawn<T, A extends unknown[]>(fn: GreenletFunction<T, A>, args: A): Greenlet<T> {
    spawnParent = HUB;
    let g: Greenlet<T>;
    try {
      g = new Greenlet<T>(fn as GreenletFunction<T>);
    } finally {
      spawnParent = undefined;
    }
    g.#args = args;
    setTimeout(() => {
      if (g.#gen === undefined && !g.#dead)
        transfer({ to: g, thrown: false, arg: undefined }, undefined);
    }, 0);
    return g;
  }

  /** True once the greenlet has started. */
  get started(): boolean {
    return this.#gen !== undefined || this.#dead;
  }

  /** True once the greenlet has returned or thrown. */
  get dead(): boolean {
    return this.#dead;
  }

  /** The return value once dead (undefined before, or if it threw). */
  get value(): T | undefined {
    return this.#value;
  }

  /** The error it threw, once dead (undefined otherwise). */
  get exception(): unknown {
    return this.#error;
  }

  /** True when the greenlet returned without throwing. */
  successful(): boolean {
    return this.#dead && !this.#failed;
  }

  /**
   * Switches to this greenlet, passing `value` (the first switch passes it as the function's
   * argument). Inside a greenlet: `yield g.switch(v)`. Outside: `await g.switch(v)`.
   */
  switch(value?: unknown): Switch {
    const from = current;
    const request = new Switch(this, value, from === undefined);
    if (from === undefined) {
      mainWaiters.push(request);
      transfer({ to: this, thrown: false, arg: value }, request);
    }
    return request;
  }

  /**
   * Waits until the greenlet is dead or `timeout` ms pass, then resolves with `undefined`
   * either way, as gevent's `join`: read {@link Greenlet.dead}, {@link Greenlet.value} and
   * {@link Greenlet.exception} for what happened (or use {@link Greenlet.get}). Rejects only with
   * `signal.reason`, or `CancelledError` when the task awaiting it is cancelled.
   */
  join(options?: WaitOptions): Promise<void> {
    checkWaitOptions(options, 'Greenlet.join');
    if (this.#dead) return Promise.resolve();
    return this.#wait<void>(options, false, (park) => park.resolve());
  }

  /**
   * Waits until the greenlet is dead, as gevent's `get`: resolves with its return value, rejects
   * with what it threw, with `TimeoutError` after `timeout` ms, or with `signal.reason`.
   */
  get(options?: WaitOptions): Promise<T> {
    checkWaitOptions(options, 'Greenlet.get');
    if (this.#dead)
      return this.#failed ? rejectWith<T>(this.#error) : Promise.resolve(this.#value as T);
    return this.#wait<T>(options, true, (park) =>
      park.reject(
        new TimeoutError(`${this.name}.get: timed out after ${String(options?.timeout)} ms`),
      ),
    );
  }

  #wait<R>(
    options: WaitOptions | undefined,
    surfaces: boolean,
    onTimeout: (park: Park<R>) => void,
  ): Promise<R> {
    const park = new Park<R>(options?.signal);
    if (park.settled) return park.promise;
    const stop = this._onDead(() => {
      if (!surfaces) park.resolve(undefined as R);
      else if (this.#failed) park.reject(this.#error);
      else park.resolve(this.#value as R);
    }, surfaces);
    const ms = options?.timeout;
    const timer = ms === undefined ? undefined : startTimer(onTimeout, ms, park);
    park.cleanup = () => {
      stopTimer(timer);
      stop();
    };
    return park.promise;
  }

  /** @internal Calls `fn` when the greenlet dies; returns an undo. */
  _onDead(fn: () => void, surfacesError = false): () => void {
    if (this.#dead) {
      fn();
      return () => {};
    }
    this.#joiners.push(fn);
    if (surfacesError) this.#surfacing++;
    return () => {
      const i = this.#joiners.indexOf(fn);
      if (i >= 0) {
        this.#joiners.splice(i, 1);
        if (surfacesError) this.#surfacing--;
      }
    };
  }

  /** @internal Runs this greenlet until it switches, parks or dies; returns where control goes next. */
  _step(thrown: boolean, arg: unknown, origin: Switch | undefined): Transfer | undefined {
    if (this.#dead) return { to: this.#aliveParent(), thrown, arg };
    this.#park++;
    // A switch into a parked greenlet takes over the chain its wake would have continued: the
    // outside switch waiting on that chain now waits on this one, instead of forever.
    const parked = this.#parked;
    this.#parked = undefined;
    let carried: Switch | undefined;
    if (parked?.origin !== undefined && parked.origin !== origin) {
      if (origin === undefined) origin = carried = parked.origin;
      else origin._merge(parked.origin);
    }
    const next = this.#advance(thrown, arg, origin);
    if (carried !== undefined && next !== undefined) next.origin = carried;
    return next;
  }

  #advance(thrown: boolean, arg: unknown, origin: Switch | undefined): Transfer | undefined {
    let r: IteratorResult<unknown, T>;
    try {
      if (this.#gen === undefined) {
        const args = this.#args ?? (arg === undefined ? [] : [arg]);
        this.#gen = this.#fn(...args);
        if (thrown) throw arg;
        r = this.#gen.next();
      } else r = thrown ? this.#gen.throw(arg) : this.#gen.next(arg);
    } catch (error) {
      this.#die(true, error);
      return { to: this.#aliveParent(), thrown: true, arg: error };
    }
    if (r.done === true) {
      this.#die(false, r.value);
      return { to: this.#aliveParent(), thrown: false, arg: r.value };
    }
    const y = r.value;
    if (y instanceof Switch) return { to: y.target, thrown: false, arg: y.value };
    const park = this.#park;
    const wake = (thrown: boolean) => (v: unknown) => {
      if (park === this.#park) transfer({ to: this, thrown, arg: v }, origin);
    };
    this.#parked = { origin };
    if (isThenable(y)) y.then(wake(false), wake(true));
    else setTimeout(wake(false), 0, y);
    return undefined;
  }

  #aliveParent(): Parent {
    let p = this.#parent;
    while (p instanceof Greenlet && p.#dead) p = p.#parent;
    return p;
  }

  #die(failed: boolean, outcome: unknown): void {
    this.#dead = true;
    this.#failed = failed;
    if (failed) this.#error = outcome;
    else this.#value = outcome as T;
    this.#gen = undefined;
    // As gevent prints it: a spawned greenlet's error that nobody joins is not lost silently.
    if (failed && this.#parent === HUB && this.#surfacing === 0) {
      warn('GreenletError', `${this.name} failed and nobody joined it`, outcome);
    }
    for (const fn of this.#joiners.splice(0)) fn();
  }
}

/**
 * Creates a greenlet running `fn(...args)` and starts it on the next timer turn, as
 * `gevent.spawn`. When it finishes, control returns to the event loop; read its outcome with
 * `get()` (or `join()`, then `value`/`exception`). `yield promise` (e.g. `yield sleep(0)`) lets the other greenlets run.
 *
 * @example
 * ```ts
 * import { spawn, joinAll, sleep } from '@skein/coroutine';
 * const out: string[] = [];
 * function* fetch(url: string) { out.push(`get ${url}`); yield sleep(0); out.push(`end ${url}`); }
 * await joinAll([spawn(fetch, 'a'), spawn(fetch, 'b')]);
 * console.log(out); // ['get a', 'get b', 'end a', 'end b']
 * ```
 */
export function spawn<T, A extends unknown[]>(fn: GreenletFunction<T, A>, ...args: A): Greenlet<T> {
  if (!isGeneratorFunction(fn))
    throw new TypeError(`spawn: expected a generator function, got ${describe(fn)}`);
  return Greenlet._spawn(fn, args);
}

/**
 * Waits until every greenlet is dead, as `gevent.joinall`, and resolves with the greenlets
 * that finished, in the order they finished (all of them, or those done when `timeout` passed).
 * Errors of the greenlets are ignored (read `exception`) unless `raiseError`, which rejects
 * with the first one. Throws `TypeError` at the call for anything but greenlets.
 *
 * @example
 * ```ts
 * import { spawn, joinAll } from '@skein/coroutine';
 * const done = await joinAll([spawn(function* () { return 1; })], { timeout: 1000 });
 * console.log(done[0]?.value); // 1
 * ```
 */
export function joinAll<G extends Greenlet<any>>(
  greenlets: Iterable<G>,
  options?: JoinAllOptions,
): Promise<G[]> {
  if (
    greenlets === null ||
    typeof (greenlets as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function'
  ) {
    throw new TypeError(`joinAll: expected an iterable of greenlets, got ${describe(greenlets)}`);
  }
  const list = [...greenlets];
  list.forEach((g, i) => {
    if (!(g instanceof Greenlet))
      throw new TypeError(`joinAll: item ${i} is not a Greenlet, got ${describe(g)}`);
  });
  checkWaitOptions(options, 'joinAll');
  const raiseError = options?.raiseError === true;
  const park = new Park<G[]>(options?.signal);
  // As gevent's joinall: the greenlets in the order they finished (those already dead first).
  const finished: G[] = [];
  const stops = list.map((g) =>
    g._onDead(() => {
      if (raiseError && !g.successful()) park.reject(g.exception);
      else {
        finished.push(g);
        if (finished.length === list.length) park.resolve(finished.slice());
      }
    }, raiseError),
  );
  if (list.length === 0) park.resolve([]);
  const ms = options?.timeout;
  const timer = ms === undefined ? undefined : startTimer(() => park.resolve(finished.slice()), ms);
  const cleanup = (): void => {
    stopTimer(timer);
    for (const stop of stops) stop();
  };
  if (park.settled) cleanup();
  else park.cleanup = cleanup;
  return park.promise;
}

/**
 * The greenlet whose code is running now, or undefined outside every greenlet (`gevent.getcurrent`).
 *
 * @example
 * ```ts
 * import { spawn, getCurrent } from '@skein/coroutine';
 * spawn(function* () { console.log(getCurrent()?.name); }); // 'Greenlet-0'
 * ```
 */
export function getCurrent(): Greenlet | undefined {
  return current;
}
