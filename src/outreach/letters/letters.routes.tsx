import { type Context, Hono } from 'hono';
import { can, requirePermission } from '../../accounts/permissions.ts';
import { checkEmail, findUserByEmail, normalizeEmail, type User } from '../../accounts/users.service.ts';
import { listElections } from '../../elections/elections.service.ts';
import type { AppEnv } from '../../web/app-env.ts';
import { NotFoundPage } from '../../web/pages.views.tsx';
import { renderPage } from '../../web/render.ts';
import { letterOdt, ODT_MIMETYPE, odtZipChunks } from './letter-odt.ts';
import { letterPdfChunks, lettersPdf } from './letter-pdf.ts';
import {
  composeOptions,
  defaultSender,
  getRecipient,
  knownEmails,
  LetterError,
  letterFor,
  lettersOfZone,
  resolveRecipientKey,
  type Sender,
  sendLetterEmail,
  sendsTo,
  type Zone,
} from './letters.service.ts';
import {
  type BatchForm,
  type EmailForm,
  EmailSentPage,
  LettersHomePage,
  type SingleForm,
  TemplateEditPage,
  TemplatesPage,
} from './letters.views.tsx';
import {
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
  type TemplateErrors,
  type TemplateInput,
  updateTemplate,
} from './templates.service.ts';

type Body = Record<string, string | File | (string | File)[]>;
type C = Context<AppEnv>;

