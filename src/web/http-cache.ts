import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';

/**
 * HTTP caching of the public site, so that a reverse proxy (or the browser) absorbs a spike on
 * election night. Public pages and exports change only when the data does, so they are validated
 * against one "data version" (db/data-version.ts: any write to public data changes it) instead
 * of hashing each body: a request carrying the current ETag (or a recent enough
 * If-Modified-Since) gets a 304 before the page is even rendered.
 *
 * Private pages (workspace, moderation, admin, anything shown to a signed-in account or setting a
 * cookie) are `private, no-store`.
 */

/** Anything that tells the current version of the public data (db/data-version.ts). */
export interface VersionSource {
  current(): Promise<string>;
  /** Runs a request with the version read once for all its uses (db/data-version.ts). */
  withinRequest?<T>(handle: () => T): T;
}

/** Public pages and their downloads (`.csv`, `.ods`, `.json` variants share the prefixes). */
const PUBLIC_PREFIXES = [
  '/carte/',
  '/communes/',
  '/departements/',
  '/circonscriptions/',
  '/listes/',
  '/personnes/',
  '/elections/',
  '/donnees',
  '/flux/',
  '/signataires',
  '/suivi',
];
const PUBLIC_PAGES = new Set(['/', '/carte', '/statistiques', '/sources', '/recherche', '/pacte', '/ambassadeurs']);

export function isPublicPath(path: string): boolean {
  return PUBLIC_PAGES.has(path) || PUBLIC_PREFIXES.some((p) => path.startsWith(p));
}

export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';
export const PRIVATE_CACHE_CONTROL = 'private, no-store';

/**
 * The data version as HTTP validators: an opaque token (which also changes with each start of the
 * application, as new code may render the same data differently) and the time this process first
 * saw that version, rounded down to the second, for Last-Modified.
 */
export class Validators {
  private readonly startedAt = Date.now().toString(36);
  private seen: { version: string; since: Date; token: string; httpDate: string } | undefined;

  constructor(private readonly source: VersionSource) {}

  /** `httpDate`: `lastModified` as the Last-Modified header writes it (formatted once per version). */
  async current(): Promise<{ token: string; lastModified: Date; httpDate: string }> {
    const version = await this.source.current();
    if (this.seen?.version !== version) {
      const since = new Date();
      since.setUTCMilliseconds(0);
      this.seen = { version, since, token: `${this.startedAt}.${version}`, httpDate: since.toUTCString() };
    }
    return { token: this.seen.token, lastModified: this.seen.since, httpDate: this.seen.httpDate };
  }
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === bare);
}

/**
 * App-wide middleware; runs after the language and session middlewares (the ETag depends on the
 * language, and a signed-in visitor's pages are private).
 */
export function httpCache(source: VersionSource): MiddlewareHandler<AppEnv> {
  const version = new Validators(source);
  const handle: MiddlewareHandler<AppEnv> = async (c, next) => {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD') {
      await next();
      return;
    }
    const path = c.req.path;
    const anonymous = !c.get('user') && !c.req.query('lang');
    if (!anonymous || !isPublicPath(path)) {
      await next();
      if (path.startsWith('/static/') || path.startsWith('/api/') || path === '/health' || path === '/metrics') return;
      // A route that chose its own caching (the embeddable badge…) keeps it, unless someone is signed in.
      if (!anonymous || !c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', PRIVATE_CACHE_CONTROL);
      return;
    }
    const { token, lastModified, httpDate } = await version.current();
    const url = new URL(c.req.url);
    const etag = `W/"${createHash('sha256')
      .update(`${token}|${c.get('ctx').lang}|${url.pathname}|${url.search}`)
      .digest('base64url')
      .slice(0, 22)}"`;
    const validators = {
      ETag: etag,
      'Last-Modified': httpDate,
      'Cache-Control': PUBLIC_CACHE_CONTROL,
      Vary: 'Cookie',
    };
    const ifNoneMatch = c.req.header('If-None-Match');
    const ifModifiedSince = c.req.header('If-Modified-Since');
    const sinceTime = ifModifiedSince ? Date.parse(ifModifiedSince) : Number.NaN;
    const fresh = ifNoneMatch
      ? etagMatches(ifNoneMatch, etag)
      : !Number.isNaN(sinceTime) && lastModified.getTime() <= sinceTime;
    if (fresh) {
      c.res = new Response(null, { status: 304, headers: validators });
      return;
    }
    await next();
    if (c.res.status !== 200) return;
    if (c.res.headers.has('Set-Cookie')) {
      c.res.headers.set('Cache-Control', PRIVATE_CACHE_CONTROL);
      return;
    }
    // A page that knows it is not current yet (statistics being recomputed) opts out of caching.
    if (/no-store/.test(c.res.headers.get('Cache-Control') ?? '')) return;
    for (const [name, value] of Object.entries(validators)) c.res.headers.set(name, value);
  };
  return (c, next) => (source.withinRequest ? source.withinRequest(() => handle(c, next)) : handle(c, next));
}
