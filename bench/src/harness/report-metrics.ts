import { formatRatio } from './format.js';
import { RUNS } from './measure.js';
import { cell, writeResults, type Verdict } from './report.js';
import type { Metric, MetricQuestion, MetricRow, MetricTarget } from './types.js';

/** 1234.5 -> "1,235", 12.345 -> "12.3", 0.01234 -> "0.0123". */
function formatValue(value: number): string {
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(3)).toString();
}

function metricOf(question: MetricQuestion, key: string): Metric {
  const metric = question.metrics.find((m) => m.key === key);
  if (metric === undefined) throw new Error(`${question.name}: target on unknown metric '${key}'`);
  return metric;
}

function targetText(question: MetricQuestion, t: MetricTarget): string {
  const m = metricOf(question, t.metric);
  const op = m.better === 'lower' ? '≤' : '≥';
  if (t.ref === undefined) return `${m.label} ${op} ${formatValue(t.factor)} ${m.unit}`;
  const times = t.factor === 1 ? '' : `${t.factor}× `;
  return `${m.label} ${op} ${times}${t.ref}`;
}

/** PASS/FAIL for each target of `contender`; the ratio shown is "times better than ref". */
export function metricVerdicts(
  question: MetricQuestion,
  rows: readonly MetricRow[],
  contender: string,
): Verdict[] {
  const value = (name: string, key: string): number | undefined =>
    rows.find((r) => r.contender === name)?.values?.[key];
  return question.targets
    .filter((t) => t.contender === contender)
    .map((t): Verdict => {
      const m = metricOf(question, t.metric);
      const text = targetText(question, t);
      const mine = value(t.contender, t.metric);
      const base = t.ref === undefined ? 1 : value(t.ref, t.metric);
      if (mine === undefined || base === undefined) return { level: t.level, target: text };
      const goal = t.factor * base;
      const pass = m.better === 'lower' ? mine <= goal : mine >= goal;
      const actual =
        t.ref === undefined
          ? `${formatValue(mine)} ${m.unit}`
          : formatRatio(m.better === 'lower' ? base / mine : mine / base);
      return { level: t.level, target: text, pass, actual };
    });
}

function spread(row: MetricRow, key: string): string {
  const values = row.samples.map((s) => s[key]!);
  const mid = row.values?.[key];
  if (values.length < 2 || mid === undefined || mid === 0) return '';
  const half = (Math.max(...values) - Math.min(...values)) / 2;
  return ` ±${((half / Math.abs(mid)) * 100).toFixed(0)}%`;
}

/**
 * The markdown table of a metric question: one column per metric (median ± half the spread),
 * one "vs ref" column per metric saying how many times better than the reference the row is
 * (above 1× is better, whichever way the metric points), and the BENCHMARKS.md verdicts.
 */
export function markdownMetrics(question: MetricQuestion, rows: readonly MetricRow[]): string {
  const ref = rows.find((r) => r.contender === question.reference)?.values;
  const runs = question.runs ?? RUNS;
  const heads = question.metrics.flatMap((m) => [`${m.label} (${m.unit})`, `${m.label} vs ref`]);
  const lines = [
    `### ${question.name}: ${question.title}`,
    '',
    `One sample = ${question.op}. Median of ${runs} samples${question.noWarmup === true ? '' : ' after a warm-up'}; "vs ref" = how many times better than **${question.reference}** (above 1× is better, whichever way the metric points).`,
    '',
    `| contender | kind | ${heads.join(' | ')} | verdict |`,
    `|---|---|${question.metrics.map(() => '--:|--:|').join('')}---|`,
  ];
  for (const row of rows) {
    const verdict = metricVerdicts(question, rows, row.contender)
      .map((v) => {
        const outcome =
          v.pass === undefined ? 'n/a' : v.pass ? `PASS (${v.actual})` : `FAIL (${v.actual})`;
        return `${v.level} ${v.target}: ${outcome}`;
      })
      .join('; ');
    if (row.values === undefined) {
      const why =
        row.skipped !== undefined ? `skipped: ${row.skipped}` : `**FAILED**: ${row.error ?? '?'}`;
      const dashes = question.metrics.map(() => '— | —').join(' | ');
      lines.push(
        `| ${cell(row.contender)} | ${row.kind} | ${dashes} | ${cell([why, verdict].filter(Boolean).join('; '))} |`,
      );
      continue;
    }
    const values = row.values;
    const cells = question.metrics.flatMap((m) => {
      const mine = values[m.key]!;
      const base = ref?.[m.key];
      const better =
        base === undefined || mine === 0 || base === 0
          ? '—'
          : formatRatio(m.better === 'lower' ? base / mine : mine / base);
      return [`${formatValue(mine)}${spread(row, m.key)}`, better];
    });
    lines.push(
      `| ${cell(row.contender)} | ${row.kind} | ${cells.join(' | ')} | ${cell(verdict)} |`,
    );
  }
  if (question.notes !== undefined) lines.push('', question.notes);
  return lines.join('\n');
}

/** Writes the results of a metric question; see {@link writeResults}. */
export function writeMetricJson(
  question: MetricQuestion,
  rows: readonly MetricRow[],
  startedAt: Date,
): string {
  return writeResults(question.name, startedAt, {
    question: question.name,
    title: question.title,
    op: question.op,
    reference: question.reference,
    metrics: question.metrics,
    startedAt: startedAt.toISOString(),
    runs: question.runs ?? RUNS,
    rows: rows.map((row) => ({
      ...row,
      verdicts: metricVerdicts(question, rows, row.contender),
    })),
  });
}
