import { CsrfField } from '../../web/csrf-field.tsx';
import { Breadcrumbs, Layout, type PageContext } from '../../web/layout.tsx';
import type { Sender } from './letter.ts';
import type { KnownEmail, Recipient, SendRecord } from './letters.service.ts';
import { MERGE_FIELDS } from './merge-fields.ts';
import { ELECTION_KINDS, type LetterTemplate, type TemplateErrors, type TemplateInput } from './templates.service.ts';

export type FieldErrors = Record<string, string | undefined>;

export interface SingleForm {
  recipient: string;
  templateId: string;
  format: 'pdf' | 'odt';
  errors: FieldErrors;
}

export interface BatchForm {
  electionId: string;
  zoneKind: 'commune' | 'epci' | 'departement';
  zoneCode: string;
  templateId: string;
  format: 'pdf' | 'zip';
  errors: FieldErrors;
}

export interface EmailForm {
  recipient: string;
  email: string;
  templateId: string;
  errors: FieldErrors;
}

export interface LettersHome {
  templates: LetterTemplate[];
  elections: { id: string; name: string }[];
  sender: Sender;
  single: SingleForm;
  batch: BatchForm;
  email: EmailForm;
  /** The recipient named in the address (?destinataire=list:…), with the emails already sent. */
  recipient?: Recipient;
  sends?: SendRecord[];
  /** Addresses known for that recipient (signatories who accepted contact, earlier sends). */
  knownEmails?: KnownEmail[];
  canEditTemplates: boolean;
}

const crumbs = (extra: { label: string; href?: string }[]) => [
  { label: 'Espace', href: '/espace' },
  { label: 'Lettres', href: '/espace/lettres' },
  ...extra,
];

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} class="field-error">
      {message}
    </p>
  ) : null;
}

