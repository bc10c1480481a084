import type {
  ListEditErrors,
  listsOfCommune,
  MergeSuggestion,
  ModeratedList,
  SuggestedPerson,
} from '../candidates/moderation.service.ts';
import { CsrfField } from '../web/csrf-field.tsx';
import { formatDate } from '../web/i18n/index.ts';
import { Breadcrumbs, type Crumb, Layout, type PageContext } from '../web/layout.tsx';

const HOME: Crumb = { label: 'Modération', href: '/moderation' };

export function ModerationHomePage({
  ctx,
  canRne,
  canSignatures = false,
}: {
  ctx: PageContext;
  canRne: boolean;
  canSignatures?: boolean;
}) {
  return (
    <Layout ctx={ctx} title="Modération">
      <Breadcrumbs ctx={ctx} crumbs={[{ label: 'Modération' }]} />
      <h1>Modération des données des candidats</h1>
      <ul class="cards">
        {canSignatures && (
          <li class="card">
            <h2>
              <a href="/moderation/signatures">Signatures à vérifier</a>
            </h2>
            <p>
              Vérifier chaque signature reçue contre la liste officielle et le document signé, puis la publier, la
              refuser (raison envoyée au signataire), fusionner les doublons ou la retirer à la demande.
            </p>
          </li>
        )}
        <li class="card">
          <h2>
            <a href="/moderation/reponses">Réponses des candidats à publier</a>
          </h2>
          <p>
            Réponses recueillies par les bénévoles : les publier sur la page de la liste (si le candidat l’accepte) ou
            les garder privées.
          </p>
        </li>
        <li class="card">
          <h2>
            <a href="/moderation/listes">Listes</a>
          </h2>
          <p>
            Verrouiller une liste vérifiée contre le fichier officiel (les imports suivants ne la modifient plus),
            corriger son nom court ou son site web.
          </p>
        </li>
        <li class="card">
          <h2>
            <a href="/moderation/doublons">Doublons de personnes</a>
          </h2>
          <p>
            Personnes de même nom, candidates à des élections différentes : fusionner les fiches d’une même personne.
          </p>
        </li>
        <li class="card">
          <h2>
            <a href="/moderation/suivi">Suivi des engagements : propositions à publier</a>
          </h2>
          <p>Mises à jour proposées par les bénévoles, preuves à l’appui, sur le suivi des élus signataires.</p>
        </li>
        <li class="card">
          <h2>
            <a href="/espace/ambassadeurs/politiques">Politiques du logiciel libre déclarées par les mairies</a>
          </h2>
          <p>Descriptions et liens envoyés avec les demandes de visite d’ambassadeur : les publier ou les refuser.</p>
        </li>
        {canRne && (
          <li class="card">
            <h2>
              <a href="/moderation/rne">Rapprochements élus ↔ candidats à vérifier</a>
            </h2>
            <p>Mandats du Répertoire national des élus qui correspondent à plusieurs candidatures possibles.</p>
          </li>
        )}
      </ul>
    </Layout>
  );
}

type CommuneLists = Awaited<ReturnType<typeof listsOfCommune>>;

