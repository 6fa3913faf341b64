// `pnpm bench [name...]`: runs every question whose name contains one of the given words,
// prints one markdown table per question to stdout (progress goes to stderr) and writes
// bench/results/<question>-<timestamp>.json. Exits 1 when a contender failed (e.g. a lost increment).
import { availableParallelism, loadavg } from 'node:os';
import { measure } from './harness/measure.js';
import { measureMetrics } from './harness/measure-metrics.js';
import { markdown, writeJson } from './harness/report.js';
import { markdownMetrics, writeMetricJson } from './harness/report-metrics.js';
import type { AnyQuestion } from './harness/types.js';
import { questions } from './questions/index.js';

const words = process.argv.slice(2).filter((a) => a !== '--');
// A word equal to a question's name picks just that one ("lock-contended"); any other word
// picks every question whose name contains it ("lock", "semaphore", "threads").
const matches = (name: string, word: string): boolean =>
  questions.some((q) => q.name === word) ? name === word : name.includes(word);
const selected =
  words.length === 0 ? questions : questions.filter((q) => words.some((w) => matches(q.name, w)));
if (selected.length === 0) {
  process.stderr.write(
    `no benchmark matches ${words.join(' ')}; known: ${questions.map((q) => q.name).join(', ')}\n`,
  );
  process.exit(2);
}

const load = loadavg()[0] ?? 0;
const cores = availableParallelism();
process.stdout.write(
  `## Skein benchmarks: Node ${process.version}, ${cores} cores, load ${load.toFixed(1)}, ${new Date().toISOString()}\n\n`,
);
if (load > cores) {
  process.stdout.write(
    `> **Warning**: load average ${load.toFixed(1)} on ${cores} cores: other work competes for the CPU, expect wide spreads; only ratios within one table mean anything.\n\n`,
  );
}
/** Measures one question, prints its table, writes its JSON; returns whether a contender failed. */
async function run(question: AnyQuestion): Promise<boolean> {
  const startedAt = new Date();
  let table: string;
  let file: string;
  let failed: boolean;
  if (question.style === 'metric') {
    const rows = await measureMetrics(question, await question.setup());
    failed = rows.some((r) => r.error !== undefined);
    table = markdownMetrics(question, rows);
    file = writeMetricJson(question, rows, startedAt);
  } else {
    const rows = await measure(question, await question.setup());
    failed = rows.some((r) => r.error !== undefined);
    table = markdown(question, rows);
    file = writeJson(question, rows, startedAt);
  }
  process.stdout.write(`${table}\n\n`);
  process.stderr.write(`[${question.name}] wrote ${file}\n`);
  return failed;
}

let failed = false;
for (const question of selected) failed = (await run(question)) || failed;
if (failed) {
  process.stderr.write('some contenders FAILED: see the tables above\n');
  process.exitCode = 1;
}

// Everything is done: a process that does not exit now is held by a leaked handle (e.g. a
// keep-alive timer a lock forgot to clear). Say which, and fail instead of hanging.
const watchdog = setTimeout(() => {
  process.stderr.write(
    `bench finished but the process is still alive 5 s later; live resources: ${process.getActiveResourcesInfo().join(', ')}\n`,
  );
  process.exit(3);
}, 5000);
watchdog.unref();
