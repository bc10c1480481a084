import { type Context, Hono } from 'hono';
import { can, requirePermission } from '../accounts/permissions.ts';
import type { User } from '../accounts/users.service.ts';
import { odtZipChunks } from '../outreach/letters/letter-odt.ts';
import { lettersPdf } from '../outreach/letters/letter-pdf.ts';
import {
  canManageOrganisation,
  getOrganisation,
  listOrganisations,
  organisationMembers,
  organisationsOfUser,
  organisationZone,
  zoneText as organisationZoneText,
} from '../outreach/organisations.service.ts';
import { listDepartements } from '../territories/territories.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { ForbiddenPage } from '../web/forbidden.views.tsx';
import { NotFoundPage } from '../web/pages.views.tsx';
import { renderPage } from '../web/render.ts';
import {
  addKitItem,
  ambassadorsOfOrganisation,
  kit,
  setAmbassador,
  setAmbassadorZone,
  setKitItemActive,
  zoneText,
} from './ambassadors.service.ts';
import { type MailingKind, type MailingSender, mailingsOf, prepareMailing } from './mailing.service.ts';
import { countMairieEmails, emailMayorLetters, loadMairieEmails, mairieEmailsOf } from './mairie-emails.service.tsx';
import {
  addNote,
  assignRequest,
  canActOn,
  canSee,
  changeState,
  findRequest,
  interestsOf,
  listRequests,
  moderatePolicy,
  policiesToModerate,
  type ReportInput,
  RequestError,
  requestDetails,
  requestEvents,
  saveVisitReport,
  visitReport,
} from './requests.service.ts';
import {
  CoordinationPage,
  KitPage,
  MailingPage,
  OrganisationAmbassadorsPage,
  PoliciesPage,
  RequestPage,
  type RequestPageModel,
  WorkspacePage,
} from './workspace.views.tsx';

type C = Context<AppEnv>;
const BASE = '/espace/ambassadeurs';
const baseUrl = (c: C) => c.var.config.baseUrl.replace(/\/$/, '');
const userOf = (c: C) => c.var.user as User;

async function form(c: C): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

async function showRequest(
  c: C,
  id: string,
  extra: Partial<Pick<RequestPageModel, 'error' | 'done' | 'reportValues' | 'reportErrors'>> = {},
  status: 200 | 400 | 403 = 200,
) {
  const db = c.var.db;
  const user = userOf(c);
  const request = await findRequest(db, id);
  if (!request || !(await canSee(db, user, request))) {
    return request
      ? renderPage(c, ForbiddenPage({ ctx: c.var.ctx }), 403)
      : renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
  }
  const [details, events, organisations, report, canAct] = await Promise.all([
    requestDetails(db, id),
    requestEvents(db, id),
    listOrganisations(db),
    visitReport(db, id),
    canActOn(db, user, request),
  ]);
  if (!details) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
  const model: RequestPageModel = {
    request: details,
    interests: interestsOf(request),
    events,
    organisations: organisations.map((o) => ({ id: o.id, name: o.name })),
    canAssign: can(user.role, 'ambassadors:coordinate') && Boolean(request.confirmed_at),
    canAct,
    canModerate: can(user.role, 'ambassadors:moderate'),
    kit: report.items,
    report: report.report,
    checked: report.checked,
    ...extra,
  };
  c.header('Cache-Control', 'no-store');
  return renderPage(c, <RequestPage ctx={c.var.ctx} model={model} />, status);
}

/** Runs an action on a request; a refused action re-displays the request with the reason. */
async function act(c: C, fn: () => Promise<void>, done: string) {
  const id = c.req.param('id') as string;
  try {
    await fn();
  } catch (error) {
    if (error instanceof RequestError) return showRequest(c, id, { error: error.message }, 400);
    throw error;
  }
  return c.redirect(`${BASE}/demandes/${id}?fait=${encodeURIComponent(done)}`, 303);
}

