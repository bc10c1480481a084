import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../web/app-env.ts';
import { renderPage } from '../web/render.ts';
import { type LoginForm, LoginPage } from './accounts.views.tsx';
import { can, safeNext } from './permissions.ts';
import type { Role } from './roles.ts';
import { clearSessionCookie, setSessionCookie } from './session.middleware.ts';
import { createSession, invalidateSession } from './sessions.service.ts';
import { authenticate } from './users.service.ts';

const loginSchema = z.object({
  email: z.string().trim().min(1, { message: 'Saisissez votre adresse électronique.' }).max(320, {
    message: 'Adresse électronique trop longue.',
  }),
  password: z.string().min(1, { message: 'Saisissez votre mot de passe.' }).max(1000, {
    message: 'Mot de passe trop long.',
  }),
});

/**
 * The client's address for the rate limit: the socket's, or, when the request comes through a
 * reverse proxy on the same machine, the address that proxy appended to X-Forwarded-For.
 */
export function clientIp(c: Context<AppEnv>): string {
  let remote: string | undefined;
  try {
    remote = getConnInfo(c).remote.address;
  } catch {
    remote = undefined; // in-process requests (tests) have no socket
  }
  const forwarded = c.req.header('x-forwarded-for');
  if (forwarded && (remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1')) {
    return forwarded.split(',').at(-1)?.trim() || remote;
  }
  return remote ?? 'local';
}

/** Where someone lands after signing in when no page asked for it. */
function homeOf(role: Role): string {
  if (can(role, 'admin:access')) return '/admin';
  if (can(role, 'moderation:access')) return '/moderation';
  return '/';
}

export function accountRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/connexion', (c) => {
    const next = safeNext(c.req.query('suivant'));
    if (c.var.user) return c.redirect(next ?? homeOf(c.var.user.role), 303);
    return renderPage(c, <LoginPage ctx={c.var.ctx} form={{ email: '', next, errors: {} }} />);
  });

  app.post('/connexion', async (c) => {
    const body = await c.req.parseBody();
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const next = safeNext(text('suivant'));
    const form: LoginForm = { email: text('email').trim(), next, errors: {} };
    const parsed = loginSchema.safeParse({ email: text('email'), password: text('password') });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as 'email' | 'password';
        form.errors[field] ??= issue.message;
      }
      return renderPage(c, <LoginPage ctx={c.var.ctx} form={form} />, 400);
    }
    const result = await authenticate(c.var.db, { ...parsed.data, ip: clientIp(c) });
    if (!result.ok) {
      form.errors.form =
        result.reason === 'rate-limited'
          ? `Trop de tentatives de connexion pour cette adresse. Réessayez dans ${result.retryInMinutes} minute${result.retryInMinutes > 1 ? 's' : ''}.`
          : result.reason === 'unconfirmed'
            ? 'Votre adresse n’est pas encore confirmée : suivez le lien du courriel reçu à l’inscription.'
            : 'Adresse électronique ou mot de passe incorrect.';
      return renderPage(c, <LoginPage ctx={c.var.ctx} form={form} />, result.reason === 'rate-limited' ? 429 : 401);
    }
    if (c.var.session) await invalidateSession(c.var.db, c.var.session.id);
    const { token, session } = await createSession(c.var.db, result.user.id);
    setSessionCookie(c, token, session.expiresAt);
    return c.redirect(next ?? homeOf(result.user.role), 303);
  });

  app.post('/deconnexion', async (c) => {
    if (c.var.session) await invalidateSession(c.var.db, c.var.session.id);
    clearSessionCookie(c);
    return c.redirect('/', 303);
  });

  return app;
}
