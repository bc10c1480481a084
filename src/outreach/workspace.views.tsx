import { CsrfField } from '../web/csrf-field.tsx';
import { formatDate } from '../web/form.views.tsx';
import { Layout, type PageContext } from '../web/layout.tsx';
import {
  type Coverage,
  type CoverageCounts,
  STATUS_LABELS,
  type TargetStatus,
  type WorkspaceRow,
} from './workspace.service.ts';

export interface WorkspaceFiltersForm {
  commune: string;
  nuance: string;
  headsOnly: boolean;
  eligibleFirst: boolean;
}

export interface FollowUp {
  id: string;
  version: number;
  target_type: string;
  target_id: string;
  next_step: string | null;
  next_step_due: string | null;
  ballot_name: string;
  list_name: string | null;
  first_name: string | null;
  last_name: string | null;
}

export function StatusText({ status }: { status: TargetStatus }) {
  if (status.kind === 'reserve') {
    return (
      <span class={`status status-${status.kind}`}>
        réservé par {status.by}
        {status.until ? ` jusqu’au ${formatDate(status.until)}` : ''}
      </span>
    );
  }
  return <span class={`status status-${status.kind}`}>{STATUS_LABELS[status.kind]}</span>;
}

export function targetHref(type: string, id: string): string {
  return `/espace/cibles/${type === 'list' ? 'liste' : 'candidature'}/${encodeURIComponent(id)}`;
}

function percent(part: number, total: number): string {
  return total === 0 ? '—' : `${Math.round((100 * part) / total)} %`;
}

