import { type Context, Hono } from 'hono';
import { requirePermission } from '../accounts/permissions.ts';
import { listElections } from '../elections/elections.service.ts';
import type { AppEnv } from '../web/app-env.ts';
import { NotFoundPage } from '../web/pages.views.tsx';
import { renderPage } from '../web/render.ts';
import {
  blankPactForm,
  checkPactForm,
  type PactForm,
  type PactFormErrors,
  pactFormFrom,
  readPactForm,
} from './pact-admin.form.ts';
import { PactDocumentsPage, PactFormPage, PactVersionPage } from './pact-admin.views.tsx';
import { addPactVersion, getPactVersion, listPactDocuments, publishPactVersion } from './pact-documents.service.ts';

/** Admins write new versions of the pact (e.g. for législatives) without code: /admin/pactes. */
export function pactAdminRoutes() {
  const app = new Hono<AppEnv>();
  const notFound = (c: Context<AppEnv>) => renderPage(c, <NotFoundPage ctx={c.var.ctx} />, 404);
  app.use('/admin/pactes', requirePermission('admin:access'));
  app.use('/admin/pactes/*', requirePermission('admin:access'));

  const formPage = async (c: Context<AppEnv>, form: PactForm, errors: PactFormErrors = {}) =>
    renderPage(
      c,
      <PactFormPage ctx={c.var.ctx} form={form} errors={errors} elections={await listElections(c.var.db)} />,
      Object.keys(errors).length ? 400 : 200,
    );

  app.get('/admin/pactes', async (c) =>
    renderPage(
      c,
      <PactDocumentsPage
        ctx={c.var.ctx}
        documents={await listPactDocuments(c.var.db)}
        added={c.req.query('ajoutee') || undefined}
      />,
    ),
  );

  app.get('/admin/pactes/nouvelle', async (c) => {
    const from = /^([a-z0-9-]+):(\d+)$/.exec(c.req.query('depuis') ?? '');
    if (!from) return formPage(c, blankPactForm());
    const pact = await getPactVersion(c.var.db, from[1] as string, Number(from[2]));
    return pact ? formPage(c, pactFormFrom(pact)) : notFound(c);
  });

  app.post('/admin/pactes/nouvelle', async (c) => {
    const form = readPactForm(await c.req.parseBody({ all: true }));
    const known = (await listElections(c.var.db)).map((e) => e.id);
    const checked = checkPactForm(form, known);
    if (!checked.ok) return formPage(c, form, checked.errors);
    const stored = await addPactVersion(c.var.db, form.documentId, checked.version, { elections: form.elections });
    return c.redirect(`/admin/pactes?ajoutee=${encodeURIComponent(`${stored.id}, version ${stored.version}`)}`, 303);
  });

  app.get('/admin/pactes/:id/:version{[0-9]+}', async (c) => {
    const pact = await getPactVersion(c.var.db, c.req.param('id'), Number(c.req.param('version')));
    return pact ? renderPage(c, <PactVersionPage ctx={c.var.ctx} pact={pact} />) : notFound(c);
  });

  app.post('/admin/pactes/:id/:version{[0-9]+}/publier', async (c) => {
    const id = c.req.param('id');
    const version = Number(c.req.param('version'));
    if (!(await publishPactVersion(c.var.db, id, version))) return notFound(c);
    return c.redirect(`/admin/pactes?ajoutee=${encodeURIComponent(`${id}, version ${version} publiée`)}`, 303);
  });

  return app;
}
