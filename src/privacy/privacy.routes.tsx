import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { clientIp } from '../accounts/accounts.routes.tsx';
import { hitRateLimit } from '../accounts/rate-limit.ts';
import { ensureSessionSecret } from '../db/settings.ts';
import { documentsDir } from '../pledges/documents.storage.ts';
import { checkFormStamp, HONEYPOT_FIELD, issueFormStamp, STAMP_FIELD } from '../pledges/form-guard.ts';
import { SignatureError, SignatureNotFoundError } from '../pledges/signatures.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { renderPage } from '../web/render.ts';
import {
  accessEmail,
  closeAccess,
  correctSignature,
  deleteAccount,
  deleteSignature,
  eraseOutreachMentions,
  eraseVisitRequests,
  hashToken,
  linkStatus,
  openLink,
  personalData,
  recordExport,
  requestAccessLink,
  toCsv,
  toJson,
} from './privacy.service.ts';
import { DataPage, type Flash, MessagePage, RequestPage, RetentionPage } from './privacy.views.tsx';
import { retentionMonths } from './retention.service.ts';

export const ACCESS_COOKIE = 'pacte_mes_donnees';
/** Link requests per connection, and per address, in 15 minutes. */
export const REQUESTS_PER_IP = 5;
export const REQUESTS_PER_EMAIL = 3;
const WINDOW_MS = 15 * 60_000;
const FORM = 'mes-donnees';
const EMAIL_SHAPE = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

type C = Context<AppEnv>;
const secretOf = async (c: C) => c.var.config.sessionSecret ?? ensureSessionSecret(c.var.db);
const baseUrl = (c: C) => c.var.config.baseUrl.replace(/\/$/, '');
const secure = (c: C) => c.var.config.baseUrl.startsWith('https:');

function privateHeaders(c: C) {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
}

async function showForm(c: C, email: string, error?: string, status: 200 | 400 | 429 = 200) {
  privateHeaders(c);
  const model = {
    email,
    error,
    stamp: issueFormStamp(await secretOf(c), FORM),
    honeypot: HONEYPOT_FIELD,
    stampField: STAMP_FIELD,
  };
  return renderPage(c, <RequestPage ctx={c.var.ctx} model={model} />, status);
}

function sentPage(c: C) {
  privateHeaders(c);
  const { t } = c.var.ctx;
  return renderPage(
    c,
    <MessagePage ctx={c.var.ctx} title={t('privacy.sent.title')} paragraphs={[t('privacy.sent.body')]} />,
  );
}

function expiredPage(c: C) {
  privateHeaders(c);
  const { t } = c.var.ctx;
  return renderPage(
    c,
    <MessagePage ctx={c.var.ctx} title={t('privacy.expired.title')} paragraphs={[t('privacy.expired.body')]} problem />,
    401,
  );
}

/** The owner's address when their access is open. */
async function owner(c: C): Promise<string | undefined> {
  return accessEmail(c.var.db, getCookie(c, ACCESS_COOKIE));
}

async function showData(c: C, email: string, flash?: Flash, status: 200 | 400 | 404 = 200) {
  privateHeaders(c);
  return renderPage(c, <DataPage ctx={c.var.ctx} data={await personalData(c.var.db, email)} flash={flash} />, status);
}

const field = (body: Record<string, unknown>, name: string) =>
  typeof body[name] === 'string' ? (body[name] as string) : undefined;

