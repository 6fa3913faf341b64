// Worker-thread contenders: start every worker, wait until all are parked on GO, then time
// from GO until the last one is DONE, so worker start-up is never part of a question. The
// worker side is workers/timed-loop.ts; the control words are in workers/protocol.ts.
import { setTimeout as delay } from 'node:timers/promises';
import { Worker, type TransferListItem } from 'node:worker_threads';
import { CONTROL_WORDS, DONE, FAILED, GO } from '../workers/protocol.js';

/** One worker to start: its name in errors, its workerData (`control` is added) and transfers. */
export interface TimedWorker {
  readonly label: string;
  readonly data: object;
  readonly transfer?: readonly TransferListItem[];
}

export interface TimedRunOptions {
  /** Give up (and terminate the workers) after this long. Default 30 s. */
  readonly timeoutMs?: number;
  /** Extra state for the error message when the workers do not finish (e.g. a counter). */
  readonly diagnose?: () => string;
}

/** How long a failed worker gets to exit (and deliver its error) before all are terminated. */
const FAILED_EXIT_MS = 2_000;

interface Started {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  readonly exit: Promise<number>;
}

function start(url: URL, spec: TimedWorker, control: SharedArrayBuffer, errors: string[]): Started {
  const worker = new Worker(url, {
    workerData: { ...spec.data, control },
    transferList: spec.transfer === undefined ? [] : [...spec.transfer],
  });
  worker.on('error', (error) => errors.push(`${spec.label}: ${error.stack ?? error.message}`));
  const exit = new Promise<number>((resolve) => worker.once('exit', resolve));
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: unknown) => {
      if (message === 'ready') resolve();
      else if (typeof message === 'object' && message !== null && 'error' in message) {
        errors.push(`${spec.label}: ${String(message.error)}`);
      }
    });
    void exit.then((code) =>
      reject(
        new Error(
          `${spec.label} exited with code ${code} before it was ready: ${errors.join('; ')}`,
        ),
      ),
    );
  });
  return { worker, ready, exit };
}

/**
 * Runs one worker of `url` per spec to completion; returns the nanoseconds from GO until all
 * were done. Throws when a worker fails, crashes, exits non-zero or the run times out.
 */
export async function runTimedWorkers(
  url: URL,
  specs: readonly TimedWorker[],
  options: TimedRunOptions = {},
): Promise<number> {
  const control = new SharedArrayBuffer(4 * CONTROL_WORDS);
  const ctl = new Int32Array(control);
  const errors: string[] = [];
  const started = specs.map((spec) => start(url, spec, control, errors));
  const kill = (): Promise<unknown> => Promise.all(started.map((s) => s.worker.terminate()));
  try {
    await Promise.all(started.map((s) => s.ready));
  } catch (error) {
    await kill();
    throw error;
  }

  const begin = process.hrtime.bigint();
  Atomics.store(ctl, GO, 1);
  Atomics.notify(ctl, GO);
  // Wait for DONE on the event loop (not Atomics.wait) so a crashed worker is noticed.
  const crashed = Promise.all(started.map((s) => s.exit)).then(() => 'exited' as const);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const all = specs.length;
  let done: number;
  while ((done = Atomics.load(ctl, DONE)) < all && Atomics.load(ctl, FAILED) === 0) {
    const waited = Atomics.waitAsync(ctl, DONE, done, Math.max(0, deadline - Date.now()));
    const outcome = waited.async ? await Promise.race([waited.value, crashed]) : waited.value;
    if (outcome === 'timed-out' || (outcome === 'exited' && Atomics.load(ctl, DONE) < all)) {
      await kill();
      const extra = options.diagnose === undefined ? '' : `, ${options.diagnose()}`;
      throw new Error(
        `workers did not finish (${outcome}); done=${Atomics.load(ctl, DONE)}/${all}${extra}; ${errors.join('; ')}`,
      );
    }
  }
  const ns = Number(process.hrtime.bigint() - begin);
  if (Atomics.load(ctl, FAILED) !== 0) {
    // The failed worker exits after posting its error; the others may wait forever for it.
    await Promise.race([Promise.any(started.map((s) => s.exit)), delay(FAILED_EXIT_MS)]);
    await kill();
    throw new Error(`a worker failed: ${errors.join('; ')}`);
  }
  const codes = await Promise.all(started.map((s) => s.exit));
  if (errors.length > 0 || codes.some((c) => c !== 0)) {
    throw new Error(`worker failed (exit codes ${codes.join(',')}): ${errors.join('; ')}`);
  }
  return ns;
}
