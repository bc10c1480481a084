import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { ensureSessionSecret } from '../db/settings.ts';
import type { AppEnv } from './app-env.ts';
import { ForbiddenPage } from './forbidden.views.tsx';
import type { PageContext } from './layout.tsx';
import { renderPage } from './render.ts';

/**
 * Protection against cross-site request forgery, for every request that is not GET/HEAD/OPTIONS.
 *
 * Signed double submit: the browser holds a random `pacte_csrf` cookie (HttpOnly, SameSite=Lax);
 * each form carries `_csrf` = HMAC(secret, cookie | session id). A forged request from another
 * site has the cookie but cannot read the page to learn the token; a cookie planted by a sibling
 * domain is useless without the secret; binding to the session means a token taken from one's own
 * session is worthless in someone else's. The cookie is only issued when a page renders a form, so
 * public pages set no cookie.
 *
 * The token is read from the `_csrf` field of url-encoded forms, from the `x-csrf-token` header, or,
 * for multipart uploads (whose body is streamed to disk by the route, never parsed here), from the
 * `_csrf` query parameter of the form's action. A cross-site Origin or Sec-Fetch-Site is refused too.
 */
export const CSRF_COOKIE = 'pacte_csrf';
export const CSRF_FIELD = '_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MAX_FORM_BYTES = 1_000_000;

function sign(secret: string, cookie: string, sessionId: string | undefined): string {
  return createHmac('sha256', secret)
    .update(`csrf|${cookie}|${sessionId ?? ''}`)
    .digest('base64url');
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function forbidden(c: Context<AppEnv>) {
  return renderPage(
    c,
    ForbiddenPage({
      ctx: c.var.ctx,
      title: 'Formulaire expiré',
      message:
        'Ce formulaire a expiré ou ne vient pas de ce site. Revenez à la page précédente, rechargez-la, puis envoyez-le de nouveau.',
    }),
    403,
  );
}

/**
 * A request that says it comes from another site. `Origin: null` proves nothing: browsers send it
 * for same-origin form posts from pages served with `Referrer-Policy: no-referrer` (ours).
 */
function crossSite(c: Context<AppEnv>): boolean {
  if (c.req.header('sec-fetch-site') === 'cross-site') return true;
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return false;
  const allowed = new Set([new URL(c.req.url).origin, new URL(c.var.config.baseUrl).origin]);
  return !allowed.has(origin);
}

async function submittedToken(c: Context<AppEnv>): Promise<string | undefined> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) return c.req.query(CSRF_FIELD);
  if (type.startsWith('application/x-www-form-urlencoded')) {
    if (Number(c.req.header('content-length') ?? 0) > MAX_FORM_BYTES) return undefined;
    // Parsed once: Hono caches the body, so the route reads the same fields again for free.
    const body = await c.req.parseBody();
    const value = body[CSRF_FIELD];
    return typeof value === 'string' ? value : undefined;
  }
  return c.req.query(CSRF_FIELD);
}

/**
 * App-wide middleware; must run after the session middleware (the token is bound to the session).
 * Makes `ctx.csrf()` available to views and refuses unsafe requests without the right token.
 */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  let secret: Promise<string> | undefined;
  return async (c, next) => {
    secret ??= c.var.config.sessionSecret ? Promise.resolve(c.var.config.sessionSecret) : ensureSessionSecret(c.var.db);
    const key = await secret.catch((error) => {
      secret = undefined;
      throw error;
    });
    const existing = getCookie(c, CSRF_COOKIE);
    const cookieOk = existing !== undefined && /^[A-Za-z0-9_-]{43}$/.test(existing);
    // `c.get`, not `c.var` (which copies every variable at each use): this runs on every request.
    const sessionId = c.get('session')?.id;

    if (!SAFE_METHODS.has(c.req.method)) {
      if (!cookieOk || crossSite(c)) return forbidden(c);
      const token = await submittedToken(c);
      if (!token || !sameToken(token, sign(key, existing, sessionId))) return forbidden(c);
    }

    let cookie = cookieOk ? existing : undefined;
    let issued = false;
    const token = () => {
      if (!cookie) {
        cookie = randomBytes(32).toString('base64url');
        issued = true;
      }
      return sign(key, cookie, c.get('session')?.id);
    };
    c.set('ctx', { ...c.get('ctx'), csrf: token } satisfies PageContext);
    await next();
    if (issued && cookie) {
      setCookie(c, CSRF_COOKIE, cookie, {
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
        secure: c.var.config.baseUrl.startsWith('https:'),
        maxAge: 30 * 86_400,
      });
    }
  };
}

/** The token to put in a form: `<input type="hidden" name="_csrf" value={csrfToken(ctx)} />`. */
export function csrfToken(ctx: PageContext): string {
  return ctx.csrf?.() ?? '';
}
