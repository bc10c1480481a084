// Browser tests of the private pages: login, admin import (upload, progress, result), moderation.
// The real server in-process, driven through Debian's Chromium; axe-core injected in each page.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createUser } from '../../src/accounts/users.service.ts';
import { MUNICIPALES_2026_FIXTURE } from '../../src/candidates/import/fixtures/paths.ts';
import { ImportJobs } from '../../src/candidates/import/import.jobs.ts';
import {
  assertNoAxeViolations,
  launchChromium,
  SHOTS_DIR,
  saveScreenshot,
  signIn,
  startTestServer,
  type TestServer,
} from '../../src/testing/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../src/testing/databases.ts';

const SHOTS = SHOTS_DIR;
const PASSWORD = 'mot de passe solide';

describe('private pages in a browser', () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let jobs: ImportJobs;
  let origin = '';
  const dir = mkdtempSync(join(tmpdir(), 'pacte-e2e-accounts-'));

  before(async () => {
    database = await createTestDatabase('sqlite');
    await createUser(database.connection.db, { email: 'admin@example.org', role: 'admin', password: PASSWORD });
    jobs = new ImportJobs(database.connection, (e) => server.errors.push(e));
    server = await startTestServer(database, {
      importJobs: jobs,
      uploads: { dir: join(dir, 'uploads'), reportDir: join(dir, 'reports'), maxBytes: 5_000_000 },
    });
    origin = server.origin;
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await jobs?.idle();
    await browser?.close();
    await server?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(server?.errors, [], 'no server error during the browser tests');
  });

  test('login page: accessible, errors announced next to the fields, then signed in', async () => {
    const ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    ctx.on('request', (r) => requests.push(r.url()));
    const page = await ctx.newPage();
    await page.goto(`${origin}/admin/imports`);
    assert.equal(new URL(page.url()).pathname, '/connexion', 'signed out: sent to the login page');
    await assertNoAxeViolations(page, 'the login page');
    await saveScreenshot(page, { path: `${SHOTS}/connexion-desktop.png`, fullPage: true });

    await page.getByLabel('Adresse électronique').fill('admin@example.org');
    await page.getByLabel('Mot de passe').fill('pas le bon');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /Adresse électronique ou mot de passe incorrect/);
    assert.equal(await page.getByLabel('Adresse électronique').inputValue(), 'admin@example.org');
    assert.equal(await page.getByLabel('Mot de passe').inputValue(), '');
    await assertNoAxeViolations(page, 'the login page with an error');
    await saveScreenshot(page, { path: `${SHOTS}/connexion-erreur-desktop.png`, fullPage: true });

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
    await signIn(page, origin, 'admin@example.org', PASSWORD, '/admin/imports');
    await page.waitForURL(`${origin}/admin/imports`);
    await assertNoAxeViolations(page, 'the admin import page');
    await saveScreenshot(page, { path: `${SHOTS}/admin-imports-desktop.png`, fullPage: true });

    await page.getByLabel('Fichier officiel').setInputFiles(MUNICIPALES_2026_FIXTURE);
    await page.getByRole('button', { name: 'Importer' }).click();
    await page.waitForURL(/\/admin\/imports\/[^/]+\?suivi=auto$/);
    // The page reloads itself (meta refresh) until the import is done.
    await page.locator('dd strong', { hasText: 'terminé' }).waitFor({ timeout: 20_000 });
    const result = (await page.locator('main').textContent()) ?? '';
    assert.match(result, /Lignes lues\s*16/);
    assert.match(result, /Créées\s*\d+/);
    await assertNoAxeViolations(page, 'the import result page');
    await saveScreenshot(page, { path: `${SHOTS}/admin-import-resultat-desktop.png`, fullPage: true });

    await page.goto(`${origin}/admin/imports`);
    assert.equal(await page.locator('table tbody tr').count(), 1, 'the import is listed');
    await assertNoAxeViolations(page, 'the admin import page with an import listed');
    await saveScreenshot(page, { path: `${SHOTS}/admin-imports-liste-desktop.png`, fullPage: true });

    // A file in no known format: the failure and its reason, in French.
    const bad = join(dir, 'autre.csv');
    writeFileSync(bad, 'nom;prénom\nDupont;Jean\n');
    await page.getByLabel('Fichier officiel').setInputFiles(bad);
    await page.getByRole('button', { name: 'Importer' }).click();
    await page.locator('dd strong', { hasText: 'échec' }).waitFor({ timeout: 20_000 });
    assert.match((await page.getByRole('alert').textContent()) ?? '', /format non reconnu/);
    await assertNoAxeViolations(page, 'a failed import');
    await ctx.close();
  });

  test('moderation pages are accessible, on a phone too', async () => {
    const ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 740 } });
    const page = await ctx.newPage();
    await signIn(page, origin, 'admin@example.org', PASSWORD, '/moderation');
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
      await assertNoAxeViolations(page, path);
      const overflow = await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      assert.equal(overflow, 0, `${path} has no horizontal scroll on a phone`);
      await saveScreenshot(page, { path: `${SHOTS}/${name}-phone.png`, fullPage: true });
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
