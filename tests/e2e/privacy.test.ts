// Personal-data rights in a browser: a signatory asks for a link on /mes-donnees, receives it on a real
// SMTP server, opens the page of their data, downloads it, deletes their signature (it leaves the public
// directory at once); the retention page in French and English. Debian's Chromium, axe-core on every
// page, no request leaves the server.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { MIN_FILL_MS } from '../../src/pledges/form-guard.ts';
import {
  SECRET_EMAILS,
  SECRET_PHONES,
  type SeededSignatures,
  seedSignatures,
} from '../../src/pledges/signatures.fixtures.ts';
import {
  assertNoAxeViolations,
  launchChromium,
  SHOTS_DIR,
  saveScreenshot,
  startTestServer,
  type TestServer,
} from '../../src/testing/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../src/testing/databases.ts';
import { startSmtpServer } from '../../src/testing/smtp.ts';

const EMAIL = SECRET_EMAILS[1] as string; // Jérôme KACZMAREK, signed in person, published

describe('personal-data rights in a browser', () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let seeded: SeededSignatures;
  let context: BrowserContext;
  const requests: string[] = [];

  before(async () => {
    database = await createTestDatabase('sqlite');
    seeded = await seedSignatures(database.connection);
    smtp = await startSmtpServer();
    server = await startTestServer(database, {}, { SMTP_URL: smtp.url });
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    context.on('request', (r) => requests.push(r.url()));
    mkdirSync(SHOTS_DIR, { recursive: true });
  });

  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await smtp?.close();
    await database?.drop();
  });

  test('ask for the link, see, download and delete one’s data', async () => {
    const { origin } = server;
    const page = await context.newPage();
    await page.goto(`${origin}/mes-donnees`);
    await assertNoAxeViolations(page, '/mes-donnees');
    await page.getByLabel('Votre adresse de courriel').fill('pas-une-adresse');
    await page.waitForTimeout(MIN_FILL_MS + 300);
    await page.getByRole('button', { name: 'Recevoir le lien' }).click();
    assert.match((await page.locator('.error-summary').textContent()) ?? '', /n’est pas valide/);
    assert.equal(await page.getByLabel('Votre adresse de courriel').inputValue(), 'pas-une-adresse');
    await assertNoAxeViolations(page, '/mes-donnees with an error');
    await saveScreenshot(page, { path: join(SHOTS_DIR, 'privacy-request-error.png'), fullPage: true });
    await page.getByLabel('Votre adresse de courriel').fill(EMAIL);
    await page.waitForTimeout(MIN_FILL_MS + 300);
    await page.getByRole('button', { name: 'Recevoir le lien' }).click();
    await page.getByRole('heading', { name: 'Demande enregistrée' }).waitFor();
    await assertNoAxeViolations(page, 'the request recorded page');

    const mail = await smtp.nextMail();
    assert.deepEqual(mail.envelope.to, [EMAIL]);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/mes-donnees\/acces\/[a-z2-7]{32})/.exec(mail.parsed.text ?? '')?.[1];
    assert.ok(link, 'link in the email');
    await page.goto(link);
    await assertNoAxeViolations(page, 'the link page');
    await page.getByRole('button', { name: 'Afficher mes données' }).click();
    await page.waitForURL(`${origin}/mes-donnees/espace`);
    const body = (await page.locator('main').textContent()) ?? '';
    assert.ok(body.includes('KACZMAREK'));
    assert.ok(body.includes(SECRET_PHONES[1] as string));
    await assertNoAxeViolations(page, '/mes-donnees/espace');
    await saveScreenshot(page, { path: join(SHOTS_DIR, 'privacy-data.png'), fullPage: true });

    const json = await context.request.get(`${origin}/mes-donnees/espace.json`);
    assert.equal(json.status(), 200);
    assert.equal((await json.json()).signatures[0].id, seeded.personSigned);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'toutes mes données (CSV)' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'mes-donnees.csv');

    await page.getByLabel('Téléphone', { exact: true }).fill('06 12 34 56 78');
    await page.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await page.getByText('Correction enregistrée.').waitFor();
    await assertNoAxeViolations(page, 'after a correction');

    await page.getByRole('button', { name: 'Supprimer cette signature' }).click();
    await page.getByText(/n’apparaît plus sur les pages publiques/).waitFor();
    await assertNoAxeViolations(page, 'after the deletion');
    await page.goto(`${origin}/signataires`);
    assert.equal(await page.locator(`a[href="/signataires/${seeded.personSigned}"]`).count(), 0);

    await page.goto(`${origin}/mes-donnees/conservation`);
    await page.getByRole('heading', { name: 'Conservation des données personnelles' }).waitFor();
    assert.match(
      (await page.locator('main').textContent()) ?? '',
      /Anonymisés automatiquement 6 mois après le dernier tour/,
    );
    await assertNoAxeViolations(page, '/mes-donnees/conservation');
    await saveScreenshot(page, { path: join(SHOTS_DIR, 'privacy-retention.png'), fullPage: true });
    await page.goto(`${origin}/mes-donnees/conservation?lang=en`);
    await page.getByRole('heading', { name: 'Retention of personal data' }).waitFor();
    await assertNoAxeViolations(page, '/mes-donnees/conservation in English');
    await page.goto(`${origin}/mes-donnees?lang=en`);
    await page.getByRole('button', { name: 'Send me the link' }).waitFor();
    await assertNoAxeViolations(page, '/mes-donnees in English');

    const elsewhere = requests.filter((u) => !u.startsWith(origin));
    assert.deepEqual(elsewhere, [], 'no third-party request');
    assert.deepEqual(server.errors, []);
  });
});
