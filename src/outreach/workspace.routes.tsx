import { type Context, Hono } from 'hono';
import { type Action, can, requirePermission, safeNext } from '../accounts/permissions.ts';
import { findUserByEmail, type User } from '../accounts/users.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import type { FormErrors } from '../web/form.views.tsx';
import { renderPage } from '../web/render.ts';
import {
  type ContactInput,
  ContactValidationError,
  contactsOf,
  dueFollowUps,
  getContact,
  logContact,
  markFollowUpDone,
  ResponseValidationError,
  recordResponse,
  responsesOf,
  updateContact,
  validateResponse,
} from './contacts.service.ts';
import { OutreachError } from './errors.ts';
import { organisationsOfUser, zoneScopeOf } from './organisations.service.ts';
import { currentReservation, release, reserve } from './reservations.service.ts';
import { DocumentError, MAX_DOCUMENT_BYTES, saveResponseDocument } from './response-documents.ts';
import { type ContactFormValues, EditContactPage, type ResponseFormValues, TargetPage } from './target.views.tsx';
import { actingOrganisation, assertInZone, resolveTarget, type Target } from './targets.service.ts';
import { coverage, targetStatus, workspacePage } from './workspace.service.ts';
import { OutreachErrorPage, targetHref, WorkspacePage } from './workspace.views.tsx';

type Ctx = Context<AppEnv>;

function signedIn(c: Ctx): User {
  const user = c.var.user;
  if (!user) throw new Error('requirePermission runs first');
  return user;
}

function today(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(new Date());
}

