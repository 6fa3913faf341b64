/** Who a row stands for: the code under test, a library people use today, or a hand-written lower bound. */
export type ContenderKind = 'skein' | 'peer' | 'floor';

/** One way to answer a question: Skein, a peer library or a floor. */
export interface Contender {
  readonly name: string;
  readonly kind: ContenderKind;
  /** Set when the contender cannot run here (e.g. @skein/sync not built); the row is reported, not timed. */
  readonly unavailable?: string;
  /**
   * Performs `ops` operations. Returns the elapsed nanoseconds when the contender times itself
   * (worker threads, subprocesses: start-up is not part of the question); otherwise the harness
   * times the whole call. Throws when the result is wrong (e.g. a lost increment).
   */
  run(ops: number): Promise<number | undefined>;
}

/**
 * A target from BENCHMARKS.md for one contender: its ops/s must reach `factor` × the ops/s of the
 * contender named `ref`, or `factor` ops/s when `ref` is absent (an absolute target).
 */
export interface Target {
  readonly contender: string;
  readonly level: 'must' | 'aim';
  readonly factor: number;
  readonly ref?: string;
}

/** One question of BENCHMARKS.md: one table, several contenders measured back to back. */
export interface Question {
  /** Short id used for `pnpm bench <name>` and the results file name. */
  readonly name: string;
  /** The question as BENCHMARKS.md words it. */
  readonly title: string;
  /** What one operation is, for the table header. */
  readonly op: string;
  /** The contender every ratio in the table is taken against. */
  readonly reference: string;
  readonly targets: readonly Target[];
  /** Fixed operations per run (the question defines it); otherwise calibrated to about `runMs`. */
  readonly fixedOps?: number;
  /** Calibration starts here (default 1,000): e.g. 20 rounds per waiter for the 1,000-waiter questions. */
  readonly minOps?: number;
  /** Calibrated operation counts are rounded to a multiple of this (e.g. the number of async loops). */
  readonly opsMultiple?: number;
  readonly notes?: string;
  setup(): Promise<Contender[]>;
}

/** What the harness measured for one contender. */
export interface RowResult {
  readonly contender: string;
  readonly kind: ContenderKind;
  readonly ops: number;
  /** ops/s of each timed run, in run order. */
  readonly samples: number[];
  /** Median of `samples`; undefined when the row did not run. */
  readonly opsPerSec?: number;
  readonly error?: string;
  readonly skipped?: string;
}
