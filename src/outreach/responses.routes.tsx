import { Hono } from 'hono';
import { requirePermission } from '../accounts/permissions.ts';
import type { AppEnv } from '../web/app-env.ts';
import { renderPage } from '../web/render.ts';
import { moderateResponse, pendingResponses } from './contacts.service.ts';
import { OutreachError } from './errors.ts';
import { ResponsesQueuePage } from './responses.views.tsx';
import { outreachErrorPage } from './workspace.routes.tsx';

export function responseModerationRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/moderation/reponses', requirePermission('responses:moderate'));
  app.use('/moderation/reponses/*', requirePermission('responses:moderate'));

  app.get('/moderation/reponses', async (c) =>
    renderPage(c, <ResponsesQueuePage ctx={c.var.ctx} responses={await pendingResponses(c.var.db)} />),
  );

  app.post('/moderation/reponses/:id', async (c) => {
    const body = await c.req.parseBody();
    const decision = body.decision === 'publier' ? 'published' : body.decision === 'refuser' ? 'rejected' : undefined;
    const version = Number.parseInt(typeof body.version === 'string' ? body.version : '', 10);
    try {
      if (!decision || !Number.isInteger(version)) throw new OutreachError(400, 'Décision invalide.');
      const user = c.var.user;
      if (!user) throw new OutreachError(403, 'Connexion requise.');
      await moderateResponse(c.var.db, user.id, c.req.param('id'), version, decision);
      return c.redirect('/moderation/reponses', 303);
    } catch (error) {
      return outreachErrorPage(c, error, '/moderation/reponses');
    }
  });

  return app;
}