export function privacyRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/mes-donnees', (c) => showForm(c, ''));

  app.post('/mes-donnees', async (c) => {
    const body = await c.req.parseBody();
    const email = (field(body, 'email') ?? '').trim();
    const { t } = c.var.ctx;
    // A robot filled the hidden field: the usual answer, nothing done.
    if (field(body, HONEYPOT_FIELD)) return sentPage(c);
    if (checkFormStamp(await secretOf(c), FORM, field(body, STAMP_FIELD) ?? '') !== 'ok') {
      return showForm(c, email, t('privacy.tooFast'), 400);
    }
    if (!email) return showForm(c, email, t('privacy.emailMissing'), 400);
    if (!EMAIL_SHAPE.test(email) || email.length > 254) return showForm(c, email, t('privacy.emailInvalid'), 400);
    for (const [key, limit] of [
      [`mes-donnees|${clientIp(c)}`, REQUESTS_PER_IP],
      [`mes-donnees-adresse|${hashToken(email.toLowerCase())}`, REQUESTS_PER_EMAIL],
    ] as const) {
      const hit = await hitRateLimit(c.var.db, key, { limit, windowMs: WINDOW_MS });
      if (!hit.ok) return showForm(c, email, t('privacy.rateLimited', { minutes: hit.retryInMinutes }), 429);
    }
    // Queued (src/jobs/): the answer does not wait for the mail server (same time for known and unknown
    // addresses); the worker sends it right after and tries again if it fails.
    const { delivery } = await requestAccessLink(c.var.db, c.var.mailLater, email, baseUrl(c));
    await delivery;
    return sentPage(c);
  });

  // The emailed link shows a button; only its POST uses the link up (mail scanners open links).
  app.get('/mes-donnees/acces/:token', async (c) => {
    const { t } = c.var.ctx;
    const status = await linkStatus(c.var.db, c.req.param('token'));
    privateHeaders(c);
    if (status !== 'ok') {
      return renderPage(
        c,
        <MessagePage
          ctx={c.var.ctx}
          title={t('privacy.link.title')}
          paragraphs={[t(`privacy.link.${status}`)]}
          problem
        />,
        status === 'invalid' ? 404 : 410,
      );
    }
    return renderPage(
      c,
      <MessagePage
        ctx={c.var.ctx}
        title={t('privacy.link.title')}
        paragraphs={[t('privacy.link.ask')]}
        confirm={`/mes-donnees/acces/${encodeURIComponent(c.req.param('token'))}`}
      />,
    );
  });

  app.post('/mes-donnees/acces/:token', async (c) => {
    const { t } = c.var.ctx;
    const result = await openLink(c.var.db, c.req.param('token'));
    privateHeaders(c);
    if (result.status !== 'ok') {
      return renderPage(
        c,
        <MessagePage
          ctx={c.var.ctx}
          title={t('privacy.link.title')}
          paragraphs={[t(`privacy.link.${result.status}`)]}
          problem
        />,
        result.status === 'invalid' ? 404 : 410,
      );
    }
    setCookie(c, ACCESS_COOKIE, result.access, {
      path: '/mes-donnees',
      httpOnly: true,
      sameSite: 'Lax',
      secure: secure(c),
      expires: result.expiresAt,
    });
    return c.redirect('/mes-donnees/espace', 303);
  });

  app.get('/mes-donnees/espace', async (c) => {
    const email = await owner(c);
    return email ? showData(c, email) : expiredPage(c);
  });

  app.get('/mes-donnees/:file{espace\\.(?:json|csv)}', async (c) => {
    const email = await owner(c);
    if (!email) return expiredPage(c);
    const format = c.req.param('file').endsWith('.json') ? 'json' : 'csv';
    const data = await personalData(c.var.db, email);
    await recordExport(c.var.db, email, format);
    privateHeaders(c);
    c.header('Content-Disposition', `attachment; filename="mes-donnees.${format}"`);
    c.header('Content-Type', format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8');
    return c.body(format === 'json' ? toJson(data) : toCsv(data));
  });

  app.post('/mes-donnees/signatures/:id/corriger', async (c) => {
    const email = await owner(c);
    if (!email) return expiredPage(c);
    const body = await c.req.parseBody();
    const newEmail = field(body, 'email')?.trim();
    if (newEmail !== undefined && !EMAIL_SHAPE.test(newEmail)) {
      return showData(c, email, { message: c.var.ctx.t('privacy.emailInvalid'), problem: true }, 400);
    }
    try {
      const fields = await correctSignature(c.var.db, email, c.req.param('id'), {
        phone: field(body, 'phone'),
        email: newEmail,
        firstName: field(body, 'first_name'),
        lastName: field(body, 'last_name'),
      });
      const { t } = c.var.ctx;
      const moved = fields.includes('email') ? ` ${t('privacy.msg.moved')}` : '';
      return showData(c, email, {
        message: fields.length ? `${t('privacy.msg.corrected')}${moved}` : t('privacy.msg.unchanged'),
      });
    } catch (error) {
      if (error instanceof SignatureError) {
        const status = error instanceof SignatureNotFoundError ? 404 : 400;
        return showData(c, email, { message: error.message, problem: true }, status);
      }
      throw error;
    }
  });

  app.post('/mes-donnees/signatures/:id/supprimer', async (c) => {
    const email = await owner(c);
    if (!email) return expiredPage(c);
    try {
      const outcome = await deleteSignature(c.var.db, email, c.req.param('id'), documentsDir(c.var.config));
      return showData(c, email, {
        message: c.var.ctx.t(outcome === 'deleted' ? 'privacy.msg.deleted' : 'privacy.msg.anonymised'),
      });
    } catch (error) {
      if (error instanceof SignatureError) {
        const status = error instanceof SignatureNotFoundError ? 404 : 400;
        return showData(c, email, { message: error.message, problem: true }, status);
      }
      throw error;
    }
  });

  app.post('/mes-donnees/compte/supprimer', async (c) => {
    const email = await owner(c);
    if (!email) return expiredPage(c);
    const done = await deleteAccount(c.var.db, email);
    return showData(c, email, { message: c.var.ctx.t(done ? 'privacy.msg.accountDeleted' : 'privacy.msg.noAccount') });
  });

  app.post('/mes-donnees/demandes-visite/supprimer', async (c) => {
    const email = await owner(c);
    if (!email) return expiredPage(c);
    const n = await eraseVisitRequests(c.var.db, email);
    return showData(c, email, { message: c.var.ctx.t('privacy.msg.visitsErased', { n }) });
  });

  app.post('/mes-donnees/demarches/supprimer', async (c) => {
    const email = await owner(c);
    if (!email) return expiredPage(c);
    const n = await eraseOutreachMentions(c.var.db, email);
    return showData(c, email, { message: c.var.ctx.t('privacy.msg.outreachErased', { n }) });
  });

  app.post('/mes-donnees/terminer', async (c) => {
    const email = await owner(c);
    if (email) await closeAccess(c.var.db, email);
    deleteCookie(c, ACCESS_COOKIE, { path: '/mes-donnees', httpOnly: true, sameSite: 'Lax', secure: secure(c) });
    return c.redirect('/mes-donnees', 303);
  });

  app.get('/mes-donnees/conservation', async (c) => {
    return renderPage(c, <RetentionPage ctx={c.var.ctx} months={await retentionMonths(c.var.db)} />);
  });

  return app;
}
