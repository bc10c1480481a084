import { Hono } from 'hono';
import type { AppEnv } from '../web/app-env.ts';
import { renderPage } from '../web/render.ts';
import type { StatisticsCache } from './statistics.service.ts';
import { MapPage, type MapView, StatisticsPage } from './statistics.views.tsx';

const VIEWS: MapView[] = ['signatures', 'couverture'];

/** Query parameters a page does not know: named in a notice (and otherwise ignored). */
function unknownParameters(query: Record<string, string>, known: string[]): string[] {
  return Object.keys(query).filter((k) => k !== 'lang' && !known.includes(k));
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
    return renderPage(c, <MapPage ctx={c.var.ctx} stats={stats} view={view} notices={notices} canonical={canonical} />);
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
    return renderPage(c, <StatisticsPage ctx={c.var.ctx} stats={stats} notices={notices} canonical={canonical} />);
  });

  return app;
}
