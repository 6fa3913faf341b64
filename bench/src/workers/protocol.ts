// The words worker-thread contenders share with harness/timed-workers.ts, and the lock-threads job.

export type CounterVariant =
  'skein-async' | 'skein-try-async' | 'skein-sync' | 'spin' | 'futex' | 'futex-async';

export interface CounterJob {
  readonly variant: CounterVariant;
  /** Increments this worker performs. */
  readonly iterations: number;
  /** Int32Array[1]: the shared counter, incremented non-atomically inside the lock. */
  readonly counter: SharedArrayBuffer;
  /** Int32Array[CONTROL_WORDS]: the words below. */
  readonly control: SharedArrayBuffer;
  /** A SharedArrayBuffer for the raw floors, `lock.toShared()` for Skein. */
  readonly lock: unknown;
}

/** Workers add 1 once ready to start. */
export const READY = 0;
/** The main thread sets it to 1 to start all workers at once. */
export const GO = 1;
/** Workers add 1 when their loop is over, successful or not. */
export const DONE = 2;
/** A worker sets it to 1 when its loop threw. */
export const FAILED = 3;
export const CONTROL_WORDS = 4;
