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
  readonly style?: 'rate';
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

/** One number a {@link MetricQuestion} reports per contender (e.g. p50 latency, heap per task). */
export interface Metric {
  /** Key in the record a contender's `sample()` returns. */
  readonly key: string;
  /** Column header, e.g. "p50". */
  readonly label: string;
  /** Unit shown after the number: "µs", "bytes", "MB", "ms", "%", "tasks/s". */
  readonly unit: string;
  readonly better: 'lower' | 'higher';
}

/**
 * A target on one metric: the contender's value must be at least as good as `factor` × the
 * `ref` contender's value of the same metric (so `factor: 2` on a lower-is-better metric means
 * "at most twice ref"), or as good as `factor` itself when `ref` is absent (an absolute target).
 */
export interface MetricTarget {
  readonly contender: string;
  readonly metric: string;
  readonly level: 'must' | 'aim';
  readonly factor: number;
  readonly ref?: string;
}

/** A contender of a {@link MetricQuestion}: each call of `sample()` is one complete, independent measurement. */
export interface MetricContender {
  readonly name: string;
  readonly kind: ContenderKind;
  readonly unavailable?: string;
  /** Measures once and returns a value for every metric of the question; throws when the result is wrong. */
  sample(): Promise<Record<string, number>>;
}

/**
 * A question whose answer is not one ops/s figure: latencies, bytes per task, start-up time,
 * RSS, percent of ideal. Each contender samples `runs` times (after one warm-up sample),
 * round-robin over the contenders; the median of each metric is reported.
 */
export interface MetricQuestion {
  readonly style: 'metric';
  readonly name: string;
  readonly title: string;
  /** What one sample is, for the line under the table heading. */
  readonly op: string;
  readonly reference: string;
  readonly metrics: readonly Metric[];
  readonly targets: readonly MetricTarget[];
  /** Timed samples per contender (default RUNS). */
  readonly runs?: number;
  /** Skip the warm-up sample (e.g. start-up time, where the first run is the question). */
  readonly noWarmup?: boolean;
  readonly notes?: string;
  setup(): Promise<MetricContender[]>;
}

/** What the harness measured for one contender of a {@link MetricQuestion}. */
export interface MetricRow {
  readonly contender: string;
  readonly kind: ContenderKind;
  /** Every sample, in run order. */
  readonly samples: Record<string, number>[];
  /** Median of each metric over `samples`; undefined when the row did not run. */
  readonly values?: Record<string, number>;
  readonly error?: string;
  readonly skipped?: string;
}

/** Anything `pnpm bench` can run. */
export type AnyQuestion = Question | MetricQuestion;
