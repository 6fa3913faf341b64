// The floor of the loop-thread-rtt question: a bare worker that posts every message back.
import { parentPort } from 'node:worker_threads';

const port = parentPort!;
port.on('message', (value: unknown) => port.postMessage(value));