function field(body: Body, name: string, max = 2000): string {
  const value = body[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

function senderOf(body: Body): Sender {
  return {
    organisationName: field(body, 'organisation', 200),
    organisationSite: field(body, 'site', 300),
    address: field(body, 'adresse', 500),
    volunteerName: field(body, 'benevole', 200),
    signature: field(body, 'signature', 500),
    place: field(body, 'lieu', 100),
  };
}

const ZONE_CODES: Record<Zone['kind'], RegExp> = {
  commune: /^(\d{5}|2[AB]\d{3})$/,
  epci: /^\d{9}$/,
  departement: /^(\d{2,3}|2[AB])$/,
};

const ZONE_MESSAGES: Record<Zone['kind'], string> = {
  commune: 'Code INSEE de commune invalide (5 caractères, par exemple 62498).',
  epci: 'Numéro SIREN d’intercommunalité invalide (9 chiffres).',
  departement: 'Code de département invalide (par exemple 62, 2A ou 974).',
};

/** A file download; the name is ASCII (slugified) so it needs no encoding. */
function download(c: C, body: Uint8Array | ReadableStream, type: string, name: string) {
  c.header('Content-Type', type);
  c.header('Content-Disposition', `attachment; filename="${name}"`);
  c.header('Cache-Control', 'private, no-store');
  return c.body(body as Uint8Array<ArrayBuffer>);
}

function streamOf(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

export function letterRoutes() {
  const app = new Hono<AppEnv>();

  const user = (c: C) => c.var.user as User;
  const options = (c: C) => composeOptions(c.var.db, c.var.config.baseUrl, user(c).id);

  async function home(
    c: C,
    forms: { single?: Partial<SingleForm>; batch?: Partial<BatchForm>; email?: Partial<EmailForm>; sender?: Sender },
    status: 200 | 400 | 403 | 409 = 200,
  ) {
    const db = c.var.db;
    const [templates, elections] = await Promise.all([listTemplates(db), listElections(db)]);
    const account = forms.sender ? undefined : await findUserByEmail(db, user(c).email);
    const sender = forms.sender ?? (await defaultSender(db, { id: user(c).id, displayName: account?.displayName }));
    const recipientKey = forms.single?.recipient ?? forms.email?.recipient ?? c.req.query('destinataire') ?? '';
    const key = recipientKey ? await resolveRecipientKey(db, recipientKey) : undefined;
    const recipient = key ? await getRecipient(db, key) : undefined;
    const firstTemplate = (kind: string | undefined) =>
      templates.find((t) => t.electionKind === kind)?.id ?? templates[0]?.id ?? '';
    return renderPage(
      c,
      <LettersHomePage
        ctx={c.var.ctx}
        page={{
          templates,
          elections: elections.map((e) => ({ id: e.id, name: e.name })),
          sender,
          recipient,
          sends: key ? await sendsTo(db, key) : undefined,
          knownEmails: recipient ? await knownEmails(db, recipient) : undefined,
          canEditTemplates: can(user(c).role, 'letters:templates'),
          single: {
            recipient: recipientKey,
            templateId: firstTemplate(recipient?.electionKind),
            format: 'pdf',
            errors: {},
            ...forms.single,
          },
          batch: {
            electionId: elections.find((e) => e.id === 'municipales-2026')?.id ?? elections[0]?.id ?? '',
            zoneKind: 'commune',
            zoneCode: '',
            templateId: firstTemplate('municipales'),
            format: 'pdf',
            errors: {},
            ...forms.batch,
          },
          email: {
            recipient: recipientKey,
            email: '',
            templateId: firstTemplate(recipient?.electionKind),
            errors: {},
            ...forms.email,
          },
        }}
      />,
      status,
    );
  }

  app.get('/espace/lettres', requirePermission('letters:use'), (c) => home(c, {}));

  app.post('/espace/lettres/document', requirePermission('letters:use'), async (c) => {
    const body = await c.req.parseBody();
    const sender = senderOf(body);
    const form: SingleForm = {
      recipient: field(body, 'destinataire', 200),
      templateId: field(body, 'modele', 100),
      format: field(body, 'format') === 'odt' ? 'odt' : 'pdf',
      errors: {},
    };
    const key = await resolveRecipientKey(c.var.db, form.recipient);
    if (!key) {
      form.errors.destinataire = form.recipient.trim()
        ? 'Aucune liste ni candidature ne porte cet identifiant.'
        : 'Indiquez la liste ou la candidature à qui écrire.';
      return home(c, { single: form, sender }, 400);
    }
    try {
      const letter = await letterFor(c.var.db, user(c), form.templateId, key, sender, options(c));
      if (form.format === 'odt') return download(c, letterOdt(letter), ODT_MIMETYPE, `${letter.fileName}.odt`);
      return download(c, await lettersPdf([letter], letter.subject), 'application/pdf', `${letter.fileName}.pdf`);
    } catch (error) {
      if (!(error instanceof LetterError)) throw error;
      form.errors[error.message.startsWith('Modèle') ? 'modele' : 'form'] = error.message;
      return home(c, { single: form, sender }, 400);
    }
  });

  app.post('/espace/lettres/lot', requirePermission('letters:use'), async (c) => {
    const body = await c.req.parseBody();
    const sender = senderOf(body);
    const zoneKind = field(body, 'zone');
    const form: BatchForm = {
      electionId: field(body, 'election', 100),
      zoneKind: zoneKind === 'epci' || zoneKind === 'departement' ? zoneKind : 'commune',
      zoneCode: field(body, 'code', 20).trim().toUpperCase(),
      templateId: field(body, 'modele', 100),
      format: field(body, 'format') === 'zip' ? 'zip' : 'pdf',
      errors: {},
    };
    if (!ZONE_CODES[form.zoneKind].test(form.zoneCode)) {
      form.errors.code = ZONE_MESSAGES[form.zoneKind];
      return home(c, { batch: form, sender }, 400);
    }
    const zone: Zone = { kind: form.zoneKind, code: form.zoneCode };
    let letters: Awaited<ReturnType<typeof lettersOfZone>>;
    try {
      letters = await lettersOfZone(c.var.db, user(c), form.templateId, form.electionId, zone, sender, options(c));
    } catch (error) {
      if (!(error instanceof LetterError)) throw error;
      form.errors[error.message.startsWith('Modèle') ? 'modele' : 'code'] = error.message;
      return home(c, { batch: form, sender }, 400);
    }
    const name = `lettres-${form.electionId}-${zone.kind}-${zone.code}`.toLowerCase();
    // Streamed: each letter is written out as soon as it is laid out.
    if (form.format === 'zip') return download(c, streamOf(odtZipChunks(letters)), 'application/zip', `${name}.zip`);
    const pdf = letterPdfChunks(letters, `Lettres — ${zone.code}`);
    return download(c, streamOf(pdf), 'application/pdf', `${name}.pdf`);
  });

  app.post('/espace/lettres/courriel', requirePermission('letters:use'), async (c) => {
    const body = await c.req.parseBody();
    const sender = senderOf(body);
    const form: EmailForm = {
      recipient: field(body, 'destinataire', 200),
      email: field(body, 'courriel', 320).trim(),
      templateId: field(body, 'modele', 100),
      errors: {},
    };
    const key = await resolveRecipientKey(c.var.db, form.recipient);
    if (!key) {
      form.errors.destinataire = form.recipient.trim()
        ? 'Aucune liste ni candidature ne porte cet identifiant.'
        : 'Indiquez la liste ou la candidature à qui écrire.';
    }
    const emailError = form.email ? checkEmail(form.email) : 'Saisissez l’adresse électronique du candidat.';
    if (emailError) form.errors.courriel = emailError.charAt(0).toUpperCase() + emailError.slice(1);
    if (!key || emailError) return home(c, { email: form, sender }, 400);
    try {
      const outcome = await sendLetterEmail(c.var.db, c.var.mailer, {
        templateId: form.templateId,
        recipientKey: key,
        email: normalizeEmail(form.email),
        sender,
        actor: user(c),
        options: options(c),
      });
      return renderPage(
        c,
        <EmailSentPage ctx={c.var.ctx} outcome={outcome} email={form.email} recipientKey={key} />,
        outcome.status === 'sent' ? 200 : 502,
      );
    } catch (error) {
      if (!(error instanceof LetterError)) throw error;
      form.errors[error.message.startsWith('Modèle') ? 'modele' : 'form'] = error.message;
      return home(c, { email: form, sender }, 400);
    }
  });

  // ---- Templates (coordination and administration) ----

  app.get('/espace/lettres/modeles', requirePermission('letters:templates'), async (c) =>
    renderPage(c, <TemplatesPage ctx={c.var.ctx} templates={await listTemplates(c.var.db)} />),
  );

  const emptyInput: TemplateInput = { name: '', electionKind: 'municipales', subject: '', body: '' };
  const inputOf = (body: Body): TemplateInput => ({
    name: field(body, 'name', 300),
    electionKind: field(body, 'electionKind', 50),
    subject: field(body, 'subject', 1000),
    body: field(body, 'body', 30_000),
  });

  app.get('/espace/lettres/modeles/nouveau', requirePermission('letters:templates'), (c) =>
    renderPage(c, <TemplateEditPage ctx={c.var.ctx} input={emptyInput} errors={{}} />),
  );

  app.post('/espace/lettres/modeles', requirePermission('letters:templates'), async (c) => {
    const input = inputOf(await c.req.parseBody());
    const result = await createTemplate(c.var.db, input, user(c).id);
    if (!result.ok)
      return renderPage(c, <TemplateEditPage ctx={c.var.ctx} input={input} errors={result.errors} />, 400);
    return c.redirect(`/espace/lettres/modeles/${encodeURIComponent(result.id)}?enregistre=1`, 303);
  });

  app.get('/espace/lettres/modeles/:id', requirePermission('letters:templates'), async (c) => {
    const template = await getTemplate(c.var.db, c.req.param('id'));
    if (!template) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    return renderPage(
      c,
      <TemplateEditPage
        ctx={c.var.ctx}
        template={template}
        input={template}
        errors={{}}
        saved={c.req.query('enregistre') === '1'}
      />,
    );
  });

  app.post('/espace/lettres/modeles/:id', requirePermission('letters:templates'), async (c) => {
    const template = await getTemplate(c.var.db, c.req.param('id'));
    if (!template) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    const body = await c.req.parseBody();
    const input = inputOf(body);
    const version = Number(field(body, 'version', 20));
    const result = await updateTemplate(c.var.db, template.id, version, input, user(c).id);
    if (!result.ok) {
      const errors: TemplateErrors = result.errors;
      // After a conflict, show the stored version (its number) so the next save is checked against it.
      const current = (await getTemplate(c.var.db, template.id)) ?? template;
      return renderPage(
        c,
        <TemplateEditPage ctx={c.var.ctx} template={current} input={input} errors={errors} />,
        errors.form ? 409 : 400,
      );
    }
    return c.redirect(`/espace/lettres/modeles/${encodeURIComponent(template.id)}?enregistre=1`, 303);
  });

  app.post('/espace/lettres/modeles/:id/supprimer', requirePermission('letters:templates'), async (c) => {
    await deleteTemplate(c.var.db, c.req.param('id'));
    return c.redirect('/espace/lettres/modeles', 303);
  });

  return app;
}
