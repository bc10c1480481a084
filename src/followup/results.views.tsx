import { withCsrf } from '../web/csrf-field.tsx';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';
import type { ResultsImport, ResultsOutcome } from './results-import.jobs.ts';

export interface ResultsForm {
  election: string;
  date: string;
  errors: { fichier?: string; election?: string; date?: string };
}

const fieldProps = (form: ResultsForm, key: keyof ResultsForm['errors']) => ({
  'aria-invalid': form.errors[key] ? ('true' as const) : undefined,
  'aria-describedby': form.errors[key] ? `${key}-erreur` : undefined,
});

function FieldError({ form, name }: { form: ResultsForm; name: keyof ResultsForm['errors'] }) {
  const message = form.errors[name];
  return message ? (
    <p id={`${name}-erreur`} class="field-error">
      {message}
    </p>
  ) : null;
}

function Summary({ outcome }: { outcome: ResultsOutcome }) {
  const verb = outcome.summary.dryRun ? 'Vérification (rien n’a été enregistré)' : 'Importé';
  if (outcome.kind === 'second-round') {
    const s = outcome.summary;
    return (
      <p>
        {verb} — candidatures au second tour ({s.format}) : {s.read} ligne(s), {s.qualified} qualifié(s) pour le second
        tour (créés {s.counts.created}, modifiés {s.counts.updated}, inchangés {s.counts.unchanged}, retirés{' '}
        {s.counts.ended}).
      </p>
    );
  }
  const s = outcome.summary;
  const c = s.counts;
  return (
    <>
      <p>
        {verb} — résultats par commune au {s.asOf ?? 'date inconnue'} : {s.read} commune(s) lue(s), {s.decided}{' '}
        pourvue(s) ; {s.electedLists} liste(s) élue(s) (nouvelles {c.lists.created}, modifiées {c.lists.updated},
        inchangées {c.lists.unchanged}, retirées {c.lists.ended}) ; {s.electedCandidacies} candidat(s) élu(s) (nouveaux{' '}
        {c.candidacies.created}, modifiés {c.candidacies.updated}, inchangés {c.candidacies.unchanged}, retirés{' '}
        {c.candidacies.ended}).
      </p>
      {outcome.scorecards && (
        <p>
          Suivis : {outcome.scorecards.created} créé(s), {outcome.scorecards.signatoriesAdded} signataire(s) ajouté(s),{' '}
          {outcome.scorecards.ended} terminé(s).
        </p>
      )}
    </>
  );
}

