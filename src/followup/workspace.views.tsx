import { CsrfField, withCsrf } from '../web/csrf-field.tsx';
import { formatDate } from '../web/i18n/index.ts';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';
import type { BulkResult } from './bulk.service.ts';
import type { EvidenceErrors } from './evidence.ts';
import { plainPactText, ScorecardBody, statusLabel } from './followup.views.tsx';
import { STATUS_LABELS, STATUSES } from './levels.ts';
import type { Scorecard, ScorecardDetails } from './scorecards.service.ts';

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} class="field-error">
      {message}
    </p>
  ) : null;
}

const crumbs = (extra: { label: string; href?: string }[]) => [{ label: 'Espace', href: '/espace' }, ...extra];

export function WorkspaceIndexPage({
  ctx,
  scorecards,
  canBulk,
  canManage,
  elections,
  refreshed,
}: {
  ctx: PageContext;
  scorecards: Scorecard[];
  canBulk: boolean;
  canManage: boolean;
  elections: { id: string; name: string }[];
  refreshed?: string;
}) {
  return (
    <Layout ctx={ctx} title="Suivi des engagements — mon espace">
      <Breadcrumbs ctx={ctx} crumbs={crumbs([{ label: 'Suivi des engagements' }])} />
      <h1>Suivi des engagements</h1>
      {refreshed && (
        <p class="notice" role="status">
          {refreshed}
        </p>
      )}
      <p>
        Les collectivités suivies dans la zone de vos organisations. Ouvrez-en une pour proposer une mise à jour avec
        une preuve ; la modération la publiera.
      </p>
      {scorecards.length === 0 ? (
        <p>Aucune collectivité suivie dans votre zone pour l’instant.</p>
      ) : (
        <ul>
          {scorecards.map((s) => (
            <li>
              <a href={`/espace/suivi/${encodeURIComponent(s.slug)}`}>{s.collectivity_name}</a> — niveau{' '}
              {Number(s.level)}, {Number(s.items_kept)} tenu(s) sur {Number(s.items_total)}
              {s.status === 'ended' ? ' (mandat terminé)' : ''}
            </li>
          ))}
        </ul>
      )}
      {canBulk && (
        <p>
          <a href="/espace/suivi/import">Mise à jour groupée par fichier CSV</a>
        </p>
      )}
      {canManage && (
        <p>
          <a href="/espace/suivi/resultats">Importer les résultats officiels (sièges gagnés, second tour)</a>
        </p>
      )}
      {canManage && (
        <form method="post" action="/espace/suivi/actualiser" class="card stack-form">
          <CsrfField ctx={ctx} />
          <h2>Actualiser les élus et les suivis</h2>
          <p class="hint">
            Marque élus les candidats reliés à un mandat du Répertoire national des élus (importé dans l’administration)
            et crée les suivis des collectivités où un signataire a été élu.
          </p>
          <div class="field">
            <label for="actualiser-election">Élection</label>
            <select id="actualiser-election" name="election">
              {elections.map((e) => (
                <option value={e.id}>{e.name}</option>
              ))}
            </select>
          </div>
          <button type="submit">Actualiser</button>
        </form>
      )}
    </Layout>
  );
}

export interface ProposalForm {
  item: string;
  status: string;
  evidenceUrl: string;
  evidenceDocument: string;
  evidenceDate: string;
  note: string;
  errors: EvidenceErrors & { form?: string };
}

export const EMPTY_PROPOSAL: ProposalForm = {
  item: '',
  status: '',
  evidenceUrl: '',
  evidenceDocument: '',
  evidenceDate: '',
  note: '',
  errors: {},
};

