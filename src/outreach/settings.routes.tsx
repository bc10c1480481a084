import { Hono } from 'hono';
import { requirePermission } from '../accounts/permissions.ts';
import type { AppEnv } from '../web/app-env.ts';
import { CsrfField } from '../web/csrf-field.tsx';
import { ErrorSummary, InputField } from '../web/form.views.tsx';
import { Layout, type PageContext } from '../web/layout.tsx';
import { renderPage } from '../web/render.ts';
import { reservationDays, setReservationDays } from './reservations.service.ts';

function SettingsPage({
  ctx,
  days,
  error,
  saved,
}: {
  ctx: PageContext;
  days: string;
  error?: string;
  saved?: boolean;
}) {
  return (
    <Layout ctx={ctx} title={`${error ? 'Erreur — ' : ''}Réglages de l’espace bénévole`}>
      <p>
        <a href="/admin">← Administration</a>
      </p>
      <h1>Réglages de l’espace bénévole</h1>
      {saved && (
        <p class="notice" role="status">
          Réglages enregistrés.
        </p>
      )}
      <ErrorSummary title="Les réglages n’ont pas été enregistrés" errors={{ days: error }} />
      <form method="post" action="/admin/espace" class="stack-form" novalidate>
        <CsrfField ctx={ctx} />
        <InputField
          name="days"
          label="Durée d’une réservation (jours)"
          type="number"
          value={days}
          hint="Une réservation expire au bout de ce délai, sauf si un contact a été enregistré."
          error={error}
        />
        <button type="submit">Enregistrer</button>
      </form>
    </Layout>
  );
}

export function outreachSettingsRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/admin/espace', requirePermission('outreach:settings'));
  app.get('/admin/espace', async (c) =>
    renderPage(
      c,
      <SettingsPage ctx={c.var.ctx} days={String(await reservationDays(c.var.db))} saved={c.req.query('ok') === '1'} />,
    ),
  );
  app.post('/admin/espace', async (c) => {
    const body = await c.req.parseBody();
    const days = typeof body.days === 'string' ? body.days : '';
    const result = await setReservationDays(c.var.db, days);
    if (!result.ok) return renderPage(c, <SettingsPage ctx={c.var.ctx} days={days} error={result.error} />, 400);
    return c.redirect('/admin/espace?ok=1', 303);
  });
  return app;
}
