import { median } from './format.js';
import { describe, progress, RUNS } from './measure.js';
import type { MetricContender, MetricQuestion, MetricRow } from './types.js';

/**
 * Samples every contender of a metric question in this process: one warm-up sample each
 * (unless the question says the first run is the point), then the timed samples go
 * round-robin over the contenders so drift on a shared machine hits them all alike.
 */
export async function measureMetrics(
  question: MetricQuestion,
  contenders: readonly MetricContender[],
): Promise<MetricRow[]> {
  interface State {
    contender: MetricContender;
    samples: Record<string, number>[];
    error?: string;
  }
  const runs = question.runs ?? RUNS;
  const states: State[] = [];
  const show = (values: Record<string, number>): string =>
    question.metrics
      .map((m) => `${m.label} ${(values[m.key] ?? NaN).toPrecision(3)} ${m.unit}`)
      .join(', ');

  for (const contender of contenders) {
    if (contender.unavailable !== undefined) {
      progress(question, `${contender.name}: skipped (${contender.unavailable})`);
      continue;
    }
    const state: State = { contender, samples: [] };
    states.push(state);
    if (question.noWarmup === true) continue;
    try {
      progress(question, `${contender.name}: warm-up ${show(await contender.sample())}`);
    } catch (error) {
      state.error = describe(error);
      progress(question, `${contender.name}: FAILED in warm-up: ${state.error}`);
    }
  }

  for (let round = 1; round <= runs; round++) {
    for (const state of states) {
      if (state.error !== undefined) continue;
      try {
        const values = await state.contender.sample();
        for (const m of question.metrics) {
          if (typeof values[m.key] !== 'number' || !Number.isFinite(values[m.key])) {
            throw new Error(`sample() returned no finite value for metric '${m.key}'`);
          }
        }
        state.samples.push(values);
        progress(question, `${state.contender.name}: run ${round}/${runs} ${show(values)}`);
      } catch (error) {
        state.error = describe(error);
        progress(question, `${state.contender.name}: FAILED in run ${round}: ${state.error}`);
      }
    }
  }

  return contenders.map((contender): MetricRow => {
    const base = { contender: contender.name, kind: contender.kind };
    if (contender.unavailable !== undefined) {
      return { ...base, samples: [], skipped: contender.unavailable };
    }
    const { samples, error } = states.find((s) => s.contender === contender)!;
    if (error !== undefined) return { ...base, samples, error };
    const values: Record<string, number> = {};
    for (const m of question.metrics) values[m.key] = median(samples.map((s) => s[m.key]!));
    return { ...base, samples, values };
  });
}
