import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { etag, RETAINED_304_HEADERS } from 'hono/etag';
import type { z } from 'zod';
import * as catalogue from '../../candidates/catalogue.queries.ts';
import { getElection, listElections } from '../../elections/elections.service.ts';
import { directory } from '../../pledges/publication.service.ts';
import type { StatisticsCache } from '../../statistics/statistics.service.ts';
import { territoryApiRoutes } from '../../territories/territories.routes.tsx';
import type { AppEnv } from '../../web/app-env.ts';
import { openApiDocument } from './openapi.ts';
import {
  ballotsQuery,
  candidaciesQuery,
  entityId,
  frenchError,
  listsQuery,
  signaturesQuery,
  statisticsQuery,
} from './params.ts';
import { statisticsBody } from './statistics.body.ts';

// The public JSON API (/api/v1): thin handlers over the domain services. Every answer may be
// cached for a minute, carries an ETag (hash of the body; If-None-Match → 304) and may be read
// from any origin (CORS, GET only).

type C = Context<AppEnv>;

function invalid(c: C, message: string) {
  return c.json({ error: 'invalid_parameter', message }, 400);
}

function notFound(c: C, message: string) {
  return c.json({ error: 'not_found', message }, 404);
}

function parseQuery<S extends z.ZodType>(
  c: C,
  schema: S,
): { ok: true; value: z.output<S> } | { ok: false; message: string } {
  const outcome = schema.safeParse(c.req.query());
  return outcome.success ? { ok: true, value: outcome.data } : { ok: false, message: frenchError(outcome.error) };
}

function validId(id: string): boolean {
  return entityId.safeParse(id).success;
}

/** `{ items, total, limit, offset, next }`; `next` is the URL of the following page, or null. */
function paginated<T>(c: C, result: { items: T[]; total: number }, page: { limit: number; offset: number }) {
  let next: string | null = null;
  if (page.offset + page.limit < result.total) {
    const url = new URL(c.req.url);
    url.searchParams.set('offset', String(page.offset + page.limit));
    url.searchParams.set('limit', String(page.limit));
    next = `${c.var.config.baseUrl}${url.pathname}?${url.searchParams}`;
  }
  return c.json({ items: result.items, total: result.total, limit: page.limit, offset: page.offset, next });
}

/** Query parameters of the routes that have no zod schema; undefined for the others. */
function plainRouteParameters(path: string): string[] | undefined {
  const route = path.replace(/^\/api\/v1/, '');
  if (route === '/communes') return ['q'];
  if (route === '/openapi.json' || route === '/elections') return [];
  if (/^\/(communes|elections|ballots|lists|people)\/[^/]+$/.test(route)) return [];
  return undefined;
}

export function openDataApiRoutes(statistics?: StatisticsCache) {
  const api = new Hono<AppEnv>();

  api.use(cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], maxAge: 86_400 }));
  api.use(etag({ retainedHeaders: [...RETAINED_304_HEADERS, 'access-control-allow-origin'] }));
  api.use(async (c, next) => {
    await next();
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && c.res.status === 200) {
      c.res.headers.set('Cache-Control', 'public, max-age=60');
    }
  });

  // Routes without a zod schema of their query: a parameter they do not know is refused all the same.
  api.use(async (c, next) => {
    const allowed = plainRouteParameters(c.req.path);
    const unknown = allowed ? Object.keys(c.req.query()).filter((k) => !allowed.includes(k)) : [];
    if (unknown.length > 0) {
      const names = unknown.map((k) => `« ${k.slice(0, 40).replace(/[<>&"]/g, '')} »`).join(', ');
      return invalid(c, `Paramètre inconnu : ${names}`);
    }
    await next();
  });

  api.get('/openapi.json', (c) => c.json(openApiDocument));

  api.route('/', territoryApiRoutes());

  api.get('/elections', async (c) => {
    const items = await listElections(c.var.db);
    return c.json({ items, total: items.length });
  });

  api.get('/elections/:id', async (c) => {
    const id = c.req.param('id');
    const election = validId(id) ? await getElection(c.var.db, id) : undefined;
    if (!election) return notFound(c, 'Élection inconnue');
    return c.json(election);
  });

  api.get('/ballots', async (c) => {
    const query = parseQuery(c, ballotsQuery);
    if (!query.ok) return invalid(c, query.message);
    const { limit, offset, ...filter } = query.value;
    return paginated(c, await catalogue.pageOfBallots(c.var.db, filter, { limit, offset }), { limit, offset });
  });

  api.get('/ballots/:id', async (c) => {
    const id = c.req.param('id');
    const ballot = validId(id) ? await catalogue.getBallotRow(c.var.db, id) : undefined;
    if (!ballot) return notFound(c, 'Scrutin inconnu');
    const [lists, candidates] = await Promise.all([
      catalogue.listsOfBallot(c.var.db, id),
      catalogue.allCandidacies(c.var.db, { ballot: id, individualOnly: true }),
    ]);
    return c.json({ ...ballot, lists, candidates });
  });

  api.get('/lists', async (c) => {
    const query = parseQuery(c, listsQuery);
    if (!query.ok) return invalid(c, query.message);
    const { limit, offset, ...filter } = query.value;
    return paginated(c, await catalogue.pageOfLists(c.var.db, filter, { limit, offset }), { limit, offset });
  });

  api.get('/lists/:id', async (c) => {
    const id = c.req.param('id');
    const list = validId(id) ? await catalogue.getListRow(c.var.db, id) : undefined;
    if (!list) return notFound(c, 'Liste inconnue');
    const members = await catalogue.allCandidacies(c.var.db, { list: id });
    return c.json({ ...list, members });
  });

  api.get('/candidacies', async (c) => {
    const query = parseQuery(c, candidaciesQuery);
    if (!query.ok) return invalid(c, query.message);
    const { limit, offset, ...filter } = query.value;
    return paginated(c, await catalogue.pageOfCandidacies(c.var.db, filter, { limit, offset }), { limit, offset });
  });

  api.get('/people/:id', async (c) => {
    const id = c.req.param('id');
    const found = validId(id) ? await catalogue.getPublicPerson(c.var.db, id) : undefined;
    if (!found) return notFound(c, 'Personne inconnue');
    if ('redirectTo' in found && found.redirectTo)
      return c.redirect(`/api/v1/people/${encodeURIComponent(found.redirectTo)}`, 301);
    if (!('person' in found)) return notFound(c, 'Personne inconnue');
    return c.json(found.person);
  });

  // Published signatures only, through the public projection of pledges/publication.service.ts.
  api.get('/signatures', async (c) => {
    const query = parseQuery(c, signaturesQuery);
    if (!query.ok) return invalid(c, query.message);
    const { limit, offset, reponse, ...filters } = query.value;
    const result = await directory(c.var.db, { ...filters, answer: reponse }, { limit, offset });
    return paginated(c, result, { limit, offset });
  });

  if (statistics) {
    api.get('/statistics', async (c) => {
      const query = parseQuery(c, statisticsQuery);
      if (!query.ok) return invalid(c, query.message);
      const stats = await statistics.get(c.var.db, query.value.election);
      if (!stats.election) return notFound(c, 'Élection inconnue');
      return c.json(statisticsBody(stats));
    });
  }

  return api;
}
