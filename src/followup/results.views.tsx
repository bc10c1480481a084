import { withCsrf } from '../web/csrf-field.tsx';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';
import type { SecondRoundSummary } from './results.service.ts';
import type { ResultsFileSummary } from './results-file.ts';
import type { RefreshSummary } from './scorecards.service.ts';

export interface ResultsForm {
  election: string;
  date: string;
  errors: { fichier?: string; election?: string; date?: string };
}

export type ResultsOutcome =
  | { kind: 'results'; summary: ResultsFileSummary; scorecards?: RefreshSummary }
  | { kind: 'second-round'; summary: SecondRoundSummary };

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
  outcome,
}: {
  ctx: PageContext;
  elections: { id: string; name: string }[];
  form: ResultsForm;
  outcome?: ResultsOutcome;
}) {
  const title = 'Résultats officiels des élections';
  const errors = Object.entries(form.errors).filter(([, m]) => m);
  const rejected = outcome?.summary.rejected ?? [];
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
        Vérifiez d’abord : rien n’est enregistré.
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
      {outcome && (
        <div class="notice" role="status">
          <Summary outcome={outcome} />
        </div>
      )}
      {rejected.length > 0 && (
        <div class="table-scroll">
          <table class="data-table">
            <caption>Lignes non appliquées ({rejected.length})</caption>
            <thead>
              <tr>
                <th scope="col">Ligne</th>
                <th scope="col">Motif</th>
              </tr>
            </thead>
            <tbody>
              {rejected.slice(0, 500).map((r) => (
                <tr>
                  <td>{r.line}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
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
