// A crawler over a local generated site: @skein/coroutine fetcher tasks in a TaskGroup take URLs
// from an @skein/queue Queue, each request under a timeout, and an @skein/pool thread pool parses
// the pages. Ctrl-C cancels the crawl through run(). Run: pnpm --filter @skein/example-crawler start
import { CancelledError, run } from '@skein/coroutine';
import { ThreadPoolExecutor } from '@skein/pool';
import { readSettings } from './cli.js';
import { Crawler, type ParserPool } from './crawler.js';
import { printSummary, startProgress } from './report.js';
import { serveSite } from './server.js';
import { generateSite } from './site.js';
import { checkCrawl } from './verify.js';

const REQUEST_TIMEOUT_MS = 1000; // the slowest pages take 300 ms; only the hanging one should hit it
const PROGRESS_EVERY_MS = 500;

const settings = readSettings(process.argv.slice(2));
const site = generateSite(settings);
await using server = await serveSite(site);
await using parsers: ParserPool = new ThreadPoolExecutor({
  module: new URL('./parse-task.js', import.meta.url),
  maxWorkers: settings.workers,
});
const crawler = new Crawler({
  root: `${server.origin}/`,
  parsers,
  concurrency: settings.concurrency,
  maxDepth: settings.maxDepth,
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
});

const depth = settings.maxDepth === Infinity ? 'no depth limit' : `max depth ${settings.maxDepth}`;
console.log(
  `crawling ${server.origin}/ (${settings.pages} pages, seed ${settings.seed}): ${settings.concurrency} fetchers, ${settings.workers} parser threads, ${depth}`,
);
const startedAt = performance.now();
const stopProgress = startProgress(crawler, startedAt, PROGRESS_EVERY_MS);
let cancelled = false;
try {
  await run(() => crawler.crawl());
} catch (error) {
  if (!(error instanceof CancelledError)) throw error;
  cancelled = true;
} finally {
  stopProgress();
}
printSummary(crawler, (performance.now() - startedAt) / 1000);

if (cancelled) {
  console.log('cancelled (Ctrl-C): the counts above are what finished before');
  process.exitCode = 130;
} else {
  const problems = checkCrawl(
    site,
    settings.maxDepth,
    server.origin,
    crawler.outcomes,
    server.hits,
  );
  if (problems.length > 0) {
    console.error(
      `MISMATCH with the site (${problems.length}):\n  ${problems.slice(0, 20).join('\n  ')}`,
    );
    process.exitCode = 1;
  } else {
    console.log(
      '✓ every reachable page was requested exactly once; the 404s and the timeout match the site',
    );
  }
}
