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

/**
 * Process workers: mean task time under which a child is granted every task it received at once
 * (a task it may not run yet then costs it no round trip); a task of a function not known to be
 * faster makes the child revoke the grants after it (see Grants above).
 */
export const GRANT_AHEAD_MS = 4;

/** What a worker needs to start: the task module, the initializer, and (threads) its flag words. */
export interface WorkerInit {
  module: string | undefined;
  initializer: string | undefined;
  initargs: unknown[];
  /** Flag words, one per in-flight slot (threads only): task `seq` uses word `seq % flags.length`. */
  flags: SharedArrayBuffer | undefined;
  /** The word a thread worker parks on between tasks (see Doorbell). */
  doorbell: SharedArrayBuffer | undefined;
  /** Process workers report what finished before starting a task not known to be fast, so a crash is blamed on the right task. */
  reportBeforeSlowTasks: boolean;
}

/*
 * Grants: how a process pool can cancel a task it already handed to a child, exactly. (Thread
 * workers need none of this: a flag word per task, swapped atomically, says who got it first.)
 *
 * Tasks are numbered per child in the order they are sent (`seq`). A child runs task `seq` only
 * once the pool granted it (`grant` >= seq); the channel is FIFO both ways.
 * - Pool -> child `tasks`: the child takes them in and at once, before running anything, answers
 *   `{ received: last seq taken in }`. When the child was idle (the oldest unanswered task is in
 *   the message), the message grants its first task, or all of it when the child's tasks are
 *   fast, so an idle child starts without a round trip.
 * - Child -> pool `waiting`: the child reached task `seq` (not cancelled) without a grant; it
 *   runs nothing until the pool's `grant`. The pool grants that task, or every task received
 *   when the child's tasks are fast (and then grants on each `received` too, so a stream of tiny
 *   tasks does not wait a round trip per message).
 * - Child -> pool `revoked`: before it starts task `seq` of a function not known to take less
 *   than GRANT_AHEAD_MS, a child granted beyond it takes back the later grants and says so; the
 *   pool then counts those tasks as not granted (so `cancel()` works on them while the long one
 *   runs) and grants nothing past `seq` until it is answered. Every grant carries the number of
 *   revocations the pool had seen (`revokes`), and a child ignores a grant older than its last
 *   revocation: it was sent before the pool knew.
 * - Pool -> child `cancel`: the child skips the task if it has not started it. `cancel()` sends
 *   it only for a task not granted yet, so it reaches the child before any grant covering the
 *   task: `cancel()` true means the task never runs. A granted task counts as possibly started
 *   (`cancel()` false); if its `submitWith` timeout or signal fires while an earlier task still
 *   runs, it fails at once and is cancelled best-effort (an answer that comes anyway is dropped).
 * - A child that dies is blamed (WorkerCrashedError) only for its oldest unanswered task, and
 *   only if that task was granted and received; every other task goes back to the queue.
 */

/** Pool to worker. `tasks` is flat, `[fnIndex, mode, argCount, ...args]` per task (flat data clones ~3x faster); tasks are numbered in arrival order. */
export interface ToWorker {
  defs?: Array<readonly [index: number, def: FunctionDef]>;
  tasks?: unknown[];
  /** Process workers: tasks up to this `seq` may run (see Grants above). */
  grant?: number;
  /** Process workers, with `grant`: how many `revoked` the pool had received when it granted. */
  revokes?: number;
  /** Process workers: skip task `seq`, which was not granted yet. */
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
  /** Process workers: every task up to this `seq` arrived (see Grants above). */
  received?: number;
  /** Process workers: grants past this `seq` are taken back before it starts (see Grants above). */
  revoked?: number;
  /** Process workers: task `seq` is next and waits for a grant. */
  waiting?: number;
  /** Process workers: the uncaught error the child is about to die of. */
  uncaught?: SerializedError;
}

/** How many tasks a flat `tasks` list holds. */
export function countTasks(tasks: unknown[]): number {
  let n = 0;
  for (let i = 0; i < tasks.length; i += 3 + (tasks[i + 2] as number)) n++;
  return n;
}
