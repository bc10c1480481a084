import { CsrfField, withCsrf } from '../web/csrf-field.tsx';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';
import { HONEYPOT_FIELD, STAMP_FIELD } from './form-guard.ts';
import type { PactDocument } from './pact-documents.service.ts';
import { type Signature, STATE_LABELS } from './signatures.service.ts';
import { type ListChoice, OTHER_LIST, type SigningErrors, type SigningValues } from './signing.form.ts';

export interface CommuneChoice {
  insee: string;
  name: string;
  departementCode: string;
  departementName: string;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} class="field-error">
      {message}
    </p>
  ) : null;
}

/** Step 1: which commune? (by name or postcode; works without JavaScript). */
export function SignCommunePage({
  ctx,
  query,
  results,
  message,
}: {
  ctx: PageContext;
  query: string;
  results: CommuneChoice[];
  message?: string;
}) {
  const postcode = /^\d{5}$/.test(query.trim()) ? query.trim() : '';
  return (
    <Layout ctx={ctx} title="Signer le pacte">
      <Breadcrumbs ctx={ctx} crumbs={[{ label: 'Le pacte', href: '/pacte' }, { label: 'Signer' }]} />
      <h1>Signer le Pacte du Logiciel Libre</h1>
      <p class="lead">
        Candidate ou candidat aux élections municipales 2026, signez le pacte au nom de votre liste ou en votre nom.
        Lisez d’abord <a href="/pacte">le texte du pacte</a>.
      </p>
      <ol class="steps">
        <li>
          <strong>Votre commune</strong> (étape 1 sur 2)
        </li>
        <li>Vos informations et votre signature</li>
      </ol>
      <form method="get" action="/signer" class="stack-form" role="search" aria-label="Commune de votre candidature">
        <div class="field">
          <label for="commune">Commune ou code postal</label>
          <p class="hint" id="commune-aide">
            Par exemple « Lens » ou « 62300 ».
          </p>
          <input
            id="commune"
            name="q"
            type="search"
            value={query}
            required
            maxlength={80}
            autocomplete="off"
            aria-describedby={message ? 'commune-aide commune-erreur' : 'commune-aide'}
            aria-invalid={message ? 'true' : undefined}
          />
          <FieldError id="commune-erreur" message={message} />
        </div>
        <button type="submit">Chercher ma commune</button>
      </form>
      {results.length > 0 && (
        <section aria-labelledby="communes-trouvees">
          <h2 id="communes-trouvees">Choisissez votre commune</h2>
          <ul class="results">
            {results.map((r) => (
              <li>
                <a href={`/signer?commune=${encodeURIComponent(r.insee)}${postcode ? `&cp=${postcode}` : ''}`}>
                  {r.name}
                </a>{' '}
                <span class="muted">
                  ({r.departementName}, {r.departementCode})
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}

export interface SignFormModel {
  /** Where the form posts. */
  action: string;
  pact: PactDocument;
  communeName: string;
  communeInsee: string | null;
  postcodes: string[];
  /** Lists of the commune's ballot to choose from (public form). */
  lists: ListChoice[];
  /** The list or candidacy of an invitation: shown, not editable. */
  fixed?: { listName: string; candidate?: string; ballotName?: string };
  values: SigningValues;
  errors: SigningErrors;
  emailRequired: boolean;
  stamp: string;
}

function Input({
  name,
  label,
  values,
  errors,
  type = 'text',
  hint,
  autocomplete,
  required = false,
  maxlength = 200,
  inputmode,
}: {
  name: keyof SigningValues & string;
  label: string;
  values: SigningValues;
  errors: SigningErrors;
  type?: string;
  hint?: string;
  autocomplete?: string;
  required?: boolean;
  maxlength?: number;
  inputmode?: 'numeric' | 'tel' | 'email' | 'text';
}) {
  const error = errors[name as keyof SigningErrors];
  const describedBy = [hint ? `${name}-aide` : '', error ? `${name}-erreur` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={name}>
        {label}
        {required ? ' (obligatoire)' : ''}
      </label>
      {hint && (
        <p class="hint" id={`${name}-aide`}>
          {hint}
        </p>
      )}
      <input
        id={name}
        name={name}
        type={type}
        value={String(values[name] ?? '')}
        required={required}
        maxlength={maxlength}
        autocomplete={autocomplete}
        inputmode={inputmode}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
      <FieldError id={`${name}-erreur`} message={error} />
    </div>
  );
}

/** Error summary order (labels: for reading the code). */
const FIELD_ORDER: [keyof SigningErrors, string][] = [
  ['variant', 'Vous signez'],
  ['liste', 'Votre liste'],
  ['listName', 'Nom de la liste'],
  ['listPosition', 'Position sur la liste'],
  ['parties', 'Parti(s)'],
  ['website', 'Site web'],
  ['postcode', 'Code postal'],
  ['lastName', 'Nom'],
  ['firstName', 'Prénom'],
  ['phone', 'Téléphone'],
  ['email', 'Courriel'],
  ['place', 'Fait à'],
  ['signedOn', 'le'],
  ['comment', 'Commentaire'],
];

/** Step 2: the seed's fields, the consents, the honeypot and the signed timestamp. */
export function SignFormPage({ ctx, model }: { ctx: PageContext; model: SignFormModel }) {
  const { values, errors, pact } = model;
  const errorList = FIELD_ORDER.filter(([k]) => errors[k]);
  const hasErrors = errorList.length > 0 || Boolean(errors.form);
  const title = `Signer le pacte — ${model.communeName}`;
  return (
    <Layout ctx={ctx} title={hasErrors ? `Erreur — ${title}` : title}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: 'Le pacte', href: '/pacte' }, { label: 'Signer' }]} />
      <h1>Signer le Pacte du Logiciel Libre</h1>
      <p class="lead">
        {pact.electionLabel} — commune : <strong>{model.communeName}</strong>
        {!model.fixed && (
          <>
            {' '}
            (<a href="/signer">changer de commune</a>)
          </>
        )}
      </p>
      {hasErrors && (
        <div class="error-summary" role="alert" tabindex={-1} id="erreurs">
          <h2>Votre signature n’a pas encore été enregistrée</h2>
          <ul>
            {errors.form && <li>{errors.form}</li>}
            {errorList.map(([k]) => (
              <li>
                <a href={`#${k === 'variant' ? 'variant-list' : k}`}>{errors[k]}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form method="post" action={model.action} class="stack-form sign-form" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name={STAMP_FIELD} value={model.stamp} />
        <div class="visually-hidden" aria-hidden="true">
          <label for={HONEYPOT_FIELD}>Laissez ce champ vide</label>
          <input id={HONEYPOT_FIELD} name={HONEYPOT_FIELD} type="text" value="" tabindex={-1} autocomplete="off" />
        </div>
        <fieldset class="field" aria-describedby={errors.variant ? 'variant-erreur' : undefined}>
          <legend>Vous signez (obligatoire)</legend>
          <div class="field checkbox">
            <input
              id="variant-list"
              type="radio"
              name="variant"
              value="list"
              checked={values.variant === 'list'}
              aria-invalid={errors.variant ? 'true' : undefined}
            />
            <label for="variant-list">Au nom de ma liste : « {pact.listIntro.replace(/ :$/, '')} … »</label>
          </div>
          <div class="field checkbox">
            <input
              id="variant-individual"
              type="radio"
              name="variant"
              value="individual"
              checked={values.variant === 'individual'}
            />
            <label for="variant-individual">En mon nom : « {pact.individualIntro.replace(/ :$/, '')} … »</label>
          </div>
          <FieldError id="variant-erreur" message={errors.variant} />
        </fieldset>

        {model.fixed ? (
          <div class="notice">
            <p>
              Liste : <strong>{model.fixed.listName}</strong>
              {model.fixed.ballotName && <> ({model.fixed.ballotName})</>}
            </p>
            {model.fixed.candidate && (
              <p>
                Candidature : <strong>{model.fixed.candidate}</strong>
              </p>
            )}
          </div>
        ) : model.lists.length > 0 ? (
          <div class="field">
            <label for="liste">Votre liste (obligatoire)</label>
            <p class="hint" id="liste-aide">
              Les listes déposées dans cette commune, d’après les données officielles.
            </p>
            <select
              id="liste"
              name="liste"
              aria-invalid={errors.liste ? 'true' : undefined}
              aria-describedby={errors.liste ? 'liste-aide liste-erreur' : 'liste-aide'}
              data-list-select
            >
              <option value="">— Choisissez —</option>
              {model.lists.map((l) => (
                <option value={l.id} selected={values.liste === l.id}>
                  {l.name}
                </option>
              ))}
              <option value={OTHER_LIST} selected={values.liste === OTHER_LIST}>
                Ma liste n’est pas dans la liste
              </option>
            </select>
            <FieldError id="liste-erreur" message={errors.liste} />
          </div>
        ) : (
          <p class="hint">Les listes de cette commune ne sont pas encore connues : indiquez le nom de votre liste.</p>
        )}
        {!model.fixed && (
          <div data-list-name>
            <Input
              name="listName"
              label="Nom de la liste"
              hint={
                model.lists.length > 0
                  ? 'Seulement si votre liste n’est pas proposée ci-dessus.'
                  : 'Obligatoire si vous signez au nom de votre liste.'
              }
              values={values}
              errors={errors}
              maxlength={300}
            />
          </div>
        )}
        <Input
          name="listPosition"
          label="Position sur la liste"
          hint="1 pour la tête de liste."
          values={values}
          errors={errors}
          inputmode="numeric"
          maxlength={3}
        />
        <Input name="parties" label="Parti(s)" values={values} errors={errors} maxlength={300} />
        <Input
          name="website"
          label="Site web"
          hint="Par exemple https://ma-liste.fr"
          values={values}
          errors={errors}
          type="url"
          autocomplete="url"
          maxlength={500}
        />
        <div class="field">
          <label for="commune-nom">Commune</label>
          <input id="commune-nom" type="text" value={model.communeName} readonly />
        </div>
        <Input
          name="postcode"
          label="Code postal"
          values={values}
          errors={errors}
          required
          inputmode="numeric"
          autocomplete="postal-code"
          maxlength={5}
          hint={
            model.postcodes.length > 0
              ? `Code(s) postal(aux) de la commune : ${model.postcodes.join(', ')}.`
              : undefined
          }
        />
        <Input name="lastName" label="Nom" values={values} errors={errors} required autocomplete="family-name" />
        <Input name="firstName" label="Prénom" values={values} errors={errors} required autocomplete="given-name" />
        <Input
          name="phone"
          label="Téléphone"
          hint="Jamais publié. Pour que l’équipe de la campagne puisse vous joindre."
          values={values}
          errors={errors}
          type="tel"
          autocomplete="tel"
          maxlength={40}
        />
        <Input
          name="email"
          label="Courriel"
          hint={
            model.emailRequired
              ? 'Jamais publié. Vous y recevrez le lien de confirmation et le pacte rempli (PDF).'
              : 'Facultatif, jamais publié. Vous y recevrez le pacte rempli (PDF).'
          }
          values={values}
          errors={errors}
          type="email"
          autocomplete="email"
          required={model.emailRequired}
          maxlength={320}
        />
        <Input name="place" label="Fait à" values={values} errors={errors} required />
        <Input name="signedOn" label="le" values={values} errors={errors} type="date" required maxlength={10} />
        <div class="field">
          <label for="comment">Votre réponse ou commentaire</label>
          <p class="hint" id="comment-aide">
            Facultatif. Publié tel quel, seulement si vous l’acceptez ci-dessous.
          </p>
          <textarea
            id="comment"
            name="comment"
            rows={4}
            maxlength={2000}
            aria-describedby={errors.comment ? 'comment-aide comment-erreur' : 'comment-aide'}
          >
            {values.comment}
          </textarea>
          <FieldError id="comment-erreur" message={errors.comment} />
        </div>
        <fieldset class="field">
          <legend>Vos choix</legend>
          <div class="field checkbox">
            <input
              id="consentPublish"
              type="checkbox"
              name="consentPublish"
              value="oui"
              checked={values.consentPublish}
            />
            <label for="consentPublish">
              J’accepte que ma réponse ou mon commentaire soit publié avec ma signature.
            </label>
          </div>
          <div class="field checkbox">
            <input
              id="consentContact"
              type="checkbox"
              name="consentContact"
              value="oui"
              checked={values.consentContact}
            />
            <label for="consentContact">
              J’accepte d’être recontacté·e après l’élection pour le suivi des engagements.
            </label>
          </div>
        </fieldset>
        <p class="hint">
          Publiés après vérification : nom, prénom, liste, position, parti(s), commune, date. Jamais publiés : téléphone
          et courriel. {pact.personalDataNotice}
        </p>
        <button type="submit">Signer le pacte</button>
      </form>
      <script src="/static/signing.js" defer></script>
    </Layout>
  );
}

/** After the public form: the same page whether or not this email had already signed. */
export function SignSentPage({ ctx, mailFailed }: { ctx: PageContext; mailFailed?: boolean }) {
  return (
    <Layout ctx={ctx} title="Vérifiez votre messagerie">
      <h1>Vérifiez votre messagerie</h1>
      {mailFailed ? (
        <div class="error-summary" role="alert">
          <p>
            Le courriel de confirmation n’a pas pu être envoyé. Réessayez dans quelques minutes en renvoyant le
            formulaire : votre signature ne sera pas enregistrée deux fois.
          </p>
        </div>
      ) : (
        <>
          <p class="lead">
            Nous vous avons envoyé un courriel avec un lien pour confirmer votre signature, et le pacte rempli à votre
            nom (PDF).
          </p>
          <p>
            Votre signature ne compte qu’une fois ce lien suivi, dans les 72 heures. Elle est ensuite vérifiée par
            l’équipe de la campagne avant d’être publiée.
          </p>
          <p class="hint">Rien reçu ? Regardez dans les indésirables, ou renvoyez le formulaire.</p>
        </>
      )}
    </Layout>
  );
}

const PROBLEMS = {
  invalid: {
    title: 'Lien invalide',
    text: 'Ce lien n’est pas valable : il est incomplet ou a été modifié. Copiez-le en entier depuis le courriel reçu. Rien n’a été modifié.',
  },
  expired: {
    title: 'Lien expiré',
    text: 'Ce lien a expiré. Rien n’a été modifié. Pour signer, remplissez de nouveau le formulaire : un nouveau lien vous sera envoyé.',
  },
  revoked: {
    title: 'Lien révoqué',
    text: 'Ce lien d’invitation a été révoqué par l’équipe de la campagne. Rien n’a été modifié. Vous pouvez signer avec le formulaire public.',
  },
  used: {
    title: 'Lien déjà utilisé',
    text: 'Ce lien d’invitation a déjà servi à signer. Rien n’a été modifié. Le lien de votre page de signature vous a été envoyé par courriel si vous en avez indiqué un.',
  },
  invitationExpired: {
    title: 'Invitation expirée',
    text: 'Ce lien d’invitation a expiré. Rien n’a été modifié. Demandez un nouveau lien à la personne qui vous l’a envoyé, ou signez avec le formulaire public.',
  },
} as const;

export type LinkProblem = keyof typeof PROBLEMS;

export function LinkProblemPage({ ctx, problem }: { ctx: PageContext; problem: LinkProblem }) {
  const { title, text } = PROBLEMS[problem];
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">{text}</p>
      <p>
        <a href="/signer">Signer le pacte</a> · <a href="/pacte">Lire le pacte</a>
      </p>
    </Layout>
  );
}

export interface ThanksModel {
  token: string;
  signature: Signature;
  pactTitle: string;
  uploadError?: string;
  uploaded?: boolean;
  confirmed?: boolean;
}

/** The signatory's private page (unguessable URL): state, the filled PDF, the signed document upload. */
export function ThanksPage({ ctx, model }: { ctx: PageContext; model: ThanksModel }) {
  const s = model.signature;
  const base = `/signer/merci/${model.token}`;
  return (
    <Layout ctx={ctx} title={model.uploadError ? 'Erreur — Votre signature' : 'Votre signature'}>
      <h1>{model.confirmed ? 'Merci, votre signature est confirmée' : 'Votre signature'}</h1>
      <p class="lead">
        {s.fields.firstName} {s.fields.lastName}
        {s.fields.listName && <> — {s.fields.listName}</>}
        {s.fields.communeName && <> ({s.fields.communeName})</>}
      </p>
      <p>
        État : <strong>{STATE_LABELS[s.state]}</strong>.{' '}
        {s.state === 'pending_confirmation' && (
          <>
            Suivez le lien reçu par courriel pour confirmer votre adresse, ou{' '}
            <a href={`/signer/confirmer/${model.token}`}>confirmez maintenant</a>.
          </>
        )}
        {s.state === 'to_verify' && 'L’équipe de la campagne va la vérifier avant de la publier.'}
        {s.state === 'published' && 'Elle est publiée.'}
      </p>
      <p class="hint">Gardez l’adresse de cette page : elle est personnelle et donne accès à votre signature.</p>
      <h2>Le pacte rempli</h2>
      <p>
        <a href={`${base}/pacte.pdf`} download="pacte-du-logiciel-libre-signe.pdf">
          Télécharger le pacte rempli à votre nom (PDF)
        </a>
      </p>
      <p>Imprimez-le et signez-le, ou signez-le numériquement, puis déposez-le ci-dessous.</p>
      <h2>Déposer le document signé</h2>
      {model.uploaded && (
        <p class="notice" role="status">
          Document reçu, merci.
        </p>
      )}
      {s.document && !model.uploaded && <p>Un document signé a déjà été déposé ; un nouveau dépôt le remplace.</p>}
      {model.uploadError && (
        <div class="error-summary" role="alert" tabindex={-1} id="erreurs">
          <p>
            <a href="#document">{model.uploadError}</a>
          </p>
        </div>
      )}
      <form method="post" action={withCsrf(ctx, `${base}/document`)} enctype="multipart/form-data" class="stack-form">
        <div class="field">
          <label for="document">Document signé (PDF, JPEG ou PNG, 10 Mo au plus)</label>
          <input
            id="document"
            name="document"
            type="file"
            accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
            required
            aria-invalid={model.uploadError ? 'true' : undefined}
          />
        </div>
        <button type="submit">Déposer le document</button>
      </form>
    </Layout>
  );
}
