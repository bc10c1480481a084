import { csrfToken } from '../web/csrf.ts';
import { ErrorSummary, FieldError, InputField, TextAreaField } from '../web/form.views.tsx';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';
import { ConsentFieldset, ListSelect, VariantFieldset } from './signature-fields.views.tsx';
import type { ListChoice, SigningErrors, SigningValues } from './signing.form.ts';

// Journey 3: a volunteer keys in a signature received on paper (post, email, fax) with its scan.

export type PaperErrors = SigningErrors & { document?: string };

const CRUMBS = [{ label: 'Espace', href: '/espace' }, { label: 'Saisir une signature papier' }];

export function PaperCommunePage({
  ctx,
  query,
  results,
  message,
}: {
  ctx: PageContext;
  query: string;
  results: { insee: string; name: string; departement_code: string }[];
  message?: string;
}) {
  return (
    <Layout ctx={ctx} title="Saisir une signature papier">
      <Breadcrumbs ctx={ctx} crumbs={CRUMBS} />
      <h1>Saisir une signature reçue sur papier</h1>
      <p>
        Pour une signature reçue par courrier, courriel ou fax : choisissez la commune du signataire, puis recopiez le
        formulaire et joignez le document signé numérisé. La signature sera publiée après vérification par un
        modérateur.
      </p>
      <form method="get" action="/espace/signatures/saisie" class="stack-form" role="search" aria-label="Commune">
        <div class="field">
          <label for="q">Commune du signataire : nom, code postal ou code INSEE</label>
          <input
            id="q"
            name="q"
            value={query}
            maxlength={80}
            aria-describedby={message ? 'q-message' : undefined}
            aria-invalid={message ? 'true' : undefined}
          />
          {message && (
            <p id="q-message" class="field-error">
              {message}
            </p>
          )}
        </div>
        <button type="submit">Chercher</button>
      </form>
      {results.length > 0 && (
        <ul>
          {results.map((r) => (
            <li>
              <a href={`/espace/signatures/saisie?commune=${r.insee}`}>
                {r.name} ({r.departement_code})
              </a>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** A text field of the signature form, its value and error taken from the form's state. */
function TextField({
  name,
  values,
  errors,
  required = false,
  maxlength = 200,
  ...field
}: {
  name: keyof SigningValues & string;
  label: string;
  values: SigningValues;
  errors: PaperErrors;
  type?: string;
  hint?: string;
  required?: boolean;
  maxlength?: number;
}) {
  return (
    <InputField
      {...field}
      name={name}
      value={String(values[name] ?? '')}
      error={errors[name as keyof PaperErrors]}
      labelSuffix={required ? ' (obligatoire)' : undefined}
      maxlength={maxlength}
    />
  );
}

const ERROR_ORDER: (keyof PaperErrors)[] = [
  'form',
  'document',
  'variant',
  'liste',
  'listName',
  'listPosition',
  'parties',
  'website',
  'postcode',
  'lastName',
  'firstName',
  'phone',
  'email',
  'place',
  'signedOn',
  'comment',
];

export interface PaperFormModel {
  commune: { insee: string; name: string; postcodes: string[] };
  lists: ListChoice[];
  values: SigningValues;
  errors: PaperErrors;
  /** The id of the signature just recorded, and whether it already existed. */
  saved?: { id: string; existing: boolean };
  maxMegabytes: number;
}

export function PaperFormPage({ ctx, model }: { ctx: PageContext; model: PaperFormModel }) {
  const { values, errors, commune, lists } = model;
  const problems = ERROR_ORDER.filter((k) => errors[k]);
  const title = `Saisir une signature papier — ${commune.name}`;
  const action = `/espace/signatures/saisie?commune=${commune.insee}&_csrf=${encodeURIComponent(csrfToken(ctx))}`;
  return (
    <Layout ctx={ctx} title={problems.length ? `Erreur — ${title}` : title}>
      <Breadcrumbs ctx={ctx} crumbs={CRUMBS} />
      <h1>Saisir une signature papier</h1>
      <p class="lead">
        Commune : <strong>{commune.name}</strong> (<a href="/espace/signatures/saisie">changer</a>)
      </p>
      {model.saved && (
        <p class="notice" role="status">
          {model.saved.existing
            ? 'Cette signature était déjà enregistrée (même courriel, même liste) : rien n’a été ajouté.'
            : 'Signature enregistrée, saisie par vous : elle attend la vérification d’un modérateur. Vous pouvez en saisir une autre.'}
        </p>
      )}
      <ErrorSummary
        title="La signature n’a pas été enregistrée"
        errors={errors}
        order={ERROR_ORDER}
        anchors={{ variant: 'variant-list' }}
      />
      <form method="post" action={action} enctype="multipart/form-data" class="stack-form" novalidate>
        <div class="field">
          <label for="document">Document signé numérisé (obligatoire)</label>
          <p id="document-aide" class="hint">
            PDF, JPEG ou PNG, {model.maxMegabytes} Mo au plus. Le contenu du fichier est vérifié, pas seulement son nom.
          </p>
          <input
            id="document"
            name="document"
            type="file"
            accept="application/pdf,image/jpeg,image/png"
            aria-invalid={errors.document ? 'true' : undefined}
            aria-describedby={errors.document ? 'document-aide document-erreur' : 'document-aide'}
          />
          <FieldError id="document-erreur" message={errors.document} />
        </div>
        <VariantFieldset
          legend="Le signataire signe (obligatoire)"
          listLabel="au nom de sa liste"
          individualLabel="en son nom"
          value={values.variant}
          error={errors.variant}
        />
        {lists.length > 0 && (
          <ListSelect
            label="Liste officielle (obligatoire)"
            choose="— Choisissez —"
            otherLabel="La liste n’est pas dans les données officielles"
            lists={lists}
            value={values.liste}
            error={errors.liste}
          />
        )}
        <TextField
          name="listName"
          label="Nom de la liste, tel qu’écrit sur le document"
          values={values}
          errors={errors}
          maxlength={300}
        />
        <TextField name="listPosition" label="Position sur la liste" values={values} errors={errors} maxlength={3} />
        <TextField name="parties" label="Parti(s)" values={values} errors={errors} maxlength={300} />
        <TextField name="website" label="Site web" values={values} errors={errors} type="url" maxlength={500} />
        <TextField
          name="postcode"
          label="Code postal"
          values={values}
          errors={errors}
          required
          maxlength={5}
          hint={`Code(s) postal(aux) de ${commune.name} : ${commune.postcodes.join(', ') || 'inconnus'}.`}
        />
        <TextField name="lastName" label="Nom" values={values} errors={errors} required />
        <TextField name="firstName" label="Prénom" values={values} errors={errors} required />
        <TextField
          name="phone"
          label="Téléphone"
          hint="Jamais publié."
          values={values}
          errors={errors}
          type="tel"
          maxlength={40}
        />
        <TextField
          name="email"
          label="Courriel"
          hint="Jamais publié. Sert à prévenir le signataire si la signature est refusée."
          values={values}
          errors={errors}
          type="email"
          maxlength={320}
        />
        <TextField name="place" label="Fait à" values={values} errors={errors} required />
        <TextField name="signedOn" label="le" values={values} errors={errors} type="date" required maxlength={10} />
        <TextAreaField
          name="comment"
          label="Réponse ou commentaire écrit sur le document"
          value={values.comment}
          error={errors.comment}
          rows={3}
          maxlength={2000}
        />
        <ConsentFieldset
          legend="Choix cochés par le signataire sur le document"
          publishLabel="Accepte la publication de sa réponse ou de son commentaire"
          contactLabel="Accepte d’être recontacté après l’élection"
          values={values}
        />
        <button type="submit">Enregistrer la signature</button>
      </form>
    </Layout>
  );
}
