import { CsrfField } from '../web/csrf-field.tsx';
import {
  ErrorSummary,
  type FormErrors,
  formatDate,
  InputField,
  SelectField,
  TextAreaField,
} from '../web/form.views.tsx';
import { Layout, type PageContext } from '../web/layout.tsx';
import { MEMBER_ROLES, ORGANISATION_KINDS, type Organisation } from './organisations.service.ts';
import { type ZoneEntry, zoneLabel } from './organisations.views.tsx';
import type { Coverage, CoverageCounts } from './workspace.service.ts';
import { CoverageTable, targetHref } from './workspace.views.tsx';

export interface OrganisationFormValues {
  name: string;
  kind: string;
  website: string;
  description: string;
}

function OrganisationFields({ values, errors }: { values: OrganisationFormValues; errors: FormErrors }) {
  return (
    <>
      <InputField name="name" label="Nom" value={values.name} error={errors.name} />
      <SelectField
        name="kind"
        label="Type"
        value={values.kind}
        options={ORGANISATION_KINDS}
        empty="— choisir —"
        error={errors.kind}
      />
      <InputField
        name="website"
        label="Site web"
        type="url"
        value={values.website}
        hint="https://…"
        error={errors.website}
      />
      <TextAreaField name="description" label="Présentation" value={values.description} error={errors.description} />
    </>
  );
}

