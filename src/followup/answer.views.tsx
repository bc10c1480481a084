import { CsrfField } from '../web/csrf-field.tsx';
import { Layout, type PageContext } from '../web/layout.tsx';
import { plainPactText, statusLabel } from './followup.views.tsx';
import type { ScorecardDetails } from './scorecards.service.ts';

/** The elected team's page (personal link): each item with its status, and a form to answer. */
export function AnswerPage({
  ctx,
  details,
  label,
  token,
  done,
  error,
  values,
}: {
  ctx: PageContext;
  details: ScorecardDetails;
  label: string;
  token: string;
  done?: string;
  error?: { item: string; message: string };
  values?: { item: string; body: string };
}) {
  const title = `Répondre au suivi — ${details.scorecard.collectivity_name}`;
  return (
    <Layout ctx={ctx} title={error ? `Erreur — ${title}` : title}>
      <h1>{title}</h1>
      <p>
        Ce lien personnel est destiné à : <strong>{label}</strong>. Il vous permet de répondre, point par point, au
        suivi public des engagements du pacte ; votre réponse est publiée à côté de chaque point sur{' '}
        <a href={`/suivi/${encodeURIComponent(details.scorecard.slug)}`}>la page de suivi</a>. Ne le transmettez qu’à
        votre équipe.
      </p>
      {done && (
        <p class="notice" role="status">
          Réponse publiée pour l’élément {done}. Merci.
        </p>
      )}
      {error && (
        <div class="error-summary" role="alert">
          <p>
            <a href={`#reponse-${error.item}`}>
              Élément {error.item} : {error.message}
            </a>
          </p>
        </div>
      )}
      <ul class="followup-items">
        {details.items.map((item) => {
          const id = `reponse-${item.key}`;
          const invalid = error?.item === item.key;
          return (
            <li class="card followup-item">
              <h2>
                {item.key} — {plainPactText(item.text)}
              </h2>
              <p>Statut publié : {statusLabel(ctx, item.status)}</p>
              {item.answers[0] && (
                <p>
                  Votre dernière réponse : <q>{item.answers[0].body}</q>
                </p>
              )}
              <form method="post" action={`/reponse/suivi/${token}`} class="stack-form">
                <CsrfField ctx={ctx} />
                <input type="hidden" name="element" value={item.key} />
                <div class="field">
                  <label for={id}>Votre réponse sur ce point</label>
                  <textarea
                    id={id}
                    name="reponse"
                    rows={3}
                    maxlength={4000}
                    aria-invalid={invalid ? 'true' : undefined}
                    aria-describedby={invalid ? `${id}-erreur` : undefined}
                  >
                    {values?.item === item.key ? values.body : ''}
                  </textarea>
                  {invalid && (
                    <p id={`${id}-erreur`} class="field-error">
                      {error?.message}
                    </p>
                  )}
                </div>
                <button type="submit">Publier la réponse</button>
              </form>
            </li>
          );
        })}
      </ul>
    </Layout>
  );
}

export function AnswerLinkInvalidPage({ ctx, status }: { ctx: PageContext; status: string }) {
  const message =
    status === 'expired'
      ? 'Ce lien a expiré.'
      : status === 'revoked'
        ? 'Ce lien a été révoqué.'
        : 'Ce lien n’est pas valable.';
  return (
    <Layout ctx={ctx} title="Lien non valable">
      <h1>Lien non valable</h1>
      <p>{message} Demandez un nouveau lien à l’équipe de la campagne.</p>
    </Layout>
  );
}