function ErrorSummary({
  title,
  errors,
  prefix,
  level = 3,
}: {
  title: string;
  errors: FieldErrors;
  prefix: string;
  /** Heading level: 3 inside a section of the letters page, 2 right under the page title. */
  level?: 2 | 3;
}) {
  const entries = Object.entries(errors).filter(([, m]) => m);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      {level === 2 ? <h2>{title}</h2> : <h3>{title}</h3>}
      <ul>
        {entries.map(([field, message]) =>
          field === 'form' ? (
            <li>{message}</li>
          ) : (
            <li>
              <a href={`#${prefix}-${field}`}>{message}</a>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}

function Text({
  prefix,
  name,
  label,
  value,
  errors,
  hint,
  type = 'text',
  required = false,
}: {
  prefix: string;
  name: string;
  label: string;
  value: string;
  errors: FieldErrors;
  hint?: string;
  type?: string;
  required?: boolean;
}) {
  const id = `${prefix}-${name}`;
  const error = errors[name];
  const described = [hint ? `${id}-aide` : '', error ? `${id}-erreur` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-aide`}>
          {hint}
        </p>
      )}
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      <FieldError id={`${id}-erreur`} message={error} />
    </div>
  );
}

function TemplateSelect({
  prefix,
  templates,
  value,
  errors,
}: {
  prefix: string;
  templates: LetterTemplate[];
  value: string;
  errors: FieldErrors;
}) {
  const id = `${prefix}-modele`;
  return (
    <div class="field">
      <label for={id}>Modèle de lettre</label>
      <select id={id} name="modele" aria-invalid={errors.modele ? 'true' : undefined}>
        {templates.map((t) => (
          <option value={t.id} selected={t.id === value}>
            {t.name} ({ELECTION_KINDS[t.electionKind] ?? t.electionKind})
          </option>
        ))}
      </select>
      <FieldError id={`${id}-erreur`} message={errors.modele} />
    </div>
  );
}

/**
 * The sender block, repeated in each form (a form posts only its own fields); folded when the
 * organisation is known, so the page stays short.
 */
function SenderFields({ prefix, sender }: { prefix: string; sender: Sender }) {
  const none: FieldErrors = {};
  const known = sender.organisationName.trim() !== '';
  return (
    <details class="sender" open={!known}>
      <summary>Expéditeur{known ? ` : ${sender.organisationName}` : ''} (modifier)</summary>
      <fieldset>
        <legend>Expéditeur</legend>
        <Text prefix={prefix} name="organisation" label="Organisation" value={sender.organisationName} errors={none} />
        <Text
          prefix={prefix}
          name="site"
          label="Site web de l’organisation"
          value={sender.organisationSite}
          errors={none}
        />
        <div class="field">
          <label for={`${prefix}-adresse`}>Adresse postale de l’organisation</label>
          <textarea id={`${prefix}-adresse`} name="adresse" rows={3}>
            {sender.address}
          </textarea>
        </div>
        <Text prefix={prefix} name="benevole" label="Votre nom" value={sender.volunteerName} errors={none} />
        <Text prefix={prefix} name="lieu" label="Ville d’où part la lettre" value={sender.place} errors={none} />
        <div class="field">
          <label for={`${prefix}-signature`}>Signature</label>
          <p class="hint" id={`${prefix}-signature-aide`}>
            Vide : « Pour l’organisation, » suivi de votre nom.
          </p>
          <textarea id={`${prefix}-signature`} name="signature" rows={2} aria-describedby={`${prefix}-signature-aide`}>
            {sender.signature}
          </textarea>
        </div>
      </fieldset>
    </details>
  );
}

function RecipientHint() {
  return (
    <>
      L’identifiant de la liste (par exemple <code>municipales-2026.62498.1</code>) ou de la candidature, tel qu’il
      figure dans l’adresse de sa page.
    </>
  );
}

const STATUS_LABELS: Record<string, string> = { sent: 'envoyé', bounced: 'refusé par le serveur de courriel' };

export function LettersHomePage({ ctx, page }: { ctx: PageContext; page: LettersHome }) {
  const { single, batch, email, sender } = page;
  return (
    <Layout ctx={ctx} title="Lettres aux candidats">
      <Breadcrumbs ctx={ctx} crumbs={crumbs([]).slice(0, 2)} />
      <h1>Lettres aux candidats</h1>
      <p>
        Écrivez aux têtes de liste et aux candidats à partir d’un modèle : une lettre au format ODT (à retoucher dans
        LibreOffice) ou PDF (à imprimer), un envoi groupé pour toute une zone, ou un courriel.
        {page.canEditTemplates && (
          <>
            {' '}
            <a href="/espace/lettres/modeles">Gérer les modèles</a>.
          </>
        )}
      </p>
      {page.recipient && (
        <section class="card" aria-labelledby="destinataire-titre">
          <h2 id="destinataire-titre">
            {page.recipient.civility} {page.recipient.firstName} {page.recipient.lastName}
          </h2>
          <p>
            {page.recipient.listName ? `Tête de liste « ${page.recipient.listName} », ` : ''}
            {page.recipient.communeName || page.recipient.circonscription} — {page.recipient.electionName}
          </p>
          {page.sends && page.sends.length > 0 && (
            <>
              <h3>Courriels déjà envoyés</h3>
              <ul>
                {page.sends.map((s) => (
                  <li>
                    {s.sentAt.slice(0, 10)} — {s.email} — {STATUS_LABELS[s.status] ?? s.status}
                    {s.error ? ` (${s.error})` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}

      <section aria-labelledby="une-lettre">
        <h2 id="une-lettre">Une lettre</h2>
        <ErrorSummary title="La lettre n’a pas pu être produite" errors={single.errors} prefix="une" />
        <form method="post" action="/espace/lettres/document" class="stack-form" novalidate>
          <CsrfField ctx={ctx} />
          <div class="field">
            <label for="une-destinataire">Destinataire</label>
            <p class="hint" id="une-destinataire-aide">
              <RecipientHint />
            </p>
            <input
              id="une-destinataire"
              name="destinataire"
              value={single.recipient}
              required
              aria-invalid={single.errors.destinataire ? 'true' : undefined}
              aria-describedby="une-destinataire-aide"
            />
            <FieldError id="une-destinataire-erreur" message={single.errors.destinataire} />
          </div>
          <TemplateSelect prefix="une" templates={page.templates} value={single.templateId} errors={single.errors} />
          <fieldset>
            <legend>Format</legend>
            <label>
              <input type="radio" name="format" value="pdf" checked={single.format === 'pdf'} /> PDF (à imprimer)
            </label>
            <label>
              <input type="radio" name="format" value="odt" checked={single.format === 'odt'} /> ODT (à retoucher)
            </label>
          </fieldset>
          <SenderFields prefix="une" sender={sender} />
          <button type="submit">Produire la lettre</button>
        </form>
      </section>

      <section aria-labelledby="lot">
        <h2 id="lot">Un envoi groupé pour une zone</h2>
        <p>Une lettre par liste (ou par candidat) de la zone : un PDF à imprimer ou une archive ZIP de fichiers ODT.</p>
        <ErrorSummary title="L’envoi groupé n’a pas pu être produit" errors={batch.errors} prefix="lot" />
        <form method="post" action="/espace/lettres/lot" class="stack-form" novalidate>
          <CsrfField ctx={ctx} />
          <div class="field">
            <label for="lot-election">Élection</label>
            <select id="lot-election" name="election">
              {page.elections.map((e) => (
                <option value={e.id} selected={e.id === batch.electionId}>
                  {e.name}
                </option>
              ))}
            </select>
            <FieldError id="lot-election-erreur" message={batch.errors.election} />
          </div>
          <div class="field">
            <label for="lot-zone">Type de zone</label>
            <select id="lot-zone" name="zone">
              <option value="commune" selected={batch.zoneKind === 'commune'}>
                Commune (code INSEE)
              </option>
              <option value="epci" selected={batch.zoneKind === 'epci'}>
                Intercommunalité (numéro SIREN de l’EPCI)
              </option>
              <option value="departement" selected={batch.zoneKind === 'departement'}>
                Département (code)
              </option>
            </select>
          </div>
          <Text
            prefix="lot"
            name="code"
            label="Code de la zone"
            hint="62498 pour Lens, 200033052 pour une intercommunalité, 62 pour le Pas-de-Calais."
            value={batch.zoneCode}
            errors={batch.errors}
            required
          />
          <TemplateSelect prefix="lot" templates={page.templates} value={batch.templateId} errors={batch.errors} />
          <fieldset>
            <legend>Format</legend>
            <label>
              <input type="radio" name="format" value="pdf" checked={batch.format === 'pdf'} /> Un PDF à imprimer
            </label>
            <label>
              <input type="radio" name="format" value="zip" checked={batch.format === 'zip'} /> Une archive ZIP de
              fichiers ODT
            </label>
          </fieldset>
          <SenderFields prefix="lot" sender={sender} />
          <button type="submit">Produire les lettres</button>
        </form>
      </section>

      <section aria-labelledby="courriel">
        <h2 id="courriel">Par courriel</h2>
        <p>
          Les fichiers officiels ne donnent pas d’adresse électronique : saisissez celle que la liste publie (site,
          réseaux sociaux) ou qu’elle vous a donnée. Les réponses vous arrivent directement.
        </p>
        <ErrorSummary title="Le courriel n’a pas été envoyé" errors={email.errors} prefix="mel" />
        <form method="post" action="/espace/lettres/courriel" class="stack-form" novalidate>
          <CsrfField ctx={ctx} />
          <div class="field">
            <label for="mel-destinataire">Destinataire</label>
            <p class="hint" id="mel-destinataire-aide">
              <RecipientHint />
            </p>
            <input
              id="mel-destinataire"
              name="destinataire"
              value={email.recipient}
              required
              aria-invalid={email.errors.destinataire ? 'true' : undefined}
              aria-describedby="mel-destinataire-aide"
            />
            <FieldError id="mel-destinataire-erreur" message={email.errors.destinataire} />
          </div>
          <div class="field">
            <label for="mel-courriel">Adresse électronique du candidat</label>
            {page.knownEmails && page.knownEmails.length > 0 && (
              <p class="hint" id="mel-courriel-aide">
                Adresses connues : {page.knownEmails.map((k) => `${k.email} (${k.source})`).join(' ; ')}
              </p>
            )}
            <input
              id="mel-courriel"
              name="courriel"
              type="email"
              value={email.email}
              required
              list={page.knownEmails?.length ? 'mel-courriel-connues' : undefined}
              aria-invalid={email.errors.courriel ? 'true' : undefined}
              aria-describedby={
                [
                  page.knownEmails?.length ? 'mel-courriel-aide' : '',
                  email.errors.courriel ? 'mel-courriel-erreur' : '',
                ]
                  .filter(Boolean)
                  .join(' ') || undefined
              }
            />
            {page.knownEmails && page.knownEmails.length > 0 && (
              <datalist id="mel-courriel-connues">
                {page.knownEmails.map((k) => (
                  <option value={k.email}>{k.source}</option>
                ))}
              </datalist>
            )}
            <FieldError id="mel-courriel-erreur" message={email.errors.courriel} />
          </div>
          <TemplateSelect prefix="mel" templates={page.templates} value={email.templateId} errors={email.errors} />
          <SenderFields prefix="mel" sender={sender} />
          <button type="submit">Envoyer le courriel</button>
        </form>
      </section>
      <MergeFieldHelp />
    </Layout>
  );
}

function MergeFieldHelp() {
  return (
    <section aria-labelledby="champs">
      <h2 id="champs">Champs de fusion</h2>
      <p>Dans l’objet et le texte d’un modèle, ces champs sont remplacés pour chaque destinataire :</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Champ</th>
            <th scope="col">Remplacé par</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(MERGE_FIELDS).map(([name, description]) => (
            <tr>
              <td>
                <code>{`{{${name}}}`}</code>
              </td>
              <td>{description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function EmailSentPage({
  ctx,
  outcome,
  email,
  recipientKey,
}: {
  ctx: PageContext;
  outcome: { status: string; error: string | null };
  email: string;
  recipientKey: string;
}) {
  const sent = outcome.status === 'sent';
  return (
    <Layout ctx={ctx} title={sent ? 'Courriel envoyé' : 'Courriel refusé'}>
      <Breadcrumbs ctx={ctx} crumbs={crumbs([{ label: 'Courriel' }])} />
      <h1>{sent ? 'Courriel envoyé' : 'Courriel refusé'}</h1>
      {sent ? (
        <p role="status">Le courriel est parti vers {email}. L’envoi est noté dans le suivi de ce candidat.</p>
      ) : (
        <div class="error-summary" role="alert">
          <p>
            Le serveur de courriel a refusé l’adresse {email} : {outcome.error}. L’échec est noté dans le suivi ;
            vérifiez l’adresse ou envoyez une lettre.
          </p>
        </div>
      )}
      <p>
        <a href={`/espace/lettres?destinataire=${encodeURIComponent(recipientKey)}`}>Retour aux lettres</a>
      </p>
    </Layout>
  );
}

export function TemplatesPage({ ctx, templates }: { ctx: PageContext; templates: LetterTemplate[] }) {
  return (
    <Layout ctx={ctx} title="Modèles de lettres">
      <Breadcrumbs ctx={ctx} crumbs={crumbs([{ label: 'Modèles' }])} />
      <h1>Modèles de lettres</h1>
      <p>
        <a href="/espace/lettres/modeles/nouveau">Nouveau modèle</a>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Nom</th>
            <th scope="col">Élection</th>
            <th scope="col">Objet</th>
            <th scope="col">Modifié le</th>
          </tr>
        </thead>
        <tbody>
          {templates.map((t) => (
            <tr>
              <td>
                <a href={`/espace/lettres/modeles/${encodeURIComponent(t.id)}`}>{t.name}</a>
                {t.builtin ? ' (fourni)' : ''}
              </td>
              <td>{ELECTION_KINDS[t.electionKind] ?? t.electionKind}</td>
              <td>{t.subject}</td>
              <td>{t.updatedAt.slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <MergeFieldHelp />
    </Layout>
  );
}

export function TemplateEditPage({
  ctx,
  template,
  input,
  errors,
  saved = false,
}: {
  ctx: PageContext;
  /** Absent for a new template. */
  template?: LetterTemplate;
  input: TemplateInput;
  errors: TemplateErrors;
  saved?: boolean;
}) {
  const title = template ? `Modèle « ${template.name} »` : 'Nouveau modèle';
  const action = template ? `/espace/lettres/modeles/${encodeURIComponent(template.id)}` : '/espace/lettres/modeles';
  const e = errors as FieldErrors;
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `Erreur — ${title}` : title}>
      <Breadcrumbs
        ctx={ctx}
        crumbs={crumbs([{ label: 'Modèles', href: '/espace/lettres/modeles' }, { label: title }])}
      />
      <h1>{title}</h1>
      {saved && (
        <p class="notice" role="status">
          Modèle enregistré.
        </p>
      )}
      <ErrorSummary title="Le modèle n’a pas été enregistré" errors={e} prefix="modele" level={2} />
      <form method="post" action={action} class="stack-form" novalidate>
        <CsrfField ctx={ctx} />
        {template && <input type="hidden" name="version" value={String(template.version)} />}
        <Text prefix="modele" name="name" label="Nom du modèle" value={input.name} errors={e} required />
        <div class="field">
          <label for="modele-electionKind">Élection</label>
          <select id="modele-electionKind" name="electionKind" aria-invalid={e.electionKind ? 'true' : undefined}>
            {Object.entries(ELECTION_KINDS).map(([kind, label]) => (
              <option value={kind} selected={kind === input.electionKind}>
                {label}
              </option>
            ))}
          </select>
          <FieldError id="modele-electionKind-erreur" message={e.electionKind} />
        </div>
        <Text prefix="modele" name="subject" label="Objet" value={input.subject} errors={e} required />
        <div class="field">
          <label for="modele-body">Texte de la lettre</label>
          <p class="hint" id="modele-body-aide">
            Paragraphes séparés par une ligne vide ; la signature s’ajoute après le texte.
          </p>
          <textarea
            id="modele-body"
            name="body"
            rows={24}
            aria-invalid={e.body ? 'true' : undefined}
            aria-describedby={e.body ? 'modele-body-aide modele-body-erreur' : 'modele-body-aide'}
          >
            {input.body}
          </textarea>
          <FieldError id="modele-body-erreur" message={e.body} />
        </div>
        <button type="submit">Enregistrer</button>
      </form>
      {template && !template.builtin && (
        <form method="post" action={`${action}/supprimer`} class="stack-form">
          <CsrfField ctx={ctx} />
          <button type="submit" class="secondary">
            Supprimer ce modèle
          </button>
        </form>
      )}
      <MergeFieldHelp />
    </Layout>
  );
}
