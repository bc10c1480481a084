import { type Context, Hono } from 'hono';
import { requirePermission } from '../accounts/permissions.ts';
import { historyOf, revertListChange } from '../candidates/history.service.ts';
import { getListForModeration, ModerationError } from '../candidates/moderation.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { NotFoundPage } from '../web/pages.views.tsx';
import { renderPage } from '../web/render.ts';
import { HistoryPage } from './history.views.tsx';

/** History of a list or a person (audit log with before/after) and the revert of a list edit. */
export function historyRoutes() {
  const app = new Hono<AppEnv>();
  const notFound = (c: Context<AppEnv>) => renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);

  async function listHistory(c: Context<AppEnv>, id: string, extra: { error?: string; reverted?: boolean } = {}) {
    const list = await getListForModeration(c.var.db, id);
    if (!list) return notFound(c);
    const entries = await historyOf(c.var.db, 'list', id);
    const href = `/moderation/listes/${encodeURIComponent(id)}`;
    return renderPage(
      c,
      <HistoryPage
        ctx={c.var.ctx}
        entity="list"
        title={list.short_name || list.name}
        publicHref={`/listes/${encodeURIComponent(id)}`}
        backHref={href}
        entries={entries}
        {...extra}
      />,
      extra.error ? 409 : 200,
    );
  }

  app.get('/moderation/listes/:id/historique', requirePermission('candidates:moderate'), (c) =>
    listHistory(c, c.req.param('id'), { reverted: c.req.query('annule') === '1' }),
  );

  app.get('/moderation/personnes/:id/historique', requirePermission('candidates:moderate'), async (c) => {
    const id = c.req.param('id');
    const person = await c.var.db
      .selectFrom('people')
      .select(['first_name', 'last_name'])
      .where('id', '=', id)
      .executeTakeFirst();
    const entries = await historyOf(c.var.db, 'person', id);
    if (!person && entries.length === 0) return notFound(c);
    const title = person ? `${person.first_name} ${person.last_name}` : `personne ${id} (fusionnée)`;
    return renderPage(
      c,
      <HistoryPage
        ctx={c.var.ctx}
        entity="person"
        title={title}
        publicHref={`/personnes/${encodeURIComponent(id)}`}
        entries={entries}
      />,
    );
  });

  app.post('/moderation/historique/:auditId/annuler', requirePermission('candidates:moderate'), async (c) => {
    const auditId = c.req.param('auditId');
    const entry = await c.var.db
      .selectFrom('audit_log')
      .select(['entity_id', 'entity_type'])
      .where('id', '=', auditId)
      .executeTakeFirst();
    if (entry?.entity_type !== 'list') return notFound(c);
    try {
      await revertListChange(c.var.db, auditId, c.var.user?.id ?? 'web');
    } catch (error) {
      if (!(error instanceof ModerationError)) throw error;
      return listHistory(c, entry.entity_id, { error: error.message });
    }
    return c.redirect(`/moderation/listes/${encodeURIComponent(entry.entity_id)}/historique?annule=1`, 303);
  });

  return app;
}
