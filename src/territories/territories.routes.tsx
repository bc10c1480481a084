import { Hono } from 'hono';
import { ballotsForCommune } from '../candidates/candidates.service.ts';
import { communeMandates } from '../candidates/mandates.service.ts';
import { provenanceOfCommune, provenanceOfDepartement } from '../candidates/provenance.service.ts';
import { listElections } from '../elections/elections.service.ts';
import { scorecardsOfCommune } from '../followup/scorecards.service.ts';
import { candidaciesDataset } from '../opendata/datasets.ts';
import { EXPORT_PARAM, exportResponse, splitExportName } from '../opendata/formats.ts';
import { getSource } from '../opendata/sources.service.ts';
import { signaturesOfCommune } from '../pledges/publication.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { NotFoundPage } from '../web/pages.views.tsx';
import { renderPage } from '../web/render.ts';
import { getCommune, getDepartement, searchCommunes, TERRITORIES_SOURCE } from './territories.service.ts';
import { CommunePage, DepartementPage, SearchPage } from './territories.views.tsx';

export function territoryRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/recherche', async (c) => {
    const q = c.req.query('q');
    const outcome = q === undefined ? undefined : await searchCommunes(c.var.db, q);
    return renderPage(c, <SearchPage ctx={c.var.ctx} outcome={outcome} />);
  });

  // The lists and candidacies of a commune as CSV, ODS or JSON (before /communes/:insee).
  app.get(`/communes/:file{${EXPORT_PARAM}}`, async (c) => {
    const { id, format } = splitExportName(c.req.param('file'));
    const commune = await getCommune(c.var.db, id.toUpperCase());
    if (!commune) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    return exportResponse(candidaciesDataset(c.var.db, { commune: commune.insee }), format);
  });

  // Cached whole: only a rendered 200 page is kept; 404s and redirects are computed each time.
  // `c.var` copies every variable at each use: read once.
  app.get('/communes/:insee', (c) =>
    c.get('pageCache').page(c, async () => {
      const { db, ctx, config } = c.var;
      const insee = c.req.param('insee');
      // Six queries compiled once, asked for together with the code as written (PostgreSQL: one round
      // trip, db/pg-batch.ts); elections, sources and imports are read once per data version. A code
      // not found as written (2a004) is looked up in capitals for a redirect, or a 404.
      const [commune, elections, ballots, mandates, signatures, followup, territories] = await Promise.all([
        getCommune(db, insee),
        listElections(db),
        ballotsForCommune(db, insee),
        communeMandates(db, insee),
        signaturesOfCommune(db, insee),
        scorecardsOfCommune(db, insee),
        getSource(db, TERRITORIES_SOURCE),
      ]);
      if (!commune) {
        const found = await getCommune(db, insee.toUpperCase());
        if (found) return c.redirect(`/communes/${found.insee}`, 301);
        const message = ctx.t('error.commune404', { code: insee.slice(0, 20) });
        return renderPage(c, <NotFoundPage ctx={ctx} message={message} />, 404);
      }
      const provenance = await provenanceOfCommune(db, ballots, mandates.importIds);
      const canonical = `${config.baseUrl}/communes/${commune.insee}`;
      // A string already (decision 0028): called directly, without a JSX node around it.
      return renderPage(
        c,
        CommunePage({
          ctx,
          commune,
          elections,
          ballots,
          mandates,
          signatures,
          provenance,
          territories,
          canonical,
          followup,
        }),
      );
    }),
  );

  app.get('/departements/:code', async (c) => {
    const departement = await getDepartement(c.var.db, c.req.param('code'));
    if (!departement) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    if (departement.code !== c.req.param('code')) return c.redirect(`/departements/${departement.code}`, 301);
    const canonical = `${c.var.config.baseUrl}/departements/${departement.code}`;
    const [provenance, territories] = await Promise.all([
      provenanceOfDepartement(c.var.db, departement.code),
      getSource(c.var.db, TERRITORIES_SOURCE),
    ]);
    return renderPage(
      c,
      <DepartementPage
        ctx={c.var.ctx}
        departement={departement}
        provenance={provenance}
        territories={territories}
        canonical={canonical}
      />,
    );
  });

  return app;
}

export function territoryApiRoutes() {
  const api = new Hono<AppEnv>();

  api.get('/communes', async (c) => {
    const outcome = await searchCommunes(c.var.db, c.req.query('q') ?? '');
    if (outcome.status === 'too_short') {
      return c.json({ query: outcome.query, results: [], message: c.var.ctx.t('search.tooShort') });
    }
    return c.json({ query: outcome.query, results: outcome.results });
  });

  api.get('/communes/:insee', async (c) => {
    const commune = await getCommune(c.var.db, c.req.param('insee').toUpperCase());
    if (!commune) return c.json({ error: 'not_found', message: 'Commune inconnue' }, 404);
    const { parent, ...rest } = commune;
    return c.json({ ...rest, parent: parent ? { insee: parent.insee, name: parent.name } : null });
  });

  return api;
}
