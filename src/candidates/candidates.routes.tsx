import { type Context, Hono } from 'hono';
import { listElections } from '../elections/elections.service.ts';
import { candidaciesDataset } from '../opendata/datasets.ts';
import { EXPORT_PARAM, exportResponse, splitExportName } from '../opendata/formats.ts';
import { publishedResponsesOfList } from '../outreach/contacts.service.ts';
import { signaturesOfList, signaturesOfPerson } from '../pledges/publication.service.ts';
import { getDepartement } from '../territories/territories.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { NotFoundPage } from '../web/pages.views.tsx';
import { renderPage } from '../web/render.ts';
import {
  ballotsForCirconscription,
  electionCounts,
  getList,
  getPerson,
  nationalBallots,
} from './candidates.service.ts';
import { CirconscriptionPage, ElectionPage, ListPage, PersonPage } from './candidates.views.tsx';
import { mandatesOfPerson } from './mandates.service.ts';
import { provenanceOfBallots, provenanceOfList, provenanceOfPerson } from './provenance.service.ts';

const ABROAD = { code: '99', name: 'Français établis hors de France' };

export function candidateRoutes() {
  const app = new Hono<AppEnv>();
  const notFound = (c: Context<AppEnv>) => renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);

  // The members of a list as CSV, ODS or JSON (before /listes/:id, which would take "ID.csv" as an id).
  app.get(`/listes/:file{${EXPORT_PARAM}}`, async (c) => {
    const { id, format } = splitExportName(c.req.param('file'));
    const list = await getList(c.var.db, id);
    if (!list) return notFound(c);
    return exportResponse(candidaciesDataset(c.var.db, { list: list.id }), format);
  });

  app.get('/listes/:id', async (c) => {
    const list = await getList(c.var.db, c.req.param('id'));
    if (!list) return notFound(c);
    const [signatures, provenance, responses] = await Promise.all([
      signaturesOfList(c.var.db, list.id),
      provenanceOfList(c.var.db, list.id),
      publishedResponsesOfList(c.var.db, list.id),
    ]);
    return renderPage(
      c,
      <ListPage
        ctx={c.var.ctx}
        list={list}
        signatures={signatures}
        responses={responses}
        provenance={provenance}
        canonical={`${c.var.config.baseUrl}/listes/${list.id}`}
      />,
    );
  });

  app.get('/personnes/:id', async (c) => {
    const details = await getPerson(c.var.db, c.req.param('id'));
    if (!details) return notFound(c);
    if ('redirectTo' in details) return c.redirect(`/personnes/${details.redirectTo}`, 301);
    const canonical = `${c.var.config.baseUrl}/personnes/${details.person.id}`;
    const listIds = details.candidacies.flatMap((candidacy) => (candidacy.list_id ? [candidacy.list_id] : []));
    const [mandates, signatures, provenance] = await Promise.all([
      mandatesOfPerson(c.var.db, details.person.id),
      signaturesOfPerson(c.var.db, details.person.id, listIds),
      provenanceOfPerson(c.var.db, details.person.id),
    ]);
    return renderPage(
      c,
      <PersonPage
        ctx={c.var.ctx}
        details={details}
        mandates={mandates}
        signatures={signatures}
        provenance={provenance}
        canonical={canonical}
      />,
    );
  });

  app.get('/circonscriptions/:id', async (c) => {
    const id = c.req.param('id').toUpperCase();
    const match = /^([0-9]{2,3}|2[AB]|ZZ)-([0-9]{2})$/.exec(id);
    const code = match?.[1] ?? '';
    // The 11 circonscriptions of the French abroad have no département: INSEE's code 99 stands for it.
    const departement = code === '99' ? ABROAD : match ? await getDepartement(c.var.db, code) : undefined;
    if (!match || !departement) return notFound(c);
    const [ballots, elections] = await Promise.all([ballotsForCirconscription(c.var.db, id), listElections(c.var.db)]);
    const provenance = await provenanceOfBallots(
      c.var.db,
      ballots.map((b) => b.id),
    );
    const named = ballots.map((b) => ({
      ...b,
      election_name: elections.find((e) => e.id === b.election_id)?.name ?? b.election_id,
    }));
    const canonical = `${c.var.config.baseUrl}/circonscriptions/${id}`;
    return renderPage(
      c,
      <CirconscriptionPage
        ctx={c.var.ctx}
        id={id}
        departement={departement}
        ballots={named}
        provenance={provenance}
        canonical={canonical}
      />,
    );
  });

  app.get('/elections/:election', async (c) => {
    const election = (await listElections(c.var.db)).find((e) => e.id === c.req.param('election'));
    if (!election) return notFound(c);
    const [counts, ballots] = await Promise.all([
      electionCounts(c.var.db, election.id),
      election.scope === 'national' ? nationalBallots(c.var.db, election.id) : [],
    ]);
    return renderPage(c, <ElectionPage ctx={c.var.ctx} election={election} counts={counts} ballots={ballots} />);
  });

  return app;
}
