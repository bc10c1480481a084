import { Hono } from 'hono';
import { requirePermission } from '../accounts/permissions.ts';
import { decideMatch, listAmbiguousMatches, MatchDecisionError } from '../candidates/rne-matching.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { renderPage } from '../web/render.ts';
import { RneMatchesPage } from './rne.views.tsx';

const PAGE_SIZE = 50;

/** /moderation/rne: ambiguous links between RNE mandates and candidacies, decided by a moderator. */
export function rneModerationRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/moderation/rne', requirePermission('rne:decide'), async (c) => {
    const page = Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1);
    const { total, items } = await listAmbiguousMatches(c.var.db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const decided =
      c.req.query('fait') === 'confirmed'
        ? 'Rapprochement confirmé ; les autres possibilités pour ce mandat ont été écartées.'
        : c.req.query('fait') === 'rejected'
          ? 'Rapprochement écarté.'
          : undefined;
    return renderPage(
      c,
      <RneMatchesPage ctx={c.var.ctx} total={total} items={items} page={page} pageSize={PAGE_SIZE} decided={decided} />,
    );
  });

  app.post('/moderation/rne/decision', requirePermission('rne:decide'), async (c) => {
    const body = await c.req.parseBody();
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const decision = text('decision');
    try {
      await decideMatch(c.var.db, {
        mandateId: text('mandat'),
        candidacyId: text('candidature'),
        decision: decision as 'confirmed' | 'rejected',
        actor: c.var.user?.id ?? 'web',
      });
    } catch (error) {
      if (!(error instanceof MatchDecisionError)) throw error;
      const { total, items } = await listAmbiguousMatches(c.var.db, { limit: PAGE_SIZE });
      return renderPage(
        c,
        <RneMatchesPage
          ctx={c.var.ctx}
          total={total}
          items={items}
          page={1}
          pageSize={PAGE_SIZE}
          error={`Décision refusée : ${error.message}.`}
        />,
        400,
      );
    }
    return c.redirect(`/moderation/rne?fait=${decision}`, 303);
  });

  return app;
}