export function ResultsUploadPage({
  ctx,
  elections,
  form,
}: {
  ctx: PageContext;
  elections: { id: string; name: string }[];
  form: ResultsForm;
}) {
  const title = 'Résultats officiels des élections';
  const errors = Object.entries(form.errors).filter(([, m]) => m);
  return (
    <Layout ctx={ctx} title={errors.length ? `Erreur — ${title}` : title}>
      <Breadcrumbs
        ctx={ctx}
        crumbs={[
          { label: 'Espace', href: '/espace' },
          { label: 'Suivi des engagements', href: '/espace/suivi' },
          { label: 'Résultats officiels' },
        ]}
      />
      <h1>{title}</h1>
      <p>
        Déposez le fichier des <strong>résultats par commune</strong> du ministère de l’Intérieur (
        <code>municipales-2026-resultats-communes-….csv</code>) : les listes qui ont des sièges au conseil municipal
        sont marquées élues, avec leurs premiers candidats dans l’ordre de la liste (un siège par candidat), et les
        suivis des signataires élus sont créés. Le fichier des <strong>candidatures au second tour</strong> est reconnu
        aussi : il marque les listes « qualifiées pour le second tour ». Le type de fichier est reconnu à son en-tête.
        Vérifiez d’abord : rien n’est enregistré. L’import se fait en arrière-plan : une page en suit l’avancement.
      </p>
      {errors.length > 0 && (
        <div class="error-summary" role="alert" id="erreurs">
          <h2>Le fichier n’a pas été importé</h2>
          <ul>
            {errors.map(([key, message]) => (
              <li>
                <a href={`#${key}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form
        method="post"
        action={withCsrf(ctx, '/espace/suivi/resultats')}
        enctype="multipart/form-data"
        class="stack-form"
      >
        <div class="field">
          <label for="fichier">Fichier du ministère (CSV)</label>
          <input id="fichier" name="fichier" type="file" accept=".csv,.txt,text/csv" {...fieldProps(form, 'fichier')} />
          <FieldError form={form} name="fichier" />
        </div>
        <div class="field">
          <label for="election">Élection</label>
          <select id="election" name="election" {...fieldProps(form, 'election')}>
            {elections.map((e) => (
              <option value={e.id} selected={form.election === e.id}>
                {e.name}
              </option>
            ))}
          </select>
          <FieldError form={form} name="election" />
        </div>
        <div class="field">
          <label for="date">Date des résultats (facultative)</label>
          <p class="hint" id="date-aide">
            AAAA-MM-JJ ; par défaut, la date qui termine le nom du fichier.
          </p>
          <input
            id="date"
            name="date"
            type="text"
            inputmode="numeric"
            value={form.date}
            {...fieldProps(form, 'date')}
            aria-describedby={form.errors.date ? 'date-aide date-erreur' : 'date-aide'}
          />
          <FieldError form={form} name="date" />
        </div>
        <div>
          <button type="submit" name="action" value="verifier">
            Vérifier (rien n’est enregistré)
          </button>{' '}
          <button type="submit" name="action" value="appliquer">
            Importer
          </button>
        </div>
      </form>
    </Layout>
  );
}

function RejectedLines({ rejected, total }: { rejected: { line: number; reason: string }[]; total: number }) {
  if (rejected.length === 0) return null;
  return (
    <div class="table-scroll">
      <table class="data-table">
        <caption>
          Lignes non appliquées ({total}){total > rejected.length ? ` — les ${rejected.length} premières` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Ligne</th>
            <th scope="col">Motif</th>
          </tr>
        </thead>
        <tbody>
          {rejected.map((r) => (
            <tr>
              <td>{r.line}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const IMPORT_STATUS_LABELS: Record<ResultsImport['status'], string> = {
  queued: 'en attente',
  running: 'en cours',
  done: 'terminé',
  failed: 'échoué',
};

/** /espace/suivi/resultats/:id — an import run in the background: its status, then its summary. */
export function ResultsImportPage({
  ctx,
  job,
  electionName,
  autoRefresh = true,
}: {
  ctx: PageContext;
  job: ResultsImport;
  electionName: string;
  /** Off when the reader asked the page to stop reloading itself (WCAG 2.2.1). */
  autoRefresh?: boolean;
}) {
  const finished = job.status === 'done' || job.status === 'failed';
  const here = `/espace/suivi/resultats/${encodeURIComponent(job.id)}`;
  const what = job.dryRun ? 'Vérification' : 'Import';
  const title = `${what} du fichier « ${job.fileName} » : ${IMPORT_STATUS_LABELS[job.status]}`;
  return (
    <Layout ctx={ctx} title={title} refreshSeconds={finished || !autoRefresh ? undefined : 2}>
      <Breadcrumbs
        ctx={ctx}
        crumbs={[
          { label: 'Espace', href: '/espace' },
          { label: 'Suivi des engagements', href: '/espace/suivi' },
          { label: 'Résultats officiels', href: '/espace/suivi/resultats' },
          { label: what },
        ]}
      />
      <h1>{title}</h1>
      <dl class="facts">
        <dt>Fichier</dt>
        <dd>
          {job.fileName} ({job.kind === 'results' ? 'résultats par commune' : 'candidatures au second tour'})
        </dd>
        <dt>Élection</dt>
        <dd>{electionName}</dd>
        <dt>Déposé le</dt>
        <dd>
          <time datetime={job.createdAt}>{job.createdAt.slice(0, 19).replace('T', ' ')} UTC</time>
        </dd>
        <dt>État</dt>
        <dd>{IMPORT_STATUS_LABELS[job.status]}</dd>
      </dl>
      {!finished && (
        <p role="status">
          {job.status === 'queued'
            ? 'L’import attend son tour.'
            : 'L’import est en cours : un fichier national prend quelques dizaines de secondes.'}{' '}
          {autoRefresh ? (
            <>
              Cette page se met à jour toute seule toutes les 2 secondes (
              <a href={`${here}?actualiser=non`}>arrêter la mise à jour automatique</a>).
            </>
          ) : (
            <>
              <a href={`${here}?actualiser=non`}>Actualiser la page</a> pour voir où il en est, ou{' '}
              <a href={here}>la remettre à jour automatiquement</a>.
            </>
          )}
        </p>
      )}
      {job.status === 'failed' && (
        <div class="error-summary" role="alert">
          <h2>{job.dryRun ? 'La vérification a échoué' : 'L’import a échoué'}</h2>
          <p>{job.error}</p>
        </div>
      )}
      {job.outcome && job.status === 'done' && (
        <div class="notice" role="status">
          <Summary outcome={job.outcome} />
        </div>
      )}
      {job.outcome && <RejectedLines rejected={job.outcome.summary.rejected} total={job.rejectedTotal} />}
      {finished && (
        <p>
          <a href="/espace/suivi/resultats">Déposer un autre fichier</a>
        </p>
      )}
    </Layout>
  );
}
