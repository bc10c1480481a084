import { MANDATE_LABELS } from '../candidates/mandates.service.ts';
import type { AmbiguousMatch } from '../candidates/rne-matching.service.ts';
import { CsrfField } from '../web/csrf-field.tsx';
import { formatDate, formatNumber } from '../web/i18n/index.ts';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';

function DecisionButton({
  ctx,
  match,
  decision,
  label,
}: {
  ctx: PageContext;
  match: AmbiguousMatch;
  decision: 'confirmed' | 'rejected';
  label: string;
}) {
  return (
    <form method="post" action="/moderation/rne/decision" class="inline-form">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="mandat" value={match.mandateId} />
      <input type="hidden" name="candidature" value={match.candidacyId} />
      <input type="hidden" name="decision" value={decision} />
      <button type="submit">{label}</button>
    </form>
  );
}

/**
 * Mandates of the Répertoire national des élus that match several candidacies (or match weakly):
 * the moderator says which candidacy is the same person.
 */
export function RneMatchesPage({
  ctx,
  total,
  items,
  page,
  pageSize,
  decided,
  error,
}: {
  ctx: PageContext;
  total: number;
  items: AmbiguousMatch[];
  page: number;
  pageSize: number;
  decided?: string;
  error?: string;
}) {
  const groups = Map.groupBy(items, (m) => m.mandateId);
  const date = (iso: string | null) => (iso ? formatDate(ctx.lang, iso) : 'inconnue');
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const title = 'Rapprochements élus ↔ candidats à vérifier';
  return (
    <Layout ctx={ctx} title={error ? `Erreur — ${title}` : title}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: 'Modération', href: '/moderation' }, { label: 'Élus ↔ candidats' }]} />
      <h1>{title}</h1>
      <p>
        Chaque mandat ci-dessous (Répertoire national des élus) peut correspondre à plusieurs candidatures, ou y
        correspond sans certitude. Indiquez la candidature de la même personne : confirmer écarte les autres
        possibilités pour ce mandat à cette élection. Les décisions sont conservées lors des imports suivants.
      </p>
      {decided && (
        <p class="notice" role="status">
          {decided}
        </p>
      )}
      {error && (
        <div class="error-summary" role="alert">
          <p>{error}</p>
        </div>
      )}
      <p>{formatNumber(ctx.lang, total)} rapprochement(s) à vérifier.</p>
      {[...groups.values()].map((matches) => {
        const m = matches[0] as AmbiguousMatch;
        const who = `${m.firstName} ${m.lastName}`;
        return (
          <section class="card" aria-label={`${MANDATE_LABELS[m.mandate] ?? m.mandate} — ${who}`}>
            <h2>
              {MANDATE_LABELS[m.mandate] ?? m.mandate} — {m.territoryName ?? m.territoryCode} : {who}
            </h2>
            <p class="muted">
              Date de naissance : {date(m.birthDate)}
              {m.functionLabel && <> · {m.functionLabel}</>}
              {m.mandateStart && <> · mandat depuis le {date(m.mandateStart)}</>}
            </p>
            <div class="table-scroll">
              <table>
                <caption class="visually-hidden">Candidatures possibles pour {who}</caption>
                <thead>
                  <tr>
                    <th scope="col">Candidature</th>
                    <th scope="col">Date de naissance</th>
                    <th scope="col">Scrutin</th>
                    <th scope="col">Confiance</th>
                    <th scope="col">Décision</th>
                  </tr>
                </thead>
                <tbody>
                  {matches.map((x) => (
                    <tr>
                      <td>
                        <a href={`/personnes/${encodeURIComponent(x.personId)}`}>
                          {x.candidacyFirstName} {x.candidacyLastName}
                        </a>
                        {x.listName && (
                          <>
                            <br />
                            <span class="muted">
                              {x.listName}
                              {x.position !== null && <>, position {x.position}</>}
                            </span>
                          </>
                        )}
                      </td>
                      <td>{date(x.candidacyBirthDate)}</td>
                      <td>
                        {x.ballotName} <span class="muted">({x.electionId})</span>
                      </td>
                      <td>{x.confidence} %</td>
                      <td>
                        <DecisionButton
                          ctx={ctx}
                          match={x}
                          decision="confirmed"
                          label={`Même personne : ${x.candidacyFirstName} ${x.candidacyLastName}, ${x.ballotName}`}
                        />{' '}
                        <DecisionButton ctx={ctx} match={x} decision="rejected" label="Pas la même personne" />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
      {pages > 1 && (
        <nav aria-label="Pages">
          <p>
            Page {page} sur {pages}
            {page > 1 && (
              <>
                {' '}
                · <a href={`/moderation/rne?page=${page - 1}`}>page précédente</a>
              </>
            )}
            {page < pages && (
              <>
                {' '}
                · <a href={`/moderation/rne?page=${page + 1}`}>page suivante</a>
              </>
            )}
          </p>
        </nav>
      )}
    </Layout>
  );
}
