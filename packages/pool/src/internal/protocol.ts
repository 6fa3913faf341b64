import type { SerializedError } from '@skein/sync/serialize-error';
import type { FunctionDef } from './functions.js';

/** How a worker calls a task's function with its arguments. */
export const CALL = 0; // fn(...args)
export const MAP = 1; // args[0].map((item) => fn(item))
export const STARMAP = 2; // args[0].map((itemArgs) => fn(...itemArgs))
export type Mode = typeof CALL | typeof MAP | typeof STARMAP;

/** Result statuses, and the task states a thread worker shares with the pool in its flag words. */
export const OK = 0;
export const FAILED = 1;
export const SKIPPED = 2; // cancelled (or moved to another worker) before it started

export const FLAG_PENDING = 0;
export const FLAG_RUNNING = 1;
export const FLAG_DONE = 2;
export const FLAG_SKIP = 3;

/** What a worker needs to start: the task module, the initializer, and (threads) its flag words. */
export interface WorkerInit {
  module: string | undefined;
  initializer: string | undefined;
  initargs: unknown[];
  /** Flag words, one per in-flight slot (threads only): task `seq` uses word `seq % flags.length`. */
  flags: SharedArrayBuffer | undefined;
  /** Process workers report what finished before starting a task not known to be fast, so a crash is blamed on the right task. */
  reportBeforeSlowTasks: boolean;
}

/** Pool to worker. `tasks` is flat, `[fnIndex, mode, argCount, ...args]` per task (flat data clones ~3x faster); tasks are numbered in arrival order. */
export interface ToWorker {
  defs?: Array<readonly [index: number, def: FunctionDef]>;
  tasks?: unknown[];
  /** Process workers: skip task `seq` if it has not started. */
  cancel?: number;
  /** Process workers: the first message, with what threads get as `workerData`. */
  init?: WorkerInit;
  close?: true;
}

/** Worker to pool. `results` is flat, in task order: `[status, value, status, value, ...]`. */
export interface FromWorker {
  results?: unknown[];
  /** How long the worker spent running the tasks answered here (ms). */
  ms?: number;
  /** The module is loaded and the initializer ran. */
  ready?: true;
  failed?: { phase: 'load' | 'init'; error: SerializedError };
}
