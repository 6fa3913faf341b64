// A thread that runs out of work parks on one shared word instead of sleeping in its event
// loop; whoever posts it a message rings. Waking from a futex and reading the port at once
// skips the event loop's wakeup and message dispatch: a `ThreadPoolExecutor` round trip is
// cheaper by that much. This module imports nothing; the packages that use it inline it at build.
//
// The protocol, on one Int32 word shared by a poster and one parked thread:
// - The parked thread, out of work: stores PARKED, then polls its port once more; only if that
//   finds nothing does it wait for the word to leave PARKED: spinning on it for `spinMs`, then in
//   `Atomics.wait(word, PARKED, time left)`. Rung, it starts over (stores PARKED, polls, waits):
//   a ring can come late, after the thread took the message it was for from a poll, and end the
//   next wait with nothing there. It stops with a message, or with none once `ms` ran out; then
//   it stores AWAKE, and back in its event loop it gets later messages as usual.
// - The poster, after every `postMessage` to that thread: if the word reads PARKED, swaps it to
//   AWAKE and notifies. The message is on the port before that read, so either the parked
//   thread's poll after storing PARKED finds it, or the poster's read sees PARKED and wakes it;
//   a notify that comes before the wait finds the word AWAKE, and the wait returns at once.
// The thread never blocks longer than `ms`: timers and I/O its last task left behind run late by
// at most that much.

const AWAKE = 0;
const PARKED = 1;

/**
 * One shared wake-up word between a thread that posts messages and the thread that receives
 * them: the receiver `park`s when it has nothing to do, the poster `ring`s after each message.
 * Each side builds its own `Doorbell` on the same `buffer`.
 *
 * @example
 * ```ts
 * // bell.mjs: the worker parks until the main thread's message is rung in
 * import { Worker, isMainThread, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
 * import { Doorbell } from '@skein/sync/doorbell';
 *
 * if (isMainThread) {
 *   const bell = new Doorbell();
 *   const worker = new Worker(new URL(import.meta.url), { workerData: bell.buffer });
 *   worker.once('message', (answer) => console.log(answer)); // 'got hello'
 *   worker.postMessage('hello');
 *   bell.ring();
 * } else {
 *   const bell = new Doorbell(workerData);
 *   const message = bell.park(() => receiveMessageOnPort(parentPort)?.message, 5_000);
 *   parentPort.postMessage(`got ${message}`);
 * }
 * ```
 */
export class Doorbell {
  readonly #word: Int32Array;

  /** A new word, or the one another thread's `Doorbell` shares as `buffer`. */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    if (!(buffer instanceof SharedArrayBuffer)) {
      throw new TypeError(
        "Doorbell: buffer must be a SharedArrayBuffer (another Doorbell's .buffer)",
      );
    }
    this.#word = new Int32Array(buffer, 0, 1);
  }

  /** The shared word, to send to the other thread. */
  get buffer(): SharedArrayBuffer {
    return this.#word.buffer as SharedArrayBuffer;
  }

  /** Poster's side, after posting a message: wakes the receiver if it is parked. */
  ring(): void {
    if (Atomics.compareExchange(this.#word, 0, PARKED, AWAKE) === PARKED) {
      Atomics.notify(this.#word, 0, 1);
    }
  }

  /**
   * Receiver's side: the next message `poll` finds, parking the thread (blocking it) for up to
   * `ms` until one is rung in; undefined when none came by then. For its first `spinMs` it
   * spins on the shared word instead of sleeping: a message rung in then costs no wakeup, and
   * the port is read only when rung (each poll takes the lock `postMessage` needs).
   */
  park<T>(poll: () => T | undefined, ms: number, spinMs = 0): T | undefined {
    const start = performance.now();
    let next: T | undefined;
    for (;;) {
      Atomics.store(this.#word, 0, PARKED);
      next = poll();
      if (next !== undefined) break;
      let now = performance.now();
      while (Atomics.load(this.#word, 0) === PARKED && now - start < spinMs) {
        now = performance.now();
      }
      const left = start + ms - now;
      if (left > 0) Atomics.wait(this.#word, 0, PARKED, left);
      else if (Atomics.load(this.#word, 0) === PARKED) break; // out of time, and not rung
    }
    Atomics.store(this.#word, 0, AWAKE);
    return next;
  }
}
