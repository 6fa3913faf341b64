import type { PageOutcome } from './crawler.js';
import { expectedCrawl, type Expected, type Site } from './site.js';

/**
 * Compares a crawl with what the site holds: every path reachable within `maxDepth` must be
 * reported as the site has it (a page, a 404, the timeout) and requested exactly once, and
 * nothing else requested. Returns the differences, none when the crawl is right.
 */
export function checkCrawl(
  site: Site,
  maxDepth: number,
  origin: string,
  outcomes: ReadonlyMap<string, PageOutcome>,
  hits: ReadonlyMap<string, number>,
): string[] {
  const expected = expectedCrawl(site, maxDepth);
  const problems: string[] = [];
  for (const [path, what] of expected) {
    const outcome = outcomes.get(origin + path);
    if (!matches(what, outcome)) {
      problems.push(
        `${path}: expected ${what}, got ${outcome ? JSON.stringify(outcome) : 'nothing'}`,
      );
    }
    const requests = hits.get(path) ?? 0;
    if (requests !== 1) problems.push(`${path}: requested ${requests} times`);
  }
  for (const url of outcomes.keys()) {
    if (!expected.has(new URL(url).pathname)) problems.push(`${url}: crawled, but not reachable`);
  }
  for (const path of hits.keys()) {
    if (!expected.has(path)) problems.push(`${path}: requested, but not reachable`);
  }
  return problems;
}

function matches(expected: Expected, outcome: PageOutcome | undefined): boolean {
  if (!outcome) return false;
  switch (expected) {
    case 'page':
      return outcome.ok;
    case 'missing':
      return !outcome.ok && outcome.failure.kind === 'http' && outcome.failure.status === 404;
    case 'hanging':
      return !outcome.ok && outcome.failure.kind === 'timeout';
  }
}
