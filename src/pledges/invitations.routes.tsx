import { Hono } from 'hono';
import { can, requirePermission } from '../accounts/permissions.ts';
import { getList } from '../candidates/candidates.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { NotFoundPage } from '../web/pages.views.tsx';
import { renderPage } from '../web/render.ts';
import { InvitationCreatedPage, InvitationsPage, NewInvitationPage } from './invitations.views.tsx';
import {
  createInvitation,
  listInvitations,
  resolveOfficial,
  revokeInvitation,
  SignatureError,
} from './signatures.service.ts';

/** Journey 2, the volunteer's side: personal signing links for a list or a candidacy (/espace/invitations). */
export function invitationRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/espace/invitations', requirePermission('invitations:create'));
  app.use('/espace/invitations/*', requirePermission('invitations:create'));

  app.get('/espace/invitations', async (c) => {
    const user = c.var.user;
    if (!user) return c.redirect('/connexion', 303);
    const everyone = can(user.role, 'invitations:manage');
    const invitations = await listInvitations(c.var.db, everyone ? undefined : user.id);
    const message = c.req.query('revoque') === '1' ? 'Le lien a été révoqué : il ne permet plus de signer.' : undefined;
    return renderPage(
      c,
      <InvitationsPage ctx={c.var.ctx} invitations={invitations} everyone={everyone} message={message} />,
    );
  });

  app.get('/espace/invitations/nouvelle', async (c) => {
    const list = await getList(c.var.db, c.req.query('liste') ?? '');
    if (!list) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    return renderPage(c, <NewInvitationPage ctx={c.var.ctx} list={list} />);
  });

  app.post('/espace/invitations', async (c) => {
    const user = c.var.user;
    if (!user) return c.redirect('/connexion', 303);
    const body = await c.req.parseBody();
    const listId = typeof body.liste === 'string' ? body.liste : undefined;
    const candidacyId = typeof body.candidature === 'string' ? body.candidature : undefined;
    try {
      const { invitation, token } = await createInvitation(c.var.db, { listId, candidacyId }, user.id);
      const official = await resolveOfficial(c.var.db, {
        listId: invitation.listId,
        candidacyId: invitation.candidacyId,
      });
      const who = official?.candidacyId ? `${official.firstName ?? ''} ${official.lastName ?? ''}`.trim() : '';
      const target = [who, official?.listName].filter(Boolean).join(' — ');
      c.header('Cache-Control', 'no-store');
      return renderPage(
        c,
        <InvitationCreatedPage
          ctx={c.var.ctx}
          url={`${c.var.config.baseUrl.replace(/\/$/, '')}/signer/invitation/${token}`}
          target={target}
          expiresAt={invitation.expiresAt}
        />,
      );
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    }
  });

  app.post('/espace/invitations/:id/revoquer', async (c) => {
    const user = c.var.user;
    if (!user) return c.redirect('/connexion', 303);
    try {
      await revokeInvitation(c.var.db, c.req.param('id'), { id: user.id, any: can(user.role, 'invitations:manage') });
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    }
    return c.redirect('/espace/invitations?revoque=1', 303);
  });

  return app;
}
