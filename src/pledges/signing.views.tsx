import { CsrfField, withCsrf } from '../web/csrf-field.tsx';
import { ErrorSummary, FieldError, InputField, TextAreaField } from '../web/form.views.tsx';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';
import { HONEYPOT_FIELD, STAMP_FIELD } from './form-guard.ts';
import type { PactDocument } from './pact-documents.service.ts';
import { ConsentFieldset, ListSelect, VariantFieldset } from './signature-fields.views.tsx';
import type { Signature } from './signatures.service.ts';
import type { ListChoice, SigningErrors, SigningValues } from './signing.form.ts';
import { type SigningKey, type SigningT, signingT } from './signing.i18n.ts';

export interface CommuneChoice {
  insee: string;
  name: string;
  departementCode: string;
  departementName: string;
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
  const s = signingT(ctx.lang);
  return (
    <Layout ctx={ctx} title={s('sign.title')}>
      <Breadcrumbs
        ctx={ctx}
        crumbs={[{ label: s('sign.crumbPact'), href: '/pacte' }, { label: s('sign.crumbSign') }]}
      />
      <h1>{s('sign.h1')}</h1>
      <p class="lead">
        {s('sign.lead')} <a href="/pacte">{s('sign.leadLink')}</a>.
      </p>
      <ol class="steps">
        <li>
          <strong>{s('sign.step1')}</strong> {s('sign.step1of2')}
        </li>
        <li>{s('sign.step2')}</li>
      </ol>
      <form method="get" action="/signer" class="stack-form" role="search" aria-label={s('sign.communeSearch')}>
        <div class="field">
          <label for="commune">{s('sign.communeLabel')}</label>
          <p class="hint" id="commune-aide">
            {s('sign.communeHint')}
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
        <button type="submit">{s('sign.communeButton')}</button>
      </form>
      {results.length > 0 && (
        <section aria-labelledby="communes-trouvees">
          <h2 id="communes-trouvees">{s('sign.communeChoose')}</h2>
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

/** A text field of the signature form: its label translated, its value and error from the form's state. */
function Input({
  s,
  name,
  label,
  values,
  errors,
  required = false,
  maxlength = 200,
  ...field
}: {
  s: SigningT;
  name: keyof SigningValues & string;
  label: SigningKey;
  values: SigningValues;
  errors: SigningErrors;
  type?: string;
  hint?: string;
  autocomplete?: string;
  required?: boolean;
  maxlength?: number;
  inputmode?: 'numeric' | 'tel' | 'email' | 'text';
}) {
  return (
    <InputField
      {...field}
      name={name}
      label={s(label)}
      labelSuffix={required ? s('sign.required') : undefined}
      value={String(values[name] ?? '')}
      error={errors[name as keyof SigningErrors]}
      required={required}
      maxlength={maxlength}
    />
  );
}

/** Error summary order: the order of the form. */
const FIELD_ORDER: (keyof SigningErrors)[] = [
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

/** Step 2: the seed's fields, the consents, the honeypot and the signed timestamp. */
export function SignFormPage({ ctx, model }: { ctx: PageContext; model: SignFormModel }) {
  const { values, errors, pact } = model;
  const s = signingT(ctx.lang);
  const errorList = FIELD_ORDER.filter((k) => errors[k]);
  const hasErrors = errorList.length > 0 || Boolean(errors.form);
  const title = `${s('sign.title')} — ${model.communeName}`;
  return (
    <Layout ctx={ctx} title={hasErrors ? `${s('sign.errorTitle')} — ${title}` : title}>
      <Breadcrumbs
        ctx={ctx}
        crumbs={[{ label: s('sign.crumbPact'), href: '/pacte' }, { label: s('sign.crumbSign') }]}
      />
      <h1>{s('sign.h1')}</h1>
      <p class="lead">
        <span lang="fr">{pact.electionLabel}</span> — {s('sign.commune')} : <strong>{model.communeName}</strong>
        {!model.fixed && (
          <>
            {' '}
            (<a href="/signer">{s('sign.changeCommune')}</a>)
          </>
        )}
      </p>
      <ErrorSummary
        title={s('sign.errorSummary')}
        errors={errors}
        order={FIELD_ORDER}
        anchors={{ variant: 'variant-list' }}
      />
      <form method="post" action={model.action} class="stack-form sign-form" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name={STAMP_FIELD} value={model.stamp} />
        <div class="visually-hidden" aria-hidden="true">
          <label for={HONEYPOT_FIELD}>{s('sign.honeypot')}</label>
          <input id={HONEYPOT_FIELD} name={HONEYPOT_FIELD} type="text" value="" tabindex={-1} autocomplete="off" />
        </div>
        <VariantFieldset
          legend={
            <>
              {s('sign.variant')}
              {s('sign.required')}
            </>
          }
          listLabel={
            <>
              {s('sign.variantList')} : <span lang="fr">« {pact.listIntro.replace(/ :$/, '')} … »</span>
            </>
          }
          individualLabel={
            <>
              {s('sign.variantIndividual')} : <span lang="fr">« {pact.individualIntro.replace(/ :$/, '')} … »</span>
            </>
          }
          value={values.variant}
          error={errors.variant}
        />

        {model.fixed ? (
          <div class="notice">
            <p>
              {s('sign.list')} : <strong>{model.fixed.listName}</strong>
              {model.fixed.ballotName && <> ({model.fixed.ballotName})</>}
            </p>
            {model.fixed.candidate && (
              <p>
                {s('sign.candidacy')} : <strong>{model.fixed.candidate}</strong>
              </p>
            )}
          </div>
        ) : model.lists.length > 0 ? (
          <ListSelect
            label={`${s('sign.yourList')}${s('sign.required')}`}
            hint={s('sign.yourListHint')}
            choose={s('sign.choose')}
            otherLabel={s('sign.otherList')}
            lists={model.lists}
            value={values.liste}
            error={errors.liste}
          />
        ) : (
          <p class="hint">{s('sign.noLists')}</p>
        )}
        {!model.fixed && (
          <div data-list-name>
            <Input
              s={s}
              name="listName"
              label="sign.listName"
              hint={model.lists.length > 0 ? s('sign.listNameHintOther') : s('sign.listNameHintRequired')}
              values={values}
              errors={errors}
              maxlength={300}
            />
          </div>
        )}
        <Input
          s={s}
          name="listPosition"
          label="sign.listPosition"
          hint={s('sign.listPositionHint')}
          values={values}
          errors={errors}
          inputmode="numeric"
          maxlength={3}
        />
        <Input s={s} name="parties" label="sign.parties" values={values} errors={errors} maxlength={300} />
        <Input
          s={s}
          name="website"
          label="sign.website"
          hint={s('sign.websiteHint')}
          values={values}
          errors={errors}
          type="url"
          autocomplete="url"
          maxlength={500}
        />
        <div class="field">
          <label for="commune-nom">{s('sign.communeField')}</label>
          <input id="commune-nom" type="text" value={model.communeName} readonly />
        </div>
        <Input
          s={s}
          name="postcode"
          label="sign.postcode"
          values={values}
          errors={errors}
          required
          inputmode="numeric"
          autocomplete="postal-code"
          maxlength={5}
          hint={model.postcodes.length > 0 ? s('sign.postcodeHint', { codes: model.postcodes.join(', ') }) : undefined}
        />
        <Input
          s={s}
          name="lastName"
          label="sign.lastName"
          values={values}
          errors={errors}
          required
          autocomplete="family-name"
        />
        <Input
          s={s}
          name="firstName"
          label="sign.firstName"
          values={values}
          errors={errors}
          required
          autocomplete="given-name"
        />
        <Input
          s={s}
          name="phone"
          label="sign.phone"
          hint={s('sign.phoneHint')}
          values={values}
          errors={errors}
          type="tel"
          autocomplete="tel"
          maxlength={40}
        />
        <Input
          s={s}
          name="email"
          label="sign.email"
          hint={model.emailRequired ? s('sign.emailHintRequired') : s('sign.emailHintOptional')}
          values={values}
          errors={errors}
          type="email"
          autocomplete="email"
          required={model.emailRequired}
          maxlength={320}
        />
        <Input s={s} name="place" label="sign.place" values={values} errors={errors} required />
        <Input
          s={s}
          name="signedOn"
          label="sign.signedOn"
          values={values}
          errors={errors}
          type="date"
          required
          maxlength={10}
        />
        <TextAreaField
          name="comment"
          label={s('sign.comment')}
          hint={s('sign.commentHint')}
          value={values.comment}
          error={errors.comment}
          maxlength={2000}
        />
        <ConsentFieldset
          legend={s('sign.choices')}
          publishLabel={s('sign.consentPublish')}
          contactLabel={s('sign.consentContact')}
          values={values}
        />
        <p class="hint">
          {s('sign.published')} <span lang="fr">{pact.personalDataNotice}</span>
        </p>
        <button type="submit">{s('sign.submit')}</button>
      </form>
      <script src="/static/signing.js" defer></script>
    </Layout>
  );
}

/** After the public form: the same page whether or not this email had already signed. */
export function SignSentPage({ ctx, mailFailed }: { ctx: PageContext; mailFailed?: boolean }) {
  const s = signingT(ctx.lang);
  return (
    <Layout ctx={ctx} title={s('sent.title')}>
      <h1>{s('sent.title')}</h1>
      {mailFailed ? (
        <div class="error-summary" role="alert">
          <p>{s('sent.failed')}</p>
        </div>
      ) : (
        <>
          <p class="lead">{s('sent.lead')}</p>
          <p>{s('sent.text')}</p>
          <p class="hint">{s('sent.hint')}</p>
        </>
      )}
    </Layout>
  );
}

export type LinkProblem = 'invalid' | 'expired' | 'revoked' | 'used' | 'invitationExpired';

export function LinkProblemPage({ ctx, problem }: { ctx: PageContext; problem: LinkProblem }) {
  const s = signingT(ctx.lang);
  const title = s(`link.${problem}.title`);
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">{s(`link.${problem}.text`)}</p>
      <p>
        <a href="/signer">{s('link.sign')}</a> · <a href="/pacte">{s('link.read')}</a>
      </p>
    </Layout>
  );
}

/**
 * The confirmation link opens this page; only the button confirms (POST), so a mail filter that
 * opens links by itself confirms nothing.
 */
export function ConfirmPage({ ctx, action }: { ctx: PageContext; action: string }) {
  const s = signingT(ctx.lang);
  return (
    <Layout ctx={ctx} title={s('confirm.title')}>
      <h1>{s('confirm.title')}</h1>
      <p class="lead">{s('confirm.text')}</p>
      <form method="post" action={action} class="stack-form">
        <CsrfField ctx={ctx} />
        <button type="submit">{s('confirm.button')}</button>
      </form>
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
  const sig = model.signature;
  const s = signingT(ctx.lang);
  const base = `/signer/merci/${model.token}`;
  return (
    <Layout ctx={ctx} title={model.uploadError ? `${s('sign.errorTitle')} — ${s('thanks.title')}` : s('thanks.title')}>
      <h1>{model.confirmed ? s('thanks.confirmed') : s('thanks.title')}</h1>
      <p class="lead">
        {sig.fields.firstName} {sig.fields.lastName}
        {sig.fields.listName && <> — {sig.fields.listName}</>}
        {sig.fields.communeName && <> ({sig.fields.communeName})</>}
      </p>
      <p>
        {s('thanks.state')} : <strong>{s(`state.${sig.state}`)}</strong>.{' '}
        {sig.state === 'pending_confirmation' && (
          <>
            {s('thanks.pending')} <a href={`/signer/confirmer/${model.token}`}>{s('thanks.confirmNow')}</a>.
          </>
        )}
        {sig.state === 'to_verify' && s('thanks.toVerify')}
        {sig.state === 'published' && s('thanks.isPublished')}
      </p>
      <p class="hint">{s('thanks.keep')}</p>
      <h2>{s('thanks.pdfTitle')}</h2>
      <p>
        <a href={`${base}/pacte.pdf`} download="pacte-du-logiciel-libre-rempli.pdf">
          {s('thanks.pdfLink')}
        </a>
      </p>
      <p>{s('thanks.pdfText')}</p>
      <h2>{s('thanks.uploadTitle')}</h2>
      {model.uploaded && (
        <p class="notice" role="status">
          {s('thanks.uploaded')}
        </p>
      )}
      {sig.document && !model.uploaded && <p>{s('thanks.already')}</p>}
      {model.uploadError && (
        <div class="error-summary" role="alert" tabindex={-1} id="erreurs">
          <p>
            <a href="#document">{model.uploadError}</a>
          </p>
        </div>
      )}
      <form method="post" action={withCsrf(ctx, `${base}/document`)} enctype="multipart/form-data" class="stack-form">
        <div class="field">
          <label for="document">{s('thanks.file')}</label>
          <input
            id="document"
            name="document"
            type="file"
            accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
            required
            aria-invalid={model.uploadError ? 'true' : undefined}
          />
        </div>
        <button type="submit">{s('thanks.upload')}</button>
      </form>
    </Layout>
  );
}
