import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Context, Hono } from 'hono';
import { requirePermission } from '../accounts/permissions.ts';
import { receiveUpload, UploadError } from '../admin/upload.ts';
import { listElections } from '../elections/elections.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { renderPage } from '../web/render.ts';
import { importSecondRound, ResultsError } from './results.service.ts';
import { type ResultsForm, type ResultsOutcome, ResultsUploadPage } from './results.views.tsx';
import { importResultsFile, resultsFileLayout } from './results-file.ts';
import { refreshScorecards } from './scorecards.service.ts';

/** The national results file is a few tens of megabytes. */
const MAX_BYTES = 200_000_000;
const UPLOAD_DIR = join(tmpdir(), 'pacte-resultats');

type C = Context<AppEnv>;

async function page(c: C, form: ResultsForm, outcome?: ResultsOutcome, status: 200 | 400 | 413 = 200) {
  const elections = (await listElections(c.var.db)).filter((e) => e.kind !== 'europeennes');
  return renderPage(
    c,
    <ResultsUploadPage ctx={c.var.ctx} elections={elections} form={form} outcome={outcome} />,
    status,
  );
}

/**
 * /espace/suivi/resultats: the coordination uploads the Ministère's results by commune (seats
 * won: results-file.ts) or second-round candidate file (importSecondRound), recognised by header;
 * a check first (dry run), then the import, after which the scorecards are refreshed.
 */
export function resultsUploadRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/espace/suivi/resultats', requirePermission('followup:manage'), (c) =>
    page(c, { election: 'municipales-2026', date: '', errors: {} }),
  );

  app.post('/espace/suivi/resultats', requirePermission('followup:manage'), async (c) => {
    let upload: Awaited<ReturnType<typeof receiveUpload>>;
    try {
      upload = await receiveUpload(c.req.raw, { dir: UPLOAD_DIR, fileField: 'fichier', maxBytes: MAX_BYTES });
    } catch (error) {
      if (!(error instanceof UploadError)) throw error;
      return page(c, { election: '', date: '', errors: { fichier: error.message } }, undefined, error.status);
    }
    const form: ResultsForm = {
      election: upload.fields.election ?? '',
      date: (upload.fields.date ?? '').trim(),
      errors: {},
    };
    if (!(await listElections(c.var.db)).some((e) => e.id === form.election)) {
      if (upload.file) await rm(upload.file.path, { force: true });
      return page(c, { ...form, errors: { election: 'choisissez une élection de la liste' } }, undefined, 400);
    }
    if (!upload.file)
      return page(c, { ...form, errors: { fichier: 'choisissez le fichier à importer' } }, undefined, 400);
    const dryRun = upload.fields.action !== 'appliquer';
    const actor = c.var.user!.id;
    const path = upload.file.path;
    try {
      let outcome: ResultsOutcome;
      if (await resultsFileLayout(path)) {
        const summary = await importResultsFile(c.var.db, path, {
          electionId: form.election,
          date: form.date || undefined,
          dryRun,
          actor,
          fileName: upload.file.originalName,
        });
        const scorecards = dryRun ? undefined : await refreshScorecards(c.var.db, form.election, { actor });
        outcome = { kind: 'results', summary, scorecards };
      } else {
        if (form.date) {
          return page(
            c,
            { ...form, errors: { date: 'la date ne s’applique qu’au fichier des résultats' } },
            undefined,
            400,
          );
        }
        outcome = {
          kind: 'second-round',
          summary: await importSecondRound(c.var.db, path, {
            electionId: form.election,
            dryRun,
            actor,
            fileName: upload.file.originalName,
          }),
        };
      }
      return page(c, form, outcome);
    } catch (error) {
      if (!(error instanceof ResultsError)) throw error;
      const key = error.message.startsWith('date invalide')
        ? 'date'
        : error.message.startsWith('les résultats par commune')
          ? 'election'
          : 'fichier';
      return page(c, { ...form, errors: { [key]: error.message } }, undefined, 400);
    } finally {
      await rm(path, { force: true });
    }
  });

  return app;
}
