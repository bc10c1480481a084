import { type Context, Hono } from 'hono';
import type { MailContent } from '../mail/templates.tsx';
import type { AppEnv } from '../web/app-env.ts';
import { renderPage } from '../web/render.ts';
import { clientIp } from './accounts.routes.tsx';
import {
  checkConfirmToken,
  checkResetToken,
  confirmEmail,
  requestPasswordReset,
  resetPassword,
  signUp,
} from './registration.service.ts';
import {
  CheckYourEmailPage,
  ConfirmPage,
  DonePage,
  ForgotPasswordPage,
  NewPasswordPage,
  SignUpPage,
  TokenProblemPage,
} from './registration.views.tsx';

async function fields(c: Context<AppEnv>) {
  const body = await c.req.parseBody();
  return (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
}

/**
 * Queued (src/jobs/), sent right after by a worker: the response time does not depend on the mail
 * server, nor reveal whether an address has an account; a restart does not lose the message.
 */
async function sendLater(c: Context<AppEnv>, mail: { to: string; content: MailContent } | undefined) {
  if (!mail) return;
  await c.var.mailLater.send({ to: mail.to, ...mail.content });
}

const SENT_SIGNUP =
  'Si l’adresse peut être utilisée, un courriel vient de lui être envoyé : suivez le lien qu’il contient pour activer votre compte.';
const SENT_RESET =
  'Si un compte existe pour cette adresse, un courriel vient de lui être envoyé avec un lien pour choisir un nouveau mot de passe (valable une heure).';

export function registrationRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/inscription', (c) =>
    renderPage(c, <SignUpPage ctx={c.var.ctx} form={{ name: '', email: '', errors: {} }} />),
  );

  app.post('/inscription', async (c) => {
    const text = await fields(c);
    const input = {
      name: text('name'),
      email: text('email'),
      password: text('password'),
      confirmation: text('confirmation'),
    };
    const result = await signUp(c.var.db, input, clientIp(c), c.var.config.baseUrl.replace(/\/$/, ''));
    if (!result.ok) {
      const form = { name: input.name, email: input.email.trim(), errors: result.errors };
      return renderPage(c, <SignUpPage ctx={c.var.ctx} form={form} />, result.rateLimited ? 429 : 400);
    }
    await sendLater(c, result.mail);
    return renderPage(
      c,
      <CheckYourEmailPage ctx={c.var.ctx} title="Vérifiez votre messagerie" message={SENT_SIGNUP} />,
    );
  });

  app.get('/inscription/confirmer', async (c) => {
    const token = c.req.query('jeton') ?? '';
    const state = await checkConfirmToken(c.var.db, token);
    if (state !== 'valid') {
      return renderPage(c, <TokenProblemPage ctx={c.var.ctx} state={state} again="/inscription" />, 400);
    }
    return renderPage(c, <ConfirmPage ctx={c.var.ctx} token={token} />);
  });

  app.post('/inscription/confirmer', async (c) => {
    const token = (await fields(c))('jeton');
    const state = await confirmEmail(c.var.db, token);
    if (state !== 'valid') {
      return renderPage(c, <TokenProblemPage ctx={c.var.ctx} state={state} again="/inscription" />, 400);
    }
    return renderPage(
      c,
      <DonePage
        ctx={c.var.ctx}
        title="Compte activé"
        message="Votre adresse est confirmée : vous pouvez vous connecter."
      />,
    );
  });

  app.get('/mot-de-passe-oublie', (c) => renderPage(c, <ForgotPasswordPage ctx={c.var.ctx} email="" errors={{}} />));

  app.post('/mot-de-passe-oublie', async (c) => {
    const email = (await fields(c))('email').trim();
    if (!email) {
      return renderPage(
        c,
        <ForgotPasswordPage ctx={c.var.ctx} email="" errors={{ email: 'Saisissez votre adresse électronique.' }} />,
        400,
      );
    }
    const result = await requestPasswordReset(c.var.db, email, clientIp(c), c.var.config.baseUrl.replace(/\/$/, ''));
    if (result.rateLimited) {
      const errors = { form: 'Trop de demandes de réinitialisation. Réessayez dans une heure.' };
      return renderPage(c, <ForgotPasswordPage ctx={c.var.ctx} email={email} errors={errors} />, 429);
    }
    await sendLater(c, result.mail);
    return renderPage(c, <CheckYourEmailPage ctx={c.var.ctx} title="Vérifiez votre messagerie" message={SENT_RESET} />);
  });

  app.get('/mot-de-passe-oublie/nouveau', async (c) => {
    const token = c.req.query('jeton') ?? '';
    const state = await checkResetToken(c.var.db, token);
    if (state !== 'valid') {
      return renderPage(c, <TokenProblemPage ctx={c.var.ctx} state={state} again="/mot-de-passe-oublie" />, 400);
    }
    return renderPage(c, <NewPasswordPage ctx={c.var.ctx} token={token} errors={{}} />);
  });

  app.post('/mot-de-passe-oublie/nouveau', async (c) => {
    const text = await fields(c);
    const token = text('jeton');
    const result = await resetPassword(c.var.db, token, text('password'), text('confirmation'));
    if (!result.ok) {
      if (result.token && result.token !== 'valid') {
        return renderPage(
          c,
          <TokenProblemPage ctx={c.var.ctx} state={result.token} again="/mot-de-passe-oublie" />,
          400,
        );
      }
      return renderPage(c, <NewPasswordPage ctx={c.var.ctx} token={token} errors={result.errors} />, 400);
    }
    return renderPage(
      c,
      <DonePage
        ctx={c.var.ctx}
        title="Mot de passe changé"
        message="Votre mot de passe a été changé et toutes vos sessions ont été fermées : connectez-vous avec le nouveau."
      />,
    );
  });

  return app;
}
