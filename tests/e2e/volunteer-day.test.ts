// A volunteer's day in a browser (issue 6): sign in, reserve three lists, log a phone call, record a
// favourable answer, see the follow-up in the to-do list; a coordinator sees the coverage change.
// The real server on a loopback port, Debian's Chromium, axe-core on every page visited.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type OutreachFixture, PASSWORD, seedOutreach } from '../../src/outreach/outreach.fixtures.ts';
import {
  assertNoAxeViolations,
  launchChromium,
  SHOTS_DIR,
  saveScreenshot,
  startTestServer,
  type TestServer,
} from '../../src/testing/browser.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../src/testing/databases.ts';

function tomorrow(): string {
  const date = new Date(Date.now() + 86_400_000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(date);
}

async function signIn(page: Page, origin: string, email: string, path: string) {
  await page.goto(`${origin}${path}`);
  assert.equal(new URL(page.url()).pathname, '/connexion', 'signed out: sent to the login page');
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${origin}${path}`);
}

for (const dialect of DIALECTS) {
  describe(`a volunteer's day in a browser [${dialect}]`, () => {
    let database: TestDatabase;
    let server: TestServer;
    let browser: Browser;
    let f: OutreachFixture;
    let volunteer: BrowserContext;
    let coordinator: BrowserContext;
    const requests: string[] = [];

    before(async () => {
      database = await createTestDatabase(dialect);
      f = await seedOutreach(database.connection.db);
      server = await startTestServer(database);
      browser = await launchChromium();
      mkdirSync(SHOTS_DIR, { recursive: true });
      volunteer = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
      coordinator = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
      for (const ctx of [volunteer, coordinator]) ctx.on('request', (r) => requests.push(r.url()));
    });

    after(async () => {
      await browser?.close();
      await server?.close();
      await database?.drop();
      assert.deepEqual(server?.errors, [], 'no server error during the browser test');
      assert.deepEqual(
        requests.filter((url) => !url.startsWith(server.origin)),
        [],
        'no request leaves the site',
      );
    });

    test('the coordinator sees the coverage of the zone before the day', async () => {
      const page = await coordinator.newPage();
      const path = `/espace/relais/${f.organisationSlug}/coordination`;
      await signIn(page, server.origin, f.users.coordinator.email, path);
      assert.match((await page.locator('main').textContent()) ?? '', /0 cibles contactées sur 8 · 0 réservées/);
      await assertNoAxeViolations(page, 'the coordination page');
      await page.close();
    });

    test('the volunteer reserves three lists, logs a call, records a favourable answer, sees the follow-up', async () => {
      const page = await volunteer.newPage();
      await signIn(page, server.origin, f.users.volunteer.email, '/espace');
      await assertNoAxeViolations(page, 'the workspace');
      if (dialect === 'sqlite') await saveScreenshot(page, { path: `${SHOTS_DIR}/espace-avant.png`, fullPage: true });

      for (const name of ['Lens liste 1', 'Lens liste 2', 'Liévin liste 1']) {
        await page.getByRole('button', { name: `Réserver ${name}` }).click();
        await page.waitForLoadState('load');
        const row = page.getByRole('row').filter({ hasText: name });
        assert.match((await row.textContent()) ?? '', /réservé par Bénédicte Bénévole jusqu’au/);
      }

      const row = page.getByRole('row').filter({ hasText: 'Lens liste 1' });
      await row.getByRole('link', { name: 'Suivre' }).click();
      await page.getByRole('heading', { level: 1, name: 'Lens liste 1' }).waitFor();
      await assertNoAxeViolations(page, 'the target page');

      await page.getByLabel('Canal').selectOption('telephone');
      await page.getByLabel('Notes').fill('Appel à la permanence : la tête de liste veut lire le pacte.');
      await page.getByLabel('Prochaine étape', { exact: true }).fill('rappeler le candidat');
      await page.getByLabel('Échéance de la prochaine étape').fill(tomorrow());
      await page.getByRole('button', { name: 'Enregistrer le contact' }).click();
      await page.waitForLoadState('load');
      const contacts = (await page.locator('#contacts').locator('..').textContent()) ?? '';
      assert.match(contacts, /Téléphone — par Bénédicte Bénévole \(Cliss XXI\)/);

      await page.getByLabel('Classification').selectOption('favorable');
      await page.getByLabel('Niveau d’engagement (fiche 2020)').selectOption('2');
      await page
        .getByLabel('Texte de la réponse (tel quel)')
        .fill('Notre liste est favorable au logiciel libre et aux formats ouverts.');
      await page.getByLabel('Le candidat accepte que sa réponse soit publiée (après modération)').check();
      await page.getByRole('button', { name: 'Enregistrer la réponse' }).click();
      await page.waitForLoadState('load');
      const answers = (await page.locator('#reponses').locator('..').textContent()) ?? '';
      assert.match(answers, /Favorable · niveau 2 · en attente de modération/);
      assert.match((await page.locator('main').textContent()) ?? '', /état : a répondu/);
      if (dialect === 'sqlite') await saveScreenshot(page, { path: `${SHOTS_DIR}/cible-liste.png`, fullPage: true });

      await page.getByRole('link', { name: '← Mon espace' }).click();
      const todo = (await page.locator('.todo').textContent()) ?? '';
      assert.match(todo, /rappeler le candidat : Lens liste 1 \(Lens\)/);
      await assertNoAxeViolations(page, 'the workspace after the day');
      if (dialect === 'sqlite') await saveScreenshot(page, { path: `${SHOTS_DIR}/espace-apres.png`, fullPage: true });
    });

    test('the coordinator sees the coverage change', async () => {
      const page = await coordinator.newPage();
      await page.goto(`${server.origin}/espace/relais/${f.organisationSlug}/coordination`);
      const text = (await page.locator('main').textContent()) ?? '';
      assert.match(text, /1 cibles contactées sur 8 · 3 réservées · 1 ont répondu · 0 ont signé/);
      const activity = (await page.getByRole('row').filter({ hasText: 'Bénédicte Bénévole' }).textContent()) ?? '';
      assert.match(activity.replace(/\s+/g, ' '), /Bénédicte Bénévole\s*1\s*1\s*3/);
      await assertNoAxeViolations(page, 'the coordination page after the day');
      if (dialect === 'sqlite') await saveScreenshot(page, { path: `${SHOTS_DIR}/coordination.png`, fullPage: true });
    });

    test('the relay’s public page shows its steps, without personal data', async () => {
      const ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
      ctx.on('request', (r) => requests.push(r.url()));
      const page = await ctx.newPage();
      await page.goto(`${server.origin}/relais/${f.organisationSlug}`);
      const text = (await page.locator('main').textContent()) ?? '';
      assert.match(text, /Contacts pris\s*1/);
      assert.match(text, /Réponses obtenues\s*1/);
      assert.match(text, /Contact \(téléphone\) — Lens liste 1, Lens/);
      assert.doesNotMatch(text, /Bénédicte|benevole@|permanence/, 'no volunteer, no notes');
      await assertNoAxeViolations(page, 'the relay page');
      if (dialect === 'sqlite') await saveScreenshot(page, { path: `${SHOTS_DIR}/relais.png`, fullPage: true });
      await ctx.close();
    });
  });
}
