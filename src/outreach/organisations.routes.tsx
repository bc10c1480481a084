import { type Context, Hono } from 'hono';
import { can, requirePermission } from '../accounts/permissions.ts';
import { findUserByEmail, type User } from '../accounts/users.service.ts';
import { ATOM_CONTENT_TYPE, atomFeed } from '../opendata/atom.ts';
import { csvLine } from '../opendata/csv.ts';
import type { AppEnv } from '../web/app-env.ts';
import { ForbiddenPage } from '../web/forbidden.views.tsx';
import { NotFoundPage } from '../web/pages.views.tsx';
import { renderPage } from '../web/render.ts';
import { CHANNELS } from './contacts.service.ts';
import {
  CoordinationPage,
  ManageOrganisationPage,
  MyOrganisationsPage,
  NewOrganisationPage,
  type OrganisationFormValues,
} from './organisation-admin.views.tsx';
import {
  canManageOrganisation,
  createOrganisation,
  getOrganisation,
  listOrganisations,
  MEMBER_ROLES,
  type MemberRole,
  type Organisation,
  organisationMembers,
  organisationScope,
  organisationsOfUser,
  organisationZone,
  removeMember,
  setMember,
  setOrganisationZone,
  updateOrganisation,
  zoneText,
} from './organisations.service.ts';
import { actionTitle, embedSnippet, RelayPage, RelaysIndexPage } from './organisations.views.tsx';
import {
  coverage,
  organisationCounts,
  organisationPublicActions,
  unassignedHeads,
  volunteerActivity,
  zoneContactLog,
} from './workspace.service.ts';

type Ctx = Context<AppEnv>;

function signedIn(c: Ctx): User {
  const user = c.var.user;
  if (!user) throw new Error('requirePermission runs first');
  return user;
}