async function fields(c: Ctx) {
  const body = await c.req.parseBody();
  return (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
}

const TITLES: Record<number, string> = {
  400: 'Action impossible',
  403: 'Action refusée',
  404: 'Introuvable',
  409: 'Action impossible',
};

export function outreachErrorPage(c: Ctx, error: unknown, back?: string) {
  if (!(error instanceof OutreachError)) throw error;
  return renderPage(
    c,
    <OutreachErrorPage ctx={c.var.ctx} title={TITLES[error.status] ?? 'Erreur'} message={error.message} back={back} />,
    error.status,
  );
}

const TARGET_TYPES: Record<string, string> = { liste: 'list', candidature: 'candidacy' };

async function targetOf(c: Ctx): Promise<Target> {
  const type = TARGET_TYPES[c.req.param('type') ?? ''];
  if (!type) throw new OutreachError(404, 'Liste ou candidature introuvable.');
  return resolveTarget(c.var.db, type, c.req.param('id') ?? '');
}

const emptyContact = (): ContactFormValues => ({
  channel: '',
  contactedOn: today(),
  notes: '',
  nextStep: '',
  nextStepDue: '',
});
const emptyResponse = (): ResponseFormValues => ({
  receivedOn: today(),
  classification: '',
  level: '',
  verbatim: '',
  consent: false,
});

async function renderTarget(
  c: Ctx,
  target: Target,
  options: {
    contactForm?: { values: ContactFormValues; errors: FormErrors };
    responseForm?: { values: ResponseFormValues; errors: FormErrors };
    notice?: string;
    status?: 200 | 400 | 409;
  } = {},
) {
  const user = signedIn(c);
  const db = c.var.db;
  const reservation = await currentReservation(db, target);
  const [status, contacts, responses] = await Promise.all([
    targetStatus(db, target, reservation),
    contactsOf(db, target),
    responsesOf(db, target),
  ]);
  return renderPage(
    c,
    <TargetPage
      ctx={c.var.ctx}
      target={target}
      status={status}
      reservation={reservation}
      userId={user.id}
      contacts={contacts}
      responses={responses}
      contactForm={options.contactForm ?? { values: emptyContact(), errors: {} }}
      responseForm={options.responseForm ?? { values: emptyResponse(), errors: {} }}
      notice={options.notice}
    />,
    options.status ?? 200,
  );
}

function contactInput(text: (name: string) => string): ContactInput & ContactFormValues {
  return {
    channel: text('channel'),
    contactedOn: text('contactedOn').trim(),
    notes: text('notes'),
    nextStep: text('nextStep'),
    nextStepDue: text('nextStepDue').trim(),
  };
}

/** The other tools of the workspace, shown on /espace to those who may use them. */
const TOOLS: { href: string; label: string; action: Action }[] = [
  { href: '/espace/lettres', label: 'Lettres et courriels aux candidats', action: 'letters:use' },
  { href: '/espace/invitations', label: 'Liens personnels de signature', action: 'invitations:create' },
  { href: '/espace/signatures/saisie', label: 'Saisir une signature reçue sur papier', action: 'signatures:enter' },
  { href: '/espace/ambassadeurs', label: 'Ambassadeurs du libre', action: 'ambassadors:workspace' },
  { href: '/espace/suivi', label: 'Suivi des engagements des élus', action: 'followup:propose' },
  { href: '/espace/relais', label: 'Organisations relais', action: 'organisations:manage' },
  { href: '/moderation/reponses', label: 'Réponses à modérer', action: 'responses:moderate' },
];

export function workspaceRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/espace', requirePermission('outreach:workspace'));
  app.use('/espace/reserver', requirePermission('outreach:workspace'));
  app.use('/espace/liberer', requirePermission('outreach:workspace'));
  app.use('/espace/cibles/*', requirePermission('outreach:workspace'));
  app.use('/espace/contacts/*', requirePermission('outreach:workspace'));

  app.get('/espace', async (c) => {
    const user = signedIn(c);
    const db = c.var.db;
    const commune = (c.req.query('commune') ?? '').trim().toUpperCase();
    const nuance = (c.req.query('nuance') ?? '').trim().toUpperCase();
    const filters = {
      commune: /^[0-9AB]{5}$/.test(commune) ? commune : '',
      nuance: /^[A-Z0-9-]{1,10}$/.test(nuance) ? nuance : '',
      headsOnly: c.req.query('tous') !== '1',
      eligibleFirst: c.req.query('eligibles') === '1',
    };
    const pageNumber = Number.parseInt(c.req.query('page') ?? '1', 10) || 1;
    const scope = await zoneScopeOf(db, user);
    const [account, organisations, result, followUps, cov] = await Promise.all([
      findUserByEmail(db, user.email),
      organisationsOfUser(db, user.id),
      workspacePage(
        db,
        scope,
        {
          commune: filters.commune || undefined,
          nuance: filters.nuance || undefined,
          headsOnly: filters.headsOnly,
          eligibleFirst: filters.eligibleFirst,
        },
        pageNumber,
      ),
      dueFollowUps(db, user.id, '9999-12-31'),
      coverage(db, scope),
    ]);
    return renderPage(
      c,
      <WorkspacePage
        ctx={c.var.ctx}
        name={account?.displayName || user.email}
        organisations={organisations}
        filters={filters}
        result={result}
        followUps={followUps}
        today={today()}
        coverage={cov}
        userId={user.id}
        tools={TOOLS.filter((t) => can(user.role, t.action))}
      />,
    );
  });

  app.post('/espace/reserver', async (c) => {
    const user = signedIn(c);
    const text = await fields(c);
    const back = safeNext(text('retour')) ?? '/espace';
    try {
      const target = await resolveTarget(c.var.db, text('type'), text('id'));
      await reserve(c.var.db, user, target, { organisationId: await actingOrganisation(c.var.db, user, target) });
      return c.redirect(back, 303);
    } catch (error) {
      return outreachErrorPage(c, error, back);
    }
  });

  app.post('/espace/liberer', async (c) => {
    const user = signedIn(c);
    const text = await fields(c);
    const back = safeNext(text('retour')) ?? '/espace';
    try {
      const target = await resolveTarget(c.var.db, text('type'), text('id'));
      await release(c.var.db, user, target);
      return c.redirect(back, 303);
    } catch (error) {
      return outreachErrorPage(c, error, back);
    }
  });

  app.get('/espace/cibles/:type/:id', async (c) => {
    try {
      const target = await targetOf(c);
      // The contact log holds volunteers' notes: only for the zone's volunteers.
      await assertInZone(c.var.db, signedIn(c), target);
      return renderTarget(c, target);
    } catch (error) {
      return outreachErrorPage(c, error);
    }
  });

  app.post('/espace/cibles/:type/:id/contacts', async (c) => {
    const user = signedIn(c);
    const text = await fields(c);
    const input = contactInput(text);
    try {
      const target = await targetOf(c);
      try {
        await logContact(c.var.db, user, target, input, {
          organisationId: await actingOrganisation(c.var.db, user, target),
        });
      } catch (error) {
        if (error instanceof ContactValidationError) {
          return renderTarget(c, target, { contactForm: { values: input, errors: error.errors }, status: 400 });
        }
        throw error;
      }
      return c.redirect(`${targetHref(target.type, target.id)}#contacts`, 303);
    } catch (error) {
      return outreachErrorPage(c, error);
    }
  });

  app.post(
    '/espace/cibles/:type/:id/reponses',
    // The size is checked on Content-Length before the body is read (the anti-CSRF check may already
    // have read a url-encoded body, so hono's bodyLimit, which reads the stream, cannot be used).
    async (c, next) => {
      const multipart = (c.req.header('content-type') ?? '').startsWith('multipart/form-data');
      const length = Number(c.req.header('content-length') ?? Number.NaN);
      if (multipart && Number.isNaN(length)) {
        return outreachErrorPage(
          c,
          new OutreachError(400, 'Envoi refusé : sa taille n’est pas annoncée (Content-Length).'),
        );
      }
      if (multipart && length > MAX_DOCUMENT_BYTES + 200_000) {
        return outreachErrorPage(
          c,
          new OutreachError(400, 'Le document dépasse 10 Mo : envoyez un fichier plus léger (PDF, JPEG ou PNG).'),
        );
      }
      await next();
    },
    async (c) => {
      const user = signedIn(c);
      const body = await c.req.parseBody();
      const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
      const file = body.document instanceof File && body.document.size > 0 ? body.document : undefined;
      const values: ResponseFormValues = {
        receivedOn: text('receivedOn').trim(),
        classification: text('classification'),
        level: text('level'),
        verbatim: text('verbatim'),
        consent: text('consent') === '1',
      };
      try {
        const target = await targetOf(c);
        try {
          await assertInZone(c.var.db, user, target);
          const problems = validateResponse({ ...values, document: file ? { path: '', name: file.name } : undefined });
          if (Object.keys(problems).length > 0) throw new ResponseValidationError(problems);
          let document: { path: string; name: string } | undefined;
          if (file) {
            try {
              document = await saveResponseDocument(c.var.config, file);
            } catch (error) {
              if (error instanceof DocumentError) throw new ResponseValidationError({ document: error.message });
              throw error;
            }
          }
          await recordResponse(
            c.var.db,
            user,
            target,
            { ...values, document },
            { organisationId: await actingOrganisation(c.var.db, user, target) },
          );
        } catch (error) {
          if (error instanceof ResponseValidationError) {
            return renderTarget(c, target, { responseForm: { values, errors: error.errors }, status: 400 });
          }
          throw error;
        }
        return c.redirect(`${targetHref(target.type, target.id)}#reponses`, 303);
      } catch (error) {
        return outreachErrorPage(c, error);
      }
    },
  );

  app.get('/espace/contacts/:id', async (c) => {
    const user = signedIn(c);
    try {
      const contact = await getContact(c.var.db, c.req.param('id'));
      if (contact.user_id !== user.id && user.role !== 'admin') {
        throw new OutreachError(
          403,
          'Ce contact a été enregistré par une autre personne : vous ne pouvez pas le modifier.',
        );
      }
      const target = await resolveTarget(c.var.db, contact.target_type, contact.target_id);
      return renderPage(
        c,
        <EditContactPage
          ctx={c.var.ctx}
          contactId={contact.id}
          version={contact.version}
          target={target}
          values={{
            channel: contact.channel,
            contactedOn: contact.contacted_on,
            notes: contact.notes,
            nextStep: contact.next_step ?? '',
            nextStepDue: contact.next_step_due ?? '',
          }}
          errors={{}}
        />,
      );
    } catch (error) {
      return outreachErrorPage(c, error);
    }
  });

  app.post('/espace/contacts/:id', async (c) => {
    const user = signedIn(c);
    const text = await fields(c);
    const input = contactInput(text);
    const version = Number.parseInt(text('version'), 10);
    try {
      const contact = await getContact(c.var.db, c.req.param('id'));
      const target = await resolveTarget(c.var.db, contact.target_type, contact.target_id);
      const page = (errors: FormErrors, status: 400 | 409) =>
        renderPage(
          c,
          <EditContactPage
            ctx={c.var.ctx}
            contactId={contact.id}
            version={Number.isInteger(version) ? version : contact.version}
            target={target}
            values={input}
            errors={errors}
          />,
          status,
        );
      try {
        await updateContact(c.var.db, user, contact.id, Number.isInteger(version) ? version : -1, input);
      } catch (error) {
        if (error instanceof ContactValidationError) return page(error.errors, 400);
        if (error instanceof OutreachError && error.status === 409) return page({ form: error.message }, 409);
        throw error;
      }
      return c.redirect(`${targetHref(target.type, target.id)}#contacts`, 303);
    } catch (error) {
      return outreachErrorPage(c, error);
    }
  });

  app.post('/espace/contacts/:id/fait', async (c) => {
    const user = signedIn(c);
    const text = await fields(c);
    try {
      const contact = await getContact(c.var.db, c.req.param('id'));
      await markFollowUpDone(c.var.db, user, contact.id, Number.parseInt(text('version'), 10));
      return c.redirect('/espace#a-faire', 303);
    } catch (error) {
      return outreachErrorPage(c, error);
    }
  });

  return app;
}
