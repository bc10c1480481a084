import { type Context, Hono } from 'hono';
import { can, requirePermission } from '../accounts/permissions.ts';
import {
  editList,
  getListForModeration,
  listsOfCommune,
  ModerationError,
  mergePeople,
  mergeSuggestions,
  setListLocked,
} from '../candidates/moderation.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { NotFoundPage } from '../web/pages.views.tsx';
import { renderPage } from '../web/render.ts';
import { historyRoutes } from './history.routes.tsx';
import { DuplicatesPage, ListModerationPage, ListSearchPage, ModerationHomePage } from './moderation.views.tsx';
import { rneModerationRoutes } from './rne.routes.tsx';
import { signatureModerationRoutes } from './signatures.routes.tsx';

async function formText(c: Context<AppEnv>): Promise<(name: string) => string> {
  const body = await c.req.parseBody();
  return (name) => (typeof body[name] === 'string' ? (body[name] as string) : '');
}

export function moderationRoutes() {
  const app = new Hono<AppEnv>();
  const notFound = (c: Context<AppEnv>) => renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
  const actor = (c: Context<AppEnv>) => c.var.user?.id ?? 'web';

  app.get('/moderation', requirePermission('moderation:access'), (c) =>
    renderPage(
      c,
      <ModerationHomePage
        ctx={c.var.ctx}
        canRne={can(c.var.user?.role, 'rne:decide')}
        canSignatures={can(c.var.user?.role, 'signatures:moderate')}
      />,
    ),
  );

  app.get('/moderation/listes', requirePermission('candidates:moderate'), async (c) => {
    const commune = (c.req.query('commune') ?? '').trim();
    if (commune === '') return renderPage(c, <ListSearchPage ctx={c.var.ctx} commune="" lists={undefined} />);
    if (commune.includes('.')) {
      if (await getListForModeration(c.var.db, commune)) {
        return c.redirect(`/moderation/listes/${encodeURIComponent(commune)}`, 303);
      }
      const error = `Aucune liste n’a l’identifiant « ${commune} ».`;
      return renderPage(c, <ListSearchPage ctx={c.var.ctx} commune={commune} lists={undefined} error={error} />, 404);
    }
    const insee = commune.toUpperCase();
    if (!/^[0-9][0-9AB][0-9]{3}$/.test(insee)) {
      const error = 'Code INSEE attendu : 5 caractères, par exemple 62498 (ou 2A004 en Corse).';
      return renderPage(c, <ListSearchPage ctx={c.var.ctx} commune={commune} lists={undefined} error={error} />, 400);
    }
    const lists = await listsOfCommune(c.var.db, insee);
    return renderPage(c, <ListSearchPage ctx={c.var.ctx} commune={insee} lists={lists} />);
  });

  app.get('/moderation/listes/:id', requirePermission('candidates:moderate'), async (c) => {
    const list = await getListForModeration(c.var.db, c.req.param('id'));
    if (!list) return notFound(c);
    const form = {
      short_name: list.short_name,
      website: list.website ?? '',
      errors: {},
      saved: c.req.query('enregistre') === '1',
    };
    return renderPage(c, <ListModerationPage ctx={c.var.ctx} list={list} form={form} />);
  });

  app.post('/moderation/listes/:id', requirePermission('candidates:moderate'), async (c) => {
    const id = c.req.param('id');
    const list = await getListForModeration(c.var.db, id);
    if (!list) return notFound(c);
    const text = await formText(c);
    const input = { short_name: text('short_name'), website: text('website') };
    const result = await editList(c.var.db, id, input, actor(c));
    if ('errors' in result) {
      return renderPage(
        c,
        <ListModerationPage ctx={c.var.ctx} list={list} form={{ ...input, errors: result.errors }} />,
        400,
      );
    }
    return c.redirect(`/moderation/listes/${encodeURIComponent(id)}?enregistre=1`, 303);
  });

  app.post('/moderation/listes/:id/verrou', requirePermission('candidates:moderate'), async (c) => {
    const id = c.req.param('id');
    const text = await formText(c);
    try {
      await setListLocked(c.var.db, id, text('verrou') === '1', actor(c));
    } catch (error) {
      if (error instanceof ModerationError) return notFound(c);
      throw error;
    }
    return c.redirect(`/moderation/listes/${encodeURIComponent(id)}?enregistre=1`, 303);
  });

  app.get('/moderation/doublons', requirePermission('people:merge'), async (c) => {
    const suggestions = await mergeSuggestions(c.var.db);
    return renderPage(
      c,
      <DuplicatesPage ctx={c.var.ctx} suggestions={suggestions} merged={c.req.query('fusion') || undefined} />,
    );
  });

  app.post('/moderation/doublons/fusion', requirePermission('people:merge'), async (c) => {
    const text = await formText(c);
    const keep = text('garder');
    try {
      await mergePeople(c.var.db, keep, text('fusionner'), actor(c));
    } catch (error) {
      if (!(error instanceof ModerationError)) throw error;
      const suggestions = await mergeSuggestions(c.var.db);
      return renderPage(
        c,
        <DuplicatesPage ctx={c.var.ctx} suggestions={suggestions} error={`Fusion refusée : ${error.message}.`} />,
        400,
      );
    }
    return c.redirect(`/moderation/doublons?fusion=${encodeURIComponent(keep)}`, 303);
  });

  app.route('/', historyRoutes());
  app.route('/', rneModerationRoutes());
  app.route('/', signatureModerationRoutes());

  return app;
}