export function MyOrganisationsPage(props: {
  ctx: PageContext;
  memberships: { slug: string; name: string; role: string }[];
  all: Organisation[] | undefined;
  canCreate: boolean;
}) {
  return (
    <Layout ctx={props.ctx} title="Organisations relais">
      <p>
        <a href="/espace">← Mon espace</a>
      </p>
      <h1>Organisations relais</h1>
      <h2>Mes organisations</h2>
      {props.memberships.length === 0 ? (
        <p>Vous n’êtes membre d’aucune organisation.</p>
      ) : (
        <ul>
          {props.memberships.map((m) => (
            <li>
              <a href={`/relais/${m.slug}`}>{m.name}</a> ({MEMBER_ROLES[m.role as keyof typeof MEMBER_ROLES] ?? m.role})
              — <a href={`/espace/relais/${m.slug}`}>gérer</a> ·{' '}
              <a href={`/espace/relais/${m.slug}/coordination`}>coordination</a>
            </li>
          ))}
        </ul>
      )}
      {props.all && (
        <>
          <h2>Toutes les organisations</h2>
          <ul>
            {props.all.map((o) => (
              <li>
                <a href={`/espace/relais/${o.slug}`}>{o.name}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      {props.canCreate && (
        <p>
          <a href="/espace/relais/nouvelle">Créer une organisation</a>
        </p>
      )}
    </Layout>
  );
}

export function NewOrganisationPage({
  ctx,
  values,
  errors,
}: {
  ctx: PageContext;
  values: OrganisationFormValues;
  errors: FormErrors;
}) {
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={`${hasErrors ? 'Erreur — ' : ''}Nouvelle organisation`}>
      <p>
        <a href="/espace/relais">← Organisations</a>
      </p>
      <h1>Nouvelle organisation relais</h1>
      <ErrorSummary title="L’organisation n’a pas été créée" errors={errors} />
      <form method="post" action="/espace/relais/nouvelle" class="stack-form" novalidate>
        <CsrfField ctx={ctx} />
        <OrganisationFields values={values} errors={errors} />
        <button type="submit">Créer</button>
      </form>
    </Layout>
  );
}

export function ManageOrganisationPage(props: {
  ctx: PageContext;
  organisation: Organisation;
  values: OrganisationFormValues;
  errors: FormErrors;
  members: { user_id: string; role: string; email: string; display_name: string | null }[];
  memberForm: { email: string; role: string; error?: string };
  zone: ZoneEntry[];
  zoneForm: { text: string; error?: string };
  notice?: string;
}) {
  const { ctx, organisation: o } = props;
  const base = `/espace/relais/${o.slug}`;
  const hasErrors = Object.keys(props.errors).length > 0 || props.memberForm.error || props.zoneForm.error;
  return (
    <Layout ctx={ctx} title={`${hasErrors ? 'Erreur — ' : ''}${o.name} — gestion`}>
      <p>
        <a href="/espace/relais">← Organisations</a> · <a href={`/relais/${o.slug}`}>page publique</a> ·{' '}
        <a href={`${base}/coordination`}>coordination</a>
      </p>
      <h1>{o.name}</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <h2>Présentation</h2>
      <ErrorSummary title="Les modifications n’ont pas été enregistrées" errors={props.errors} />
      <form method="post" action={base} class="stack-form" novalidate>
        <CsrfField ctx={ctx} />
        <OrganisationFields values={props.values} errors={props.errors} />
        <button type="submit">Enregistrer</button>
      </form>

      <h2 id="membres">Membres</h2>
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">Membres</caption>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">Adresse</th>
              <th scope="col">Rôle</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {props.members.map((m) => (
              <tr>
                <td>{m.display_name ?? '—'}</td>
                <td>{m.email}</td>
                <td>{MEMBER_ROLES[m.role as keyof typeof MEMBER_ROLES] ?? m.role}</td>
                <td>
                  <form method="post" action={`${base}/membres/retirer`} class="inline-form">
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="user" value={m.user_id} />
                    <button type="submit" class="small">
                      Retirer<span class="visually-hidden"> {m.email}</span>
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Ajouter un membre</h3>
      <ErrorSummary title="Le membre n’a pas été ajouté" errors={{ memberEmail: props.memberForm.error }} />
      <form method="post" action={`${base}/membres`} class="stack-form" novalidate>
        <CsrfField ctx={ctx} />
        <InputField
          name="memberEmail"
          label="Adresse du compte"
          type="email"
          value={props.memberForm.email}
          hint="La personne doit d’abord avoir créé son compte (/inscription)."
          error={props.memberForm.error}
        />
        <SelectField name="memberRole" label="Rôle" value={props.memberForm.role} options={MEMBER_ROLES} />
        <button type="submit">Ajouter</button>
      </form>

      <h2 id="zone">Zone</h2>
      <p>{props.zone.length === 0 ? 'Aucune zone définie.' : props.zone.map(zoneLabel).join(' · ')}</p>
      <ErrorSummary title="La zone n’a pas été modifiée" errors={{ zone: props.zoneForm.error }} />
      <form method="post" action={`${base}/zone`} class="stack-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextAreaField
          name="zone"
          label="Communes, EPCI et départements"
          rows={6}
          value={props.zoneForm.text}
          hint="Une entrée par ligne : code INSEE d’une commune (62498), epci:SIREN (epci:200027183), dep:code (dep:62)."
          error={props.zoneForm.error}
        />
        <button type="submit">Enregistrer la zone</button>
      </form>
    </Layout>
  );
}

type Row = CoverageCounts & { label: string };

export function CoordinationPage(props: {
  ctx: PageContext;
  organisation: Organisation;
  coverage: Coverage;
  activity: {
    user_id: string;
    email: string;
    display_name: string | null;
    role: string;
    contacts: number;
    responses: number;
    reservations: number;
    last_contact: string | null;
  }[];
  unassigned: {
    target_type: string;
    target_id: string;
    label: string;
    head_name: string | null;
    ballot_name: string;
    nuance_code: string | null;
  }[];
  personalData: boolean;
}) {
  const { ctx, organisation: o, coverage } = props;
  const byBallot: Row[] = coverage.byBallot.map((b) => ({ ...b, label: b.name }));
  const byNuance: Row[] = coverage.byNuance.map((n) => ({ ...n, label: n.nuance }));
  return (
    <Layout ctx={ctx} title={`${o.name} — coordination`}>
      <p>
        <a href="/espace/relais">← Organisations</a> · <a href={`/espace/relais/${o.slug}`}>gestion</a>
      </p>
      <h1>Coordination — {o.name}</h1>
      <p>
        {coverage.all.contacted} cibles contactées sur {coverage.all.total} · {coverage.all.reserved} réservées ·{' '}
        {coverage.all.answered} ont répondu · {coverage.all.signed} ont signé.
      </p>
      <p>
        <a href={`/espace/relais/${o.slug}/contacts.csv`}>Journal des contacts de la zone (CSV)</a>
        {!props.personalData && ' — sans les données personnelles (réservées à la coordination)'}
      </p>
      <h2>Couverture par nuance</h2>
      <CoverageTable caption="Couverture par nuance" firstHeader="Nuance" rows={byNuance} />
      <h2>Couverture par commune</h2>
      <CoverageTable
        caption="Couverture par scrutin (commune ou circonscription)"
        firstHeader="Scrutin"
        rows={byBallot}
      />
      <h2>Activité des bénévoles</h2>
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">Activité des bénévoles</caption>
          <thead>
            <tr>
              <th scope="col">Bénévole</th>
              <th scope="col">Contacts</th>
              <th scope="col">Réponses</th>
              <th scope="col">Réservations en cours</th>
              <th scope="col">Dernier contact</th>
            </tr>
          </thead>
          <tbody>
            {props.activity.map((a) => (
              <tr>
                <th scope="row">{a.display_name ?? a.email}</th>
                <td>{a.contacts}</td>
                <td>{a.responses}</td>
                <td>{a.reservations}</td>
                <td>{a.last_contact ? formatDate(a.last_contact) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Têtes de liste sans bénévole</h2>
      {props.unassigned.length === 0 ? (
        <p>Toutes les cibles de la zone sont réservées ou contactées.</p>
      ) : (
        <ul>
          {props.unassigned.slice(0, 200).map((u) => (
            <li>
              <a href={targetHref(u.target_type, u.target_id)}>{u.label}</a>
              {u.head_name && u.target_type === 'list' && <> — {u.head_name}</>} ({u.ballot_name}
              {u.nuance_code && <>, {u.nuance_code}</>})
            </li>
          ))}
        </ul>
      )}
      {props.unassigned.length > 200 && <p>… et {props.unassigned.length - 200} autres.</p>}
    </Layout>
  );
}
