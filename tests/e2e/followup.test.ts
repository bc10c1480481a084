// The public follow-up of elected signatories in a real browser: /suivi and a scorecard (French and
// English) with axe-core, no third-party request; then a volunteer proposes an update through the
// form by keyboard and mouse, a moderator publishes it, and the public scorecard shows it.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { answerItem, createAnswerLink } from '../../src/followup/answers.service.ts';
import { PASSWORD, seedFollowup } from '../../src/followup/followup.fixtures.ts';
import { refreshElectedFromRne } from '../../src/followup/results.service.ts';
import { getScorecard, refreshScorecards } from '../../src/followup/scorecards.service.ts';
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

describe('follow-up scorecards in a browser', () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase('sqlite');
    const { db } = database.connection;
    await seedFollowup(database.connection);
    await refreshElectedFromRne(db, 'municipales-2026');
    await refreshScorecards(db, 'municipales-2026');
    const card = await getScorecard(db, '62498');
    const link = await createAnswerLink(db, card?.scorecard.id ?? '', 'Équipe municipale de Lens', 'test');
    await answerItem(db, link.token, '1.7', 'La migration des serveurs est prévue pour 2028.');
    server = await startTestServer(database);
    browser = await launchChromium();
    mkdirSync(SHOTS_DIR, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
    assert.deepEqual(server?.errors ?? [], [], 'no server error');
  });

  test('public scorecard and index: zero axe-core violations, French and English, no third-party request', async () => {
    const ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    ctx.on('request', (r) => requests.push(r.url()));
    const page = await ctx.newPage();
    for (const path of [
      '/suivi',
      '/suivi/62498',
      '/suivi?niveau=0&statut=active',
      '/suivi/62498?lang=en',
      '/suivi?lang=en',
    ]) {
      const response = await page.goto(`${server.origin}${path}`);
      assert.equal(response?.status(), 200, path);
      await assertNoAxeViolations(page, path);
    }
    await page.goto(`${server.origin}/suivi/62498?lang=fr`);
    await saveScreenshot(page, { path: join(SHOTS_DIR, 'suivi-lens-desktop.png'), fullPage: true });
    await saveScreenshot(page, { path: join(SHOTS_DIR, 'suivi-lens-top.png') });
    await page.locator('#element-1\\.7').scrollIntoViewIfNeeded();
    await saveScreenshot(page, { path: join(SHOTS_DIR, 'suivi-lens-item.png') });
    const answer = page.locator('#element-1\\.7');
    assert.match((await answer.textContent()) ?? '', /La migration des serveurs est prévue pour 2028\./);
    await page.goto(`${server.origin}/suivi`);
    await saveScreenshot(page, { path: join(SHOTS_DIR, 'suivi-index-desktop.png'), fullPage: true });
    await saveScreenshot(page, { path: join(SHOTS_DIR, 'suivi-index-top.png') });
    await ctx.close();
    const outside = requests.filter((url) => !url.startsWith(`${server.origin}/`));
    assert.deepEqual(outside, [], 'no third-party request');
  });

  test('a volunteer proposes with evidence, a moderator publishes, the public scorecard changes level', async () => {
    const ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await signIn(page, server.origin, 'benevole@example.org', PASSWORD, '/espace/suivi/62498');
    await page.waitForURL(`${server.origin}/espace/suivi/62498`);
    await assertNoAxeViolations(page, 'the proposal page');
    await page.getByLabel('Engagement ou action').selectOption('1.5');
    await page.getByLabel('Statut constaté').selectOption('tenu');
    // No evidence: refused, the error is next to the field and the values are kept.
    await page.getByRole('button', { name: 'Proposer' }).click();
    assert.match((await page.locator('#evidenceUrl-erreur').textContent()) ?? '', /Une preuve est nécessaire/);
    await assertNoAxeViolations(page, 'the proposal page with errors');
    await saveScreenshot(page, { path: join(SHOTS_DIR, 'suivi-proposition-erreur-mobile.png') });
    const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    assert.ok(width <= 390, `no horizontal scrolling at phone width (${width} px)`);
    assert.equal(await page.getByLabel('Statut constaté').inputValue(), 'tenu');
    await page.getByLabel('Lien vers la preuve (https://…)').fill('https://www.villedelens.fr/bureautique-libre');
    await page.getByLabel('Date de la preuve').fill('2027-03-01');
    await page.getByRole('button', { name: 'Proposer' }).click();
    await page.waitForURL(/propose=ok/);
    await ctx.close();

    const mod = await browser.newContext({ locale: 'fr-FR' });
    const mp = await mod.newPage();
    await signIn(mp, server.origin, 'moderation@example.org', PASSWORD, '/moderation/suivi');
    await mp.waitForURL(`${server.origin}/moderation/suivi`);
    await assertNoAxeViolations(mp, 'the moderation queue');
    await mp.getByRole('button', { name: 'Publier' }).click();
    await mp.waitForURL(/fait=publier/);
    await mod.close();

    const pub = await browser.newContext({ locale: 'fr-FR' });
    const pp = await pub.newPage();
    await pp.goto(`${server.origin}/suivi/62498`);
    const progress = (await pp.locator('section[aria-labelledby="avancement"]').textContent()) ?? '';
    assert.match(progress, /Niveau atteint : niveau 1/, progress);
    assert.match(
      (await pp.locator('section[aria-labelledby="historique"]').textContent()) ?? '',
      /1\.5 : non évalué → tenu/,
    );
    await assertNoAxeViolations(pp, 'the scorecard after publication');
    await pub.close();
  });
  test('coordination: the CSV bulk page checks a file, shows what would change, then applies it', async () => {
    const ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, server.origin, 'coordination@example.org', PASSWORD, '/espace/suivi/import');
    await page.waitForURL(`${server.origin}/espace/suivi/import`);
    await assertNoAxeViolations(page, 'the bulk update page');
    const csv =
      'collectivite;element;statut;preuve;date\n62498;3.1;en cours;https://www.villedelens.fr/forge;2027-04-01\n62498;3.2;tenu;javascript:alert(1);2027-04-01\n';
    await page.getByLabel('ou collez le contenu').fill(csv);
    await page.getByRole('button', { name: 'Vérifier (essai à blanc)' }).click();
    const errors = (await page.locator('.error-summary').textContent()) ?? '';
    assert.match(errors, /Ligne 3 : Le lien de la preuve doit être une adresse web/);
    await assertNoAxeViolations(page, 'the bulk update page with errors');
    await page.getByLabel('ou collez le contenu').fill(csv.split('\n').slice(0, 2).join('\n'));
    await page.getByRole('button', { name: 'Vérifier (essai à blanc)' }).click();
    assert.match((await page.locator('[role="status"]').textContent()) ?? '', /1 élément\(s\) changeraient/);
    await saveScreenshot(page, { path: join(SHOTS_DIR, 'suivi-import-verification-desktop.png'), fullPage: true });
    await page.getByRole('button', { name: 'Appliquer' }).click();
    assert.match((await page.locator('[role="status"]').textContent()) ?? '', /Appliqué : 1 élément/);
    await ctx.close();
  });
});
