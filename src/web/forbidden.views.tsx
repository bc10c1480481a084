import { Layout, type PageContext } from './layout.tsx';

/** 403: signed in without the right role, or a form that failed the anti-CSRF check. */
export function ForbiddenPage({ ctx, title, message }: { ctx: PageContext; title?: string; message?: string }) {
  const heading = title ?? 'Accès refusé';
  return (
    <Layout ctx={ctx} title={heading}>
      <h1>{heading}</h1>
      <p>{message ?? 'Votre compte n’a pas les droits nécessaires pour cette page ou cette action.'}</p>
      {ctx.account && (
        <p class="muted">
          Connecté·e en tant que {ctx.account.email}. Si vous pensez devoir y accéder, demandez-le à un administrateur.
        </p>
      )}
      <p>
        <a href="/">Retour à l’accueil</a>
      </p>
    </Layout>
  );
}
