import { type Context, Hono } from 'hono';
import { requirePermission } from '../accounts/permissions.ts';
import { revertSignatureEntry, signatureHistory } from '../pledges/signature-history.service.ts';
import {
  mergeDuplicate,
  moderationDetails,
  moderationQueue,
  publishSignature,
  QUEUE_STATES,
  rejectSignature,
  SignatureError,
  signatureDocument,
  withdrawSignature,
} from '../pledges/signature-moderation.service.ts';
import {
  CORRECTABLE,
  type CorrectableField,
  correctSignatureByModerator,
  type SignatureCorrection,
  type SignatureState,
} from '../pledges/signatures.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { NotFoundPage } from '../web/pages.views.tsx';
import { renderPage } from '../web/render.ts';
import { HistoryPage } from './history.views.tsx';
import {
  type CorrectionForm,
  type DecisionForm,
  SignatureModerationPage,
  SignatureQueuePage,
} from './signatures.views.tsx';

type C = Context<AppEnv>;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** An entry of a signature's history: « e.<event id> » or « a.<audit id> ». */
const ENTRY_ID = /^[ae]\.[A-Za-z0-9_-]{1,64}$/;
const HISTORY_INTRO =
  'Chaque changement de cette signature : réception, confirmation, décisions des modérateurs, corrections (avec les valeurs avant et après), et ce que le signataire a fait de ses données. La décision ou la correction la plus récente peut être annulée ; l’annulation est elle-même enregistrée.';

async function formText(c: C): Promise<(name: string) => string> {
  const body = await c.req.parseBody();
  return (name) => (typeof body[name] === 'string' ? (body[name] as string) : '');
}

/** « liste:ID » / « candidature:ID » / « aucun » → the link to set; « actuel » or nothing → keep. */
function parseLink(value: string): { listId: string | null; candidacyId: string | null } | undefined | 'invalid' {
  if (value === '' || value === 'actuel') return undefined;
  if (value === 'aucun') return { listId: null, candidacyId: null };
  const [kind, id = ''] = value.split(/:(.*)/s);
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(id)) return 'invalid';
  if (kind === 'liste') return { listId: id, candidacyId: null };
  if (kind === 'candidature') return { listId: null, candidacyId: id };
  return 'invalid';
}

