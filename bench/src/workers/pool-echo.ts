// The postMessage floor of the pool questions: a worker that sends back every message it gets.
import { parentPort } from 'node:worker_threads';

const port = parentPort!;
port.on('message', (message: unknown) => port.postMessage(message));
