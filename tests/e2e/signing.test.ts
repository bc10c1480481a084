// Signing the pact in a browser, end to end: journey 1 (public form → email on a real SMTP server →
// confirmation link → private page, PDF) and journey 2 (a volunteer creates a personal link, the
// candidate signs through it). Debian's Chromium, axe-core on each page, no request leaves the server.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../src/accounts/users.service.ts';
import { MUNICIPALES_2026_FIXTURE } from '../../src/candidates/import/fixtures/paths.ts';
import { importFile } from '../../src/candidates/import/import.service.ts';
import { MIN_FILL_MS } from '../../src/pledges/form-guard.ts';
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

const PASSWORD = 'mot de passe solide';

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'pacte-e2e-pdf-'));
  try {
    writeFileSync(join(dir, 'p.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'p.pdf'), '-'], { encoding: 'utf8' }).replace(/ +/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The form refuses submissions faster than a person: wait as long after the page was drawn. */
const waitFillTime = (page: Page) => page.waitForTimeout(MIN_FILL_MS + 300);

describe('signing the pact in a browser', () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let origin = '';
  const dir = mkdtempSync(join(tmpdir(), 'pacte-e2e-signing-'));
  const contexts: { ctx: BrowserContext; requests: string[] }[] = [];

  async function newContext(width = 1280) {
    const ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width, height: 900 } });
    const requests: string[] = [];
    ctx.on('request', (r) => requests.push(r.url()));
    contexts.push({ ctx, requests });
    return ctx;
  }

  before(async () => {
    database = await createTestDatabase('sqlite');
    await importFile(database.connection, MUNICIPALES_2026_FIXTURE, { reportDir: dir });
    await createUser(database.connection.db, { email: 'benevole@example.org', role: 'volunteer', password: PASSWORD });
    smtp = await startSmtpServer();
    server = await startTestServer(database, {}, { SMTP_URL: smtp.url });
    origin = server.origin;
    browser = await launchChromium();
    mkdirSync(SHOTS_DIR, { recursive: true });
  });

  after(async () => {
    for (const { ctx } of contexts) await ctx.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await smtp?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(server?.errors, [], 'no server error during the browser tests');
    for (const { requests } of contexts) {
      assert.deepEqual(
        requests.filter((u) => !u.startsWith(`${origin}/`)),
        [],
        'no request leaves the server',
      );
    }
  });

  test('journey 1: commune, form with an error, then signed; the emailed link confirms', async () => {
    const ctx = await newContext();
    const page = await ctx.newPage();
    await page.goto(`${origin}/signer`);
    await assertNoAxeViolations(page, 'the signing page (commune)');
    await page.getByLabel('Commune ou code postal').fill('62300');
    await page.getByRole('button', { name: 'Chercher ma commune' }).click();
    await page.getByRole('link', { name: 'Lens', exact: true }).click();
    await page.waitForURL(/\/signer\?commune=62498/);
    await assertNoAxeViolations(page, 'the signing form');
    await saveScreenshot(page, { path: `${SHOTS_DIR}/signer-formulaire-desktop.png`, fullPage: true });

    await page.getByLabel('Votre liste (obligatoire)').selectOption({ label: 'Lens en commun' });
    await page.getByLabel('Position sur la liste').fill('1');
    await page.getByLabel('Parti(s)').fill('Les Écologistes « Libres »');
    await page.getByLabel('Nom (obligatoire)', { exact: true }).fill('Lefèbvre');
    await page.getByLabel('Code postal (obligatoire)').fill('75001');
    await page.getByLabel('Téléphone').fill('06 12 34 56 78');
    await page.getByLabel('Courriel (obligatoire)').fill('anne-sophie@example.org');
    await page.getByLabel('J’accepte que ma réponse').check();
    await page.getByLabel('Votre réponse ou commentaire').fill('Le libre « partout » <b>enfin</b>.');
    await waitFillTime(page);
    await page.getByRole('button', { name: 'Signer le pacte' }).click();
    await page.getByRole('alert').waitFor();
    const alert = (await page.getByRole('alert').textContent()) ?? '';
    assert.match(alert, /Indiquez votre prénom/);
    assert.match(alert, /Le code postal 75001 ne correspond pas à la commune de Lens/);
    assert.equal(await page.getByLabel('Nom (obligatoire)', { exact: true }).inputValue(), 'Lefèbvre', 'values kept');
    assert.equal(
      await page.getByLabel('Votre réponse ou commentaire').inputValue(),
      'Le libre « partout » <b>enfin</b>.',
    );
    await assertNoAxeViolations(page, 'the signing form with errors');
    await saveScreenshot(page, { path: `${SHOTS_DIR}/signer-erreurs-desktop.png`, fullPage: true });

    await page.getByLabel('Prénom (obligatoire)').fill('Anne-Sophie');
    await page.getByLabel('Code postal (obligatoire)').fill('62300');
    await waitFillTime(page);
    await page.getByRole('button', { name: 'Signer le pacte' }).click();
    await page.waitForURL(`${origin}/signer/envoye`);
    assert.match((await page.locator('h1').textContent()) ?? '', /Vérifiez votre messagerie/);
    await assertNoAxeViolations(page, 'the sent page');

    const mail = await smtp.nextMail();
    assert.deepEqual(mail.envelope.to, ['anne-sophie@example.org']);
    const link = new RegExp(`${origin}/signer/confirmer/[a-z2-7]{32}`).exec(mail.parsed.text ?? '')?.[0];
    assert.ok(link, 'confirmation link in the email');
    const attached = pdfText(mail.parsed.attachments[0]?.content ?? Buffer.alloc(0));
    for (const value of ['Lens en commun', 'Lefèbvre', 'Anne-Sophie', 'Les Écologistes « Libres »', '62300']) {
      assert.ok(attached.includes(value), `${value} in the attached PDF`);
    }

    await page.goto(link);
    await assertNoAxeViolations(page, 'the confirmation page');
    await page.getByRole('button', { name: 'Confirmer ma signature' }).click();
    await page.waitForURL(/\/signer\/merci\/[a-z2-7]{32}\?confirmee=1$/);
    assert.match((await page.locator('h1').textContent()) ?? '', /votre signature est confirmée/);
    assert.match((await page.locator('main').textContent()) ?? '', /à vérifier/);
    await assertNoAxeViolations(page, 'the private signature page');
    await saveScreenshot(page, { path: `${SHOTS_DIR}/signer-merci-desktop.png`, fullPage: true });
    const href = await page.getByRole('link', { name: /Télécharger le pacte rempli/ }).getAttribute('href');
    const pdf = await page.request.get(`${origin}${href}`);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.ok(pdfText(Buffer.from(await pdf.body())).includes('Lefèbvre'));
    const row = await database.connection.db
      .selectFrom('signatures')
      .select(['state', 'channel', 'comment'])
      .where('email', '=', 'anne-sophie@example.org')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { ...row },
      { state: 'to_verify', channel: 'form', comment: 'Le libre « partout » <b>enfin</b>.' },
    );
  });

  test('journey 2: a volunteer creates a personal link; the candidate signs through it, pre-filled', async () => {
    const volunteerCtx = await newContext();
    const volunteer = await volunteerCtx.newPage();
    const listId = (
      await database.connection.db
        .selectFrom('lists')
        .select('id')
        .where('ballot_id', '=', 'municipales-2026.62498')
        .where('panel', '=', 1)
        .executeTakeFirstOrThrow()
    ).id;
    await volunteer.goto(`${origin}/connexion?suivant=${encodeURIComponent(`/listes/${listId}`)}`);
    await volunteer.getByLabel('Adresse électronique').fill('benevole@example.org');
    await volunteer.getByLabel('Mot de passe').fill(PASSWORD);
    await volunteer.getByRole('button', { name: 'Se connecter' }).click();
    await volunteer.waitForURL(`${origin}/listes/${listId}`);
    await volunteer.getByRole('link', { name: /Inviter cette liste à signer/ }).click();
    await assertNoAxeViolations(volunteer, 'the new invitation page');
    await volunteer.getByRole('button', { name: /Créer un lien pour Jérôme KACZMAREK/ }).click();
    const url = await volunteer.getByLabel(/Copiez ce lien maintenant/).inputValue();
    assert.match(url, new RegExp(`^${origin}/signer/invitation/[a-z2-7]{32}$`));
    await assertNoAxeViolations(volunteer, 'the created invitation page');
    await volunteer.goto(`${origin}/espace/invitations`);
    assert.match((await volunteer.locator('main').textContent()) ?? '', /KACZMAREK/);
    await assertNoAxeViolations(volunteer, 'the invitations page');
    await saveScreenshot(volunteer, { path: `${SHOTS_DIR}/espace-invitations-desktop.png`, fullPage: true });

    const candidateCtx = await newContext(375);
    const page = await candidateCtx.newPage();
    await page.goto(url);
    assert.equal(await page.getByLabel('Nom (obligatoire)', { exact: true }).inputValue(), 'KACZMAREK');
    assert.equal(await page.getByLabel('Prénom (obligatoire)').inputValue(), 'Jérôme');
    assert.equal(await page.getByLabel('Position sur la liste').inputValue(), '2');
    assert.match((await page.locator('main').textContent()) ?? '', /Lens en commun/);
    await assertNoAxeViolations(page, 'the invitation form (phone)');
    await saveScreenshot(page, { path: `${SHOTS_DIR}/signer-invitation-mobile.png`, fullPage: true });
    await page.getByLabel(/^Courriel/).fill('jerome@example.org');
    await waitFillTime(page);
    await page.getByRole('button', { name: 'Signer le pacte' }).click();
    await page.waitForURL(/\/signer\/merci\/[a-z2-7]{32}/);
    assert.match((await page.locator('main').textContent()) ?? '', /à vérifier/);
    const mail = await smtp.nextMail();
    assert.deepEqual(mail.envelope.to, ['jerome@example.org']);
    assert.ok(pdfText(mail.parsed.attachments[0]?.content ?? Buffer.alloc(0)).includes('KACZMAREK'));
    // The link served once.
    await page.goto(url);
    assert.match((await page.locator('h1').textContent()) ?? '', /Lien déjà utilisé/);
    const row = await database.connection.db
      .selectFrom('signatures')
      .select(['state', 'channel'])
      .where('email', '=', 'jerome@example.org')
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...row }, { state: 'to_verify', channel: 'link' });
  });
});
