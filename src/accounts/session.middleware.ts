import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../web/app-env.ts';
import { validateSessionToken } from './sessions.service.ts';

export const SESSION_COOKIE = 'pacte_session';

function secure(c: Context<AppEnv>): boolean {
  return c.var.config.baseUrl.startsWith('https:');
}

export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date) {
  setCookie(c, SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: secure(c),
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context<AppEnv>) {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure: secure(c) });
}

/** Reads the session cookie, sets `user` and `session`, and slides the expiry when due. */
export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('user', undefined);
    c.set('session', undefined);
    const token = getCookie(c, SESSION_COOKIE);
    if (token && !c.req.path.startsWith('/static/')) {
      const valid = await validateSessionToken(c.var.db, token);
      if (valid) {
        c.set('user', valid.user);
        c.set('session', valid.session);
        c.set('ctx', { ...c.var.ctx, account: { email: valid.user.email, role: valid.user.role } });
        if (valid.extended) setSessionCookie(c, token, valid.session.expiresAt);
      } else {
        clearSessionCookie(c);
      }
    }
    await next();
  };
}
