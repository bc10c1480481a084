import { Hono } from 'hono';
import { can, requirePermission } from '../accounts/permissions.ts';
import type { AppEnv } from '../web/app-env.ts';
import { NotFoundPage } from '../web/pages.views.tsx';
import { renderPage } from '../web/render.ts';
import { findResponse, moderateResponse, pendingResponses } from './contacts.service.ts';
import { OutreachError } from './errors.ts';
import { loadResponseDocument } from './response-documents.ts';
import { ResponsesQueuePage } from './responses.views.tsx';
import { assertInZone, resolveTarget } from './targets.service.ts';
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

  /**
   * A response's document: public once published with consent; before that, for moderators and for
   * volunteers of the target's zone.
   */
  app.get('/reponses/:id/document', async (c) => {
    const response = await findResponse(c.var.db, c.req.param('id'));
    if (!response?.document_path) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    const isPublic = response.moderation_state === 'published' && response.consent === 1;
    if (!isPublic) {
      const user = c.var.user;
      if (!user) return c.redirect(`/connexion?suivant=${encodeURIComponent(c.req.path)}`, 303);
      if (!can(user.role, 'responses:moderate')) {
        try {
          await assertInZone(c.var.db, user, await resolveTarget(c.var.db, response.target_type, response.target_id));
        } catch (error) {
          return outreachErrorPage(c, error);
        }
      }
    }
    const stored = await loadResponseDocument(c.var.config, response.document_path);
    if (!stored) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    const { bytes, contentType } = stored;
    const name = (response.document_name ?? 'document').replace(/["\\]/g, '_');
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Cache-Control': isPublic ? 'public, max-age=300' : 'private, no-store',
    });
  });

  return app;
}