export function CoverageTable({
  caption,
  rows,
  firstHeader,
}: {
  caption: string;
  rows: (CoverageCounts & { label: string })[];
  firstHeader: string;
}) {
  return (
    <div class="table-scroll">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{firstHeader}</th>
            <th scope="col">Cibles</th>
            <th scope="col">Réservées</th>
            <th scope="col">Contactées</th>
            <th scope="col">Ont répondu</th>
            <th scope="col">Signé</th>
            <th scope="col">Couverture</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">{r.label}</th>
              <td>{r.total}</td>
              <td>{r.reserved}</td>
              <td>{r.contacted}</td>
              <td>{r.answered}</td>
              <td>{r.signed}</td>
              <td>{percent(r.contacted, r.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function pageHref(filters: WorkspaceFiltersForm, page: number): string {
  const params = new URLSearchParams();
  if (filters.commune) params.set('commune', filters.commune);
  if (filters.nuance) params.set('nuance', filters.nuance);
  if (!filters.headsOnly) params.set('tous', '1');
  if (filters.eligibleFirst) params.set('eligibles', '1');
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/espace?${query}` : '/espace';
}

export function WorkspacePage(props: {
  ctx: PageContext;
  name: string;
  organisations: { slug: string; name: string; role: string }[];
  filters: WorkspaceFiltersForm;
  result: { total: number; page: number; pages: number; rows: WorkspaceRow[] };
  followUps: FollowUp[];
  today: string;
  coverage: Coverage;
  userId: string;
  tools: { href: string; label: string }[];
}) {
  const { ctx, filters, result } = props;
  const back = pageHref(filters, result.page);
  return (
    <Layout ctx={ctx} title="Mon espace">
      <h1>Mon espace</h1>
      <p>
        Bonjour {props.name}.{' '}
        {props.organisations.length === 0 ? (
          <>
            Vous n’êtes membre d’aucune organisation relais : votre zone est vide. Demandez à une coordination de vous
            ajouter.
          </>
        ) : (
          <>
            Votre zone est celle de{' '}
            {props.organisations.map((o, i) => (
              <>
                {i > 0 && ', '}
                <a href={`/relais/${o.slug}`}>{o.name}</a>
                {o.role === 'coordinator' && (
                  <>
                    {' '}
                    (<a href={`/espace/relais/${o.slug}`}>gérer</a>)
                  </>
                )}
              </>
            ))}
            .
          </>
        )}{' '}
        <a href="/espace/relais">Organisations</a> · <a href="/espace/ambassadeurs">Ambassadeurs du libre</a> ·{' '}
        <a href="/espace/signatures/saisie">Saisir une signature papier</a>
      </p>

      {props.tools.length > 0 && (
        <nav aria-label="Outils de l’espace" class="tools">
          <ul>
            {props.tools.map((t) => (
              <li>
                <a href={t.href}>{t.label}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}

      <section aria-labelledby="a-faire">
        <h2 id="a-faire">À faire</h2>
        {props.followUps.length === 0 ? (
          <p>Aucune relance prévue.</p>
        ) : (
          <ul class="todo">
            {props.followUps.map((f) => (
              <li>
                <strong>{f.next_step_due ? formatDate(f.next_step_due) : ''}</strong>
                {f.next_step_due && f.next_step_due < props.today && <span class="badge late">en retard</span>}
                {f.next_step_due === props.today && <span class="badge">aujourd’hui</span>} — {f.next_step} :{' '}
                <a href={targetHref(f.target_type, f.target_id)}>
                  {f.list_name ?? `${f.first_name ?? ''} ${f.last_name ?? ''}`}
                </a>{' '}
                ({f.ballot_name}){' '}
                <form method="post" action={`/espace/contacts/${f.id}/fait`} class="inline-form">
                  <CsrfField ctx={ctx} />
                  <input type="hidden" name="version" value={String(f.version)} />
                  <button type="submit" class="small">
                    Fait<span class="visually-hidden"> : {f.next_step}</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="cibles">
        <h2 id="cibles">Listes et candidats de ma zone</h2>
        <form method="get" action="/espace" class="filters">
          <div class="field">
            <label for="commune">Commune (code INSEE)</label>
            <input id="commune" name="commune" value={filters.commune} inputmode="numeric" maxlength={5} />
          </div>
          <div class="field">
            <label for="nuance">Nuance</label>
            <input id="nuance" name="nuance" value={filters.nuance} maxlength={10} />
          </div>
          <div class="field checkbox">
            <input id="tous" type="checkbox" name="tous" value="1" checked={!filters.headsOnly} />
            <label for="tous">Tous les colistiers (pas seulement les têtes de liste)</label>
          </div>
          <div class="field checkbox">
            <input id="eligibles" type="checkbox" name="eligibles" value="1" checked={filters.eligibleFirst} />
            <label for="eligibles">Positions éligibles d’abord</label>
          </div>
          <button type="submit">Filtrer</button>
        </form>
        <p role="status">
          {result.total} résultat{result.total > 1 ? 's' : ''} — page {result.page} sur {result.pages}
        </p>
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Cibles de ma zone et leur état</caption>
            <thead>
              <tr>
                <th scope="col">Scrutin</th>
                <th scope="col">Liste</th>
                <th scope="col">Candidat·e</th>
                <th scope="col">Nuance</th>
                <th scope="col">État</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <tr id={`c-${r.candidacy_id}`}>
                  <td>{r.ballot_name}</td>
                  <td>{r.list_name ?? '—'}</td>
                  <td>
                    {r.first_name} {r.last_name}
                    {r.head && <span class="badge">tête de liste</span>}
                    {r.position !== null && !r.head && <span class="muted"> (n° {r.position})</span>}
                  </td>
                  <td>{r.nuance_code ?? '—'}</td>
                  <td>
                    <StatusText status={r.status} />
                  </td>
                  <td>
                    <a href={targetHref(r.target_type, r.target_id)}>Suivre</a>
                    {r.status.kind === 'non-contacte' && (
                      <form method="post" action="/espace/reserver" class="inline-form">
                        <CsrfField ctx={ctx} />
                        <input type="hidden" name="type" value={r.target_type} />
                        <input type="hidden" name="id" value={r.target_id} />
                        <input type="hidden" name="retour" value={back} />{' '}
                        <button type="submit" class="small">
                          Réserver
                          <span class="visually-hidden"> {r.list_name ?? `${r.first_name} ${r.last_name}`}</span>
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {result.pages > 1 && (
          <nav aria-label="Pages" class="pagination">
            {result.page > 1 && <a href={pageHref(filters, result.page - 1)}>← Page précédente</a>}{' '}
            {result.page < result.pages && <a href={pageHref(filters, result.page + 1)}>Page suivante →</a>}
          </nav>
        )}
      </section>

      <section aria-labelledby="couverture">
        <h2 id="couverture">Couverture de ma zone</h2>
        <p>
          {props.coverage.all.contacted} cible{props.coverage.all.contacted > 1 ? 's' : ''} contactée
          {props.coverage.all.contacted > 1 ? 's' : ''} sur {props.coverage.all.total} ({props.coverage.all.answered}{' '}
          ont répondu, {props.coverage.all.signed} ont signé).
        </p>
        <CoverageTable
          caption="Couverture par nuance"
          firstHeader="Nuance"
          rows={props.coverage.byNuance.map((n) => ({ ...n, label: n.nuance }))}
        />
      </section>
    </Layout>
  );
}

export function OutreachErrorPage({
  ctx,
  title,
  message,
  back,
}: {
  ctx: PageContext;
  title: string;
  message: string;
  back?: string;
}) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p role="alert">{message}</p>
      <p>
        <a href={back ?? '/espace'}>Retour</a>
      </p>
    </Layout>
  );
}
