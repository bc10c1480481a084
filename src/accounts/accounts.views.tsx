import { CsrfField } from '../web/csrf-field.tsx';
import { Layout, type PageContext } from '../web/layout.tsx';

export interface LoginForm {
  email: string;
  next?: string;
  errors: { email?: string; password?: string; form?: string };
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} class="field-error">
      {message}
    </p>
  ) : null;
}

export function LoginPage({ ctx, form }: { ctx: PageContext; form: LoginForm }) {
  const { errors } = form;
  const hasErrors = Boolean(errors.email || errors.password || errors.form);
  return (
    <Layout ctx={ctx} title={hasErrors ? 'Erreur — Connexion' : 'Connexion'}>
      <h1>Connexion</h1>
      <p>Espace réservé aux bénévoles, à la coordination, à la modération et à l’administration.</p>
      {hasErrors && (
        <div class="error-summary" role="alert" tabindex={-1} id="erreurs">
          <h2>La connexion n’a pas abouti</h2>
          <ul>
            {errors.form && <li>{errors.form}</li>}
            {errors.email && (
              <li>
                <a href="#email">{errors.email}</a>
              </li>
            )}
            {errors.password && (
              <li>
                <a href="#password">{errors.password}</a>
              </li>
            )}
          </ul>
        </div>
      )}
      <form method="post" action="/connexion" class="stack-form" novalidate>
        <CsrfField ctx={ctx} />
        {form.next && <input type="hidden" name="suivant" value={form.next} />}
        <div class="field">
          <label for="email">Adresse électronique</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="username"
            required
            value={form.email}
            aria-invalid={errors.email ? 'true' : undefined}
            aria-describedby={errors.email ? 'email-erreur' : undefined}
          />
          <FieldError id="email-erreur" message={errors.email} />
        </div>
        <div class="field">
          <label for="password">Mot de passe</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            aria-invalid={errors.password ? 'true' : undefined}
            aria-describedby={errors.password ? 'password-erreur' : undefined}
          />
          <FieldError id="password-erreur" message={errors.password} />
        </div>
        <button type="submit">Se connecter</button>
      </form>
      <p>
        <a href="/mot-de-passe-oublie">Mot de passe oublié ?</a> · <a href="/inscription">Créer un compte bénévole</a>
      </p>
    </Layout>
  );
}
