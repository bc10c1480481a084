import { CsrfField } from '../web/csrf-field.tsx';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';
import type { MailingSender } from './mailing.service.ts';
import { MAILING_KINDS } from './mailing.service.ts';
import type { ReportInput, RequestListRow, State } from './requests.service.ts';
import { STATES, TRANSITIONS } from './requests.service.ts';
import { ROUTING_LEVELS, type RoutingLevel } from './routing.service.ts';

const HOME = { label: 'Ambassadeurs', href: '/espace/ambassadeurs' };
const day = (iso: string | null) => (iso ? iso.slice(0, 10).split('-').reverse().join('/') : '—');

function Notice({ message, kind = 'error' }: { message?: string; kind?: 'error' | 'ok' }) {
  if (!message) return null;
  return kind === 'error' ? (
    <div class="error-summary" role="alert" tabindex={-1} id="erreurs">
      <p>{message}</p>
    </div>
  ) : (
    <p class="notice" role="status">
      {message}
    </p>
  );
}

function stateLabel(state: string) {
  return STATES[state as State] ?? state;
}

export function RequestTable({ rows, caption }: { rows: RequestListRow[]; caption: string }) {
  if (rows.length === 0) return <p>Aucune demande.</p>;
  return (
    <div class="table-scroll">
      <table class="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Commune</th>
            <th scope="col">État</th>
            <th scope="col">Depuis</th>
            <th scope="col">Organisation</th>
            <th scope="col">Demandée le</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">
                <a href={`/espace/ambassadeurs/demandes/${r.id}`}>
                  {r.commune_name} ({r.departement_code})
                </a>
              </th>
              <td>
                {stateLabel(r.state)}
                {!r.confirmed_at && ' (non confirmée)'}
              </td>
              <td>{day(r.state_since)}</td>
              <td>
                {r.organisation_name ??
                  (r.proposed_name ? `proposée : ${r.proposed_name}` : r.confirmed_at ? 'à attribuer' : '—')}
              </td>
              <td>{day(r.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function WorkspacePage({
  ctx,
  rows,
  organisations,
  coordinator,
  moderator,
}: {
  ctx: PageContext;
  rows: RequestListRow[];
  organisations: { slug: string; name: string; manage: boolean }[];
  coordinator: boolean;
  moderator: boolean;
}) {
  return (
    <Layout ctx={ctx} title="Ambassadeurs du libre — espace">
      <Breadcrumbs ctx={ctx} crumbs={[{ label: 'Espace', href: '/espace' }, { label: 'Ambassadeurs' }]} />
      <h1>Ambassadeurs du libre</h1>
      {(coordinator || moderator) && (
        <ul class="nav-links">
          {coordinator && (
            <li>
              <a href="/espace/ambassadeurs/coordination">Coordination des demandes</a>
            </li>
          )}
          {coordinator && (
            <li>
              <a href="/espace/ambassadeurs/kit">Kit de l’ambassadeur</a>
            </li>
          )}
          {coordinator && (
            <li>
              <a href="/espace/ambassadeurs/courrier">Courrier aux maires</a>
            </li>
          )}
          {moderator && (
            <li>
              <a href="/espace/ambassadeurs/politiques">Politiques déclarées à modérer</a>
            </li>
          )}
        </ul>
      )}
      <h2>Mes organisations</h2>
      {organisations.length === 0 ? (
        <p>Vous n’êtes membre d’aucune organisation relais.</p>
      ) : (
        <ul>
          {organisations.map((o) => (
            <li>
              {o.name}
              {o.manage && (
                <>
                  {' '}
                  — <a href={`/espace/ambassadeurs/organisations/${o.slug}`}>gérer ses ambassadeurs</a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <h2>Demandes de visite de mes organisations</h2>
      <RequestTable rows={rows} caption="Demandes attribuées ou proposées à mes organisations" />
    </Layout>
  );
}

export function CoordinationPage({
  ctx,
  toAssign,
  rows,
}: {
  ctx: PageContext;
  toAssign: RequestListRow[];
  rows: RequestListRow[];
}) {
  return (
    <Layout ctx={ctx} title="Coordination des visites">
      <Breadcrumbs ctx={ctx} crumbs={[HOME, { label: 'Coordination' }]} />
      <h1>Coordination des visites</h1>
      <h2>À attribuer ou à confirmer ({toAssign.length})</h2>
      <RequestTable rows={toAssign} caption="Demandes confirmées sans organisation attribuée" />
      <h2>Toutes les demandes ({rows.length})</h2>
      <RequestTable rows={rows} caption="Toutes les demandes, les plus récentes d’abord" />
    </Layout>
  );
}

export interface RequestPageModel {
  request: RequestListRow;
  interests: string[];
  events: {
    at: string;
    actor_label: string;
    kind: string;
    from_state: string | null;
    to_state: string | null;
    note: string;
  }[];
  organisations: { id: string; name: string }[];
  canAssign: boolean;
  canAct: boolean;
  canModerate: boolean;
  kit: { id: string; label: string; active: number }[];
  report?: {
    visited_on: string;
    handed_documentation: number;
    handed_usb_key: number;
    handed_live_system: number;
    interests: string;
    next_steps: string;
  };
  checked: Set<string>;
  reportValues?: ReportInput;
  reportErrors?: Partial<Record<keyof ReportInput | 'form', string>>;
  error?: string;
  done?: string;
}

const EVENT_LABELS: Record<string, string> = {
  created: 'Demande reçue',
  joined: 'Demande jointe',
  confirmed: 'Adresse confirmée',
  alert: 'Coordination alertée',
  assigned: 'Attribuée',
  reassigned: 'Réattribuée',
  state: 'Changement d’état',
  note: 'Note',
  report: 'Compte rendu',
  reminder: 'Rappel',
  policy: 'Politique',
};

export function RequestPage({ ctx, model }: { ctx: PageContext; model: RequestPageModel }) {
  const r = model.request;
  const next = TRANSITIONS[r.state as State] ?? [];
  const rv = model.reportValues;
  const report = model.report;
  const re = model.reportErrors ?? {};
  const visitedOn = rv?.visitedOn ?? report?.visited_on ?? r.appointment_on ?? '';
  const checked = (id: string) => (rv ? rv.items.includes(id) : model.checked.has(id));
  return (
    <Layout ctx={ctx} title={`Demande de visite — ${r.commune_name}`}>
      <Breadcrumbs ctx={ctx} crumbs={[HOME, { label: r.commune_name }]} />
      <h1>
        Demande de visite : {r.commune_name} ({r.departement_code})
      </h1>
      <Notice message={model.error} />
      <Notice message={model.done} kind="ok" />
      <dl class="facts">
        <dt>État</dt>
        <dd>
          {stateLabel(r.state)} depuis le {day(r.state_since)}
          {!r.confirmed_at && ' — adresse de la mairie non confirmée'}
        </dd>
        <dt>Organisation</dt>
        <dd>
          {r.organisation_name ?? 'aucune'}
          {r.proposed_name &&
            ` (routage : ${r.proposed_name}, ${ROUTING_LEVELS[r.proposed_level as RoutingLevel] ?? r.proposed_level})`}
          {!r.proposed_name && r.confirmed_at && ' (routage : aucune organisation proche, à attribuer)'}
        </dd>
        <dt>Ambassadeur</dt>
        <dd>{r.ambassador_name ?? r.ambassador_email ?? '—'}</dd>
        <dt>Rendez-vous</dt>
        <dd>{day(r.appointment_on)}</dd>
        <dt>Contact</dt>
        <dd>
          {r.contact_name} ({r.contact_role}) — <a href={`mailto:${r.email}`}>{r.email}</a> — {r.phone}
        </dd>
        <dt>Périodes souhaitées</dt>
        <dd>{r.periods || '—'}</dd>
        <dt>Intérêts</dt>
        <dd>{model.interests.join(', ') || '—'}</dd>
        <dt>Politique du logiciel libre</dt>
        <dd>
          {r.has_policy ? (
            <>
              {r.policy_description} {r.policy_links && `(${r.policy_links.split('\n').join(', ')})`} — état :{' '}
              {r.policy_state === 'published' ? 'publiée' : r.policy_state === 'rejected' ? 'refusée' : 'à modérer'}
            </>
          ) : (
            'non déclarée'
          )}
        </dd>
      </dl>
      {model.canModerate && r.has_policy === 1 && r.policy_state === 'pending' && (
        <form method="post" action={`/espace/ambassadeurs/demandes/${r.id}/politique`} class="inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" name="decision" value="publier">
            Publier la politique
          </button>{' '}
          <button type="submit" name="decision" value="refuser">
            Refuser la politique
          </button>
        </form>
      )}
      {model.canAssign && (
        <section aria-labelledby="attribuer">
          <h2 id="attribuer">{r.organisation_id ? 'Réattribuer' : 'Attribuer'}</h2>
          <form method="post" action={`/espace/ambassadeurs/demandes/${r.id}/attribuer`} class="stack-form">
            <CsrfField ctx={ctx} />
            <div class="field">
              <label for="organisation">Organisation</label>
              <select id="organisation" name="organisation">
                {model.organisations.map((o) => (
                  <option value={o.id} selected={o.id === (r.organisation_id ?? r.proposed_organisation_id)}>
                    {o.name}
                    {o.id === r.proposed_organisation_id ? ' (proposée par le routage)' : ''}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">{r.organisation_id ? 'Réattribuer' : 'Confirmer l’attribution'}</button>
          </form>
        </section>
      )}
      {model.canAct && next.length > 0 && (
        <section aria-labelledby="etat">
          <h2 id="etat">Faire avancer la demande</h2>
          <form method="post" action={`/espace/ambassadeurs/demandes/${r.id}/etat`} class="stack-form">
            <CsrfField ctx={ctx} />
            <div class="field">
              <label for="to">Nouvel état</label>
              <select id="to" name="to">
                {next.map((s) => (
                  <option value={s}>{STATES[s]}</option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="appointment_on">Date du rendez-vous (pour « rendez-vous fixé »)</label>
              <input id="appointment_on" name="appointment_on" type="date" value={r.appointment_on ?? ''} />
            </div>
            <div class="field">
              <label for="state-note">Note</label>
              <textarea id="state-note" name="note" rows={2} maxlength={2000}></textarea>
            </div>
            <button type="submit">Enregistrer l’état</button>
          </form>
        </section>
      )}
      {model.canAct && ['attribuee', 'rdv_fixe', 'relancee', 'visitee', 'suivie'].includes(r.state) && (
        <section aria-labelledby="visite">
          <h2 id="visite">Compte rendu de visite</h2>
          <Notice message={re.form} />
          <form method="post" action={`/espace/ambassadeurs/demandes/${r.id}/visite`} class="stack-form">
            <CsrfField ctx={ctx} />
            <div class="field">
              <label for="visited_on">Date de la visite</label>
              <input
                id="visited_on"
                name="visited_on"
                type="date"
                required
                value={visitedOn}
                aria-invalid={re.visitedOn ? 'true' : undefined}
                aria-describedby={re.visitedOn ? 'visited_on-erreur' : undefined}
              />
              {re.visitedOn && (
                <p id="visited_on-erreur" class="field-error">
                  {re.visitedOn}
                </p>
              )}
            </div>
            <fieldset class="field">
              <legend>Points du kit abordés</legend>
              {model.kit
                .filter((k) => k.active === 1 || checked(k.id))
                .map((k) => (
                  <div class="field checkbox">
                    <input id={`kit-${k.id}`} type="checkbox" name="items" value={k.id} checked={checked(k.id)} />
                    <label for={`kit-${k.id}`}>{k.label}</label>
                  </div>
                ))}
            </fieldset>
            <fieldset class="field">
              <legend>Remis à la mairie</legend>
              {(
                [
                  ['documentation', 'Documentation', rv?.documentation ?? report?.handed_documentation === 1],
                  ['usb_key', 'Clé USB de logiciels libres', rv?.usbKey ?? report?.handed_usb_key === 1],
                  [
                    'live_system',
                    'Système « live » (sans installation)',
                    rv?.liveSystem ?? report?.handed_live_system === 1,
                  ],
                ] as const
              ).map(([name, label, on]) => (
                <div class="field checkbox">
                  <input id={`handed-${name}`} type="checkbox" name={name} value="oui" checked={on} />
                  <label for={`handed-${name}`}>{label}</label>
                </div>
              ))}
            </fieldset>
            <div class="field">
              <label for="report-interests">Intérêts exprimés par la mairie</label>
              <textarea id="report-interests" name="interests" rows={3} maxlength={5000}>
                {rv?.interests ?? report?.interests ?? ''}
              </textarea>
            </div>
            <div class="field">
              <label for="next_steps">Suites à donner</label>
              <textarea id="next_steps" name="next_steps" rows={3} maxlength={5000}>
                {rv?.nextSteps ?? report?.next_steps ?? ''}
              </textarea>
            </div>
            <button type="submit">Enregistrer le compte rendu</button>
          </form>
        </section>
      )}
      {model.canAct && (
        <section aria-labelledby="note">
          <h2 id="note">Ajouter une note</h2>
          <form method="post" action={`/espace/ambassadeurs/demandes/${r.id}/note`} class="stack-form">
            <CsrfField ctx={ctx} />
            <div class="field">
              <label for="note-text">Note</label>
              <textarea id="note-text" name="note" rows={2} maxlength={2000} required></textarea>
            </div>
            <button type="submit">Ajouter la note</button>
          </form>
        </section>
      )}
      <h2>Historique</h2>
      <ol class="steps">
        {model.events.map((e) => (
          <li>
            {e.at.slice(0, 16).replace('T', ' ')} — {EVENT_LABELS[e.kind] ?? e.kind}
            {e.from_state || e.to_state
              ? ` (${e.from_state ? stateLabel(e.from_state) : '…'} → ${e.to_state ? stateLabel(e.to_state) : '…'})`
              : ''}{' '}
            par {e.actor_label}
            {e.note && <> : {e.note}</>}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

export function OrganisationAmbassadorsPage({
  ctx,
  organisation,
  members,
  zoneOfOrganisation,
  error,
  done,
}: {
  ctx: PageContext;
  organisation: { slug: string; name: string };
  members: { user_id: string; email: string; display_name: string | null; ambassador: boolean; zone: string }[];
  zoneOfOrganisation: string;
  error?: string;
  done?: string;
}) {
  return (
    <Layout ctx={ctx} title={`Ambassadeurs — ${organisation.name}`}>
      <Breadcrumbs ctx={ctx} crumbs={[HOME, { label: organisation.name }]} />
      <h1>Ambassadeurs de {organisation.name}</h1>
      <Notice message={error} />
      <Notice message={done} kind="ok" />
      <p>
        Zone de l’organisation : {zoneOfOrganisation || 'aucune'}. Un ambassadeur sans zone propre couvre celle de
        l’organisation. Zone : une entrée par ligne — code INSEE d’une commune (<code>62498</code>),{' '}
        <code>epci:200027183</code> ou <code>dep:62</code>.
      </p>
      {members.map((m) => (
        <form
          method="post"
          action={`/espace/ambassadeurs/organisations/${organisation.slug}`}
          class="stack-form panel"
          aria-label={m.display_name ?? m.email}
        >
          <CsrfField ctx={ctx} />
          <input type="hidden" name="user" value={m.user_id} />
          <h2>{m.display_name ?? m.email}</h2>
          <div class="field checkbox">
            <input id={`amb-${m.user_id}`} type="checkbox" name="ambassador" value="oui" checked={m.ambassador} />
            <label for={`amb-${m.user_id}`}>Ambassadeur du libre</label>
          </div>
          <div class="field">
            <label for={`zone-${m.user_id}`}>Zone couverte (vide : celle de l’organisation)</label>
            <textarea id={`zone-${m.user_id}`} name="zone" rows={2}>
              {m.zone}
            </textarea>
          </div>
          <button type="submit">Enregistrer</button>
        </form>
      ))}
    </Layout>
  );
}

export function KitPage({
  ctx,
  items,
  error,
}: {
  ctx: PageContext;
  items: { id: string; label: string; active: number }[];
  error?: string;
}) {
  return (
    <Layout ctx={ctx} title="Kit de l’ambassadeur">
      <Breadcrumbs ctx={ctx} crumbs={[HOME, { label: 'Kit' }]} />
      <h1>Kit de l’ambassadeur : points à aborder</h1>
      <Notice message={error} />
      <ul>
        {items.map((k) => (
          <li>
            {k.active ? k.label : <del>{k.label}</del>}{' '}
            <form method="post" action="/espace/ambassadeurs/kit" class="inline-form">
              <CsrfField ctx={ctx} />
              <input type="hidden" name="item" value={k.id} />
              <button type="submit" name="active" value={k.active ? 'non' : 'oui'} class="link-button">
                {k.active ? 'Retirer' : 'Rétablir'} <span class="visually-hidden">« {k.label} »</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action="/espace/ambassadeurs/kit" class="stack-form">
        <CsrfField ctx={ctx} />
        <div class="field">
          <label for="label">Nouveau point</label>
          <input id="label" name="label" type="text" maxlength={300} />
        </div>
        <button type="submit">Ajouter</button>
      </form>
    </Layout>
  );
}

export function MailingPage({
  ctx,
  departements,
  values,
  errors,
  history,
  addresses,
  emailed,
}: {
  ctx: PageContext;
  departements: { code: string; name: string }[];
  values: MailingSender & { departement: string; kind: string; format: string };
  errors: Partial<Record<keyof MailingSender | 'form', string>>;
  history: { kind: string; letters: number; created_at: string }[];
  /** How many mairies have a known email address; the outcome of an emailed mailing or an address load. */
  addresses?: { known: number; text?: string; errors?: string[]; loaded?: string };
  emailed?: { sent: number; failed: { insee: string; reason: string }[]; withoutAddress: number };
}) {
  const err = (k: keyof MailingSender) =>
    errors[k] ? (
      <p id={`${k}-erreur`} class="field-error">
        {errors[k]}
      </p>
    ) : null;
  return (
    <Layout ctx={ctx} title="Courrier aux maires">
      <Breadcrumbs ctx={ctx} crumbs={[HOME, { label: 'Courrier aux maires' }]} />
      <h1>Courrier aux maires d’un département</h1>
      <p>
        Une lettre par maire en fonction (Répertoire national des élus) proposant la visite d’un ambassadeur du libre,
        avec le lien du formulaire de demande. La relance va aux mairies qui ont reçu le premier courrier et n’ont pas
        demandé de visite depuis. Les lettres s’impriment (PDF), se modifient (ODT) ou partent par courriel aux mairies
        dont l’adresse est connue ({addresses?.known ?? 0} adresse(s) chargée(s), plus celles des demandes de visite ;
        voir « Adresses des mairies » plus bas).
      </p>
      <Notice message={errors.form} />
      {emailed && (
        <div class="notice" role="status">
          <p>
            {emailed.sent} courriel(s) envoyé(s) ; {emailed.failed.length} échec(s) ; {emailed.withoutAddress} mairie(s)
            sans adresse connue : produisez leurs lettres avec le format « PDF des mairies sans adresse ».
          </p>
          {emailed.failed.length > 0 && (
            <ul>
              {emailed.failed.map((f) => (
                <li>
                  {f.insee} : {f.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <form method="post" action="/espace/ambassadeurs/courrier" class="stack-form">
        <CsrfField ctx={ctx} />
        <div class="field">
          <label for="departement">Département</label>
          <select id="departement" name="departement">
            {departements.map((d) => (
              <option value={d.code} selected={d.code === values.departement}>
                {d.code} — {d.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="field">
          <legend>Courrier</legend>
          {Object.entries(MAILING_KINDS).map(([k, label]) => (
            <div class="field checkbox">
              <input id={`kind-${k}`} type="radio" name="kind" value={k} checked={values.kind === k} />
              <label for={`kind-${k}`}>{label}</label>
            </div>
          ))}
        </fieldset>
        <fieldset class="field">
          <legend>Format</legend>
          {[
            ['pdf', 'PDF (toutes les lettres, une par page)'],
            ['odt', 'ODT (une lettre par fichier, dans une archive ZIP)'],
            ['email', 'Courriel aux mairies dont l’adresse est connue (la lettre en PDF jointe)'],
            ['pdf-sans-adresse', 'PDF des mairies sans adresse connue'],
          ].map(([k, label]) => (
            <div class="field checkbox">
              <input id={`format-${k}`} type="radio" name="format" value={k} checked={values.format === k} />
              <label for={`format-${k}`}>{label}</label>
            </div>
          ))}
        </fieldset>
        <div class="field">
          <label for="organisationName">Organisation qui écrit</label>
          <input
            id="organisationName"
            name="organisationName"
            type="text"
            value={values.organisationName}
            aria-invalid={errors.organisationName ? 'true' : undefined}
            aria-describedby={errors.organisationName ? 'organisationName-erreur' : undefined}
          />
          {err('organisationName')}
        </div>
        <div class="field">
          <label for="address">Adresse postale de l’organisation</label>
          <textarea id="address" name="address" rows={3}>
            {values.address}
          </textarea>
          {err('address')}
        </div>
        <div class="field">
          <label for="place">Lieu (« Lille »)</label>
          <input id="place" name="place" type="text" value={values.place} />
          {err('place')}
        </div>
        <div class="field">
          <label for="signature">Signature</label>
          <textarea id="signature" name="signature" rows={3}>
            {values.signature}
          </textarea>
          {err('signature')}
        </div>
        <button type="submit">Produire les lettres</button>
      </form>
      <h2 id="adresses">Adresses des mairies</h2>
      <p>
        Collez des lignes « code INSEE ; adresse » (par exemple extraites de l’Annuaire de l’administration). Tout est
        enregistré, ou rien si une ligne est fautive.
      </p>
      <Notice message={addresses?.loaded} kind="ok" />
      {addresses?.errors && addresses.errors.length > 0 && (
        <div class="error-summary" role="alert">
          <p>Aucune adresse enregistrée :</p>
          <ul>
            {addresses.errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      )}
      <form method="post" action="/espace/ambassadeurs/courrier/adresses" class="stack-form">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="departement" value={values.departement} />
        <div class="field">
          <label for="adresses-mairies">Adresses (une mairie par ligne)</label>
          <textarea id="adresses-mairies" name="adresses" rows={6}>
            {addresses?.text ?? ''}
          </textarea>
        </div>
        <button type="submit">Enregistrer les adresses</button>
      </form>
      <h2>Courriers déjà produits pour ce département</h2>
      {history.length === 0 ? (
        <p>Aucun.</p>
      ) : (
        <ul>
          {history.map((h) => (
            <li>
              {day(h.created_at)} — {MAILING_KINDS[h.kind as keyof typeof MAILING_KINDS] ?? h.kind} : {h.letters}{' '}
              lettre(s)
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function PoliciesPage({ ctx, rows }: { ctx: PageContext; rows: RequestListRow[] }) {
  return (
    <Layout ctx={ctx} title="Politiques déclarées à modérer">
      <Breadcrumbs ctx={ctx} crumbs={[HOME, { label: 'Politiques à modérer' }]} />
      <h1>Politiques du logiciel libre déclarées par les mairies</h1>
      {rows.length === 0 ? (
        <p>Aucune politique à modérer.</p>
      ) : (
        <ul class="results">
          {rows.map((r) => (
            <li>
              <h2>
                {r.commune_name} ({r.departement_code})
              </h2>
              <p>{r.policy_description}</p>
              {r.policy_links && <p>{r.policy_links.split('\n').join(' · ')}</p>}
              <form method="post" action={`/espace/ambassadeurs/demandes/${r.id}/politique`} class="inline-form">
                <CsrfField ctx={ctx} />
                <input type="hidden" name="retour" value="politiques" />
                <button type="submit" name="decision" value="publier">
                  Publier <span class="visually-hidden">la politique de {r.commune_name}</span>
                </button>{' '}
                <button type="submit" name="decision" value="refuser">
                  Refuser <span class="visually-hidden">la politique de {r.commune_name}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
