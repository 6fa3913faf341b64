// Bootstrap of a ThreadPoolExecutor worker thread.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerInit } from '../internal/protocol.js';
import { startRuntime } from './runtime.js';

const port = parentPort!;
const receive = startRuntime(
  workerData as WorkerInit,
  (message: FromWorker) => port.postMessage(message),
  () => (receiveMessageOnPort(port) as { message: ToWorker } | undefined)?.message,
);
port.on('message', (message: ToWorker) => receive(message));
