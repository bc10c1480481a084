import { type Context, Hono } from 'hono';
import { can, requirePermission } from '../accounts/permissions.ts';
import { type HistoryEntry, historyEntityOf, historyOf, revertChange } from '../candidates/history.service.ts';
import { getListForModeration, ModerationError } from '../candidates/moderation.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { ForbiddenPage } from '../web/forbidden.views.tsx';
import { NotFoundPage } from '../web/pages.views.tsx';
import { renderPage } from '../web/render.ts';
import { HistoryPage } from './history.views.tsx';

const LIST_INTRO =
  'Chaque changement de cette liste : imports du fichier officiel, corrections et verrouillages, avec qui, quand, et les valeurs avant et après.';
const PERSON_INTRO =
  'Chaque changement de cette personne : imports du fichier officiel et fusions de doublons (une fusion erronée peut être annulée), avec qui, quand, et les valeurs avant et après.';
const revertAction = (entry: HistoryEntry) => `/moderation/historique/${encodeURIComponent(entry.id)}/annuler`;

/** History of a list or a person (audit log with before/after) and the revert of a list edit or a merge. */
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
        intro={LIST_INTRO}
        title={list.short_name || list.name}
        publicHref={`/listes/${encodeURIComponent(id)}`}
        backHref={href}
        entries={entries}
        revertAction={revertAction}
        {...extra}
      />,
      extra.error ? 409 : 200,
    );
  }

  app.get('/moderation/listes/:id/historique', requirePermission('candidates:moderate'), (c) =>
    listHistory(c, c.req.param('id'), { reverted: c.req.query('annule') === '1' }),
  );

  async function personHistory(c: Context<AppEnv>, id: string, extra: { error?: string; reverted?: boolean } = {}) {
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
        intro={PERSON_INTRO}
        title={title}
        publicHref={`/personnes/${encodeURIComponent(id)}`}
        entries={entries}
        revertAction={revertAction}
        {...extra}
      />,
      extra.error ? 409 : 200,
    );
  }

  app.get('/moderation/personnes/:id/historique', requirePermission('candidates:moderate'), (c) =>
    personHistory(c, c.req.param('id'), { reverted: c.req.query('annule') === '1' }),
  );

  app.post('/moderation/historique/:auditId/annuler', requirePermission('candidates:moderate'), async (c) => {
    const auditId = c.req.param('auditId');
    const found = await historyEntityOf(c.var.db, auditId);
    if (!found) return notFound(c);
    // Undoing a merge is merging's business.
    if (found.entity === 'person' && !can(c.var.user?.role, 'people:merge')) {
      return renderPage(c, ForbiddenPage({ ctx: c.var.ctx }), 403);
    }
    const show = found.entity === 'list' ? listHistory : personHistory;
    try {
      await revertChange(c.var.db, auditId, c.var.user?.id ?? 'web');
    } catch (error) {
      if (!(error instanceof ModerationError)) throw error;
      return show(c, found.entityId, { error: error.message });
    }
    const page = found.entity === 'list' ? 'listes' : 'personnes';
    return c.redirect(`/moderation/${page}/${encodeURIComponent(found.entityId)}/historique?annule=1`, 303);
  });

  return app;
}
