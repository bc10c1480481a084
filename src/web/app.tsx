import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { accountRoutes } from '../accounts/accounts.routes.tsx';
import { registrationRoutes } from '../accounts/registration.routes.tsx';
import { sessionMiddleware } from '../accounts/session.middleware.ts';
import { adminRoutes } from '../admin/admin.routes.tsx';
import { ambassadorPublicRoutes } from '../ambassadors/public.routes.tsx';
import { ambassadorWorkspaceRoutes } from '../ambassadors/workspace.routes.tsx';
import { candidateRoutes } from '../candidates/candidates.routes.tsx';
import type { ImportJobs } from '../candidates/import/import.jobs.ts';
import type { Config } from '../config.ts';
import type { Connection } from '../db/connection.ts';
import { listElections } from '../elections/elections.service.ts';
import { followupRoutes } from '../followup/followup.routes.tsx';
import { handleResultsImportJobs } from '../followup/results-import.jobs.ts';
import { followupWorkspaceRoutes } from '../followup/workspace.routes.tsx';
import { JobQueue, jobCounts } from '../jobs/queue.ts';
import { handleMailJobs, queuedMailer } from '../mail/mail.jobs.ts';
import { createMailer, type Mailer } from '../mail/mailer.ts';
import { moderationRoutes } from '../moderation/moderation.routes.tsx';
import { openDataApiRoutes } from '../opendata/api/api.routes.ts';
import { openDataRoutes } from '../opendata/open-data.routes.tsx';
import { listSources } from '../opendata/sources.service.ts';
import { letterRoutes } from '../outreach/letters/letters.routes.tsx';
import { organisationRoutes } from '../outreach/organisations.routes.tsx';
import { responseModerationRoutes } from '../outreach/responses.routes.tsx';
import { outreachSettingsRoutes } from '../outreach/settings.routes.tsx';
import { workspaceRoutes } from '../outreach/workspace.routes.tsx';
import { pledgeRoutes } from '../pledges/pledges.routes.tsx';
import { handleSignatureMailJobs } from '../pledges/signature-mail.jobs.ts';
import { privacyRoutes } from '../privacy/privacy.routes.tsx';
import { statisticsRoutes } from '../statistics/statistics.routes.tsx';
import { StatisticsCache } from '../statistics/statistics.service.ts';
import { campaignSources } from '../statistics/statistics.sources.ts';
import { territoryRoutes } from '../territories/territories.routes.tsx';
import type { AppEnv } from './app-env.ts';
import { csrfProtection } from './csrf.ts';
import { httpCache } from './http-cache.ts';
import { pickLang, translator } from './i18n/index.ts';
import { createImportJobs } from './import-jobs.ts';
import { Metrics } from './metrics.ts';
import { PageCache } from './page-cache.ts';
import { HomePage, NotFoundPage, ServerErrorPage, SourcesPage } from './pages.views.tsx';
import { renderPage } from './render.ts';
import type { RequestEntry } from './request-log.ts';
import { staticRoutes } from './static.ts';

export interface AppDeps {
  connection: Connection;
  config: Config;
  /** Where unexpected errors are reported (stderr by default; tests capture them). */
  logError?: (error: unknown) => void;
  /** Background imports started from /admin/imports (tests pass their own to wait for them). */
  importJobs?: ImportJobs;
  /** Where uploads and rejected-rows reports go (default ./data/uploads, ./data/imports), and the size limit. */
  uploads?: { dir: string; reportDir: string; maxBytes: number };
  /** How emails leave (default: from config — SMTP_URL, else .eml files in config.outboxDir). */
  mailer?: Mailer;
  /** Called once per answered request (`pacte serve` writes it as a structured log line). */
  onRequest?: (entry: RequestEntry) => void;
  /**
   * The background job queue (emails…). `pacte serve` passes one and starts its worker; by default the
   * app makes its own, whose jobs run right after being enqueued by this process.
   */
  jobQueue?: JobQueue;
}

