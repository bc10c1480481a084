import { type Context, Hono } from 'hono';
import { listElections } from '../elections/elections.service.ts';
import { ATOM_CONTENT_TYPE, type AtomEntry, atomFeed } from '../opendata/atom.ts';
import { FORMATS } from '../opendata/dataset.ts';
import { exportResponse } from '../opendata/formats.ts';
import { getCommune, getDepartement } from '../territories/territories.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { NotFoundPage } from '../web/pages.views.tsx';
import { renderPage } from '../web/render.ts';
import { BADGE_CONTENT_TYPE, badgeSvg } from './badge.ts';
import { parseSignatureFilters, toPublicFilters } from './publication.filters.ts';
import {
  badgeData,
  directory,
  getPublicSignature,
  latestSignatures,
  mergedInto,
  type PublicFilters,
  type PublicSignature,
  signatoryTitle,
  signaturesDataset,
} from './publication.service.ts';
import { DIRECTORY_PAGE_SIZE, DirectoryPage, SignaturePage } from './signatories.views.tsx';

type C = Context<AppEnv>;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

function feedEntry(base: string, s: PublicSignature): AtomEntry {
  const url = `${base}/signataires/${s.id}`;
  const where = [s.commune_name, s.election_name].filter(Boolean).join(' — ');
  const signer = `${s.first_name ?? ''} ${s.last_name ?? ''}`.trim();
  const who =
    s.variant === 'list'
      ? signer && `signée par ${signer}` // empty once the signatory deleted their personal data
      : `${s.list_name ? `liste « ${s.list_name} »` : ''}${s.position !== null ? `, position ${s.position}` : ''}`;
  return {
    id: url,
    title: `${signatoryTitle(s)} a signé le Pacte du Logiciel Libre`,
    updated: s.published_at,
    published: s.published_at,
    link: url,
    summary: [where, who, s.comment ? `Réponse : ${s.comment}` : ''].filter(Boolean).join('\n'),
    categories: [
      { term: s.election_id, label: s.election_name },
      ...(s.nuance_code ? [{ term: s.nuance_code, label: s.nuance_label ?? undefined }] : []),
    ],
  };
}

async function feedResponse(c: C, filters: PublicFilters, title: string, alternatePath: string) {
  const base = c.var.config.baseUrl;
  const signatures = await latestSignatures(c.var.db, filters, 50);
  const xml = atomFeed({
    id: `${base}${c.req.path}`,
    title,
    subtitle: 'Les dernières signatures du Pacte du Logiciel Libre vérifiées et publiées.',
    fallbackUpdated: '2026-01-01T00:00:00Z',
    selfUrl: `${base}${c.req.path}`,
    alternateUrl: `${base}${alternatePath}`,
    author: { name: 'Pacte du Logiciel Libre', uri: base },
    lang: 'fr',
    entries: signatures.map((s) => feedEntry(base, s)),
  });
  return c.body(xml, 200, { 'Content-Type': ATOM_CONTENT_TYPE, 'Cache-Control': 'public, max-age=300' });
}

export function signatoryRoutes() {
  const app = new Hono<AppEnv>();
  const notFound = (c: C) => renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);

  app.get('/signataires', async (c) => {
    const { input, errors } = parseSignatureFilters(c.req.query());
    const page = Math.max(1, Math.min(100_000, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
    const [elections, result] = await Promise.all([
      listElections(c.var.db),
      directory(c.var.db, toPublicFilters(input), {
        limit: DIRECTORY_PAGE_SIZE,
        offset: (page - 1) * DIRECTORY_PAGE_SIZE,
      }),
    ]);
    return renderPage(
      c,
      <DirectoryPage
        ctx={c.var.ctx}
        elections={elections}
        input={input}
        errors={errors}
        items={result.items}
        total={result.total}
        page={page}
      />,
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  });

  for (const format of FORMATS) {
    app.get(`/signataires.${format}`, (c) => {
      const { input, errors } = parseSignatureFilters(c.req.query());
      if (Object.keys(errors).length > 0) {
        return c.text(`Filtre invalide : ${Object.values(errors).join(' ; ')}`, 400);
      }
      return exportResponse(signaturesDataset(c.var.db, toPublicFilters(input)), format);
    });
  }

  app.get('/signataires/:id', async (c) => {
    const id = c.req.param('id');
    const signature = ID.test(id) ? await getPublicSignature(c.var.db, id) : undefined;
    if (!signature) {
      // A duplicate merged into another signature: its page moves there.
      const kept = ID.test(id) ? await mergedInto(c.var.db, id) : undefined;
      return kept ? c.redirect(`/signataires/${kept}`, 301) : notFound(c);
    }
    const pageUrl = `${c.var.config.baseUrl}/signataires/${signature.id}`;
    return renderPage(
      c,
      <SignaturePage ctx={c.var.ctx} signature={signature} pageUrl={pageUrl} badgeUrl={`${pageUrl}/badge.svg`} />,
    );
  });

  app.get('/signataires/:id/badge.svg', async (c) => {
    const id = c.req.param('id');
    const signature = ID.test(id) ? await getPublicSignature(c.var.db, id) : undefined;
    if (!signature) return c.text('Signature inconnue', 404);
    return c.body(badgeSvg(badgeData(signature)), 200, {
      'Content-Type': BADGE_CONTENT_TYPE,
      'Cache-Control': 'public, max-age=3600',
      // Meant to be shown on the signatory's own site.
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
  });

  app.get('/flux/signatures.atom', (c) =>
    feedResponse(c, {}, 'Signataires du Pacte du Logiciel Libre', '/signataires'),
  );

  app.get('/flux/departements/:code/signatures.atom', async (c) => {
    const departement = await getDepartement(c.var.db, c.req.param('code').toUpperCase());
    if (!departement) return notFound(c);
    return feedResponse(
      c,
      { departement: departement.code },
      `Signataires du Pacte du Logiciel Libre — ${departement.name} (${departement.code})`,
      `/signataires?departement=${departement.code}`,
    );
  });

  app.get('/flux/communes/:insee/signatures.atom', async (c) => {
    const commune = await getCommune(c.var.db, c.req.param('insee').toUpperCase());
    if (!commune) return notFound(c);
    return feedResponse(
      c,
      { commune: commune.insee },
      `Signataires du Pacte du Logiciel Libre — ${commune.name}`,
      `/communes/${commune.insee}`,
    );
  });

  return app;
}
