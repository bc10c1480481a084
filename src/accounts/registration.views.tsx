import type { Child } from 'hono/jsx';
import { CsrfField } from '../web/csrf-field.tsx';
import { Layout, type PageContext } from '../web/layout.tsx';
import { MIN_PASSWORD_LENGTH } from './passwords.ts';

type Errors = Partial<Record<string, string>>;

function ErrorSummary({ title, errors, labels }: { title: string; errors: Errors; labels: Record<string, string> }) {
  const entries = Object.entries(errors).filter(([, message]) => message);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="erreurs">
      <h2>{title}</h2>
      <ul>
        {entries.map(([field, message]) =>
          field === 'form' || !labels[field] ? (
            <li>{message}</li>
          ) : (
            <li>
              <a href={`#${field}`}>{message}</a>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}

function Field(props: {
  name: string;
  label: string;
  type?: string;
  value?: string;
  autocomplete?: string;
  hint?: string;
  error?: string;
}) {
  const describedBy = [props.hint ? `${props.name}-aide` : '', props.error ? `${props.name}-erreur` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.name}-aide`}>
          {props.hint}
        </p>
      )}
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        autocomplete={props.autocomplete}
        required
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
      {props.error && (
        <p id={`${props.name}-erreur`} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

function Page({ ctx, title, error, children }: { ctx: PageContext; title: string; error?: boolean; children: Child }) {
  return (
    <Layout ctx={ctx} title={error ? `Erreur — ${title}` : title}>
      <h1>{title}</h1>
      {children}
    </Layout>
  );
}

export interface SignUpForm {
  name: string;
  email: string;
  errors: Errors;
}

const SIGNUP_LABELS = {
  name: 'Nom',
  email: 'Adresse électronique',
  password: 'Mot de passe',
  confirmation: 'Confirmation',
};

export function SignUpPage({ ctx, form }: { ctx: PageContext; form: SignUpForm }) {
  const e = form.errors;
  return (
    <Page ctx={ctx} title="Créer un compte bénévole" error={Object.keys(e).length > 0}>
      <p>
        Le compte sert à réserver des candidats de votre zone, noter vos contacts et leurs réponses. Un courriel de
        confirmation vous sera envoyé.
      </p>
      <ErrorSummary title="L’inscription n’a pas abouti" errors={e} labels={SIGNUP_LABELS} />
      <form method="post" action="/inscription" class="stack-form" novalidate>
        <CsrfField ctx={ctx} />
        <Field
          name="name"
          label="Nom"
          value={form.name}
          autocomplete="name"
          hint="Montré aux autres bénévoles."
          error={e.name}
        />
        <Field
          name="email"
          label="Adresse électronique"
          type="email"
          value={form.email}
          autocomplete="email"
          error={e.email}
        />
        <Field
          name="password"
          label="Mot de passe"
          type="password"
          autocomplete="new-password"
          hint={`Au moins ${MIN_PASSWORD_LENGTH} caractères.`}
          error={e.password}
        />
        <Field
          name="confirmation"
          label="Confirmation du mot de passe"
          type="password"
          autocomplete="new-password"
          error={e.confirmation}
        />
        <button type="submit">Créer mon compte</button>
      </form>
      <p>
        Déjà un compte ? <a href="/connexion">Se connecter</a>
      </p>
    </Page>
  );
}

export function CheckYourEmailPage({ ctx, title, message }: { ctx: PageContext; title: string; message: string }) {
  return (
    <Page ctx={ctx} title={title}>
      <p role="status">{message}</p>
      <p>Le message peut mettre quelques minutes à arriver ; pensez à regarder dans les indésirables.</p>
      <p>
        <a href="/connexion">Aller à la page de connexion</a>
      </p>
    </Page>
  );
}

export function TokenProblemPage({
  ctx,
  state,
  again,
}: {
  ctx: PageContext;
  state: 'invalid' | 'expired';
  again: string;
}) {
  return (
    <Page ctx={ctx} title={state === 'expired' ? 'Lien expiré' : 'Lien invalide'}>
      <p>
        {state === 'expired'
          ? 'Ce lien a expiré.'
          : 'Ce lien n’est pas valable : il a peut-être déjà servi, ou il a été mal copié.'}
      </p>
      <p>
        <a href={again}>Recommencer</a>
      </p>
    </Page>
  );
}

export function ConfirmPage({ ctx, token }: { ctx: PageContext; token: string }) {
  return (
    <Page ctx={ctx} title="Confirmer mon adresse">
      <p>Cliquez sur le bouton pour activer votre compte.</p>
      <form method="post" action="/inscription/confirmer" class="stack-form">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="jeton" value={token} />
        <button type="submit">Confirmer mon adresse</button>
      </form>
    </Page>
  );
}

export function ForgotPasswordPage({ ctx, email, errors }: { ctx: PageContext; email: string; errors: Errors }) {
  return (
    <Page ctx={ctx} title="Mot de passe oublié" error={Object.keys(errors).length > 0}>
      <p>
        Saisissez l’adresse de votre compte : si elle est connue, vous recevrez un lien pour choisir un nouveau mot de
        passe.
      </p>
      <ErrorSummary title="La demande n’a pas abouti" errors={errors} labels={{ email: 'Adresse électronique' }} />
      <form method="post" action="/mot-de-passe-oublie" class="stack-form" novalidate>
        <CsrfField ctx={ctx} />
        <Field
          name="email"
          label="Adresse électronique"
          type="email"
          value={email}
          autocomplete="email"
          error={errors.email}
        />
        <button type="submit">Recevoir un lien</button>
      </form>
    </Page>
  );
}

export function NewPasswordPage({ ctx, token, errors }: { ctx: PageContext; token: string; errors: Errors }) {
  return (
    <Page ctx={ctx} title="Choisir un nouveau mot de passe" error={Object.keys(errors).length > 0}>
      <ErrorSummary
        title="Le mot de passe n’a pas été changé"
        errors={errors}
        labels={{ password: 'Mot de passe', confirmation: 'Confirmation' }}
      />
      <form method="post" action="/mot-de-passe-oublie/nouveau" class="stack-form" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="jeton" value={token} />
        <Field
          name="password"
          label="Nouveau mot de passe"
          type="password"
          autocomplete="new-password"
          hint={`Au moins ${MIN_PASSWORD_LENGTH} caractères.`}
          error={errors.password}
        />
        <Field
          name="confirmation"
          label="Confirmation du mot de passe"
          type="password"
          autocomplete="new-password"
          error={errors.confirmation}
        />
        <button type="submit">Changer le mot de passe</button>
      </form>
    </Page>
  );
}

export function DonePage({ ctx, title, message }: { ctx: PageContext; title: string; message: string }) {
  return (
    <Page ctx={ctx} title={title}>
      <p role="status">{message}</p>
      <p>
        <a href="/connexion">Se connecter</a>
      </p>
    </Page>
  );
}
