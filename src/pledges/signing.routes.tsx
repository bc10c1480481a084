import { type Context, Hono } from 'hono';
import { clientIp } from '../accounts/accounts.routes.tsx';
import { hitRateLimit } from '../accounts/rate-limit.ts';
import { ballotsForCommune } from '../candidates/candidates.service.ts';
import { ensureSessionSecret } from '../db/settings.ts';
import type { MailMessage } from '../mail/mailer.ts';
import { signatureReceived } from '../mail/templates.tsx';
import { getCommune, searchCommunes } from '../territories/territories.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { NotFoundPage } from '../web/pages.views.tsx';
import { renderPage } from '../web/render.ts';
import { uploadLimit } from '../web/upload-limit.ts';
import { DocumentError, documentsDir, MAX_DOCUMENT_BYTES, storeDocument } from './documents.storage.ts';
import { checkFormStamp, HONEYPOT_FIELD, issueFormStamp, STAMP_FIELD } from './form-guard.ts';
import { getCurrentPact, getPactVersion, type PactDocument } from './pact-documents.service.ts';
import { filledPactPdf, queueFormMail, SIGNED_PDF_NAME, sendSignatureMail } from './signature-mail.jobs.ts';
import {
  attachDocument,
  type CreatedSignature,
  checkConfirmation,
  confirmSignature,
  createSignature,
  findInvitation,
  findSignatureByToken,
  type Signature,
  SignatureError,
  signWithInvitation,
} from './signatures.service.ts';
import { emptyValues, type ListChoice, parseSigningForm, type SigningValues, valuesFromBody } from './signing.form.ts';
import { signingT } from './signing.i18n.ts';
import {
  ConfirmPage,
  LinkProblemPage,
  SignCommunePage,
  type SignFormModel,
  SignFormPage,
  SignSentPage,
  ThanksPage,
} from './signing.views.tsx';

/** The election signed by /signer (the campaign in progress). */
export const SIGNING_ELECTION = 'municipales-2026';
/**
 * Submissions of the signature forms per address within the window. The window is that of failed
 * sign-ins (15 minutes): both count in the same table, whose rows older than it are forgotten.
 */
export const SIGNING_RATE_LIMIT = 10;
const SIGNING_WINDOW_MS = 15 * 60_000;
const PUBLIC_FORM = 'signer';
const INVITATION_FORM = 'invitation';

type C = Context<AppEnv>;

async function formSecret(c: C): Promise<string> {
  return c.var.config.sessionSecret ?? ensureSessionSecret(c.var.db);
}

