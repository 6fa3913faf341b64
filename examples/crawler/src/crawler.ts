import { TaskGroup, TimeoutError, timeout } from '@skein/coroutine';
import type { ThreadPoolExecutor } from '@skein/pool';
import { Queue, QueueShutDown } from '@skein/queue';
import { fetchPage, HttpError } from './fetch-page.js';

/** The thread pool that parses pages, typed from its task module. */
export type ParserPool = ThreadPoolExecutor<typeof import('./parse-task.js')>;

export interface CrawlerOptions {
  /** Where the crawl starts; only URLs of its origin are followed. */
  root: string;
  parsers: ParserPool;
  /** Requests in flight at most: the number of fetcher tasks. */
  concurrency: number;
  /** Links followed from the root at most (`Infinity`: no limit). */
  maxDepth: number;
  /** A request (headers and body) not done by then is cancelled and counted as failed. */
  requestTimeoutMs: number;
}

export type Failure =
  | { kind: 'http'; status: number; message: string }
  | { kind: 'timeout'; afterMs: number }
  | { kind: 'network'; message: string };

export type PageOutcome = { ok: true; words: number } | { ok: false; failure: Failure };

export interface CrawlProgress {
  crawled: number;
  failed: number;
  queued: number;
  inFlight: number;
}

/**
 * A breadth-first crawler: `concurrency` fetcher tasks take URLs from one frontier queue, fetch
 * each under a timeout, have the parser pool extract its links off the main thread, and put the
 * links not seen before back into the queue. The crawl ends when the queue's every URL is done.
 */
export class Crawler {
  /** What became of every URL taken from the frontier, in the order they finished. */
  readonly outcomes = new Map<string, PageOutcome>();
  /** Distinct links to other sites, which are not followed. */
  readonly externalLinks = new Set<string>();
  readonly #options: CrawlerOptions;
  readonly #origin: string;
  // Unbounded: the fetchers themselves put into it, so a bounded one could leave them all waiting on each other.
  readonly #frontier = new Queue<string>();
  /** Shortest known link distance from the root of every URL queued or done. */
  readonly #depths = new Map<string, number>();
  /** Same-origin links of every page crawled. */
  readonly #links = new Map<string, string[]>();
  #inFlight = 0;
  #failed = 0;

  constructor(options: CrawlerOptions) {
    this.#options = options;
    this.#origin = new URL(options.root).origin;
  }

  progress(): CrawlProgress {
    return {
      crawled: this.outcomes.size - this.#failed,
      failed: this.#failed,
      queued: this.#frontier.qsize(),
      inFlight: this.#inFlight,
    };
  }

  /**
   * Crawls from the root until nothing is left. Cancelling the task that awaits it (Ctrl-C
   * through `run`) cancels the fetches and parses in flight; what finished stays in `outcomes`.
   */
  async crawl(): Promise<void> {
    this.#discover(new URL(this.#options.root).href, 0);
    await TaskGroup.run(async (group, signal) => {
      for (let n = 1; n <= this.#options.concurrency; n++) {
        group.createTask((taskSignal) => this.#fetcher(taskSignal), { name: `fetcher-${n}` });
      }
      await this.#frontier.join({ signal });
      this.#frontier.shutdown(); // every URL is done: the fetchers' waiting gets end
    });
  }

  async #fetcher(signal: AbortSignal): Promise<void> {
    for (let url = await this.#next(signal); url !== undefined; url = await this.#next(signal)) {
      this.#inFlight++;
      try {
        const outcome = await this.#visit(url, signal);
        this.outcomes.set(url, outcome);
        if (!outcome.ok) this.#failed++;
      } finally {
        this.#inFlight--;
        this.#frontier.taskDone();
      }
    }
  }

  /**
   * The next URL to crawl, or `undefined` once the frontier is shut down. Not `for await`: a
   * `get` waiting on an empty queue ends on cancellation only through its `signal`.
   */
  async #next(signal: AbortSignal): Promise<string | undefined> {
    try {
      return await this.#frontier.get({ signal });
    } catch (error) {
      if (error instanceof QueueShutDown) return undefined;
      throw error;
    }
  }

  async #visit(url: string, signal: AbortSignal): Promise<PageOutcome> {
    let html: string;
    try {
      html = await timeout(this.#options.requestTimeoutMs, (requestSignal) =>
        fetchPage(url, requestSignal),
      );
    } catch (error) {
      return { ok: false, failure: failureOf(error, this.#options.requestTimeoutMs) };
    }
    const page = await this.#options.parsers.submitWith({ signal }, 'parsePage', html, url);
    const links: string[] = [];
    for (const link of page.links) {
      if (new URL(link).origin === this.#origin) links.push(link);
      else this.externalLinks.add(link);
    }
    this.#links.set(url, links);
    const depth = this.#depths.get(url)!;
    for (const link of links) this.#discover(link, depth + 1);
    return { ok: true, words: page.words };
  }

  #discover(url: string, depth: number): void {
    if (depth > this.#options.maxDepth) return;
    const known = this.#depths.get(url);
    if (known !== undefined && known <= depth) return;
    this.#depths.set(url, depth);
    if (known === undefined) {
      this.#frontier.putNowait(url);
      return;
    }
    // A shorter path to a URL already queued or crawled. Fetchers finish out of order, so a page
    // can be found first through a longer path; its links may now be within --max-depth.
    for (const link of this.#links.get(url) ?? []) this.#discover(link, depth + 1);
  }
}

/** An expected way for a request to fail; anything else (a cancellation, a bug) is rethrown. */
function failureOf(error: unknown, timeoutMs: number): Failure {
  if (error instanceof HttpError)
    return { kind: 'http', status: error.status, message: error.message };
  if (error instanceof TimeoutError) return { kind: 'timeout', afterMs: timeoutMs };
  if (error instanceof TypeError && error.cause instanceof Error) {
    return { kind: 'network', message: error.cause.message }; // fetch's "fetch failed": refused, reset, ...
  }
  throw error;
}
