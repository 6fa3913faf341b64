// Producer-consumer across worker threads with @skein/sync: 2 producers and 3 consumers share a
// bounded buffer (SharedArray + Condition), start together at a Barrier, and the main thread
// prints progress from a SharedValue. Run: pnpm demo  (or node dist/main.js --items 100000)
import { Worker } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { Barrier, SharedValue } from '@skein/sync';
import { BoundedBuffer } from './buffer.js';
import type { WorkerJob, WorkerReport } from './worker.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '100000' },
    producers: { type: 'string', default: '2' },
    consumers: { type: 'string', default: '3' },
    capacity: { type: 'string', default: '64' },
  },
});
const total = positive('items');
const producers = positive('producers');
const consumers = positive('consumers');
const buffer = new BoundedBuffer(positive('capacity'), producers);
const consumed = new SharedValue('int32', 0);
const start = new Barrier(producers + consumers + 1);

function positive(name: keyof typeof values): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`--${name} must be a positive integer, got ${values[name]}`);
  return n;
}

function run(job: Omit<WorkerJob, 'buffer' | 'start' | 'consumed'>): Promise<WorkerReport> {
  const full: WorkerJob = {
    ...job,
    buffer: buffer.toShared(),
    start: start.toShared(),
    consumed: consumed.toShared(),
  };
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: full });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once(
      'exit',
      (code) => code !== 0 && reject(new Error(`${job.name} exited with code ${code}`)),
    );
  });
}

console.log(
  `${producers} producers -> buffer of ${values.capacity} -> ${consumers} consumers, ${total} items`,
);
const share = Math.ceil(total / producers);
const reports = [
  ...Array.from({ length: producers }, (_, p) =>
    run({
      role: 'producer',
      name: `producer-${p + 1}`,
      from: p * share,
      count: Math.max(0, Math.min(share, total - p * share)),
    }),
  ),
  ...Array.from({ length: consumers }, (_, c) =>
    run({ role: 'consumer', name: `consumer-${c + 1}`, from: 0, count: 0 }),
  ),
];

const began = performance.now();
await start.wait();
const progress = setInterval(() => {
  const done = consumed.value;
  console.log(
    `  consumed ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${Math.round((100 * done) / total)}%)`,
  );
}, 250);
const results = await Promise.all(reports).finally(() => clearInterval(progress));
const seconds = (performance.now() - began) / 1000;

for (const r of results) console.log(`  ${r.name.padEnd(11)} ${String(r.items).padStart(8)} items`);
const expected = (total * (total - 1)) / 2;
const got = results.filter((r) => r.name.startsWith('consumer')).reduce((a, r) => a + r.sum, 0);
const count = results.filter((r) => r.name.startsWith('consumer')).reduce((a, r) => a + r.items, 0);
console.log(
  `${count} items consumed in ${seconds.toFixed(2)} s (${Math.round(count / seconds).toLocaleString('en')} items/s)`,
);
if (count !== total || got !== expected || consumed.value !== total) {
  console.error(
    `MISMATCH: consumed ${count} items summing to ${got}, expected ${total} summing to ${expected}`,
  );
  process.exit(1);
}
console.log('every item was produced once and consumed once');