export function ambassadorWorkspaceRoutes() {
  const app = new Hono<AppEnv>();
  app.use(`${BASE}`, requirePermission('ambassadors:workspace'));
  app.use(`${BASE}/*`, requirePermission('ambassadors:workspace'));
  for (const path of ['coordination', 'kit', 'courrier']) {
    app.use(`${BASE}/${path}`, requirePermission('ambassadors:coordinate'));
  }
  app.use(`${BASE}/politiques`, requirePermission('ambassadors:moderate'));

  app.get(BASE, async (c) => {
    const user = userOf(c);
    const memberships = await organisationsOfUser(c.var.db, user.id);
    const rows = await listRequests(c.var.db, { organisationIds: memberships.map((m) => m.id) });
    const organisations = await Promise.all(
      memberships.map(async (m) => ({
        slug: m.slug,
        name: m.name,
        manage: await canManageOrganisation(c.var.db, user, m.id),
      })),
    );
    c.header('Cache-Control', 'no-store');
    return renderPage(
      c,
      <WorkspacePage
        ctx={c.var.ctx}
        rows={rows}
        organisations={organisations}
        coordinator={can(user.role, 'ambassadors:coordinate')}
        moderator={can(user.role, 'ambassadors:moderate')}
      />,
    );
  });

  app.get(`${BASE}/coordination`, async (c) => {
    const rows = await listRequests(c.var.db, {});
    const toAssign = rows.filter(
      (r) => r.confirmed_at && !r.organisation_id && !['suivie', 'abandonnee'].includes(r.state),
    );
    c.header('Cache-Control', 'no-store');
    return renderPage(c, <CoordinationPage ctx={c.var.ctx} toAssign={toAssign} rows={rows} />);
  });

  app.get(`${BASE}/politiques`, async (c) => {
    c.header('Cache-Control', 'no-store');
    return renderPage(c, <PoliciesPage ctx={c.var.ctx} rows={await policiesToModerate(c.var.db)} />);
  });

  app.get(`${BASE}/demandes/:id`, (c) => showRequest(c, c.req.param('id'), { done: c.req.query('fait') }));

  app.post(`${BASE}/demandes/:id/attribuer`, async (c) => {
    const body = await form(c);
    return act(
      c,
      () => assignRequest(c.var.db, c.var.mailLater, userOf(c), c.req.param('id'), one(body.organisation), baseUrl(c)),
      'Demande attribuée ; l’organisation a été prévenue par courriel.',
    );
  });

  app.post(`${BASE}/demandes/:id/etat`, async (c) => {
    const body = await form(c);
    return act(
      c,
      () =>
        changeState(c.var.db, userOf(c), c.req.param('id'), one(body.to), {
          note: one(body.note),
          appointmentOn: one(body.appointment_on),
        }),
      'État enregistré.',
    );
  });

  app.post(`${BASE}/demandes/:id/note`, async (c) => {
    const body = await form(c);
    return act(c, () => addNote(c.var.db, userOf(c), c.req.param('id'), one(body.note)), 'Note ajoutée.');
  });

  app.post(`${BASE}/demandes/:id/politique`, async (c) => {
    const body = await form(c);
    if (!can(userOf(c).role, 'ambassadors:moderate')) return renderPage(c, ForbiddenPage({ ctx: c.var.ctx }), 403);
    const id = c.req.param('id');
    try {
      await moderatePolicy(c.var.db, userOf(c), id, one(body.decision) === 'publier');
    } catch (error) {
      if (error instanceof RequestError) return showRequest(c, id, { error: error.message }, 400);
      throw error;
    }
    if (one(body.retour) === 'politiques') return c.redirect(`${BASE}/politiques`, 303);
    return c.redirect(`${BASE}/demandes/${id}?fait=${encodeURIComponent('Décision enregistrée.')}`, 303);
  });

  app.post(`${BASE}/demandes/:id/visite`, async (c) => {
    const body = await form(c);
    const id = c.req.param('id');
    const input: ReportInput = {
      visitedOn: one(body.visited_on),
      items: many(body.items),
      documentation: one(body.documentation) === 'oui',
      usbKey: one(body.usb_key) === 'oui',
      liveSystem: one(body.live_system) === 'oui',
      interests: one(body.interests),
      nextSteps: one(body.next_steps),
    };
    try {
      const result = await saveVisitReport(c.var.db, userOf(c), id, input);
      if (!result.ok) return showRequest(c, id, { reportValues: input, reportErrors: result.errors }, 400);
    } catch (error) {
      if (error instanceof RequestError) return showRequest(c, id, { error: error.message }, 400);
      throw error;
    }
    return c.redirect(`${BASE}/demandes/${id}?fait=${encodeURIComponent('Compte rendu enregistré.')}`, 303);
  });

  async function showOrganisation(
    c: C,
    slug: string,
    notice: { error?: string; done?: string } = {},
    status: 200 | 400 = 200,
  ) {
    const db = c.var.db;
    const organisation = await getOrganisation(db, slug);
    if (!organisation) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    if (!(await canManageOrganisation(db, userOf(c), organisation.id))) {
      return renderPage(c, ForbiddenPage({ ctx: c.var.ctx }), 403);
    }
    const [members, ambassadors, zone] = await Promise.all([
      organisationMembers(db, organisation.id),
      ambassadorsOfOrganisation(db, organisation.id),
      organisationZone(db, organisation.id),
    ]);
    const byUser = new Map(ambassadors.map((a) => [a.user_id, a]));
    c.header('Cache-Control', 'no-store');
    return renderPage(
      c,
      <OrganisationAmbassadorsPage
        ctx={c.var.ctx}
        organisation={organisation}
        members={members.map((m) => ({
          user_id: m.user_id,
          email: m.email,
          display_name: m.display_name,
          ambassador: byUser.has(m.user_id),
          zone: zoneText(byUser.get(m.user_id)?.zone ?? []),
        }))}
        zoneOfOrganisation={organisationZoneText(zone).replace(/\n/g, ', ')}
        {...notice}
      />,
      status,
    );
  }

  app.get(`${BASE}/organisations/:slug`, (c) => showOrganisation(c, c.req.param('slug')));

  app.post(`${BASE}/organisations/:slug`, async (c) => {
    const db = c.var.db;
    const slug = c.req.param('slug');
    const organisation = await getOrganisation(db, slug);
    if (!organisation) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    if (!(await canManageOrganisation(db, userOf(c), organisation.id))) {
      return renderPage(c, ForbiddenPage({ ctx: c.var.ctx }), 403);
    }
    const body = await form(c);
    const userId = one(body.user);
    const members = await organisationMembers(db, organisation.id);
    if (!members.some((m) => m.user_id === userId)) {
      return showOrganisation(c, slug, { error: 'Cette personne n’est pas membre de l’organisation.' }, 400);
    }
    const flag = one(body.ambassador) === 'oui';
    await setAmbassador(db, organisation.id, userId, flag);
    if (flag) {
      const zone = await setAmbassadorZone(db, organisation.id, userId, one(body.zone));
      if (!zone.ok) return showOrganisation(c, slug, { error: zone.error }, 400);
    }
    return showOrganisation(c, slug, { done: 'Enregistré.' });
  });

  app.get(`${BASE}/kit`, async (c) => renderPage(c, <KitPage ctx={c.var.ctx} items={await kit(c.var.db)} />));

  app.post(`${BASE}/kit`, async (c) => {
    const body = await form(c);
    const item = one(body.item);
    if (item) await setKitItemActive(c.var.db, item, one(body.active) === 'oui');
    else {
      const result = await addKitItem(c.var.db, one(body.label));
      if (!result.ok)
        return renderPage(c, <KitPage ctx={c.var.ctx} items={await kit(c.var.db)} error={result.error} />, 400);
    }
    return c.redirect(`${BASE}/kit`, 303);
  });

  async function showMailing(
    c: C,
    values: MailingSender & { departement: string; kind: string; format: string },
    errors: Parameters<typeof MailingPage>[0]['errors'] = {},
    status: 200 | 400 = 200,
    outcome: Pick<Parameters<typeof MailingPage>[0], 'emailed'> & {
      addresses?: { text?: string; errors?: string[]; loaded?: string };
    } = {},
  ) {
    const [departements, history, known] = await Promise.all([
      listDepartements(c.var.db),
      mailingsOf(c.var.db, values.departement),
      countMairieEmails(c.var.db),
    ]);
    c.header('Cache-Control', 'no-store');
    return renderPage(
      c,
      <MailingPage
        ctx={c.var.ctx}
        departements={departements}
        values={values}
        errors={errors}
        history={history}
        emailed={outcome.emailed}
        addresses={{ known, ...outcome.addresses }}
      />,
      status,
    );
  }

  const emptySender = (departement: string) => ({
    departement,
    kind: 'initial',
    format: 'pdf',
    organisationName: '',
    address: '',
    signature: '',
    place: '',
  });

  app.post(`${BASE}/courrier/adresses`, async (c) => {
    const body = await form(c);
    const text = one(body.adresses);
    const values = emptySender(one(body.departement) || '59');
    const result = await loadMairieEmails(c.var.db, text, `saisie par ${userOf(c).email}`);
    if (!result.ok) return showMailing(c, values, {}, 400, { addresses: { text, errors: result.errors } });
    const { created, updated, unchanged } = result.counts;
    const loaded = `Adresses enregistrées : ${created} nouvelle(s), ${updated} modifiée(s), ${unchanged} inchangée(s).`;
    return showMailing(c, values, {}, 200, { addresses: { loaded } });
  });

  app.get(`${BASE}/courrier`, (c) =>
    showMailing(c, {
      departement: c.req.query('departement') ?? '59',
      kind: 'initial',
      format: 'pdf',
      organisationName: '',
      address: '',
      signature: '',
      place: '',
    }),
  );

  app.post(`${BASE}/courrier`, async (c) => {
    const body = await form(c);
    const values = {
      departement: one(body.departement),
      kind: one(body.kind) === 'relance' ? 'relance' : 'initial',
      format: ['odt', 'email', 'pdf-sans-adresse'].includes(one(body.format)) ? one(body.format) : 'pdf',
      organisationName: one(body.organisationName),
      address: one(body.address),
      signature: one(body.signature),
      place: one(body.place),
    };
    const result = await prepareMailing(c.var.db, {
      departement: values.departement,
      kind: values.kind as MailingKind,
      sender: values,
      actorId: userOf(c).id,
      baseUrl: baseUrl(c),
    });
    if (!result.ok) return showMailing(c, values, result.errors, 400);
    const name = `${values.kind === 'initial' ? 'courrier' : 'relance'}-maires-${values.departement}`;
    if (values.format === 'email') {
      const emailed = await emailMayorLetters(c.var.db, c.var.mailer, result.letters, { replyTo: userOf(c).email });
      const summary = {
        sent: emailed.sent.length,
        failed: emailed.failed,
        withoutAddress: emailed.withoutAddress.length,
      };
      return showMailing(c, values, {}, 200, { emailed: summary });
    }
    if (values.format === 'pdf' || values.format === 'pdf-sans-adresse') {
      const known =
        values.format === 'pdf'
          ? new Map()
          : await mairieEmailsOf(
              c.var.db,
              result.letters.map((l) => l.recipientKey),
            );
      const letters = result.letters.filter((l) => !known.has(l.recipientKey));
      if (letters.length === 0) {
        return showMailing(
          c,
          values,
          { form: 'Toutes ces mairies ont une adresse connue : envoyez-leur le courrier par courriel.' },
          400,
        );
      }
      const pdf = await lettersPdf(letters, `Courrier aux maires (${values.departement})`);
      return new Response(pdf, {
        headers: {
          'Content-Type': 'application/pdf',
          'Content-Disposition': `attachment; filename="${name}.pdf"`,
          'Cache-Control': 'no-store',
        },
      });
    }
    async function* letters() {
      yield* result.ok ? result.letters : [];
    }
    return new Response(ReadableStream.from(odtZipChunks(letters())), {
      headers: {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename="${name}.zip"`,
        'Cache-Control': 'no-store',
      },
    });
  });

  return app;
}
