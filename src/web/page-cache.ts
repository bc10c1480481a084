import type { Context } from 'hono';
import type { DataVersion } from '../db/data-version.ts';
import type { AppEnv } from './app-env.ts';

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
export class PageCache {
  readonly #entries = new Map<string, { version: string; html: string; storedAt: number }>();
  #bytes = 0;

  constructor(
    private readonly dataVersion: DataVersion,
    private readonly options = { maxBytes: 64 * 1024 * 1024, maxAgeMs: 60_000 },
  ) {}

  /** Serves `key` from the cache when still current, else renders it (200 responses only are kept). */
  async page(c: Context<AppEnv>, render: () => Promise<Response>): Promise<Response> {
    if (c.var.user || c.req.query('lang') !== undefined) return render();
    const key = `${c.var.ctx.lang}|${c.req.path}`;
    const version = await this.dataVersion.current();
    const entry = this.#entries.get(key);
    if (entry && entry.version === version && Date.now() - entry.storedAt < this.options.maxAgeMs) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      return c.html(entry.html);
    }
    const response = await render();
    if (response.status !== 200 || response.headers.has('set-cookie')) return response;
    const html = await response.text();
    this.#store(key, { version, html, storedAt: Date.now() });
    return new Response(html, response);
  }

  #store(key: string, entry: { version: string; html: string; storedAt: number }) {
    const previous = this.#entries.get(key);
    if (previous) {
      this.#bytes -= previous.html.length;
      this.#entries.delete(key);
    }
    this.#entries.set(key, entry);
    this.#bytes += entry.html.length;
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes <= this.options.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= old.html.length;
    }
  }
}