export function WorkspaceScorecardPage({
  ctx,
  details,
  form,
  notice,
  canManage,
  links,
  newLink,
}: {
  ctx: PageContext;
  details: ScorecardDetails;
  form: ProposalForm;
  notice?: string;
  canManage: boolean;
  links: { id: string; label: string; expires_at: string; revoked_at: string | null; last_used_at: string | null }[];
  newLink?: string;
}) {
  const { errors } = form;
  const hasErrors = Object.keys(errors).length > 0;
  const name = details.scorecard.collectivity_name;
  const title = `Suivi : ${name} — proposer une mise à jour`;
  const field = (key: keyof EvidenceErrors) => ({
    'aria-invalid': errors[key] ? ('true' as const) : undefined,
    'aria-describedby': errors[key] ? `${key}-erreur` : undefined,
  });
  return (
    <Layout ctx={ctx} title={hasErrors ? `Erreur — ${title}` : title}>
      <Breadcrumbs
        ctx={ctx}
        crumbs={crumbs([{ label: 'Suivi des engagements', href: '/espace/suivi' }, { label: name }])}
      />
      <h1>Suivi : {name}</h1>
      <p>
        <a href={`/suivi/${encodeURIComponent(details.scorecard.slug)}`}>Page publique</a>
      </p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <section id="proposer" aria-labelledby="proposer-titre">
        <h2 id="proposer-titre">Proposer une mise à jour</h2>
        {hasErrors && (
          <div class="error-summary" role="alert" id="erreurs">
            <h3>La proposition n’a pas été enregistrée</h3>
            <ul>
              {errors.form && <li>{errors.form}</li>}
              {(['status', 'evidenceUrl', 'evidenceDocument', 'evidenceDate', 'note'] as const).map(
                (k) =>
                  errors[k] && (
                    <li>
                      <a href={`#${k}`}>{errors[k]}</a>
                    </li>
                  ),
              )}
            </ul>
          </div>
        )}
        <form
          method="post"
          action={`/espace/suivi/${encodeURIComponent(details.scorecard.slug)}`}
          class="stack-form followup-filters"
          novalidate
        >
          <CsrfField ctx={ctx} />
          <div class="field">
            <label for="item">Engagement ou action</label>
            <select id="item" name="element">
              {details.items.map((i) => (
                <option value={i.key} selected={form.item === i.key}>
                  {i.key} — {plainPactText(i.text).slice(0, 110)} ({statusLabel(ctx, i.status)})
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="status">Statut constaté</label>
            <select id="status" name="statut" {...field('status')}>
              <option value="">— choisir —</option>
              {STATUSES.map((s) => (
                <option value={s} selected={form.status === s}>
                  {STATUS_LABELS[s].fr}
                </option>
              ))}
            </select>
            <FieldError id="status-erreur" message={errors.status} />
          </div>
          <div class="field">
            <label for="evidenceUrl">Lien vers la preuve (https://…)</label>
            <input
              id="evidenceUrl"
              name="preuve"
              type="url"
              value={form.evidenceUrl}
              maxlength={2000}
              {...field('evidenceUrl')}
            />
            <p class="hint">
              Délibération, article, marché public, page du site de la collectivité… Obligatoire (ou un document) sauf
              pour « non évalué ».
            </p>
            <FieldError id="evidenceUrl-erreur" message={errors.evidenceUrl} />
          </div>
          <div class="field">
            <label for="evidenceDocument">Document (référence)</label>
            <input
              id="evidenceDocument"
              name="document"
              value={form.evidenceDocument}
              maxlength={500}
              {...field('evidenceDocument')}
            />
            <p class="hint">Par exemple « Délibération n° 2026-45 du conseil municipal ».</p>
            <FieldError id="evidenceDocument-erreur" message={errors.evidenceDocument} />
          </div>
          <div class="field">
            <label for="evidenceDate">Date de la preuve</label>
            <input
              id="evidenceDate"
              name="date"
              value={form.evidenceDate}
              placeholder="AAAA-MM-JJ"
              {...field('evidenceDate')}
            />
            <FieldError id="evidenceDate-erreur" message={errors.evidenceDate} />
          </div>
          <div class="field">
            <label for="note">Note</label>
            <textarea id="note" name="note" rows={3} maxlength={4000} {...field('note')}>
              {form.note}
            </textarea>
            <FieldError id="note-erreur" message={errors.note} />
          </div>
          <button type="submit">Proposer</button>
        </form>
      </section>
      {canManage && (
        <section aria-labelledby="liens-titre">
          <h2 id="liens-titre">Liens de réponse de l’équipe élue</h2>
          {newLink && (
            <div class="notice" role="status">
              <p>Lien créé ; copiez-le maintenant, il ne sera plus affiché :</p>
              <p>
                <code>{newLink}</code>
              </p>
            </div>
          )}
          <form
            method="post"
            action={`/espace/suivi/${encodeURIComponent(details.scorecard.slug)}/liens`}
            class="stack-form"
          >
            <CsrfField ctx={ctx} />
            <div class="field">
              <label for="lien-libelle">Destinataire du lien</label>
              <input id="lien-libelle" name="libelle" maxlength={200} placeholder="Équipe municipale de …" />
            </div>
            <button type="submit">Créer un lien personnel (valable 180 jours)</button>
          </form>
          {links.length > 0 && (
            <ul>
              {links.map((l) => (
                <li>
                  {l.label} — expire le {formatDate('fr', l.expires_at)}
                  {l.last_used_at && `, utilisé le ${formatDate('fr', l.last_used_at)}`}
                  {l.revoked_at ? (
                    ' — révoqué'
                  ) : (
                    <form
                      method="post"
                      action={`/espace/suivi/${encodeURIComponent(details.scorecard.slug)}/liens/${l.id}/revoquer`}
                      class="inline-form"
                    >
                      <CsrfField ctx={ctx} />
                      <button type="submit">Révoquer</button>
                    </form>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <ScorecardBody ctx={ctx} details={details} />
    </Layout>
  );
}

export function BulkPage({ ctx, text, result }: { ctx: PageContext; text: string; result?: BulkResult }) {
  const title = 'Mise à jour groupée du suivi (CSV)';
  return (
    <Layout ctx={ctx} title={result?.errors.length ? `Erreur — ${title}` : title}>
      <Breadcrumbs
        ctx={ctx}
        crumbs={crumbs([{ label: 'Suivi des engagements', href: '/espace/suivi' }, { label: 'Mise à jour groupée' }])}
      />
      <h1>{title}</h1>
      <p>
        Une ligne par élément : <code>collectivite;element;statut;preuve;date</code> (colonnes facultatives :{' '}
        <code>document</code>, <code>note</code>). <code>collectivite</code> est l’adresse de la page de suivi (
        <code>62498</code>, <code>epci-246200364</code>) ; <code>element</code> vaut <code>1</code> pour l’engagement 1,{' '}
        <code>1.5</code> pour sa 5e action ; <code>statut</code> : tenu, en cours, au point mort, non tenu, non évalué ;{' '}
        <code>preuve</code> : un lien http(s), obligatoire sauf pour « non évalué ». Tout le fichier est appliqué, ou
        rien s’il contient une erreur. Vérifiez d’abord : rien n’est enregistré.
      </p>
      {result && result.errors.length > 0 && (
        <div class="error-summary" role="alert">
          <h2>Rien n’a été appliqué : {result.errors.length} ligne(s) en erreur</h2>
          <ul>
            {result.errors.map((e) => (
              <li>
                Ligne {e.line} : {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {result && result.errors.length === 0 && (
        <div class="notice" role="status">
          <p>
            {result.applied
              ? `Appliqué : ${result.changes.filter((c) => c.changes).length} élément(s) mis à jour.`
              : `Vérification : ${result.changes.filter((c) => c.changes).length} élément(s) changeraient ; rien n’a été enregistré.`}
          </p>
        </div>
      )}
      {result && result.changes.length > 0 && (
        <div class="table-scroll">
          <table class="data-table">
            <caption>{result.applied ? 'Changements appliqués' : 'Ce qui changerait'}</caption>
            <thead>
              <tr>
                <th scope="col">Ligne</th>
                <th scope="col">Collectivité</th>
                <th scope="col">Élément</th>
                <th scope="col">Avant</th>
                <th scope="col">Après</th>
                <th scope="col">Preuve</th>
              </tr>
            </thead>
            <tbody>
              {result.changes.map((c) => (
                <tr>
                  <td>{c.line}</td>
                  <td>{c.collectivity}</td>
                  <td>{c.itemKey}</td>
                  <td>{statusLabel(ctx, c.before)}</td>
                  <td>{c.changes ? statusLabel(ctx, c.after) : 'inchangé'}</td>
                  <td>{c.evidence.evidenceUrl ?? c.evidence.evidenceDocument ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        method="post"
        action={withCsrf(ctx, '/espace/suivi/import')}
        enctype="multipart/form-data"
        class="stack-form followup-filters"
      >
        <div class="field">
          <label for="fichier">Fichier CSV</label>
          <input id="fichier" name="fichier" type="file" accept=".csv,text/csv" />
        </div>
        <div class="field">
          <label for="csv">ou collez le contenu</label>
          <textarea id="csv" name="csv" rows={10}>
            {text}
          </textarea>
        </div>
        <div>
          <button type="submit" name="action" value="verifier">
            Vérifier (essai à blanc)
          </button>{' '}
          <button type="submit" name="action" value="appliquer">
            Appliquer
          </button>
        </div>
      </form>
    </Layout>
  );
}

export interface PendingProposal {
  id: string;
  slug: string;
  collectivity_name: string;
  item_key: string;
  status: string;
  previous_status: string | null;
  evidence_url: string | null;
  evidence_document: string | null;
  evidence_date: string | null;
  note: string | null;
  created_at: string;
}

export function ModerationPage({
  ctx,
  proposals,
  notice,
  error,
}: {
  ctx: PageContext;
  proposals: PendingProposal[];
  notice?: string;
  error?: string;
}) {
  const title = 'Propositions de mise à jour du suivi';
  return (
    <Layout ctx={ctx} title={error ? `Erreur — ${title}` : title}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: 'Modération', href: '/moderation' }, { label: 'Suivi' }]} />
      <h1>{title}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <div class="error-summary" role="alert">
          <p>{error}</p>
        </div>
      )}
      {proposals.length === 0 ? (
        <p>Aucune proposition en attente.</p>
      ) : (
        proposals.map((p) => (
          <section class="card" aria-label={`${p.collectivity_name}, élément ${p.item_key}`}>
            <h2>
              <a href={`/suivi/${encodeURIComponent(p.slug)}#element-${p.item_key}`}>{p.collectivity_name}</a> — élément{' '}
              {p.item_key} : {statusLabel(ctx, p.previous_status ?? 'non-evalue')} → {statusLabel(ctx, p.status)}
            </h2>
            <dl class="facts">
              <dt>Preuve</dt>
              <dd>
                {p.evidence_url ? (
                  <a href={p.evidence_url} rel="nofollow noopener noreferrer">
                    {p.evidence_url}
                  </a>
                ) : (
                  'aucun lien'
                )}
                {p.evidence_document && ` — ${p.evidence_document}`}
                {p.evidence_date && ` (${formatDate('fr', p.evidence_date)})`}
              </dd>
              {p.note && (
                <>
                  <dt>Note</dt>
                  <dd>{p.note}</dd>
                </>
              )}
              <dt>Proposée le</dt>
              <dd>{formatDate('fr', p.created_at)}</dd>
            </dl>
            <form method="post" action={`/moderation/suivi/${p.id}`} class="inline-form">
              <CsrfField ctx={ctx} />
              <input type="hidden" name="decision" value="publier" />
              <button type="submit">Publier</button>
            </form>
            <form method="post" action={`/moderation/suivi/${p.id}`} class="inline-form">
              <CsrfField ctx={ctx} />
              <input type="hidden" name="decision" value="rejeter" />
              <label for={`raison-${p.id}`}>Motif du refus</label>{' '}
              <input id={`raison-${p.id}`} name="raison" maxlength={1000} /> <button type="submit">Refuser</button>
            </form>
          </section>
        ))
      )}
    </Layout>
  );
}