function pathWithoutLang(url: URL): string {
  const params = new URLSearchParams(url.search);
  params.delete('lang');
  const query = params.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

export function createApp({
  connection,
  config,
  logError = console.error,
  importJobs,
  uploads,
  mailer,
  onRequest,
  jobQueue,
}: AppDeps) {
  const metrics = new Metrics();
  const mail = countedMailer(mailer ?? createMailer(config, { logError }), metrics);
  const queue = jobQueue ?? new JobQueue(connection, { logError });
  handleMailJobs(queue, mail);
  handleSignatureMailJobs(queue, connection.db, mail);
  handleResultsImportJobs(queue, connection.db);
  const mailLater = queuedMailer(queue, mail);
  const jobs = importJobs ?? createImportJobs(connection, logError);
  const app = new Hono<AppEnv>();
  const pageCache = new PageCache(connection.dataVersion);

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const ms = performance.now() - started;
    metrics.observe(c.req.method, c.res.status, ms / 1000);
    onRequest?.({ method: c.req.method, path: c.req.path, status: c.res.status, ms });
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
      crossOriginResourcePolicy: 'same-origin',
      // A route may set its own (the « J'ai signé » badge is embedded by other sites: CORP cross-origin).
      overwrite: false,
    }),
  );
  app.use(async (c, next) => {
    const queryLang = c.req.query('lang');
    const lang = pickLang(queryLang, getCookie(c, 'lang'));
    if (queryLang === 'fr' || queryLang === 'en') {
      setCookie(c, 'lang', queryLang, { path: '/', sameSite: 'Lax', maxAge: 31_536_000 });
    }
    c.set('db', connection.db);
    c.set('dialect', connection.dialect);
    c.set('config', config);
    c.set('mailer', mail);
    c.set('mailLater', mailLater);
    c.set('jobs', queue);
    c.set('pageCache', pageCache);
    c.set('ctx', { t: translator(lang), lang, path: pathWithoutLang(new URL(c.req.url)) });
    await next();
  });
  // No URL of the site holds a NUL byte (PostgreSQL refuses one in text): not found, before any query.
  app.use(async (c, next) => {
    if (c.req.url.includes('%00')) return c.notFound();
    await next();
  });
  app.use(sessionMiddleware());
  app.use(csrfProtection());
  app.use(httpCache(connection.dataVersion));

  app.route('/', staticRoutes());

  app.get('/health', async (c) => {
    try {
      await connection.db.selectFrom('settings').select('key').limit(1).execute();
      return c.json({ status: 'ok', database: connection.dialect });
    } catch {
      return c.json({ status: 'error', database: connection.dialect }, 503);
    }
  });

  app.get('/metrics', async (c) => {
    const communes = await connection.db
      .selectFrom('communes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const imports = await connection.db
      .selectFrom('imports')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const queued = await jobCounts(connection);
    c.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    return c.body(
      metrics.render({
        pacte_up: 1,
        pacte_communes: Number(communes.n),
        ...Object.fromEntries(imports.map((r) => [`pacte_imports{status="${r.status}"}`, Number(r.n)])),
        pacte_import_queue_length: jobs.busy ? 1 : 0,
        ...Object.fromEntries(queued.map((r) => [`pacte_jobs{kind="${r.kind}",status="${r.status}"}`, r.n])),
        pacte_job_queue_length: queued.filter((r) => r.status === 'queued').reduce((n, r) => n + r.n, 0),
      }),
    );
  });

  const statistics = new StatisticsCache(connection.dataVersion, campaignSources);
  // The home page ignores its query string: rendered once per data version (and language); while the
  // statistics of a new version are computed, the previous ones are shown, uncached.
  app.get('/', async (c) => {
    const snapshot = await statistics.snapshot(c.var.db);
    const render = async () =>
      renderPage(c, <HomePage ctx={c.var.ctx} elections={await listElections(c.var.db)} stats={snapshot.stats} />);
    if (snapshot.fresh) return c.var.pageCache.page(c, render);
    c.header('Cache-Control', 'no-store');
    return render();
  });
  app.get('/sources', async (c) =>
    renderPage(c, <SourcesPage ctx={c.var.ctx} sources={await listSources(c.var.db)} />),
  );
  app.route('/', privacyRoutes());
  app.route('/', openDataRoutes(statistics));
  app.route('/', territoryRoutes());
  app.route('/', statisticsRoutes(statistics));
  app.route('/', candidateRoutes());
  app.route('/', pledgeRoutes());
  app.route('/', accountRoutes());
  app.route('/', registrationRoutes());
  app.route('/', workspaceRoutes());
  app.route('/', organisationRoutes());
  app.route('/', responseModerationRoutes());
  app.route('/', outreachSettingsRoutes());
  app.route(
    '/',
    adminRoutes({
      jobs,
      uploadDir: uploads?.dir ?? './data/uploads',
      reportDir: uploads?.reportDir ?? './data/imports',
      maxUploadBytes: uploads?.maxBytes ?? 300_000_000,
    }),
  );
  app.route('/', moderationRoutes());
  app.route('/', letterRoutes());
  app.route('/', followupRoutes());
  app.route('/', followupWorkspaceRoutes({ uploadDir: uploads?.dir ?? './data/uploads' }));
  app.route('/', ambassadorPublicRoutes());
  app.route('/', ambassadorWorkspaceRoutes());
  app.route('/api/v1', openDataApiRoutes(statistics));

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) return c.json({ error: 'not_found' }, 404);
    return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
  });
  app.onError((error, c) => {
    logError(error);
    if (c.req.path.startsWith('/api/')) return c.json({ error: 'internal_error' }, 500);
    const ctx = c.var.ctx ?? { t: translator('fr'), lang: 'fr' as const, path: '/' };
    return renderPage(c, <ServerErrorPage ctx={ctx} />, 500);
  });

  return app;
}

/** The mailer, counting what it sends and what fails for /metrics. */
function countedMailer(mailer: Mailer, metrics: Metrics): Mailer {
  return {
    description: mailer.description,
    async send(message) {
      try {
        const sent = await mailer.send(message);
        metrics.observeMail('sent');
        return sent;
      } catch (error) {
        metrics.observeMail('failed');
        throw error;
      }
    },
  };
}