/** The moderators' signatures queue (/moderation/signatures). */
export function signatureModerationRoutes() {
  const app = new Hono<AppEnv>();
  const guard = requirePermission('signatures:moderate');
  const notFound = (c: C) => renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
  const actor = (c: C) => c.var.user?.id ?? 'web';
  const back = (c: C, id: string, done: string) =>
    c.redirect(`/moderation/signatures/${encodeURIComponent(id)}?fait=${done}`, 303);

  async function redisplay(c: C, id: string, form: DecisionForm, status: 400 | 409 = 400, correction?: CorrectionForm) {
    const details = await moderationDetails(c.var.db, id);
    if (!details) return notFound(c);
    return renderPage(
      c,
      <SignatureModerationPage ctx={c.var.ctx} details={details} form={form} correction={correction} />,
      status,
    );
  }

  async function history(c: C, id: string, extra: { error?: string; reverted?: boolean } = {}) {
    const { signature, entries } = await signatureHistory(c.var.db, id);
    if (!signature && entries.length === 0) return notFound(c);
    const base = `/moderation/signatures/${encodeURIComponent(id)}`;
    return renderPage(
      c,
      <HistoryPage
        ctx={c.var.ctx}
        intro={HISTORY_INTRO}
        title={
          signature
            ? `signature de ${signature.fields.firstName} ${signature.fields.lastName}`
            : `signature ${id} (supprimée)`
        }
        parents={[{ label: 'Signatures', href: '/moderation/signatures' }]}
        backHref={signature ? base : undefined}
        publicHref={signature?.state === 'published' ? `/signataires/${encodeURIComponent(id)}` : undefined}
        entries={entries}
        revertAction={(entry) => `${base}/historique/${encodeURIComponent(entry.id)}/annuler`}
        empty="Aucun changement enregistré."
        {...extra}
      />,
      extra.error ? 409 : 200,
    );
  }

  app.get('/moderation/signatures', guard, async (c) => {
    const wanted = c.req.query('etat') ?? 'to_verify';
    const state = (QUEUE_STATES as readonly string[]).includes(wanted) ? (wanted as SignatureState) : 'to_verify';
    const page = Math.max(1, Math.min(10_000, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
    const { items, counts } = await moderationQueue(c.var.db, state, page);
    return renderPage(
      c,
      <SignatureQueuePage ctx={c.var.ctx} state={state} items={items} counts={counts} page={page} />,
    );
  });

  app.get('/moderation/signatures/:id', guard, async (c) => {
    const id = c.req.param('id');
    const details = ID.test(id) ? await moderationDetails(c.var.db, id) : undefined;
    if (!details) return notFound(c);
    return renderPage(
      c,
      <SignatureModerationPage ctx={c.var.ctx} details={details} done={c.req.query('fait') || undefined} />,
    );
  });

  // The signed document: only for moderators, never cached, type re-checked from the bytes.
  app.get('/moderation/signatures/:id/document', guard, async (c) => {
    const id = c.req.param('id');
    const document = ID.test(id) ? await signatureDocument(c.var.db, c.var.config, id) : undefined;
    if (!document) return notFound(c);
    const known = document.type !== 'application/octet-stream';
    const disposition = known && c.req.query('telecharger') !== '1' ? 'inline' : 'attachment';
    return c.body(new Uint8Array(document.bytes), 200, {
      'Content-Type': document.type,
      'Content-Disposition': `${disposition}; filename="${document.fileName}"`,
      'Content-Length': String(document.bytes.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      // Shown inline to moderators (a checked PDF or image): sandboxed, so even a crafted file runs nothing here.
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    });
  });

  app.get('/moderation/signatures/:id/historique', guard, (c) => {
    const id = c.req.param('id');
    return ID.test(id) ? history(c, id, { reverted: c.req.query('annule') === '1' }) : notFound(c);
  });

  app.post('/moderation/signatures/:id/historique/:entryId/annuler', guard, async (c) => {
    const id = c.req.param('id');
    const entryId = c.req.param('entryId');
    if (!ID.test(id) || !ENTRY_ID.test(entryId)) return notFound(c);
    try {
      await revertSignatureEntry(c.var.db, id, entryId, actor(c));
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      if (!(await signatureHistory(c.var.db, id)).entries.some((e) => e.id === entryId)) return notFound(c);
      return history(c, id, { error: error.message });
    }
    return c.redirect(`/moderation/signatures/${encodeURIComponent(id)}/historique?annule=1`, 303);
  });

  app.post('/moderation/signatures/:id/corriger', guard, async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return notFound(c);
    const text = await formText(c);
    const values: SignatureCorrection = Object.fromEntries(
      (Object.keys(CORRECTABLE) as CorrectableField[]).map((f) => [f, text(f)]),
    );
    try {
      const result = await correctSignatureByModerator(c.var.db, id, values, actor(c));
      if ('errors' in result) return redisplay(c, id, {}, 400, { values, errors: result.errors });
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      return notFound(c);
    }
    return back(c, id, 'corrigee');
  });

  app.post('/moderation/signatures/:id/publier', guard, async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return notFound(c);
    const text = await formText(c);
    const form: DecisionForm = { action: 'publier', link: text('rattachement'), note: text('note') };
    const link = parseLink(form.link ?? '');
    if (link === 'invalid') return redisplay(c, id, { ...form, error: 'Choisissez un rattachement dans la liste.' });
    try {
      await publishSignature(c.var.db, id, actor(c), { link, note: form.note });
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      return redisplay(c, id, { ...form, error: error.message }, 409);
    }
    return back(c, id, 'publiee');
  });

  app.post('/moderation/signatures/:id/refuser', guard, async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return notFound(c);
    const text = await formText(c);
    const reason = text('raison').trim();
    const form: DecisionForm = { action: 'refuser', reason };
    if (!reason)
      return redisplay(c, id, { ...form, error: 'Indiquez la raison du refus : elle est envoyée au signataire.' });
    try {
      const mail = await rejectSignature(c.var.db, c.var.mailer, c.var.config, id, actor(c), reason);
      return back(
        c,
        id,
        mail === 'sent' ? 'refusee' : mail === 'no-address' ? 'refusee-sans-courriel' : 'refusee-echec',
      );
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      return redisplay(c, id, { ...form, error: error.message }, 409);
    }
  });

  app.post('/moderation/signatures/:id/retirer', guard, async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return notFound(c);
    const text = await formText(c);
    const reason = text('raison').trim();
    const form: DecisionForm = { action: 'retirer', reason };
    if (!reason) return redisplay(c, id, { ...form, error: 'Indiquez qui a demandé le retrait, et comment.' });
    try {
      await withdrawSignature(c.var.db, id, actor(c), reason);
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      return redisplay(c, id, { ...form, error: error.message }, 409);
    }
    return back(c, id, 'retiree');
  });

  app.post('/moderation/signatures/:id/fusionner', guard, async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return notFound(c);
    const keep = (await formText(c))('garder');
    try {
      await mergeDuplicate(c.var.db, id, keep, actor(c));
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      return redisplay(c, id, { action: 'fusionner', error: error.message }, 409);
    }
    return back(c, id, 'fusionnee');
  });

  return app;
}
