import { type Context, Hono } from 'hono';
import { listElections } from '../elections/elections.service.ts';
import { ATOM_CONTENT_TYPE, atomDate, atomFeed } from '../opendata/atom.ts';
import { isFormat } from '../opendata/dataset.ts';
import { exportResponse } from '../opendata/formats.ts';
import { listDepartements } from '../territories/territories.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { renderPage } from '../web/render.ts';
import { AnswerLinkInvalidPage, AnswerPage } from './answer.views.tsx';
import { answerItem, findAnswerLink } from './answers.service.ts';
import { FollowupIndexPage, ScorecardPage, statusLabel } from './followup.views.tsx';
import {
  getScorecard,
  getScorecardById,
  listScorecards,
  publishedFeed,
  type ScorecardFilters,
  scorecardsDataset,
} from './scorecards.service.ts';

function filtersOf(query: (name: string) => string | undefined): ScorecardFilters {
  const level = query('niveau');
  const filters: ScorecardFilters = {};
  const election = query('election')?.trim();
  if (election) filters.election = election.slice(0, 60);
  const departement = query('departement')?.trim().toUpperCase();
  if (departement && /^[0-9AB]{2,3}$/.test(departement)) filters.departement = departement;
  if (level && /^[0-3]$/.test(level)) filters.level = Number(level);
  const status = query('statut');
  if (status === 'active' || status === 'ended') filters.status = status;
  const kind = query('type');
  if (kind === 'commune' || kind === 'epci' || kind === 'circonscription') filters.kind = kind;
  return filters;
}

/** Public follow-up pages: /suivi (and .csv .ods .json), /suivi/flux.atom, /suivi/:collectivite, the answer link. */
export function followupRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/suivi', async (c) => {
    const filters = filtersOf((n) => c.req.query(n));
    const [scorecards, elections, departements] = await Promise.all([
      listScorecards(c.var.db, filters),
      listElections(c.var.db),
      listDepartements(c.var.db),
    ]);
    return renderPage(
      c,
      <FollowupIndexPage
        ctx={c.var.ctx}
        scorecards={scorecards}
        filters={filters}
        elections={elections}
        departements={departements}
      />,
    );
  });

  for (const format of ['csv', 'ods', 'json'] as const) {
    app.get(`/suivi.${format}`, (c) => {
      if (!isFormat(format)) return c.notFound();
      const filters = filtersOf((n) => c.req.query(n));
      return exportResponse(scorecardsDataset(c.var.db, filters, c.var.config.baseUrl), format);
    });
  }

  app.get('/suivi/flux.atom', async (c) => {
    const base = c.var.config.baseUrl.replace(/\/$/, '');
    const updates = await publishedFeed(c.var.db, 50);
    const ctx = c.var.ctx;
    const xml = atomFeed({
      id: `${base}/suivi/flux.atom`,
      title: 'Suivi des engagements des élus signataires — mises à jour publiées',
      fallbackUpdated: atomDate('2026-01-01'),
      selfUrl: `${base}/suivi/flux.atom`,
      alternateUrl: `${base}/suivi`,
      author: { name: 'Pacte du Logiciel Libre', uri: base },
      lang: 'fr',
      entries: updates.map((u) => ({
        id: `${base}/suivi/${encodeURIComponent(u.slug)}#maj-${u.id}`,
        title: `${u.collectivity_name} — élément ${u.item_key} : ${statusLabel(ctx, u.previous_status ?? 'non-evalue')} → ${statusLabel(ctx, u.status)}`,
        updated: atomDate(u.published_at ?? u.created_at),
        published: atomDate(u.published_at ?? u.created_at),
        link: `${base}/suivi/${encodeURIComponent(u.slug)}#element-${u.item_key}`,
        summary:
          [u.note, u.evidence_url ? `Preuve : ${u.evidence_url}` : null].filter(Boolean).join(' — ') || undefined,
        categories: [{ term: u.status, label: statusLabel(ctx, u.status) }],
      })),
    });
    return c.body(xml, 200, { 'Content-Type': ATOM_CONTENT_TYPE });
  });

  const answerPage = async (
    c: Context<AppEnv>,
    token: string,
    extra: { done?: string; error?: { item: string; message: string }; values?: { item: string; body: string } } = {},
    status: 200 | 400 = 200,
  ) => {
    c.header('Cache-Control', 'no-store');
    const found = await findAnswerLink(c.var.db, token);
    if (found.status !== 'ok')
      return renderPage(c, <AnswerLinkInvalidPage ctx={c.var.ctx} status={found.status} />, 404);
    const card = await getScorecardById(c.var.db, found.link.scorecard_id);
    const details = card ? await getScorecard(c.var.db, card.slug) : undefined;
    if (!details) return renderPage(c, <AnswerLinkInvalidPage ctx={c.var.ctx} status="invalid" />, 404);
    return renderPage(
      c,
      <AnswerPage ctx={c.var.ctx} details={details} label={found.link.label} token={token} {...extra} />,
      status,
    );
  };

  app.get('/reponse/suivi/:token', (c) => answerPage(c, c.req.param('token')));

  app.post('/reponse/suivi/:token', async (c) => {
    const token = c.req.param('token');
    const body = await c.req.parseBody();
    const item = typeof body.element === 'string' ? body.element : '';
    const text = typeof body.reponse === 'string' ? body.reponse : '';
    const result = await answerItem(c.var.db, token, item, text);
    if (!result.ok)
      return answerPage(c, token, { error: { item, message: result.error }, values: { item, body: text } }, 400);
    return answerPage(c, token, { done: item });
  });

  app.get('/suivi/:slug', async (c) => {
    const details = await getScorecard(c.var.db, c.req.param('slug'));
    if (!details) return c.notFound();
    return renderPage(c, <ScorecardPage ctx={c.var.ctx} details={details} />);
  });

  return app;
}
