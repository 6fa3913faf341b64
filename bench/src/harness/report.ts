import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { formatCount, formatMicros, formatRate, formatRatio } from './format.js';
import { RUNS } from './measure.js';
import type { Question, RowResult, Target } from './types.js';

export interface Verdict {
  readonly level: Target['level'];
  readonly target: string;
  /** undefined when the contender or its reference did not run. */
  readonly pass?: boolean;
  readonly actual?: string;
}

function targetText(target: Target): string {
  if (target.ref === undefined) return `≥ ${formatRate(target.factor)} ops/s`;
  if (target.factor < 1) return `≥ ${Math.round(target.factor * 100)}% of ${target.ref}`;
  return target.factor === 1 ? `≥ ${target.ref}` : `≥ ${target.factor}× ${target.ref}`;
}

export function verdicts(
  question: Question,
  rows: readonly RowResult[],
  contender: string,
): Verdict[] {
  const rate = (name: string): number | undefined =>
    rows.find((r) => r.contender === name)?.opsPerSec;
  return question.targets
    .filter((t) => t.contender === contender)
    .map((t): Verdict => {
      const text = targetText(t);
      const mine = rate(t.contender);
      const base = t.ref === undefined ? 1 : rate(t.ref);
      if (mine === undefined || base === undefined) return { level: t.level, target: text };
      const pass = mine >= t.factor * base;
      const actual = t.ref === undefined ? `${formatRate(mine)}` : formatRatio(mine / base);
      return { level: t.level, target: text, pass, actual };
    });
}

function verdictCell(list: readonly Verdict[]): string {
  return list
    .map((v) => {
      const outcome =
        v.pass === undefined ? 'n/a' : v.pass ? `PASS (${v.actual})` : `FAIL (${v.actual})`;
      return `${v.level} ${v.target}: ${outcome}`;
    })
    .join('; ');
}

function spread(row: RowResult): string {
  if (row.samples.length < 2 || row.opsPerSec === undefined) return '';
  const lo = Math.min(...row.samples);
  const hi = Math.max(...row.samples);
  return `±${(((hi - lo) / 2 / row.opsPerSec) * 100).toFixed(0)}%`;
}

/** Makes text safe inside a markdown table cell (a `|` would end the cell). */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The markdown table for one question, with ratios to its reference and the BENCHMARKS.md verdicts. */
export function markdown(question: Question, rows: readonly RowResult[]): string {
  const ref = rows.find((r) => r.contender === question.reference)?.opsPerSec;
  const lines = [
    `### ${question.name}: ${question.title}`,
    '',
    `One op = ${question.op}. Median of ${RUNS} runs after a warm-up; ratio to **${question.reference}**.`,
    '',
    '| contender | kind | ops/s | µs/op | spread | ops/run | × ref | verdict |',
    '|---|---|--:|--:|--:|--:|--:|---|',
  ];
  for (const row of rows) {
    const v = verdictCell(verdicts(question, rows, row.contender));
    if (row.opsPerSec === undefined) {
      const why =
        row.skipped !== undefined ? `skipped: ${row.skipped}` : `**FAILED**: ${row.error ?? '?'}`;
      lines.push(
        `| ${cell(row.contender)} | ${row.kind} | — | — | — | — | — | ${cell([why, v].filter(Boolean).join('; '))} |`,
      );
      continue;
    }
    const ratio = ref === undefined ? '—' : formatRatio(row.opsPerSec / ref);
    lines.push(
      `| ${cell(row.contender)} | ${row.kind} | ${formatRate(row.opsPerSec)} | ${formatMicros(row.opsPerSec)} | ${spread(row)} | ${formatCount(row.ops)} | ${ratio} | ${cell(v)} |`,
    );
  }
  if (question.notes !== undefined) lines.push('', question.notes);
  return lines.join('\n');
}

/** Writes bench/results/<question>-<timestamp>.json (the machine added to `body`) and returns its path. */
export function writeResults(name: string, startedAt: Date, body: object): string {
  const dir = new URL('../../results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const file = new URL(`${name}-${stamp}.json`, dir);
  const machine = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadAverage: loadavg(),
  };
  writeFileSync(file, `${JSON.stringify({ ...body, machine }, null, 2)}\n`);
  return file.pathname;
}

/** Writes the results of an ops/s question; see {@link writeResults}. */
export function writeJson(question: Question, rows: readonly RowResult[], startedAt: Date): string {
  const ref = rows.find((r) => r.contender === question.reference)?.opsPerSec;
  return writeResults(question.name, startedAt, {
    question: question.name,
    title: question.title,
    op: question.op,
    reference: question.reference,
    startedAt: startedAt.toISOString(),
    runs: RUNS,
    rows: rows.map((row) => ({
      ...row,
      ratioToReference:
        row.opsPerSec !== undefined && ref !== undefined ? row.opsPerSec / ref : null,
      verdicts: verdicts(question, rows, row.contender),
    })),
  });
}
