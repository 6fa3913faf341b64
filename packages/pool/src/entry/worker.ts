// Bootstrap of a ThreadPoolExecutor worker thread.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { Doorbell } from '@skein/sync/doorbell';
import type { FromWorker, ToWorker, WorkerInit } from '../internal/protocol.js';
import { startRuntime } from './runtime.js';

const port = parentPort!;
const init = workerData as WorkerInit;
const doorbell = new Doorbell(init.doorbell);
const poll = (): ToWorker | undefined =>
  (receiveMessageOnPort(port) as { message: ToWorker } | undefined)?.message;
const receive = startRuntime(
  init,
  (message: FromWorker) => port.postMessage(message),
  poll,
  (ms, spinMs) => doorbell.park(poll, ms, spinMs),
);
port.on('message', (message: ToWorker) => receive(message));
