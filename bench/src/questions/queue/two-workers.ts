// Runs one producer and one consumer worker (workers/queue-endpoint.ts) and times them from
// GO, when both are parked and ready, until both have finished: worker start-up is not timed.
import { setTimeout as delay } from 'node:timers/promises';
import { Worker, type TransferListItem } from 'node:worker_threads';
import { CONTROL_WORDS, DONE, FAILED, GO } from '../../workers/protocol.js';
import type { EndpointJob } from '../../workers/queue-protocol.js';

const RUN_TIMEOUT_MS = 30_000;
/** How long a failed worker gets to exit (and deliver its error) before both are terminated. */
const FAILED_EXIT_MS = 2_000;
const WORKER_URL = new URL('../../workers/queue-endpoint.js', import.meta.url);

/** What differs between the two ends: the job fields and what to transfer with them. */
export interface EndSpec {
  readonly job: Omit<EndpointJob, 'control'>;
  readonly transfer?: readonly TransferListItem[];
}

interface Started {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  readonly exit: Promise<number>;
}

function start(spec: EndSpec, control: SharedArrayBuffer, errors: string[]): Started {
  const { role } = spec.job;
  const worker = new Worker(WORKER_URL, {
    workerData: { ...spec.job, control },
    transferList: spec.transfer === undefined ? [] : [...spec.transfer],
  });
  worker.on('error', (error) => errors.push(`${role}: ${error.stack ?? error.message}`));
  const exit = new Promise<number>((resolve) => worker.once('exit', resolve));
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: unknown) => {
      if (message === 'ready') resolve();
      else if (typeof message === 'object' && message !== null && 'error' in message) {
        errors.push(`${role}: ${String(message.error)}`);
      }
    });
    void exit.then((code) =>
      reject(
        new Error(`${role} exited with code ${code} before it was ready: ${errors.join('; ')}`),
      ),
    );
  });
  return { worker, ready, exit };
}

/** Runs both ends to completion; returns the nanoseconds from GO until both were done. */
export async function runPair(producer: EndSpec, consumer: EndSpec): Promise<number> {
  const control = new SharedArrayBuffer(4 * CONTROL_WORDS);
  const ctl = new Int32Array(control);
  const errors: string[] = [];
  const ends = [start(producer, control, errors), start(consumer, control, errors)];
  const kill = (): Promise<unknown> => Promise.all(ends.map((e) => e.worker.terminate()));
  try {
    await Promise.all(ends.map((e) => e.ready));
  } catch (error) {
    await kill();
    throw error;
  }

  const begin = process.hrtime.bigint();
  Atomics.store(ctl, GO, 1);
  Atomics.notify(ctl, GO);
  // Wait for DONE on the event loop (not Atomics.wait) so a crashed worker is noticed.
  const crashed = Promise.all(ends.map((e) => e.exit)).then(() => 'exited' as const);
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  let done: number;
  while ((done = Atomics.load(ctl, DONE)) < 2 && Atomics.load(ctl, FAILED) === 0) {
    const waited = Atomics.waitAsync(ctl, DONE, done, Math.max(0, deadline - Date.now()));
    const outcome = waited.async ? await Promise.race([waited.value, crashed]) : waited.value;
    if (outcome === 'timed-out' || (outcome === 'exited' && Atomics.load(ctl, DONE) < 2)) {
      await kill();
      throw new Error(`workers did not finish (${outcome}); ${errors.join('; ')}`);
    }
  }
  const ns = Number(process.hrtime.bigint() - begin);
  if (Atomics.load(ctl, FAILED) !== 0) {
    // The failed end exits after posting its error; the other may wait forever for items.
    await Promise.race([Promise.any(ends.map((e) => e.exit)), delay(FAILED_EXIT_MS)]);
    await kill();
    throw new Error(`a worker failed: ${errors.join('; ')}`);
  }
  const codes = await Promise.all(ends.map((e) => e.exit));
  if (errors.length > 0 || codes.some((c) => c !== 0)) {
    throw new Error(`worker failed (exit codes ${codes.join(',')}): ${errors.join('; ')}`);
  }
  return ns;
}
