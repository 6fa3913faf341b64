import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderPage, type Site } from './site.js';

/** A running site server; disposing it closes every connection, including the hanging one. */
export interface SiteServer extends AsyncDisposable {
  /** `http://127.0.0.1:<ephemeral port>` */
  readonly origin: string;
  /** Requests received, by path. */
  readonly hits: ReadonlyMap<string, number>;
}

/** Serves `site` on 127.0.0.1 on a port the system picks. */
export async function serveSite(site: Site): Promise<SiteServer> {
  const hits = new Map<string, number>();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', origin).pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === site.hangingPath) return; // never answered: the crawler's per-request timeout must cut it off
    const page = site.pages.get(path);
    if (!page) {
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><title>Not found</title><h1>Not found</h1>');
      return;
    }
    const answer = setTimeout(() => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(renderPage(page, origin));
    }, page.delayMs);
    response.once('close', () => clearTimeout(answer));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    hits,
    async [Symbol.asyncDispose]() {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
