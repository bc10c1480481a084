import { createReadStream, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { type Context, Hono } from 'hono';
import { requirePermission } from '../accounts/permissions.ts';
import type { ImportJobs } from '../candidates/import/import.jobs.ts';
import { getImport, listImports } from '../candidates/import/imports.queries.ts';
import { listElections } from '../elections/elections.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { NotFoundPage } from '../web/pages.views.tsx';
import { renderPage } from '../web/render.ts';
import { AdminHomePage, ImportPage, ImportsPage, type UploadForm } from './admin.views.tsx';
import { formatBytes, receiveUpload, UploadError } from './upload.ts';

export interface AdminOptions {
  jobs: ImportJobs;
  /** Where uploaded files are stored under random names. */
  uploadDir: string;
  /** Where the rejected-rows reports are written. */
  reportDir: string;
  maxUploadBytes: number;
}

/** A running import whose process gave no news for this long is shown as interrupted. */
const STALE_MS = 15 * 60_000;

export function adminRoutes(options: AdminOptions) {
  const app = new Hono<AppEnv>();

  const importsPage = async (c: Context<AppEnv>, form: UploadForm, status: 200 | 400 | 409 | 413 = 200) => {
    const [elections, imports] = await Promise.all([listElections(c.var.db), listImports(c.var.db)]);
    return renderPage(
      c,
      <ImportsPage
        ctx={c.var.ctx}
        elections={elections}
        imports={imports}
        form={form}
        maxSize={formatBytes(options.maxUploadBytes)}
      />,
      status,
    );
  };

  app.get('/admin', requirePermission('admin:access'), (c) => renderPage(c, <AdminHomePage ctx={c.var.ctx} />));

  app.get('/admin/imports', requirePermission('import:run'), (c) => importsPage(c, { electionId: '', dryRun: false }));

  app.post('/admin/imports', requirePermission('import:run'), async (c) => {
    const busy = 'un import est déjà en cours : attendez qu’il se termine avant d’en lancer un autre';
    if (options.jobs.busy) return importsPage(c, { electionId: '', dryRun: false, error: busy }, 409);
    let upload: Awaited<ReturnType<typeof receiveUpload>>;
    try {
      upload = await receiveUpload(c.req.raw, {
        dir: options.uploadDir,
        fileField: 'fichier',
        maxBytes: options.maxUploadBytes,
      });
    } catch (error) {
      if (!(error instanceof UploadError)) throw error;
      return importsPage(c, { electionId: '', dryRun: false, error: error.message }, error.status);
    }
    const form: UploadForm = { electionId: upload.fields.election ?? '', dryRun: upload.fields.essai === '1' };
    const elections = await listElections(c.var.db);
    if (form.electionId && !elections.some((e) => e.id === form.electionId)) {
      if (upload.file) await rm(upload.file.path, { force: true });
      return importsPage(c, { ...form, error: `élection inconnue : « ${form.electionId} »` }, 400);
    }
    if (!upload.file) return importsPage(c, { ...form, error: 'choisissez le fichier à importer' }, 400);
    const id = await options.jobs.start({
      path: upload.file.path,
      fileName: upload.file.originalName,
      electionId: form.electionId || undefined,
      dryRun: form.dryRun,
      actor: c.var.user?.id ?? 'web',
      reportDir: options.reportDir,
    });
    if (!id) {
      await rm(upload.file.path, { force: true });
      return importsPage(c, { ...form, error: busy }, 409);
    }
    return c.redirect(`/admin/imports/${encodeURIComponent(id)}?suivi=auto`, 303);
  });

  app.get('/admin/imports/:id', requirePermission('import:run'), async (c) => {
    const row = await getImport(c.var.db, c.req.param('id'));
    if (!row) return renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
    const live = options.jobs.progressOf(row.id);
    const lastNews = Date.parse(row.progress_at ?? row.started_at);
    const interrupted = row.status === 'running' && live === undefined && Date.now() - lastNews > STALE_MS;
    return renderPage(
      c,
      <ImportPage
        ctx={c.var.ctx}
        row={row}
        progressRows={Math.max(live ?? 0, Number(row.progress_rows))}
        interrupted={interrupted}
        follow={c.req.query('suivi') === 'auto'}
      />,
    );
  });

  app.get('/admin/imports/:id/rejets.csv', requirePermission('import:run'), async (c) => {
    const row = await getImport(c.var.db, c.req.param('id'));
    if (!row?.report_path || !existsSync(row.report_path)) {
      return renderPage(
        c,
        <NotFoundPage ctx={c.var.ctx} message="Aucun rapport de lignes rejetées pour cet import." />,
        404,
      );
    }
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="import-${row.id}-rejets.csv"`);
    return c.body(Readable.toWeb(createReadStream(row.report_path)) as ReadableStream);
  });

  return app;
}
