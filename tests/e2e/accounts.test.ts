// Browser tests of the private pages: login, admin import (upload, progress, result), moderation.
// The real server in-process, driven through Debian's Chromium; axe-core injected in each page.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createUser } from '../../src/accounts/users.service.ts';
import { ImportJobs } from '../../src/candidates/import/import.jobs.ts';
import { loadConfig } from '../../src/config.ts';
import { createTestDatabase, type TestDatabase } from '../../src/testing/databases.ts';
import { createApp } from '../../src/web/app.tsx';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = '/tmp/pacte-shots';
const PASSWORD = 'mot de passe solide';
const FIXTURE = join(
  import.meta.dirname,
  '..',
  '..',
  'src',
  'candidates',
  'import',
  'fixtures',
  'municipales-2026.csv',
);

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    })))`,
  ) as Promise<AxeViolation[]>;
}

async function assertNoViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  const report = violations
    .map(
      (v) =>
        `- ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')}`,
    )
    .join('\n');
  assert.equal(violations.length, 0, `axe-core violations on ${what}:\n${report}`);
}

describe('private pages in a browser', () => {
  let database: TestDatabase;
  let server: ReturnType<typeof serve>;
  let browser: Browser;
  let jobs: ImportJobs;
  let origin = '';
  const dir = mkdtempSync(join(tmpdir(), 'pacte-e2e-accounts-'));
  const serverErrors: unknown[] = [];

  before(async () => {
    database = await createTestDatabase('sqlite');
    await createUser(database.connection.db, { email: 'admin@example.org', role: 'admin', password: PASSWORD });
    let app: ReturnType<typeof createApp> | undefined;
    server = serve({
      fetch: (request) => (app as NonNullable<typeof app>).fetch(request),
      port: 0,
      hostname: '127.0.0.1',
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = loadConfig({ DATABASE_URL: database.url, BASE_URL: origin });
    jobs = new ImportJobs(database.connection, (e) => serverErrors.push(e));
    app = createApp({
      connection: database.connection,
      config,
      logError: (e) => serverErrors.push(e),
      importJobs: jobs,
      uploads: { dir: join(dir, 'uploads'), reportDir: join(dir, 'reports'), maxBytes: 5_000_000 },
    });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await jobs?.idle();
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(serverErrors, [], 'no server error during the browser tests');
  });

  test('login page: accessible, errors announced next to the fields, then signed in', async () => {
    const ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    ctx.on('request', (r) => requests.push(r.url()));
    const page = await ctx.newPage();
    await page.goto(`${origin}/admin/imports`);
    assert.equal(new URL(page.url()).pathname, '/connexion', 'signed out: sent to the login page');
    await assertNoViolations(page, 'the login page');
    await page.screenshot({ path: `${SHOTS}/connexion-desktop.png`, fullPage: true });

    await page.getByLabel('Adresse électronique').fill('admin@example.org');
    await page.getByLabel('Mot de passe').fill('pas le bon');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /Adresse électronique ou mot de passe incorrect/);
    assert.equal(await page.getByLabel('Adresse électronique').inputValue(), 'admin@example.org');
    assert.equal(await page.getByLabel('Mot de passe').inputValue(), '');
    await assertNoViolations(page, 'the login page with an error');
    await page.screenshot({ path: `${SHOTS}/connexion-erreur-desktop.png`, fullPage: true });

    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${origin}/admin/imports`);
    assert.equal(await page.locator('h1').textContent(), 'Imports de fichiers officiels');
    assert.deepEqual(
      requests.filter((u) => !u.startsWith(`${origin}/`)),
      [],
      'no request leaves the server',
    );
    await ctx.close();
  });

  test('admin import page: accessible; upload, live progress, result with the counts', async () => {
    const ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${origin}/connexion?suivant=%2Fadmin%2Fimports`);
    await page.getByLabel('Adresse électronique').fill('admin@example.org');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${origin}/admin/imports`);
    await assertNoViolations(page, 'the admin import page');
    await page.screenshot({ path: `${SHOTS}/admin-imports-desktop.png`, fullPage: true });

    await page.getByLabel('Fichier officiel').setInputFiles(FIXTURE);
    await page.getByRole('button', { name: 'Importer' }).click();
    await page.waitForURL(/\/admin\/imports\/[^/]+\?suivi=auto$/);
    // The page reloads itself (meta refresh) until the import is done.
    await page.locator('dd strong', { hasText: 'terminé' }).waitFor({ timeout: 20_000 });
    const result = (await page.locator('main').textContent()) ?? '';
    assert.match(result, /Lignes lues\s*16/);
    assert.match(result, /Créées\s*\d+/);
    await assertNoViolations(page, 'the import result page');
    await page.screenshot({ path: `${SHOTS}/admin-import-resultat-desktop.png`, fullPage: true });

    await page.goto(`${origin}/admin/imports`);
    assert.equal(await page.locator('table tbody tr').count(), 1, 'the import is listed');
    await assertNoViolations(page, 'the admin import page with an import listed');
    await page.screenshot({ path: `${SHOTS}/admin-imports-liste-desktop.png`, fullPage: true });

    // A file in no known format: the failure and its reason, in French.
    const bad = join(dir, 'autre.csv');
    writeFileSync(bad, 'nom;prénom\nDupont;Jean\n');
    await page.getByLabel('Fichier officiel').setInputFiles(bad);
    await page.getByRole('button', { name: 'Importer' }).click();
    await page.locator('dd strong', { hasText: 'échec' }).waitFor({ timeout: 20_000 });
    assert.match((await page.getByRole('alert').textContent()) ?? '', /format non reconnu/);
    await assertNoViolations(page, 'a failed import');
    await ctx.close();
  });

  test('moderation pages are accessible, on a phone too', async () => {
    const ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 740 } });
    const page = await ctx.newPage();
    await page.goto(`${origin}/connexion?suivant=%2Fmoderation`);
    await page.getByLabel('Adresse électronique').fill('admin@example.org');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${origin}/moderation`);
    const listId = (
      await database.connection.db.selectFrom('lists').select('id').orderBy('id').executeTakeFirstOrThrow()
    ).id;
    for (const [name, path] of [
      ['moderation', '/moderation'],
      ['moderation-listes', `/moderation/listes?commune=${listId.split('.')[1]}`],
      ['moderation-liste', `/moderation/listes/${listId}`],
      ['moderation-doublons', '/moderation/doublons'],
      ['moderation-rne', '/moderation/rne'],
      ['admin', '/admin'],
    ]) {
      await page.goto(`${origin}${path}`);
      await assertNoViolations(page, path);
      const overflow = await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      assert.equal(overflow, 0, `${path} has no horizontal scroll on a phone`);
      await page.screenshot({ path: `${SHOTS}/${name}-phone.png`, fullPage: true });
    }
    // Lock the list with the keyboard only.
    await page.goto(`${origin}/moderation/listes/${listId}`);
    await page.getByRole('button', { name: 'Verrouiller la liste (vérifiée)' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Déverrouiller la liste' }).waitFor();
    await page.getByRole('button', { name: /Se déconnecter/ }).click();
    await page.waitForURL(`${origin}/`);
    await page.goto(`${origin}/moderation`);
    assert.equal(new URL(page.url()).pathname, '/connexion', 'signed out');
    await ctx.close();
  });
});
