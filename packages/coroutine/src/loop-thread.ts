import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, MessagePort, Worker } from 'node:worker_threads';
import { CancelledError, InvalidStateError, LoopThreadExitedError } from './errors.js';
import { Future } from './future.js';
import type { FromLoop, LoopWorkerData, ToLoop } from './internal/loop-protocol.js';
import { deserializeError } from './internal/serialize-error.js';
import {
  checkWaitOptions,
  describe,
  findShareable,
  shareableHint,
  type WaitOptions,
} from './internal/validate.js';
import type { ResultOf } from './task.js';
import { startTimer, stopTimer } from './internal/timers.js';

/**
 * Options of {@link startLoopThread}.
 *
 * @example
 * ```ts
 * import { startLoopThread, type LoopThreadOptions } from '@skein/coroutine';
 * const options: LoopThreadOptions = { module: new URL('./jobs.js', import.meta.url), concurrency: 8 };
 * const loop = await startLoopThread(options);
 * ```
 */
export interface LoopThreadOptions {
  /** The module whose exported functions the loop runs: a URL, a `file:` URL string or a path. */
  module: string | URL;
  /** How many coroutines run at once on the loop; the rest wait in order. Default `Infinity`. */
  concurrency?: number | undefined;
}

/**
 * A {@link LoopThread} handle for another thread, made by {@link LoopThread.toShared}: post it
 * with `port` in the transfer list and revive it with {@link LoopThread.fromShared}.
 *
 * @example
 * ```ts
 * import { Worker } from 'node:worker_threads';
 * import { startLoopThread, type SharedLoopThread } from '@skein/coroutine';
 * const loop = await startLoopThread({ module: new URL('./jobs.js', import.meta.url) });
 * const shared: SharedLoopThread = loop.toShared();
 * new Worker(new URL('./producer.js', import.meta.url), { workerData: shared, transferList: [shared.port] });
 * ```
 */
export interface SharedLoopThread {
  /** The connection to the loop; must be transferred, not copied. */
  readonly port: MessagePort;
  /** The loop's module. */
  readonly module: string;
  /** Its exported function names. */
  readonly names: readonly string[];
}

/**
 * The exported function names of a module type `M`.
 *
 * @example
 * ```ts
 * import type { FunctionName } from '@skein/coroutine';
 * type Names = FunctionName<{ add(a: number): number; version: string }>; // 'add'
 * ```
 */
export type FunctionName<M> = {
  [K in keyof M]: M[K] extends (...args: any[]) => any ? K : never;
}[keyof M] &
  string;
type Args<M, K extends keyof M> = M[K] extends (...args: infer P) => any ? P : never;

function moduleHref(module: unknown): string {
  if (module instanceof URL) return module.href;
  if (typeof module !== 'string' || module === '') {
    throw new TypeError(
      `startLoopThread: options.module must be a URL or a path, got ${describe(module)}`,
    );
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(module) && !isAbsolute(module)) return module;
  return pathToFileURL(resolve(module)).href;
}

/**
 * An event loop on a worker thread, as a thread running `asyncio` with
 * `run_coroutine_threadsafe`: any code may add coroutines (exported functions of `module`,
 * async, generator or plain) and they run concurrently there. Results come back as
 * {@link Future}s; arguments and results are structured-cloned, so a value that cannot cross
 * throws `DataCloneError` at the call, as does a `@skein/sync` object among the arguments (pass
 * its `toShared()` handle and revive it in the job). Made by {@link startLoopThread}.
 *
 * @example
 * ```ts
 * import { startLoopThread } from '@skein/coroutine';
 * // jobs.js: export async function add(a, b) { return a + b; }
 * await using loop = await startLoopThread<typeof import('./jobs.js')>({ module: new URL('./jobs.js', import.meta.url) });
 * console.log(await loop.runCoroutineThreadsafe('add', 1, 2)); // 3
 * ```
 */
export class LoopThread<M = Record<string, (...args: any[]) => any>> {
  readonly #endpoint: Worker | MessagePort;
  readonly #names: readonly string[];
  readonly #nameSet: ReadonlySet<string>;
  readonly #futures = new Map<number, Future<any>>();
  readonly #href: string;
  readonly #ended: Promise<void>;
  #nextId = 1;
  #stopped = false;

