import type { Crawler, Failure } from './crawler.js';

/** Prints the crawler's progress every `everyMs` until the returned function is called. */
export function startProgress(crawler: Crawler, startedAt: number, everyMs: number): () => void {
  const timer = setInterval(() => {
    const { crawled, failed, queued, inFlight } = crawler.progress();
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    console.log(
      `  ${seconds.padStart(5)} s  crawled ${crawled}  failed ${failed}  queued ${queued}  in flight ${inFlight}`,
    );
  }, everyMs);
  return () => clearInterval(timer);
}

/** Prints pages crawled, speed, words, failures by reason and skipped links. */
export function printSummary(crawler: Crawler, seconds: number): void {
  let crawled = 0;
  let words = 0;
  const failures = new Map<string, number>();
  for (const outcome of crawler.outcomes.values()) {
    if (outcome.ok) {
      crawled++;
      words += outcome.words;
    } else {
      const reason = describe(outcome.failure);
      failures.set(reason, (failures.get(reason) ?? 0) + 1);
    }
  }
  console.log(
    `crawled ${crawled} pages in ${seconds.toFixed(2)} s (${(crawled / seconds).toFixed(1)} pages/s), ${words.toLocaleString('en')} words`,
  );
  const failed = crawler.outcomes.size - crawled;
  console.log(`failed ${failed}${failed ? ':' : ''}`);
  for (const [reason, count] of [...failures].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${reason.padEnd(28)} ${String(count).padStart(5)}`);
  }
  console.log(`not followed: ${crawler.externalLinks.size} distinct links to other sites`);
}

function describe(failure: Failure): string {
  switch (failure.kind) {
    case 'http':
      return `HTTP ${failure.message}`;
    case 'timeout':
      return `no answer within ${failure.afterMs} ms`;
    case 'network':
      return `network error: ${failure.message}`;
  }
}
