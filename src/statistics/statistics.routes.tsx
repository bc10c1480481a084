import { type Context, Hono } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppEnv } from '../web/app-env.ts';
import { renderPage } from '../web/render.ts';
import type { CampaignStatistics, StatisticsCache } from './statistics.service.ts';
import { MapPage, type MapView, mapPicture, StatisticsPage } from './statistics.views.tsx';

const VIEWS: MapView[] = ['signatures', 'couverture'];

/** Query parameters a page does not know: named in a notice (and otherwise ignored). */
function unknownParameters(query: Record<string, string>, known: string[]): string[] {
  return Object.keys(query).filter((k) => k !== 'lang' && !known.includes(k));
}

/**
 * Pages rendered once per statistics snapshot (which changes with the data) and variant: the map
 * page is mostly SVG. Only what an anonymous visitor sees is kept (the header differs when signed
 * in; `?lang=` sets a cookie), and pages with notices are rendered each time.
 */
const renderedPages = new WeakMap<CampaignStatistics, Map<string, string>>();

function snapshotPage(
  c: Context<AppEnv>,
  stats: CampaignStatistics,
  variant: string | undefined,
  page: () => JSX.Element,
) {
  if (variant === undefined || c.var.user || c.req.query('lang') !== undefined) return renderPage(c, page());
  let pages = renderedPages.get(stats);
  if (!pages) {
    pages = new Map();
    renderedPages.set(stats, pages);
  }
  const key = `${c.var.ctx.lang}|${variant}`;
  let html = pages.get(key);
  if (html === undefined) {
    html = `<!DOCTYPE html>${page().toString()}`;
    pages.set(key, html);
  }
  return c.html(html);
}

export function statisticsRoutes(statistics: StatisticsCache) {
  const app = new Hono<AppEnv>();

  app.get('/carte', async (c) => {
    const { t } = c.var.ctx;
    const query = c.req.query();
    const notices = unknownParameters(query, ['vue']).map((name) => t('notice.unknownParameter', { name }));
    const wanted = query.vue ?? 'signatures';
    const view = (VIEWS as string[]).includes(wanted) ? (wanted as MapView) : 'signatures';
    if (view !== wanted) notices.push(t('map.unknownView', { value: wanted.slice(0, 40) }));
    const { stats, fresh } = await statistics.snapshot(c.var.db);
    if (!fresh) c.header('Cache-Control', 'no-store');
    const canonical = `${c.var.config.baseUrl}/carte${view === 'signatures' ? '' : `?vue=${view}`}`;
    return snapshotPage(c, stats, notices.length ? undefined : `carte|${view}`, () => (
      <MapPage ctx={c.var.ctx} stats={stats} view={view} notices={notices} canonical={canonical} />
    ));
  });

  // The map as a picture (the home page's small map): no query but the language.
  app.get('/carte/:file{(signatures|couverture)\\.svg}', async (c) => {
    const view = c.req.param('file').replace('.svg', '') as MapView;
    const { stats, fresh } = await statistics.snapshot(c.var.db);
    if (!fresh) c.header('Cache-Control', 'no-store');
    c.header('Content-Type', 'image/svg+xml; charset=utf-8');
    return c.body(mapPicture(c.var.ctx, stats, view));
  });

  app.get('/statistiques', async (c) => {
    const { t } = c.var.ctx;
    const query = c.req.query();
    const notices = unknownParameters(query, ['election']).map((name) => t('notice.unknownParameter', { name }));
    let snapshot = await statistics.snapshot(c.var.db, query.election);
    if (query.election && !snapshot.stats.election) {
      notices.push(t('stats.unknownElection', { value: query.election.slice(0, 40) }));
      snapshot = await statistics.snapshot(c.var.db);
    }
    const stats = snapshot.stats;
    if (!snapshot.fresh) c.header('Cache-Control', 'no-store');
    const canonical = `${c.var.config.baseUrl}/statistiques`;
    return snapshotPage(c, stats, notices.length ? undefined : `statistiques|${stats.election?.id ?? ''}`, () => (
      <StatisticsPage ctx={c.var.ctx} stats={stats} notices={notices} canonical={canonical} />
    ));
  });

  return app;
}
