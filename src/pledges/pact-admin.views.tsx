import type { ElectionWithRounds } from '../elections/elections.service.ts';
import { CsrfField } from '../web/csrf-field.tsx';
import { ErrorSummary, InputField, TextAreaField } from '../web/form.views.tsx';
import { Breadcrumbs, type Crumb, Layout, type PageContext } from '../web/layout.tsx';
import type { PactForm, PactFormErrors } from './pact-admin.form.ts';
import type { PactDocument, PactDocumentSummary } from './pact-documents.service.ts';
import { PactText } from './pledges.views.tsx';

const ADMIN: Crumb = { label: 'Administration', href: '/admin' };
const PACTS: Crumb = { label: 'Textes du pacte', href: '/admin/pactes' };

const day = (iso: string) => iso.slice(0, 10).split('-').reverse().join('/');

export function PactDocumentsPage({
  ctx,
  documents,
  added,
}: {
  ctx: PageContext;
  documents: PactDocumentSummary[];
  added?: string;
}) {
  return (
    <Layout ctx={ctx} title="Textes du pacte">
      <Breadcrumbs ctx={ctx} crumbs={[ADMIN, { label: 'Textes du pacte' }]} />
      <h1>Textes du pacte</h1>
      <p>
        Chaque texte est versionné : une version publiée n’est jamais modifiée, une correction ou le texte d’une
        nouvelle élection est une nouvelle version. La version publiée la plus récente d’un texte rattaché à une
        élection est celle que les candidats signent.
      </p>
      {added && (
        <p class="notice" role="status">
          Version enregistrée : {added}.
        </p>
      )}
      <p>
        <a href="/admin/pactes/nouvelle">Écrire un nouveau texte</a>
      </p>
      {documents.map((document) => (
        <section aria-labelledby={`doc-${document.id}`}>
          <h2 id={`doc-${document.id}`}>{document.id}</h2>
          <p class="muted">Élections : {document.elections.join(', ') || 'aucune'}</p>
          <table>
            <caption class="visually-hidden">Versions de {document.id}</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Titre</th>
                <th scope="col">État</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {document.versions.map((v) => (
                <tr>
                  <td>{v.version}</td>
                  <td>
                    {v.title} — {v.electionLabel}
                  </td>
                  <td>{v.publishedAt ? `publiée le ${day(v.publishedAt)}` : 'brouillon'}</td>
                  <td>
                    <a href={`/admin/pactes/${encodeURIComponent(v.id)}/${v.version}`}>Lire</a> ·{' '}
                    <a href={`/admin/pactes/nouvelle?depuis=${encodeURIComponent(`${v.id}:${v.version}`)}`}>
                      Nouvelle version à partir de celle-ci
                    </a>
                    {!v.publishedAt && (
                      <form
                        method="post"
                        action={`/admin/pactes/${encodeURIComponent(v.id)}/${v.version}/publier`}
                        class="inline-form"
                      >
                        <CsrfField ctx={ctx} />
                        <button type="submit">Publier</button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Layout>
  );
}

export function PactVersionPage({ ctx, pact }: { ctx: PageContext; pact: PactDocument }) {
  return (
    <Layout ctx={ctx} title={`${pact.id}, version ${pact.version}`}>
      <Breadcrumbs ctx={ctx} crumbs={[ADMIN, PACTS, { label: `${pact.id}, version ${pact.version}` }]} />
      <p class="notice">{pact.publishedAt ? 'Version publiée.' : 'Brouillon : pas encore proposé à la signature.'}</p>
      <PactText pact={pact} />
    </Layout>
  );
}

const COMMITMENTS_HINT =
  '« # 1. Titre » commence un engagement ; ses paragraphes suivent (ligne vide entre deux). « ## Groupe » (ou « ## » seul) commence ses actions concrètes, une par ligne « - action » (« ␣␣- » pour une sous-action). « >> Titre » ouvre une section finale ; « [5] https://… » est une note.';

export function PactFormPage({
  ctx,
  form,
  errors,
  elections,
}: {
  ctx: PageContext;
  form: PactForm;
  errors: PactFormErrors;
  elections: ElectionWithRounds[];
}) {
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={`${hasErrors ? 'Erreur — ' : ''}Nouvelle version du pacte`}>
      <Breadcrumbs ctx={ctx} crumbs={[ADMIN, PACTS, { label: 'Nouvelle version' }]} />
      <h1>Nouvelle version du pacte</h1>
      <p>
        Partez d’une version existante (lien « Nouvelle version à partir de celle-ci ») : son texte est recopié
        ci-dessous. Enregistrée en brouillon, la version n’est proposée à la signature qu’une fois publiée.
      </p>
      <ErrorSummary title="Le texte n’a pas été enregistré" errors={errors} />
      <form method="post" action="/admin/pactes/nouvelle" class="stacked-form">
        <CsrfField ctx={ctx} />
        <InputField
          name="documentId"
          label="Identifiant du texte"
          value={form.documentId}
          hint="Le même identifiant qu’une version existante ajoute la version suivante de ce texte ; un nouvel identifiant crée un texte."
          error={errors.documentId}
          required
        />
        <InputField name="title" label="Titre" value={form.title} error={errors.title} required />
        <InputField name="subtitle" label="Sous-titre" value={form.subtitle} error={errors.subtitle} />
        <InputField
          name="electionLabel"
          label="Élection (sous le titre)"
          value={form.electionLabel}
          error={errors.electionLabel}
          required
        />
        <fieldset>
          <legend>Élections auxquelles ce texte s’applique</legend>
          {errors.elections && (
            <p id="elections" class="field-error">
              {errors.elections}
            </p>
          )}
          {elections.map((e) => (
            <div class="checkbox">
              <input
                type="checkbox"
                id={`election-${e.id}`}
                name="elections"
                value={e.id}
                checked={form.elections.includes(e.id)}
              />
              <label for={`election-${e.id}`}>{e.name}</label>
            </div>
          ))}
        </fieldset>
        <TextAreaField
          name="preamble"
          label="Préambule"
          value={form.preamble}
          hint="Paragraphes séparés par une ligne vide."
          error={errors.preamble}
        />
        <InputField name="listIntro" label="Engagement d’une liste" value={form.listIntro} error={errors.listIntro} />
        <InputField
          name="individualIntro"
          label="Engagement à titre personnel"
          value={form.individualIntro}
          error={errors.individualIntro}
        />
        <InputField
          name="signingStatement"
          label="Phrase de signature"
          value={form.signingStatement}
          error={errors.signingStatement}
        />
        <TextAreaField
          name="commitments"
          label="Engagements et actions concrètes"
          value={form.commitments}
          hint={COMMITMENTS_HINT}
          error={errors.commitments}
        />
        <TextAreaField
          name="instructions"
          label="Consignes de signature"
          value={form.instructions}
          error={errors.instructions}
        />
        <TextAreaField
          name="personalDataNotice"
          label="Mention sur les données personnelles"
          value={form.personalDataNotice}
          error={errors.personalDataNotice}
        />
        <div class="checkbox">
          <input type="checkbox" id="publish" name="publish" value="1" checked={form.publish} />
          <label for="publish">Publier tout de suite (sinon : brouillon)</label>
        </div>
        <button type="submit">Enregistrer la version</button>
      </form>
    </Layout>
  );
}
