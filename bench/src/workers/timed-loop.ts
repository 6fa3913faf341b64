// The worker side of harness/timed-workers.ts: say ready, park until GO, run the loop, report.
import { parentPort } from 'node:worker_threads';
import { DONE, FAILED, GO, READY } from './protocol.js';

/**
 * Runs `loop` once the main thread says GO (all workers start together, start-up untimed).
 * A throw sets FAILED and posts `{ error }`; DONE is counted either way.
 */
export async function runTimedLoop(
  control: SharedArrayBuffer,
  loop: () => Promise<void> | void,
): Promise<void> {
  const words = new Int32Array(control);
  Atomics.add(words, READY, 1);
  parentPort!.postMessage('ready');
  Atomics.wait(words, GO, 0);
  try {
    await loop();
  } catch (error) {
    Atomics.store(words, FAILED, 1);
    parentPort!.postMessage({
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  } finally {
    Atomics.add(words, DONE, 1);
    Atomics.notify(words, DONE);
  }
}
