import { Hono } from 'hono';
import type { AppEnv } from '../web/app-env.ts';
import { NotFoundPage } from '../web/pages.views.tsx';
import { renderPage } from '../web/render.ts';
import { invitationRoutes } from './invitations.routes.tsx';
import { pactAdminRoutes } from './pact-admin.routes.tsx';
import { getCurrentPact } from './pact-documents.service.ts';
import { renderPactPdf } from './pact-pdf.ts';
import { paperEntryRoutes } from './paper-entry.routes.tsx';
import { PactPage, PactPrintPage } from './pledges.views.tsx';
import { signatoryRoutes } from './signatories.routes.tsx';
import { signingRoutes } from './signing.routes.tsx';

/** The election whose pact /pacte shows (the campaign in progress). */
export const CURRENT_CAMPAIGN = 'municipales-2026';

export function pledgeRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/pacte', async (c) => {
    const pact = await getCurrentPact(c.var.db, CURRENT_CAMPAIGN);
    if (!pact) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    return renderPage(c, <PactPage ctx={c.var.ctx} pact={pact} />);
  });

  app.get('/pacte/imprimer', async (c) => {
    const pact = await getCurrentPact(c.var.db, CURRENT_CAMPAIGN);
    if (!pact) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    return renderPage(c, <PactPrintPage pact={pact} />);
  });

  /** The blank form to print or fill in (both signing variants, empty fields). */
  app.get('/pacte.pdf', async (c) => {
    const pact = await getCurrentPact(c.var.db, CURRENT_CAMPAIGN);
    if (!pact) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    const pdf = await renderPactPdf(pact);
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', 'inline; filename="pacte-du-logiciel-libre-2026.pdf"');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(pdf as Uint8Array<ArrayBuffer>);
  });

  app.route('/', pactAdminRoutes());
  app.route('/', signingRoutes());
  app.route('/', invitationRoutes());
  app.route('/', signatoryRoutes());
  app.route('/', paperEntryRoutes());

  return app;
}
