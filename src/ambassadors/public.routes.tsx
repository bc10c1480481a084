import { type Context, Hono } from 'hono';
import { clientIp } from '../accounts/accounts.routes.tsx';
import { hitRateLimit } from '../accounts/rate-limit.ts';
import { ensureSessionSecret } from '../db/settings.ts';
import { isFormat } from '../opendata/dataset.ts';
import { exportResponse } from '../opendata/formats.ts';
import { checkFormStamp, HONEYPOT_FIELD, issueFormStamp, STAMP_FIELD } from '../pledges/form-guard.ts';
import { getCommune } from '../territories/territories.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { renderPage } from '../web/render.ts';
import { ambassadorsT } from './ambassadors.i18n.ts';
import { mairiesDataset, publicRecord } from './public.service.ts';
import { AmbassadorsPage, MessagePage, type RequestFormModel, RequestFormPage } from './public.views.tsx';
import { emptyRequest, type RequestErrors, type RequestValues, valuesFromBody } from './request.form.ts';
import { confirmRequest, submitRequest } from './requests.service.ts';

/** Requests per connection and hour (the table of failed sign-ins counts them). */
export const REQUEST_RATE_LIMIT = 10;
const FORM = 'demande-visite';
type C = Context<AppEnv>;

const secretOf = async (c: C) => c.var.config.sessionSecret ?? ensureSessionSecret(c.var.db);
const baseUrl = (c: C) => c.var.config.baseUrl.replace(/\/$/, '');

async function showForm(
  c: C,
  values: RequestValues,
  errors: RequestErrors,
  choices: RequestFormModel['choices'] = [],
  status: 200 | 400 | 429 = 200,
  communeName?: string,
) {
  const model: RequestFormModel = {
    values,
    errors,
    choices,
    stamp: issueFormStamp(await secretOf(c), FORM),
    honeypot: HONEYPOT_FIELD,
    stampField: STAMP_FIELD,
    communeName,
  };
  c.header('Cache-Control', 'no-store');
  return renderPage(c, <RequestFormPage ctx={c.var.ctx} model={model} />, status);
}

export function ambassadorPublicRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/mairies/demande-visite', async (c) => {
    const values = emptyRequest();
    const insee = (c.req.query('commune') ?? '').trim().toUpperCase();
    const commune = /^[0-9][0-9AB][0-9]{3}$/.test(insee) ? await getCommune(c.var.db, insee) : undefined;
    if (commune) values.commune = commune.insee;
    return showForm(c, values, {}, [], 200, commune?.name);
  });

  app.post('/mairies/demande-visite', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const values = valuesFromBody(body);
    const honeypot = body[HONEYPOT_FIELD];
    if (typeof honeypot === 'string' && honeypot !== '') {
      // A robot filled the hidden field: answer as if all went well, record nothing.
      return renderPage(
        c,
        <MessagePage
          ctx={c.var.ctx}
          title={ambassadorsT(c.var.ctx.lang)('amb.sent.title')}
          paragraphs={[ambassadorsT(c.var.ctx.lang)('amb.sent.body')]}
        />,
      );
    }
    const stamp = typeof body[STAMP_FIELD] === 'string' ? (body[STAMP_FIELD] as string) : '';
    if (checkFormStamp(await secretOf(c), FORM, stamp) !== 'ok') {
      return showForm(
        c,
        values,
        {
          form: 'Le formulaire a été envoyé trop vite ou a expiré. Vérifiez vos informations, puis envoyez-le de nouveau.',
        },
        [],
        400,
      );
    }
    const limit = await hitRateLimit(c.var.db, `demande-visite|${clientIp(c)}`, {
      limit: REQUEST_RATE_LIMIT,
      windowMs: 3_600_000,
    });
    if (!limit.ok) {
      return showForm(
        c,
        values,
        {
          form: `Trop de demandes ont été envoyées depuis votre connexion. Réessayez dans ${limit.retryInMinutes} minute${limit.retryInMinutes > 1 ? 's' : ''}.`,
        },
        [],
        429,
      );
    }
    const result = await submitRequest(c.var.db, c.var.mailLater, { values, baseUrl: baseUrl(c) });
    if (!result.ok) return showForm(c, values, result.errors, result.choices, 400);
    const t = ambassadorsT(c.var.ctx.lang);
    c.header('Cache-Control', 'no-store');
    return result.joined
      ? renderPage(
          c,
          <MessagePage
            ctx={c.var.ctx}
            title={t('amb.joined.title')}
            paragraphs={[t('amb.joined.body', { commune: result.communeName })]}
          />,
        )
      : renderPage(c, <MessagePage ctx={c.var.ctx} title={t('amb.sent.title')} paragraphs={[t('amb.sent.body')]} />);
  });

  // Following the emailed link shows a button; only its POST confirms (mail scanners open links).
  app.get('/mairies/demande-visite/confirmer/:token', (c) => {
    const t = ambassadorsT(c.var.ctx.lang);
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return renderPage(
      c,
      <MessagePage
        ctx={c.var.ctx}
        title={t('amb.confirm.button')}
        paragraphs={[t('amb.confirm.ask')]}
        confirm={`/mairies/demande-visite/confirmer/${encodeURIComponent(c.req.param('token'))}`}
      />,
    );
  });

  app.post('/mairies/demande-visite/confirmer/:token', async (c) => {
    const t = ambassadorsT(c.var.ctx.lang);
    const result = await confirmRequest(c.var.db, c.var.mailLater, c.req.param('token'), baseUrl(c));
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    if (result.status !== 'confirmed' && result.status !== 'already') {
      return renderPage(
        c,
        <MessagePage
          ctx={c.var.ctx}
          title={t('amb.form.title')}
          status="problem"
          paragraphs={[t(result.status === 'expired' ? 'amb.confirm.expired' : 'amb.confirm.unknown')]}
        />,
        result.status === 'expired' ? 410 : 404,
      );
    }
    const paragraphs = [
      t('amb.confirm.body', { commune: result.communeName }),
      result.status === 'already' ? t('amb.confirm.already') : '',
      t(result.toAssign ? 'amb.confirm.toAssign' : 'amb.confirm.routed'),
    ].filter(Boolean);
    return renderPage(c, <MessagePage ctx={c.var.ctx} title={t('amb.confirm.title')} paragraphs={paragraphs} />);
  });

  app.get('/ambassadeurs', async (c) =>
    renderPage(c, <AmbassadorsPage ctx={c.var.ctx} record={await publicRecord(c.var.db)} />),
  );

  app.get('/:file{ambassadeurs\\.(?:csv|ods|json)}', (c) => {
    const format = c.req.param('file').split('.')[1];
    if (!isFormat(format)) return c.notFound();
    return exportResponse(mairiesDataset(c.var.db), format);
  });

  return app;
}
