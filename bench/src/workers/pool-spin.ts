// The floor of the CPU question: a worker that runs `spin` n times on one message, with no pool around it.
import { parentPort } from 'node:worker_threads';
import { spin } from './pool-tasks.js';

const port = parentPort!;
port.on('message', ({ n, ms }: { n: number; ms: number }) => {
  for (let i = 0; i < n; i++) spin(ms);
  port.postMessage(n);
});
