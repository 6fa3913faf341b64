// The example's test (`pnpm test`): runs main.js as a user would and checks what it prints and
// how it exits, against the site it crawls. Exits non-zero on the first wrong result.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expectedCrawl, generateSite } from './site.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
const EXIT_WITHIN_MS = 10_000;

/** Runs main.js with `args`; with `interrupt`, sends SIGINT once the first progress line is out. */
function runMain(args: string[], { interrupt = false } = {}): Promise<Run> {
  const child = spawn(process.execPath, [MAIN, ...args]);
  let stdout = '';
  let stderr = '';
  let interrupted = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    // Once: a second SIGINT kills the process, as it should.
    if (interrupt && !interrupted && / s {2}crawled /.test(stdout))
      interrupted = child.kill('SIGINT');
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const deadline = setTimeout(() => child.kill('SIGKILL'), EXIT_WITHIN_MS);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    }),
  );
}

function expect(ok: boolean, what: string, run: Run): void {
  if (ok) {
    console.log(`ok - ${what}`);
    return;
  }
  console.error(`not ok - ${what}\n--- exit code ${run.code}\n${run.stdout}${run.stderr}`);
  process.exit(1);
}

/** The summary lines a crawl of `pages` pages, `maxDepth` deep, must print. */
function expectedSummary(pages: number, maxDepth: number): RegExp[] {
  const found = [...expectedCrawl(generateSite({ pages, seed: 1 }), maxDepth).values()];
  const count = (what: string): number => found.filter((f) => f === what).length;
  const lines = [new RegExp(`^crawled ${count('page')} pages in `, 'm')];
  lines.push(new RegExp(`^failed ${count('missing') + count('hanging')}\\b`, 'm'));
  if (count('missing')) lines.push(new RegExp(`^  HTTP 404 Not Found +${count('missing')}$`, 'm'));
  if (count('hanging')) lines.push(/^ {2}no answer within 1000 ms +1$/m);
  return lines;
}

for (const [args, maxDepth] of [
  [['--pages', '60'], Infinity],
  [['--pages', '60', '--max-depth', '2', '--concurrency', '3', '--workers', '1'], 2],
] as const) {
  const run = await runMain([...args]);
  const what = `node main.js ${args.join(' ')}`;
  expect(
    run.code === 0 && run.stderr === '',
    `${what} exits by itself with code 0, no warnings`,
    run,
  );
  expect(
    /^✓ every reachable page was requested exactly once/m.test(run.stdout),
    `${what} matches the site`,
    run,
  );
  expect(
    expectedSummary(60, maxDepth).every((line) => line.test(run.stdout)),
    `${what} prints the right counts`,
    run,
  );
}

for (const [args, message] of [
  [['--pages', '5'], "--pages must be an integer from 10 to 100000, got '5'"],
  [['--concurrency', 'many'], "--concurrency must be an integer from 1 to 1000, got 'many'"],
  [['--max-depth', '-1'], "Option '--max-depth' argument is ambiguous"],
  [['--verbose'], "Unknown option '--verbose'"],
] as const) {
  const run = await runMain([...args]);
  expect(
    run.code === 2 && run.stderr.includes(message),
    `${args.join(' ')} is refused: ${message}`,
    run,
  );
}

const interrupted = await runMain(['--pages', '20000'], { interrupt: true });
expect(
  interrupted.code === 130 &&
    /^cancelled \(Ctrl-C\)/m.test(interrupted.stdout) &&
    interrupted.stderr === '',
  'Ctrl-C cancels the crawl, prints what finished and exits with code 130',
  interrupted,
);