async function fields(c: Ctx) {
  const body = await c.req.parseBody();
  return (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
}

function valuesOf(o: Organisation): OrganisationFormValues {
  return { name: o.name, kind: o.kind, website: o.website ?? '', description: o.description };
}

/** The organisation of the URL, if the signed-in user may manage it; else the response to send. */
async function managed(c: Ctx): Promise<Organisation | Response> {
  const organisation = await getOrganisation(c.var.db, c.req.param('slug') ?? '');
  if (!organisation) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
  if (!(await canManageOrganisation(c.var.db, signedIn(c), organisation.id))) {
    return renderPage(
      c,
      <ForbiddenPage
        ctx={c.var.ctx}
        message="Seules la coordination de cette organisation et l’administration peuvent la gérer."
      />,
      403,
    );
  }
  return organisation;
}

async function manageForm(
  c: Ctx,
  organisation: Organisation,
  overrides: Partial<Parameters<typeof ManageOrganisationPage>[0]> = {},
  status: 200 | 400 = 200,
) {
  const [members, zone] = await Promise.all([
    organisationMembers(c.var.db, organisation.id),
    organisationZone(c.var.db, organisation.id),
  ]);
  return renderPage(
    c,
    <ManageOrganisationPage
      ctx={c.var.ctx}
      organisation={organisation}
      values={valuesOf(organisation)}
      errors={{}}
      members={members}
      memberForm={{ email: '', role: 'member' }}
      zone={zone}
      zoneForm={{ text: zoneText(zone) }}
      {...overrides}
    />,
    status,
  );
}

export function organisationRoutes() {
  const app = new Hono<AppEnv>();

  // Public pages.
  app.get('/relais', async (c) => {
    const organisations = await listOrganisations(c.var.db);
    const withCounts = await Promise.all(
      organisations.map(async (o) => ({ ...o, ...(await organisationCounts(c.var.db, o.id)) })),
    );
    return renderPage(c, <RelaysIndexPage ctx={c.var.ctx} organisations={withCounts} />);
  });

  app.get('/relais/:slug', async (c) => {
    const organisation = await getOrganisation(c.var.db, c.req.param('slug'));
    if (!organisation) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    const [zone, counts, actions] = await Promise.all([
      organisationZone(c.var.db, organisation.id),
      organisationCounts(c.var.db, organisation.id),
      organisationPublicActions(c.var.db, organisation.id, 20),
    ]);
    const snippet = embedSnippet(c.var.ctx, c.var.config.baseUrl.replace(/\/$/, ''), organisation, counts);
    return renderPage(
      c,
      <RelayPage
        ctx={c.var.ctx}
        organisation={organisation}
        zone={zone}
        counts={counts}
        actions={actions}
        snippet={snippet}
      />,
    );
  });

  app.get('/relais/:slug/actions.atom', async (c) => {
    const organisation = await getOrganisation(c.var.db, c.req.param('slug'));
    if (!organisation) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    const base = c.var.config.baseUrl.replace(/\/$/, '');
    const actions = await organisationPublicActions(c.var.db, organisation.id, 50);
    const page = `${base}/relais/${organisation.slug}`;
    const xml = atomFeed({
      id: `${page}/actions.atom`,
      title: `${organisation.name} — démarches pour le Pacte du Logiciel Libre`,
      fallbackUpdated: organisation.created_at,
      selfUrl: `${page}/actions.atom`,
      alternateUrl: page,
      author: { name: organisation.name, uri: organisation.website ?? page },
      lang: c.var.ctx.lang,
      entries: actions.map((a) => ({
        id: `${page}#${a.kind}-${a.id}`,
        title: actionTitle(c.var.ctx, a),
        updated: a.at,
        published: a.day,
        link: a.list_id ? `${base}/listes/${encodeURIComponent(a.list_id)}` : page,
        categories: [{ term: a.kind }],
      })),
    });
    return c.body(xml, 200, { 'Content-Type': ATOM_CONTENT_TYPE, 'Cache-Control': 'public, max-age=300' });
  });

  // Management (accounts; each page also checks the organisation).
  app.use('/espace/relais', requirePermission('organisations:manage'));
  app.use('/espace/relais/*', requirePermission('organisations:manage'));

  app.get('/espace/relais', async (c) => {
    const user = signedIn(c);
    const memberships = await organisationsOfUser(c.var.db, user.id);
    const all = user.role === 'admin' ? await listOrganisations(c.var.db) : undefined;
    return renderPage(
      c,
      <MyOrganisationsPage
        ctx={c.var.ctx}
        memberships={memberships}
        all={all}
        canCreate={can(user.role, 'organisations:create')}
      />,
    );
  });

  const emptyValues: OrganisationFormValues = { name: '', kind: '', website: '', description: '' };
  app.get('/espace/relais/nouvelle', requirePermission('organisations:create'), (c) =>
    renderPage(c, <NewOrganisationPage ctx={c.var.ctx} values={emptyValues} errors={{}} />),
  );
  app.post('/espace/relais/nouvelle', requirePermission('organisations:create'), async (c) => {
    const user = signedIn(c);
    const text = await fields(c);
    const values = {
      name: text('name'),
      kind: text('kind'),
      website: text('website'),
      description: text('description'),
    };
    const result = await createOrganisation(c.var.db, values);
    if (!result.ok)
      return renderPage(c, <NewOrganisationPage ctx={c.var.ctx} values={values} errors={result.errors} />, 400);
    // The creator coordinates it (an admin manages every organisation anyway).
    if (user.role !== 'admin') await setMember(c.var.db, result.organisation.id, user.id, 'coordinator');
    return c.redirect(`/espace/relais/${result.organisation.slug}`, 303);
  });

  app.get('/espace/relais/:slug', async (c) => {
    const organisation = await managed(c);
    if (organisation instanceof Response) return organisation;
    return manageForm(c, organisation);
  });

  app.post('/espace/relais/:slug', async (c) => {
    const organisation = await managed(c);
    if (organisation instanceof Response) return organisation;
    const text = await fields(c);
    const values = {
      name: text('name'),
      kind: text('kind'),
      website: text('website'),
      description: text('description'),
    };
    const result = await updateOrganisation(c.var.db, organisation.id, values);
    if (!result.ok) return manageForm(c, organisation, { values, errors: result.errors }, 400);
    return c.redirect(`/espace/relais/${organisation.slug}`, 303);
  });

  app.post('/espace/relais/:slug/membres', async (c) => {
    const organisation = await managed(c);
    if (organisation instanceof Response) return organisation;
    const text = await fields(c);
    const email = text('memberEmail').trim();
    const role = text('memberRole') in MEMBER_ROLES ? (text('memberRole') as MemberRole) : 'member';
    const account = email ? await findUserByEmail(c.var.db, email) : undefined;
    if (!account) {
      const error = email
        ? `Aucun compte pour « ${email} » : la personne doit d’abord s’inscrire (/inscription).`
        : 'Saisissez l’adresse du compte à ajouter.';
      return manageForm(c, organisation, { memberForm: { email, role, error } }, 400);
    }
    await setMember(c.var.db, organisation.id, account.id, role);
    return c.redirect(`/espace/relais/${organisation.slug}#membres`, 303);
  });

  app.post('/espace/relais/:slug/membres/retirer', async (c) => {
    const organisation = await managed(c);
    if (organisation instanceof Response) return organisation;
    await removeMember(c.var.db, organisation.id, (await fields(c))('user'));
    return c.redirect(`/espace/relais/${organisation.slug}#membres`, 303);
  });

  app.post('/espace/relais/:slug/zone', async (c) => {
    const organisation = await managed(c);
    if (organisation instanceof Response) return organisation;
    const text = (await fields(c))('zone');
    const result = await setOrganisationZone(c.var.db, organisation.id, text);
    if (!result.ok) return manageForm(c, organisation, { zoneForm: { text, error: result.error } }, 400);
    return c.redirect(`/espace/relais/${organisation.slug}#zone`, 303);
  });

  app.get('/espace/relais/:slug/coordination', async (c) => {
    const organisation = await managed(c);
    if (organisation instanceof Response) return organisation;
    const scope = organisationScope(organisation.id);
    const [cov, activity, unassigned] = await Promise.all([
      coverage(c.var.db, scope),
      volunteerActivity(c.var.db, organisation.id),
      unassignedHeads(c.var.db, scope),
    ]);
    return renderPage(
      c,
      <CoordinationPage
        ctx={c.var.ctx}
        organisation={organisation}
        coverage={cov}
        activity={activity}
        unassigned={unassigned}
        personalData={can(signedIn(c).role, 'outreach:personal-data')}
      />,
    );
  });

  app.get('/espace/relais/:slug/contacts.csv', async (c) => {
    const organisation = await managed(c);
    if (organisation instanceof Response) return organisation;
    const personal = can(signedIn(c).role, 'outreach:personal-data');
    const rows = await zoneContactLog(c.var.db, organisationScope(organisation.id));
    const header = ['date', 'canal', 'scrutin', 'cible', 'organisation', 'livraison'];
    if (personal) header.push('benevole', 'courriel_benevole', 'notes', 'prochaine_etape', 'echeance');
    let body = `\uFEFF${csvLine(header)}`;
    for (const r of rows) {
      const line = [
        r.contacted_on,
        CHANNELS[r.channel as keyof typeof CHANNELS] ?? r.channel,
        r.ballot_name,
        r.list_name ?? `${r.first_name ?? ''} ${r.last_name ?? ''}`.trim(),
        r.organisation_name ?? '',
        r.delivery_state ?? '',
      ];
      if (personal) line.push(r.user_name ?? '', r.user_email ?? '', r.notes, r.next_step ?? '', r.next_step_due ?? '');
      body += csvLine(line);
    }
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="contacts-${organisation.slug}.csv"`,
      'Cache-Control': 'private, no-store',
    });
  });

  return app;
}