export function ListSearchPage({
  ctx,
  commune,
  lists,
  error,
}: {
  ctx: PageContext;
  commune: string;
  lists: CommuneLists | undefined;
  error?: string;
}) {
  return (
    <Layout ctx={ctx} title="Modération des listes">
      <Breadcrumbs ctx={ctx} crumbs={[HOME, { label: 'Listes' }]} />
      <h1>Modération des listes</h1>
      <form method="get" action="/moderation/listes" class="stack-form" role="search" aria-label="Listes d’une commune">
        <div class="field">
          <label for="commune">Code INSEE de la commune, ou identifiant de la liste</label>
          <input
            id="commune"
            name="commune"
            value={commune}
            aria-describedby={error ? 'commune-erreur' : 'commune-aide'}
            aria-invalid={error ? 'true' : undefined}
          />
          <p id="commune-aide" class="hint">
            Par exemple 62498 pour Lens, ou municipales-2026.62498.1 (l’identifiant figure dans l’adresse de la page de
            la liste).
          </p>
          {error && (
            <p id="commune-erreur" class="field-error">
              {error}
            </p>
          )}
        </div>
        <button type="submit">Afficher les listes</button>
      </form>
      {lists && lists.length === 0 && <p>Aucune liste dans cette commune.</p>}
      {lists && lists.length > 0 && (
        <div class="table-scroll">
          <table>
            <caption>Listes de la commune {commune}</caption>
            <thead>
              <tr>
                <th scope="col">Élection</th>
                <th scope="col">Panneau</th>
                <th scope="col">Liste</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {lists.map((l) => (
                <tr>
                  <td>{l.election_id}</td>
                  <td>{l.panel}</td>
                  <td>
                    <a href={`/moderation/listes/${encodeURIComponent(l.id)}`}>{l.name}</a>
                  </td>
                  <td>{l.locked ? 'verrouillée' : 'non verrouillée'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export interface ListEditForm {
  short_name: string;
  website: string;
  errors: ListEditErrors;
  saved?: boolean;
}

const FIELD_LABELS: Record<string, string> = { short_name: 'nom court', website: 'site web', name: 'nom' };

export function ListModerationPage({ ctx, list, form }: { ctx: PageContext; list: ModeratedList; form: ListEditForm }) {
  const action = `/moderation/listes/${encodeURIComponent(list.id)}`;
  const hasErrors = Boolean(form.errors.short_name || form.errors.website);
  return (
    <Layout ctx={ctx} title={`${hasErrors ? 'Erreur — ' : ''}Modérer la liste ${list.name}`}>
      <Breadcrumbs
        ctx={ctx}
        crumbs={[HOME, { label: 'Listes', href: '/moderation/listes' }, { label: list.short_name || list.name }]}
      />
      <h1>{list.name}</h1>
      <p>
        {list.ballot_name} · {list.election_id} · panneau {list.panel} ·{' '}
        <a href={`/listes/${encodeURIComponent(list.id)}`}>page publique de la liste</a> ·{' '}
        <a href={`/moderation/listes/${encodeURIComponent(list.id)}/historique`}>historique des changements</a>
      </p>
      {form.saved && (
        <p class="notice" role="status">
          Modifications enregistrées.
        </p>
      )}
      <section aria-labelledby="verrou-titre">
        <h2 id="verrou-titre">Verrou</h2>
        <p>
          {list.locked
            ? 'Cette liste est verrouillée : les imports du fichier officiel ne la modifient plus, ni ses candidats.'
            : 'Cette liste n’est pas verrouillée : le prochain import du fichier officiel peut la modifier.'}
        </p>
        <form method="post" action={`${action}/verrou`}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="verrou" value={list.locked ? '0' : '1'} />
          <button type="submit">{list.locked ? 'Déverrouiller la liste' : 'Verrouiller la liste (vérifiée)'}</button>
        </form>
      </section>
      <section aria-labelledby="modifier-titre">
        <h2 id="modifier-titre">Corriger</h2>
        <p>Les champs corrigés ici sont conservés lors des imports suivants du fichier officiel.</p>
        {list.editedFields.length > 0 && (
          <p class="muted">Déjà corrigés : {list.editedFields.map((f) => FIELD_LABELS[f] ?? f).join(', ')}.</p>
        )}
        {hasErrors && (
          <div class="error-summary" role="alert">
            <h3>Les modifications n’ont pas été enregistrées</h3>
            <ul>
              {form.errors.short_name && (
                <li>
                  <a href="#short_name">{form.errors.short_name}</a>
                </li>
              )}
              {form.errors.website && (
                <li>
                  <a href="#website">{form.errors.website}</a>
                </li>
              )}
            </ul>
          </div>
        )}
        <form method="post" action={action} class="stack-form" novalidate>
          <CsrfField ctx={ctx} />
          <div class="field">
            <label for="short_name">Nom court</label>
            <input
              id="short_name"
              name="short_name"
              value={form.short_name}
              required
              maxlength={200}
              aria-invalid={form.errors.short_name ? 'true' : undefined}
              aria-describedby={form.errors.short_name ? 'short_name-erreur' : undefined}
            />
            {form.errors.short_name && (
              <p id="short_name-erreur" class="field-error">
                {form.errors.short_name}
              </p>
            )}
          </div>
          <div class="field">
            <label for="website">Site web</label>
            <input
              id="website"
              name="website"
              type="url"
              value={form.website}
              maxlength={500}
              aria-invalid={form.errors.website ? 'true' : undefined}
              aria-describedby={form.errors.website ? 'website-erreur' : 'website-aide'}
            />
            <p id="website-aide" class="hint">
              Laisser vide s’il n’y en a pas.
            </p>
            {form.errors.website && (
              <p id="website-erreur" class="field-error">
                {form.errors.website}
              </p>
            )}
          </div>
          <button type="submit">Enregistrer</button>
        </form>
      </section>
    </Layout>
  );
}

function PersonCard({ ctx, person, label }: { ctx: PageContext; person: SuggestedPerson; label: string }) {
  return (
    <div>
      <h3>
        {label} : <a href={`/personnes/${encodeURIComponent(person.id)}`}>{`${person.firstName} ${person.lastName}`}</a>
      </h3>
      <p class="muted">
        {person.birthDate
          ? `Date de naissance : ${formatDate(ctx.lang, person.birthDate)}`
          : 'Date de naissance inconnue'}
      </p>
      <ul>
        {person.candidacies.map((c) => (
          <li>
            {c.electionId} — {c.ballotName}
            {c.listName && <> — {c.listName}</>}
          </li>
        ))}
        {person.candidacies.length === 0 && <li>aucune candidature</li>}
      </ul>
    </div>
  );
}

function MergeButton({ ctx, keep, merge, label }: { ctx: PageContext; keep: string; merge: string; label: string }) {
  return (
    <form method="post" action="/moderation/doublons/fusion" class="inline-form">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="garder" value={keep} />
      <input type="hidden" name="fusionner" value={merge} />
      <button type="submit">{label}</button>
    </form>
  );
}

export function DuplicatesPage({
  ctx,
  suggestions,
  merged,
  error,
}: {
  ctx: PageContext;
  suggestions: MergeSuggestion[];
  merged?: string;
  error?: string;
}) {
  return (
    <Layout ctx={ctx} title={error ? 'Erreur — Doublons de personnes' : 'Doublons de personnes'}>
      <Breadcrumbs ctx={ctx} crumbs={[HOME, { label: 'Doublons' }]} />
      <h1>Doublons de personnes</h1>
      <p>
        Ces fiches portent le même nom, avec des dates de naissance égales ou inconnues d’un côté, et leurs candidatures
        sont à des élections différentes : ce peut être la même personne. Fusionner déplace les candidatures vers la
        fiche gardée ; l’adresse de l’autre fiche redirige vers elle.
      </p>
      {merged && (
        <p class="notice" role="status">
          Fusion faite. <a href={`/personnes/${encodeURIComponent(merged)}`}>Voir la fiche gardée</a>.
        </p>
      )}
      {error && (
        <div class="error-summary" role="alert">
          <p>{error}</p>
        </div>
      )}
      {suggestions.length === 0 && <p>Aucun doublon probable pour le moment.</p>}
      <ul class="cards">
        {suggestions.map((s, i) => (
          <li class="card">
            <h2>
              Doublon probable {i + 1} : {s.a.firstName} {s.a.lastName}
            </h2>
            <p class="muted">{s.reason}</p>
            <div class="columns-2">
              <PersonCard ctx={ctx} person={s.a} label="Fiche A" />
              <PersonCard ctx={ctx} person={s.b} label="Fiche B" />
            </div>
            <p>
              <MergeButton
                ctx={ctx}
                keep={s.a.id}
                merge={s.b.id}
                label={`Fusionner, garder la fiche A (doublon ${i + 1})`}
              />{' '}
              <MergeButton
                ctx={ctx}
                keep={s.b.id}
                merge={s.a.id}
                label={`Fusionner, garder la fiche B (doublon ${i + 1})`}
              />
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
