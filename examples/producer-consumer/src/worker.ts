import { parentPort, workerData } from 'node:worker_threads';
import { Barrier, SharedValue, type SharedBarrier, type SharedData } from '@skein/sync';
import { BoundedBuffer, type SharedBuffer } from './buffer.js';

export interface WorkerJob {
  role: 'producer' | 'consumer';
  name: string;
  buffer: SharedBuffer;
  start: SharedBarrier;
  consumed: SharedData<'SharedValue', 'int32'>;
  /** Producers: the first item and how many to put. */
  from: number;
  count: number;
}

export interface WorkerReport {
  name: string;
  items: number;
  sum: number;
}

const job = workerData as WorkerJob;
const buffer = new BoundedBuffer(job.buffer);
const consumed = SharedValue.fromShared(job.consumed);
await Barrier.fromShared(job.start).wait();

let items = 0;
let sum = 0;
if (job.role === 'producer') {
  for (let i = job.from; i < job.from + job.count; i++) {
    await buffer.put(i);
    items++;
    sum += i;
  }
  await buffer.producerDone();
} else {
  for (let item = await buffer.take(); item !== undefined; item = await buffer.take()) {
    items++;
    sum += item;
    await consumed.withLock(() => {
      consumed.value += 1;
    });
  }
}
parentPort!.postMessage({ name: job.name, items, sum } satisfies WorkerReport);
