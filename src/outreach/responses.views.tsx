import { CsrfField } from '../web/csrf-field.tsx';
import { formatDate } from '../web/form.views.tsx';
import { Layout, type PageContext } from '../web/layout.tsx';
import { CLASSIFICATIONS } from './contacts.service.ts';

export interface PendingResponse {
  id: string;
  received_on: string;
  verbatim: string;
  document_name: string | null;
  classification: string;
  level: number | null;
  consent: number;
  version: number;
  ballot_name: string;
  list_name: string | null;
  first_name: string | null;
  last_name: string | null;
  organisation_name: string | null;
}

export function ResponsesQueuePage({
  ctx,
  responses,
  notice,
}: {
  ctx: PageContext;
  responses: PendingResponse[];
  notice?: string;
}) {
  return (
    <Layout ctx={ctx} title="Réponses à modérer">
      <p>
        <a href="/moderation">← Modération</a>
      </p>
      <h1>Réponses des candidats à modérer</h1>
      <p>
        Une réponse n’est publiée sur la page de la liste qu’après votre validation, et seulement si le candidat a
        accepté sa publication.
      </p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {responses.length === 0 ? (
        <p>Aucune réponse en attente.</p>
      ) : (
        <ul class="timeline">
          {responses.map((r) => (
            <li>
              <h2>
                {r.list_name ?? `${r.first_name ?? ''} ${r.last_name ?? ''}`} — {r.ballot_name}
              </h2>
              <p>
                Reçue le {formatDate(r.received_on)} ·{' '}
                {CLASSIFICATIONS[r.classification as keyof typeof CLASSIFICATIONS] ?? r.classification}
                {r.level !== null && <> · niveau {r.level}</>}
                {r.organisation_name && <> · par {r.organisation_name}</>} ·{' '}
                {r.consent === 1 ? 'publication acceptée par le candidat' : 'sans accord de publication'}
              </p>
              {r.verbatim && <blockquote>{r.verbatim}</blockquote>}
              {r.document_name && (
                <p>
                  Document : <a href={`/reponses/${r.id}/document`}>{r.document_name}</a>
                </p>
              )}
              <form method="post" action={`/moderation/reponses/${r.id}`} class="inline-form">
                <CsrfField ctx={ctx} />
                <input type="hidden" name="version" value={String(r.version)} />
                {r.consent === 1 && (
                  <button type="submit" name="decision" value="publier">
                    Publier
                  </button>
                )}{' '}
                <button type="submit" name="decision" value="refuser">
                  Ne pas publier
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export interface PublishedResponseItem {
  id: string;
  received_on: string;
  verbatim: string;
  document_name: string | null;
  classification: string;
  level: number | null;
}

export function PublishedResponses({ responses }: { responses: PublishedResponseItem[] }) {
  if (responses.length === 0) return null;
  return (
    <section aria-labelledby="reponses-publiees">
      <h2 id="reponses-publiees">Réponses de la liste</h2>
      <ul class="timeline">
        {responses.map((r) => (
          <li>
            <strong>{formatDate(r.received_on)}</strong> —{' '}
            {CLASSIFICATIONS[r.classification as keyof typeof CLASSIFICATIONS] ?? r.classification}
            {r.level !== null && <> · niveau {r.level}</>}
            {r.verbatim && <blockquote>{r.verbatim}</blockquote>}
            {r.document_name && (
              <p>
                <a href={`/reponses/${r.id}/document`}>{r.document_name}</a>
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
