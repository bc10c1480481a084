// The results import of the coordination in a real browser: the upload page, then the import's status
// page, which waits (« en attente », reloaded every 2 s by a meta refresh, no script) until the job
// queue has run the import, then shows its summary and rejected lines. axe-core on each page.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { PASSWORD, seedFollowup } from '../../src/followup/followup.fixtures.ts';
import { JobQueue } from '../../src/jobs/queue.ts';
import {
  assertNoAxeViolations,
  axeViolations,
  launchChromium,
  SHOTS_DIR,
  saveScreenshot,
  signIn,
  startTestServer,
  type TestServer,
} from '../../src/testing/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../src/testing/databases.ts';

const FIXTURE = join(
  import.meta.dirname,
  '..',
  '..',
  'src',
  'followup',
  'fixtures',
  'municipales-2026-resultats-communes-2026-03-20.csv',
);

describe('the results import in a browser', () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let queue: JobQueue;
  const uploads = mkdtempSync(join(tmpdir(), 'pacte-resultats-e2e-'));

  before(async () => {
    database = await createTestDatabase('sqlite');
    await seedFollowup(database.connection);
    // No loop of its own: the import waits until the test drains the queue.
    queue = new JobQueue(database.connection, { concurrency: 0 });
    server = await startTestServer(database, {
      jobQueue: queue,
      uploads: { dir: uploads, reportDir: join(uploads, 'rapports'), maxBytes: 1_000_000 },
    });
    browser = await launchChromium();
    mkdirSync(SHOTS_DIR, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
    rmSync(uploads, { recursive: true, force: true });
    assert.deepEqual(server?.errors ?? [], [], 'no server error');
  });

  test('upload, status page waiting then finished with its rejected lines: zero axe-core violations', async () => {
    const ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, server.origin, 'coordination@example.org', PASSWORD, '/espace/suivi/resultats');
    await page.waitForURL(`${server.origin}/espace/suivi/resultats`);
    await assertNoAxeViolations(page, 'the upload page');
    await page.getByLabel('Fichier du ministère (CSV)').setInputFiles(FIXTURE);
    await page.getByRole('button', { name: 'Vérifier (rien n’est enregistré)' }).click();
    await page.waitForURL(/\/espace\/suivi\/resultats\/[\w-]+$/);
    assert.match((await page.locator('h1').textContent()) ?? '', /: en attente$/);
    // The timed reload is what axe-core's « meta-refresh » rule (WCAG 2.2.1) flags: the page offers a
    // link that stops it, and without it the page has no violation.
    assert.deepEqual(
      (await axeViolations(page)).map((v) => v.id),
      ['meta-refresh'],
    );
    await saveScreenshot(page, { path: join(SHOTS_DIR, 'suivi-resultats-en-attente-desktop.png'), fullPage: true });
    const waitingUrl = page.url();
    await page.getByRole('link', { name: 'arrêter la mise à jour automatique' }).click();
    assert.equal(await page.locator('meta[http-equiv="refresh"]').count(), 0);
    await assertNoAxeViolations(page, 'the status page, waiting, not reloading');
    await page.goto(waitingUrl);

    assert.equal(await queue.drain(), 1);
    // The page reloads itself (meta refresh) and then stops.
    await page.locator('h1', { hasText: ': terminé' }).waitFor({ timeout: 10_000 });
    assert.match((await page.locator('.notice').textContent()) ?? '', /Vérification \(rien n’a été enregistré\)/);
    assert.match((await page.locator('caption').textContent()) ?? '', /Lignes non appliquées \(5\)/);
    await assertNoAxeViolations(page, 'the status page, finished');
    await saveScreenshot(page, { path: join(SHOTS_DIR, 'suivi-resultats-termine-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await saveScreenshot(page, { path: join(SHOTS_DIR, 'suivi-resultats-termine-mobile.png'), fullPage: true });
    await ctx.close();
  });
});
