import { type Context, Hono } from 'hono';
import { can, requirePermission } from '../accounts/permissions.ts';
import { listElections } from '../elections/elections.service.ts';
import { zoneScopeOf } from '../outreach/organisations.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { ForbiddenPage } from '../web/forbidden.views.tsx';
import { renderPage } from '../web/render.ts';
import { answerLinksOf, createAnswerLink, revokeAnswerLink } from './answers.service.ts';
import { bulkUpdate } from './bulk.service.ts';
import { resultsUploadRoutes } from './results.routes.tsx';
import { ResultsError, refreshElectedFromRne } from './results.service.ts';
import {
  getScorecard,
  listScorecards,
  pendingProposals,
  refreshScorecards,
  type ScorecardDetails,
  scorecardsInZone,
} from './scorecards.service.ts';
import { FollowupError, mayPropose, proposeUpdate, publishUpdate, rejectUpdate } from './updates.service.ts';
import {
  BulkPage,
  EMPTY_PROPOSAL,
  ModerationPage,
  type ProposalForm,
  WorkspaceIndexPage,
  WorkspaceScorecardPage,
} from './workspace.views.tsx';

const MAX_CSV_BYTES = 2_000_000;

type C = Context<AppEnv>;

function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

async function scorecardPage(
  c: C,
  details: ScorecardDetails,
  extra: { form?: ProposalForm; notice?: string; newLink?: string } = {},
  status: 200 | 400 = 200,
) {
  const user = c.var.user;
  const canManage = can(user?.role, 'followup:manage');
  const links = canManage ? await answerLinksOf(c.var.db, details.scorecard.id) : [];
  const item = c.req.query('element') ?? '';
  return renderPage(
    c,
    <WorkspaceScorecardPage
      ctx={c.var.ctx}
      details={details}
      form={extra.form ?? { ...EMPTY_PROPOSAL, item }}
      notice={extra.notice}
      canManage={canManage}
      links={links}
      newLink={extra.newLink}
    />,
    status,
  );
}

/** The scorecard of the URL, if the signed-in user may work on it (zone), else a response to send. */
async function allowedScorecard(c: C): Promise<ScorecardDetails | Response> {
  const details = await getScorecard(c.var.db, c.req.param('slug') ?? '');
  if (!details) return c.notFound();
  const user = c.var.user;
  if (!user || !(await mayPropose(c.var.db, user, details.scorecard.id))) {
    return renderPage(
      c,
      ForbiddenPage({ ctx: c.var.ctx, message: 'Cette collectivité n’est pas dans la zone de vos organisations.' }),
      403,
    );
  }
  return details;
}

