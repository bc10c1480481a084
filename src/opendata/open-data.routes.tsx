import { Hono } from 'hono';
import type { StatisticsCache } from '../statistics/statistics.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { NotFoundPage } from '../web/pages.views.tsx';
import { renderPage } from '../web/render.ts';
import { CATALOGUE } from './catalogue.ts';
import type { DatasetFilters } from './datasets.ts';
import { EXPORT_PARAM, exportResponse, splitExportName } from './formats.ts';
import { OpenDataPage } from './open-data.views.tsx';
import { listSources } from './sources.service.ts';

const FILTER_PATTERNS: Record<keyof DatasetFilters, RegExp> = {
  election: /^[a-z0-9-]{1,64}$/,
  departement: /^([0-9]{2,3}|2[AB])$/,
};

/** The filters of a download, or the reason they are refused (in French). */
function downloadFilters(
  query: Record<string, string>,
  accepted: (keyof DatasetFilters)[],
): { ok: true; filters: DatasetFilters } | { ok: false; message: string } {
  const filters: DatasetFilters = {};
  for (const [name, raw] of Object.entries(query)) {
    const key = name as keyof DatasetFilters;
    if (!accepted.includes(key)) {
      const known = accepted.length ? ` (filtres possibles : ${accepted.join(', ')})` : ' (aucun filtre possible)';
      return { ok: false, message: `Paramètre inconnu : « ${name.slice(0, 40)} »${known}` };
    }
    const value = key === 'departement' ? raw.toUpperCase() : raw;
    if (!FILTER_PATTERNS[key].test(value)) {
      return { ok: false, message: `Valeur invalide pour « ${name} » : « ${raw.slice(0, 40)} »` };
    }
    filters[key] = value;
  }
  return { ok: true, filters };
}

export function openDataRoutes(statistics: StatisticsCache) {
  const app = new Hono<AppEnv>();

  app.get('/donnees', async (c) => {
    const { t, lang } = c.var.ctx;
    const notices = Object.keys(c.req.query())
      .filter((name) => name !== 'lang')
      .map((name) => t('notice.unknownParameter', { name: name.slice(0, 40) }));
    const stats = () => statistics.get(c.var.db);
    const items = CATALOGUE.map((entry) => ({
      name: entry.name,
      title: entry.title[lang],
      description: entry.description[lang],
      filters: entry.filters,
      columns: entry.build(c.var.db, {}, stats).columns,
    }));
    const canonical = `${c.var.config.baseUrl}/donnees`;
    return renderPage(
      c,
      <OpenDataPage
        ctx={c.var.ctx}
        items={items}
        sources={await listSources(c.var.db)}
        notices={notices}
        canonical={canonical}
      />,
    );
  });

  app.get(`/donnees/:file{${EXPORT_PARAM}}`, async (c) => {
    const { id, format } = splitExportName(c.req.param('file'));
    const entry = CATALOGUE.find((e) => e.name === id);
    if (!entry) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    const query = c.req.query();
    delete query.lang;
    const parsed = downloadFilters(query, entry.filters);
    if (!parsed.ok) return c.text(parsed.message, 400);
    return exportResponse(
      entry.build(c.var.db, parsed.filters, () => statistics.get(c.var.db)),
      format,
    );
  });

  return app;
}
