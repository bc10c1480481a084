import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Context, Hono } from 'hono';
import { can, requirePermission } from '../accounts/permissions.ts';
import { receiveUpload, UploadError } from '../admin/upload.ts';
import { listElections } from '../elections/elections.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { renderPage } from '../web/render.ts';
import { checkSecondRoundFile, ResultsError } from './results.service.ts';
import { type ResultsForm, ResultsImportPage, ResultsUploadPage } from './results.views.tsx';
import { checkResultsFileOptions, resultsFileLayout } from './results-file.ts';
import { getResultsImport, queueResultsImport, type ResultsFileKind } from './results-import.jobs.ts';

/** The national results file is a few tens of megabytes. */
const MAX_BYTES = 200_000_000;

type C = Context<AppEnv>;

async function page(c: C, form: ResultsForm, status: 200 | 400 | 413 = 200) {
  const elections = (await listElections(c.var.db)).filter((e) => e.kind !== 'europeennes');
  return renderPage(c, <ResultsUploadPage ctx={c.var.ctx} elections={elections} form={form} />, status);
}

/** The file's kind from its header, once the election and date suit it; else a ResultsError. */
async function kindOf(c: C, path: string, form: ResultsForm): Promise<ResultsFileKind> {
  if (await resultsFileLayout(path)) {
    await checkResultsFileOptions(c.var.db, form.election, form.date || undefined);
    return 'results';
  }
  if (form.date) throw new ResultsError('la date ne s’applique qu’au fichier des résultats');
  await checkSecondRoundFile(c.var.db, path, form.election);
  return 'second-round';
}

function fieldOf(message: string): keyof ResultsForm['errors'] {
  if (message.startsWith('date invalide') || message.startsWith('la date ne')) return 'date';
  if (message.startsWith('les résultats par commune') || message.startsWith('tour ')) return 'election';
  return 'fichier';
}

/**
 * /espace/suivi/resultats: the coordination uploads the Ministère's results by commune (seats
 * won: results-file.ts) or second-round candidate file (importSecondRound), recognised by header;
 * a check first (dry run), then the import, after which the scorecards are refreshed. Both run as a
 * job (results-import.jobs.ts): the page answers with its status page, /espace/suivi/resultats/:id.
 * Uploads are kept in `<uploadDir>/resultats` until their job ends (a directory every instance sees).
 */
export function resultsUploadRoutes({ uploadDir = './data/uploads' }: { uploadDir?: string } = {}) {
  const app = new Hono<AppEnv>();
  const dir = join(uploadDir, 'resultats');

  app.get('/espace/suivi/resultats', requirePermission('followup:manage'), (c) =>
    page(c, { election: 'municipales-2026', date: '', errors: {} }),
  );

  app.post('/espace/suivi/resultats', requirePermission('followup:manage'), async (c) => {
    let upload: Awaited<ReturnType<typeof receiveUpload>>;
    try {
      upload = await receiveUpload(c.req.raw, { dir, fileField: 'fichier', maxBytes: MAX_BYTES });
    } catch (error) {
      if (!(error instanceof UploadError)) throw error;
      return page(c, { election: '', date: '', errors: { fichier: error.message } }, error.status);
    }
    const form: ResultsForm = {
      election: upload.fields.election ?? '',
      date: (upload.fields.date ?? '').trim(),
      errors: {},
    };
    if (!(await listElections(c.var.db)).some((e) => e.id === form.election)) {
      if (upload.file) await rm(upload.file.path, { force: true });
      return page(c, { ...form, errors: { election: 'choisissez une élection de la liste' } }, 400);
    }
    if (!upload.file) return page(c, { ...form, errors: { fichier: 'choisissez le fichier à importer' } }, 400);
    const { path, originalName } = upload.file;
    let kind: ResultsFileKind;
    try {
      kind = await kindOf(c, path, form);
    } catch (error) {
      await rm(path, { force: true });
      if (!(error instanceof ResultsError)) throw error;
      return page(c, { ...form, errors: { [fieldOf(error.message)]: error.message } }, 400);
    }
    const id = await queueResultsImport(c.var.db, c.var.jobs, {
      path,
      fileName: originalName,
      electionId: form.election,
      kind,
      date: form.date || undefined,
      dryRun: upload.fields.action !== 'appliquer',
      actor: c.var.user!.id,
    });
    return c.redirect(`/espace/suivi/resultats/${id}`, 303);
  });

  // Its status, then its summary: for whoever started it, moderators and admins (others: not found).
  app.get('/espace/suivi/resultats/:id', requirePermission('followup:manage'), async (c) => {
    const user = c.var.user!;
    const job = await getResultsImport(c.var.db, c.req.param('id'));
    if (!job || (job.userId !== user.id && !can(user.role, 'followup:moderate'))) return c.notFound();
    const elections = await listElections(c.var.db);
    const electionName = elections.find((e) => e.id === job.electionId)?.name ?? job.electionId;
    c.header('Cache-Control', 'no-store');
    return renderPage(
      c,
      <ResultsImportPage
        ctx={c.var.ctx}
        job={job}
        electionName={electionName}
        autoRefresh={c.req.query('actualiser') !== 'non'}
      />,
    );
  });

  return app;
}
