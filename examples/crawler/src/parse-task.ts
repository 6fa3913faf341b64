// The task module of the parser thread pool: each export runs in a worker thread, by name.

/** What the crawler needs from a page. */
export interface ParsedPage {
  title: string;
  /** Absolute http(s) URLs of the page's links, without fragments, each once. */
  links: string[];
  /** Words of the visible text. */
  words: number;
}

const LINK = /<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
const TITLE = /<title>([^<]*)<\/title>/i;
const INVISIBLE = /<(script|style)\b[\s\S]*?<\/\1>|<[^>]*>/gi;
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** Extracts the links, resolved against `url`, and counts the words of `html`. */
export function parsePage(html: string, url: string): ParsedPage {
  const links = new Set<string>();
  for (const match of html.matchAll(LINK)) {
    const href = match[1] ?? match[2] ?? '';
    if (!URL.canParse(href, url)) continue;
    const link = new URL(href, url);
    if (link.protocol !== 'http:' && link.protocol !== 'https:') continue;
    link.hash = '';
    links.add(link.href);
  }
  const title = TITLE.exec(html)?.[1]?.trim() ?? '';
  const words = html.replace(INVISIBLE, ' ').match(WORD)?.length ?? 0;
  return { title, links: [...links], words };
}
