import type { MessagePort } from 'node:worker_threads';
import type { SerializedError } from './serialize-error.js';

/** Main thread -> loop thread. */
export type ToLoop =
  | { type: 'run'; id: number; name: string; args: unknown[] }
  | { type: 'call'; name: string; args: unknown[] }
  | { type: 'cancel'; id: number }
  | { type: 'connect'; port: MessagePort }
  | { type: 'stop' };

/** Loop thread -> main thread. */
export type FromLoop =
  | { type: 'ready'; names: string[] }
  | { type: 'failed'; error: SerializedError }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: SerializedError };

/** What the loop worker is started with. */
export interface LoopWorkerData {
  module: string;
  concurrency: number;
}