  /** @internal */
  constructor(endpoint: Worker | MessagePort, names: readonly string[], href: string) {
    this.#endpoint = endpoint;
    this.#names = names;
    this.#nameSet = new Set(names);
    this.#href = href;
    endpoint.on('message', (message: FromLoop) => {
      if (message.type !== 'result') return;
      const future = this.#futures.get(message.id);
      if (future === undefined) return;
      this.#forget(message.id);
      if (message.ok) future._resolve(message.value);
      else future._reject(deserializeError(message.error));
    });
    if (endpoint instanceof Worker) {
      endpoint.on('error', (error) => {
        for (const [id, future] of this.#futures) {
          this.#forget(id);
          future._reject(error);
        }
      });
    }
    // After the listeners: adding a 'message' listener refs the port again. Only pending
    // futures keep the process alive (`runCoroutineThreadsafe` refs, `#forget` unrefs).
    endpoint.unref();
    this.#ended = new Promise<void>((resolve) => {
      const onEnd = (): void => {
        this.#stopped = true;
        for (const [id, future] of this.#futures) {
          this.#forget(id);
          future._reject(new CancelledError('loop thread stopped'));
        }
        resolve();
      };
      if (endpoint instanceof Worker) endpoint.once('exit', onEnd);
      else endpoint.once('close', onEnd);
    });
  }

  /**
   * A handle for another thread: post it with its port in the transfer list
   * (`worker.postMessage(shared, [shared.port])`) and revive it there with
   * {@link LoopThread.fromShared}. Each call makes a new connection to the loop.
   */
  toShared(): SharedLoopThread {
    this.#check(undefined, 'toShared');
    const { port1, port2 } = new MessageChannel();
    this.#endpoint.postMessage({ type: 'connect', port: port1 } satisfies ToLoop, [port1]);
    return { port: port2, module: this.#href, names: this.#names };
  }

  /**
   * Revives a {@link LoopThread.toShared} handle in this thread: `runCoroutineThreadsafe` and
   * `callSoonThreadsafe` add work to the same loop; `stop()` only disconnects this handle.
   */
  static fromShared<M = Record<string, (...args: any[]) => any>>(
    shared: SharedLoopThread,
  ): LoopThread<M> {
    if (typeof shared !== 'object' || shared === null || !(shared.port instanceof MessagePort)) {
      throw new TypeError(
        `LoopThread.fromShared: expected the object toShared() made, got ${describe(shared)}`,
      );
    }
    return new LoopThread<M>(shared.port, shared.names, shared.module);
  }

  /**
   * Schedules the export `name(...args)` as a task on the loop and returns its {@link Future}.
   * Cancelling the future cancels that task. Throws `TypeError` at the call when the module
   * has no such exported function, `InvalidStateError` after {@link LoopThread.stop}.
   */
  runCoroutineThreadsafe<K extends FunctionName<M>>(
    name: K,
    ...args: Args<M, K>
  ): Future<ResultOf<M[K]>> {
    this.#check(name, 'runCoroutineThreadsafe', args);
    const id = this.#nextId++;
    this.#endpoint.postMessage({ type: 'run', id, name, args } satisfies ToLoop);
    const future = new Future<ResultOf<M[K]>>(() => {
      this.#forget(id);
      if (!this.#stopped) this.#endpoint.postMessage({ type: 'cancel', id } satisfies ToLoop);
    });
    if (this.#futures.size === 0) this.#endpoint.ref();
    this.#futures.set(id, future);
    return future;
  }

  /**
   * Calls the export `name(...args)` on the loop soon, ignoring its result (errors become
   * warnings on the loop thread); a generator export runs as a task, as with
   * {@link LoopThread.runCoroutineThreadsafe}. Throws like that method.
   */
  callSoonThreadsafe<K extends FunctionName<M>>(name: K, ...args: Args<M, K>): void {
    this.#check(name, 'callSoonThreadsafe', args);
    this.#endpoint.postMessage({ type: 'call', name, args } satisfies ToLoop);
  }

  /**
   * Cancels what runs on the loop, waits for it to finish and ends the thread; pending futures
   * end cancelled. With `timeout`, a loop whose tasks ignore cancellation is terminated after
   * that many milliseconds. When `signal` aborts (or already has), the thread is terminated at
   * once and the call rejects with `signal.reason` once it has ended: nothing is left running.
   * On a handle made by {@link LoopThread.fromShared}, only disconnects it.
   */
  stop(options?: WaitOptions): Promise<void> {
    checkWaitOptions(options, 'LoopThread', 'stop');
    const ms = options?.timeout;
    const signal = options?.signal;
    const endpoint = this.#endpoint;
    if (!this.#stopped) {
      this.#stopped = true;
      if (endpoint instanceof Worker) {
        endpoint.ref();
        endpoint.postMessage({ type: 'stop' } satisfies ToLoop);
      } else endpoint.close();
    }
    if (ms !== undefined && ms !== Infinity && endpoint instanceof Worker) {
      const timer = startTimer(() => void endpoint.terminate(), ms);
      void this.#ended.then(() => stopTimer(timer));
    }
    if (signal === undefined) return this.#ended;
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        if (endpoint instanceof Worker) void endpoint.terminate();
        void this.#ended.then(() => reject(signal.reason));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      void this.#ended.then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  /** Same as {@link LoopThread.stop}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  #check(name: unknown, where: string, args?: unknown[]): void {
    if (this.#stopped) throw new InvalidStateError(`${where}: the loop thread is stopped`);
    if (name !== undefined && (typeof name !== 'string' || !this.#nameSet.has(name))) {
      throw new TypeError(
        `${where}: ${describe(name)} is not a function exported by ${this.#href}`,
      );
    }
    // postMessage would clone a Lock or an Event among the arguments into a dead plain object.
    const shareable = findShareable(args);
    if (shareable !== undefined) {
      throw new DOMException(
        `${where}: ${shareableHint(shareable)}; cloned as it is, it would arrive as a dead plain object`,
        'DataCloneError',
      );
    }
  }

  #forget(id: number): void {
    if (this.#futures.delete(id) && this.#futures.size === 0 && !this.#stopped)
      this.#endpoint.unref();
  }
}

/**
 * Starts a worker thread running an event loop over the exports of `module` and resolves a
 * {@link LoopThread} once the module has loaded; rejects with the module's load error.
 * Throws `TypeError`/`RangeError` at the call for bad options. The thread keeps the process
 * alive only while futures are pending; call `stop()` to end it.
 *
 * @example
 * ```ts
 * import { startLoopThread } from '@skein/coroutine';
 * const loop = await startLoopThread({ module: new URL('./jobs.js', import.meta.url), concurrency: 100 });
 * const results = await Promise.all([1, 2, 3].map((n) => loop.runCoroutineThreadsafe('square', n)));
 * await loop.stop();
 * ```
 */
export function startLoopThread<M = Record<string, (...args: any[]) => any>>(
  options: LoopThreadOptions,
): Promise<LoopThread<M>> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`startLoopThread: options must be an object, got ${describe(options)}`);
  }
  const href = moduleHref(options.module);
  const concurrency = options.concurrency ?? Infinity;
  if (typeof concurrency !== 'number' || Number.isNaN(concurrency)) {
    throw new TypeError(
      `startLoopThread: options.concurrency must be a number, got ${describe(concurrency)}`,
    );
  }
  if (concurrency < 1 || (concurrency !== Infinity && !Number.isInteger(concurrency))) {
    throw new RangeError(
      `startLoopThread: options.concurrency must be an integer >= 1, got ${concurrency}`,
    );
  }
  const workerData: LoopWorkerData = { module: href, concurrency };
  const worker = new Worker(new URL('./entry/loop-worker.js', import.meta.url), { workerData });
  return new Promise<LoopThread<M>>((resolve, reject) => {
    const onExit = (code: number): void =>
      reject(
        new LoopThreadExitedError(
          code,
          `startLoopThread: the loop thread exited with code ${code} before its loop was ready`,
        ),
      );
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.once('message', (message: FromLoop) => {
      worker.off('error', reject);
      worker.off('exit', onExit);
      if (message.type === 'ready') resolve(new LoopThread<M>(worker, message.names, href));
      else if (message.type === 'failed') {
        reject(deserializeError(message.error));
        void worker.terminate();
      }
    });
  });
}
