import type { Hono } from 'hono';

type App = Pick<Hono<never>, 'request'>;

/**
 * A browser stand-in for in-process tests: keeps cookies between requests (app.request does not),
 * reads the anti-CSRF token from forms, signs in.
 */
export class TestClient {
  readonly cookies = new Map<string, string>();

  constructor(private readonly app: App) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.cookieHeader());
    const response = await this.app.request(path, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get(path: string): Promise<Response> {
    return this.request(path);
  }

  /** Posts a url-encoded form; `_csrf` is added from `tokenFrom` (a page of the site) unless given. */
  async post(path: string, fields: Record<string, string>, tokenFrom?: string): Promise<Response> {
    const body = new URLSearchParams(fields);
    if (!body.has('_csrf')) body.set('_csrf', await this.csrfToken(tokenFrom ?? path));
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
  }

  /** The token of the first form on a page. */
  async csrfToken(page: string): Promise<string> {
    const html = await (await this.get(page)).text();
    const match = /name="_csrf" value="([^"]+)"/.exec(html) ?? /[?&]_csrf=([^"&]+)/.exec(html);
    if (!match?.[1]) throw new Error(`no anti-CSRF token on ${page}`);
    return decodeURIComponent(match[1].replace(/&amp;/g, '&'));
  }

  async login(email: string, password: string): Promise<Response> {
    return this.post('/connexion', { email, password }, '/connexion');
  }
}
