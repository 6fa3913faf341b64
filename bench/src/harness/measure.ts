import { formatCount, formatRate, median } from './format.js';
import type { Contender, Question, RowResult } from './types.js';

/** Timed runs per contender; the median is reported. */
export const RUNS = 3;
/** Calibrated runs last about this long, which keeps a whole `pnpm bench` within a few minutes. */
export const RUN_MS = 200;
/** Calibration stops growing the operation count once one try takes this long. */
const CALIBRATE_MS = 30;

// No forced GC between runs: a full GC shrinks V8's young generation, and the next run then
// pays for growing it again. That cost Skein's 1,000-waiter Lock 3x (0.4M vs 1.3M ops/s) and
// the FIFO floor almost nothing, so it measured the heap, not the lock. Round-robin runs spread
// the GC debt one contender leaves behind over all of them instead.

/** One progress line on stderr, prefixed with the question's name. */
export function progress(question: { readonly name: string }, line: string): void {
  process.stderr.write(`[${question.name}] ${line}\n`);
}

async function timeOnce(contender: Contender, ops: number): Promise<number> {
  const start = process.hrtime.bigint();
  const inner = await contender.run(ops);
  const outer = Number(process.hrtime.bigint() - start);
  return inner ?? outer;
}

/** Rounds to two significant digits (readable counts in the tables), then to a multiple of `multiple`. */
function roundOps(ops: number, multiple: number): number {
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(ops, 1))) - 1);
  const rounded = Math.round(ops / magnitude) * magnitude;
  return Math.max(multiple, Math.round(rounded / multiple) * multiple);
}

/**
 * Grows the operation count until one try takes CALIBRATE_MS, then scales it to RUN_MS.
 * Done twice, keeping the larger count: a cold first pass (JIT, first-call set-up) or one
 * scheduler hiccup on a shared machine makes a try look slow and would pick too few ops, which
 * for the 1,000-waiter questions means a handful of rounds per waiter, all set-up.
 */
async function calibrate(question: Question, contender: Contender): Promise<number> {
  const multiple = question.opsMultiple ?? 1;
  const min = roundOps(question.minOps ?? 1000, multiple);
  let best = min;
  for (let pass = 0; pass < 2; pass++) {
    let ops = min;
    for (;;) {
      const ns = await timeOnce(contender, ops);
      if (ns >= CALIBRATE_MS * 1e6 || ops >= 2 ** 28) {
        best = Math.max(best, roundOps((ops * RUN_MS * 1e6) / ns, multiple));
        break;
      }
      ops = roundOps(
        ops * Math.min(16, Math.max(2, (CALIBRATE_MS * 1e6) / Math.max(ns, 1))),
        multiple,
      );
    }
  }
  return best;
}

/** An error as one line for a table cell. */
export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Measures every contender of a question in this process: each gets a calibration and a
 * warm-up run, then RUNS timed rounds go round-robin over the contenders so that drift on a
 * shared machine hits them all alike. A contender that throws is reported as failed and the
 * others still run.
 */
export async function measure(
  question: Question,
  contenders: readonly Contender[],
): Promise<RowResult[]> {
  interface State {
    contender: Contender;
    ops: number;
    samples: number[];
    error?: string;
  }
  const states: State[] = [];
  const rows = new Map<Contender, RowResult>();

  for (const contender of contenders) {
    if (contender.unavailable !== undefined) {
      progress(question, `${contender.name}: skipped (${contender.unavailable})`);
      rows.set(contender, {
        contender: contender.name,
        kind: contender.kind,
        ops: 0,
        samples: [],
        skipped: contender.unavailable,
      });
      continue;
    }
    const state: State = { contender, ops: question.fixedOps ?? 0, samples: [] };
    try {
      if (question.fixedOps === undefined) {
        progress(question, `${contender.name}: calibrating`);
        state.ops = await calibrate(question, contender);
      }
      let ns = await timeOnce(contender, state.ops);
      if (question.fixedOps === undefined && ns < (RUN_MS * 1e6) / 3) {
        // Calibration was still fooled (a slow try): size the runs from the warm-up instead.
        const multiple = question.opsMultiple ?? 1;
        state.ops = roundOps((state.ops * RUN_MS * 1e6) / ns, multiple);
        ns = await timeOnce(contender, state.ops);
      }
      progress(
        question,
        `${contender.name}: warm-up ${formatCount(state.ops)} ops, ${formatRate((state.ops * 1e9) / ns)} ops/s`,
      );
    } catch (error) {
      state.error = describe(error);
      progress(question, `${contender.name}: FAILED in warm-up: ${state.error}`);
    }
    states.push(state);
  }

  for (let round = 1; round <= RUNS; round++) {
    for (const state of states) {
      if (state.error !== undefined) continue;
      try {
        const ns = await timeOnce(state.contender, state.ops);
        const rate = (state.ops * 1e9) / ns;
        state.samples.push(rate);
        progress(
          question,
          `${state.contender.name}: run ${round}/${RUNS} ${formatRate(rate)} ops/s`,
        );
      } catch (error) {
        state.error = describe(error);
        progress(question, `${state.contender.name}: FAILED in run ${round}: ${state.error}`);
      }
    }
  }

  for (const state of states) {
    const { contender, ops, samples, error } = state;
    rows.set(
      contender,
      error === undefined
        ? {
            contender: contender.name,
            kind: contender.kind,
            ops,
            samples,
            opsPerSec: median(samples),
          }
        : { contender: contender.name, kind: contender.kind, ops, samples, error },
    );
  }
  return contenders.map((c) => rows.get(c)!);
}
