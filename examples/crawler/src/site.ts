/** A page of the generated site. */
export interface SitePage {
  readonly path: string;
  readonly title: string;
  readonly text: string;
  /** What the page links to, in page order: paths on the site, or URLs of other sites. */
  readonly links: readonly string[];
  /** How long the server waits before answering: 0 for most pages, 100-300 ms for slow ones. */
  readonly delayMs: number;
}

/** A generated web site: numbered pages linking to each other, to pages that do not exist, and to one that never answers. */
export interface Site {
  readonly pages: ReadonlyMap<string, SitePage>;
  /** The one path whose request the server accepts and never answers. */
  readonly hangingPath: string;
}

/** What a crawl from the root must report for a path it reaches. */
export type Expected = 'page' | 'missing' | 'hanging';

const VOCABULARY = (
  'lock queue thread worker task future semaphore event barrier condition pool process ' +
  'crawler page link frontier depth parse fetch timeout cancel signal group gather await'
).split(' ');

/**
 * The same site for the same `pages` and `seed`: page 0 is the root `/`, page i (`/p/i`) is
 * linked from page (i - 1) / 4 so that every page is reachable, and each page also links home,
 * to two random pages, sometimes to a missing page (`/p/N` and up) or another site, and one page
 * links to {@link Site.hangingPath}. About one page in ten is slow.
 */
export function generateSite({ pages, seed }: { pages: number; seed: number }): Site {
  const random = mulberry32(seed);
  const pick = (n: number): number => Math.floor(random() * n);
  const pathOf = (i: number): string => (i === 0 ? '/' : `/p/${i}`);
  const missingPages = Math.max(1, Math.round(pages / 20));
  const hangingPath = '/hang';
  const site = new Map<string, SitePage>();
  for (let i = 0; i < pages; i++) {
    const links = ['/'];
    for (let child = 4 * i + 1; child <= 4 * i + 4 && child < pages; child++)
      links.push(pathOf(child));
    links.push(pathOf(pick(pages)), pathOf(pick(pages)));
    if (random() < 0.1) links.push(pathOf(pages + pick(missingPages)));
    if (random() < 0.2) links.push(`https://example.com/ref/${pick(40)}`);
    if (i === Math.floor(pages / 2)) links.push(hangingPath);
    const words = Array.from({ length: 40 + pick(260) }, () => VOCABULARY[pick(VOCABULARY.length)]);
    site.set(pathOf(i), {
      path: pathOf(i),
      title: i === 0 ? 'Home' : `Page ${i}`,
      text: words.join(' '),
      links,
      delayMs: random() < 0.1 ? 100 + pick(201) : 0,
    });
  }
  return { pages: site, hangingPath };
}

/** Breadth-first from the root, following links at most `maxDepth` deep: every path a crawl must report, with what it must find there. */
export function expectedCrawl(site: Site, maxDepth: number): Map<string, Expected> {
  const found = new Map<string, Expected>([['/', 'page']]);
  let level = ['/'];
  for (let depth = 1; depth <= maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const path of level) {
      for (const link of site.pages.get(path)?.links ?? []) {
        if (!link.startsWith('/') || found.has(link)) continue;
        found.set(
          link,
          site.pages.has(link) ? 'page' : link === site.hangingPath ? 'hanging' : 'missing',
        );
        next.push(link);
      }
    }
    level = next;
  }
  return found;
}

/**
 * The page's HTML as served from `origin`. Links to the site are written in the four ways real
 * pages write them (path, absolute URL, with a fragment, relative), so the parser must resolve them.
 */
export function renderPage(page: SitePage, origin: string): string {
  const items = page.links.map((link, n) => {
    const href = link.startsWith('/') ? hrefFor(link, page.path, origin, n) : link;
    return `<li><a href="${href}">${link === '/' ? 'Home' : link}</a></li>`;
  });
  return `<!doctype html>
<html><head><title>${page.title}</title></head>
<body>
<h1>${page.title}</h1>
<p>${page.text}</p>
<ul>
${items.join('\n')}
</ul>
<footer><a href="mailto:webmaster@example.com">webmaster</a></footer>
</body></html>
`;
}

function hrefFor(path: string, from: string, origin: string, n: number): string {
  switch (n % 4) {
    case 0:
      return path;
    case 1:
      return origin + path;
    case 2:
      return `${path}#top`;
    default: {
      const dir = from.slice(0, from.lastIndexOf('/') + 1);
      return path.startsWith(dir) ? path.slice(dir.length) || './' : path;
    }
  }
}

/** A small seeded PRNG, so a seed always makes the same site. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
