import type { Context } from 'hono';
import type { DataVersion } from '../db/data-version.ts';
import type { AppEnv } from './app-env.ts';
import { htmlOf } from './render.ts';

/**
 * Rendered public pages kept in memory until the public data changes (see db/data-version.ts).
 *
 * Election night sends the same few thousand commune pages to many visitors: rendering each once per
 * data version turns a page into one primary-key read (the version) and a string copy. Only pages an
 * anonymous visitor sees are kept: a signed-in user's header differs, and a `?lang=` request sets a
 * cookie. Entries also expire after `maxAgeMs`, a backstop for changes made by another instance in a
 * transaction still open when its version was stored. Least recently used pages go first past
 * `maxBytes`.
 */
interface Entry {
  version: string;
  /** The page as rendered, until it is first served again; then encoded once, sent as is on each hit. */
  page: string | Uint8Array<ArrayBuffer>;
  /** Size counted against maxBytes (characters of the page as rendered). */
  size: number;
  storedAt: number;
}

const encoder = new TextEncoder();

export class PageCache {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;

  constructor(
    private readonly dataVersion: DataVersion,
    private readonly options = { maxBytes: 64 * 1024 * 1024, maxAgeMs: 60_000 },
  ) {}

  /** Serves `key` from the cache when still current, else renders it (200 responses only are kept). */
  async page(c: Context<AppEnv>, render: () => Promise<Response>): Promise<Response> {
    if (c.get('user') || c.req.query('lang') !== undefined) return render();
    const key = `${c.get('ctx').lang}|${c.req.path}`;
    const version = await this.dataVersion.current();
    const entry = this.#entries.get(key);
    if (entry && entry.version === version && Date.now() - entry.storedAt < this.options.maxAgeMs) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      if (typeof entry.page === 'string') entry.page = encoder.encode(entry.page);
      return c.body(entry.page, 200, { 'Content-Type': 'text/html; charset=UTF-8' });
    }
    const response = await render();
    if (response.status !== 200 || response.headers.has('set-cookie')) return response;
    // A page from renderPage is kept as rendered; another response is read back (and answered anew).
    const rendered = htmlOf(response);
    const html = rendered ?? (await response.text());
    this.#store(key, { version, page: html, size: html.length, storedAt: Date.now() });
    return rendered === undefined ? new Response(html, response) : response;
  }

  #store(key: string, entry: Entry) {
    const previous = this.#entries.get(key);
    if (previous) {
      this.#bytes -= previous.size;
      this.#entries.delete(key);
    }
    this.#entries.set(key, entry);
    this.#bytes += entry.size;
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes <= this.options.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= old.size;
    }
  }
}
