import { type Context, Hono } from 'hono';
import { requirePermission } from '../accounts/permissions.ts';
import { ballotsForCommune } from '../candidates/candidates.service.ts';
import { getCommune, searchCommunes } from '../territories/territories.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { renderPage } from '../web/render.ts';
import { uploadLimit } from '../web/upload-limit.ts';
import { checkDocument, DocumentError, documentsDir, MAX_DOCUMENT_BYTES, storeDocument } from './documents.storage.ts';
import { PaperCommunePage, type PaperErrors, PaperFormPage } from './paper-entry.views.tsx';
import { attachDocument, communePostcodes, createSignature, SignatureError } from './signatures.service.ts';
import { emptyValues, type ListChoice, parseSigningForm, type SigningValues, valuesFromBody } from './signing.form.ts';

// Journey 3 (/espace/signatures/saisie): a volunteer keys in a signature received on paper, by post,
// email or fax, with the scanned signed document (PDF, JPEG or PNG checked by content, ≤ 10 MB).
// The signature is created with channel « paper », « saisie par » = the volunteer, state to_verify.

/** The election paper signatures are keyed in for (the campaign in progress). */
const PAPER_ELECTION = 'municipales-2026';
const MAX_MB = Math.round(MAX_DOCUMENT_BYTES / 1024 / 1024);

type C = Context<AppEnv>;

async function communeContext(c: C, insee: string) {
  const commune = /^[0-9][0-9AB][0-9]{3}$/.test(insee) ? await getCommune(c.var.db, insee) : undefined;
  if (!commune) return undefined;
  const [postcodes, ballots] = await Promise.all([
    communePostcodes(c.var.db, commune.insee),
    ballotsForCommune(c.var.db, commune.insee),
  ]);
  const lists: ListChoice[] = ballots
    .filter((b) => b.election_id === PAPER_ELECTION)
    .flatMap((b) => b.lists.map((l) => ({ id: l.id, name: l.name })));
  return { insee: commune.insee, name: commune.name, postcodes, lists };
}
type CommuneContext = NonNullable<Awaited<ReturnType<typeof communeContext>>>;

function form(
  c: C,
  commune: CommuneContext,
  values: SigningValues,
  errors: PaperErrors,
  status: 200 | 400 | 413 = 200,
  saved?: { id: string; existing: boolean },
) {
  return renderPage(
    c,
    <PaperFormPage
      ctx={c.var.ctx}
      model={{
        commune: { insee: commune.insee, name: commune.name, postcodes: commune.postcodes },
        lists: commune.lists,
        values,
        errors,
        saved,
        maxMegabytes: MAX_MB,
      }}
    />,
    status,
  );
}

function freshValues(commune: CommuneContext): SigningValues {
  const values = emptyValues();
  values.variant = 'list';
  if (commune.postcodes.length === 1) values.postcode = commune.postcodes[0] ?? '';
  return values;
}

export function paperEntryRoutes() {
  const app = new Hono<AppEnv>();
  const guard = requirePermission('signatures:enter');

  app.get('/espace/signatures/saisie', guard, async (c) => {
    const insee = (c.req.query('commune') ?? '').toUpperCase().slice(0, 5);
    if (insee) {
      const commune = await communeContext(c, insee);
      if (commune) {
        const savedId = c.req.query('enregistree');
        const saved = savedId ? { id: savedId, existing: c.req.query('existante') === '1' } : undefined;
        return form(c, commune, freshValues(commune), {}, 200, saved);
      }
      return renderPage(
        c,
        <PaperCommunePage ctx={c.var.ctx} query="" results={[]} message="Commune inconnue : cherchez-la de nouveau." />,
        404,
      );
    }
    const query = (c.req.query('q') ?? '').slice(0, 80);
    if (!query.trim()) return renderPage(c, <PaperCommunePage ctx={c.var.ctx} query="" results={[]} />);
    const outcome = await searchCommunes(c.var.db, query, 20);
    if (outcome.results.length === 1 && outcome.results[0]) {
      return c.redirect(`/espace/signatures/saisie?commune=${outcome.results[0].insee}`, 303);
    }
    const message =
      outcome.status === 'too_short'
        ? 'Saisissez au moins 2 lettres du nom de la commune, ou son code postal.'
        : outcome.results.length === 0
          ? `Aucune commune ne correspond à « ${query.trim()} ».`
          : undefined;
    return renderPage(
      c,
      <PaperCommunePage ctx={c.var.ctx} query={query} results={outcome.results} message={message} />,
      outcome.results.length === 0 ? 404 : 200,
    );
  });

  app.post(
    '/espace/signatures/saisie',
    guard,
    uploadLimit({
      maxSize: MAX_DOCUMENT_BYTES + 200_000,
      onError: async (c) => {
        const commune = await communeContext(c, (c.req.query('commune') ?? '').toUpperCase().slice(0, 5));
        if (!commune) return c.text('Envoi trop volumineux.', 413);
        const message = `Le fichier dépasse ${MAX_MB} Mo : numérisez le document en plus basse résolution, ou en PDF. Les champs sont à ressaisir.`;
        return form(c, commune, freshValues(commune), { document: message }, 413);
      },
    }),
    async (c) => {
      const commune = await communeContext(c, (c.req.query('commune') ?? '').toUpperCase().slice(0, 5));
      if (!commune) return c.redirect('/espace/signatures/saisie', 303);
      const body = await c.req.parseBody();
      const values = valuesFromBody(body);
      const parsed = parseSigningForm(values, {
        lists: commune.lists,
        communeName: commune.name,
        postcodes: commune.postcodes,
        emailRequired: false,
      });
      const errors: PaperErrors = parsed.ok ? {} : { ...parsed.errors };
      const file = body.document;
      let bytes: Uint8Array | undefined;
      if (!(file instanceof File) || file.size === 0) {
        errors.document = 'Joignez le document signé numérisé (PDF, JPEG ou PNG).';
      } else {
        bytes = new Uint8Array(await file.arrayBuffer());
        try {
          checkDocument(bytes);
        } catch (error) {
          if (!(error instanceof DocumentError)) throw error;
          errors.document = error.message;
        }
      }
      if (!parsed.ok || !bytes || Object.keys(errors).length > 0) return form(c, commune, values, errors, 400);
      const d = parsed.data;
      const user = c.var.user?.id ?? null;
      const stored = await storeDocument(documentsDir(c.var.config), bytes);
      let saved: { id: string; existing: boolean };
      try {
        const result = await createSignature(c.var.db, {
          electionId: PAPER_ELECTION,
          variant: d.variant,
          channel: 'paper',
          listId: d.listId,
          communeInsee: commune.insee,
          fields: d.fields,
          consentPublish: d.consentPublish,
          consentContact: d.consentContact,
          comment: d.comment,
          enteredBy: user,
          document: stored,
        });
        // Already recorded (same email, same list): keep the scan if the first one had none.
        if (!result.created && !result.signature.document) {
          await attachDocument(c.var.db, result.signature.id, stored, user);
        }
        saved = { id: result.signature.id, existing: !result.created };
      } catch (error) {
        if (!(error instanceof SignatureError)) throw error;
        return form(c, commune, values, { form: error.message }, 400);
      }
      return c.redirect(
        `/espace/signatures/saisie?commune=${commune.insee}&enregistree=${encodeURIComponent(saved.id)}${saved.existing ? '&existante=1' : ''}`,
        303,
      );
    },
  );

  return app;
}