/** Private follow-up pages: /espace/suivi (volunteers, coordination), /moderation/suivi. */
export function followupWorkspaceRoutes(options: { uploadDir?: string } = {}) {
  const app = new Hono<AppEnv>();
  // Before /espace/suivi/:slug.
  app.route('/', resultsUploadRoutes(options));

  app.get('/espace/suivi', requirePermission('followup:propose'), async (c) => {
    const user = c.var.user!;
    const all = user.role === 'admin' || user.role === 'moderator';
    const [scorecards, elections] = await Promise.all([
      all ? listScorecards(c.var.db) : scorecardsInZone(c.var.db, await zoneScopeOf(c.var.db, user)),
      listElections(c.var.db),
    ]);
    return renderPage(
      c,
      <WorkspaceIndexPage
        ctx={c.var.ctx}
        scorecards={scorecards}
        canBulk={can(user.role, 'followup:bulk')}
        canManage={can(user.role, 'followup:manage')}
        elections={elections}
        refreshed={c.req.query('actualise')}
      />,
    );
  });

  app.post('/espace/suivi/actualiser', requirePermission('followup:manage'), async (c) => {
    const body = await c.req.parseBody();
    const election = field(body, 'election');
    let message: string;
    try {
      const r = await refreshElectedFromRne(c.var.db, election, { actor: c.var.user!.id });
      const s = await refreshScorecards(c.var.db, election, { actor: c.var.user!.id });
      message = `Élus : ${r.candidacies.created} candidature(s) et ${r.lists.created} liste(s) nouvellement marquées, ${r.candidacies.ended + r.lists.ended} fin(s) de mandat. Suivis : ${s.created} créé(s), ${s.ended} terminé(s).`;
    } catch (error) {
      if (!(error instanceof ResultsError)) throw error;
      message = `Actualisation impossible : ${error.message}.`;
    }
    return c.redirect(`/espace/suivi?actualise=${encodeURIComponent(message)}`, 303);
  });

  app.get('/espace/suivi/import', requirePermission('followup:bulk'), (c) =>
    renderPage(c, <BulkPage ctx={c.var.ctx} text="" />),
  );

  app.post('/espace/suivi/import', requirePermission('followup:bulk'), async (c) => {
    if (Number(c.req.header('content-length') ?? 0) > MAX_CSV_BYTES) {
      return renderPage(
        c,
        <BulkPage
          ctx={c.var.ctx}
          text=""
          result={{
            dryRun: true,
            applied: false,
            changes: [],
            errors: [{ line: 0, message: 'fichier trop gros (2 Mo au plus)' }],
          }}
        />,
        400,
      );
    }
    const body = await c.req.parseBody();
    const file = body.fichier;
    const text = file instanceof File && file.size > 0 ? await file.text() : field(body, 'csv');
    const dryRun = field(body, 'action') !== 'appliquer';
    const result = await bulkUpdate(c.var.db, c.var.user!.id, text, { dryRun });
    return renderPage(c, <BulkPage ctx={c.var.ctx} text={text} result={result} />, result.errors.length ? 400 : 200);
  });

  app.get('/espace/suivi/:slug', requirePermission('followup:propose'), async (c) => {
    const details = await allowedScorecard(c);
    if (details instanceof Response) return details;
    const notice =
      c.req.query('propose') === 'ok' ? 'Proposition enregistrée : elle sera publiée après modération.' : undefined;
    return scorecardPage(c, details, { notice });
  });

  app.post('/espace/suivi/:slug', requirePermission('followup:propose'), async (c) => {
    const details = await allowedScorecard(c);
    if (details instanceof Response) return details;
    const body = await c.req.parseBody();
    const form: ProposalForm = {
      item: field(body, 'element'),
      status: field(body, 'statut'),
      evidenceUrl: field(body, 'preuve'),
      evidenceDocument: field(body, 'document'),
      evidenceDate: field(body, 'date'),
      note: field(body, 'note'),
      errors: {},
    };
    const result = await proposeUpdate(c.var.db, c.var.user!, {
      scorecardId: details.scorecard.id,
      itemKey: form.item,
      status: form.status,
      evidenceUrl: form.evidenceUrl,
      evidenceDocument: form.evidenceDocument,
      evidenceDate: form.evidenceDate,
      note: form.note,
    });
    if (!result.ok) return scorecardPage(c, details, { form: { ...form, errors: result.errors } }, 400);
    return c.redirect(`/espace/suivi/${encodeURIComponent(details.scorecard.slug)}?propose=ok`, 303);
  });

  app.post('/espace/suivi/:slug/liens', requirePermission('followup:manage'), async (c) => {
    const details = await getScorecard(c.var.db, c.req.param('slug'));
    if (!details) return c.notFound();
    const body = await c.req.parseBody();
    const link = await createAnswerLink(c.var.db, details.scorecard.id, field(body, 'libelle'), c.var.user!.id);
    c.header('Cache-Control', 'no-store');
    const base = c.var.config.baseUrl.replace(/\/$/, '');
    return scorecardPage(c, details, { newLink: `${base}/reponse/suivi/${link.token}` });
  });

  app.post('/espace/suivi/:slug/liens/:id/revoquer', requirePermission('followup:manage'), async (c) => {
    const details = await getScorecard(c.var.db, c.req.param('slug'));
    if (!details) return c.notFound();
    const links = await answerLinksOf(c.var.db, details.scorecard.id);
    if (!links.some((l) => l.id === c.req.param('id'))) return c.notFound();
    await revokeAnswerLink(c.var.db, c.req.param('id'), c.var.user!.id);
    return scorecardPage(c, details, { notice: 'Lien révoqué.' });
  });

  app.get('/moderation/suivi', requirePermission('followup:moderate'), async (c) => {
    const done = c.req.query('fait');
    const notice =
      done === 'publier' ? 'Mise à jour publiée.' : done === 'rejeter' ? 'Proposition refusée.' : undefined;
    return renderPage(
      c,
      <ModerationPage ctx={c.var.ctx} proposals={await pendingProposals(c.var.db)} notice={notice} />,
    );
  });

  app.post('/moderation/suivi/:id', requirePermission('followup:moderate'), async (c) => {
    const body = await c.req.parseBody();
    const decision = field(body, 'decision');
    const moderator = c.var.user!;
    try {
      if (decision === 'publier') await publishUpdate(c.var.db, c.req.param('id'), moderator);
      else if (decision === 'rejeter')
        await rejectUpdate(c.var.db, c.req.param('id'), moderator, field(body, 'raison'));
      else throw new FollowupError('décision inconnue');
    } catch (error) {
      if (!(error instanceof FollowupError)) throw error;
      return renderPage(
        c,
        <ModerationPage
          ctx={c.var.ctx}
          proposals={await pendingProposals(c.var.db)}
          error={`Décision refusée : ${error.message}.`}
        />,
        400,
      );
    }
    return c.redirect(`/moderation/suivi?fait=${decision}`, 303);
  });

  return app;
}