function todayInParis(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

function baseUrl(c: C): string {
  return c.var.config.baseUrl.replace(/\/$/, '');
}

async function communeContext(c: C, insee: string) {
  const commune = await getCommune(c.var.db, insee);
  if (!commune) return undefined;
  const ballots = (await ballotsForCommune(c.var.db, commune.insee)).filter((b) => b.election_id === SIGNING_ELECTION);
  const lists: ListChoice[] = ballots.flatMap((b) =>
    b.lists.map((l) => ({ id: l.id, name: ballots.length > 1 ? `${l.name} (${b.name})` : l.name })),
  );
  return { insee: commune.insee, name: commune.name, postcodes: commune.postcodes as string[], lists };
}

type CommuneContext = NonNullable<Awaited<ReturnType<typeof communeContext>>>;

/**
 * Queues the message; the job queue's worker attaches the filled PDF and sends it (src/jobs/: right
 * after, by one instance, retried if the mail server is away). False when it could not even be stored.
 */
async function sendWithPdf(c: C, s: Signature, message: Omit<MailMessage, 'attachments'>): Promise<boolean> {
  try {
    await sendSignatureMail(c.var.jobs, s, message);
    return true;
  } catch (error) {
    console.error('signature : courriel non mis en file :', error);
    return false;
  }
}

/** The guards every signing POST passes: rate limit per address, honeypot, minimum fill time. */
async function guard(
  c: C,
  body: Record<string, unknown>,
  form: string,
): Promise<'ok' | 'bot' | 'too_fast' | { limited: number }> {
  const limit = await hitRateLimit(c.var.db, `signature|${clientIp(c)}`, {
    limit: SIGNING_RATE_LIMIT,
    windowMs: SIGNING_WINDOW_MS,
  });
  if (!limit.ok) return { limited: limit.retryInMinutes };
  const honeypot = body[HONEYPOT_FIELD];
  if (typeof honeypot === 'string' && honeypot !== '') return 'bot';
  const stamp = typeof body[STAMP_FIELD] === 'string' ? (body[STAMP_FIELD] as string) : '';
  const check = checkFormStamp(await formSecret(c), form, stamp);
  return check === 'ok' ? 'ok' : 'too_fast';
}

function guardMessage(c: C, result: 'too_fast' | { limited: number }): string {
  const t = signingT(c.var.ctx.lang);
  return result === 'too_fast' ? t('guard.tooFast') : t('guard.limited', { n: result.limited });
}

export function signingRoutes() {
  const app = new Hono<AppEnv>();

  async function renderForm(
    c: C,
    pact: PactDocument,
    commune: CommuneContext,
    values: SigningValues,
    errors: SignFormModel['errors'],
    status: 200 | 400 | 429 = 200,
  ) {
    const model: SignFormModel = {
      action: '/signer',
      pact,
      communeName: commune.name,
      communeInsee: commune.insee,
      postcodes: commune.postcodes,
      lists: commune.lists,
      values,
      errors,
      emailRequired: true,
      stamp: issueFormStamp(await formSecret(c), PUBLIC_FORM),
    };
    return renderPage(
      c,
      <SignFormPage ctx={c.var.ctx} model={{ ...model, action: `/signer?commune=${commune.insee}` }} />,
      status,
    );
  }

  app.get('/signer', async (c) => {
    const pact = await getCurrentPact(c.var.db, SIGNING_ELECTION);
    if (!pact) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    const insee = c.req.query('commune');
    if (insee) {
      const commune = await communeContext(c, insee.slice(0, 10));
      if (!commune) {
        return renderPage(
          c,
          <SignCommunePage
            ctx={c.var.ctx}
            query=""
            results={[]}
            message={signingT(c.var.ctx.lang)('sign.communeUnknown')}
          />,
          404,
        );
      }
      const values = emptyValues();
      const cp = c.req.query('cp') ?? '';
      values.variant = 'list';
      values.postcode = /^\d{5}$/.test(cp) ? cp : commune.postcodes.length === 1 ? (commune.postcodes[0] ?? '') : '';
      values.place = commune.name;
      values.signedOn = todayInParis();
      const liste = c.req.query('liste');
      if (liste && commune.lists.some((l) => l.id === liste)) values.liste = liste;
      return renderForm(c, pact, commune, values, {});
    }
    const query = (c.req.query('q') ?? '').slice(0, 80);
    if (!query.trim()) return renderPage(c, <SignCommunePage ctx={c.var.ctx} query="" results={[]} />);
    const outcome = await searchCommunes(c.var.db, query, 20);
    const results = outcome.results.map((r) => ({
      insee: r.insee,
      name: r.name,
      departementCode: r.departement_code,
      departementName: r.departement_name,
    }));
    if (results.length === 1 && results[0]) {
      const cp = /^\d{5}$/.test(query.trim()) ? `&cp=${query.trim()}` : '';
      return c.redirect(`/signer?commune=${encodeURIComponent(results[0].insee)}${cp}`, 303);
    }
    const t = signingT(c.var.ctx.lang);
    const message =
      outcome.status === 'too_short'
        ? t('sign.communeTooShort')
        : results.length === 0
          ? t('sign.communeNone', { q: query.trim() })
          : undefined;
    return renderPage(c, <SignCommunePage ctx={c.var.ctx} query={query} results={results} message={message} />);
  });

  app.post('/signer', async (c) => {
    const pact = await getCurrentPact(c.var.db, SIGNING_ELECTION);
    if (!pact) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    const body = await c.req.parseBody();
    const commune = await communeContext(c, (c.req.query('commune') ?? '').slice(0, 10));
    if (!commune) return c.redirect('/signer', 303);
    const values = valuesFromBody(body);
    const guarded = await guard(c, body, PUBLIC_FORM);
    if (guarded === 'bot') return renderPage(c, <SignSentPage ctx={c.var.ctx} />);
    if (guarded !== 'ok') {
      const status = typeof guarded === 'object' ? 429 : 400;
      return renderForm(c, pact, commune, values, { form: guardMessage(c, guarded) }, status);
    }
    const parsed = parseSigningForm(values, {
      lists: commune.lists,
      communeName: commune.name,
      postcodes: commune.postcodes,
      emailRequired: true,
      t: signingT(c.var.ctx.lang),
    });
    if (!parsed.ok) return renderForm(c, pact, commune, values, parsed.errors, 400);
    const d = parsed.data;
    try {
      // Its email (confirmation link, or « already recorded » for a known address: the same page either
      // way, only the owner of the address learns it) is queued in the signature's own transaction.
      await createSignature(
        c.var.db,
        {
          electionId: SIGNING_ELECTION,
          variant: d.variant,
          channel: 'form',
          listId: d.listId,
          communeInsee: commune.insee,
          fields: d.fields,
          consentPublish: d.consentPublish,
          consentContact: d.consentContact,
          comment: d.comment,
        },
        { alongside: queueFormMail(baseUrl(c)) },
      );
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      return renderForm(c, pact, commune, values, { form: error.message }, 400);
    }
    c.var.jobs.notify();
    return c.redirect('/signer/envoye', 303);
  });

  app.get('/signer/envoye', (c) => renderPage(c, <SignSentPage ctx={c.var.ctx} />));

  app.get('/signer/confirmer/:token', async (c) => {
    c.header('Cache-Control', 'no-store');
    const token = c.req.param('token');
    const status = await checkConfirmation(c.var.db, token);
    if (status === 'invalid') return renderPage(c, <LinkProblemPage ctx={c.var.ctx} problem="invalid" />, 404);
    if (status === 'expired') return renderPage(c, <LinkProblemPage ctx={c.var.ctx} problem="expired" />, 410);
    if (status === 'already') return c.redirect(`/signer/merci/${token}`, 303);
    return renderPage(c, <ConfirmPage ctx={c.var.ctx} action={`/signer/confirmer/${token}`} />);
  });

  app.post('/signer/confirmer/:token', async (c) => {
    const token = c.req.param('token');
    const result = await confirmSignature(c.var.db, token);
    if (result.status === 'invalid') return renderPage(c, <LinkProblemPage ctx={c.var.ctx} problem="invalid" />, 404);
    if (result.status === 'expired') return renderPage(c, <LinkProblemPage ctx={c.var.ctx} problem="expired" />, 410);
    return c.redirect(`/signer/merci/${token}${result.status === 'confirmed' ? '?confirmee=1' : ''}`, 303);
  });

  async function thanks(c: C, extra: { uploadError?: string; uploaded?: boolean } = {}, status: 200 | 400 | 413 = 200) {
    c.header('Cache-Control', 'no-store');
    const token = c.req.param('token') ?? '';
    const signature = await findSignatureByToken(c.var.db, token);
    if (!signature) return renderPage(c, <LinkProblemPage ctx={c.var.ctx} problem="invalid" />, 404);
    const pact = await getPactVersion(c.var.db, signature.documentId, signature.documentVersion);
    return renderPage(
      c,
      <ThanksPage
        ctx={c.var.ctx}
        model={{
          token,
          signature,
          pactTitle: pact?.title ?? '',
          confirmed: c.req.query('confirmee') === '1',
          uploaded: c.req.query('depose') === '1',
          ...extra,
        }}
      />,
      status,
    );
  }

  app.get('/signer/merci/:token', (c) => thanks(c));

  app.get('/signer/merci/:token/pacte.pdf', async (c) => {
    const signature = await findSignatureByToken(c.var.db, c.req.param('token'));
    if (!signature) return renderPage(c, <LinkProblemPage ctx={c.var.ctx} problem="invalid" />, 404);
    const pdf = await filledPactPdf(c.var.db, signature);
    if (!pdf) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', `attachment; filename="${SIGNED_PDF_NAME}"`);
    c.header('Cache-Control', 'no-store');
    return c.body(pdf as Uint8Array<ArrayBuffer>);
  });

  app.post(
    '/signer/merci/:token/document',
    uploadLimit({
      maxSize: MAX_DOCUMENT_BYTES + 100_000,
      onError: (c) => thanks(c, { uploadError: signingT(c.var.ctx.lang)('upload.tooBig') }, 413),
    }),
    async (c) => {
      const signature = await findSignatureByToken(c.var.db, c.req.param('token'));
      if (!signature) return renderPage(c, <LinkProblemPage ctx={c.var.ctx} problem="invalid" />, 404);
      const body = await c.req.parseBody();
      const file = body.document;
      if (!(file instanceof File) || file.size === 0) {
        return thanks(c, { uploadError: signingT(c.var.ctx.lang)('upload.missing') }, 400);
      }
      try {
        const stored = await storeDocument(documentsDir(c.var.config), new Uint8Array(await file.arrayBuffer()));
        await attachDocument(c.var.db, signature.id, stored, null);
      } catch (error) {
        if (!(error instanceof DocumentError)) throw error;
        const t = signingT(c.var.ctx.lang);
        const message =
          error.reason === 'too_big'
            ? t('upload.tooBig')
            : error.reason === 'empty'
              ? t('upload.empty')
              : error.reason === 'not_document'
                ? t('upload.notDocument')
                : error.message;
        return thanks(c, { uploadError: message }, 400);
      }
      return c.redirect(`/signer/merci/${c.req.param('token')}?depose=1`, 303);
    },
  );

  // ---- Journey 2: personal invitation links ----

  async function invitationForm(
    c: C,
    values: SigningValues | undefined,
    errors: SignFormModel['errors'],
    status: 200 | 400 | 429 = 200,
  ) {
    const token = c.req.param('token') ?? '';
    const found = await findInvitation(c.var.db, token);
    if (found.status !== 'valid') {
      const problem = found.status === 'expired' ? 'invitationExpired' : found.status;
      return renderPage(
        c,
        <LinkProblemPage ctx={c.var.ctx} problem={problem} />,
        found.status === 'invalid' ? 404 : 410,
      );
    }
    const pact = await getCurrentPact(c.var.db, found.invitation.electionId);
    if (!pact) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    const o = found.official;
    let shown = values;
    if (!shown) {
      shown = emptyValues();
      shown.variant = o.candidacyId ? 'individual' : 'list';
      shown.lastName = o.lastName ?? '';
      shown.firstName = o.firstName ?? '';
      shown.listPosition = o.position ? String(o.position) : '';
      shown.website = o.website ?? '';
      shown.postcode = o.postcodes.length === 1 ? (o.postcodes[0] ?? '') : '';
      shown.place = o.communeName ?? '';
      shown.signedOn = todayInParis();
    }
    c.header('Cache-Control', 'no-store');
    const model: SignFormModel = {
      action: `/signer/invitation/${token}`,
      pact,
      communeName: o.communeName ?? '',
      communeInsee: o.communeInsee,
      postcodes: o.postcodes,
      lists: [],
      fixed: {
        listName: o.listName ?? '',
        candidate: o.candidacyId ? `${o.firstName ?? ''} ${o.lastName ?? ''}`.trim() : undefined,
      },
      values: shown,
      errors,
      emailRequired: false,
      stamp: issueFormStamp(await formSecret(c), INVITATION_FORM),
    };
    return renderPage(c, <SignFormPage ctx={c.var.ctx} model={model} />, status);
  }

  app.get('/signer/invitation/:token', async (c) => {
    return invitationForm(c, undefined, {});
  });

  app.post('/signer/invitation/:token', async (c) => {
    const token = c.req.param('token');
    const found = await findInvitation(c.var.db, token);
    if (found.status !== 'valid') {
      const problem = found.status === 'expired' ? 'invitationExpired' : found.status;
      return renderPage(
        c,
        <LinkProblemPage ctx={c.var.ctx} problem={problem} />,
        found.status === 'invalid' ? 404 : 410,
      );
    }
    const body = await c.req.parseBody();
    const values = valuesFromBody(body);
    const guarded = await guard(c, body, INVITATION_FORM);
    if (guarded === 'bot') return renderPage(c, <SignSentPage ctx={c.var.ctx} />);
    const show = (errors: SignFormModel['errors'], status: 400 | 429) => invitationForm(c, values, errors, status);
    if (guarded !== 'ok') return show({ form: guardMessage(c, guarded) }, typeof guarded === 'object' ? 429 : 400);
    const o = found.official;
    const parsed = parseSigningForm(values, {
      lists: [],
      fixedList: { id: o.listId, name: o.listName ?? '' },
      communeName: o.communeName ?? '',
      postcodes: o.postcodes,
      emailRequired: false,
      t: signingT(c.var.ctx.lang),
    });
    if (!parsed.ok) return show(parsed.errors, 400);
    const d = parsed.data;
    let result: CreatedSignature;
    try {
      result = await signWithInvitation(c.var.db, token, {
        variant: d.variant,
        communeInsee: o.communeInsee,
        fields: d.fields,
        consentPublish: d.consentPublish,
        consentContact: d.consentContact,
        comment: d.comment,
      });
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      return renderPage(c, <LinkProblemPage ctx={c.var.ctx} problem="used" />, 410);
    }
    const s = result.signature;
    if (s.fields.email) {
      const pact = await getCurrentPact(c.var.db, s.electionId);
      await sendWithPdf(c, s, {
        to: s.fields.email,
        ...signatureReceived(
          { baseUrl: baseUrl(c) },
          {
            name: `${s.fields.firstName} ${s.fields.lastName}`,
            pactTitle: pact?.title ?? '',
            link: `${baseUrl(c)}/signer/merci/${result.token}`,
          },
        ),
      });
    }
    return c.redirect(`/signer/merci/${result.token}?confirmee=1`, 303);
  });

  return app;
}
